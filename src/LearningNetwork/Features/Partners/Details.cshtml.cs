using LearningNetwork.Data;
using LearningNetwork.Domain;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace LearningNetwork.Features.Partners;

/// <summary>/{lang}/partners/{slug}: one partner's profile, with names in the reader's language where the reference data has them.</summary>
public sealed class DetailsModel(PartnerDirectory directory, LearningNetworkDb db) : PageModel
{
    public Partner Partner { get; private set; } = null!;
    public Country? Country { get; private set; }
    public NutsRegion? Region { get; private set; }
    public IReadOnlyList<Language> Languages { get; private set; } = [];
    public IReadOnlyList<BiogeographicalRegion> BiogeographicalRegions { get; private set; } = [];
    /// <summary>Theme labels in the reader's language, or English where GEMET has none (with the label's language).</summary>
    public IReadOnlyList<(string Label, string Language)> Themes { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string slug, CancellationToken ct)
    {
        if (slug.Length > 120) return NotFound();
        var partner = await directory.FindAsync(slug, ct);
        if (partner is null) return NotFound();
        Partner = partner;
        Country = await db.Countries.AsNoTracking().FirstOrDefaultAsync(c => c.Code == partner.CountryCode, ct);
        Region = partner.NutsCode is null ? null : await db.NutsRegions.AsNoTracking()
            .Select(r => new NutsRegion { Code = r.Code, Level = r.Level, CountryCode = r.CountryCode, NameLatin = r.NameLatin, NameNational = r.NameNational })
            .FirstOrDefaultAsync(r => r.Code == partner.NutsCode, ct);
        var languageCodes = partner.Languages.Select(l => l.LanguageCode).ToList();
        Languages = await db.Languages.AsNoTracking().Where(l => languageCodes.Contains(l.Code)).OrderBy(l => l.Code).ToListAsync(ct);
        var regionCodes = partner.BiogeographicalRegions.Select(r => r.RegionCode).ToList();
        BiogeographicalRegions = await db.BiogeographicalRegions.AsNoTracking().Where(r => regionCodes.Contains(r.Code)).ToListAsync(ct);
        var conceptIds = partner.Themes.Select(t => t.ConceptId).ToList();
        var lang = Infrastructure.Localization.LocalizationSetup.CurrentLanguage;
        var labels = await db.GemetLabels.AsNoTracking()
            .Where(l => conceptIds.Contains(l.ConceptId) && (l.Language == lang || l.Language == "en")).ToListAsync(ct);
        Themes = labels.GroupBy(l => l.ConceptId)
            .Select(g => g.FirstOrDefault(l => l.Language == lang) ?? g.First())
            .Select(l => (l.Label, l.Language)).OrderBy(t => t.Label, StringComparer.CurrentCulture).ToList();
        return Page();
    }
}
