using LearningNetwork.Data;
using LearningNetwork.Domain;
using LearningNetwork.Features.Accounts;
using LearningNetwork.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace LearningNetwork.Features.Events;

/// <summary><c>Events:*</c>: reminders before events.</summary>
public sealed class EventOptions
{
    public const string Section = "Events";

    /// <summary>Registered people are reminded this long before the start.</summary>
    public TimeSpan RemindAhead { get; set; } = TimeSpan.FromHours(24);
    /// <summary>How often a node looks for reminders to send; 0 turns reminders off on this node.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(15);
}

/// <summary>
/// Reminds every registered person by e-mail, in the language they registered in, when their event starts within
/// <see cref="EventOptions.RemindAhead"/>. Each reminder is claimed with a conditional update of
/// <see cref="EventRegistration.ReminderSentAt"/> (from null), so several nodes running this never send it twice; a person
/// promoted from the waiting list later still gets one.
/// </summary>
public sealed class EventReminders(IServiceScopeFactory scopes, IOptions<EventOptions> options, TimeProvider clock, ILogger<EventReminders> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.Interval <= TimeSpan.Zero) return;
        try
        {
            await Task.Delay(TimeSpan.FromMinutes(1), clock, stoppingToken); // let start-up (migrations, seeding) finish first
            using var timer = new PeriodicTimer(options.Value.Interval, clock);
            do
            {
                try
                {
                    var sent = await SendDueAsync(stoppingToken);
                    if (sent > 0) log.LogInformation("Sent {Count} event reminders", sent);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    log.LogWarning(e, "Event reminders failed; trying again at the next interval");
                }
            } while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // stopping
        }
    }

    /// <summary>Sends the reminders due now; returns how many were sent.</summary>
    public async Task<int> SendDueAsync(CancellationToken ct)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<LearningNetworkDb>();
        var mail = scope.ServiceProvider.GetRequiredService<MailSender>();
        var links = scope.ServiceProvider.GetRequiredService<SiteLinks>();
        var text = scope.ServiceProvider.GetRequiredService<IStringLocalizer<SharedResource>>();
        var now = clock.GetUtcNow().UtcDateTime;
        var horizon = now + options.Value.RemindAhead;
        var due = await db.EventRegistrations.AsNoTracking()
            .Where(r => r.State == RegistrationState.Registered && r.ReminderSentAt == null && r.UserId != null
                        && db.Events.Any(e => e.Id == r.EventId && e.CancelledAt == null && e.StartsAt > now && e.StartsAt <= horizon))
            .OrderBy(r => r.Id).Take(500).ToListAsync(ct);
        var sent = 0;
        foreach (var r in due)
        {
            var claimed = await db.EventRegistrations.Where(x => x.Id == r.Id && x.ReminderSentAt == null && x.State == RegistrationState.Registered)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.ReminderSentAt, now), ct);
            if (claimed == 0) continue;
            var address = await db.Users.AsNoTracking().Where(u => u.Id == r.UserId && u.EmailConfirmed).Select(u => u.Email).FirstOrDefaultAsync(ct);
            var e = await db.Events.AsNoTracking().FirstAsync(x => x.Id == r.EventId, ct);
            if (address is null) continue;
            try
            {
                await EventRegistrations.SendAsync(mail, links, text, e, address, r.Language, "Reminder", ct);
                sent++;
            }
            catch (Exception failure) when (failure is not OperationCanceledException)
            {
                log.LogWarning(failure, "The reminder for registration {Id} could not be sent", r.Id);
            }
        }
        return sent;
    }
}
