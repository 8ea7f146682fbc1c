using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using System.Security.Cryptography;
using LearningNetwork.Data;
using LearningNetwork.Domain;
using LearningNetwork.Features.Accounts;
using LearningNetwork.Infrastructure.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace LearningNetwork.Features.Membership;

/// <summary>
/// /{lang}/organisation/{partnerId}: an organisation's people. Its members see the list; its organisation admins
/// invite colleagues by e-mail, change roles and remove people. Anyone else gets 403, whatever the page shows.
/// An organisation always keeps at least one admin.
/// </summary>
[Authorize]
public sealed class OrganisationModel(LearningNetworkDb db, MailSender mail, Infrastructure.SiteLinks links, TimeProvider clock, IStringLocalizer<SharedResource> text) : PageModel
{
    public sealed record MemberRow(string UserId, string Name, string Email, OrganisationRole Role);

    public Partner Partner { get; private set; } = null!;
    public IReadOnlyList<MemberRow> Members { get; private set; } = [];
    public IReadOnlyList<Invitation> Pending { get; private set; } = [];
    public bool IsAdmin { get; private set; }
    public string? Error { get; private set; }
    public string? Done { get; private set; }

    [BindProperty, EmailAddress] public string? InviteEmail { get; set; }
    [BindProperty] public string? InviteRole { get; set; }

    private string UserId => User.FindFirstValue(ClaimTypes.NameIdentifier)!;

    public async Task<IActionResult> OnGetAsync(int partnerId, string? done, CancellationToken ct)
    {
        var access = await LoadAsync(partnerId, ct);
        if (access is not null) return access;
        Done = done is "invited" or "changed" ? done : null;
        return Page();
    }

    public async Task<IActionResult> OnPostInviteAsync(int partnerId, CancellationToken ct)
    {
        var access = await LoadAsync(partnerId, ct, adminOnly: true);
        if (access is not null) return access;
        var email = InviteEmail?.Trim() ?? "";
        var role = ParseRole(InviteRole);
        if (email.Length == 0 || email.Length > 256 || !new EmailAddressAttribute().IsValid(email) || !MimeKit.MailboxAddress.TryParse(email, out _)) Error = text["Validation.Email"];
        else if (role is null) Error = text["Validation.UnknownChoice"];
        else if (Members.Any(m => string.Equals(m.Email, email, StringComparison.OrdinalIgnoreCase))) Error = text["Organisation.AlreadyMember"];
        if (Error is not null) return Page();

        var token = WebEncodersToken();
        var now = clock.GetUtcNow().UtcDateTime;
        db.Invitations.Add(new Invitation
        {
            PartnerId = partnerId, Email = email, Role = role!.Value, TokenHash = Hash(token), InvitedBy = UserId, CreatedAt = now, ExpiresAt = now.AddDays(14),
        });
        db.AuditEntries.Add(new AuditEntry { At = now, UserId = UserId, Action = "organisation.invited", Subject = $"partner/{partnerId}", Details = $"{email} as {role}" });
        await db.SaveChangesAsync(ct);
        var link = links.To(LocalizationSetup.CurrentLanguage, "organisation/join", new Dictionary<string, string?> { ["token"] = token });
        await mail.SendAsync(email, string.Format(System.Globalization.CultureInfo.CurrentCulture, text["Mail.Invitation.Subject"], Partner.Name),
            string.Format(System.Globalization.CultureInfo.CurrentCulture, text["Mail.Invitation.Body"], Partner.Name, link), ct);
        return LocalRedirect($"/{LocalizationSetup.CurrentLanguage}/organisation/{partnerId}?done=invited");
    }

    public async Task<IActionResult> OnPostRoleAsync(int partnerId, string? userId, string? role, CancellationToken ct)
    {
        var access = await LoadAsync(partnerId, ct, adminOnly: true);
        if (access is not null) return access;
        var member = await db.PartnerMembers.FirstOrDefaultAsync(m => m.PartnerId == partnerId && m.UserId == userId, ct);
        var newRole = role == "remove" ? (OrganisationRole?)null : ParseRole(role);
        if (member is null || (newRole is null && role != "remove")) { Error = text["Validation.UnknownChoice"]; return Page(); }
        var admins = Members.Count(m => m.Role == OrganisationRole.OrganisationAdmin);
        if (member.Role == OrganisationRole.OrganisationAdmin && newRole != OrganisationRole.OrganisationAdmin && admins <= 1)
        {
            Error = text["Organisation.LastAdmin"];
            return Page();
        }
        if (newRole is null) db.PartnerMembers.Remove(member);
        else member.Role = newRole.Value;
        db.AuditEntries.Add(new AuditEntry
        {
            At = clock.GetUtcNow().UtcDateTime, UserId = UserId, Action = newRole is null ? "organisation.removed" : "organisation.role-changed",
            Subject = $"partner/{partnerId}", Details = $"{userId} {newRole?.ToString() ?? ""}".Trim(),
        });
        await db.SaveChangesAsync(ct);
        return LocalRedirect($"/{LocalizationSetup.CurrentLanguage}/organisation/{partnerId}?done=changed");
    }

    /// <returns>Null when the person may go on; otherwise the answer (404, 403).</returns>
    private async Task<IActionResult?> LoadAsync(int partnerId, CancellationToken ct, bool adminOnly = false)
    {
        var partner = await db.Partners.AsNoTracking().FirstOrDefaultAsync(p => p.Id == partnerId, ct);
        if (partner is null) return NotFound();
        Partner = partner;
        var me = await db.PartnerMembers.AsNoTracking().FirstOrDefaultAsync(m => m.PartnerId == partnerId && m.UserId == UserId, ct);
        var coordinator = User.IsInRole(Roles.NetworkAdmin);
        if (me is null && !coordinator) return Forbid();
        IsAdmin = me?.Role == OrganisationRole.OrganisationAdmin;
        if (adminOnly && !IsAdmin) return Forbid();
        var rows = await db.PartnerMembers.AsNoTracking().Where(m => m.PartnerId == partnerId)
            .Join(db.Users, m => m.UserId, u => u.Id, (m, u) => new { m.UserId, u.DisplayName, u.Email, m.Role }).ToListAsync(ct);
        Members = rows.Select(r => new MemberRow(r.UserId, r.DisplayName ?? r.Email ?? "", r.Email ?? "", r.Role))
            .OrderBy(m => m.Name, StringComparer.CurrentCulture).ToList();
        var now = clock.GetUtcNow().UtcDateTime;
        Pending = IsAdmin ? await db.Invitations.AsNoTracking().Where(i => i.PartnerId == partnerId && i.AcceptedAt == null && i.ExpiresAt > now)
            .OrderBy(i => i.CreatedAt).ToListAsync(ct) : [];
        return null;
    }

    public static OrganisationRole? ParseRole(string? role) => role switch
    {
        "member" => OrganisationRole.Member, "admin" => OrganisationRole.OrganisationAdmin, _ => null,
    };

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token)));

    private static string WebEncodersToken() => Microsoft.AspNetCore.WebUtilities.WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
}
