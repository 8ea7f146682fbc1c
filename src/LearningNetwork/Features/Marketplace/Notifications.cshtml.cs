using LearningNetwork.Data;
using LearningNetwork.Domain;
using LearningNetwork.Features.Practices;
using LearningNetwork.Infrastructure.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace LearningNetwork.Features.Marketplace;

/// <summary>
/// /{lang}/notifications: the person's in-app notifications, newest first (opening the page marks them read), and the
/// choice to hear by e-mail, at most daily, of new requests that match their organisation's offers.
/// </summary>
[Authorize]
public sealed class NotificationsModel(LearningNetworkDb db, TimeProvider clock) : PageModel
{
    public IReadOnlyList<Notification> Items { get; private set; } = [];
    public bool Subscribed { get; private set; }
    public bool Saved { get; private set; }
    [BindProperty] public bool Alerts { get; set; }

    public async Task OnGetAsync(string? done, CancellationToken ct)
    {
        var userId = PracticeEditor.UserId(User)!;
        Items = await db.Notifications.AsNoTracking().Where(n => n.UserId == userId).OrderByDescending(n => n.CreatedAt).ThenByDescending(n => n.Id).Take(100).ToListAsync(ct);
        Subscribed = await db.MatchAlertSubscriptions.AnyAsync(s => s.UserId == userId, ct);
        Saved = done == "saved";
        var now = clock.GetUtcNow().UtcDateTime;
        await db.Notifications.Where(n => n.UserId == userId && n.ReadAt == null).ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, now), ct);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var userId = PracticeEditor.UserId(User)!;
        var existing = await db.MatchAlertSubscriptions.FirstOrDefaultAsync(s => s.UserId == userId, ct);
        // From now on: requests published before the subscription are not sent.
        if (Alerts && existing is null) db.MatchAlertSubscriptions.Add(new MatchAlertSubscription { UserId = userId, LastSentAt = clock.GetUtcNow().UtcDateTime });
        if (!Alerts && existing is not null) db.MatchAlertSubscriptions.Remove(existing);
        await db.SaveChangesAsync(ct);
        return LocalRedirect($"/{LocalizationSetup.CurrentLanguage}/notifications?done=saved");
    }
}
