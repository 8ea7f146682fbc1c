using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using LearningNetwork.Data;
using LearningNetwork.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;

namespace LearningNetwork.Infrastructure.Operations;

/// <summary><c>Metrics:*</c>: the Prometheus endpoint and who may read it.</summary>
public sealed class MetricsOptions
{
    /// <summary>Serve <c>/metrics</c> (on by default). Off, the path is a 404 and nothing is collected.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// A scraper from another machine presents this as <c>Authorization: Bearer TOKEN</c>. Without it only a direct
    /// loopback request (no proxy in between) may read the metrics. At least 32 characters when set.
    /// </summary>
    public string? Token { get; set; }

    /// <summary>How often the queue depths are counted in the database (one small query per queue).</summary>
    public TimeSpan QueueSampleInterval { get; set; } = TimeSpan.FromSeconds(15);
}

/// <summary>
/// The app's own instruments, in the <c>LearningNetwork</c> meter: search and match latency (histograms, seconds) and the
/// depth of the work queues kept in the database. Counts and durations only: no label carries a query, a name or an id.
/// </summary>
public static class AppMetrics
{
    public const string MeterName = "LearningNetwork";
    private static readonly Meter Meter = new(MeterName);

    private static readonly Histogram<double> SearchDuration = Meter.CreateHistogram<double>(
        "ln.search.duration", "s", "Time to run one query on this node's search index",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1] });

    private static readonly Histogram<double> MatchDuration = Meter.CreateHistogram<double>(
        "ln.match.duration", "s", "Time to rank the matches of one offer or request",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1] });

    private static long _webhooksDue = -1, _translationsQueued = -1, _searchLogBehind = -1;

    static AppMetrics()
    {
        Meter.CreateObservableGauge("ln.queue.depth", ObserveQueues, "{item}",
            "Work waiting in the database: undelivered webhook deliveries, queued machine translations, search-log entries this node has not replayed");
    }

    private static IEnumerable<Measurement<long>> ObserveQueues()
    {
        if (Volatile.Read(ref _webhooksDue) is var w and >= 0) yield return new(w, new KeyValuePair<string, object?>("queue", "webhooks"));
        if (Volatile.Read(ref _translationsQueued) is var t and >= 0) yield return new(t, new KeyValuePair<string, object?>("queue", "translations"));
        if (Volatile.Read(ref _searchLogBehind) is var s and >= 0) yield return new(s, new KeyValuePair<string, object?>("queue", "search-log"));
    }

    internal static void SetQueues(long webhooks, long translations, long searchLogBehind)
    {
        Volatile.Write(ref _webhooksDue, webhooks);
        Volatile.Write(ref _translationsQueued, translations);
        Volatile.Write(ref _searchLogBehind, searchLogBehind);
    }

    /// <summary>Runs one search and records how long it took.</summary>
    public static T TimeSearch<T>(Func<T> search)
    {
        var started = Stopwatch.GetTimestamp();
        try { return search(); }
        finally { SearchDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds); }
    }

    /// <summary>Runs one ranking of matches and records how long it took.</summary>
    public static T TimeMatch<T>(Func<T> rank)
    {
        var started = Stopwatch.GetTimestamp();
        try { return rank(); }
        finally { MatchDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds); }
    }
}

/// <summary>Counts the database's queues every <see cref="MetricsOptions.QueueSampleInterval"/> for <c>ln.queue.depth</c>.</summary>
internal sealed class QueueDepthSampler(IServiceScopeFactory scopes, DatabaseStatus status, IOptions<MetricsOptions> options, TimeProvider clock,
    ILogger<QueueDepthSampler> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.QueueSampleInterval <= TimeSpan.Zero) return;
        try
        {
            using var timer = new PeriodicTimer(options.Value.QueueSampleInterval, clock);
            do
            {
                if (!status.IsReady) continue;
                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    var db = scope.ServiceProvider.GetRequiredService<LearningNetworkDb>();
                    var webhooks = await db.WebhookDeliveries.LongCountAsync(d => d.DeliveredAt == null && !d.Abandoned, stoppingToken);
                    var translations = await db.TranslationJobs.LongCountAsync(
                        j => j.Status == TranslationJobStatus.Queued || j.Status == TranslationJobStatus.Running, stoppingToken);
                    var cursor = scope.ServiceProvider.GetService<Features.Search.SearchIndex>()?.Cursor ?? -1;
                    var last = await db.SearchLog.MaxAsync(e => (long?)e.Id, stoppingToken) ?? 0;
                    AppMetrics.SetQueues(webhooks, translations, cursor < 0 ? -1 : Math.Max(0, last - cursor));
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    log.LogDebug(e, "Counting the queues failed; trying again at the next interval");
                }
            } while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // stopping
        }
    }
}

