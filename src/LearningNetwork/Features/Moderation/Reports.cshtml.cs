using LearningNetwork.Data;
using LearningNetwork.Domain;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace LearningNetwork.Features.Moderation;

/// <summary>/{lang}/admin/reports: the reports for moderators and network admins, open or closed, newest first, with counts.</summary>
[Authorize(Roles = $"{Roles.NetworkAdmin},{Roles.Moderator}")]
public sealed class ReportsModel(LearningNetworkDb db) : PageModel
{
    public const int PageSize = 100;

    [FromQuery(Name = "status")] public string? StatusText { get; set; }
    public ReportStatus Status { get; private set; }
    public int OpenCount { get; private set; }
    public int ClosedCount { get; private set; }
    public int SuspendedCount { get; private set; }
    public IReadOnlyList<AbuseReport> Items { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        Status = StatusText == "closed" ? ReportStatus.Closed : ReportStatus.Open;
        OpenCount = await db.AbuseReports.CountAsync(r => r.Status == ReportStatus.Open, ct);
        ClosedCount = await db.AbuseReports.CountAsync(r => r.Status == ReportStatus.Closed, ct);
        SuspendedCount = await db.Users.CountAsync(u => u.SuspendedAt != null, ct);
        Items = await db.AbuseReports.AsNoTracking().Where(r => r.Status == Status)
            .OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id).Take(PageSize).ToListAsync(ct);
    }
}
