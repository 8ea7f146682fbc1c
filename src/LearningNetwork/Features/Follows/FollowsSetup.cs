namespace LearningNetwork.Features.Follows;

public static class FollowsSetup
{
    public static void AddFollows(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<FollowsOptions>().Bind(builder.Configuration.GetSection(FollowsOptions.Section));
        builder.Services.AddScoped<FollowKeys>();
        builder.Services.AddScoped<DigestComposer>();
        builder.Services.AddScoped<FollowBook>();
        builder.Services.AddSingleton<UnsubscribeTokens>();
        builder.Services.AddSingleton<DigestSender>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<DigestSender>());
    }
}
