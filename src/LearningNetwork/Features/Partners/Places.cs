using LearningNetwork.Data;
using LearningNetwork.Domain;
using Microsoft.EntityFrameworkCore;

namespace LearningNetwork.Features.Partners;

/// <summary>
/// Where a partner is, beyond NUTS (docs/regions.md): ISO 3166-2 subdivisions named in the reader's language, the countries
/// that have NUTS regions, and the point that stands for a partner on the map and in matching — its own point, else its
/// NUTS region's centroid, else its subdivision's representative point.
/// </summary>
public sealed class Places(LearningNetworkDb db)
{
    /// <summary>ISO 3166-2: two letters, a hyphen, one to three letters or digits (UA-46, MD-CU, BA-BIH).</summary>
    public static bool LooksLikeSubdivision(string? code) =>
        code is { Length: >= 4 and <= 6 } && char.IsAsciiLetterUpper(code[0]) && char.IsAsciiLetterUpper(code[1]) && code[2] == '-' &&
        code[3..].All(c => char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c));

    /// <summary>Subdivision names in the language where iso-codes has them, else the ISO 3166-2 name.</summary>
    public async Task<Dictionary<string, string>> NamesAsync(IEnumerable<string?> codes, string language, CancellationToken ct)
    {
        var wanted = codes.OfType<string>().Distinct().ToList();
        if (wanted.Count == 0) return [];
        var names = await db.Subdivisions.AsNoTracking().Where(s => wanted.Contains(s.Code)).ToDictionaryAsync(s => s.Code, s => s.Name, ct);
        foreach (var n in await db.SubdivisionNames.AsNoTracking().Where(n => wanted.Contains(n.Code) && n.Language == language).ToListAsync(ct))
            names[n.Code] = n.Name;
        return names;
    }

    public async Task<string?> NameAsync(string? code, string language, CancellationToken ct) =>
        code is null ? null : (await NamesAsync([code], language, ct)).GetValueOrDefault(code);

    /// <summary>The ISO codes of the countries with NUTS regions (NUTS uses Eurostat codes: EL, UK).</summary>
    public async Task<HashSet<string>> CountriesWithNutsAsync(CancellationToken ct)
    {
        var eurostat = await db.NutsRegions.Where(r => r.Level == 0).Select(r => r.CountryCode).ToListAsync(ct);
        return (await db.Countries.Where(c => eurostat.Contains(c.EurostatCode)).Select(c => c.Code).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>The form's suggestions: the subdivisions of the countries without NUTS regions, "code — name" in the language
    /// (codes of the other countries are accepted too, as an alternative to NUTS).</summary>
    public async Task<IReadOnlyList<FilterChoice>> SuggestionsAsync(string language, CancellationToken ct)
    {
        var withNuts = await CountriesWithNutsAsync(ct);
        var rows = await db.Subdivisions.AsNoTracking().Where(s => !withNuts.Contains(s.CountryCode)).OrderBy(s => s.Code).ToListAsync(ct);
        var names = await NamesAsync(rows.Select(r => r.Code), language, ct);
        return rows.Select(r => new FilterChoice(r.Code, names.GetValueOrDefault(r.Code, r.Name))).ToList();
    }

    /// <summary>The box a point given for the country must fall in: its NUTS 0 outline's box, else its compiled extent.</summary>
    public async Task<(double MinLon, double MinLat, double MaxLon, double MaxLat)?> ExtentAsync(Country country, CancellationToken ct)
    {
        var nuts = await db.NutsRegions.AsNoTracking().Where(r => r.Level == 0 && r.CountryCode == country.EurostatCode)
            .Select(r => new { r.MinLongitude, r.MinLatitude, r.MaxLongitude, r.MaxLatitude }).FirstOrDefaultAsync(ct);
        if (nuts is { MinLongitude: { } a, MinLatitude: { } b, MaxLongitude: { } c, MaxLatitude: { } d }) return (a, b, c, d);
        if (country is { MinLongitude: { } e, MinLatitude: { } f, MaxLongitude: { } g, MaxLatitude: { } h }) return (e, f, g, h);
        return null;
    }

    /// <summary>Where a country is drawn when nothing finer places a partner (the map only, never matching): its NUTS 0
    /// outline's centroid, else the centre of its compiled box.</summary>
    public async Task<Dictionary<string, (double Lat, double Lon)>> CountryPointsAsync(CancellationToken ct)
    {
        var outlines = (await db.NutsRegions.AsNoTracking().Where(r => r.Level == 0 && r.CentroidLatitude != null && r.CentroidLongitude != null)
            .Select(r => new { r.CountryCode, r.CentroidLatitude, r.CentroidLongitude }).ToListAsync(ct))
            .ToDictionary(r => r.CountryCode, r => (r.CentroidLatitude!.Value, r.CentroidLongitude!.Value));
        var points = new Dictionary<string, (double Lat, double Lon)>(StringComparer.Ordinal);
        foreach (var c in await db.Countries.AsNoTracking().ToListAsync(ct))
        {
            if (outlines.TryGetValue(c.EurostatCode, out var centroid)) points[c.Code] = centroid;
            else if (c is { MinLatitude: { } a, MaxLatitude: { } b, MinLongitude: { } d, MaxLongitude: { } e }) points[c.Code] = ((a + b) / 2, (d + e) / 2);
        }
        return points;
    }

    /// <summary>The representative point of each subdivision that has one (for the map and matching).</summary>
    public async Task<Dictionary<string, (double Lat, double Lon)>> PointsAsync(IEnumerable<string?> codes, CancellationToken ct)
    {
        var wanted = codes.OfType<string>().Distinct().ToList();
        if (wanted.Count == 0) return [];
        return (await db.Subdivisions.AsNoTracking().Where(s => wanted.Contains(s.Code) && s.Latitude != null && s.Longitude != null)
            .Select(s => new { s.Code, s.Latitude, s.Longitude }).ToListAsync(ct)).ToDictionary(s => s.Code, s => (s.Latitude!.Value, s.Longitude!.Value));
    }
}
