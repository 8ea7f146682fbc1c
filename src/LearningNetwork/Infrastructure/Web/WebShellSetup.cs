using LearningNetwork.Data;
using LearningNetwork.Infrastructure.Localization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using System.IO.Compression;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.ResponseCompression;

namespace LearningNetwork.Infrastructure.Web;

/// <summary>
/// The site's shell: Razor Pages organised by feature, under a language prefix; error handling that answers
/// problem details under /api and a page in the reader's language elsewhere; security headers; health.
/// </summary>
public static class WebShellSetup
{
    public static void AddWebShell(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<CreateOnce>();
        builder.Services.AddScoped<Features.Shared.HeaderLinks>();
        builder.Services.AddRazorPages(o =>
            {
                o.RootDirectory = "/Features";
                o.Conventions.Add(new LanguageRouteConvention());
            })
            .AddMvcOptions(o => o.ModelMetadataDetailsProviders.Add(new EmptyFieldsBindAsText()))
            .AddViewLocalization()
            .AddDataAnnotationsLocalization(o => o.DataAnnotationLocalizerProvider = (_, factory) => factory.Create(typeof(SharedResource)));
        builder.Services.Configure<RouteOptions>(o => o.LowercaseUrls = true);
        builder.Services.AddProblemDetails();
        builder.Services.AddMemoryCache();
        builder.Services.AddOpenApi(OpenApiExamples.Add);
        builder.Services.AddSingleton<DatabaseProbe>();
        builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");
        builder.Services.AddHsts(o => o.MaxAge = TimeSpan.FromDays(365));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddResponseCompression(o =>
        {
            // Over HTTPS too (the default is off): only what holds no secret of the reader, so that a compressed size
            // reveals nothing (BREACH): the site's scripts, styles and icons, and the public boundary GeoJSON of the maps.
            // Pages (antiforgery tokens beside echoed input) and the JSON API stay uncompressed. Leaflet is 144 KB as
            // written and 43 KB compressed: the page-weight budget of 100 KB of JavaScript as served (bench/page-weight).
            o.EnableForHttps = true;
            o.MimeTypes = CompressedTypes;
            o.Providers.Add<BrotliCompressionProvider>();
            o.Providers.Add<GzipCompressionProvider>();
        });
        // Anonymous pages and API reads that the page cache stores are compressed too (once, when stored): they hold no
        // token and nothing of a reader (PageCompression).
        builder.Services.AddSingleton<IResponseCompressionProvider, PageCompression>();
        builder.Services.Configure<BrotliCompressionProviderOptions>(o => o.Level = CompressionLevel.Optimal);
        builder.Services.Configure<GzipCompressionProviderOptions>(o => o.Level = CompressionLevel.Optimal);
    }

    /// <summary>The content types answered compressed when the client accepts it: static assets and public boundaries only.</summary>
    public static readonly string[] CompressedTypes = ["text/javascript", "application/javascript", "text/css", "image/svg+xml", "application/geo+json"];

    public static void UseWebShell(this WebApplication app)
    {
        // Behind nginx (several nodes), trust the scheme and client address the proxy on this machine reports.
        app.UseForwardedHeaders(new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto });
        app.UseSecurityHeaders();
        // /health before the rest of the pipeline (no routing, session or language work for a load balancer's polling);
        // the same check stays mapped below, where the routing table lists it.
        app.UseHealthChecks("/health", Health);
        // Anonymous pages from the output cache: before everything else, so a hit costs a lookup and a copy. Inside it,
        // compression, so that the cache keeps each encoding apart and compresses once.
        // The API's rate limit before the cache: a client over its limit gets 429 (problem details) even for answers the
        // cache holds. Pages pass the limiter later (ApiPolicies.UseApiPolicies), inside the status-code pages that turn
        // the account throttle's bare 429 into a page; each request passes the limiter once.
        app.UseWhen(c => IsApi(c.Request.Path), api => api.UseGlobalRateLimit());
        app.UsePageCache();
        app.UseResponseCompression();
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
            app.UseHttpsRedirection();
        }

        // The API answers errors as RFC 9457 problem details; pages answer with a page in the reader's language.
        app.UseWhen(c => IsApi(c.Request.Path), api =>
        {
            api.UseExceptionHandler(new ExceptionHandlerOptions { StatusCodeSelector = StatusFor });
            api.UseStatusCodePages();
        });
        app.UseWhen(c => !IsApi(c.Request.Path), pages =>
        {
            pages.UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandlingPath = "/errors/500", StatusCodeSelector = StatusFor });
            pages.UseStatusCodePagesWithReExecute("/errors/{0}");
        });

        app.UseStaticFiles(new StaticFileOptions
        {
            // A URL with asp-append-version's ?v= names one version of the file for ever: browsers keep it a year.
            OnPrepareResponse = c =>
            {
                if (c.Context.Request.Query.ContainsKey("v")) c.Context.Response.Headers.CacheControl = "public, max-age=31536000, immutable";
            },
        });
        app.UseRouting();
        app.UseInterfaceLanguages();
    }

    public static void MapWebShell(this WebApplication app)
    {
        app.MapHealthChecks("/health", Health);
        app.MapOpenApi();
        app.MapLanguageRedirect();
        app.MapRazorPages();
        // Unknown paths under /api get a problem-details 404 and known paths asked with another method a 405, both
        // from the status-code pages of the API branch above (no catch-all route, which would turn every 405 into a 404).
    }

    /// <summary>Static assets as configured, plus anonymous pages and API reads being stored by the page cache (no token,
    /// nothing of the reader: nothing for a compressed size to reveal), as long as they do not forbid storing.</summary>
    private sealed class PageCompression(IServiceProvider services, Microsoft.Extensions.Options.IOptions<ResponseCompressionOptions> options)
        : ResponseCompressionProvider(services, options)
    {
        public override bool ShouldCompressResponse(HttpContext context)
        {
            if (base.ShouldCompressResponse(context)) return true;
            var response = context.Response;
            if (!context.Items.ContainsKey(typeof(PageCache)) || response.StatusCode != StatusCodes.Status200OK) return false;
            if (response.Headers.SetCookie.Count > 0 || response.Headers.ContentRange.Count > 0 || response.Headers.ContentEncoding.Count > 0) return false;
            if (response.Headers.CacheControl.ToString() is var cc && (cc.Contains("no-store", StringComparison.OrdinalIgnoreCase) || cc.Contains("private", StringComparison.OrdinalIgnoreCase))) return false;
            var type = response.ContentType ?? "";
            return type.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) || type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase)
                   || type.StartsWith("application/ld+json", StringComparison.OrdinalIgnoreCase) || type.StartsWith("application/problem+json", StringComparison.OrdinalIgnoreCase);
        }
    }

    private static readonly HealthCheckOptions Health = new() { ResultStatusCodes = { [Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Unhealthy] = 503 } };

    private static bool IsApi(PathString path) => path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase);

    /// <summary>A database out of reach is a 503 (try again later), not a 500 (our fault).</summary>
    private static int StatusFor(Exception e) => e switch
    {
        _ when DataSetup.IsUnreachable(e) => StatusCodes.Status503ServiceUnavailable,
        BadHttpRequestException bad => bad.StatusCode,
        _ => StatusCodes.Status500InternalServerError,
    };
}
