using LearningNetwork.Data;
using LearningNetwork.Domain;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace LearningNetwork.Features.Audit;

/// <summary>
/// /{lang}/admin/audit: the audit log for coordinators (network admins and moderators), newest first, filtered
/// by what was done (an action or its prefix, such as <c>organisation.</c>) and by subject (<c>partner/12</c>).
/// Read only: the app never changes or removes an entry.
/// </summary>
[Authorize(Roles = $"{Roles.NetworkAdmin},{Roles.Moderator}")]
public sealed class IndexModel(LearningNetworkDb db) : PageModel
{
    public const int PageSize = 50;

    [FromQuery(Name = "action")] public string? ActionFilter { get; set; }
    [FromQuery(Name = "subject")] public string? Subject { get; set; }
    [FromQuery(Name = "page")] public string? PageText { get; set; }

    public IReadOnlyList<AuditLine> Lines { get; private set; } = [];
    public int Total { get; private set; }
    public int PageNumber { get; private set; } = 1;
    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);
    public IReadOnlyList<string> Actions { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        ActionFilter = Clip(ActionFilter, 64);
        Subject = Clip(Subject, 200);
        PageNumber = int.TryParse(PageText, out var p) && p is > 0 and < 100_000 ? p : 1;

        var entries = db.AuditEntries.AsNoTracking();
        if (ActionFilter is { } action) entries = entries.Where(e => e.Action.StartsWith(action));
        if (Subject is { } subject) entries = entries.Where(e => e.Subject == subject);
        Total = await entries.CountAsync(ct);
        var page = await entries.OrderByDescending(e => e.At).ThenByDescending(e => e.Id)
            .Skip((PageNumber - 1) * PageSize).Take(PageSize).ToListAsync(ct);

        var userIds = page.Where(e => e.UserId != null).Select(e => e.UserId!).Distinct().ToList();
        var emails = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.Email, ct);
        Lines = page.Select(e => new AuditLine(e.At, e.UserId is null ? null : emails.GetValueOrDefault(e.UserId) ?? e.UserId, e.Action, e.Subject, e.Details)).ToList();
        Actions = await db.AuditEntries.AsNoTracking().Select(e => e.Action).Distinct().OrderBy(a => a).ToListAsync(ct);
    }

    public string PageLink(int page) => QueryString.Create(new Dictionary<string, string?>
    {
        ["action"] = ActionFilter, ["subject"] = Subject, ["page"] = page.ToString(System.Globalization.CultureInfo.InvariantCulture),
    }.Where(kv => !string.IsNullOrEmpty(kv.Value))).ToUriComponent();

    private static string? Clip(string? value, int max)
    {
        var trimmed = value?.Trim();
        return string.IsNullOrEmpty(trimmed) ? null : trimmed.Length > max ? trimmed[..max] : trimmed;
    }
}

public sealed record AuditLine(DateTime At, string? Who, string Action, string Subject, string? Details);
