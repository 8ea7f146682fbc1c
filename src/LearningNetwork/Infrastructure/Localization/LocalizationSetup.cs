using System.Globalization;
using LearningNetwork.ReferenceData;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace LearningNetwork.Infrastructure.Localization;

/// <summary>
/// Languages in the URL: every page lives under /{lang}/ (a route constraint admits only interface languages,
/// so /xx/ is a 404); the culture of a request is its prefix, or, for a path without one (the error pages
/// re-executed for an unknown path, the root), the prefix of the original path, then Accept-Language.
/// </summary>
public static class LocalizationSetup
{
    public const string RouteConstraint = "lang";

    public static void AddInterfaceLanguages(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton(services =>
            SupportedLanguages.FromReferenceData(services.GetRequiredService<IOptions<ReferenceDataOptions>>().Value.Folder));
        builder.Services.AddLocalization(o => o.ResourcesPath = "Resources");
        // The resource files' texts, remembered in front of ResourceManager's lock (RememberedTexts.cs).
        builder.Services.AddSingleton<Microsoft.Extensions.Localization.ResourceManagerStringLocalizerFactory>();
        builder.Services.Replace(ServiceDescriptor.Singleton<Microsoft.Extensions.Localization.IStringLocalizerFactory, RememberedTextsFactory>());
        builder.Services.Configure<RouteOptions>(o => o.ConstraintMap[RouteConstraint] = typeof(LanguageRouteConstraint));
        builder.Services.AddOptions<RequestLocalizationOptions>().Configure<SupportedLanguages>((o, languages) =>
        {
            o.DefaultRequestCulture = new RequestCulture(languages.Get(SupportedLanguages.Default).FormatCulture, languages.Get(SupportedLanguages.Default).Culture);
            o.SupportedCultures = languages.All.Select(l => l.FormatCulture).ToList();
            o.SupportedUICultures = languages.All.Select(l => l.Culture).ToList();
            o.RequestCultureProviders = [new LanguagePrefixCultureProvider(languages)];
        });
    }

    public static void UseInterfaceLanguages(this WebApplication app) => app.UseRequestLocalization();

    /// <summary>/ sends the reader to the home page in their language.</summary>
    public static void MapLanguageRedirect(this WebApplication app) =>
        app.MapGet("/", (HttpContext http, SupportedLanguages languages) =>
        {
            http.Response.Headers.Vary = HeaderNames.AcceptLanguage;
            return Results.Redirect($"/{languages.Negotiate(http.Request.GetTypedHeaders().AcceptLanguage)}/");
        }).ExcludeFromDescription();

    /// <summary>The interface language code of the current request.</summary>
    public static string CurrentLanguage => CultureInfo.CurrentUICulture.Name is { Length: > 0 } name ? name : SupportedLanguages.Default;
}

internal sealed class LanguageRouteConstraint(SupportedLanguages languages) : IRouteConstraint
{
    public bool Match(HttpContext? httpContext, IRouter? route, string routeKey, RouteValueDictionary values, RouteDirection routeDirection) =>
        values.TryGetValue(routeKey, out var value) && value is string code && !code.Any(char.IsUpper) && languages.IsSupported(code);
}

internal sealed class LanguagePrefixCultureProvider(SupportedLanguages languages) : RequestCultureProvider
{
    public override Task<ProviderCultureResult?> DetermineProviderCultureResult(HttpContext httpContext)
    {
        var code = Prefix(httpContext.Request.Path)
                   ?? Prefix(httpContext.Features.Get<IStatusCodeReExecuteFeature>()?.OriginalPath)
                   ?? Prefix(httpContext.Features.Get<IExceptionHandlerPathFeature>()?.Path)
                   ?? languages.Negotiate(httpContext.Request.GetTypedHeaders().AcceptLanguage);
        return Task.FromResult<ProviderCultureResult?>(new ProviderCultureResult(languages.Get(code).FormatCulture.Name, code));
    }

    private string? Prefix(string? path)
    {
        if (string.IsNullOrEmpty(path) || path.Length < 2) return null;
        var end = path.IndexOf('/', 1);
        var segment = end < 0 ? path[1..] : path[1..end];
        return !segment.Any(char.IsUpper) && languages.IsSupported(segment) ? segment : null;
    }
}
