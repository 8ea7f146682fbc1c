using System.Globalization;
using LearningNetwork.Data;
using LearningNetwork.Domain;
using LearningNetwork.Features.Accounts;
using LearningNetwork.Infrastructure;
using LearningNetwork.Infrastructure.Localization;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace LearningNetwork.Features.Helpdesk;

/// <summary>
/// Tells people about helpdesk questions: an in-app notification for each (saved first), then an e-mail to each confirmed
/// address. Experts are written to in the first language of their organisation the interface speaks, the asker in the
/// question's language, coordinators in English. A failed e-mail is logged and never undoes the change it reports.
/// </summary>
public sealed class HelpdeskMail(LearningNetworkDb db, MailSender mail, UserManager<UserAccount> users, IStringLocalizer<SharedResource> text,
    SupportedLanguages languages, SiteLinks links, TimeProvider clock, ILogger<HelpdeskMail> log)
{
    public static string PathOf(HelpdeskQuestion q) => $"/helpdesk/{q.Slug}";

    /// <summary>The people of each chosen partner: "a question for your expertise".</summary>
    public async Task TellExpertsAsync(HelpdeskQuestion question, IReadOnlyList<(int PartnerId, List<string> People)> told, CancellationToken ct)
    {
        foreach (var (partnerId, people) in told)
        {
            var spoken = await db.Partners.AsNoTracking().Where(p => p.Id == partnerId).SelectMany(p => p.Languages.Select(l => l.LanguageCode)).ToListAsync(ct);
            var lang = spoken.FirstOrDefault(languages.IsSupported) ?? "en";
            await NotifyAsync(people, "helpdesk-question", question, lang, "Mail.Helpdesk.Question.Subject", "Mail.Helpdesk.Question.Body", question.Body, ct);
        }
    }

    /// <summary>The asker: a new answer, with its text.</summary>
    public async Task TellAskerAsync(HelpdeskQuestion question, string partnerName, string answer, CancellationToken ct)
    {
        if (question.UserId is null) return;
        var lang = languages.IsSupported(question.Language) ? question.Language : "en";
        await NotifyAsync([question.UserId], "helpdesk-answer", question, lang, "Mail.Helpdesk.Answer.Subject", "Mail.Helpdesk.Answer.Body", answer, ct, partnerName);
    }

    /// <summary>Every network admin and moderator: the question is past its promised response time without an answer.</summary>
    public async Task TellCoordinatorsAsync(HelpdeskQuestion question, CancellationToken ct)
    {
        var coordinators = (await users.GetUsersInRoleAsync(Roles.NetworkAdmin)).Concat(await users.GetUsersInRoleAsync(Roles.Moderator))
            .Where(u => u.SuspendedAt is null).Select(u => u.Id).Distinct().ToList();
        await NotifyAsync(coordinators, "helpdesk-escalated", question, "en", "Mail.Helpdesk.Escalated.Subject", "Mail.Helpdesk.Escalated.Body", question.Body, ct);
    }

    private async Task NotifyAsync(List<string> userIds, string kind, HelpdeskQuestion question, string lang, string subjectKey, string bodyKey,
        string quoted, CancellationToken ct, string? partnerName = null)
    {
        if (userIds.Count == 0) return;
        var now = clock.GetUtcNow().UtcDateTime;
        var subject = question.Title.Length > 250 ? question.Title[..249] + "…" : question.Title;
        var path = PathOf(question);
        db.Notifications.AddRange(userIds.Select(u => new Notification { UserId = u, Kind = kind, Subject = subject, Path = path, CreatedAt = now }));
        await db.SaveChangesAsync(ct);
        var addresses = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id) && u.EmailConfirmed && u.Email != null).Select(u => u.Email!).ToListAsync(ct);
        if (addresses.Count == 0) return;
        var (previousUi, previous) = (CultureInfo.CurrentUICulture, CultureInfo.CurrentCulture);
        try
        {
            CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = new CultureInfo(lang);
            var mailSubject = text[subjectKey, question.Title];
            var body = text[bodyKey, question.Title, partnerName ?? "", ReaderDates.Day(DateOnly.FromDateTime(question.DueAt))] + "\n\n" + quoted + "\n\n" + links.To(lang, path);
            foreach (var address in addresses)
            {
                try
                {
                    await mail.SendAsync(address, mailSubject, body, ct);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    log.LogWarning(e, "Helpdesk e-mail ({Kind}) about {Path} could not be sent; the in-app notification was saved", kind, path);
                }
            }
        }
        finally
        {
            (CultureInfo.CurrentUICulture, CultureInfo.CurrentCulture) = (previousUi, previous);
        }
    }
}
