using System.Globalization;
using LearningNetwork.Data;
using LearningNetwork.Domain;
using LearningNetwork.Features.Accounts;
using LearningNetwork.Infrastructure;
using LearningNetwork.Infrastructure.Localization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace LearningNetwork.Features.Programmes;

/// <summary>
/// Tells a partner's people about a programme: an in-app notification for each member (saved first), then an e-mail to each
/// confirmed, not suspended address, in the programme's language when the interface speaks it (else English). A failed
/// e-mail is logged and never undoes what it reports.
/// </summary>
public sealed class ProgrammeMail(LearningNetworkDb db, MailSender mail, IStringLocalizer<SharedResource> text, SupportedLanguages languages, SiteLinks links,
    TimeProvider clock, ILogger<ProgrammeMail> log)
{
    public static string PathOf(Programme p) => $"/programmes/{p.Slug}";

    /// <summary>The applying partner: the follow-up <paramref name="months"/> after the report is due.</summary>
    public Task RemindFollowUpAsync(Programme p, int months, CancellationToken ct) =>
        NotifyAsync(p.PartnerId, "programme-follow-up", p, "Mail.Programme.FollowUp.Subject", "Mail.Programme.FollowUp.Body", months, ct);

    /// <summary>Each peer partner chosen for a peer review.</summary>
    public async Task TellPeersAsync(Programme p, IEnumerable<int> peers, CancellationToken ct)
    {
        foreach (var partnerId in peers) await NotifyAsync(partnerId, "programme-peer", p, "Mail.Programme.Peer.Subject", "Mail.Programme.Peer.Body", 0, ct);
    }

    private async Task NotifyAsync(int partnerId, string kind, Programme p, string subjectKey, string bodyKey, int months, CancellationToken ct)
    {
        var people = await db.PartnerMembers.AsNoTracking().Where(m => m.PartnerId == partnerId)
            .Join(db.Users.Where(u => u.SuspendedAt == null), m => m.UserId, u => u.Id, (m, u) => new { u.Id, u.Email, u.EmailConfirmed }).ToListAsync(ct);
        if (people.Count == 0) return;
        var now = clock.GetUtcNow().UtcDateTime;
        var path = PathOf(p);
        var subject = p.Title.Length > 250 ? p.Title[..249] + "…" : p.Title;
        db.Notifications.AddRange(people.Select(u => new Notification { UserId = u.Id, Kind = kind, Subject = subject, Path = path, CreatedAt = now }));
        await db.SaveChangesAsync(ct);
        var lang = languages.IsSupported(p.Language) ? p.Language : "en";
        var (previousUi, previous) = (CultureInfo.CurrentUICulture, CultureInfo.CurrentCulture);
        try
        {
            CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = new CultureInfo(lang);
            var when = months > 0 ? text[$"Programme.FollowUp.{months.ToString(CultureInfo.InvariantCulture)}"].Value : "";
            var mailSubject = text[subjectKey, p.Title];
            var body = text[bodyKey, p.Title, when] + "\n\n" + links.To(lang, path);
            foreach (var address in people.Where(u => u.EmailConfirmed && u.Email is not null).Select(u => u.Email!))
            {
                try
                {
                    await mail.SendAsync(address, mailSubject, body, ct);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    log.LogWarning(e, "Programme e-mail ({Kind}) about {Path} could not be sent; the in-app notification was saved", kind, path);
                }
            }
        }
        finally
        {
            (CultureInfo.CurrentUICulture, CultureInfo.CurrentCulture) = (previousUi, previous);
        }
    }
}
