using LearningNetwork.Features.Events;
using LearningNetwork.Infrastructure.Localization;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace LearningNetwork.Infrastructure.Web;

/// <summary><c>PageCache:*</c> and <c>Redis:*</c>: the output cache of anonymous pages and public API reads.</summary>
public sealed class PageCacheOptions
{
    public const string Section = "PageCache";

    /// <summary>Off: every request is rendered (for diagnosis; the cache is always correct when on).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How long a cached answer lives at most. Writes evict what they change at once (tags); this bounds the
    /// age of what no tag reaches (a related item's title shown on another item's page).</summary>
    public TimeSpan Duration { get; set; } = TimeSpan.FromMinutes(10);
}

/// <summary>
/// Output caching of what everybody sees alike: GET and HEAD of pages (<c>/{lang}/...</c>) and of the public API
/// (<c>/api/v1/...</c>, not the export) by a request with no session, no API key and no cookie the site does not know
/// to be harmless; stored only when the answer is a 200 that sets no cookie and does not forbid storing (pages that
/// draw an antiforgery token say <c>no-store</c>, so a token is never shared). The key is the scheme, host, path and
/// whole query (the language is in the path), the events' time-zone cookie, and the encoding the client accepts
/// (compressed and plain answers are stored apart). A signed-in person's page is never looked up nor stored.
/// Each entry is tagged (<see cref="PageCacheTags"/>) and every save evicts the tags of what it changed, on this node
/// at once and on the others from the change log (<see cref="PageCacheReplay"/>); with <c>Redis:Configuration</c> the
/// nodes share one store. The middleware runs before everything but the forwarded headers and the security headers,
/// so a hit costs a dictionary lookup and a copy.
/// </summary>
public static class PageCache
{
    /// <summary>Cookies that change nothing an anonymous page shows (antiforgery's cookie: a page that draws a token
    /// is never stored) or that are part of the key (<see cref="EventTimes.CookieName"/>).</summary>
    private static readonly string[] HarmlessCookiePrefixes = [".AspNetCore.Antiforgery.", EventTimes.CookieName + "="];

    /// <summary>Set in <see cref="HttpContext.Items"/> when the request saved anything (<see cref="PageCacheInvalidation"/>).</summary>
    internal static readonly object WroteKey = new();

    public static void AddPageCache(this WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(PageCacheOptions.Section);
        builder.Services.Configure<PageCacheOptions>(section);
        var options = section.Get<PageCacheOptions>() ?? new PageCacheOptions();
        builder.Services.AddOutputCache(o =>
        {
            o.DefaultExpirationTimeSpan = options.Duration;
            o.MaximumBodySize = 4 * 1024 * 1024;
            // /EN/partners is a 404 (languages are lower case), never /en/partners from the cache.
            o.UseCaseSensitivePaths = true;
            o.AddBasePolicy(new AnonymousReadPolicy(options));
        });
        if (builder.Configuration["Redis:Configuration"] is { Length: > 0 } redis)
            builder.Services.AddStackExchangeRedisOutputCache(o =>
            {
                o.Configuration = redis;
                o.InstanceName = "ln-pages:";
            });
        builder.Services.AddSingleton<PageData>();
        builder.Services.AddSingleton<PageCacheInvalidation>();
        builder.Services.AddHostedService<PageCacheReplay>();
    }

    public static void UsePageCache(this WebApplication app)
    {
        if (app.Services.GetRequiredService<IOptions<PageCacheOptions>>().Value.Enabled) app.UseOutputCache();
    }

    /// <summary>Marks the answer being rendered as the page of one item (<c>practice:12</c>): it is then evicted when
    /// that item changes, and no longer with every list.</summary>
    public static void TagItem(HttpContext http, string kind, int id)
    {
        if (http.Features.Get<IOutputCacheFeature>()?.Context is not { } context) return;
        context.Tags.Remove(PageCacheTags.Lists);
        context.Tags.Add(PageCacheTags.Item(kind, id));
        context.Tags.Add(PageCacheTags.ItemsOf(kind));
    }

