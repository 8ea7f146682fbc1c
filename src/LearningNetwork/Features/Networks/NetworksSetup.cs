using LearningNetwork.Infrastructure.Outbound;

namespace LearningNetwork.Features.Networks;

public static class NetworksSetup
{
    public static void AddNetworks(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<NetworkOptions>().Bind(builder.Configuration.GetSection(NetworkOptions.Section));
        builder.Services.AddScoped<NetworkDirectory>();
        // The safe outbound client (Infrastructure/Outbound): public addresses only, bounded redirects, decompression counted by the reader.
        builder.Services.AddOutboundHttpClient(NetworkHarvester.HttpClientName, followRedirects: true, client =>
        {
            client.DefaultRequestHeaders.UserAgent.ParseAdd("RegionsBiodiversityLearningNetwork/1.0 (harvester)");
            client.Timeout = Timeout.InfiniteTimeSpan; // each harvest has its own deadline (Networks:Timeout)
        });
        builder.Services.AddSingleton<NetworkHarvester>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<NetworkHarvester>());
    }
}
