using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using LearningNetwork.Domain;

namespace LearningNetwork.Features.Practices;

/// <summary>
/// The schema.org description of a practice (docs/interchange.md): a CreativeWork with additionalType GoodPractice,
/// the same shape the export writes and the import reads. Serialised with the default encoder, which escapes
/// &lt; &gt; &amp; and quotes, so that no text can close the script element it is embedded in.
/// </summary>
public static class PracticeJsonLd
{
    private static readonly JsonSerializerOptions Options = new() { Encoder = JavaScriptEncoder.Default, WriteIndented = false };

    /// <summary>The schema.org termCode of a target: KMGBF-12, NRR-8, EUBDS-P3, HD-ART-6, BD-ANNEX-I.</summary>
    public static string TermCode(string target)
    {
        var parts = target.Split(':', 2);
        var prefix = parts[0] switch { "kmgbf" => "KMGBF", "nrr" => "NRR", "eubds" => "EUBDS", "habitats" => "HD", "birds" => "BD", _ => parts[0].ToUpperInvariant() };
        return parts.Length < 2 ? prefix : $"{prefix}-{parts[1].ToUpperInvariant()}";
    }

    public static string Build(Practice p, string pageUrl, string partnerUrl, IReadOnlyDictionary<string, string> targetNames,
        IReadOnlyDictionary<int, string> themeNames, string? countryName)
    {
        var original = p.Texts.First(t => t.Language == p.OriginalLanguage);
        var about = new JsonArray();
        foreach (var t in p.Tags.Where(t => t.Scheme == PracticeTagSchemes.Target).OrderBy(t => t.Code, StringComparer.Ordinal))
            about.Add(new JsonObject
            {
                ["@type"] = "DefinedTerm", ["termCode"] = TermCode(t.Code), ["name"] = targetNames.GetValueOrDefault(t.Code, t.Code),
            });
        foreach (var t in p.Tags.Where(t => t.Scheme == PracticeTagSchemes.Theme))
        {
            var id = int.Parse(t.Code, CultureInfo.InvariantCulture);
            about.Add(new JsonObject
            {
                ["@type"] = "DefinedTerm", ["termCode"] = "GEMET-" + t.Code, ["name"] = themeNames.GetValueOrDefault(id, t.Code),
                ["inDefinedTermSet"] = "https://www.eionet.europa.eu/gemet/",
            });
        }
        var place = new JsonObject
        {
            ["@type"] = "Place",
            ["name"] = p.PlaceName ?? countryName ?? p.CountryCode,
            ["address"] = new JsonObject { ["@type"] = "PostalAddress", ["addressCountry"] = p.CountryCode },
        };
        if (p.NutsCode is not null) place["identifier"] = new JsonObject { ["@type"] = "PropertyValue", ["propertyID"] = "NUTS", ["value"] = p.NutsCode };
        if (p.Latitude is { } lat && p.Longitude is { } lon)
            place["geo"] = new JsonObject { ["@type"] = "GeoCoordinates", ["latitude"] = lat, ["longitude"] = lon };

        var doc = new JsonObject
        {
            ["@context"] = "https://schema.org",
            ["@type"] = "CreativeWork",
            ["additionalType"] = "GoodPractice",
            ["@id"] = pageUrl,
            ["url"] = pageUrl,
            ["name"] = original.Title,
            ["description"] = original.Summary,
            ["text"] = original.Description ?? "",
            ["inLanguage"] = p.OriginalLanguage,
            ["author"] = new JsonObject { ["@type"] = "Organization", ["@id"] = partnerUrl, ["name"] = p.Partner?.Name },
            ["keywords"] = new JsonArray(PracticeKeywords.Split(original.Keywords).Select(k => (JsonNode?)JsonValue.Create(k)).ToArray()),
            ["about"] = about,
            ["spatialCoverage"] = place,
            ["creativeWorkStatus"] = PracticesApi.Code(p.Status),
            ["dateCreated"] = p.CreatedAt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["dateModified"] = p.UpdatedAt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        };
        if (p.PublishedAt is { } published) doc["datePublished"] = published.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var translations = p.Texts.Where(t => t.Language != p.OriginalLanguage).OrderBy(t => t.Language, StringComparer.Ordinal).ToList();
        if (translations.Count > 0)
            doc["workTranslation"] = new JsonArray(translations.Select(t => (JsonNode?)new JsonObject
            {
                ["@type"] = "CreativeWork", ["inLanguage"] = t.Language, ["name"] = t.Title, ["description"] = t.Summary,
            }).ToArray());
        return doc.ToJsonString(Options);
    }
}
