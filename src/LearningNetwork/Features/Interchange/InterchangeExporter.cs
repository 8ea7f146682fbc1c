using System.Globalization;
using System.Text.Json.Nodes;
using LearningNetwork.Data;
using LearningNetwork.Domain;
using LearningNetwork.Features.Practices;
using Microsoft.EntityFrameworkCore;

namespace LearningNetwork.Features.Interchange;

/// <summary>
/// Writes the network's public content as schema.org JSON-LD (docs/interchange.md): every partner, every published or
/// archived practice with all its languages, blocks, results and classifications, and the transfers between exported
/// practices, the marketplace's offers and requests, the partners' commitments with their progress, and published news with its language versions. <see cref="InterchangeImporter"/> reads exactly this, so an
/// export imported into an empty instance reproduces the public content.
/// </summary>
public sealed partial class InterchangeExporter(LearningNetworkDb db, InterchangeIds ids, TimeProvider clock)
{
    public const string Context = "https://schema.org";
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>One public practice with its owning partner, as a document of its own (for feeds and links); null when not public.</summary>
    public async Task<JsonObject?> ExportPracticeAsync(int practiceId, CancellationToken ct)
    {
        var p = await db.Practices.AsNoTracking().Where(x => x.Id == practiceId && (x.Stage == PracticeStage.Published || x.Stage == PracticeStage.Archived))
            .Include(x => x.Texts).Include(x => x.Tags).Include(x => x.Blocks).ThenInclude(b => b.Texts).Include(x => x.Results).Include(x => x.Contributors)
            .AsSplitQuery().FirstOrDefaultAsync(ct);
        if (p is null) return null;
        var partnerIds = p.Contributors.Select(c => c.PartnerId).Append(p.PartnerId).Distinct().ToList();
        var partners = await db.Partners.AsNoTracking().Include(x => x.Languages).Include(x => x.BiogeographicalRegions).Include(x => x.Themes)
            .AsSplitQuery().Where(x => partnerIds.Contains(x.Id)).ToListAsync(ct);
        var refs = new Dictionary<int, string>();
        var graph = new JsonArray();
        foreach (var partner in partners)
        {
            refs[partner.Id] = await ids.PartnerAsync(partner, ct);
            if (partner.Id == p.PartnerId) graph.Add(Partner(partner, refs[partner.Id]));
        }
        graph.Add(Practice(p, await ids.PracticeAsync(p, ct), refs));
        return new JsonObject { ["@context"] = Context, ["@graph"] = graph };
    }

    public async Task<JsonObject> ExportAsync(CancellationToken ct)
    {
        var graph = new JsonArray();
        var partners = await db.Partners.AsNoTracking().Include(p => p.Languages).Include(p => p.BiogeographicalRegions).Include(p => p.Themes)
            .AsSplitQuery().OrderBy(p => p.Id).ToListAsync(ct);
        var partnerIds = new Dictionary<int, string>();
        var partnerNodes = new Dictionary<int, JsonObject>();
        foreach (var p in partners)
        {
            partnerIds[p.Id] = await ids.PartnerAsync(p, ct);
            graph.Add(partnerNodes[p.Id] = Partner(p, partnerIds[p.Id]));
        }

        var practices = await db.Practices.AsNoTracking().Where(p => p.Stage == PracticeStage.Published || p.Stage == PracticeStage.Archived)
            .Include(p => p.Texts).Include(p => p.Tags).Include(p => p.Blocks).ThenInclude(b => b.Texts).Include(p => p.Results)
            .Include(p => p.Contributors).AsSplitQuery().OrderBy(p => p.Id).ToListAsync(ct);
        var practiceIds = new Dictionary<int, string>();
        foreach (var p in practices)
        {
            practiceIds[p.Id] = await ids.PracticeAsync(p, ct);
            graph.Add(Practice(p, practiceIds[p.Id], partnerIds));
        }

        var exported = practiceIds.Keys.ToList();
        var transfers = await db.PracticeTransfers.AsNoTracking().Include(t => t.Blocks).Where(t => exported.Contains(t.SourcePracticeId))
            .OrderBy(t => t.Id).ToListAsync(ct);
        var blockPositions = practices.SelectMany(p => p.Blocks).ToDictionary(b => b.Id, b => b.Position);
        foreach (var t in transfers)
        {
            var node = new JsonObject
            {
                ["@type"] = "Action",
                ["@id"] = await ids.TransferAsync(t, ct),
                ["additionalType"] = InterchangeFormat.TransferType,
                ["agent"] = Ref(partnerIds[t.AdoptingPartnerId]),
                ["object"] = Ref(practiceIds[t.SourcePracticeId]),
                ["startTime"] = t.TransferredOn.ToString("yyyy-MM-dd", Inv),
                ["description"] = t.WhatChanged,
                ["actionStatus"] = "CompletedActionStatus",
            };
            if (t.Result is not null) node["resultComment"] = t.Result;
            if (t.AdoptedPracticeId is { } adopted && practiceIds.TryGetValue(adopted, out var adoptedId)) node["result"] = Ref(adoptedId);
            if (t.Scope == TransferScope.Blocks)
                node["instrument"] = new JsonArray(t.Blocks.Where(b => blockPositions.ContainsKey(b.BuildingBlockId))
                    .Select(b => (JsonNode?)Ref($"{practiceIds[t.SourcePracticeId]}#block-{blockPositions[b.BuildingBlockId] + 1}")).ToArray());
            graph.Add(node);
        }
        await AddMarketplaceAsync(graph, partnerIds, partnerNodes, ct);
        await AddEventsAsync(graph, partnerIds, ct);
        await AddCommitmentsAsync(graph, partnerIds, ct);
        await AddNewsAsync(graph, partnerIds, clock.GetUtcNow().UtcDateTime, ct);
        return new JsonObject { ["@context"] = Context, ["@graph"] = graph };
    }

