using Microsoft.AspNetCore.HostFiltering;
using Microsoft.Extensions.Options;

namespace LearningNetwork.Infrastructure;

/// <summary>
/// <c>Site:PublicUrl</c>: the network's public address (https://network.example.eu). Every link in every e-mail is
/// built from it (<see cref="SiteLinks"/>), never from the request's Host header, which a client chooses: a reset
/// link sent to someone must point at the network whatever Host the request that asked for it named. It is required
/// outside Development (start-up stops with a message); it is also the <c>@id</c> base of exported items.
/// </summary>
public sealed class SiteOptions
{
    public const string Section = "Site";

    public string? PublicUrl { get; set; }

    /// <summary><c>Site:AccessibilityContact</c>: the e-mail address the accessibility statement gives for feedback and
    /// requests for content in an accessible form (the EU model statement asks for contact details). Optional: without
    /// it the statement sends readers to the network coordinators.</summary>
    public string? AccessibilityContact { get; set; }

    /// <summary>The public address without a trailing slash, or null when none is configured.</summary>
    public string? Base => string.IsNullOrWhiteSpace(PublicUrl) ? null : PublicUrl.TrimEnd('/');
}

public static class SiteSetup
{
    public const string RequiredMessage =
        "Site:PublicUrl is required outside Development: the network's public address (e.g. --Site:PublicUrl=https://network.example.eu), " +
        "from which every link in e-mails is built.";

    public static void AddSite(this WebApplicationBuilder builder)
    {
        var development = builder.Environment.IsDevelopment();
        builder.Services.AddOptions<SiteOptions>().Bind(builder.Configuration.GetSection(SiteOptions.Section))
            .Validate(o => o.Base is null || (Uri.TryCreate(o.Base, UriKind.Absolute, out var u) && u.Scheme is "http" or "https"),
                "Site:PublicUrl must be an absolute http(s) address.")
            .Validate(o => string.IsNullOrWhiteSpace(o.AccessibilityContact) || System.Net.Mail.MailAddress.TryCreate(o.AccessibilityContact, out _),
                "Site:AccessibilityContact must be an e-mail address.")
            .ValidateOnStart();
        // Required for the server only: the admin verbs (export, import...) run without it.
        if (!development) builder.Services.AddSingleton<IStartupFilter, PublicUrlRequired>();
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddSingleton<SiteLinks>();

        // AllowedHosts: the Host headers the app answers (others get a 400). Configured, it is taken as written
        // ("a.example;b.example", "*" for any); not configured, it is "*" in Development and the host of
        // Site:PublicUrl elsewhere.
        var configured = builder.Configuration["AllowedHosts"];
        var publicHost = Uri.TryCreate(builder.Configuration[$"{SiteOptions.Section}:{nameof(SiteOptions.PublicUrl)}"], UriKind.Absolute, out var url) ? url.Host : null;
        builder.Services.Configure<HostFilteringOptions>(o =>
        {
            o.AllowedHosts = !string.IsNullOrWhiteSpace(configured)
                ? configured.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                : development || publicHost is null ? ["*"] : [publicHost];
        });
    }
}

/// <summary>Stops the server's start when <c>Site:PublicUrl</c> is missing (outside Development).</summary>
internal sealed class PublicUrlRequired(IOptions<SiteOptions> site) : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) =>
        site.Value.Base is null ? throw new OptionsValidationException(SiteOptions.Section, typeof(SiteOptions), [SiteSetup.RequiredMessage]) : next;
}

/// <summary>
/// The one way to build an absolute link that leaves the site (e-mails): <c>Site:PublicUrl</c> + <c>/{lang}/{path}</c>.
/// Only in Development without a configured address does it fall back to the current request's origin (or a bare
/// path when there is no request), so that a developer's links still open; elsewhere start-up requires the address.
/// </summary>
public sealed class SiteLinks(IOptions<SiteOptions> site, IHttpContextAccessor http)
{
    /// <summary>The origin links start with, without a trailing slash.</summary>
    public string Origin
    {
        get
        {
            if (site.Value.Base is { } configured) return configured;
            var request = http.HttpContext?.Request;
            return request is null ? "" : $"{request.Scheme}://{request.Host}";
        }
    }

    /// <summary>An absolute link to <c>/{lang}/{path}</c> with the query values given (path without a leading slash).</summary>
    public string To(string lang, string path, IDictionary<string, string?>? query = null) =>
        $"{Origin}/{lang}/{path.TrimStart('/')}{(query is null ? "" : QueryString.Create(query).ToString())}";
}
