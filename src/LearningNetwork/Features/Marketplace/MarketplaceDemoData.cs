using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using LearningNetwork.Data;
using LearningNetwork.Domain;
using Microsoft.EntityFrameworkCore;

namespace LearningNetwork.Features.Marketplace;

/// <summary>
/// The demo marketplace (Features/Marketplace/DemoData/demo-{offers,requests}.json): offers and requests of the demo
/// partners in their own languages, some requests already in discussion, matched, in progress or closed with an
/// outcome, feedback and messages. Every code is checked against the reference data, so a typo stops the seeding
/// with its name. Dates in the files are kept as written; steps are spread over the weeks before today.
/// </summary>
internal static class MarketplaceDemoData
{
    private static string Folder => Path.Combine(AppContext.BaseDirectory, "Features", "Marketplace", "DemoData");

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { NumberHandling = JsonNumberHandling.Strict };

    internal sealed record DemoFeedback(int Rating, string Text);

    internal sealed record DemoFeedbackPair(DemoFeedback? Requester, DemoFeedback? Provider);

    internal sealed record DemoMessage(string From, string Text);

    internal sealed record DemoItem(string Slug, string Partner, string Kind, string? Topic, string Language, string Title, string Description,
        int[]? Themes, string[]? Targets, string[]? Habitats, string[]? Languages, string Format, int? Capacity, string? AvailableFrom,
        string? AvailableUntil, string? Cost, string? CostNote, string? State, string? Urgency, string? Deadline, string? MatchedOffer,
        string? Outcome, DemoFeedbackPair? Feedback, DemoMessage[]? Messages);

