using LearningNetwork.Data;
using LearningNetwork.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LearningNetwork.Features.Programmes;

/// <summary>
/// The follow-ups' reminders: every <c>Programmes:ReminderInterval</c> a node looks for follow-ups that are due, not yet
/// answered and not yet reminded, claims each with a conditional update of <see cref="ProgrammeFollowUp.ReminderSentAt"/>
/// and e-mails the applying partner's people, so whatever the nodes and runs a follow-up is reminded once. Demo programmes
/// are left alone.
/// </summary>
public sealed class ProgrammeReminders(IServiceScopeFactory scopes, IOptions<ProgrammeOptions> options, TimeProvider clock, ILogger<ProgrammeReminders> log)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.ReminderInterval <= TimeSpan.Zero) return;
        try
        {
            await Task.Delay(TimeSpan.FromMinutes(1), clock, stoppingToken);
            using var timer = new PeriodicTimer(options.Value.ReminderInterval, clock);
            do
            {
                try
                {
                    var sent = await RemindDueAsync(stoppingToken);
                    if (sent > 0) log.LogInformation("Reminded {Count} programme follow-ups", sent);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    log.LogWarning(e, "Programme follow-up reminders failed; trying again at the next interval");
                }
            } while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // stopping
        }
    }

    /// <summary>Reminds every follow-up due by now; returns how many this call reminded.</summary>
    public async Task<int> RemindDueAsync(CancellationToken ct)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<LearningNetworkDb>();
        var mail = scope.ServiceProvider.GetRequiredService<ProgrammeMail>();
        var now = clock.GetUtcNow().UtcDateTime;
        var due = await db.ProgrammeFollowUps.AsNoTracking()
            .Where(f => f.DueAt <= now && f.ReminderSentAt == null && f.AnsweredAt == null
                        && db.Programmes.Any(p => p.Id == f.ProgrammeId && !p.IsDemo && p.Stage == ProgrammeStage.Reported))
            .OrderBy(f => f.DueAt).Select(f => new { f.Id, f.ProgrammeId, f.Months }).Take(200).ToListAsync(ct);
        var count = 0;
        foreach (var f in due)
        {
            var claimed = await db.ProgrammeFollowUps.Where(x => x.Id == f.Id && x.ReminderSentAt == null && x.AnsweredAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.ReminderSentAt, now), ct);
            if (claimed == 0) continue; // another node, or an answer, came first
            var programme = await db.Programmes.AsNoTracking().FirstAsync(p => p.Id == f.ProgrammeId, ct);
            db.AuditEntries.Add(new AuditEntry { At = now, Action = "programme.reminded", Subject = $"programme/{programme.Slug}", Details = $"months/{f.Months}" });
            await db.SaveChangesAsync(ct);
            await mail.RemindFollowUpAsync(programme, f.Months, ct);
            count++;
        }
        return count;
    }
}
