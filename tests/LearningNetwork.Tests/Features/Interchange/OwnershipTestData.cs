using System.Text;
using System.Text.Json.Nodes;
using LearningNetwork.Data;
using LearningNetwork.Domain;
using LearningNetwork.Features.Interchange;
using LearningNetwork.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LearningNetwork.Tests.Features.Interchange;

/// <summary>
/// A small network of this site's own (two partners, alpha and beta; beta has a published practice, an offer and a
/// request), made local: the rows carry no external id, so their public <c>@id</c> is this site's URL or URN, which the
/// importer maps back to the slug.
/// </summary>
internal static class OwnershipTestData
{
    public const string BetaPractice = "beta-ponds", BetaOffer = "beta-advice", BetaRequest = "beta-question";
    public const string BetaTitle = "Ponds for the tree frog";

    /// <summary>With a public URL (the test client's Host is then another: any host is let in), or without one, which only
    /// Development allows: the site's own items then carry urn:ln: ids.</summary>
    public static Dictionary<string, string?> Settings(bool publicUrl) => new()
    {
        ["Seed:Demo"] = "false",
        ["Site:PublicUrl"] = publicUrl ? "https://ln.example" : null,
        ["AllowedHosts"] = "*",
        [TestApp.EnvironmentSetting] = publicUrl ? null : "Development",
    };

    private const string Local = """
        {"@context": "https://schema.org", "@graph": [
          {"@type": "GovernmentOrganization", "@id": "https://seed.example/orgs/region-alpha", "name": "Region Alpha", "additionalType": "region",
           "address": {"addressCountry": "NL"}},
          {"@type": "GovernmentOrganization", "@id": "https://seed.example/orgs/region-beta", "name": "Region Beta", "additionalType": "region",
           "address": {"addressCountry": "BE"}, "url": "https://beta.example/",
           "seeks": [{"@type": "Demand", "@id": "https://seed.example/requests/beta-question", "name": "How do we count frogs?",
                      "description": "We look for a method.", "inLanguage": "en", "additionalType": "peer-review"}]},
          {"@type": "CreativeWork", "additionalType": "GoodPractice", "@id": "https://seed.example/practices/beta-ponds", "name": "Ponds for the tree frog",
           "description": "Forty ponds dug with farmers.", "inLanguage": "en", "author": {"@id": "https://seed.example/orgs/region-beta"}},
          {"@type": "Offer", "@id": "https://seed.example/offers/beta-advice", "name": "Advice on ponds", "description": "We dug forty.",
           "inLanguage": "en", "additionalType": "expert-advice", "offeredBy": {"@id": "https://seed.example/orgs/region-beta"}}
        ]}
        """;

    public static async Task<ImportReport> ImportAsync(TestApp app, string json, RegisteredNetwork? origin = null, bool prune = true)
    {
        using var scope = app.Services.CreateScope();
        var importer = scope.ServiceProvider.GetRequiredService<InterchangeImporter>();
        var input = new MemoryStream(Encoding.UTF8.GetBytes(json));
        return origin is null ? await importer.ImportAsync(input, CancellationToken.None) : await importer.ImportAsync(input, origin, prune, CancellationToken.None);
    }

    public static async Task<T> WithDbAsync<T>(TestApp app, Func<LearningNetworkDb, Task<T>> work)
    {
        using var scope = app.Services.CreateScope();
        return await work(scope.ServiceProvider.GetRequiredService<LearningNetworkDb>());
    }

    /// <summary>Imports the local network and removes the external ids, as if its rows had been made on this site.</summary>
    public static async Task SeedLocalAsync(TestApp app)
    {
        var report = await ImportAsync(app, Local);
        Assert.True(report.Ok, report.ToString());
        await WithDbAsync(app, async db =>
        {
            await db.Partners.ExecuteUpdateAsync(s => s.SetProperty(p => p.ExternalId, (string?)null));
            await db.Practices.ExecuteUpdateAsync(s => s.SetProperty(p => p.ExternalId, (string?)null));
            await db.Offers.ExecuteUpdateAsync(s => s.SetProperty(p => p.ExternalId, (string?)null));
            await db.Requests.ExecuteUpdateAsync(s => s.SetProperty(p => p.ExternalId, (string?)null));
            Assert.Equal(new[] { "region-alpha", "region-beta" }, await db.Partners.OrderBy(p => p.Slug).Select(p => p.Slug).ToListAsync());
            Assert.Equal(BetaPractice, await db.Practices.Select(p => p.Slug).SingleAsync());
            Assert.Equal(BetaOffer, await db.Offers.Select(p => p.Slug).SingleAsync());
            Assert.Equal(BetaRequest, await db.Requests.Select(p => p.Slug).SingleAsync());
            return 0;
        });
    }

