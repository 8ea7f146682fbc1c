using LearningNetwork.ReferenceData;
using System.Globalization;
using System.Security.Claims;
using LearningNetwork.Data;
using LearningNetwork.Domain;
using LearningNetwork.Features.Partners;
using LearningNetwork.Infrastructure.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace LearningNetwork.Features.Membership;

/// <summary>
/// /{lang}/organisation/{partnerId}/edit: the organisation's admins (and network admins) correct its profile with
/// the same checks as an application. Anyone else gets 403. An edit made on an older version than the saved one is
/// a conflict: nothing is overwritten, the typed values stay, and the page says so.
/// </summary>
[Authorize]
public sealed class EditOrganisationModel(CountryNames countryNames, LearningNetworkDb db, MembershipService membership, TimeProvider clock, IStringLocalizer<SharedResource> text, Places places) : PageModel
{
    [BindProperty] public ApplicationForm Form { get; set; } = new();
    [BindProperty] public Guid Version { get; set; }
    public Partner Partner { get; private set; } = null!;
    public Dictionary<string, string> Errors { get; } = [];
    public bool Conflict { get; private set; }
    public IReadOnlyList<FilterChoice> Countries { get; private set; } = [];
    public IReadOnlyList<FilterChoice> Languages { get; private set; } = [];
    public IReadOnlyList<FilterChoice> Biogeographical { get; private set; } = [];
    public IReadOnlyList<FilterChoice> Subdivisions { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(int partnerId, CancellationToken ct)
    {
        var denied = await LoadAsync(partnerId, ct);
        if (denied is not null) return denied;
        var ids = Partner.Themes.Select(t => t.ConceptId).ToList();
        var lang = LocalizationSetup.CurrentLanguage;
        var labels = (await db.GemetLabels.AsNoTracking().Where(l => ids.Contains(l.ConceptId) && (l.Language == lang || l.Language == "en")).ToListAsync(ct))
            .GroupBy(l => l.ConceptId).Select(g => (g.FirstOrDefault(l => l.Language == lang) ?? g.First()).Label);
        Form = new ApplicationForm
        {
            Name = Partner.Name, Type = PartnersApi.TypeCode(Partner.Type), Country = Partner.CountryCode, Nuts = Partner.NutsCode, Lau = Partner.LauCode, Subdivision = Partner.SubdivisionCode,
            Latitude = Partner.Latitude?.ToString(CultureInfo.InvariantCulture), Longitude = Partner.Longitude?.ToString(CultureInfo.InvariantCulture),
            Languages = Partner.Languages.Select(l => l.LanguageCode).ToList(), Biogeographical = Partner.BiogeographicalRegions.Select(r => r.RegionCode).ToList(),
            Themes = string.Join("; ", labels.Concat(LearningNetwork.Features.Themes.ThemeNames.Split(Partner.FreeKeywords))), Website = Partner.Website, Description = Partner.Description ?? "",
            DescriptionLanguage = Partner.DescriptionLanguage,
        };
        Version = Partner.Version;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int partnerId, CancellationToken ct)
    {
        var denied = await LoadAsync(partnerId, ct);
        if (denied is not null) return denied;
        if (Version != Partner.Version)
        {
            Conflict = true;
            return Page();
        }
        var (errors, themes, keywords) = await membership.ValidateAsync(Form, LocalizationSetup.CurrentLanguage, null, ct, ignorePartner: partnerId);
        foreach (var (field, key) in errors)
        {
            var parts = key.Split('|', 2);
            Errors[field] = parts.Length == 2 ? text[parts[0], parts[1]] : text[parts[0]];
        }
        if (Errors.Count > 0) return Page();

        var p = Partner;
        var before = $"{p.Name}|{p.Type}|{p.CountryCode}|{p.NutsCode}|{p.SubdivisionCode}|{p.LauCode}|{p.Website}";
        p.Name = Form.Name.Trim();
        p.Type = PartnerQueryParser.ParseType(Form.Type)!.Value;
        p.CountryCode = Form.Country;
        p.NutsCode = string.IsNullOrWhiteSpace(Form.Nuts) ? null : Form.Nuts.Trim().ToUpperInvariant();
        p.LauCode = string.IsNullOrWhiteSpace(Form.Lau) ? null : Form.Lau.Trim();
        p.SubdivisionCode = MembershipService.SubdivisionOf(Form);
        p.Latitude = string.IsNullOrWhiteSpace(Form.Latitude) ? null : double.Parse(Form.Latitude.Trim().Replace(',', '.'), CultureInfo.InvariantCulture);
        p.Longitude = string.IsNullOrWhiteSpace(Form.Longitude) ? null : double.Parse(Form.Longitude.Trim().Replace(',', '.'), CultureInfo.InvariantCulture);
        p.Website = string.IsNullOrWhiteSpace(Form.Website) ? null : Form.Website.Trim();
        p.Description = Form.Description.Trim();
        p.DescriptionLanguage = MembershipService.DescriptionLanguageOf(Form, LocalizationSetup.CurrentLanguage);
        p.Languages.Clear();
        p.Languages.AddRange(Form.Languages.Distinct().Select(l => new PartnerLanguage { LanguageCode = l }));
        p.BiogeographicalRegions.Clear();
        p.BiogeographicalRegions.AddRange(Form.Biogeographical.Distinct().Select(r => new PartnerBiogeographicalRegion { RegionCode = r }));
        p.Themes.Clear();
        p.Themes.AddRange(themes.Select(t => new PartnerTheme { ConceptId = t }));
        p.FreeKeywords = keywords;
        p.Version = Guid.NewGuid();
        db.AuditEntries.Add(new AuditEntry
        {
            At = clock.GetUtcNow().UtcDateTime, UserId = User.FindFirstValue(ClaimTypes.NameIdentifier), Action = "partner.edited", Subject = $"partner/{p.Id}",
            Details = $"before: {before}",
        });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            Conflict = true; // someone saved between our read and our write
            return Page();
        }
        return LocalRedirect($"/{LocalizationSetup.CurrentLanguage}/partners/{p.Slug}");
    }

    private async Task<IActionResult?> LoadAsync(int partnerId, CancellationToken ct)
    {
        var partner = await db.Partners.Include(p => p.Languages).Include(p => p.BiogeographicalRegions).Include(p => p.Themes)
            .AsSplitQuery().FirstOrDefaultAsync(p => p.Id == partnerId, ct);
        if (partner is null) return NotFound();
        var userId = User.FindFirstValue(ClaimTypes.NameIdentifier);
        var admin = User.IsInRole(Roles.NetworkAdmin) || await db.PartnerMembers.AnyAsync(
            m => m.PartnerId == partnerId && m.UserId == userId && m.Role == OrganisationRole.OrganisationAdmin, ct);
        if (!admin) return Forbid();
        Partner = partner;
        Countries = countryNames.Choices(await db.Countries.AsNoTracking().ToListAsync(ct));
        Languages = LanguageNames.Choices(await db.Languages.AsNoTracking().Select(l => l.Code).ToListAsync(ct));
        Biogeographical = (await db.BiogeographicalRegions.AsNoTracking().Select(r => r.Code).ToListAsync(ct)).Select(c => new FilterChoice(c, $"{text[$"Bioregion.{c}"]} ({c})")).OrderBy(c => c.Label, StringComparer.CurrentCulture).ToList();
        Subdivisions = await places.SuggestionsAsync(LocalizationSetup.CurrentLanguage, ct);
        return null;
    }
}
