using LearningNetwork.Infrastructure.Localization;
using LearningNetwork.ReferenceData;
using System.Globalization;
using System.Text;
using LearningNetwork.Data;
using LearningNetwork.Domain;
using Microsoft.EntityFrameworkCore;

namespace LearningNetwork.Features.Partners;

/// <summary>What the directory page and the API ask for; every field optional, every value validated.</summary>
public sealed record PartnerQuery(string? Q, string? Country, PartnerType? Type, int Page = 1, int PageSize = PartnerDirectory.DefaultPageSize)
{
    /// <summary>A NUTS code: partners in that region or any region inside it (NUTS codes nest by prefix).</summary>
    public string? Nuts { get; init; }
    /// <summary>An ISO 3166-2 subdivision: partners placed in it or in a subdivision inside it (UA-46, AZ-NX).</summary>
    public string? Subdivision { get; init; }
    /// <summary>A Natura 2000 biogeographical region code (ATL, MED...).</summary>
    public string? Biogeographical { get; init; }
    /// <summary>A working language (ISO 639-1).</summary>
    public string? Language { get; init; }
    /// <summary>A theme of expertise (GEMET concept id).</summary>
    public int? Theme { get; init; }
    public PartnerSort Sort { get; init; } = PartnerSort.Name;
}

public enum PartnerSort { Name, NameDescending, Country, Newest }

public sealed record PartnerListItem(int Id, string Slug, string Name, string? NativeName, PartnerType Type, string CountryCode,
    string? NutsCode, string? RegionName, IReadOnlyList<string> Languages, bool IsDemo, string? SubdivisionCode = null);

public sealed record PartnerPage(int Total, int Page, int PageSize, IReadOnlyList<PartnerListItem> Items)
{
    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);
}

/// <summary>
/// Lists partners for the directory page and the API alike. The name filter (q) matches every word of the
/// query against the beginnings of the words of a partner's name, ignoring case and accents; it works on the
/// directory's own rows (hundreds, not millions) until the search index takes over free-text search. The list is read
/// through the <see cref="ReadDb"/> (it may lag by the replication delay); one partner and the filters from the primary.
/// </summary>
public sealed class PartnerDirectory(CountryNames countryNames, LearningNetworkDb db, [FromKeyedServices(ReadDb.Key)] LearningNetworkDb read, Places places, Microsoft.Extensions.Localization.IStringLocalizer<SharedResource> text)
{
    public const int DefaultPageSize = 24;
    public const int MaxPageSize = 200;

