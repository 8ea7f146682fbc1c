using System.Text.Json.Nodes;
using LearningNetwork.Domain;
using LearningNetwork.Features.Marketplace;
using LearningNetwork.Features.Practices;
using Microsoft.EntityFrameworkCore;

namespace LearningNetwork.Features.Interchange;

/// <summary>
/// The marketplace in the export (docs/interchange.md, "Offer" and "Demand"): every offer as a schema.org <c>Offer</c>
/// named by its partner's <c>offeredBy</c> and <c>makesOffer</c>, every request as a <c>Demand</c> listed under its
/// partner's <c>seeks</c> (schema.org has no way back from a Demand). What schema.org has no term for (state, outcome,
/// topic, urgency, format, cost, capacity) is an <c>additionalProperty</c>, like the practices' template fields.
/// </summary>
public sealed partial class InterchangeExporter
{
    private async Task AddMarketplaceAsync(JsonArray graph, Dictionary<int, string> partnerIds, Dictionary<int, JsonObject> partnerNodes, CancellationToken ct)
    {
        var offers = await db.Offers.AsNoTracking().Include(o => o.Tags).OrderBy(o => o.Id).ToListAsync(ct);
        var requests = await db.Requests.AsNoTracking().Include(r => r.Tags).OrderBy(r => r.Id).ToListAsync(ct);
        if (offers.Count == 0 && requests.Count == 0) return;
        var labels = await ThemeLabelsAsync(offers.SelectMany(o => o.Tags).Where(t => t.Scheme == MarketTagSchemes.Theme).Select(t => t.Code)
                .Concat(requests.SelectMany(r => r.Tags).Where(t => t.Scheme == MarketTagSchemes.Theme).Select(t => t.Code)),
            offers.Select(o => o.Language).Concat(requests.Select(r => r.Language)), ct);

        var makesOffer = new Dictionary<int, JsonArray>();
        foreach (var o in offers)
        {
            if (!partnerIds.TryGetValue(o.PartnerId, out var partner)) continue;
            var id = await ids.OfferAsync(o, ct);
            graph.Add(Offer(o, id, partner, labels));
            (makesOffer.TryGetValue(o.PartnerId, out var list) ? list : makesOffer[o.PartnerId] = []).Add(Ref(id));
        }
        var seeks = new Dictionary<int, JsonArray>();
        foreach (var r in requests)
        {
            if (!partnerIds.ContainsKey(r.PartnerId)) continue;
            var id = await ids.RequestAsync(r, ct);
            graph.Add(Demand(r, id, labels));
            (seeks.TryGetValue(r.PartnerId, out var list) ? list : seeks[r.PartnerId] = []).Add(Ref(id));
        }
        // The links from the organisation: only on partners that have offers or requests, so that the others keep their shape.
        foreach (var (partnerId, list) in makesOffer) partnerNodes[partnerId]["makesOffer"] = list;
        foreach (var (partnerId, list) in seeks) partnerNodes[partnerId]["seeks"] = list;
    }

    /// <summary>Labels of GEMET concepts by concept and language, in the items' languages and in English (the fallback).</summary>
    private async Task<Dictionary<(int, string), string>> ThemeLabelsAsync(IEnumerable<string> codes, IEnumerable<string> languages, CancellationToken ct)
    {
        var concepts = codes.Select(c => int.TryParse(c, System.Globalization.NumberStyles.None, Inv, out var id) ? id : -1).Where(id => id >= 0).Distinct().ToList();
        if (concepts.Count == 0) return [];
        var wanted = languages.Append("en").Distinct().ToList();
        var rows = await db.GemetLabels.AsNoTracking().Where(l => concepts.Contains(l.ConceptId) && wanted.Contains(l.Language))
            .Select(l => new { l.ConceptId, l.Language, l.Label }).ToListAsync(ct);
        var labels = new Dictionary<(int, string), string>();
        foreach (var row in rows) labels.TryAdd((row.ConceptId, row.Language), row.Label);
        return labels;
    }

