namespace LearningNetwork.Features.Networks;

public static class NetworksSetup
{
    public static void AddNetworks(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<NetworkOptions>().Bind(builder.Configuration.GetSection(NetworkOptions.Section));
        builder.Services.AddScoped<NetworkDirectory>();
        builder.Services.AddHttpClient(NetworkHarvester.HttpClientName, client =>
        {
            client.DefaultRequestHeaders.UserAgent.ParseAdd("RegionsBiodiversityLearningNetwork/1.0 (harvester)");
            client.Timeout = Timeout.InfiniteTimeSpan; // each harvest has its own deadline (Networks:Timeout)
        }).ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = true, MaxAutomaticRedirections = 5, AutomaticDecompression = System.Net.DecompressionMethods.All });
        builder.Services.AddSingleton<NetworkHarvester>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<NetworkHarvester>());
    }
}