    public async Task<PartnerPage> ListAsync(PartnerQuery query, CancellationToken ct)
    {
        var partners = read.Partners.AsNoTracking();
        if (!string.IsNullOrEmpty(query.Country)) partners = partners.Where(p => p.CountryCode == query.Country);
        if (query.Type is { } type) partners = partners.Where(p => p.Type == type);
        if (!string.IsNullOrEmpty(query.Nuts)) partners = partners.Where(p => p.NutsCode != null && p.NutsCode.StartsWith(query.Nuts));
        if (!string.IsNullOrEmpty(query.Subdivision))
        {
            var within = read.Subdivisions.Where(s => s.ParentCode == query.Subdivision).Select(s => s.Code);
            partners = partners.Where(p => p.SubdivisionCode == query.Subdivision || within.Contains(p.SubdivisionCode!));
        }
        if (!string.IsNullOrEmpty(query.Biogeographical))
            partners = partners.Where(p => p.BiogeographicalRegions.Any(r => r.RegionCode == query.Biogeographical));
        if (!string.IsNullOrEmpty(query.Language)) partners = partners.Where(p => p.Languages.Any(l => l.LanguageCode == query.Language));
        if (query.Theme is { } theme) partners = partners.Where(p => p.Themes.Any(t => t.ConceptId == theme));
        partners = query.Sort switch
        {
            PartnerSort.NameDescending => partners.OrderByDescending(p => p.Name),
            PartnerSort.Country => partners.OrderBy(p => p.CountryCode).ThenBy(p => p.Name),
            PartnerSort.Newest => partners.OrderByDescending(p => p.CreatedAt).ThenByDescending(p => p.Id),
            _ => partners.OrderBy(p => p.Name),
        };

        var rows = await partners
            .Select(p => new { p.Id, p.Slug, p.Name, p.NativeName, p.Type, p.CountryCode, p.NutsCode, p.SubdivisionCode, p.IsDemo })
            .ToListAsync(ct);
        var words = Words(query.Q);
        if (words.Count > 0)
            rows = rows.Where(p => words.All(w => Words(p.Name).Concat(Words(p.NativeName)).Any(n => n.StartsWith(w, StringComparison.Ordinal)))).ToList();

        var page = rows.Skip((query.Page - 1) * query.PageSize).Take(query.PageSize).ToList();
        var ids = page.Select(p => p.Id).ToList();
        var nutsCodes = page.Where(p => p.NutsCode != null).Select(p => p.NutsCode!).Distinct().ToList();
        var regionNames = await read.NutsRegions.Where(r => nutsCodes.Contains(r.Code)).ToDictionaryAsync(r => r.Code, r => r.NameLatin, ct);
        var subdivisionNames = await places.NamesAsync(page.Where(p => p.NutsCode is null).Select(p => p.SubdivisionCode),
            Infrastructure.Localization.LocalizationSetup.CurrentLanguage, ct);
        var languages = (await read.Set<PartnerLanguage>().Where(l => ids.Contains(l.PartnerId)).ToListAsync(ct))
            .ToLookup(l => l.PartnerId, l => l.LanguageCode);
        // The region shown is the NUTS region's name, else the subdivision's in the reader's language.
        var items = page.Select(p => new PartnerListItem(p.Id, p.Slug, p.Name, p.NativeName, p.Type, p.CountryCode, p.NutsCode,
            p.NutsCode is not null ? regionNames.GetValueOrDefault(p.NutsCode) : p.SubdivisionCode is null ? null : subdivisionNames.GetValueOrDefault(p.SubdivisionCode),
            languages[p.Id].Order(StringComparer.Ordinal).ToList(), p.IsDemo, p.SubdivisionCode)).ToList();
        return new PartnerPage(rows.Count, query.Page, query.PageSize, items);
    }

    public Task<Partner?> FindAsync(string slug, CancellationToken ct) => Details().FirstOrDefaultAsync(p => p.Slug == slug, ct);

    public Task<Partner?> FindAsync(int id, CancellationToken ct) => Details().FirstOrDefaultAsync(p => p.Id == id, ct);

    private IQueryable<Partner> Details() => db.Partners.AsNoTracking()
        .Include(p => p.Languages).Include(p => p.BiogeographicalRegions).Include(p => p.Themes).AsSplitQuery();

