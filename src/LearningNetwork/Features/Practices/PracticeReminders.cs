using System.Globalization;
using LearningNetwork.Data;
using LearningNetwork.Domain;
using LearningNetwork.Features.Accounts;
using LearningNetwork.Infrastructure.Localization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace LearningNetwork.Features.Practices;

/// <summary><c>Practices:*</c>: freshness reminders.</summary>
public sealed class PracticeOptions
{
    public const string Section = "Practices";

    /// <summary>Owners are reminded this many days before the review-by date (and after it, while it is past).</summary>
    public int RemindDaysAhead { get; set; } = 30;
    /// <summary>A reminder is repeated after this many days while the practice is still not reviewed.</summary>
    public int RepeatDays { get; set; } = 14;
    /// <summary>How often a node looks for practices to remind about; 0 turns reminders off on this node.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(6);
}

/// <summary>
/// Reminds the admins of the owning organisation by e-mail when a published practice's review-by date is near or past,
/// in the practice's language when the interface speaks it. Each reminder is claimed with a conditional update of
/// <see cref="Practice.ReminderSentAt"/>, so that several nodes running this never send the same reminder twice.
/// </summary>
public sealed class PracticeReminders(IServiceScopeFactory scopes, IOptions<PracticeOptions> options, TimeProvider clock,
    ILogger<PracticeReminders> log) : BackgroundService
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
                    if (sent > 0) log.LogInformation("Sent {Count} practice review reminders", sent);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    log.LogWarning(e, "Practice review reminders failed; trying again at the next interval");
                }
            } while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // stopping
        }
    }

    /// <summary>Sends the reminders that are due now; returns how many practices were reminded about.</summary>
    public async Task<int> SendDueAsync(CancellationToken ct)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<LearningNetworkDb>();
        var mail = scope.ServiceProvider.GetRequiredService<MailSender>();
        var links = scope.ServiceProvider.GetRequiredService<Infrastructure.SiteLinks>();
        var text = scope.ServiceProvider.GetRequiredService<IStringLocalizer<SharedResource>>();
        var languages = scope.ServiceProvider.GetRequiredService<SupportedLanguages>();
        var o = options.Value;
        var now = clock.GetUtcNow().UtcDateTime;
        var horizon = DateOnly.FromDateTime(now).AddDays(o.RemindDaysAhead);
        var repeatBefore = now.AddDays(-o.RepeatDays);
        var due = await db.Practices.AsNoTracking()
            .Where(p => p.Stage == PracticeStage.Published && p.ReviewBy != null && p.ReviewBy <= horizon && (p.ReminderSentAt == null || p.ReminderSentAt < repeatBefore))
            .Select(p => new { p.Id, p.Slug, p.PartnerId, p.OriginalLanguage, p.ReviewBy, p.ReminderSentAt })
            .Take(200).ToListAsync(ct);
        var sent = 0;
        foreach (var p in due)
        {
            // Claim: only the node whose update changes the row sends this reminder.
            var claimed = await db.Practices.Where(x => x.Id == p.Id && x.ReminderSentAt == p.ReminderSentAt)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.ReminderSentAt, now), ct);
            if (claimed == 0) continue;
            var members = await db.PartnerMembers.AsNoTracking().Where(m => m.PartnerId == p.PartnerId).ToListAsync(ct);
            var adminIds = members.Where(m => m.Role == OrganisationRole.OrganisationAdmin).Select(m => m.UserId).ToList();
            if (adminIds.Count == 0) adminIds = members.Select(m => m.UserId).ToList();
            var addresses = await db.Users.AsNoTracking().Where(u => adminIds.Contains(u.Id) && u.EmailConfirmed && u.Email != null)
                .Select(u => u.Email!).ToListAsync(ct);
            if (addresses.Count == 0) continue;
            var title = await db.PracticeTexts.AsNoTracking().Where(t => t.PracticeId == p.Id && t.Language == p.OriginalLanguage)
                .Select(t => t.Title).FirstAsync(ct);
            var lang = languages.IsSupported(p.OriginalLanguage) ? p.OriginalLanguage : "en";
            var link = links.To(lang, $"practices/{p.Slug}");
            var (previousUi, previous) = (CultureInfo.CurrentUICulture, CultureInfo.CurrentCulture);
            try
            {
                CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = new CultureInfo(lang);
                var overdue = p.ReviewBy < DateOnly.FromDateTime(now);
                var subject = text[overdue ? "Mail.PracticeOverdue.Subject" : "Mail.PracticeReview.Subject", title];
                var body = text["Mail.PracticeReview.Body", title, ReaderDates.Day(p.ReviewBy!.Value), link];
                foreach (var address in addresses) await mail.SendAsync(address, subject, body, ct);
            }
            finally
            {
                (CultureInfo.CurrentUICulture, CultureInfo.CurrentCulture) = (previousUi, previous);
            }
            sent++;
        }
        return sent;
    }
}
