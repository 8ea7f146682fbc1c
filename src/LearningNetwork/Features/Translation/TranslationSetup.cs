using System.Threading.RateLimiting;
using LearningNetwork.Infrastructure.Outbound;
using Microsoft.Extensions.Options;

namespace LearningNetwork.Features.Translation;

public static class TranslationSetup
{
    public static void AddMachineTranslation(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<MachineTranslationOptions>().Bind(builder.Configuration.GetSection(MachineTranslationOptions.Section))
            .Validate(o => o.Engine is "apertium" or "libretranslate" or "none", "MachineTranslation:Engine must be apertium, libretranslate or none.")
            .Validate(o => o.Engine != "libretranslate" || Uri.TryCreate(o.LibreTranslate.Url, UriKind.Absolute, out var u) && u.Scheme is "http" or "https",
                "MachineTranslation:LibreTranslate:Url must be an http(s) address when the engine is libretranslate.")
            .Validate(o => o.CallTimeout > TimeSpan.Zero && o.MaxCharactersPerCall >= 100 && o.MaxAttempts >= 1 && o.MaxQueued >= 1,
                "MachineTranslation: CallTimeout must be positive, MaxCharactersPerCall at least 100, MaxAttempts and MaxQueued at least 1.")
            .ValidateOnStart();
        // The safe outbound client (Infrastructure/Outbound); a POST follows no redirect.
        builder.Services.AddOutboundHttpClient(LibreTranslateTranslator.HttpClientName, followRedirects: false,
            c => c.DefaultRequestHeaders.UserAgent.ParseAdd("RegionsBiodiversityLearningNetwork/1.0 (machine translation)"));
        builder.Services.AddSingleton<ApertiumTranslator>();
        builder.Services.AddSingleton<LibreTranslateTranslator>();
        builder.Services.AddSingleton<IMachineTranslator>(sp => sp.GetRequiredService<IOptions<MachineTranslationOptions>>().Value.Engine switch
        {
            "apertium" => sp.GetRequiredService<ApertiumTranslator>(),
            "libretranslate" => sp.GetRequiredService<LibreTranslateTranslator>(),
            _ => new NoMachineTranslator(),
        });
        builder.Services.AddScoped<MachineTranslations>();
        builder.Services.AddSingleton<TranslationRequestLimiter>();
        builder.Services.AddSingleton<TranslationWorker>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<TranslationWorker>());
    }
}

/// <summary>
/// Readers need not be signed in to ask for a translation, so requests are counted per client address on each node
/// (<c>MachineTranslation:RequestsPerHour</c>); beyond, the answer is 429. The queue itself is bounded too: an item is
/// queued once per language until its text changes, and never beyond <c>MaxQueued</c> waiting rows.
/// </summary>
public sealed class TranslationRequestLimiter(IOptions<MachineTranslationOptions> options) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter = PartitionedRateLimiter.Create<string, string>(client =>
        options.Value.RequestsPerHour <= 0
            ? RateLimitPartition.GetNoLimiter("all")
            : RateLimitPartition.GetFixedWindowLimiter(client, _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = options.Value.RequestsPerHour, Window = TimeSpan.FromHours(1), QueueLimit = 0,
            }));

    public bool TryAcquire(HttpContext context)
    {
        using var lease = _limiter.AttemptAcquire(context.Connection.RemoteIpAddress?.ToString() ?? "unknown");
        return lease.IsAcquired;
    }

    public void Dispose() => _limiter.Dispose();
}