    /// <summary>
    /// What the directory's filters offer: only values that some partner has, labelled for the reader. Regions are
    /// offered once a country is chosen (<paramref name="country"/>, or the country of the chosen <paramref name="nuts"/>
    /// region): a list of every region of Europe would bury the form.
    /// </summary>
    public async Task<PartnerFilterChoices> ChoicesAsync(string language, string? country, string? nuts, CancellationToken ct, string? subdivision = null)
    {
        var countries = await CountriesAsync(ct);
        var prefix = countries.FirstOrDefault(c => c.Code == country)?.EurostatCode ?? (nuts is { Length: >= 2 } ? nuts[..2] : null);
        var partnerNuts = prefix is null ? [] : await db.Partners.Where(p => p.NutsCode != null && p.NutsCode.StartsWith(prefix))
            .Select(p => p.NutsCode!).Distinct().ToListAsync(ct);
        var prefixes = partnerNuts.SelectMany(c => new[] { c[..Math.Min(3, c.Length)], c[..Math.Min(4, c.Length)] }).Distinct().ToList();
        var regions = await db.NutsRegions.AsNoTracking().Where(r => (r.Level == 1 || r.Level == 2) && prefixes.Contains(r.Code))
            .OrderBy(r => r.Code).Select(r => new FilterChoice(r.Code, r.Code + " " + r.NameLatin)).ToListAsync(ct);
        // like regions: offered within the chosen country (or the chosen subdivision's) only
        var subdivisionCountry = country ?? (subdivision is { Length: > 2 } ? subdivision[..2] : null);
        var partnerSubdivisions = subdivisionCountry is not { Length: 2 } ? [] : await db.Partners
            .Where(p => p.SubdivisionCode != null && p.CountryCode == subdivisionCountry).Select(p => p.SubdivisionCode!).Distinct().ToListAsync(ct);
        var subdivisionNames = await places.NamesAsync(partnerSubdivisions, language, ct);
        var subdivisions = subdivisionNames.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => new FilterChoice(s.Key, s.Key + " " + s.Value)).ToList();
        var bioCodes = await db.Set<PartnerBiogeographicalRegion>().Select(r => r.RegionCode).Distinct().ToListAsync(ct);
        var biogeographical = (await db.BiogeographicalRegions.AsNoTracking().Where(r => bioCodes.Contains(r.Code)).Select(r => r.Code).ToListAsync(ct))
            .Select(c => new FilterChoice(c, text[$"Bioregion.{c}"])).OrderBy(c => c.Label, StringComparer.CurrentCulture).ToList();
        var languageCodes = await db.Set<PartnerLanguage>().Select(l => l.LanguageCode).Distinct().ToListAsync(ct);
        var languages = LanguageNames.Choices(languageCodes);
        var conceptIds = await db.Set<PartnerTheme>().Select(t => t.ConceptId).Distinct().ToListAsync(ct);
        var labels = await db.GemetLabels.AsNoTracking().Where(l => conceptIds.Contains(l.ConceptId) && (l.Language == language || l.Language == "en"))
            .ToListAsync(ct);
        var themes = labels.GroupBy(l => l.ConceptId)
            .Select(g => new FilterChoice(g.Key.ToString(System.Globalization.CultureInfo.InvariantCulture), (g.FirstOrDefault(l => l.Language == language) ?? g.First()).Label))
            .OrderBy(c => c.Label, StringComparer.CurrentCulture).ToList();
        return new PartnerFilterChoices(countryNames.Choices(countries), regions, biogeographical, languages, themes)
        {
            Subdivisions = subdivisions,
        };
    }

    /// <summary>The countries that have partners, for the filter.</summary>
    public async Task<IReadOnlyList<Country>> CountriesAsync(CancellationToken ct)
    {
        var codes = await db.Partners.Select(p => p.CountryCode).Distinct().ToListAsync(ct);
        return await db.Countries.AsNoTracking().Where(c => codes.Contains(c.Code)).OrderBy(c => c.NameEn).ToListAsync(ct);
    }

    /// <summary>Lower-case, accent-free words.</summary>
    internal static List<string> Words(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return [];
        var decomposed = Infrastructure.UnicodeText.Decomposed(text);
        var folded = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            var category = CharUnicodeInfo.GetUnicodeCategory(c);
            if (category == UnicodeCategory.NonSpacingMark) continue;
            folded.Append(char.IsLetterOrDigit(c) ? char.ToLowerInvariant(c) : ' ');
        }
        return folded.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(20).ToList();
    }
}

public sealed record FilterChoice(string Value, string Label);

public sealed record PartnerFilterChoices(IReadOnlyList<FilterChoice> Countries, IReadOnlyList<FilterChoice> Regions,
    IReadOnlyList<FilterChoice> Biogeographical, IReadOnlyList<FilterChoice> Languages, IReadOnlyList<FilterChoice> Themes)
{
    /// <summary>The ISO 3166-2 subdivisions partners are placed in, "UA-46 Львівська область" in the reader's language.</summary>
    public IReadOnlyList<FilterChoice> Subdivisions { get; init; } = [];
}
