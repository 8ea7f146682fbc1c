namespace LearningNetwork.Infrastructure.DemoNetwork;

public static class DemoNetworkSetup
{
    public static void AddDemoNetwork(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<SeedOptions>().Bind(builder.Configuration.GetSection(SeedOptions.Section));
        builder.Services.AddScoped<DemoNetworkSeeder>();
    }
}
