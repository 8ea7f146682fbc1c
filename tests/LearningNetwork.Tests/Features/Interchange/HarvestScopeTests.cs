using System.Text.Json.Nodes;
using LearningNetwork.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static LearningNetwork.Tests.Features.Interchange.OwnershipTestData;

namespace LearningNetwork.Tests.Features.Interchange;

/// <summary>
/// A harvest of a registered network writes only that network's items: it never changes this site's own partners,
/// practices, offers and requests, nor another network's, whatever @id its feed gives, and it prunes only its own.
/// </summary>
public sealed class HarvestScopeTests
{
    public static TheoryData<string, bool> ProvidersAndIdForms
    {
        get
        {
            var data = new TheoryData<string, bool>();
            foreach (string provider in Infrastructure.Providers.All) { data.Add(provider, true); data.Add(provider, false); }
            return data;
        }
    }

    public static TheoryData<string> Providers => Infrastructure.Providers.All;

    [Theory]
    [MemberData(nameof(ProvidersAndIdForms))]
    public async Task A_feed_naming_this_sites_own_items_changes_none_of_them_and_its_own_items_still_arrive(string provider, bool publicUrl)
    {
        using var app = new TestApp(provider, Settings(publicUrl));
        await SeedLocalAsync(app);
        var beta = await PublicIdAsync(app, "partners", "region-beta");
        var practice = await PublicIdAsync(app, "practices", BetaPractice);
        var offer = await PublicIdAsync(app, "offers", BetaOffer);
        var request = await PublicIdAsync(app, "requests", BetaRequest);
        Assert.StartsWith(publicUrl ? "https://ln.example/en/" : "urn:ln:", practice, StringComparison.Ordinal);
        var before = (await PartnerStateAsync(app, "region-beta"), await PracticeStateAsync(app, BetaPractice), await OfferStateAsync(app, BetaOffer),
            await RequestStateAsync(app, BetaRequest));

        var network = await NetworkAsync(app, "network-n");
        var betaNode = Partner(beta, "Region Beta, taken over");
        betaNode["seeks"] = new JsonArray(Request(request, "Taken over"));
        var feed = Graph(
            betaNode,
            Practice(practice, "Taken over", beta),
            Offer(offer, "Taken over", beta),
            // The network's own items: they arrive.
            Partner("https://n.example/orgs/north", "North"),
            Practice("https://n.example/practices/dunes", "Dunes kept open", "https://n.example/orgs/north"),
            // A new practice the feed says a partner of this site wrote: skipped.
            Practice("https://n.example/practices/forged", "Forged", beta));
        var report = await ImportAsync(app, feed.ToJsonString(), network);
        Assert.True(report.Ok, report.ToString());

        Assert.Equal(before, (await PartnerStateAsync(app, "region-beta"), await PracticeStateAsync(app, BetaPractice), await OfferStateAsync(app, BetaOffer),
            await RequestStateAsync(app, BetaRequest)));
        foreach (var id in new[] { beta, practice, offer, request, "https://n.example/practices/forged" })
            Assert.Contains(report.Skipped, s => s.StartsWith(id, StringComparison.Ordinal));
        Assert.Equal(1, report.Created["practices"]);
        await WithDbAsync(app, async db =>
        {
            var dunes = await db.Practices.Include(p => p.Partner).SingleAsync(p => p.ExternalId == "https://n.example/practices/dunes");
            Assert.Equal((network.Id, network.Id), (dunes.OriginNetworkId, dunes.Partner!.OriginNetworkId));
            Assert.False(await db.Practices.AnyAsync(p => p.ExternalId == "https://n.example/practices/forged"));
            Assert.Equal(2, await db.Practices.CountAsync());
            return 0;
        });
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_feed_naming_another_networks_items_or_hand_imported_ones_changes_none_and_prunes_only_its_own(string provider)
    {
        using var app = new TestApp(provider, Settings(false));
        var x = await NetworkAsync(app, "network-x");
        var n = await NetworkAsync(app, "network-n");
        var fromX = Graph(
            Partner("https://x.example/orgs/xo", "X Org"),
            Practice("https://x.example/practices/x-meadows", "Meadows of X", "https://x.example/orgs/xo"),
            Offer("https://x.example/offers/x-advice", "Advice of X", "https://x.example/orgs/xo"));
        Assert.True((await ImportAsync(app, fromX.ToJsonString(), x)).Ok);
        // An admin's import by hand: no origin.
        var byHand = Graph(Partner("https://hand.example/orgs/ho", "Hand Org"), Practice("https://hand.example/practices/hand-made", "Made by hand", "https://hand.example/orgs/ho"));
        Assert.True((await ImportAsync(app, byHand.ToJsonString())).Ok);
        async Task<string> AllAsync() => await WithDbAsync(app, async db => string.Join("\n",
            (await db.Practices.Include(p => p.Texts).Include(p => p.Partner).OrderBy(p => p.ExternalId).ToListAsync())
            .Select(p => $"{p.ExternalId}|{p.Partner!.ExternalId}|{p.OriginNetworkId}|{p.Texts.Single().Title}")
            .Concat((await db.Partners.OrderBy(p => p.ExternalId).ToListAsync()).Select(p => $"{p.ExternalId}|{p.Name}|{p.OriginNetworkId}"))
            .Concat((await db.Offers.OrderBy(o => o.ExternalId).ToListAsync()).Select(o => $"{o.ExternalId}|{o.PartnerId}|{o.OriginNetworkId}|{o.Title}|{o.State}"))));
        var before = await AllAsync();

        // Network N's feed names X's partner, practice and offer and the hand-imported practice, and brings one practice of its own.
        var feed = Graph(
            Partner("https://x.example/orgs/xo", "X Org, taken over"),
            Practice("https://x.example/practices/x-meadows", "Taken over", "https://x.example/orgs/xo"),
            Offer("https://x.example/offers/x-advice", "Taken over", "https://x.example/orgs/xo"),
            Practice("https://hand.example/practices/hand-made", "Taken over", "https://hand.example/orgs/ho"),
            Partner("https://n.example/orgs/north", "North"),
            Practice("https://n.example/practices/dunes", "Dunes kept open", "https://n.example/orgs/north"),
            // N's own practice cannot be attributed to X's partner either.
            Practice("https://n.example/practices/forged", "Forged", "https://x.example/orgs/xo"));
        var report = await ImportAsync(app, feed.ToJsonString(), n);
        Assert.True(report.Ok, report.ToString());
        Assert.Equal(1, report.Created["practices"]);
        var dunes = await WithDbAsync(app, db => db.Practices.SingleAsync(p => p.ExternalId == "https://n.example/practices/dunes"));
        Assert.Equal(n.Id, dunes.OriginNetworkId);
        Assert.Equal(before, string.Join("\n", (await AllAsync()).Split('\n').Where(l => !l.Contains("n.example", StringComparison.Ordinal))));

        // The next whole feed of N no longer holds anything: only N's own items go.
        var empty = await ImportAsync(app, Graph(Partner("https://n.example/orgs/other", "Other")).ToJsonString(), n);
        Assert.True(empty.Ok, empty.ToString());
        Assert.Equal(1, empty.Removed["practices"]);
        Assert.False(empty.Removed.ContainsKey("offers"));
        Assert.Equal(before, string.Join("\n", (await AllAsync()).Split('\n').Where(l => !l.Contains("n.example", StringComparison.Ordinal))));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Only_http_addresses_are_kept_from_feeds_and_imports(string provider)
    {
        using var app = new TestApp(provider, Settings(false));
        var n = await NetworkAsync(app, "network-n");
        var harvested = Partner("https://n.example/orgs/north", "North");
        harvested["url"] = "javascript:alert(document.cookie)";
        var byHand = Partner("https://hand.example/orgs/ho", "Hand Org");
        byHand["url"] = "data:text/html,<script>alert(1)</script>";
        var fine = Partner("https://hand.example/orgs/fine", "Fine Org");
        fine["url"] = "https://fine.example/";
        var harvest = await ImportAsync(app, Graph(harvested).ToJsonString(), n);
        Assert.True(harvest.Ok, harvest.ToString());
        var import = await ImportAsync(app, Graph(byHand, fine).ToJsonString());
        Assert.True(import.Ok, import.ToString());
        Assert.Contains(harvest.Skipped, s => s.StartsWith("https://n.example/orgs/north url", StringComparison.Ordinal));
        Assert.Contains(import.Skipped, s => s.StartsWith("https://hand.example/orgs/ho url", StringComparison.Ordinal));
        await WithDbAsync(app, async db =>
        {
            var websites = await db.Partners.OrderBy(p => p.ExternalId).Select(p => p.Website).ToListAsync();
            Assert.Equal(new string?[] { "https://fine.example/", null, null }, websites);
            return 0;
        });
    }
}
