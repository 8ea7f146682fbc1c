using System.Text;
using System.Text.Json.Nodes;
using LearningNetwork.Domain;
using LearningNetwork.Features.Interchange;
using LearningNetwork.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static LearningNetwork.Tests.Features.Interchange.OwnershipTestData;

namespace LearningNetwork.Tests.Features.Interchange;

/// <summary>
/// News travels in the JSON-LD interchange like commitments: exported as NewsArticle with its language versions, publisher
/// and dates, imported back identically, and guarded by the same scope rules (a harvest never changes this site's own news or
/// another source's, writes no news of the network itself, prunes only its own; a partner's key writes none; a file with a
/// problem writes nothing).
/// </summary>
public sealed class NewsInterchangeTests
{
    public static TheoryData<string> Providers => Infrastructure.Providers.All;

    private static List<string> NewsNodes(string export) => JsonNode.Parse(export)!["@graph"]!.AsArray()
        .Where(n => n!["@type"]?.GetValue<string>() == InterchangeFormat.NewsType).Select(n => n!.ToJsonString()).ToList();

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task News_round_trips_identically_through_an_empty_instance_and_a_second_import_changes_nothing(string provider)
    {
        var export = await Infrastructure.Providers.SharedApp(provider).Client().GetStringAsync("/api/v1/export");
        var exported = NewsNodes(export);
        Assert.Equal(4, exported.Count);
        var network = JsonNode.Parse(Assert.Single(exported, n => !n.Contains("\"publisher\"", StringComparison.Ordinal)))!;
        Assert.Equal("en", network["inLanguage"]!.GetValue<string>());
        Assert.Equal("de", network["workTranslation"]![0]!["inLanguage"]!.GetValue<string>());
        Assert.All(exported.Select(n => JsonNode.Parse(n)!), n => Assert.EndsWith("Z", n["datePublished"]!.GetValue<string>(), StringComparison.Ordinal));

        using var target = new TestApp(provider, new Dictionary<string, string?> { ["Seed:Demo"] = "false" });
        var first = await ImportAsync(target, export);
        Assert.True(first.Ok, first.ToString());
        Assert.Equal(4, first.Created["news"]);
        Assert.Equal(exported, NewsNodes(await target.Client().GetStringAsync("/api/v1/export")));

        var second = await ImportAsync(target, export);
        Assert.True(second.Ok, second.ToString());
        Assert.False(second.Created.ContainsKey("news"));
        Assert.False(second.Updated.ContainsKey("news"));
        Assert.Equal(4, second.Unchanged["news"]);
    }

    private static JsonObject News(string id, string headline, string? publisher, string published = "2026-03-01T08:00:00Z")
    {
        var node = new JsonObject
        {
            ["@type"] = "NewsArticle", ["@id"] = id, ["headline"] = headline, ["description"] = "From a feed.", ["articleBody"] = "Body from a feed.",
            ["inLanguage"] = "en", ["datePublished"] = published,
            ["workTranslation"] = new JsonArray(new JsonObject { ["@type"] = "NewsArticle", ["inLanguage"] = "de", ["headline"] = headline + " (de)" }),
        };
        if (publisher is not null) node["publisher"] = new JsonObject { ["@id"] = publisher };
        return node;
    }

    private static Task<string> NewsStateAsync(TestApp app, int id) => WithDbAsync(app, async db =>
    {
        var n = await db.NewsItems.Include(x => x.Texts).SingleAsync(x => x.Id == id);
        return $"{n.PartnerId}|{n.CreatedBy}|{n.PublishedAt:o}|{string.Join(",", n.Texts.Select(t => t.Language + ":" + t.Title).Order(StringComparer.Ordinal))}";
    });

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_feed_naming_a_local_news_items_id_cannot_rewrite_it_and_brings_only_its_own_news(string provider)
    {
        using var app = new TestApp(provider, Settings(false));
        await SeedLocalAsync(app);
        var (localId, networkNewsId) = await WithDbAsync(app, async db =>
        {
            var beta = await db.Partners.SingleAsync(p => p.Slug == "region-beta");
            NewsItem Item(string slug, int? partner) => new()
            {
                Slug = slug, PartnerId = partner, OriginalLanguage = "en", PublishedAt = new DateTime(2026, 1, 5, 9, 0, 0, DateTimeKind.Utc),
                Texts = [new NewsText { Language = "en", Title = "Our own news", Summary = "Made here.", Body = "Written here." }],
            };
            var local = Item("beta-news", beta.Id);
            var network = Item("network-news", null);
            db.NewsItems.AddRange(local, network);
            await db.SaveChangesAsync();
            return (local.Id, network.Id);
        });
        var before = await NewsStateAsync(app, localId);
        var beforeNetwork = await NewsStateAsync(app, networkNewsId);
        string localAtId, networkAtId;
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<LearningNetwork.Data.LearningNetworkDb>();
            var ids = scope.ServiceProvider.GetRequiredService<InterchangeIds>();
            localAtId = await ids.NewsAsync(await db.NewsItems.SingleAsync(n => n.Id == localId), CancellationToken.None);
            networkAtId = await ids.NewsAsync(await db.NewsItems.SingleAsync(n => n.Id == networkNewsId), CancellationToken.None);
        }
        Assert.StartsWith("urn:ln:", localAtId, StringComparison.Ordinal);
        var beta = await PublicIdAsync(app, "partners", "region-beta");

