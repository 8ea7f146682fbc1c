using LearningNetwork.Infrastructure.DemoNetwork;
using LearningNetwork.ReferenceData;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace LearningNetwork.Data;

/// <summary>Whether the database has been migrated and loaded, for /health and the error pages.</summary>
public sealed class DatabaseStatus
{
    private volatile bool _ready;
    public bool IsReady => _ready;
    public void MarkReady() => _ready = true;
}

/// <summary>
/// Brings the database up to date before the server takes requests: migrations, reference data, then the
/// demo network when <c>Seed:Demo</c> is on. A database out of reach does not stop the node: it keeps
/// retrying while /health answers 503. A broken reference file does stop it, with the file's name.
/// </summary>
public sealed class DatabaseInitializer(IServiceProvider services, DatabaseStatus status, ILogger<DatabaseInitializer> log) : IHostedService, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private bool _disposed;
    private Task? _retrying;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        using (var scope = services.CreateScope())
            scope.ServiceProvider.GetRequiredService<ReferenceDataLoader>().CheckFilesExist();
        try
        {
            await InitializeAsync(services, cancellationToken);
            status.MarkReady();
        }
        catch (Exception e) when (DataSetup.IsUnreachable(e))
        {
            log.LogError(e, "The database cannot be reached; this node serves an error page and retries every 5 seconds.");
            _retrying = RetryAsync(_stopping.Token);
        }
    }

    /// <summary>The whole initialisation, also run by the <c>migrate</c> verb.</summary>
    public static async Task InitializeAsync(IServiceProvider services, CancellationToken ct)
    {
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<LearningNetworkDb>();
        // Migrate only when a migration is pending. MigrateAsync also compares the whole model with the last migration's
        // snapshot (EF's guard against a forgotten migration), a tenth of a start's CPU that every start repeated;
        // Operations/MigrationsTests makes that comparison once per provider in the suite instead. Nodes starting
        // together on a database that needs migrating still meet EF's migration lock inside MigrateAsync.
        if ((await db.Database.GetPendingMigrationsAsync(ct)).Any()) await db.Database.MigrateAsync(ct);
        await scope.ServiceProvider.GetRequiredService<ReferenceDataLoader>().LoadAsync(ct);
        await scope.ServiceProvider.GetRequiredService<DemoNetworkSeeder>().SeedIfEnabledAsync(ct);
    }

    private async Task RetryAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(5), ct);
                await InitializeAsync(services, ct);
                status.MarkReady();
                log.LogInformation("The database answers again; this node is ready.");
                return;
            }
            catch (OperationCanceledException) { return; }
            catch (Exception e) when (DataSetup.IsUnreachable(e))
            {
                log.LogWarning("The database still cannot be reached: {Message}", e.Message);
            }
            catch (Exception e)
            {
                log.LogCritical(e, "Initialising the database failed.");
                return;
            }
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_disposed) return; // a host that failed to start is disposed before it is stopped
        await _stopping.CancelAsync();
        if (_retrying is not null) await _retrying;
    }

    public void Dispose()
    {
        _disposed = true;
        _stopping.Dispose();
    }

}

/// <summary>/health: 200 when the database answers and is initialised, 503 otherwise. The answer of the database is
/// asked at most once a second (<see cref="DatabaseProbe"/>), so a load balancer's polling or a rush costs nothing.</summary>
internal sealed class DatabaseHealthCheck(DatabaseProbe probe, DatabaseStatus status) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!status.IsReady) return HealthCheckResult.Unhealthy("The database is not initialised yet.");
        return await probe.AnswersAsync(cancellationToken)
            ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("The database does not answer.");
    }
}

/// <summary>Whether the database answers, asked at most once per <see cref="MaxAge"/>; callers in between share the last answer.</summary>
public sealed class DatabaseProbe(IServiceScopeFactory scopes, TimeProvider clock) : IDisposable
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(1);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private (bool Answers, long At) _last = (false, long.MinValue);

    public async ValueTask<bool> AnswersAsync(CancellationToken ct)
    {
        if (Fresh(_last) is { } known) return known;
        await _gate.WaitAsync(ct);
        try
        {
            if (Fresh(_last) is { } answered) return answered;
            bool answers;
            try
            {
                using var scope = scopes.CreateScope();
                answers = await scope.ServiceProvider.GetRequiredService<LearningNetworkDb>().Database.CanConnectAsync(ct);
            }
            catch (Exception e) when (DataSetup.IsUnreachable(e))
            {
                answers = false;
            }
            _last = (answers, clock.GetTimestamp());
            return answers;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    private bool? Fresh((bool Answers, long At) last) =>
        last.At != long.MinValue && clock.GetElapsedTime(last.At) < MaxAge ? last.Answers : null;
}
