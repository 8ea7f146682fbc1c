using System.Security.Claims;
using LearningNetwork.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace LearningNetwork.Features.Events;

/// <summary>
/// /{lang}/events/calendar: a signed-in person's own calendar feed of the events they registered for. The feed's address
/// holds a secret token (only its SHA-256 is stored), shown once when made; making a new one ends the old one.
/// </summary>
[Authorize]
public sealed class CalendarModel(LearningNetworkDb db, TimeProvider clock) : PageModel
{
    public bool HasFeed { get; private set; }
    public string? NewFeedUrl { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var userId = User.FindFirstValue(ClaimTypes.NameIdentifier)!;
        HasFeed = await db.CalendarFeedTokens.AnyAsync(t => t.UserId == userId, ct);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var userId = User.FindFirstValue(ClaimTypes.NameIdentifier)!;
        var token = await EventsApi.NewFeedTokenAsync(db, userId, clock.GetUtcNow().UtcDateTime, ct);
        NewFeedUrl = $"{EventsApi.Origin(HttpContext)}/events/feed/{token}.ics";
        HasFeed = true;
        return Page();
    }
}
