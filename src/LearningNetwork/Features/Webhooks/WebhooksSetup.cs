using LearningNetwork.Infrastructure.Outbound;

namespace LearningNetwork.Features.Webhooks;

public static class WebhooksSetup
{
    public static void AddWebhooks(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<WebhookOptions>().Bind(builder.Configuration.GetSection(WebhookOptions.Section));
        // The safe outbound client (Infrastructure/Outbound); a signed POST follows no redirect.
        builder.Services.AddOutboundHttpClient(WebhookDispatcher.HttpClientName, followRedirects: false,
            c => c.DefaultRequestHeaders.UserAgent.ParseAdd("RegionsBiodiversityLearningNetwork/1.0 (webhooks)"));
        builder.Services.AddSingleton<WebhookDispatcher>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<WebhookDispatcher>());
    }
}
