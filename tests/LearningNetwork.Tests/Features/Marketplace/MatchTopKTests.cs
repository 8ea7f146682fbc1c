using System.Globalization;
using LearningNetwork.Domain;
using LearningNetwork.Features.Marketplace;

namespace LearningNetwork.Tests.Features.Marketplace;

/// <summary>
/// The match index reads only part of its posting lists and scores only the candidates whose bound can reach the top k
/// (docs/architecture.md, "Matching"). These tests hold that pruning to the exhaustive ranking: on random markets (many
/// seeds; few concepts, so that posting lists are long and scores tie; closed, run-out and own items; crosswalked targets,
/// habitat groups, language gaps, formats, deadlines, successful pairs and practices), every query gets the same top k,
/// in the same order, with the same scores and reasons, as scoring every item that shares something with it.
/// </summary>
public sealed class MatchTopKTests
{
    private static readonly DateOnly Today = new(2026, 12, 7);

    public static TheoryData<int> Seeds()
    {
        var seeds = new TheoryData<int>();
        for (var seed = 1; seed <= 30; seed++) seeds.Add(seed);
        return seeds;
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void The_pruned_top_k_is_the_exhaustive_top_k(int seed)
    {
        var random = new Random(seed);
        var (index, offers, requests) = Market(random, size: 150 + random.Next(450));
        foreach (var take in new[] { 1, 3, 10, 40 })
        {
            foreach (var request in requests.Where((_, i) => i % 11 == seed % 11))
                AssertSame(index.RankExhaustive(request, offers: true, Today, take), index.OffersFor(request, Today, take), $"seed {seed}, offers for request {request.Id}, take {take}");
            foreach (var offer in offers.Where((_, i) => i % 11 == seed % 11))
                AssertSame(index.RankExhaustive(offer, offers: false, Today, take), index.RequestsFor(offer, Today, take), $"seed {seed}, requests for offer {offer.Id}, take {take}");
        }
    }

    /// <summary>Concept weights of any size (not only the matchmaker's 1, ½ and 0.3): the bound of an unread concept over one
    /// item's own norm takes the list's largest weight, and the lazily taken exact bounds must still hold.</summary>
    [Theory]
    [InlineData(101)]
    [InlineData(102)]
    [InlineData(103)]
    [InlineData(104)]
    public void Concept_weights_of_any_size_keep_the_top_k_exact(int seed)
    {
        var random = new Random(seed);
        var (index, offers, requests) = Market(random, size: 400, weight: r => (float)(0.05 + 2 * r.NextDouble()));
        foreach (var take in new[] { 1, 5, 10 })
        {
            foreach (var request in requests.Where((_, i) => i % 7 == 0))
                AssertSame(index.RankExhaustive(request, offers: true, Today, take), index.OffersFor(request, Today, take), $"seed {seed}, offers for request {request.Id}, take {take}");
            foreach (var offer in offers.Where((_, i) => i % 7 == 0))
                AssertSame(index.RankExhaustive(offer, offers: false, Today, take), index.RequestsFor(offer, Today, take), $"seed {seed}, requests for offer {offer.Id}, take {take}");
        }
    }

    /// <summary>A query of more concepts than the ordinal path takes (64) sums its dot products through the items' dictionaries;
    /// queries of about 35 to 110 concepts run both paths.</summary>
    [Theory]
    [InlineData(201)]
    [InlineData(202)]
    public void Queries_of_many_concepts_keep_the_top_k_exact(int seed)
    {
        var random = new Random(seed);
        var (index, offers, requests) = Market(random, size: 250, concepts: (40, 150), vocabulary: 400);
        Assert.Contains(requests, r => r.Concepts.Count > 64);
        Assert.Contains(requests, r => r.Concepts.Count is > 0 and <= 64);
        foreach (var take in new[] { 3, 10 })
        {
            foreach (var request in requests.Where((_, i) => i % 5 == 0))
                AssertSame(index.RankExhaustive(request, offers: true, Today, take), index.OffersFor(request, Today, take), $"seed {seed}, offers for request {request.Id}, take {take}");
            foreach (var offer in offers.Where((_, i) => i % 5 == 0))
                AssertSame(index.RankExhaustive(offer, offers: false, Today, take), index.RequestsFor(offer, Today, take), $"seed {seed}, requests for offer {offer.Id}, take {take}");
        }
    }

    [Fact]
    public void Exact_ties_across_the_kth_place_keep_the_lowest_ids()
    {
        // Thirty identical offers of one partner: all tie; the k best are the k lowest ids, whatever the lists' order.
        var index = new MatchIndex();
        index.SetPartner(Partner(1, 0, 0));
        index.SetPartner(Partner(2, 1, 1));
        var concepts = new Dictionary<string, float> { ["gemet:1"] = 1f, ["gemet:2"] = 0.5f, ["gemet:3"] = 0.3f };
        var ids = Enumerable.Range(100, 30).Reverse().ToList();
        foreach (var id in ids) index.SetOffer(Item(id, 2, concepts, ["kmgbf:1"], ["D1"], ["en"]));
        var request = Item(1, 1, new() { ["gemet:1"] = 1f, ["gemet:3"] = 0.5f }, ["kmgbf:1"], ["D"], ["en"]);
        index.SetRequest(request);
        index.Renormalise();

        var matches = index.OffersFor(request, Today, 5);

        Assert.Equal([100, 101, 102, 103, 104], matches.Select(m => m.Id));
        AssertSame(index.RankExhaustive(request, offers: true, Today, 5), matches, "ties");
    }

    [Fact]
    public void Removed_and_replaced_items_leave_the_ranking_exact()
    {
        var random = new Random(99);
        var (index, offers, requests) = Market(random, size: 300);
        // Re-set a third of the offers with new features and remove another third: stale postings and list bounds.
        foreach (var offer in offers.Where((_, i) => i % 3 == 0)) index.SetOffer(RandomItem(random, offer.Id, offer.PartnerId, offer: true));
        foreach (var offer in offers.Where((_, i) => i % 3 == 1)) index.RemoveOffer(offer.Id);
        foreach (var request in requests.Take(60))
            AssertSame(index.RankExhaustive(request, offers: true, Today, 10), index.OffersFor(request, Today, 10), $"offers for request {request.Id}");
    }

    private static void AssertSame(IReadOnlyList<Match> expected, IReadOnlyList<Match> actual, string what)
    {
        Assert.True(Describe(expected) == Describe(actual), $"{what}\nexpected:\n{Describe(expected)}\nactual:\n{Describe(actual)}");
    }

    private static string Describe(IReadOnlyList<Match> matches) => string.Join("\n", matches.Select(m =>
        string.Create(CultureInfo.InvariantCulture, $"{m.Type} {m.Id} {m.Slug} {m.PartnerId} {m.Score:R} ") +
        string.Join(" ", m.Reasons.Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Kind}[{string.Join(",", r.Values)}]{r.Number:R}")))));

    private static readonly string[] Targets = ["kmgbf:1", "kmgbf:2", "kmgbf:3", "nrr:4", "nrr:5", "eubds:6"];
    private static readonly string[] Habitats = ["D", "D1", "D2", "E", "E3", "J1", "G"];
    private static readonly string[] Languages = ["en", "fr", "de", "pl"];

    private static (MatchIndex Index, List<MatchItem> Offers, List<MatchItem> Requests) Market(Random random, int size, Func<Random, float>? weight = null,
        (int Min, int Max)? concepts = null, int vocabulary = 60)
    {
        // A first phase of a few dozen postings at most, so the second phase (lists bounded, then read) runs on these small markets.
        var index = new MatchIndex { FirstPhasePostings = 8 + random.Next(40) };
        // Symmetric, as TargetCrosswalk.Build makes it.
        index.SetCrosswalk(new Dictionary<string, string[]>
        {
            ["kmgbf:1"] = ["nrr:4"], ["nrr:4"] = ["kmgbf:1", "eubds:6"], ["eubds:6"] = ["nrr:4"], ["kmgbf:2"] = ["nrr:5"], ["nrr:5"] = ["kmgbf:2"],
        });
        var partners = 3 + random.Next(20);
        for (var p = 1; p <= partners; p++) index.SetPartner(RandomPartner(random, p));
        for (var i = 0; i < partners / 2; i++) index.AddSuccessfulExchange(1 + random.Next(partners), 1 + random.Next(partners));
        var offers = new List<MatchItem>();
        var requests = new List<MatchItem>();
        for (var id = 1; id <= size; id++)
        {
            var offer = RandomItem(random, id, 1 + random.Next(partners), offer: true, weight, concepts, vocabulary);
            var request = RandomItem(random, id, 1 + random.Next(partners), offer: false, weight, concepts, vocabulary);
            // Exact copies under another id, so that scores tie.
            if (id > 1 && random.Next(5) == 0) offer = Copy(offers[random.Next(offers.Count)], id);
            if (id > 1 && random.Next(5) == 0) request = Copy(requests[random.Next(requests.Count)], id);
            offers.Add(offer);
            requests.Add(request);
            index.SetOffer(offer);
            index.SetRequest(request);
        }
        if (random.Next(2) == 0) index.Renormalise(); // as after a full load; otherwise norms of several ages
        return (index, offers, requests);
    }

    private static MatchItem Copy(MatchItem item, int id) => new()
    {
        Id = id, Slug = "item-" + id, PartnerId = item.PartnerId, Title = "item " + id, Language = item.Language, Kind = item.Kind, Format = item.Format,
        Open = item.Open, From = item.From, Until = item.Until, Concepts = new(item.Concepts, StringComparer.Ordinal), Themes = [.. item.Themes],
        Targets = item.Targets, Habitats = item.Habitats, Languages = item.Languages,
    };

    private static MatchItem RandomItem(Random random, int id, int partner, bool offer, Func<Random, float>? weights = null, (int Min, int Max)? range = null,
        int vocabulary = 60)
    {
        // Concepts drawn from a small, skewed vocabulary: long posting lists next to rare ones.
        var concepts = new Dictionary<string, float>(StringComparer.Ordinal);
        var themes = new HashSet<string>(StringComparer.Ordinal);
        var count = range is { } r ? r.Min + random.Next(r.Max - r.Min + 1) : random.Next(8);
        for (var i = 0; i < count; i++)
        {
            var concept = "gemet:" + (int)Math.Floor(Math.Pow(random.NextDouble(), 2.5) * vocabulary);
            var weight = weights?.Invoke(random) ?? random.Next(3) switch { 0 => Matchmaker.ThemeWeight, 1 => Matchmaker.TextWeight, _ => Matchmaker.NeighbourWeight };
            if (!concepts.TryGetValue(concept, out var old) || old < weight) concepts[concept] = weight;
            if (weight == Matchmaker.ThemeWeight) themes.Add(concept);
        }
        return new MatchItem
        {
            Id = id, Slug = "item-" + id, PartnerId = partner, Title = "item " + id, Language = Languages[random.Next(Languages.Length)],
            Kind = (ExchangeKind)random.Next(Enum.GetValues<ExchangeKind>().Length), Format = (ExchangeFormat)random.Next(Enum.GetValues<ExchangeFormat>().Length),
            Open = random.Next(6) > 0,
            From = offer && random.Next(4) == 0 ? Today.AddDays(random.Next(-30, 90)) : null,
            Until = random.Next(4) == 0 ? Today.AddDays(random.Next(-20, 60)) : null,
            Concepts = concepts, Themes = themes,
            Targets = Pick(random, Targets, random.Next(4)), Habitats = Pick(random, Habitats, random.Next(3)), Languages = Pick(random, Languages, 1 + random.Next(2)),
        };
    }

    private static string[] Pick(Random random, string[] from, int count) => Enumerable.Range(0, count).Select(_ => from[random.Next(from.Length)]).Distinct().ToArray();

    private static MatchPartner RandomPartner(Random random, int id)
    {
        var concepts = new Dictionary<string, float>(StringComparer.Ordinal);
        var practiceConcepts = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = random.Next(4); i > 0; i--) practiceConcepts["gemet:" + random.Next(30)] = 1 + random.Next(3);
        var practiceTargets = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = random.Next(3); i > 0; i--) practiceTargets[Targets[random.Next(Targets.Length)]] = 1 + random.Next(2);
        return new MatchPartner
        {
            Id = id, Slug = "partner-" + id, Name = "Partner " + id, Type = (PartnerType)random.Next(3), Country = random.Next(2) == 0 ? "PL" : "NL",
            Latitude = random.Next(5) == 0 ? null : 50 + random.NextDouble() * 6, Longitude = 5 + random.NextDouble() * 15,
            Population = random.Next(3) == 0 ? null : 10_000 + random.Next(100_000), Bioregions = Pick(random, ["ATL", "CON", "MED"], 1 + random.Next(2)),
            Languages = Pick(random, Languages, 1 + random.Next(2)), Concepts = concepts, PracticeConcepts = practiceConcepts, PracticeTargets = practiceTargets,
        };
    }

    private static MatchPartner Partner(int id, double lat, double lon) => new()
    {
        Id = id, Slug = "partner-" + id, Name = "Partner " + id, Type = PartnerType.Municipality, Country = "NL", Latitude = lat, Longitude = lon,
        Bioregions = ["ATL"], Languages = ["en"], Concepts = [], PracticeConcepts = [], PracticeTargets = [],
    };

    private static MatchItem Item(int id, int partner, Dictionary<string, float> concepts, string[] targets, string[] habitats, string[] languages) => new()
    {
        Id = id, Slug = "item-" + id, PartnerId = partner, Title = "item " + id, Language = languages[0], Kind = ExchangeKind.ExpertAdvice,
        Format = ExchangeFormat.Online, Open = true, Concepts = new(concepts, StringComparer.Ordinal), Themes = [.. concepts.Keys],
        Targets = targets, Habitats = habitats, Languages = languages,
    };
}
