using System.Globalization;
using System.Text.Json;
using LearningNetwork.Domain;
using LearningNetwork.Features.Marketplace;
using LearningNetwork.Features.Practices;
using Microsoft.EntityFrameworkCore;

namespace LearningNetwork.Features.Interchange;

/// <summary>
/// Offers (<c>Offer</c>) and requests (<c>Demand</c>) of the marketplace (docs/interchange.md). An offer names its
/// partner with <c>offeredBy</c> (or is listed under one organisation's <c>makesOffer</c>); a request is listed under its
/// organisation's <c>seeks</c>. Read and checked with the rest of the file, written in the same transaction.
/// </summary>
public sealed partial class InterchangeImporter
{
    private sealed class ExchangeNode
    {
        public required bool IsOffer { get; init; }
        public required string Id { get; init; }
        /// <summary>The partner's @id; null for a request already held here that no organisation of the file lists (it keeps its partner).</summary>
        public string? Partner { get; set; }
        public required ExchangeKind Kind { get; init; }
        public required string Language { get; init; }
        public required string Title { get; init; }
        public required string Description { get; init; }
        public ExchangeFormat Format { get; init; }
        public required List<(string Scheme, string Code)> Tags { get; init; }
        /// <summary>Keywords, resolved to GEMET themes when <c>about</c> names none.</summary>
        public required List<string> Keywords { get; init; }
        public bool Demo { get; init; }
        public DateTime? Created { get; init; }

        // Offers
        public int? Capacity { get; init; }
        public DateOnly? From { get; init; }
        public DateOnly? Until { get; init; }
        public CostTerms Cost { get; init; }
        public string? CostNote { get; init; }
        public OfferState OfferState { get; init; }

        // Requests
        public RequestTopic Topic { get; init; }
        public Urgency Urgency { get; init; }
        public DateOnly? Deadline { get; init; }
        public RequestState RequestState { get; init; }
        public RequestOutcome? Outcome { get; init; }
    }

    /// <summary>The Offer and Demand nodes embedded (with an @type, not just an @id) in an organisation's makesOffer and seeks.</summary>
    private static IEnumerable<(JsonElement Node, string Where)> Embedded(JsonElement organisation, string name)
    {
        foreach (var property in new[] { "makesOffer", "seeks" })
        {
            if (!organisation.TryGetProperty(property, out var value)) continue;
            var items = value.ValueKind == JsonValueKind.Array ? value.EnumerateArray().ToList() : [value];
            for (var i = 0; i < items.Count && i < 1000; i++)
                if (items[i].ValueKind == JsonValueKind.Object && items[i].TryGetProperty("@type", out _))
                    yield return (items[i], $"{name} {property}[{i}]");
        }
    }

