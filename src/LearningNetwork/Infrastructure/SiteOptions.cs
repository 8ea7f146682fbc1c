namespace LearningNetwork.Infrastructure;

/// <summary>
/// <c>Site:PublicUrl</c>: the network's public address (https://network.example.eu), for links that leave a request
/// behind: e-mails sent by background jobs, and the <c>@id</c> of exported items. Without it, e-mails carry paths and
/// exported items get <c>urn:ln:{instance}:...</c> identifiers unique to this installation.
/// </summary>
public sealed class SiteOptions
{
    public const string Section = "Site";

    public string? PublicUrl { get; set; }

    /// <summary>The public address without a trailing slash, or null when none is configured.</summary>
    public string? Base => string.IsNullOrWhiteSpace(PublicUrl) ? null : PublicUrl.TrimEnd('/');
}

public static class SiteSetup
{
    public static void AddSite(this WebApplicationBuilder builder) =>
        builder.Services.AddOptions<SiteOptions>().Bind(builder.Configuration.GetSection(SiteOptions.Section))
            .Validate(o => o.Base is null || (Uri.TryCreate(o.Base, UriKind.Absolute, out var u) && u.Scheme is "http" or "https"),
                "Site:PublicUrl must be an absolute http(s) address.")
            .ValidateOnStart();
}
