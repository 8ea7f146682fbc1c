namespace LearningNetwork.Features.Marketplace;

public static class MarketplaceSetup
{
    public static void AddMarketplace(this WebApplicationBuilder builder)
    {
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddOptions<MarketplaceOptions>().Bind(builder.Configuration.GetSection(MarketplaceOptions.Section))
            .Validate(o => o.ConceptBridgeTimeout > TimeSpan.Zero && o.ConceptBridgeMaxCharacters >= 100 && o.ConceptBridgeCacheSize >= 1 && o.ConceptBridgeMaxQueued >= 1,
                "Marketplace: ConceptBridgeTimeout must be positive, ConceptBridgeMaxCharacters at least 100, ConceptBridgeCacheSize and ConceptBridgeMaxQueued at least 1.")
            .ValidateOnStart();
        builder.Services.AddSingleton<ConceptBridge>();
        builder.Services.AddSingleton<Matchmaker>();
        builder.Services.AddScoped<MatchExplainer>();
        builder.Services.AddScoped<MarketCatalogue>();
        builder.Services.AddScoped<MarketplaceEditor>();
        builder.Services.AddScoped<MarketNotifier>();
        builder.Services.AddSingleton<MatchAlerts>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<MatchAlerts>());
    }
}
