using LearningNetwork.Domain;
using LearningNetwork.Features.Marketplace;

namespace LearningNetwork.Tests.Features.Marketplace;

/// <summary>
/// The matcher's ranking on a small hand-made market, pinned: the order, the reasons and the scores. The scores were
/// taken from the engine before candidates were pruned by a bound on their score (bench/results/match-2026-11-25.md),
/// so a change that alters any score fails here, not silently in production.
/// </summary>
public sealed class MatchIndexTests
{
    private static readonly DateOnly Today = new(2026, 11, 25);
    private const string Peat = "gemet:6081", Bog = "gemet:12161", Wetland = "gemet:9297", Meadow = "gemet:5110",
        UrbanGreen = "gemet:8815", GreenSpace = "gemet:3770", Hedge = "gemet:3917";

    private const int Requester = 1, Dutch = 2, German = 3, Italian = 4;

    private static MatchIndex Market()
    {
        var index = new MatchIndex();
        index.SetCrosswalk(new Dictionary<string, string[]> { ["kmgbf:11"] = ["nrr:8"], ["nrr:8"] = ["kmgbf:11"] });
        index.SetPartner(Partner(Requester, "PL", 52.23, 21.01, ["pl", "en"], ["CON"], PartnerType.Municipality, 60_000));
        index.SetPartner(Partner(Dutch, "NL", 52.09, 5.12, ["nl", "en"], ["ATL"], PartnerType.Municipality, 90_000));
        index.SetPartner(Partner(German, "DE", 53.55, 9.99, ["de"], ["ATL", "CON"], PartnerType.Region, 1_800_000));
        index.SetPartner(Partner(Italian, "IT", 45.46, 9.19, ["it", "en"], ["MED"], PartnerType.Association, null));

        // The peatland offer, and copies of it that differ in one thing each.
        index.SetOffer(Item(10, "peatland-rewetting", Dutch, Peatland(), [Peat, Bog], ["nrr:4"], ["D1"], ["en", "nl"]));
        index.SetOffer(Item(11, "peatland-in-dutch-only", Dutch, Peatland(), [Peat, Bog], ["nrr:4"], ["D1"], ["nl"]));
        index.SetOffer(Item(12, "peatland-closed", Dutch, Peatland(), [Peat, Bog], ["nrr:4"], ["D1"], ["en"], open: false));
        index.SetOffer(Item(13, "peatland-of-the-requester", Requester, Peatland(), [Peat, Bog], ["nrr:4"], ["D1"], ["en"]));
        index.SetOffer(Item(14, "peatland-run-out", Dutch, Peatland(), [Peat, Bog], ["nrr:4"], ["D1"], ["en"], until: Today.AddDays(-1)));
        // Partly related, and unrelated.
        index.SetOffer(Item(15, "wet-meadows", Italian, new() { [Meadow] = 1f, [Wetland] = 0.5f }, [Meadow], ["nrr:8"], ["E3"], ["en"]));
        index.SetOffer(Item(16, "urban-green", Italian, new() { [UrbanGreen] = 1f, [GreenSpace] = 0.3f, [Hedge] = 0.5f }, [UrbanGreen], [], ["J1"], ["en"]));
        index.SetOffer(Item(17, "peat-in-german", German, Peatland(), [Peat, Bog], [], ["D1"], ["de"], kind: ExchangeKind.StudyVisit, format: ExchangeFormat.OnSite));

        index.SetRequest(Item(1, "help-with-our-peat-bogs", Requester, new() { [Peat] = 1f, [Bog] = 1f, [Wetland] = 0.3f }, [Peat, Bog], ["nrr:4", "kmgbf:11"], ["D1"], ["pl", "en"],
            format: ExchangeFormat.Both));
        index.SetRequest(Item(2, "closed-request-on-peat", German, new() { [Peat] = 1f }, [Peat], [], [], ["de"], open: false));
        index.Renormalise(); // as Matchmaker does once everything is loaded
        return index;
    }

    [Fact]
    public void A_request_about_peatland_gets_the_peatland_offer_first_and_the_scores_stay_as_they_were()
    {
        var index = Market();
        var matches = index.OffersFor(index.Request(1)!, Today, 10);

        Assert.Equal(["peatland-rewetting", "peatland-in-dutch-only", "peat-in-german", "wet-meadows"], matches.Select(m => m.Slug));
        Assert.Equal([0.8256, 0.4954, 0.3964, 0.1429], matches.Select(m => m.Score));
        var best = matches[0].Reasons;
        Assert.Equal([ReasonKind.Kind, ReasonKind.Themes, ReasonKind.Targets, ReasonKind.Habitats, ReasonKind.SimilarTerritory, ReasonKind.Language], best.Select(r => r.Kind));
        // Both partners' themes first, the rarer (higher IDF) first: bog is on one item fewer than peat.
        Assert.Equal([Bog, Peat, Wetland], best.Single(r => r.Kind == ReasonKind.Themes).Values);
        Assert.Equal(["nrr:4"], best.Single(r => r.Kind == ReasonKind.Targets).Values);
        Assert.Equal(["D1"], best.Single(r => r.Kind == ReasonKind.Habitats).Values);
        Assert.Equal(["en"], best.Single(r => r.Kind == ReasonKind.Language).Values);
        // A crosswalked target counts half, and says which one it served.
        Assert.Equal(["nrr:8"], matches.Single(m => m.Slug == "wet-meadows").Reasons.Single(r => r.Kind == ReasonKind.Targets).Values);
    }

