using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace LearningNetwork.Features.Accounts;

/// <summary>
/// Rate limits of the pages that guess or send: a fixed window per minute and per hour
/// (<see cref="AccountsOptions.AttemptsPerMinute"/>, <see cref="AccountsOptions.AttemptsPerHour"/>), counted per page
/// and per client address (the global limiter of <c>ApiPolicies</c>, before the form is read) and per page and
/// account or e-mail address named (here, once the form is bound). Over the limit the answer is a 429 with
/// Retry-After, and the status page in the reader's language.
/// </summary>
public sealed class AccountThrottle : IDisposable
{
    /// <summary>The guarded pages: POSTs to /{lang}/account/{page}.</summary>
    private static readonly HashSet<string> Pages = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        { "sign-in", "sign-in-code", "register", "forgot-password", "resend-confirmation" };

    private readonly PartitionedRateLimiter<string> _limiter;

    public AccountThrottle(IOptions<AccountsOptions> options, Infrastructure.Web.SharedRateWindows windows) =>
        _limiter = Limiter<string>(options.Value, windows, "account-target", key => key);

    /// <summary>The guarded page a request posts to, or null.</summary>
    public static string? PageOf(HttpRequest request)
    {
        if (!HttpMethods.IsPost(request.Method)) return null;
        var segments = (request.Path.Value ?? "").Split('/', StringSplitOptions.RemoveEmptyEntries);
        return segments.Length == 3 && string.Equals(segments[1], "account", StringComparison.OrdinalIgnoreCase)
               && Pages.TryGetValue(segments[2], out var page) ? page : null;
    }

    /// <summary>A per-minute and a per-hour window for each partition key, chained (disposing the chain disposes both), shared
    /// by the nodes when Redis is configured (<paramref name="name"/> names the limiter there); a partition key of null is not limited.</summary>
    public static PartitionedRateLimiter<T> Limiter<T>(AccountsOptions options, Infrastructure.Web.SharedRateWindows windows, string name, Func<T, string?> key) =>
        Infrastructure.Web.RateLimiters.Chain(
            PartitionedRateLimiter.Create<T, string>(x => windows.Window(name, key(x), options.AttemptsPerMinute, TimeSpan.FromMinutes(1))),
            PartitionedRateLimiter.Create<T, string>(x => windows.Window(name, key(x), options.AttemptsPerHour, TimeSpan.FromHours(1))));

    /// <summary>Counts one attempt of a page on an account or address; over the limit, the 429 to answer with.</summary>
    public IActionResult? Refuse(HttpContext context, string page, string target)
    {
        using var lease = _limiter.AttemptAcquire($"{page}:{target.Trim().ToUpperInvariant()}");
        if (lease.IsAcquired) return null;
        SetRetryAfter(context.Response, lease);
        return new StatusCodeResult(StatusCodes.Status429TooManyRequests);
    }

    public static void SetRetryAfter(HttpResponse response, RateLimitLease lease)
    {
        var retry = lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromMinutes(1);
        response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retry.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
    }

    public void Dispose() => _limiter.Dispose();
}
