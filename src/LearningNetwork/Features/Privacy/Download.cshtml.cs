using System.Text.Json;
using LearningNetwork.Data;
using LearningNetwork.Domain;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LearningNetwork.Features.Privacy;

/// <summary>GET /{lang}/account/privacy/download: the signed-in person's data as a JSON file (never cached). Each download is audited.</summary>
[Authorize]
public sealed class DownloadModel(UserManager<UserAccount> users, PersonalDataExport export, LearningNetworkDb db, TimeProvider clock) : PageModel
{
    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var user = await users.GetUserAsync(User);
        if (user is null) return Challenge();
        var now = clock.GetUtcNow().UtcDateTime;
        var data = await export.ForAsync(user, now, ct);
        db.AuditEntries.Add(new AuditEntry { At = now, UserId = user.Id, Action = "privacy.exported", Subject = $"user/{user.Id}" });
        await db.SaveChangesAsync(ct);
        Response.Headers.CacheControl = "no-store";
        return File(JsonSerializer.SerializeToUtf8Bytes(data, PersonalDataExport.Json), "application/json",
            FormattableString.Invariant($"learning-network-my-data-{now:yyyy-MM-dd}.json"));
    }
}
