using System.Globalization;
using LearningNetwork.Data;
using LearningNetwork.Domain;
using LearningNetwork.Features.Accounts;
using LearningNetwork.Features.Practices;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace LearningNetwork.Features.Moderation;

/// <summary>
/// Reports and the moderators' decisions on them. A report is written with an audit entry and e-mailed to every moderator
/// and network admin (a failed e-mail is logged, never hides the report). A decision closes the report: dismiss; hide the
/// content where the site has a way to take it down (a practice goes back to draft with the moderator's note, an offer is
/// closed; for other content the decision is recorded and its owners are expected to act); or suspend the author's
/// account (<see cref="Suspensions"/>). Every step is audited.
/// </summary>
public sealed class ModerationDesk(LearningNetworkDb db, UserManager<UserAccount> users, Suspensions suspensions, MailSender mail,
    IStringLocalizer<SharedResource> text, TimeProvider clock, ILogger<ModerationDesk> log)
{
    public const int MaxText = 4000;

    /// <summary>Reports one person may make in 24 hours: enough for anyone acting in good faith, and a bound on the mail a
    /// single account can make the moderators receive.</summary>
    public const int MaxReportsPerDay = 20;

    /// <summary>Errors by field (resource keys resolved in the reader's language); the new report when there are none.</summary>
    public async Task<(Dictionary<string, string> Errors, AbuseReport? Report)> ReportAsync(ContentInfo content, string? reporterId, string? reason, string? details,
        string reviewLinkBase, CancellationToken ct)
    {
        var errors = new Dictionary<string, string>();
        if (!Enum.TryParse<ReportReason>(reason, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed) || int.TryParse(reason, out _))
            errors["Reason"] = text["Report.ReasonRequired"];
        var body = (details ?? "").Trim();
        if (body.Length == 0) errors["Text"] = text["Report.TextRequired"];
        else if (body.Length > MaxText) errors["Text"] = text["Report.TextTooLong", MaxText];
        var now = clock.GetUtcNow().UtcDateTime;
        var since = now.AddDays(-1);
        if (reporterId is not null && await db.AbuseReports.CountAsync(r => r.ReporterId == reporterId && r.CreatedAt > since, ct) >= MaxReportsPerDay)
            errors["Text"] = text["Report.TooMany", MaxReportsPerDay];
        if (errors.Count > 0) return (errors, null);

        var report = new AbuseReport
        {
            ContentType = content.Type, ContentKey = content.Key, ContentTitle = Clip(content.Title, 300), AuthorId = content.AuthorId, ReporterId = reporterId,
            Reason = parsed, Text = body, CreatedAt = now, Status = ReportStatus.Open,
        };
        db.AbuseReports.Add(report);
        await db.SaveChangesAsync(ct);
        Audit(reporterId, "report.created", report, $"{content.Type}/{content.Key} ({parsed})", now);
        await db.SaveChangesAsync(ct);
        await TellModeratorsAsync(report, $"{reviewLinkBase}/{report.Id}", ct);
        return (errors, report);
    }

    /// <summary>Decides an open report once. Nobody suspends themselves, and only a network admin suspends a coordinator
    /// (a moderator or network admin).</summary>
    public async Task<bool> DecideAsync(AbuseReport report, ReportDecision decision, string? note, string moderatorId, bool byNetworkAdmin, CancellationToken ct)
    {
        if (report.Status != ReportStatus.Open) return false;
        if (decision == ReportDecision.AuthorSuspended)
        {
            if (report.AuthorId is null || report.AuthorId == moderatorId) return false;
            var author = await users.FindByIdAsync(report.AuthorId);
            if (author is null) return false;
            if (!byNetworkAdmin && (await users.IsInRoleAsync(author, Roles.Moderator) || await users.IsInRoleAsync(author, Roles.NetworkAdmin))) return false;
        }
        var now = clock.GetUtcNow().UtcDateTime;
        note = string.IsNullOrWhiteSpace(note) ? null : Clip(note.Trim(), 2000);
        switch (decision)
        {
            case ReportDecision.ContentHidden:
                await HideAsync(report, note, moderatorId, now, ct);
                break;
            case ReportDecision.AuthorSuspended:
                await suspensions.SuspendAsync(report.AuthorId!, moderatorId, $"report/{report.Id}", ct);
                break;
        }
        report.Status = ReportStatus.Closed;
        report.Decision = decision;
        report.DecisionNote = note;
        report.DecidedBy = moderatorId;
        report.DecidedAt = now;
        Audit(moderatorId, decision switch
        {
            ReportDecision.Dismissed => "report.dismissed",
            ReportDecision.ContentHidden => "report.content-hidden",
            _ => "report.author-suspended",
        }, report, note, now);
        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>Takes the content down where the site has a way to: a practice returns to draft, an offer is closed.</summary>
    private async Task HideAsync(AbuseReport report, string? note, string moderatorId, DateTime now, CancellationToken ct)
    {
        switch (report.ContentType)
        {
            case "practice":
                var practice = await db.Practices.FirstOrDefaultAsync(p => p.Slug == report.ContentKey, ct);
                if (practice is null || practice.Stage == PracticeStage.Draft) return;
                practice.Stage = PracticeStage.Draft;
                practice.ValidationNote = note ?? text["Report.HiddenNote"];
                practice.UpdatedAt = now;
                practice.Version = Guid.NewGuid();
                PracticeHistory.Record(db, practice, "returned", moderatorId, now, practice.ValidationNote, await PracticeHistory.NextNumberAsync(db, practice.Id, ct));
                db.AuditEntries.Add(new AuditEntry { At = now, UserId = moderatorId, Action = "practice.hidden", Subject = $"practice/{practice.Slug}", Details = $"report/{report.Id}" });
                break;
            case "offer":
                var offer = await db.Offers.FirstOrDefaultAsync(o => o.Slug == report.ContentKey, ct);
                if (offer is null || offer.State == OfferState.Closed) return;
                offer.State = OfferState.Closed;
                offer.UpdatedAt = now;
                offer.Version = Guid.NewGuid();
                db.AuditEntries.Add(new AuditEntry { At = now, UserId = moderatorId, Action = "offer.hidden", Subject = $"offer/{offer.Slug}", Details = $"report/{report.Id}" });
                break;
        }
    }

    private async Task TellModeratorsAsync(AbuseReport report, string link, CancellationToken ct)
    {
        var moderators = (await users.GetUsersInRoleAsync(Roles.Moderator)).Concat(await users.GetUsersInRoleAsync(Roles.NetworkAdmin))
            .Where(u => u.EmailConfirmed && u.Email is not null && u.SuspendedAt is null).DistinctBy(u => u.Id).ToList();
        foreach (var moderator in moderators)
        {
            try
            {
                await mail.SendAsync(moderator.Email!, text["Report.Mail.Subject"],
                    string.Format(CultureInfo.CurrentCulture, text["Report.Mail.Body"], text[$"Report.Type.{report.ContentType}"], report.ContentTitle, text[$"Report.Reason.{report.Reason}"], link), ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogWarning(e, "Could not e-mail moderator {UserId} about report {ReportId}", moderator.Id, report.Id);
            }
        }
    }

    private void Audit(string? userId, string action, AbuseReport report, string? details, DateTime at) =>
        db.AuditEntries.Add(new AuditEntry { At = at, UserId = userId, Action = action, Subject = $"report/{report.Id}", Details = details });

    private static string Clip(string value, int max) => value.Length > max ? value[..max] : value;
}
