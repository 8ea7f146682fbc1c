using LearningNetwork.Data;
using LearningNetwork.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LearningNetwork.Features.Helpdesk;

/// <summary>
/// The promise of the helpdesk: every <c>Helpdesk:EscalationInterval</c> a node looks for open questions past their
/// promised response time (<see cref="HelpdeskQuestion.DueAt"/>) that nobody has answered, marks each escalated and e-mails
/// the coordinators. Each question is claimed with a conditional update (still open, not escalated), so whatever the number
/// of nodes and runs, coordinators hear of a question once. Demo questions are left alone.
/// </summary>
public sealed class HelpdeskEscalation(IServiceScopeFactory scopes, IOptions<HelpdeskOptions> options, TimeProvider clock, ILogger<HelpdeskEscalation> log)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.EscalationInterval <= TimeSpan.Zero) return;
        try
        {
            await Task.Delay(TimeSpan.FromMinutes(1), clock, stoppingToken);
            using var timer = new PeriodicTimer(options.Value.EscalationInterval, clock);
            do
            {
                try
                {
                    var escalated = await EscalateDueAsync(stoppingToken);
                    if (escalated > 0) log.LogInformation("Escalated {Count} helpdesk questions to the coordinators", escalated);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    log.LogWarning(e, "Helpdesk escalation failed; trying again at the next interval");
                }
            } while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // stopping
        }
    }

    /// <summary>Escalates every question due by now; returns how many this call escalated (and told the coordinators of).</summary>
    public async Task<int> EscalateDueAsync(CancellationToken ct)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<LearningNetworkDb>();
        var mail = scope.ServiceProvider.GetRequiredService<HelpdeskMail>();
        var now = clock.GetUtcNow().UtcDateTime;
        var due = await db.HelpdeskQuestions.AsNoTracking()
            .Where(q => q.Status == QuestionStatus.Open && q.EscalatedAt == null && !q.IsDemo && q.DueAt <= now && !q.Answers.Any())
            .OrderBy(q => q.DueAt).Select(q => q.Id).Take(200).ToListAsync(ct);
        var count = 0;
        foreach (var id in due)
        {
            var version = Guid.NewGuid();
            var claimed = await db.HelpdeskQuestions
                .Where(q => q.Id == id && q.Status == QuestionStatus.Open && q.EscalatedAt == null && !q.Answers.Any())
                .ExecuteUpdateAsync(s => s.SetProperty(q => q.Status, QuestionStatus.Escalated).SetProperty(q => q.EscalatedAt, now)
                    .SetProperty(q => q.UpdatedAt, now).SetProperty(q => q.Version, version), ct);
            if (claimed == 0) continue; // another node, or an answer, came first
            var question = await db.HelpdeskQuestions.AsNoTracking().FirstAsync(q => q.Id == id, ct);
            db.AuditEntries.Add(new AuditEntry { At = now, Action = "helpdesk.escalated", Subject = $"question/{question.Slug}" });
            await db.SaveChangesAsync(ct);
            await mail.TellCoordinatorsAsync(question, ct);
            count++;
        }
        return count;
    }
}