public static class OperationsSetup
{
    /// <summary>
    /// Probes, metrics and the request log. Logs: the console, as text or, with <c>Logging:Console:FormatterName=json</c>,
    /// one JSON object a line (ASP.NET Core's own formatter, selected by configuration); <c>Logging:Requests=true</c> adds a
    /// line per request with its method, route pattern, status and duration (<see cref="RequestLog"/>).
    /// </summary>
    public static void AddOperations(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<Readiness>();
        builder.Services.AddSingleton<Backups>();
        builder.Services.AddOptions<MetricsOptions>().BindConfiguration("Metrics")
            .Validate(o => string.IsNullOrEmpty(o.Token) || o.Token.Length >= 32, "Metrics:Token must have at least 32 characters.")
            .ValidateOnStart();
        var metrics = builder.Configuration.GetSection("Metrics").Get<MetricsOptions>() ?? new MetricsOptions();
        if (!metrics.Enabled) return;
        builder.Services.AddHostedService<QueueDepthSampler>();
        builder.Services.AddOpenTelemetry().WithMetrics(m => m
            // ASP.NET Core's and Kestrel's own meters: http.server.request.duration by route pattern and status,
            // active requests and connections, rate-limiter rejections; the runtime's (GC, threads); Npgsql's pool.
            .AddMeter("Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "Microsoft.AspNetCore.RateLimiting",
                "Microsoft.AspNetCore.Diagnostics", "System.Runtime", "Npgsql", AppMetrics.MeterName)
            .AddPrometheusExporter());
    }

    public static void MapOperations(this WebApplication app)
    {
        app.MapProbes();
        var options = app.Services.GetRequiredService<IOptions<MetricsOptions>>().Value;
        if (!options.Enabled) return;
        app.MapPrometheusScrapingEndpoint("/metrics").Add(endpoint =>
        {
            var scrape = endpoint.RequestDelegate!;
            endpoint.RequestDelegate = context =>
            {
                if (MetricsAccess.Allows(context, options.Token)) return scrape(context);
                context.Response.StatusCode = StatusCodes.Status404NotFound; // nothing to see: say nothing either
                return Task.CompletedTask;
            };
        });
    }
}

/// <summary>
/// Who may read <c>/metrics</c>: a request that carries the configured token (<c>Authorization: Bearer</c>), or a request
/// made directly on this machine — from a loopback address and not forwarded by a proxy, since behind nginx every
/// request comes from loopback. Everyone else gets a 404. The metrics hold counts and durations by route pattern, never
/// a path, query, name or address; still, they say how busy the site is, so they are not public.
/// </summary>
public static class MetricsAccess
{
    public static bool Allows(HttpContext context, string? token)
    {
        if (!string.IsNullOrEmpty(token)
            && context.Request.Headers.Authorization.ToString() is { } header
            && header.StartsWith("Bearer ", StringComparison.Ordinal)
            && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(header["Bearer ".Length..].Trim()), Encoding.UTF8.GetBytes(token)))
            return true;
        var forwarded = context.Request.Headers.ContainsKey("X-Forwarded-For") || context.Request.Headers.ContainsKey("X-Original-For")
            || context.Request.Headers.ContainsKey("Forwarded");
        return !forwarded && context.Connection.RemoteIpAddress is { } address && IPAddress.IsLoopback(address);
    }
}

/// <summary>
/// With <c>Logging:Requests=true</c>, one log line per request (category <c>LearningNetwork.Requests</c>): method, route
/// pattern (not the path: no slug, id or query reaches the log), status and milliseconds. Off by default: nginx's access
/// log already has them, and a console line per request costs throughput.
/// </summary>
public static class RequestLog
{
    public static void UseRequestLog(this WebApplication app)
    {
        if (!app.Configuration.GetValue("Logging:Requests", false)) return;
        var log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("LearningNetwork.Requests");
        app.Use(async (context, next) =>
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                await next(context);
            }
            finally
            {
                var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "(no route)";
                log.LogInformation("{Method} {Route} {Status} {ElapsedMs:0.0} ms", context.Request.Method, route,
                    context.Response.StatusCode, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        });
    }
}
