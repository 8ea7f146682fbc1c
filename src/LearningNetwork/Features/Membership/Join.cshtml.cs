using System.Security.Claims;
using LearningNetwork.Data;
using LearningNetwork.Domain;
using LearningNetwork.Infrastructure.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace LearningNetwork.Features.Membership;

/// <summary>/{lang}/organisation/join?token=: the invited person, signed in with the invited address, joins.
/// An expired, used or unknown invitation says so; a different account is told to sign in with the invited address.</summary>
[Authorize]
public sealed class JoinModel(LearningNetworkDb db, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Token { get; set; }
    public string Outcome { get; private set; } = "invalid";
    public string? PartnerName { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await CheckAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var invitation = await CheckAsync(ct);
        if (invitation is null || Outcome != "ready") return Page();
        var userId = User.FindFirstValue(ClaimTypes.NameIdentifier)!;
        var now = clock.GetUtcNow().UtcDateTime;
        invitation.AcceptedAt = now;
        invitation.AcceptedBy = userId;
        if (!await db.PartnerMembers.AnyAsync(m => m.PartnerId == invitation.PartnerId && m.UserId == userId, ct))
            db.PartnerMembers.Add(new PartnerMember { PartnerId = invitation.PartnerId, UserId = userId, Role = invitation.Role, Since = now });
        db.AuditEntries.Add(new AuditEntry { At = now, UserId = userId, Action = "organisation.joined", Subject = $"partner/{invitation.PartnerId}", Details = invitation.Role.ToString() });
        await db.SaveChangesAsync(ct);
        return LocalRedirect($"/{LocalizationSetup.CurrentLanguage}/organisation/{invitation.PartnerId}");
    }

    private async Task<Invitation?> CheckAsync(CancellationToken ct)
    {
        if (string.IsNullOrEmpty(Token) || Token.Length > 100) { Outcome = "invalid"; return null; }
        var hash = OrganisationModel.Hash(Token);
        var invitation = await db.Invitations.FirstOrDefaultAsync(i => i.TokenHash == hash, ct);
        if (invitation is null) { Outcome = "invalid"; return null; }
        PartnerName = await db.Partners.Where(p => p.Id == invitation.PartnerId).Select(p => p.Name).FirstOrDefaultAsync(ct);
        var email = User.FindFirstValue(ClaimTypes.Email) ?? User.Identity?.Name;
        Outcome = invitation.AcceptedAt is not null ? "used"
            : invitation.ExpiresAt <= clock.GetUtcNow().UtcDateTime ? "expired"
            : !string.Equals(email, invitation.Email, StringComparison.OrdinalIgnoreCase) ? "other-account"
            : "ready";
        return invitation;
    }
}
