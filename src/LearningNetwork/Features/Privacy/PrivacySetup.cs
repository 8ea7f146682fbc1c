namespace LearningNetwork.Features.Privacy;

/// <summary><c>Privacy:*</c>: how long the audit log keeps entries, and how often a node looks for old ones.</summary>
public sealed class PrivacyOptions
{
    public const string Section = "Privacy";

    /// <summary>Audit entries older than this are removed (default two years).</summary>
    public TimeSpan AuditRetention { get; set; } = TimeSpan.FromDays(730);
    /// <summary>How often the retention job runs (daily); 0 turns it off on this node.</summary>
    public TimeSpan RetentionInterval { get; set; } = TimeSpan.FromDays(1);
}

public static class PrivacySetup
{
    public static void AddPrivacy(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<PrivacyOptions>().Bind(builder.Configuration.GetSection(PrivacyOptions.Section))
            .Validate(o => o.AuditRetention > TimeSpan.Zero, "Privacy:AuditRetention must be positive.")
            .ValidateOnStart();
        builder.Services.AddScoped<ConsentLog>();
        builder.Services.AddScoped<PersonalDataExport>();
        builder.Services.AddScoped<AccountEraser>();
        builder.Services.AddSingleton<AuditRetention>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<AuditRetention>());
    }
}
