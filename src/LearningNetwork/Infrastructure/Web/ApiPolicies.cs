using System.Security.Cryptography;
using System.Threading.RateLimiting;
using LearningNetwork.Features.Accounts;

namespace LearningNetwork.Infrastructure.Web;

/// <summary><c>Api:*</c>: limits of the public API.</summary>
public sealed class ApiOptions
{
    public const string Section = "Api";

    /// <summary>Requests per client address and minute under /api, on each node, or over all nodes together when
    /// <c>Redis:Configuration</c> is set; 0 turns the limit off.</summary>
    public int RequestsPerMinute { get; set; } = 1200;
}

/// <summary>
/// What every API response shares: a rate limit per client address (429 with Retry-After and problem details), and
/// an ETag on every successful GET so that clients and harvesters revalidate with If-None-Match and get a 304.
/// The same global limiter also counts the posts of the guarded account pages per page and client address
/// (<see cref="AccountThrottle"/>, <c>Accounts:AttemptsPerMinute</c>/<c>AttemptsPerHour</c>); those get a 429 with
/// Retry-After and the status page in the reader's language.
/// </summary>
public static class ApiPolicies
{
    public static void AddApiPolicies(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(ApiOptions.Section).Get<ApiOptions>() ?? new ApiOptions();
        var accounts = builder.Configuration.GetSection(AccountsOptions.Section).Get<AccountsOptions>() ?? new AccountsOptions();
        // A singleton, so that the app's services dispose it (and stop its timers) when the app stops. ASP.NET's own
        // rate-limiting middleware is not used: it makes a limiter of its own per use, with a timer nothing ever disposes.
        // With Redis:Configuration, the windows are counted in Redis: one budget for all nodes (SharedRateWindows).
        builder.Services.AddSingleton<SharedRateWindows>();
        builder.Services.AddSingleton(services =>
        {
            var windows = services.GetRequiredService<SharedRateWindows>();
            var api = PartitionedRateLimiter.Create<HttpContext, string>(c =>
                windows.Window("api", IsApi(c) ? ClientOf(c) : null, options.RequestsPerMinute, TimeSpan.FromMinutes(1)));
            var accountPages = AccountThrottle.Limiter<HttpContext>(accounts, windows, "account-address",
                c => AccountThrottle.PageOf(c.Request) is { } page ? $"{page}:{ClientOf(c)}" : null);
            return new GlobalRateLimiter(RateLimiters.Chain(api, accountPages), options.RequestsPerMinute);
        });
    }

    /// <summary>Counts the request against the global limiter; over the limit, answers 429 with Retry-After.</summary>
    public static IApplicationBuilder UseGlobalRateLimit(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var global = context.RequestServices.GetRequiredService<GlobalRateLimiter>();
        // Asynchronously: with Redis the window is counted there (no wait otherwise: the windows queue nothing).
        using var lease = await global.Limiter.AcquireAsync(context);
        if (lease.IsAcquired)
        {
            await next(context);
            return;
        }
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        if (!IsApi(context))
        {
            // No body: the status-code pages answer with the 429 page in the reader's language.
            AccountThrottle.SetRetryAfter(context.Response, lease);
            return;
        }
        var retry = lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromSeconds(60);
        context.Response.Headers.RetryAfter = ((int)Math.Ceiling(retry.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        await Results.Problem(statusCode: 429, title: "Too many requests",
            detail: $"At most {global.RequestsPerMinute} API requests a minute; try again in {(int)Math.Ceiling(retry.TotalSeconds)} s.")
            .ExecuteAsync(context);
    });

    private static bool IsApi(HttpContext c) => c.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase);

    /// <summary>The client address (the proxy's X-Forwarded-For once the forwarded-headers middleware has applied it).</summary>
    private static string ClientOf(HttpContext c) => c.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    public static void UseApiPolicies(this WebApplication app)
    {
        // The API passed the rate limiter before the page cache (WebShellSetup.UseWebShell); pages pass it here.
        app.UseWhen(c => !IsApi(c), pages => pages.UseGlobalRateLimit());
        app.UseWhen(c => HttpMethods.IsGet(c.Request.Method) && c.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase)
                         && !c.Request.Path.StartsWithSegments("/api/v1/export", StringComparison.OrdinalIgnoreCase),
            api => api.Use(WithETagAsync));
    }

    /// <summary>Buffers a GET's JSON answer, names it by its hash, and answers 304 when the client already has it.</summary>
    private static async Task WithETagAsync(HttpContext context, RequestDelegate next)
    {
        var original = context.Response.Body;
        await using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        try
        {
            await next(context);
        }
        finally
        {
            context.Response.Body = original;
        }
        if (context.Response.StatusCode == StatusCodes.Status200OK && buffer.Length > 0)
        {
            var etag = $"\"{Convert.ToHexString(SHA256.HashData(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)))[..32]}\"";
            context.Response.Headers.ETag = etag;
            if (!context.Response.Headers.ContainsKey("Cache-Control")) context.Response.Headers.CacheControl = "no-cache";
            if (context.Request.Headers.IfNoneMatch.Any(v => v == etag || v == "*"))
            {
                context.Response.StatusCode = StatusCodes.Status304NotModified;
                context.Response.ContentLength = null;
                return;
            }
        }
        if (buffer.Length == 0) return; // nothing written: leave the answer to the status-code pages (problem details)
        context.Response.ContentLength = buffer.Length;
        buffer.Position = 0;
        await buffer.CopyToAsync(original, context.RequestAborted);
    }
}