    private static JsonObject Ref(string id) => new() { ["@id"] = id };

    private static JsonObject Property(string id, JsonNode? value) => new() { ["@type"] = "PropertyValue", ["propertyID"] = id, ["value"] = value };

    /// <summary>A partner as a schema.org node (also embedded in its page).</summary>
    public static JsonObject Partner(Partner p, string id)
    {
        var identifiers = new JsonArray();
        if (p.NutsCode is not null) identifiers.Add(Property("NUTS", p.NutsCode));
        if (p.LauCode is not null) identifiers.Add(Property("LAU", p.LauCode));
        if (p.SubdivisionCode is not null) identifiers.Add(Property(InterchangeFormat.Subdivision, p.SubdivisionCode));
        var extra = new JsonArray();
        foreach (var r in p.BiogeographicalRegions.OrderBy(r => r.RegionCode, StringComparer.Ordinal)) extra.Add(Property(InterchangeFormat.Bioregion, r.RegionCode));
        if (p.Population is { } population) extra.Add(Property("population", population));
        if (p.AreaKm2 is { } area) extra.Add(Property("areaKm2", area));
        if (p.IsDemo) extra.Add(Property(InterchangeFormat.Demo, true));
        var node = new JsonObject
        {
            ["@type"] = p.Type is PartnerType.Region or PartnerType.Municipality ? "GovernmentOrganization" : "Organization",
            ["@id"] = id,
            ["name"] = p.Name,
            ["additionalType"] = Partners.PartnersApi.TypeCode(p.Type),
            ["address"] = new JsonObject { ["@type"] = "PostalAddress", ["addressCountry"] = p.CountryCode },
            ["identifier"] = identifiers,
            ["knowsLanguage"] = new JsonArray(p.Languages.Select(l => l.LanguageCode).Order(StringComparer.Ordinal).Select(l => (JsonNode?)l).ToArray()),
            ["knowsAbout"] = new JsonArray(p.Themes.Select(t => t.ConceptId).Order().Select(c => (JsonNode?)Gemet(c)).ToArray()),
            ["additionalProperty"] = extra,
            ["dateCreated"] = p.CreatedAt.ToString("yyyy-MM-dd", Inv),
        };
        if (p.NativeName is not null) node["alternateName"] = p.NativeName;
        if (p.Description is not null) node["description"] = p.Description;
        if (p.Website is not null) node["url"] = p.Website;
        if (p.Latitude is { } lat && p.Longitude is { } lon)
            node["location"] = new JsonObject { ["@type"] = "Place", ["geo"] = new JsonObject { ["@type"] = "GeoCoordinates", ["latitude"] = lat, ["longitude"] = lon } };
        return node;
    }

    private static JsonObject Gemet(int conceptId) => new()
    {
        ["@type"] = "DefinedTerm", ["termCode"] = "GEMET-" + conceptId.ToString(Inv), ["inDefinedTermSet"] = InterchangeFormat.GemetSet,
    };

