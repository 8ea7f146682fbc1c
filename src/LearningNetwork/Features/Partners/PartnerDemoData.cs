using System.Text.Json;
using System.Text.Json.Serialization;
using LearningNetwork.Data;
using LearningNetwork.Domain;
using Microsoft.EntityFrameworkCore;

namespace LearningNetwork.Features.Partners;

/// <summary>
/// The demo partners (Features/Partners/DemoData/demo-partners.json): real European regions and
/// municipalities with their NUTS codes — or, outside NUTS (Ukraine, Moldova, Georgia), their ISO 3166-2 subdivision —
/// described for demonstration only and marked as demo content. Descriptions are in English unless the entry names
/// its language. Every code is checked against the reference data, so the demo never shows a region that does not exist.
/// </summary>
internal static class PartnerDemoData
{
    public static string File => Path.Combine(AppContext.BaseDirectory, "Features", "Partners", "DemoData", "demo-partners.json");

    private sealed record DemoPartner(
        string Slug, string Name, string? NativeName, string Type, string Country, string? Nuts, string? Lau,
        double? Latitude, double? Longitude, string[] Languages, string[] BiogeographicalRegions, string? Website,
        long? Population, double? AreaKm2, int[] Themes, string Description, string? Subdivision = null, string? DescriptionLanguage = null);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { NumberHandling = JsonNumberHandling.Strict };

    public static async Task<int> SeedAsync(LearningNetworkDb db, TimeProvider clock, CancellationToken ct)
    {
        var demo = JsonSerializer.Deserialize<List<DemoPartner>>(await System.IO.File.ReadAllBytesAsync(File, ct), Json)
                   ?? throw new InvalidDataException($"{File} is empty.");
        var nuts = await db.NutsRegions.Select(r => new { r.Code, r.CountryCode }).ToDictionaryAsync(r => r.Code, r => r.CountryCode, ct);
        var countries = await db.Countries.ToDictionaryAsync(c => c.Code, c => c.EurostatCode, ct);
        var subdivisions = await db.Subdivisions.ToDictionaryAsync(s => s.Code, s => s.CountryCode, ct);
        var languages = (await db.Languages.Select(l => l.Code).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        var biogeographical = await db.BiogeographicalRegions.Select(r => r.Code).ToListAsync(ct);
        var concepts = (await db.GemetConcepts.Select(c => c.Id).ToListAsync(ct)).ToHashSet();
        var now = clock.GetUtcNow().UtcDateTime;

        foreach (var p in demo)
        {
            if (!countries.TryGetValue(p.Country, out var eurostat))
                throw new InvalidDataException($"Demo partner {p.Slug}: unknown country {p.Country}.");
            if (p.Nuts is not null && (!nuts.TryGetValue(p.Nuts, out var nutsCountry) || nutsCountry != eurostat))
                throw new InvalidDataException($"Demo partner {p.Slug}: NUTS code {p.Nuts} is not a region of {p.Country}.");
            if (p.Subdivision is not null && (!subdivisions.TryGetValue(p.Subdivision, out var subdivisionCountry) || subdivisionCountry != p.Country))
                throw new InvalidDataException($"Demo partner {p.Slug}: {p.Subdivision} is not an ISO 3166-2 subdivision of {p.Country}.");
            if (p.Languages.Append(p.DescriptionLanguage ?? "en").FirstOrDefault(l => !languages.Contains(l)) is { } unknown)
                throw new InvalidDataException($"Demo partner {p.Slug}: unknown language {unknown}.");
            if (!Enum.TryParse<PartnerType>(p.Type.Replace("-", "", StringComparison.Ordinal), ignoreCase: true, out var type))
                throw new InvalidDataException($"Demo partner {p.Slug}: unknown type {p.Type}.");
            db.Partners.Add(new Partner
            {
                Slug = p.Slug, Name = p.Name, NativeName = p.NativeName, Type = type, CountryCode = p.Country, NutsCode = p.Nuts, SubdivisionCode = p.Subdivision,
                LauCode = p.Lau, Latitude = p.Latitude, Longitude = p.Longitude, Website = p.Website, Population = p.Population,
                AreaKm2 = p.AreaKm2, Description = p.Description, DescriptionLanguage = p.DescriptionLanguage ?? "en", IsDemo = true, CreatedAt = now,
                Languages = p.Languages.Distinct().Select(l => new PartnerLanguage { LanguageCode = l }).ToList(),
                BiogeographicalRegions = p.BiogeographicalRegions.Where(biogeographical.Contains).Distinct()
                    .Select(r => new PartnerBiogeographicalRegion { RegionCode = r }).ToList(),
                Themes = p.Themes.Where(concepts.Contains).Distinct().Select(t => new PartnerTheme { ConceptId = t }).ToList(),
            });
        }
        await db.SaveChangesAsync(ct);
        return demo.Count;
    }
}
