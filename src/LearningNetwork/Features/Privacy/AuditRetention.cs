using LearningNetwork.Data;
using LearningNetwork.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LearningNetwork.Features.Privacy;

/// <summary>
/// Keeps the audit log to <c>Privacy:AuditRetention</c> (two years by default): once a day one node removes the entries
/// older than that. The run is claimed on the <c>audit-retention</c> <see cref="JobLease"/> row with a conditional update,
/// so several nodes never run it at once and a node that died mid-run only holds it until the lease runs out. The removal
/// is itself audited (how many, up to when). The app writes no log files of its own: its logs go to the console (the
/// service manager's journal keeps them under its own retention).
/// </summary>
public sealed class AuditRetention(IServiceScopeFactory scopes, IOptions<PrivacyOptions> options, TimeProvider clock, ILogger<AuditRetention> log) : BackgroundService
{
    public const string JobName = "audit-retention";
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(30);
    private readonly string _holder = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.RetentionInterval <= TimeSpan.Zero) return;
        try
        {
            await Task.Delay(TimeSpan.FromMinutes(1), clock, stoppingToken); // let start-up (migrations, seeding) finish first
            using var timer = new PeriodicTimer(TimeSpan.FromHours(1), clock);
            do
            {
                try
                {
                    var removed = await RunIfDueAsync(stoppingToken);
                    if (removed > 0) log.LogInformation("Removed {Count} audit entries older than the retention period", removed);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    log.LogWarning(e, "Audit retention failed; trying again later");
                }
            } while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // stopping
        }
    }

    /// <summary>Runs the removal if it has not run for <c>RetentionInterval</c> and no other node holds the lease;
    /// returns how many entries were removed (null when it did not run).</summary>
    public async Task<int?> RunIfDueAsync(CancellationToken ct)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<LearningNetworkDb>();
        var now = clock.GetUtcNow().UtcDateTime;
        if (!await db.JobLeases.AnyAsync(j => j.Name == JobName, ct))
        {
            try
            {
                db.JobLeases.Add(new JobLease { Name = JobName, LeaseUntil = new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc) });
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException)
            {
                db.ChangeTracker.Clear(); // another node made the row first
            }
        }
        var dueBefore = now - options.Value.RetentionInterval;
        var claimed = await db.JobLeases
            .Where(j => j.Name == JobName && j.LeaseUntil < now && (j.LastRunAt == null || j.LastRunAt <= dueBefore))
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.LeaseUntil, now + Lease).SetProperty(j => j.Holder, _holder), ct);
        if (claimed == 0) return null;

        var cutoff = now - options.Value.AuditRetention;
        var removed = await db.AuditEntries.Where(e => e.At < cutoff).ExecuteDeleteAsync(ct);
        if (removed > 0)
        {
            db.AuditEntries.Add(new AuditEntry
            {
                At = now, Action = "audit.retention", Subject = "audit",
                Details = FormattableString.Invariant($"{removed} entries before {cutoff:yyyy-MM-dd HH:mm:ss} UTC removed"),
            });
            await db.SaveChangesAsync(ct);
        }
        await db.JobLeases.Where(j => j.Name == JobName && j.Holder == _holder)
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.LastRunAt, now).SetProperty(j => j.LeaseUntil, now), ct);
        return removed;
    }
}