    /// <summary>Whether the request is one the cache may answer: anonymous, no API key, a GET of a page or of the public API.</summary>
    internal static bool IsCacheable(HttpRequest request, SupportedLanguages? languages)
    {
        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method)) return false;
        if (request.Headers.Authorization.Count > 0) return false;
        foreach (var cookie in request.Headers.Cookie)
        {
            if (string.IsNullOrEmpty(cookie)) continue;
            foreach (var part in cookie.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                if (!HarmlessCookiePrefixes.Any(p => part.StartsWith(p, StringComparison.Ordinal))) return false;
        }
        var path = request.Path.Value ?? "";
        if (path.StartsWith("/api/v1/", StringComparison.OrdinalIgnoreCase))
            return !path.StartsWith("/api/v1/export", StringComparison.OrdinalIgnoreCase);
        if (path.Length < 3 || languages is null) return false;
        var end = path.IndexOf('/', 1);
        return languages.IsSupported(end < 0 ? path[1..] : path[1..end]);
    }

    /// <summary>The encoding the compression middleware will choose, as part of the key: br, gzip or none.</summary>
    internal static string EncodingOf(HttpRequest request)
    {
        var accepted = request.Headers.AcceptEncoding.ToString();
        if (accepted.Length == 0) return "";
        if (accepted.Contains("br", StringComparison.OrdinalIgnoreCase)) return "br";
        return accepted.Contains("gzip", StringComparison.OrdinalIgnoreCase) ? "gzip" : "other:" + accepted;
    }

    private sealed class AnonymousReadPolicy(PageCacheOptions options) : IOutputCachePolicy
    {
        private SupportedLanguages? _languages;

        public ValueTask CacheRequestAsync(OutputCacheContext context, CancellationToken cancellation)
        {
            var http = context.HttpContext;
            _languages ??= http.RequestServices.GetService<SupportedLanguages>();
            var cacheable = IsCacheable(http.Request, _languages);
            context.EnableOutputCaching = cacheable;
            context.AllowCacheLookup = cacheable;
            context.AllowCacheStorage = cacheable;
            context.AllowLocking = true; // a rush on one cold page renders it once
            if (!cacheable) return ValueTask.CompletedTask;
            context.ResponseExpirationTimeSpan = options.Duration;
            context.CacheVaryByRules.QueryKeys = "*";
            context.CacheVaryByRules.VaryByValues["enc"] = EncodingOf(http.Request);
            if (http.Request.Cookies[EventTimes.CookieName] is { } tz) context.CacheVaryByRules.VaryByValues["tz"] = tz;
            foreach (var tag in PageCacheTags.OfPath(http.Request.Path)) context.Tags.Add(tag);
            http.Items[typeof(PageCache)] = true; // the compression of pages reads this (PageCompression)
            // Set before the page runs, since the cache copies the headers when the body starts: browsers revalidate with
            // the entry's ETag and get a 304 while it lives. The API replaces the ETag with the hash of its JSON; a page
            // that draws an antiforgery token replaces Cache-Control with no-store and is then not stored (antiforgery's
            // warning about that override is expected, so appsettings.json logs Microsoft.AspNetCore.Antiforgery at Error).
            http.Response.Headers.ETag = $"\"{Guid.NewGuid():N}\"";
            http.Response.Headers.CacheControl = "no-cache";
            return ValueTask.CompletedTask;
        }

        public ValueTask ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellation) => ValueTask.CompletedTask;

        public ValueTask ServeResponseAsync(OutputCacheContext context, CancellationToken cancellation)
        {
            var http = context.HttpContext;
            var response = http.Response;
            // Not stored either: an answer rendered while this node's search index is still opening (it would hold "no
            // results" for the cache's lifetime), and the answer of a request that wrote to the database.
            var storable = response.StatusCode == StatusCodes.Status200OK
                           && http.RequestServices.GetService<LearningNetwork.Features.Search.ISearchIndex>()?.Ready != false
                           && !http.Items.ContainsKey(WroteKey)
                           && StringValues.IsNullOrEmpty(response.Headers.SetCookie)
                           && context.HttpContext.User.Identity?.IsAuthenticated != true
                           && !Forbids(response.Headers.CacheControl);
            context.AllowCacheStorage = storable;
            return ValueTask.CompletedTask;
        }

        private static bool Forbids(StringValues cacheControl)
        {
            foreach (var value in cacheControl)
                if (value is not null && (value.Contains("no-store", StringComparison.OrdinalIgnoreCase) || value.Contains("private", StringComparison.OrdinalIgnoreCase)))
                    return true;
            return false;
        }
    }
}
