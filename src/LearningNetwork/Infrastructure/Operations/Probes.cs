using LearningNetwork.Data;
using Microsoft.EntityFrameworkCore;

namespace LearningNetwork.Infrastructure.Operations;

/// <summary>
/// Readiness for a load balancer: the node's database is initialised and answers. The database is asked at most once a
/// second, whatever the number of callers: every request within a second of a check shares its result (and callers that
/// arrive while a check runs await that same check), so nginx, systemd or Kubernetes polling every few hundred
/// milliseconds from several places costs one query a second at most. A check gives up after 2 s (a database that
/// hangs is not ready).
/// </summary>
public sealed class Readiness(IServiceScopeFactory scopes, DatabaseStatus status, TimeProvider clock, ILogger<Readiness> log)
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);
    private readonly Lock _gate = new();
    private Task<bool>? _current;
    private long _startedAt;
    private int _checks;

    /// <summary>How many times the database was asked (for the test that holds the polling cost down).</summary>
    public int Checks => Volatile.Read(ref _checks);

    public Task<bool> IsReadyAsync()
    {
        lock (_gate)
        {
            var now = clock.GetTimestamp();
            if (_current is null || clock.GetElapsedTime(_startedAt, now) >= CacheFor)
            {
                _startedAt = now;
                _current = CheckAsync();
            }
            return _current;
        }
    }

    private async Task<bool> CheckAsync()
    {
        await Task.Yield(); // the caller holds the lock: never run the check under it
        if (!status.IsReady) return false;
        Interlocked.Increment(ref _checks);
        try
        {
            using var timeout = new CancellationTokenSource(Timeout);
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<LearningNetworkDb>();
            return await db.Database.CanConnectAsync(timeout.Token);
        }
        catch (Exception e) when (e is OperationCanceledException || DataSetup.IsUnreachable(e))
        {
            log.LogWarning("Readiness: the database does not answer ({Reason})", e.Message);
            return false;
        }
    }
}

public static class ProbeEndpoints
{
    /// <summary>
    /// <c>/health/live</c>: the process serves requests (no I/O; a restart is the cure when it fails).
    /// <c>/health/ready</c>: send traffic here (the database answers; see <see cref="Readiness"/>), else 503.
    /// Both anonymous, plain text, never cached by a proxy. <c>/health</c> keeps its own contract.
    /// </summary>
    public static void MapProbes(this WebApplication app)
    {
        app.MapGet("/health/live", (HttpContext http) =>
        {
            http.Response.Headers.CacheControl = "no-store";
            return Results.Text("Healthy");
        }).ExcludeFromDescription();
        app.MapGet("/health/ready", async (HttpContext http, Readiness readiness) =>
        {
            http.Response.Headers.CacheControl = "no-store";
            return await readiness.IsReadyAsync()
                ? Results.Text("Healthy")
                : Results.Text("Unhealthy", statusCode: StatusCodes.Status503ServiceUnavailable);
        }).ExcludeFromDescription();
    }
}