    private static ExchangeNode? ReadExchange(NodeReader n, bool isOffer, Reference r)
    {
        var id = n.Id();
        var title = n.RequiredString("name", 250);
        var description = n.RequiredString("description", 8000);
        var language = n.OptionalString("inLanguage", 8) ?? Search.LanguageGuesser.Guess($"{title}. {description}");
        if (language is null) n.Problem("inLanguage", "is missing, and the text does not show its language clearly: give an ISO 639-1 code such as de");
        else if (!PracticeQueryParser.IsLanguageCode(language)) n.Problem("inLanguage", "must be an ISO 639-1 code such as de");

        var kinds = string.Join(", ", Codes.All<ExchangeKind>());
        var kindText = n.OptionalString("additionalType");
        var kind = Codes.Parse<ExchangeKind>(kindText);
        if (kindText is null) n.Problem("additionalType", $"is required: the kind of exchange, one of {kinds}");
        else if (kind is null) n.Problem("additionalType", $"{kindText} is not a kind of exchange this network knows: use one of {kinds}");

        var extra = n.PropertyValues("additionalProperty");
        T? Code<T>(string key) where T : struct, Enum
        {
            if (extra.GetValueOrDefault(key)?.FirstOrDefault() is not { } value) return null;
            if (Codes.Parse<T>(value) is { } v) return v;
            n.Problem("additionalProperty " + key, $"{value} is not one of {string.Join(", ", Codes.All<T>())}");
            return null;
        }

        var tags = new List<(string, string)>();
        foreach (var term in n.TermCodes("about"))
        {
            if (term.StartsWith("GEMET-", StringComparison.Ordinal) && int.TryParse(term[6..], NumberStyles.None, Inv, out var concept) && r.Concepts.Contains(concept))
                tags.Add((MarketTagSchemes.Theme, concept.ToString(Inv)));
            else if (term.StartsWith("EUNIS-", StringComparison.Ordinal) && r.Habitats.Contains(term[6..])) tags.Add((MarketTagSchemes.Habitat, term[6..]));
            else if (TargetCode(term) is { } target && r.Targets.Contains(target)) tags.Add((MarketTagSchemes.Target, target));
            // Other vocabularies (CICES, SDGs, another network's own): the term is not kept, the item is.
        }
        foreach (var l in n.LanguageCodes("availableLanguage"))
            if (PracticeQueryParser.IsLanguageCode(l)) tags.Add((MarketTagSchemes.Language, l));
            else n.Problem("availableLanguage", $"{l} is not an ISO 639-1 code");

        var format = Code<ExchangeFormat>(InterchangeFormat.Format) ?? ExchangeFormat.Both;
        var demo = NodeReader.Flag(extra, InterchangeFormat.Demo);
        var created = n.Date("dateCreated");
        var keywords = n.Strings("keywords");
        if (isOffer)
        {
            var offeredBy = n.Ref("offeredBy");
            var state = Code<OfferState>(InterchangeFormat.State);
            if (state is null && n.OptionalString("availability", 200) is { } availability)
            {
                state = InterchangeFormat.StateOfAvailability(availability);
                if (state is null) n.Problem("availability", $"{availability} is not an ItemAvailability this network reads (InStock, OutOfStock, Discontinued...)");
            }
            var cost = Code<CostTerms>(InterchangeFormat.Cost);
            if (cost is null && (n.OptionalNumber("price") ?? (n.Path("priceSpecification") is { ValueKind: JsonValueKind.Object } spec
                    ? new NodeReader(spec, n.Name, n.Report).OptionalNumber("price") : null)) is { } price)
                cost = price <= 0 ? CostTerms.Free : CostTerms.Fee;
            var note = n.Path("priceSpecification") is { ValueKind: JsonValueKind.Object } specification
                ? new NodeReader(specification, n.Name, n.Report).OptionalString("description", 300) : null;
            int? capacity = null;
            if (n.Number(extra, InterchangeFormat.CapacityPerYear) is { } c)
            {
                if (c is >= 1 and <= 100_000 && c == Math.Floor(c)) capacity = (int)c;
                else n.Problem("additionalProperty " + InterchangeFormat.CapacityPerYear, $"{c.ToString(Inv)} is not a whole number of exchanges per year");
            }
            var from = n.Date("availabilityStarts");
            var until = n.Date("availabilityEnds");
            if (from is not null && until is not null && until < from) n.Problem("availabilityEnds", "lies before availabilityStarts");
            if (!n.Ok || id is null || language is null || kind is null) return null;
            return new ExchangeNode
            {
                IsOffer = true, Id = id, Partner = offeredBy, Kind = kind.Value, Language = language, Title = title!, Description = description!, Format = format,
                Tags = tags.Distinct().ToList(), Keywords = keywords, Demo = demo, Created = created, Capacity = capacity,
                From = from is { } f ? DateOnly.FromDateTime(f) : null, Until = until is { } u ? DateOnly.FromDateTime(u) : null,
                Cost = cost ?? CostTerms.Free, CostNote = note, OfferState = state ?? OfferState.Active,
            };
        }
        else
        {
            var state = Code<RequestState>(InterchangeFormat.State) ?? RequestState.Open;
            var outcome = Code<RequestOutcome>(InterchangeFormat.Outcome);
            if (outcome is not null && state != RequestState.Closed)
                n.Problem("additionalProperty " + InterchangeFormat.Outcome, "only a closed request has an outcome");
            var topic = Code<RequestTopic>(InterchangeFormat.Topic) ?? RequestTopic.Question;
            var urgency = Code<Urgency>(InterchangeFormat.Urgency) ?? Urgency.Normal;
            var deadline = n.Date("availabilityEnds");
            if (!n.Ok || id is null || language is null || kind is null) return null;
            return new ExchangeNode
            {
                IsOffer = false, Id = id, Kind = kind.Value, Language = language, Title = title!, Description = description!, Format = format,
                Tags = tags.Distinct().ToList(), Keywords = keywords, Demo = demo, Created = created, Topic = topic, Urgency = urgency,
                Deadline = deadline is { } d ? DateOnly.FromDateTime(d) : null, RequestState = state, Outcome = outcome,
            };
        }
    }

