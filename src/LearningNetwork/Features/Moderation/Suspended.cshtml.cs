using LearningNetwork.Data;
using LearningNetwork.Domain;
using LearningNetwork.Features.Practices;
using LearningNetwork.Infrastructure.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace LearningNetwork.Features.Moderation;

/// <summary>/{lang}/admin/suspensions: the suspended accounts, and lifting a suspension.</summary>
[Authorize(Roles = $"{Roles.NetworkAdmin},{Roles.Moderator}")]
public sealed class SuspendedModel(LearningNetworkDb db, Suspensions suspensions) : PageModel
{
    public IReadOnlyList<(string Id, string? Email, DateTime Since)> Accounts { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) =>
        Accounts = (await db.Users.AsNoTracking().Where(u => u.SuspendedAt != null).OrderByDescending(u => u.SuspendedAt)
            .Select(u => new { u.Id, u.Email, u.SuspendedAt }).Take(500).ToListAsync(ct))
            .Select(u => (u.Id, u.Email, u.SuspendedAt!.Value)).ToList();

    public async Task<IActionResult> OnPostAsync(string? userId, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(userId) || userId.Length > 450 || !await suspensions.LiftAsync(userId, PracticeEditor.UserId(User)!, ct)) return NotFound();
        return LocalRedirect($"/{LocalizationSetup.CurrentLanguage}/admin/suspensions");
    }
}