    [Fact]
    public void A_language_gap_lowers_the_score_and_says_so()
    {
        var index = Market();
        var matches = index.OffersFor(index.Request(1)!, Today, 10);
        var shared = matches.Single(m => m.Slug == "peatland-rewetting");
        var gap = matches.Single(m => m.Slug == "peatland-in-dutch-only");

        Assert.True(gap.Score < shared.Score);
        Assert.Equal(shared.Score * 0.6, gap.Score, 3);
        Assert.DoesNotContain(gap.Reasons, r => r.Kind == ReasonKind.Language);
        Assert.Equal(["pl,en", "nl"], gap.Reasons.Single(r => r.Kind == ReasonKind.LanguageGap).Values);
    }

    [Fact]
    public void Closed_offers_run_out_offers_and_the_requesters_own_offers_never_appear()
    {
        var index = Market();
        var slugs = index.OffersFor(index.Request(1)!, Today, 100).Select(m => m.Slug).ToList();

        Assert.DoesNotContain("peatland-closed", slugs);
        Assert.DoesNotContain("peatland-run-out", slugs);
        Assert.DoesNotContain("peatland-of-the-requester", slugs);
        Assert.DoesNotContain("urban-green", slugs); // nothing in common: not even a candidate
    }

    [Fact]
    public void An_offer_finds_the_open_requests_it_answers()
    {
        var index = Market();
        var matches = index.RequestsFor(index.Offer(10)!, Today, 10);

        Assert.Equal(["help-with-our-peat-bogs"], matches.Select(m => m.Slug));
        // The same pair scores the same both ways: every norm is taken against the same corpus.
        Assert.Equal(index.OffersFor(index.Request(matches[0].Id)!, Today, 10).Single(m => m.Id == 10).Score, matches[0].Score);
    }

    [Fact]
    public void Take_keeps_the_best_and_breaks_ties_by_id()
    {
        var index = Market();
        var ids = new[] { 24, 22, 20, 23, 21 };
        MatchItem Twin(int id) => Item(id, "twin-" + id, Dutch, new() { [Hedge] = 1f, [GreenSpace] = 0.3f }, [Hedge], [], [], ["en"]);
        foreach (var id in ids) index.SetOffer(Twin(id));
        index.SetRequest(Item(3, "hedges", Italian, new() { [Hedge] = 1f }, [Hedge], [], [], ["en"]));
        // Set again once all are in, so that their norms come from the same document frequencies: exact twins.
        foreach (var id in ids) index.SetOffer(Twin(id));

        var matches = index.OffersFor(index.Request(3)!, Today, 3);

        Assert.Equal([20, 21, 22], matches.Select(m => m.Id));
        Assert.All(matches, m => Assert.Equal(matches[0].Score, m.Score));
        Assert.Empty(index.OffersFor(index.Request(3)!, Today, 0));
    }

    private static Dictionary<string, float> Peatland() => new() { [Peat] = 1f, [Bog] = 1f, [Wetland] = 0.5f };

    private static MatchPartner Partner(int id, string country, double lat, double lon, string[] languages, string[] bioregions, PartnerType type, long? population) => new()
    {
        Id = id, Slug = "partner-" + id, Name = "Partner " + id, Type = type, Country = country, Latitude = lat, Longitude = lon, Population = population,
        Bioregions = bioregions, Languages = languages, Concepts = [], PracticeConcepts = [], PracticeTargets = [],
    };

    private static MatchItem Item(int id, string slug, int partner, Dictionary<string, float> concepts, string[] themes, string[] targets, string[] habitats,
        string[] languages, bool open = true, DateOnly? until = null, ExchangeKind kind = ExchangeKind.ExpertAdvice, ExchangeFormat format = ExchangeFormat.Online) => new()
    {
        Id = id, Slug = slug, PartnerId = partner, Title = slug, Language = languages[0], Kind = kind, Format = format, Open = open, Until = until,
        Concepts = new Dictionary<string, float>(concepts, StringComparer.Ordinal), Themes = new HashSet<string>(themes, StringComparer.Ordinal),
        Targets = targets, Habitats = habitats, Languages = languages,
    };
}