    /// <summary>
    /// Finds each offer's and request's partner: an offer's <c>offeredBy</c>, else the organisation that lists it under
    /// <c>makesOffer</c>; a request's organisation that lists it under <c>seeks</c>, else (for a request held here already)
    /// the partner it has. The partner must be in the file or known here. Also turns keywords into GEMET themes for items
    /// whose <c>about</c> names none. Reads only.
    /// </summary>
    private async Task ResolveExchangesAsync(List<ExchangeNode> exchanges, List<PartnerNode> partners, ImportReport report, CancellationToken ct)
    {
        if (exchanges.Count == 0) return;
        var offerListers = partners.SelectMany(p => p.MakesOffer.Select(x => (Item: x, Partner: p.Id))).ToLookup(x => x.Item, x => x.Partner, StringComparer.Ordinal);
        var requestListers = partners.SelectMany(p => p.Seeks.Select(x => (Item: x, Partner: p.Id))).ToLookup(x => x.Item, x => x.Partner, StringComparer.Ordinal);
        var inFile = partners.Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var x in exchanges)
        {
            if (x.IsOffer)
            {
                var listers = offerListers[x.Id].Distinct().ToList();
                if (x.Partner is null && listers.Count == 1) x.Partner = listers[0];
                if (x.Partner is null)
                {
                    report.Problems.Add(new ImportProblem(x.Id, "offeredBy", listers.Count > 1
                        ? $"is missing, and {listers.Count} organisations list the offer under makesOffer: name its partner with offeredBy"
                        : "must name the organisation that makes the offer as {\"@id\": ...}"));
                    continue;
                }
                foreach (var other in listers.Where(l => l != x.Partner))
                    report.Problems.Add(new ImportProblem(x.Id, "offeredBy", $"names {x.Partner}, but {other} lists the offer under makesOffer"));
                if (!await PartnerKnownAsync(x.Partner, inFile, ct))
                    report.Problems.Add(new ImportProblem(x.Id, "offeredBy", $"{x.Partner} is neither in the file nor known here"));
            }
            else
            {
                var listers = requestListers[x.Id].Distinct().ToList();
                if (listers.Count > 1)
                    report.Problems.Add(new ImportProblem(x.Id, "seeks", $"{string.Join(" and ", listers)} both list the request under seeks: one organisation asks"));
                else if (listers.Count == 1) x.Partner = listers[0];
                else if (await FindAsync("requests", x.Id, ct) is null)
                    report.Problems.Add(new ImportProblem(x.Id, "seeks",
                        "no organisation of the file lists the request under seeks, and it is not known here: add its organisation with \"seeks\": [{\"@id\": ...}]"));
            }
        }

