using LearningNetwork.Data;
using LearningNetwork.Domain;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace LearningNetwork.Features.Membership;

/// <summary>/{lang}/membership/review: the applications waiting for a network admin, oldest first.</summary>
[Authorize(Roles = Roles.NetworkAdmin)]
public sealed class ReviewModel(LearningNetworkDb db) : PageModel
{
    public IReadOnlyList<MembershipApplication> Waiting { get; private set; } = [];
    public IReadOnlyList<MembershipApplication> Decided { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        Waiting = await db.MembershipApplications.AsNoTracking().Where(a => a.Status == ApplicationStatus.Submitted).OrderBy(a => a.SubmittedAt).ToListAsync(ct);
        Decided = await db.MembershipApplications.AsNoTracking().Where(a => a.Status != ApplicationStatus.Submitted)
            .OrderByDescending(a => a.ReviewedAt).Take(50).ToListAsync(ct);
    }
}
