using System.Globalization;
using System.Text;
using LearningNetwork.Data;
using LearningNetwork.Domain;
using Microsoft.EntityFrameworkCore;

namespace LearningNetwork.Features.Partners;

/// <summary>What the directory page and the API ask for; every field optional, every value validated.</summary>
public sealed record PartnerQuery(string? Q, string? Country, PartnerType? Type, int Page = 1, int PageSize = PartnerDirectory.DefaultPageSize);

public sealed record PartnerListItem(int Id, string Slug, string Name, string? NativeName, PartnerType Type, string CountryCode,
    string? NutsCode, string? RegionName, IReadOnlyList<string> Languages, bool IsDemo);

public sealed record PartnerPage(int Total, int Page, int PageSize, IReadOnlyList<PartnerListItem> Items)
{
    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);
}

/// <summary>
/// Lists partners for the directory page and the API alike. The name filter (q) matches every word of the
/// query against the beginnings of the words of a partner's name, ignoring case and accents; it works on the
/// directory's own rows (hundreds, not millions) until the search index takes over free-text search.
/// </summary>
public sealed class PartnerDirectory(LearningNetworkDb db)
{
    public const int DefaultPageSize = 24;
    public const int MaxPageSize = 200;

    public async Task<PartnerPage> ListAsync(PartnerQuery query, CancellationToken ct)
    {
        var partners = db.Partners.AsNoTracking();
        if (!string.IsNullOrEmpty(query.Country)) partners = partners.Where(p => p.CountryCode == query.Country);
        if (query.Type is { } type) partners = partners.Where(p => p.Type == type);

        var rows = await partners
            .OrderBy(p => p.Name)
            .Select(p => new { p.Id, p.Slug, p.Name, p.NativeName, p.Type, p.CountryCode, p.NutsCode, p.IsDemo })
            .ToListAsync(ct);
        var words = Words(query.Q);
        if (words.Count > 0)
            rows = rows.Where(p => words.All(w => Words(p.Name).Concat(Words(p.NativeName)).Any(n => n.StartsWith(w, StringComparison.Ordinal)))).ToList();

        var page = rows.Skip((query.Page - 1) * query.PageSize).Take(query.PageSize).ToList();
        var ids = page.Select(p => p.Id).ToList();
        var nutsCodes = page.Where(p => p.NutsCode != null).Select(p => p.NutsCode!).Distinct().ToList();
        var regionNames = await db.NutsRegions.Where(r => nutsCodes.Contains(r.Code)).ToDictionaryAsync(r => r.Code, r => r.NameLatin, ct);
        var languages = (await db.Set<PartnerLanguage>().Where(l => ids.Contains(l.PartnerId)).ToListAsync(ct))
            .ToLookup(l => l.PartnerId, l => l.LanguageCode);
        var items = page.Select(p => new PartnerListItem(p.Id, p.Slug, p.Name, p.NativeName, p.Type, p.CountryCode, p.NutsCode,
            p.NutsCode is null ? null : regionNames.GetValueOrDefault(p.NutsCode), languages[p.Id].Order(StringComparer.Ordinal).ToList(), p.IsDemo)).ToList();
        return new PartnerPage(rows.Count, query.Page, query.PageSize, items);
    }

    public Task<Partner?> FindAsync(string slug, CancellationToken ct) => Details().FirstOrDefaultAsync(p => p.Slug == slug, ct);

    public Task<Partner?> FindAsync(int id, CancellationToken ct) => Details().FirstOrDefaultAsync(p => p.Id == id, ct);

    private IQueryable<Partner> Details() => db.Partners.AsNoTracking()
        .Include(p => p.Languages).Include(p => p.BiogeographicalRegions).Include(p => p.Themes).AsSplitQuery();

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
        var decomposed = text.Normalize(NormalizationForm.FormD);
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
