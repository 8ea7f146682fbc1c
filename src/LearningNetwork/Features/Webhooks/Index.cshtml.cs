using System.Security.Claims;
using System.Security.Cryptography;
using LearningNetwork.Data;
using LearningNetwork.Domain;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace LearningNetwork.Features.Webhooks;

/// <summary>
/// /{lang}/networks/webhooks: network admins subscribe other networks' endpoints to our changes (the signing secret is
/// shown once), switch them off, and see how the latest deliveries went.
/// </summary>
[Authorize(Roles = Roles.NetworkAdmin)]
public sealed class IndexModel(LearningNetworkDb db, TimeProvider clock, Infrastructure.Outbound.OutboundPolicy outbound) : PageModel
{
    [BindProperty(Name = "Url")] public string? Endpoint { get; set; }
    [BindProperty] public string? Description { get; set; }

    public IReadOnlyList<WebhookSubscription> Subscriptions { get; private set; } = [];
    public IReadOnlyList<WebhookDelivery> Recent { get; private set; } = [];
    public string? NewSecret { get; private set; }
    public Dictionary<string, string> Errors { get; } = [];

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var url = Endpoint?.Trim() ?? "";
        if (url.Length == 0) Errors["Url"] = "Validation.Required";
        else if (url.Length > 1000 || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")) Errors["Url"] = "Network.BadFeed";
        // https outside Development and a public host, told on the field; the dispatcher's connect-time check stays the guard.
        else if (await outbound.CheckAsync(url, ct) is { } problem) Errors["Url"] = problem;
        var description = Description?.Trim();
        if (description is { Length: > 500 }) Errors["Description"] = "Validation.TooLong|500";
        if (Errors.Count > 0)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            await LoadAsync(ct);
            return Page();
        }
        var secret = Convert.ToHexString(RandomNumberGenerator.GetBytes(32)).ToLowerInvariant();
        var now = clock.GetUtcNow().UtcDateTime;
        db.WebhookSubscriptions.Add(new WebhookSubscription { Url = url, Secret = secret, Description = string.IsNullOrEmpty(description) ? null : description, CreatedAt = now });
        db.AuditEntries.Add(new AuditEntry { At = now, UserId = User.FindFirstValue(ClaimTypes.NameIdentifier), Action = "webhook.subscribed", Subject = "webhooks", Details = url });
        await db.SaveChangesAsync(ct);
        NewSecret = secret;
        Endpoint = Description = null;
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostStopAsync(int id, CancellationToken ct)
    {
        var subscription = await db.WebhookSubscriptions.FirstOrDefaultAsync(s => s.Id == id, ct);
        if (subscription is null) return NotFound();
        subscription.Active = false;
        db.AuditEntries.Add(new AuditEntry
        {
            At = clock.GetUtcNow().UtcDateTime, UserId = User.FindFirstValue(ClaimTypes.NameIdentifier), Action = "webhook.stopped", Subject = "webhooks", Details = subscription.Url,
        });
        await db.SaveChangesAsync(ct);
        return LocalRedirect($"/{Infrastructure.Localization.LocalizationSetup.CurrentLanguage}/networks/webhooks");
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Subscriptions = await db.WebhookSubscriptions.AsNoTracking().OrderByDescending(s => s.Active).ThenBy(s => s.Url).ToListAsync(ct);
        Recent = await db.WebhookDeliveries.AsNoTracking().OrderByDescending(d => d.Id).Take(30).ToListAsync(ct);
    }
}