    private static JsonObject Practice(Practice p, string id, Dictionary<int, string> partnerIds)
    {
        var original = p.Texts.First(t => t.Language == p.OriginalLanguage);
        var tags = p.Tags.ToLookup(t => t.Scheme, t => t.Code);
        var about = new JsonArray();
        foreach (var code in tags[PracticeTagSchemes.Target].Order(StringComparer.Ordinal))
            about.Add(new JsonObject { ["@type"] = "DefinedTerm", ["termCode"] = PracticeJsonLd.TermCode(code) });
        foreach (var code in tags[PracticeTagSchemes.Theme].Select(c => int.Parse(c, Inv)).Order()) about.Add(Gemet(code));
        foreach (var code in tags[PracticeTagSchemes.Habitat].Order(StringComparer.Ordinal))
            about.Add(new JsonObject { ["@type"] = "DefinedTerm", ["termCode"] = "EUNIS-" + code, ["inDefinedTermSet"] = InterchangeFormat.EunisSet });
        foreach (var code in tags[PracticeTagSchemes.Service].Order(StringComparer.Ordinal))
            about.Add(new JsonObject { ["@type"] = "DefinedTerm", ["termCode"] = "CICES-" + code, ["inDefinedTermSet"] = InterchangeFormat.CicesSet });
        foreach (var code in tags[PracticeTagSchemes.Sdg].Select(c => int.Parse(c, Inv)).Order())
            about.Add(new JsonObject { ["@type"] = "DefinedTerm", ["termCode"] = "SDG-" + code.ToString(Inv) });

        var place = new JsonObject { ["@type"] = "Place", ["address"] = new JsonObject { ["@type"] = "PostalAddress", ["addressCountry"] = p.CountryCode } };
        if (p.PlaceName is not null) place["name"] = p.PlaceName;
        var placeIds = new JsonArray();
        if (p.NutsCode is not null) placeIds.Add(Property("NUTS", p.NutsCode));
        if (p.LauCode is not null) placeIds.Add(Property("LAU", p.LauCode));
        if (placeIds.Count > 0) place["identifier"] = placeIds;
        if (p.Latitude is { } lat && p.Longitude is { } lon)
            place["geo"] = new JsonObject { ["@type"] = "GeoCoordinates", ["latitude"] = lat, ["longitude"] = lon };

        var extra = new JsonArray
        {
            Property(InterchangeFormat.GovernanceLevel, PracticesApi.Code(p.GovernanceLevel)),
            Property(InterchangeFormat.Stage, PracticesApi.Code(p.Stage)),
        };
        void Add(string key, JsonNode? value) { if (value is not null) extra.Add(Property(key, value)); }
        Add(InterchangeFormat.Scale, p.Scale);
        Add(InterchangeFormat.BudgetEur, p.BudgetEur);
        Add(InterchangeFormat.StaffFte, p.StaffFte);
        Add(InterchangeFormat.MonthsToImplement, p.MonthsToImplement);
        Add(InterchangeFormat.ExpectedLifetimeYears, p.ExpectedLifetimeYears);
        Add(InterchangeFormat.ReviewBy, p.ReviewBy?.ToString("yyyy-MM-dd", Inv));
        foreach (var f in tags[PracticeTagSchemes.Funding].Order(StringComparer.Ordinal)) Add(InterchangeFormat.Funding, f);
        foreach (var b in tags[PracticeTagSchemes.Bioregion].Order(StringComparer.Ordinal)) Add(InterchangeFormat.Bioregion, b);
        foreach (var (key, value) in TextFields(original)) Add(key, value);
        if (p.IsDemo) Add(InterchangeFormat.Demo, true);
        foreach (var r in p.Results.OrderBy(r => r.Position))
        {
            var result = new JsonObject
            {
                ["@type"] = "PropertyValue", ["propertyID"] = InterchangeFormat.Result, ["name"] = r.Label, ["value"] = r.Value, ["unitText"] = r.Unit,
            };
            if (r.Baseline is { } baseline) result["minValue"] = baseline;
            if (r.Year is { } year) result["observationDate"] = year.ToString(Inv);
            if (r.Indicator is not null) result["measurementTechnique"] = r.Indicator;
            extra.Add(result);
        }

        var node = new JsonObject
        {
            ["@type"] = "CreativeWork",
            ["@id"] = id,
            ["additionalType"] = InterchangeFormat.PracticeType,
            ["name"] = original.Title,
            ["description"] = original.Summary,
            ["text"] = original.Description ?? "",
            ["inLanguage"] = p.OriginalLanguage,
            ["author"] = Ref(partnerIds[p.PartnerId]),
            ["keywords"] = new JsonArray(PracticeKeywords.Split(original.Keywords).Select(k => (JsonNode?)k).ToArray()),
            ["about"] = about,
            ["spatialCoverage"] = place,
            ["creativeWorkStatus"] = PracticesApi.Code(p.Status),
            ["dateCreated"] = p.CreatedAt.ToString("yyyy-MM-dd", Inv),
            ["dateModified"] = p.UpdatedAt.ToString("o", Inv),
            ["additionalProperty"] = extra,
        };
        if (p.PublishedAt is { } published) node["datePublished"] = published.ToString("yyyy-MM-dd", Inv);
        if (p.StartDate is not null || p.EndDate is not null)
            node["temporalCoverage"] = $"{p.StartDate?.ToString("yyyy-MM-dd", Inv) ?? ".."}/{p.EndDate?.ToString("yyyy-MM-dd", Inv) ?? ".."}";
        if (p.Contributors.Count > 0)
            node["contributor"] = new JsonArray(p.Contributors.Where(c => partnerIds.ContainsKey(c.PartnerId)).Select(c => (JsonNode?)Ref(partnerIds[c.PartnerId])).ToArray());
        node["hasPart"] = new JsonArray(p.Blocks.OrderBy(b => b.Position).Select(b => (JsonNode?)Block(b, id, p.OriginalLanguage)).ToArray());
        var translations = p.Texts.Where(t => t.Language != p.OriginalLanguage).OrderBy(t => t.Language, StringComparer.Ordinal).ToList();
        if (translations.Count > 0)
            node["workTranslation"] = new JsonArray(translations.Select(t => (JsonNode?)Translation(t)).ToArray());
        return node;
    }