    /// <summary>What an offer and a request share: text, language, kind, classifications, exchange languages, format.</summary>
    private static JsonObject Exchange(string type, string id, ExchangeKind kind, string title, string description, string language,
        IEnumerable<(string Scheme, string Code)> tagList, Dictionary<(int, string), string> labels, DateTime created)
    {
        var tags = tagList.ToLookup(t => t.Scheme, t => t.Code);
        var themes = tags[MarketTagSchemes.Theme].Select(c => int.TryParse(c, System.Globalization.NumberStyles.None, Inv, out var v) ? v : -1)
            .Where(c => c >= 0).Distinct().Order().ToList();
        var about = new JsonArray();
        foreach (var code in tags[MarketTagSchemes.Target].Order(StringComparer.Ordinal))
            about.Add(new JsonObject { ["@type"] = "DefinedTerm", ["termCode"] = PracticeJsonLd.TermCode(code) });
        foreach (var concept in themes) about.Add(Gemet(concept));
        foreach (var code in tags[MarketTagSchemes.Habitat].Where(c => c.Length > 0).Order(StringComparer.Ordinal))
            about.Add(new JsonObject { ["@type"] = "DefinedTerm", ["termCode"] = "EUNIS-" + code, ["inDefinedTermSet"] = InterchangeFormat.EunisSet });
        // Keywords for readers that do not resolve GEMET codes: the themes' names in the item's language (else English).
        var keywords = themes.Select(c => labels.GetValueOrDefault((c, language)) ?? labels.GetValueOrDefault((c, "en"))).Where(l => l is not null)
            .Distinct(StringComparer.Ordinal).Select(l => (JsonNode?)l).ToArray();
        return new JsonObject
        {
            ["@type"] = type,
            ["@id"] = id,
            ["additionalType"] = Codes.Of(kind),
            ["name"] = title,
            ["description"] = description,
            ["inLanguage"] = language,
            ["keywords"] = new JsonArray(keywords),
            ["about"] = about,
            ["availableLanguage"] = new JsonArray(tags[MarketTagSchemes.Language].Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Select(l => (JsonNode?)l).ToArray()),
            ["dateCreated"] = created.ToString("yyyy-MM-dd", Inv),
        };
    }

    /// <summary>An offer as a schema.org Offer.</summary>
    internal static JsonObject Offer(Offer o, string id, string partnerId, Dictionary<(int, string), string> labels)
    {
        var node = Exchange("Offer", id, o.Kind, o.Title, o.Description, o.Language, o.Tags.Select(t => (t.Scheme, t.Code)), labels, o.CreatedAt);
        node["offeredBy"] = Ref(partnerId);
        node["availability"] = InterchangeFormat.Availability(o.State);
        if (o.AvailableFrom is { } from) node["availabilityStarts"] = from.ToString("yyyy-MM-dd", Inv);
        if (o.AvailableUntil is { } until) node["availabilityEnds"] = until.ToString("yyyy-MM-dd", Inv);
        if (o.Cost == CostTerms.Free)
        {
            node["price"] = 0;
            node["priceCurrency"] = InterchangeFormat.EuroCurrency;
        }
        if (o.CostNote is not null) node["priceSpecification"] = new JsonObject { ["@type"] = "PriceSpecification", ["description"] = o.CostNote };
        var extra = new JsonArray
        {
            Property(InterchangeFormat.State, Codes.Of(o.State)),
            Property(InterchangeFormat.Format, Codes.Of(o.Format)),
            Property(InterchangeFormat.Cost, Codes.Of(o.Cost)),
        };
        if (o.Capacity is { } capacity) extra.Add(Property(InterchangeFormat.CapacityPerYear, capacity));
        if (o.IsDemo) extra.Add(Property(InterchangeFormat.Demo, true));
        node["additionalProperty"] = extra;
        return node;
    }

    /// <summary>A request as a schema.org Demand; its partner lists it under <c>seeks</c>.</summary>
    internal static JsonObject Demand(HelpRequest r, string id, Dictionary<(int, string), string> labels)
    {
        var node = Exchange("Demand", id, r.Kind, r.Title, r.Description, r.Language, r.Tags.Select(t => (t.Scheme, t.Code)), labels, r.CreatedAt);
        if (r.Deadline is { } deadline) node["availabilityEnds"] = deadline.ToString("yyyy-MM-dd", Inv);
        var extra = new JsonArray
        {
            Property(InterchangeFormat.Topic, Codes.Of(r.Topic)),
            Property(InterchangeFormat.State, Codes.Of(r.State)),
        };
        if (r.State == RequestState.Closed && r.Outcome is { } outcome) extra.Add(Property(InterchangeFormat.Outcome, Codes.Of(outcome)));
        extra.Add(Property(InterchangeFormat.Urgency, Codes.Of(r.Urgency)));
        extra.Add(Property(InterchangeFormat.Format, Codes.Of(r.Format)));
        if (r.IsDemo) extra.Add(Property(InterchangeFormat.Demo, true));
        node["additionalProperty"] = extra;
        return node;
    }
}
