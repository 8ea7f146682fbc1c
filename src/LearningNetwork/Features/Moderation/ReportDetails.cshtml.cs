using LearningNetwork.Data;
using LearningNetwork.Domain;
using LearningNetwork.Features.Practices;
using LearningNetwork.Infrastructure.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace LearningNetwork.Features.Moderation;

/// <summary>/{lang}/admin/reports/{id}: one report, the content as it is now, and the moderator's decision (dismiss, hide
/// the content, suspend its author), or lifting the author's suspension.</summary>
[Authorize(Roles = $"{Roles.NetworkAdmin},{Roles.Moderator}")]
public sealed class ReportDetailsModel(LearningNetworkDb db, ReportedContent contents, ModerationDesk desk, Suspensions suspensions) : PageModel
{
    public AbuseReport Report { get; private set; } = null!;
    public ContentInfo? Item { get; private set; }
    public string? ReporterEmail { get; private set; }
    public string? AuthorEmail { get; private set; }
    public bool AuthorSuspended { get; private set; }
    public string? DeciderEmail { get; private set; }
    [BindProperty] public string? Note { get; set; }
    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct) => await LoadAsync(id, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(int id, string? decision, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        ReportDecision? chosen = decision switch
        {
            "dismiss" => ReportDecision.Dismissed,
            "hide" => ReportDecision.ContentHidden,
            "suspend" => ReportDecision.AuthorSuspended,
            _ => null,
        };
        if (chosen is null || Note is { Length: > 2000 } || !await desk.DecideAsync(Report, chosen.Value, Note, PracticeEditor.UserId(User)!, User.IsInRole(Roles.NetworkAdmin), ct))
        {
            Error = "Reports.CannotDecide";
            Response.StatusCode = StatusCodes.Status409Conflict;
            return Page();
        }
        return LocalRedirect($"/{LocalizationSetup.CurrentLanguage}/admin/reports/{id}");
    }

    public async Task<IActionResult> OnPostLiftAsync(int id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        if (Report.AuthorId is null || !await suspensions.LiftAsync(Report.AuthorId, PracticeEditor.UserId(User)!, ct))
        {
            Error = "Reports.CannotDecide";
            Response.StatusCode = StatusCodes.Status409Conflict;
            return Page();
        }
        return LocalRedirect($"/{LocalizationSetup.CurrentLanguage}/admin/reports/{id}");
    }

    private async Task<bool> LoadAsync(int id, CancellationToken ct)
    {
        var report = await db.AbuseReports.FirstOrDefaultAsync(r => r.Id == id, ct);
        if (report is null) return false;
        Report = report;
        Item = await contents.FindAsync(report.ContentType, report.ContentKey, User, asModerator: true, ct);
        var ids = new[] { report.ReporterId, report.AuthorId, report.DecidedBy }.OfType<string>().ToList();
        var people = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => new { u.Email, u.SuspendedAt }, ct);
        ReporterEmail = report.ReporterId is { } r ? people.GetValueOrDefault(r)?.Email : null;
        AuthorEmail = report.AuthorId is { } a ? people.GetValueOrDefault(a)?.Email : null;
        AuthorSuspended = report.AuthorId is { } s && people.GetValueOrDefault(s)?.SuspendedAt is not null;
        DeciderEmail = report.DecidedBy is { } d ? people.GetValueOrDefault(d)?.Email : null;
        return true;
    }
}
