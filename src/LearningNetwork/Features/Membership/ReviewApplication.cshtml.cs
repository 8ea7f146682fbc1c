using System.Security.Claims;
using LearningNetwork.Data;
using LearningNetwork.Domain;
using LearningNetwork.Infrastructure.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace LearningNetwork.Features.Membership;

/// <summary>/{lang}/membership/review/{id}: one application and the decision on it. Asking for changes or
/// rejecting needs a reason, which the applicant receives. A decision made meanwhile by someone else wins and is shown.</summary>
[Authorize(Roles = Roles.NetworkAdmin)]
public sealed class ReviewApplicationModel(LearningNetworkDb db, MembershipService membership, Partners.Places places) : PageModel
{
    public MembershipApplication Application { get; private set; } = null!;
    public NutsRegion? Region { get; private set; }
    public string? SubdivisionName { get; private set; }
    public string? Error { get; private set; }

    [BindProperty] public string? Decision { get; set; }
    [BindProperty] public string? Note { get; set; }
    [BindProperty] public Guid Version { get; set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct) => await LoadAsync(id, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        ReviewDecision? decision = Decision switch
        {
            "accept" => ReviewDecision.Accept, "changes" => ReviewDecision.RequestChanges, "reject" => ReviewDecision.Reject, _ => null,
        };
        if (decision is null) Error = "Membership.DecisionRequired";
        else if (decision != ReviewDecision.Accept && string.IsNullOrWhiteSpace(Note)) Error = "Membership.ReasonRequired";
        else if (Note is { Length: > 2000 }) Error = "Validation.TooLong2000";
        if (Error is not null) return Page();
        if (!await membership.DecideAsync(Application, Version, decision!.Value, Note, User.FindFirstValue(ClaimTypes.NameIdentifier)!, ct))
        {
            Error = "Membership.DecidedMeanwhile";
            db.ChangeTracker.Clear();
            await LoadAsync(id, ct);
            return Page();
        }
        return LocalRedirect($"/{LocalizationSetup.CurrentLanguage}/membership/review");
    }

    private async Task<bool> LoadAsync(int id, CancellationToken ct)
    {
        var application = await db.MembershipApplications.FindAsync([id], ct);
        if (application is null) return false;
        Application = application;
        Region = application.NutsCode is null ? null : await db.NutsRegions.AsNoTracking()
            .Select(r => new NutsRegion { Code = r.Code, CountryCode = r.CountryCode, NameLatin = r.NameLatin, NameNational = r.NameNational, Level = r.Level })
            .FirstOrDefaultAsync(r => r.Code == application.NutsCode, ct);
        SubdivisionName = await places.NameAsync(application.SubdivisionCode, LocalizationSetup.CurrentLanguage, ct);
        return true;
    }
}