        // Keywords name themes where about has no GEMET code: matched to GEMET labels in the item's language or in English.
        var untagged = exchanges.Where(x => x.Keywords.Count > 0 && x.Tags.All(t => t.Scheme != MarketTagSchemes.Theme)).ToList();
        if (untagged.Count == 0) return;
        var words = untagged.SelectMany(x => x.Keywords).Select(k => k.ToLowerInvariant()).Distinct().ToList();
        var languages = untagged.Select(x => x.Language).Append("en").Distinct().ToList();
        var labels = await db.GemetLabels.AsNoTracking().Where(l => languages.Contains(l.Language) && words.Contains(l.Label.ToLower()))
            .Select(l => new { l.ConceptId, l.Language, l.Label }).ToListAsync(ct);
        foreach (var x in untagged)
        {
            var wanted = x.Keywords.Select(k => k.ToLowerInvariant()).ToHashSet(StringComparer.Ordinal);
            foreach (var concept in labels.Where(l => (l.Language == x.Language || l.Language == "en") && wanted.Contains(l.Label.ToLowerInvariant()))
                         .Select(l => l.ConceptId).Distinct().Order().Take(20))
                x.Tags.Add((MarketTagSchemes.Theme, concept.ToString(Inv)));
        }
    }

    private async Task<bool> PartnerKnownAsync(string id, HashSet<string> inFile, CancellationToken ct)
    {
        return inFile.Contains(id) || await FindAsync("partners", id, ct) is not null;
    }

    private static string Fingerprint(Offer o) => JsonSerializer.Serialize(new object?[]
    {
        o.PartnerId, o.Kind, o.Language, o.Title, o.Description, o.Format, o.Capacity, o.AvailableFrom, o.AvailableUntil, o.Cost, o.CostNote, o.State, o.IsDemo,
        o.Tags.Select(t => t.Scheme + ":" + t.Code).Order(StringComparer.Ordinal),
    });

    private static string Fingerprint(HelpRequest r) => JsonSerializer.Serialize(new object?[]
    {
        r.PartnerId, r.Topic, r.Kind, r.Language, r.Title, r.Description, r.Format, r.Urgency, r.Deadline, r.State, r.Outcome, r.IsDemo,
        r.Tags.Select(t => t.Scheme + ":" + t.Code).Order(StringComparer.Ordinal),
    });

    /// <summary>Creates or updates the offers and requests (<paramref name="held"/>: the rows they name, see <see cref="GuardAsync"/>);
    /// returns the rows of the file's items.</summary>
    private async Task<(HashSet<int> Offers, HashSet<int> Requests)> UpsertExchangesAsync(List<ExchangeNode> nodes, Dictionary<string, int> partners, Held held,
        RegisteredNetwork? origin, ImportReport report, CancellationToken ct)
    {
        if (nodes.Count == 0) return ([], []);
        await CompleteMapAsync(partners, nodes.Where(n => n.Partner is not null).Select(n => n.Partner!), ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var offerMap = held.Offers;
        var requestMap = held.Requests;
        // "new" is kept free for the pages that make one.
        var offerSlugs = (await db.Offers.Select(o => o.Slug).ToListAsync(ct)).Append("new").ToHashSet(StringComparer.Ordinal);
        var requestSlugs = (await db.Requests.Select(r => r.Slug).ToListAsync(ct)).Append("new").ToHashSet(StringComparer.Ordinal);
        var offers = new List<Offer>();
        var requests = new List<HelpRequest>();

        foreach (var n in nodes.Where(n => n.IsOffer))
        {
            var offer = offerMap.TryGetValue(n.Id, out var existing) ? await db.Offers.Include(o => o.Tags).FirstAsync(o => o.Id == existing, ct) : null;
            var created = offer is null;
            if (offer is null)
            {
                offer = new Offer
                {
                    Slug = UniqueSlug(SlugFrom(n.Id, n.Title), offerSlugs), Language = n.Language, Title = n.Title, Description = n.Description,
                    ExternalId = n.Id, CreatedAt = n.Created ?? now, UpdatedAt = now, OriginNetworkId = origin?.Id,
                };
                db.Offers.Add(offer);
            }
            var before = created ? null : Fingerprint(offer);
            offer.PartnerId = partners[n.Partner!];
            offer.Kind = n.Kind;
            offer.Language = n.Language;
            offer.Title = n.Title;
            offer.Description = n.Description;
            offer.Format = n.Format;
            offer.Capacity = n.Capacity;
            offer.AvailableFrom = n.From;
            offer.AvailableUntil = n.Until;
            offer.Cost = n.Cost;
            offer.CostNote = n.CostNote;
            offer.State = n.OfferState;
            offer.IsDemo = n.Demo;
            Sync(offer.Tags, n.Tags, t => (t.Scheme, t.Code), t => new OfferTag { Scheme = t.Scheme, Code = t.Code });
            offers.Add(offer);
            if (created) report.Count(report.Created, "offers");
            else if (before != Fingerprint(offer))
            {
                offer.UpdatedAt = now;
                offer.Version = Guid.NewGuid();
                report.Count(report.Updated, "offers");
            }
            else report.Count(report.Unchanged, "offers");
        }

        foreach (var n in nodes.Where(n => !n.IsOffer))
        {
            var request = requestMap.TryGetValue(n.Id, out var existing) ? await db.Requests.Include(r => r.Tags).FirstAsync(r => r.Id == existing, ct) : null;
            var created = request is null;
            if (request is null)
            {
                request = new HelpRequest
                {
                    Slug = UniqueSlug(SlugFrom(n.Id, n.Title), requestSlugs), Language = n.Language, Title = n.Title, Description = n.Description,
                    ExternalId = n.Id, CreatedAt = n.Created ?? now, UpdatedAt = now, OriginNetworkId = origin?.Id,
                };
                db.Requests.Add(request);
            }
            var before = created ? null : Fingerprint(request);
            var stateBefore = created ? (RequestState?)null : request.State;
            // A request no organisation of the file lists keeps the partner it has (ResolveExchangesAsync made sure it is held here).
            if (n.Partner is not null) request.PartnerId = partners[n.Partner];
            request.Topic = n.Topic;
            request.Kind = n.Kind;
            request.Language = n.Language;
            request.Title = n.Title;
            request.Description = n.Description;
            request.Format = n.Format;
            request.Urgency = n.Urgency;
            request.Deadline = n.Deadline;
            request.State = n.RequestState;
            request.Outcome = n.RequestState == RequestState.Closed ? n.Outcome : null;
            request.ClosedAt = n.RequestState == RequestState.Closed ? request.ClosedAt ?? now : null;
            request.IsDemo = n.Demo;
            Sync(request.Tags, n.Tags, t => (t.Scheme, t.Code), t => new RequestTag { Scheme = t.Scheme, Code = t.Code });
            // The lifecycle keeps its steps: the state it arrived in, and every state an import moved it to.
            if (stateBefore != request.State) request.Steps.Add(new RequestStep { State = request.State, At = now });
            requests.Add(request);
            if (created) report.Count(report.Created, "requests");
            else if (before != Fingerprint(request))
            {
                request.UpdatedAt = now;
                request.Version = Guid.NewGuid();
                report.Count(report.Updated, "requests");
            }
            else report.Count(report.Unchanged, "requests");
        }
        await db.SaveChangesAsync(ct);
        return (offers.Select(o => o.Id).ToHashSet(), requests.Select(r => r.Id).ToHashSet());
    }

    /// <summary>
    /// A whole feed: the network's offers and requests it no longer holds go; only rows of that origin (GuardAsync let the
    /// harvest write no other).
    /// </summary>
    private async Task PruneExchangesAsync(RegisteredNetwork origin, HashSet<int> offerIds, HashSet<int> requestIds, ImportReport report, CancellationToken ct)
    {
        foreach (var r in await db.Requests.Where(r => r.OriginNetworkId == origin.Id && !requestIds.Contains(r.Id)).ToListAsync(ct))
        {
            db.Requests.Remove(r);
            report.Count(report.Removed, "requests");
        }
        foreach (var o in await db.Offers.Where(o => o.OriginNetworkId == origin.Id && !offerIds.Contains(o.Id)).ToListAsync(ct))
        {
            db.Offers.Remove(o);
            report.Count(report.Removed, "offers");
        }
        await db.SaveChangesAsync(ct);
    }
}