    /// <summary>The public @id this site gives one of its own items (its URL with Site:PublicUrl, else its URN).</summary>
    public static async Task<string> PublicIdAsync(TestApp app, string kind, string slug)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<LearningNetworkDb>();
        var ids = scope.ServiceProvider.GetRequiredService<InterchangeIds>();
        return kind switch
        {
            "partners" => await ids.PartnerAsync(await db.Partners.SingleAsync(p => p.Slug == slug), CancellationToken.None),
            "practices" => await ids.PracticeAsync(await db.Practices.SingleAsync(p => p.Slug == slug), CancellationToken.None),
            "offers" => await ids.OfferAsync(await db.Offers.SingleAsync(p => p.Slug == slug), CancellationToken.None),
            _ => await ids.RequestAsync(await db.Requests.SingleAsync(p => p.Slug == slug), CancellationToken.None),
        };
    }

    /// <summary>What a row looks like to the tests: its owner, origin, title and stage or state.</summary>
    public static Task<string> PracticeStateAsync(TestApp app, string slug) => WithDbAsync(app, async db =>
    {
        var p = await db.Practices.Include(x => x.Texts).Include(x => x.Partner).SingleAsync(x => x.Slug == slug);
        return $"{p.Partner!.Slug}|{p.OriginNetworkId}|{p.ExternalId}|{p.Stage}|{string.Join(",", p.Texts.Select(t => t.Title).Order(StringComparer.Ordinal))}";
    });

    public static Task<string> PartnerStateAsync(TestApp app, string slug) => WithDbAsync(app, async db =>
    {
        var p = await db.Partners.SingleAsync(x => x.Slug == slug);
        return $"{p.Name}|{p.OriginNetworkId}|{p.ExternalId}|{p.Website}|{p.CountryCode}";
    });

    public static Task<string> OfferStateAsync(TestApp app, string slug) => WithDbAsync(app, async db =>
    {
        var o = await db.Offers.Include(x => x.Partner).SingleAsync(x => x.Slug == slug);
        return $"{o.Partner!.Slug}|{o.OriginNetworkId}|{o.ExternalId}|{o.Title}|{o.State}";
    });

    public static Task<string> RequestStateAsync(TestApp app, string slug) => WithDbAsync(app, async db =>
    {
        var r = await db.Requests.Include(x => x.Partner).SingleAsync(x => x.Slug == slug);
        return $"{r.Partner!.Slug}|{r.OriginNetworkId}|{r.ExternalId}|{r.Title}|{r.State}";
    });

    public static async Task<RegisteredNetwork> NetworkAsync(TestApp app, string slug) => await WithDbAsync(app, async db =>
    {
        var n = new RegisteredNetwork { Slug = slug, Name = slug, FeedUrl = $"https://{slug}.example/api/v1/export" };
        db.RegisteredNetworks.Add(n);
        await db.SaveChangesAsync();
        return n;
    });

    public static JsonObject Graph(params JsonNode[] nodes) => new() { ["@context"] = "https://schema.org", ["@graph"] = new JsonArray(nodes) };

    public static JsonObject Partner(string id, string name, string country = "DE") => new()
    {
        ["@type"] = "GovernmentOrganization", ["@id"] = id, ["name"] = name, ["additionalType"] = "region", ["address"] = new JsonObject { ["addressCountry"] = country },
    };

    public static JsonObject Practice(string id, string title, string author) => new()
    {
        ["@type"] = "CreativeWork", ["additionalType"] = "GoodPractice", ["@id"] = id, ["name"] = title, ["description"] = "From a feed.",
        ["inLanguage"] = "en", ["author"] = new JsonObject { ["@id"] = author },
    };

    public static JsonObject Offer(string id, string title, string partner) => new()
    {
        ["@type"] = "Offer", ["@id"] = id, ["name"] = title, ["description"] = "From a feed.", ["inLanguage"] = "en", ["additionalType"] = "expert-advice",
        ["offeredBy"] = new JsonObject { ["@id"] = partner }, ["availability"] = "https://schema.org/Discontinued",
    };

    public static JsonObject Request(string id, string title) => new()
    {
        ["@type"] = "Demand", ["@id"] = id, ["name"] = title, ["description"] = "From a feed.", ["inLanguage"] = "en", ["additionalType"] = "peer-review",
        ["additionalProperty"] = new JsonArray(new JsonObject { ["@type"] = "PropertyValue", ["propertyID"] = "state", ["value"] = "closed" }),
    };
}