    private static JsonObject Block(BuildingBlock b, string practiceId, string originalLanguage)
    {
        var text = b.Texts.FirstOrDefault(t => t.Language == originalLanguage) ?? b.Texts.First();
        var node = new JsonObject
        {
            ["@type"] = "CreativeWork", ["@id"] = $"{practiceId}#block-{b.Position + 1}", ["additionalType"] = InterchangeFormat.BlockType,
            ["position"] = b.Position + 1, ["name"] = text.Title, ["inLanguage"] = text.Language,
        };
        if (text.Description is not null) node["description"] = text.Description;
        var extra = new JsonArray();
        if (text.EnablingFactors is not null) extra.Add(Property(InterchangeFormat.EnablingFactors, text.EnablingFactors));
        if (text.LessonsLearned is not null) extra.Add(Property(InterchangeFormat.LessonsLearned, text.LessonsLearned));
        if (extra.Count > 0) node["additionalProperty"] = extra;
        var translations = b.Texts.Where(t => t != text).OrderBy(t => t.Language, StringComparer.Ordinal).ToList();
        if (translations.Count > 0)
            node["workTranslation"] = new JsonArray(translations.Select(t =>
            {
                var tr = new JsonObject { ["@type"] = "CreativeWork", ["inLanguage"] = t.Language, ["name"] = t.Title };
                if (t.Description is not null) tr["description"] = t.Description;
                var more = new JsonArray();
                if (t.EnablingFactors is not null) more.Add(Property(InterchangeFormat.EnablingFactors, t.EnablingFactors));
                if (t.LessonsLearned is not null) more.Add(Property(InterchangeFormat.LessonsLearned, t.LessonsLearned));
                if (more.Count > 0) tr["additionalProperty"] = more;
                return (JsonNode?)tr;
            }).ToArray());
        return node;
    }

    private static JsonObject Translation(PracticeText t)
    {
        var node = new JsonObject
        {
            ["@type"] = "CreativeWork", ["inLanguage"] = t.Language, ["name"] = t.Title, ["description"] = t.Summary,
            ["creativeWorkStatus"] = PracticesApi.Code(t.Origin) + (t.Reviewed ? "-reviewed" : ""),
        };
        if (t.Description is not null) node["text"] = t.Description;
        var extra = new JsonArray(TextFields(t).Select(f => (JsonNode?)Property(f.Key, f.Value)).ToArray());
        if (extra.Count > 0) node["additionalProperty"] = extra;
        if (t.Keywords is not null) node["keywords"] = new JsonArray(PracticeKeywords.Split(t.Keywords).Select(k => (JsonNode?)k).ToArray());
        return node;
    }

    /// <summary>The template's long texts other than title, summary and description, by their interchange names.</summary>
    internal static IEnumerable<KeyValuePair<string, string>> TextFields(PracticeText t)
    {
        foreach (var (key, get, _) in InterchangeFormat.TextFields)
            if (get(t) is { Length: > 0 } value) yield return new(key, value);
    }
}
