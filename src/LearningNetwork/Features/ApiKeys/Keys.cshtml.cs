using System.Security.Claims;
using LearningNetwork.Data;
using LearningNetwork.Domain;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace LearningNetwork.Features.ApiKeys;

/// <summary>
/// /{lang}/organisation/{partnerId}/api-keys: the organisation's admins make keys for their own systems (the secret is
/// shown once, only its hash is kept), see when each was last used, and revoke them. Anyone else gets 403.
/// </summary>
[Authorize]
public sealed class KeysModel(LearningNetworkDb db, TimeProvider clock) : PageModel
{
    [BindProperty] public string? Name { get; set; }
    [BindProperty] public List<string> Scopes { get; set; } = [];

    public Partner Partner { get; private set; } = null!;
    public IReadOnlyList<ApiKey> Keys { get; private set; } = [];
    public string? NewToken { get; private set; }
    public Dictionary<string, string> Errors { get; } = [];

    public async Task<IActionResult> OnGetAsync(int partnerId, CancellationToken ct) => await LoadAsync(partnerId, ct) ?? Page();

    public async Task<IActionResult> OnPostAsync(int partnerId, CancellationToken ct)
    {
        if (await LoadAsync(partnerId, ct) is { } denied) return denied;
        var name = Name?.Trim() ?? "";
        if (name.Length == 0) Errors["Name"] = "Validation.Required";
        else if (name.Length > 200) Errors["Name"] = "Validation.TooLong200";
        var scopes = Scopes.Where(s => !string.IsNullOrEmpty(s)).Distinct().ToList();
        if (scopes.Count == 0 || scopes.Any(s => !ApiScopes.All.Contains(s))) Errors["Scopes"] = "ApiKeys.ChooseScope";
        if (Keys.Count(k => k.RevokedAt is null) >= 20) Errors["Name"] = "ApiKeys.TooMany";
        if (Errors.Count > 0)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        var (prefix, secret, token) = ApiKeyAuthentication.NewKey();
        var now = clock.GetUtcNow().UtcDateTime;
        var userId = User.FindFirstValue(ClaimTypes.NameIdentifier);
        db.ApiKeys.Add(new ApiKey
        {
            PartnerId = partnerId, Name = name, Prefix = prefix, SecretHash = ApiKeyAuthentication.Hash(secret), Scopes = string.Join(' ', scopes),
            CreatedAt = now, CreatedBy = userId,
        });
        db.AuditEntries.Add(new AuditEntry { At = now, UserId = userId, Action = "apikey.created", Subject = $"partner/{partnerId}", Details = $"{prefix} {string.Join(' ', scopes)}" });
        await db.SaveChangesAsync(ct);
        NewToken = token; // shown once, never stored
        Name = null;
        await LoadAsync(partnerId, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(int partnerId, int id, CancellationToken ct)
    {
        if (await LoadAsync(partnerId, ct) is { } denied) return denied;
        var key = await db.ApiKeys.FirstOrDefaultAsync(k => k.Id == id && k.PartnerId == partnerId, ct);
        if (key is null) return NotFound();
        var now = clock.GetUtcNow().UtcDateTime;
        key.RevokedAt ??= now;
        db.AuditEntries.Add(new AuditEntry { At = now, UserId = User.FindFirstValue(ClaimTypes.NameIdentifier), Action = "apikey.revoked", Subject = $"partner/{partnerId}", Details = key.Prefix });
        await db.SaveChangesAsync(ct);
        return LocalRedirect($"/{Infrastructure.Localization.LocalizationSetup.CurrentLanguage}/organisation/{partnerId}/api-keys");
    }

    private async Task<IActionResult?> LoadAsync(int partnerId, CancellationToken ct)
    {
        var partner = await db.Partners.AsNoTracking().FirstOrDefaultAsync(p => p.Id == partnerId, ct);
        if (partner is null) return NotFound();
        var userId = User.FindFirstValue(ClaimTypes.NameIdentifier);
        var admin = User.IsInRole(Roles.NetworkAdmin) || await db.PartnerMembers.AnyAsync(
            m => m.PartnerId == partnerId && m.UserId == userId && m.Role == OrganisationRole.OrganisationAdmin, ct);
        if (!admin) return Forbid();
        Partner = partner;
        Keys = await db.ApiKeys.AsNoTracking().Where(k => k.PartnerId == partnerId).OrderByDescending(k => k.CreatedAt).ToListAsync(ct);
        return null;
    }
}