    public static async Task<(int Offers, int Requests)> SeedAsync(LearningNetworkDb db, TimeProvider clock, CancellationToken ct)
    {
        var offersFile = Path.Combine(Folder, "demo-offers.json");
        var requestsFile = Path.Combine(Folder, "demo-requests.json");
        if (!File.Exists(offersFile) || !File.Exists(requestsFile)) return (0, 0);
        var demoOffers = JsonSerializer.Deserialize<List<DemoItem>>(await File.ReadAllBytesAsync(offersFile, ct), Json) ?? [];
        var demoRequests = JsonSerializer.Deserialize<List<DemoItem>>(await File.ReadAllBytesAsync(requestsFile, ct), Json) ?? [];

        var partners = await db.Partners.Where(p => p.IsDemo).ToDictionaryAsync(p => p.Slug, ct);
        var concepts = (await db.GemetConcepts.Select(c => c.Id).ToListAsync(ct)).ToHashSet();
        var targets = (await db.PolicyTargets.Select(t => t.FrameworkCode + ":" + t.Code).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        var habitats = (await db.EunisHabitats.Select(h => h.Code).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        var languages = (await db.Languages.Select(l => l.Code).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        var now = clock.GetUtcNow().UtcDateTime;

        T Parse<T>(string? code, string slug) where T : struct, Enum =>
            Codes.Parse<T>(code) ?? throw new InvalidDataException($"Demo marketplace item {slug}: unknown {typeof(T).Name} '{code}'.");
        Partner PartnerOf(DemoItem d) => partners.GetValueOrDefault(d.Partner) ?? throw new InvalidDataException($"Demo marketplace item {d.Slug}: unknown partner {d.Partner}.");
        DateOnly? Date(string? s, string slug) => s is null ? null
            : DateOnly.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d
            : throw new InvalidDataException($"Demo marketplace item {slug}: bad date {s}.");
        List<(string, string)> Tags(DemoItem d)
        {
            var tags = new List<(string, string)>();
            foreach (var t in d.Themes ?? [])
                tags.Add((MarketTagSchemes.Theme, concepts.Contains(t) ? t.ToString(CultureInfo.InvariantCulture) : throw new InvalidDataException($"Demo marketplace item {d.Slug}: unknown GEMET concept {t}.")));
            foreach (var t in d.Targets ?? []) tags.Add((MarketTagSchemes.Target, targets.Contains(t) ? t : throw new InvalidDataException($"Demo marketplace item {d.Slug}: unknown target {t}.")));
            foreach (var h in d.Habitats ?? []) tags.Add((MarketTagSchemes.Habitat, habitats.Contains(h) ? h : throw new InvalidDataException($"Demo marketplace item {d.Slug}: unknown habitat {h}.")));
            foreach (var l in d.Languages ?? [d.Language]) tags.Add((MarketTagSchemes.Language, languages.Contains(l) ? l : throw new InvalidDataException($"Demo marketplace item {d.Slug}: unknown language {l}.")));
            return tags.Distinct().ToList();
        }

        // The people involved in a demo offer: the first two demo people of its partner.
        var people = (await db.PersonProfiles.Where(p => p.IsDemo && p.PartnerId != null).OrderBy(p => p.Id).Select(p => new { p.Id, PartnerId = p.PartnerId!.Value }).ToListAsync(ct))
            .ToLookup(p => p.PartnerId, p => p.Id);
        var offers = new Dictionary<string, Offer>(StringComparer.Ordinal);
        foreach (var (d, i) in demoOffers.Select((d, i) => (d, i)))
        {
            var created = now.AddDays(-120 + i);
            var offer = new Offer
            {
                Slug = d.Slug, PartnerId = PartnerOf(d).Id, Kind = Parse<ExchangeKind>(d.Kind, d.Slug), Language = d.Language, Title = d.Title, Description = d.Description,
                Format = Parse<ExchangeFormat>(d.Format, d.Slug), Capacity = d.Capacity, AvailableFrom = Date(d.AvailableFrom, d.Slug), AvailableUntil = Date(d.AvailableUntil, d.Slug),
                Cost = Parse<CostTerms>(d.Cost ?? "free", d.Slug), CostNote = d.CostNote, State = Parse<OfferState>(d.State ?? "active", d.Slug),
                CreatedAt = created, UpdatedAt = created, IsDemo = true,
                Tags = Tags(d).Select(t => new OfferTag { Scheme = t.Item1, Code = t.Item2 }).ToList(),
                People = people[PartnerOf(d).Id].Take(2).Select(id => new OfferPerson { PersonProfileId = id }).ToList(),
            };
            offers[d.Slug] = offer;
            db.Offers.Add(offer);
        }
        await db.SaveChangesAsync(ct);

        foreach (var (d, i) in demoRequests.Select((d, i) => (d, i)))
        {
            var partner = PartnerOf(d);
            var created = now.AddDays(-90 + i);
            var state = Parse<RequestState>(d.State ?? "open", d.Slug);
            var request = new HelpRequest
            {
                Slug = d.Slug, PartnerId = partner.Id, Kind = Parse<ExchangeKind>(d.Kind, d.Slug), Topic = Parse<RequestTopic>(d.Topic ?? "question", d.Slug),
                Language = d.Language, Title = d.Title, Description = d.Description, Format = Parse<ExchangeFormat>(d.Format, d.Slug),
                Urgency = Parse<Urgency>(d.Urgency ?? "normal", d.Slug), Deadline = Date(d.Deadline, d.Slug), State = state,
                CreatedAt = created, UpdatedAt = created, IsDemo = true, AlertSent = true,
                Tags = Tags(d).Select(t => new RequestTag { Scheme = t.Item1, Code = t.Item2 }).ToList(),
            };
            request.Steps.Add(new RequestStep { State = RequestState.Open, At = created, PartnerId = partner.Id });
            Offer? matched = null;
            if (d.MatchedOffer is { } m)
            {
                matched = offers.GetValueOrDefault(m) ?? throw new InvalidDataException($"Demo request {d.Slug}: unknown offer {m}.");
                request.MatchedOfferId = matched.Id;
                request.MatchedPartnerId = matched.PartnerId;
            }
            // The steps it went through to reach its state, a few days apart.
            var path = new[] { RequestState.InDiscussion, RequestState.Matched, RequestState.InProgress, RequestState.Closed };
            var reached = state == RequestState.Open ? 0 : Array.IndexOf(path, state) + 1;
            for (var s = 0; s < reached; s++)
                request.Steps.Add(new RequestStep { State = path[s], At = created.AddDays(4 * (s + 1)), PartnerId = path[s] == RequestState.InDiscussion ? matched?.PartnerId ?? partner.Id : partner.Id });
            if (state == RequestState.Closed)
            {
                request.Outcome = Parse<RequestOutcome>(d.Outcome ?? "solved", d.Slug);
                request.ClosedAt = created.AddDays(4 * reached);
                if (d.Feedback?.Requester is { } fr)
                    request.Feedback.Add(new RequestFeedback { Side = FeedbackSide.Requester, PartnerId = partner.Id, Rating = fr.Rating, Text = fr.Text, At = request.ClosedAt.Value });
                if (d.Feedback?.Provider is { } fp && matched is not null)
                    request.Feedback.Add(new RequestFeedback { Side = FeedbackSide.Provider, PartnerId = matched.PartnerId, Rating = fp.Rating, Text = fp.Text, At = request.ClosedAt.Value.AddDays(1) });
            }
            db.Requests.Add(request);
            await db.SaveChangesAsync(ct);
            if (d.Messages is { Length: > 0 } messages && matched is not null)
            {
                var conversation = new Conversation
                {
                    RequestId = request.Id, OwnerPartnerId = partner.Id, OtherPartnerId = matched.PartnerId, CreatedAt = created.AddDays(3), LastMessageAt = created.AddDays(3 + messages.Length),
                };
                foreach (var (msg, k) in messages.Select((msg, k) => (msg, k)))
                    conversation.Messages.Add(new ConversationMessage { PartnerId = msg.From == "provider" ? matched.PartnerId : partner.Id, Text = msg.Text, At = created.AddDays(3 + k) });
                db.Conversations.Add(conversation);
            }
        }
        await db.SaveChangesAsync(ct);
        return (demoOffers.Count, demoRequests.Count);
    }
}