        var network = await NetworkAsync(app, "network-n");
        var feed = Graph(
            Partner("https://n.example/orgs/north", "North"),
            // This site's own news, by its own @id, given to the network's partner: skipped, not taken over.
            News(localAtId, "Taken over", "https://n.example/orgs/north"),
            // This site's own news of the network itself, by its @id, without a publisher: skipped.
            News(networkAtId, "Taken over too", null),
            // A new item said to be this site's partner's: skipped.
            News("https://n.example/news/forged", "Forged", beta),
            // A new item without a publisher would speak as this network: skipped.
            News("https://n.example/news/voice", "In your name", null),
            News("https://n.example/news/dunes", "Dunes kept open", "https://n.example/orgs/north"));
        var report = await ImportAsync(app, feed.ToJsonString(), network);
        Assert.True(report.Ok, report.ToString());
        Assert.Equal(1, report.Created["news"]);
        foreach (var refused in new[] { localAtId, networkAtId, "https://n.example/news/forged", "https://n.example/news/voice" })
            Assert.Contains(report.Skipped, s => s.StartsWith(refused, StringComparison.Ordinal));
        Assert.Equal(before, await NewsStateAsync(app, localId));
        Assert.Equal(beforeNetwork, await NewsStateAsync(app, networkNewsId));
        var harvested = await WithDbAsync(app, db => db.NewsItems.Include(n => n.Texts).Include(n => n.Partner).SingleAsync(n => n.Id != localId && n.Id != networkNewsId));
        Assert.Equal("north", harvested.Partner!.Slug);
        Assert.Equal(["Dunes kept open", "Dunes kept open (de)"], harvested.Texts.Select(t => t.Title).Order(StringComparer.Ordinal));

        // Another network naming the first one's item by its @id cannot rewrite it either.
        var other = await NetworkAsync(app, "network-m");
        var theft = await ImportAsync(app, Graph(Partner("https://m.example/orgs/south", "South"),
            News("https://n.example/news/dunes", "Rewritten", "https://m.example/orgs/south")).ToJsonString(), other, prune: false);
        Assert.True(theft.Ok, theft.ToString());
        Assert.Contains(theft.Skipped, s => s.StartsWith("https://n.example/news/dunes", StringComparison.Ordinal));
        Assert.Equal("Dunes kept open", await WithDbAsync(app, db => db.NewsTexts.Where(t => t.NewsItemId == harvested.Id && t.Language == "en").Select(t => t.Title).SingleAsync()));

        // The next feed no longer holds it: it goes; this site's own news stays.
        var pruned = await ImportAsync(app, Graph(Partner("https://n.example/orgs/north", "North")).ToJsonString(), network);
        Assert.True(pruned.Ok, pruned.ToString());
        Assert.Equal(1, pruned.Removed["news"]);
        Assert.Equal([localId, networkNewsId], await WithDbAsync(app, db => db.NewsItems.OrderBy(n => n.Id).Select(n => n.Id).ToListAsync()));

        // A partner's API key may write no news, not even its own partner's.
        var betaRow = await WithDbAsync(app, db => db.Partners.Where(p => p.Slug == "region-beta").Select(p => p.Id).SingleAsync());
        using var keyScope = app.Services.CreateScope();
        var byKey = await keyScope.ServiceProvider.GetRequiredService<InterchangeImporter>().ImportAsync(
            new MemoryStream(Encoding.UTF8.GetBytes(Graph(News("https://k.example/news/1", "By key", beta), News(localAtId, "By key too", beta)).ToJsonString())),
            ImportScope.OfPartner(betaRow), false, CancellationToken.None);
        Assert.Equal(2, byKey.Refused.Count);
        Assert.Equal(before, await NewsStateAsync(app, localId));
        Assert.Equal(2, await WithDbAsync(app, db => db.NewsItems.CountAsync()));
    }

    [Fact]
    public async Task A_file_with_a_bad_news_item_writes_nothing_and_names_the_node_and_field()
    {
        using var app = new TestApp(Infrastructure.Providers.Sqlite, Settings(false));
        var bad = News("https://x.example/news/1", "Bad", "https://x.example/orgs/x");
        bad.Remove("datePublished");
        bad["workTranslation"]![0]!["inLanguage"] = "not a language";
        var report = await ImportAsync(app, Graph(Partner("https://x.example/orgs/x", "X"), bad, News("https://x.example/news/2", "Good", "https://x.example/orgs/x"),
            News("https://x.example/news/3", "Orphan", "https://x.example/orgs/nobody")).ToJsonString());
        Assert.False(report.Ok);
        Assert.Contains(report.Problems, p => p.Node == "https://x.example/news/1" && p.Field == "datePublished");
        Assert.Contains(report.Problems, p => p.Node == "https://x.example/news/1" && p.Field == "workTranslation inLanguage");
        Assert.Contains(report.Problems, p => p.Node == "https://x.example/news/3" && p.Field == "publisher");
        Assert.Equal(0, await WithDbAsync(app, db => db.NewsItems.CountAsync()));
        Assert.Equal(0, await WithDbAsync(app, db => db.Partners.CountAsync()));
    }
}
