using System.Security.Claims;
using LearningNetwork.Data;
using LearningNetwork.Domain;
using Microsoft.EntityFrameworkCore;

namespace LearningNetwork.Features.Shared;

/// <summary>
/// What the header offers a signed-in person, by role: "Apply for membership" only to someone who belongs to no
/// organisation (and is no coordinator); their organisation's page to its members; and to coordinators the review
/// queues with how many items wait in each (applications for network admins; practices to validate and abuse reports for
/// moderators and network admins). A few counts per signed-in page; anonymous pages (the cached ones) ask nothing.
/// </summary>
public sealed class HeaderLinks(LearningNetworkDb db)
{
    public sealed record Links(int? OrganisationId, bool MayApply, int? Applications, int? Practices, int? Reports);

    private Links? _links;

    public async Task<Links> ForAsync(ClaimsPrincipal user, CancellationToken ct)
    {
        if (_links is not null) return _links;
        var id = user.FindFirstValue(ClaimTypes.NameIdentifier);
        if (id is null) return _links = new Links(null, false, null, null, null);
        var organisations = await db.PartnerMembers.AsNoTracking().Where(m => m.UserId == id).OrderBy(m => m.Since)
            .Select(m => m.PartnerId).Take(2).ToListAsync(ct);
        var networkAdmin = user.IsInRole(Roles.NetworkAdmin);
        var moderator = networkAdmin || user.IsInRole(Roles.Moderator);
        int? applications = networkAdmin ? await db.MembershipApplications.CountAsync(a => a.Status == ApplicationStatus.Submitted, ct) : null;
        int? practices = moderator ? await db.Practices.CountAsync(p => p.Stage == PracticeStage.Submitted || p.Stage == PracticeStage.Validated, ct) : null;
        int? reports = moderator ? await db.AbuseReports.CountAsync(r => r.Status == ReportStatus.Open, ct) : null;
        return _links = new Links(organisations.Count == 1 ? organisations[0] : null, organisations.Count == 0 && !moderator, applications, practices, reports);
    }
}
