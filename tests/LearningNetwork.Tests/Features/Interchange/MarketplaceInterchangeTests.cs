using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using LearningNetwork.Data;
using LearningNetwork.Domain;
using LearningNetwork.Features.Interchange;
using LearningNetwork.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LearningNetwork.Tests.Features.Interchange;

/// <summary>Offers (schema.org Offer) and requests (Demand) in the interchange format: docs/interchange.md.</summary>
public sealed class MarketplaceInterchangeTests
{
    public static TheoryData<string> Providers => Infrastructure.Providers.All;

    private static readonly Dictionary<string, string?> Empty = new() { ["Seed:Demo"] = "false" };

    /// <summary>GEMET "wetland" (Feuchtgebiet, waterrijk gebied) and "meadow".</summary>
    private const int Wetland = 9297, Meadow = 5110;

    private static async Task<ImportReport> ImportAsync(TestApp app, string json, RegisteredNetwork? origin = null)
    {
        using var scope = app.Services.CreateScope();
        var importer = scope.ServiceProvider.GetRequiredService<InterchangeImporter>();
        var input = new MemoryStream(Encoding.UTF8.GetBytes(json));
        return origin is null ? await importer.ImportAsync(input, CancellationToken.None) : await importer.ImportAsync(input, origin, true, CancellationToken.None);
    }

    private static async Task<string> ExportAsync(TestApp app)
    {
        using var scope = app.Services.CreateScope();
        return (await scope.ServiceProvider.GetRequiredService<InterchangeExporter>().ExportAsync(CancellationToken.None)).ToJsonString();
    }

    private static async Task<T> WithDbAsync<T>(TestApp app, Func<LearningNetworkDb, Task<T>> work)
    {
        using var scope = app.Services.CreateScope();
        return await work(scope.ServiceProvider.GetRequiredService<LearningNetworkDb>());
    }

    private static IEnumerable<JsonObject> Graph(string export) => JsonNode.Parse(export)!["@graph"]!.AsArray().Select(n => n!.AsObject());

    private static string? Property(JsonObject node, string id) => node["additionalProperty"]?.AsArray()
        .FirstOrDefault(p => p!["propertyID"]!.GetValue<string>() == id)?["value"]?.ToJsonString().Trim('"');

    /// <summary>Two partners with offers and requests of every kind of state, cost and classification, made as the forms would.</summary>
    private static async Task SeedAsync(TestApp app)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<LearningNetworkDb>();
        var created = new DateTime(2026, 3, 2, 9, 30, 0, DateTimeKind.Utc);
        var brabant = new Partner { Slug = "noord-brabant", Name = "Province of Noord-Brabant", CountryCode = "NL", Type = PartnerType.Region, CreatedAt = created };
        var sachsen = new Partner { Slug = "sachsen", Name = "Freistaat Sachsen", CountryCode = "DE", Type = PartnerType.Region, CreatedAt = created };
        var silent = new Partner { Slug = "stille-gemeente", Name = "Stille Gemeente", CountryCode = "NL", Type = PartnerType.Municipality, CreatedAt = created };
        db.Partners.AddRange(brabant, sachsen, silent);
        await db.SaveChangesAsync();
        static List<OfferTag> OfferTags(params (string, string)[] tags) => tags.Select(t => new OfferTag { Scheme = t.Item1, Code = t.Item2 }).ToList();
        static List<RequestTag> RequestTags(params (string, string)[] tags) => tags.Select(t => new RequestTag { Scheme = t.Item1, Code = t.Item2 }).ToList();
        db.Offers.AddRange(
            new Offer
            {
                Slug = "hoogveen-vernatting-advies", PartnerId = brabant.Id, Kind = ExchangeKind.ExpertAdvice, Language = "nl",
                Title = "Advies over het vernatten van hoogveen", Description = "Onze **hydrologen** helpen bij het plannen van vernatting.",
                Format = ExchangeFormat.Both, Capacity = 4, AvailableFrom = new DateOnly(2026, 1, 1), AvailableUntil = new DateOnly(2027, 6, 30),
                Cost = CostTerms.Expenses, CostNote = "Alleen reiskosten", State = OfferState.Active, CreatedAt = created, UpdatedAt = created,
                Tags = OfferTags((MarketTagSchemes.Theme, Wetland.ToString()), (MarketTagSchemes.Target, "kmgbf:2"), (MarketTagSchemes.Habitat, "Q"),
                    (MarketTagSchemes.Language, "nl"), (MarketTagSchemes.Language, "en")),
            },
            new Offer
            {
                Slug = "meadow-study-visit", PartnerId = brabant.Id, Kind = ExchangeKind.StudyVisit, Language = "en", Title = "Study visit: species-rich meadows",
                Description = "Two days in the field with our farmers.", Format = ExchangeFormat.OnSite, Cost = CostTerms.Free, State = OfferState.Paused,
                CreatedAt = created, UpdatedAt = created, Tags = OfferTags((MarketTagSchemes.Theme, Meadow.ToString()), (MarketTagSchemes.Theme, Wetland.ToString())),
            },
            new Offer
            {
                Slug = "monitoring-werkzeug", PartnerId = sachsen.Id, Kind = ExchangeKind.Tool, Language = "de", Title = "Werkzeug für das Monitoring von Mooren",
                Description = "Eine Tabellenvorlage.", Format = ExchangeFormat.Online, Cost = CostTerms.Fee, State = OfferState.Closed, IsDemo = true,
                CreatedAt = created, UpdatedAt = created, Tags = OfferTags((MarketTagSchemes.Theme, Wetland.ToString())),
            });
        db.Requests.AddRange(
            new HelpRequest
            {
                Slug = "wiesenbrueter-schutz", PartnerId = sachsen.Id, Topic = RequestTopic.SpeciesHabitat, Kind = ExchangeKind.PeerReview, Language = "de",
                Title = "Schutz von Wiesenbrütern", Description = "Wer hat Erfahrung mit später Mahd?", Format = ExchangeFormat.Online, Urgency = Urgency.High,
                Deadline = new DateOnly(2026, 12, 31), State = RequestState.InDiscussion, CreatedAt = created, UpdatedAt = created,
                Tags = RequestTags((MarketTagSchemes.Theme, Meadow.ToString()), (MarketTagSchemes.Target, "kmgbf:2"), (MarketTagSchemes.Language, "de")),
            },
            new HelpRequest
            {
                Slug = "grensoverschrijdend-partner", PartnerId = brabant.Id, Topic = RequestTopic.Cooperation, Kind = ExchangeKind.Mentoring, Language = "nl",
                Title = "Partner gezocht voor grensoverschrijdende planning", Description = "Voor een Interreg-aanvraag.", Format = ExchangeFormat.Both,
                Urgency = Urgency.Low, State = RequestState.Closed, Outcome = RequestOutcome.Partly, ClosedAt = created, CreatedAt = created, UpdatedAt = created,
            });
        await db.SaveChangesAsync();
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task The_minimum_shapes_import_with_their_partners_found_through_offeredBy_and_seeks(string provider)
    {
        using var app = new TestApp(provider, Empty);
        const string file = """
            {"@context": "https://schema.org", "@graph": [
              {"@type": "GovernmentOrganization", "@id": "https://other.example/orgs/skane", "name": "Region Skåne", "address": {"addressCountry": "SE"},
               "makesOffer": [{"@id": "https://other.example/offers/7"}], "seeks": [{"@id": "https://other.example/demands/3"}]},
              {"@type": "Offer", "@id": "https://other.example/offers/7", "name": "Advice on wetland restoration",
               "description": "We restored 40 wetlands.", "inLanguage": "en", "additionalType": "expert-advice",
               "offeredBy": {"@id": "https://other.example/orgs/skane"}},
              {"@type": "Demand", "@id": "https://other.example/demands/3", "name": "Hur mäter vi pollinering?",
               "description": "Vi söker någon som kan granska vår plan.", "inLanguage": "sv", "additionalType": "peer-review"}
            ]}
            """;
        var report = await ImportAsync(app, file);
        Assert.True(report.Ok, report.ToString());
        Assert.Equal(1, report.Created["offers"]);
        Assert.Equal(1, report.Created["requests"]);
        await WithDbAsync(app, async db =>
        {
            var partner = await db.Partners.SingleAsync();
            var offer = await db.Offers.Include(o => o.Tags).SingleAsync();
            Assert.Equal(("https://other.example/offers/7", partner.Id, ExchangeKind.ExpertAdvice, "en", OfferState.Active),
                (offer.ExternalId, offer.PartnerId, offer.Kind, offer.Language, offer.State));
            Assert.Equal("advice-on-wetland-restoration", offer.Slug); // the last segment of the @id is too short: the title makes the slug
            var request = await db.Requests.Include(r => r.Steps).SingleAsync();
            Assert.Equal(("https://other.example/demands/3", partner.Id, ExchangeKind.PeerReview, "sv", RequestState.Open, RequestTopic.Question, Urgency.Normal),
                (request.ExternalId, request.PartnerId, request.Kind, request.Language, request.State, request.Topic, request.Urgency));
            Assert.Equal("hur-mater-vi-pollinering", request.Slug);
            Assert.Equal(RequestState.Open, Assert.Single(request.Steps).State);
            return 0;
        });

        // A second file names the partner that is known by now, gives keywords instead of GEMET codes, and languages as Language objects.
        const string more = """
            [{"@type": "Offer", "@id": "https://other.example/offers/8", "name": "Moorwiedervernässung", "description": "Beratung vor Ort.",
              "inLanguage": "de", "additionalType": "Study-Visit", "offeredBy": "https://other.example/orgs/skane",
              "keywords": "Feuchtgebiet, Unbekanntes Wort", "availableLanguage": ["de", {"@type": "Language", "name": "English", "alternateName": "en"}],
              "availability": "https://schema.org/OutOfStock", "price": 0, "priceCurrency": "EUR"}]
            """;
        var second = await ImportAsync(app, more);
        Assert.True(second.Ok, second.ToString());
        await WithDbAsync(app, async db =>
        {
            var offer = await db.Offers.Include(o => o.Tags).SingleAsync(o => o.ExternalId == "https://other.example/offers/8");
            Assert.Equal((ExchangeKind.StudyVisit, OfferState.Paused, CostTerms.Free), (offer.Kind, offer.State, offer.Cost));
            Assert.Equal(new[] { "language:de", "language:en", $"theme:{Wetland}" }, offer.Tags.Select(t => $"{t.Scheme}:{t.Code}").Order(StringComparer.Ordinal));
            return 0;
        });

        // Embedded in the organisation's lists, as schema.org's own examples write them.
        const string embedded = """
            {"@type": "GovernmentOrganization", "@id": "https://other.example/orgs/skane", "name": "Region Skåne", "address": {"addressCountry": "SE"},
             "seeks": [{"@id": "https://other.example/demands/3"},
                       {"@type": "Demand", "@id": "https://other.example/demands/4", "name": "Mentor för naturvårdsplan", "description": "Ett år.",
                        "inLanguage": "sv", "additionalType": "mentoring"}],
             "makesOffer": {"@type": "Offer", "@id": "https://other.example/offers/9", "name": "Training on eDNA", "description": "Two days.",
                            "inLanguage": "en", "additionalType": "training"}}
            """;
        var third = await ImportAsync(app, embedded);
        Assert.True(third.Ok, third.ToString());
        Assert.Equal((1, 1), (third.Created["offers"], third.Created["requests"]));
        Assert.Equal(3, await WithDbAsync(app, db => db.Offers.CountAsync(o => o.Partner!.ExternalId == "https://other.example/orgs/skane")));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Importing_the_same_id_again_updates_the_item_in_place_and_never_duplicates_it(string provider)
    {
        using var source = new TestApp(provider, Empty);
        await SeedAsync(source);
        var export = await ExportAsync(source);
        using var target = new TestApp(provider, Empty);
        Assert.True((await ImportAsync(target, export)).Ok);

        var root = JsonNode.Parse(export)!;
        var graph = root["@graph"]!.AsArray();
        var offer = graph.First(n => n!["@type"]!.GetValue<string>() == "Offer")!;
        var offerId = offer["@id"]!.GetValue<string>();
        offer["name"] = "Advies over hoogveen, bijgewerkt";
        offer["additionalProperty"]!.AsArray().Single(p => p!["propertyID"]!.GetValue<string>() == "state")!["value"] = "paused";
        offer["about"]!.AsArray().Add(new JsonObject { ["@type"] = "DefinedTerm", ["termCode"] = "KMGBF-23" });
        var demand = graph.First(n => n!["@type"]!.GetValue<string>() == "Demand")!;
        var demandId = demand["@id"]!.GetValue<string>();
        demand["additionalProperty"] = new JsonArray(
            new JsonObject { ["@type"] = "PropertyValue", ["propertyID"] = "state", ["value"] = "closed" },
            new JsonObject { ["@type"] = "PropertyValue", ["propertyID"] = "outcome", ["value"] = "solved" });
        var (offerVersion, demandSteps) = await WithDbAsync(target, async db =>
            ((await db.Offers.SingleAsync(o => o.ExternalId == offerId)).Version, await db.RequestSteps.CountAsync()));

        var report = await ImportAsync(target, root.ToJsonString());
        Assert.True(report.Ok, report.ToString());
        Assert.Equal((1, 1), (report.Updated["offers"], report.Updated["requests"]));
        Assert.Equal((2, 1), (report.Unchanged["offers"], report.Unchanged["requests"]));
        Assert.False(report.Created.ContainsKey("offers") || report.Created.ContainsKey("requests"));
        await WithDbAsync(target, async db =>
        {
            Assert.Equal((3, 2), (await db.Offers.CountAsync(), await db.Requests.CountAsync()));
            var saved = await db.Offers.Include(o => o.Tags).SingleAsync(o => o.ExternalId == offerId);
            Assert.Equal(("Advies over hoogveen, bijgewerkt", OfferState.Paused), (saved.Title, saved.State));
            Assert.Contains(saved.Tags, t => t is { Scheme: MarketTagSchemes.Target, Code: "kmgbf:23" });
            Assert.NotEqual(offerVersion, saved.Version);
            var request = await db.Requests.Include(r => r.Steps).SingleAsync(r => r.ExternalId == demandId);
            Assert.Equal((RequestState.Closed, RequestOutcome.Solved, RequestTopic.Question, Urgency.Normal), (request.State, request.Outcome, request.Topic, request.Urgency));
            Assert.NotNull(request.ClosedAt);
            Assert.Equal(demandSteps + 1, await db.RequestSteps.CountAsync());
            Assert.Equal(RequestState.Closed, request.Steps.OrderBy(s => s.Id).Last().State);
            return 0;
        });

        var again = await ImportAsync(target, root.ToJsonString());
        Assert.True(again.Ok);
        Assert.Empty(again.Created);
        Assert.Empty(again.Updated);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_file_with_a_broken_offer_or_request_changes_nothing_and_names_the_node_and_the_field(string provider)
    {
        using var app = new TestApp(provider, Empty);
        const string file = """
            {"@context": "https://schema.org", "@graph": [
              {"@type": "Organization", "@id": "https://other.example/orgs/1", "name": "Wetland Trust", "additionalType": "association",
               "address": {"addressCountry": "IE"}, "seeks": [{"@id": "https://other.example/d/open-with-outcome"}]},
              {"@type": "Organization", "@id": "https://other.example/orgs/2", "name": "Bog Trust", "address": {"addressCountry": "IE"},
               "makesOffer": [{"@id": "https://other.example/o/good"}]},
              {"@type": "Offer", "@id": "https://other.example/o/good", "name": "Good", "description": "Fine.", "inLanguage": "en",
               "additionalType": "training", "offeredBy": {"@id": "https://other.example/orgs/1"}},
              {"@type": "Offer", "@id": "https://other.example/o/consulting", "name": "Consulting", "description": "Paid.", "inLanguage": "en",
               "additionalType": "consulting", "offeredBy": {"@id": "https://other.example/orgs/1"}},
              {"@type": "Offer", "@id": "https://other.example/o/orphan", "name": "Orphan", "description": "Nobody's.", "inLanguage": "en",
               "additionalType": "tool", "offeredBy": {"@id": "https://other.example/orgs/404"}},
              {"@type": "Demand", "@id": "https://other.example/d/unlisted", "name": "Unlisted", "description": "No one asks.", "inLanguage": "en",
               "additionalType": "mentoring"},
              {"@type": "Demand", "@id": "https://other.example/d/open-with-outcome", "name": "Open", "description": "Still open.", "inLanguage": "en",
               "additionalType": "mentoring", "availableLanguage": ["english"],
               "additionalProperty": [{"@type": "PropertyValue", "propertyID": "outcome", "value": "solved"},
                                      {"@type": "PropertyValue", "propertyID": "urgency", "value": "yesterday"}]}
            ]}
            """;
        var report = await ImportAsync(app, file);
        Assert.False(report.Ok);
        Assert.Contains(report.Problems, p => p.Node == "https://other.example/o/consulting" && p.Field == "additionalType" && p.Message.Contains("consulting", StringComparison.Ordinal)
                                              && p.Message.Contains("expert-advice", StringComparison.Ordinal));
        Assert.Contains(report.Problems, p => p.Node == "https://other.example/o/orphan" && p.Field == "offeredBy");
        Assert.Contains(report.Problems, p => p.Node == "https://other.example/o/good" && p.Field == "offeredBy" && p.Message.Contains("orgs/2", StringComparison.Ordinal));
        Assert.Contains(report.Problems, p => p.Node == "https://other.example/d/unlisted" && p.Field == "seeks");
        Assert.Contains(report.Problems, p => p.Node == "https://other.example/d/open-with-outcome" && p.Field == "additionalProperty outcome");
        Assert.Contains(report.Problems, p => p.Node == "https://other.example/d/open-with-outcome" && p.Field == "additionalProperty urgency");
        Assert.Contains(report.Problems, p => p.Node == "https://other.example/d/open-with-outcome" && p.Field == "availableLanguage");
        Assert.Contains("https://other.example/o/consulting additionalType", report.ToString(), StringComparison.Ordinal);
        await WithDbAsync(app, async db =>
        {
            Assert.Equal((0, 0, 0), (await db.Partners.CountAsync(), await db.Offers.CountAsync(), await db.Requests.CountAsync()));
            return 0;
        });
    }

    /// <summary>The export without what legitimately differs between instances: modification times.</summary>
    private static string Comparable(string export)
    {
        var root = JsonNode.Parse(export)!.AsObject();
        foreach (var node in root["@graph"]!.AsArray().Select(n => n!.AsObject())) node.Remove("dateModified");
        return root.ToJsonString();
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task An_export_imported_into_an_empty_instance_exports_the_same_offers_and_requests(string provider)
    {
        using var source = new TestApp(provider, Empty);
        await SeedAsync(source);
        var export = await ExportAsync(source);

        // The shape: an Offer named by offeredBy and makesOffer, a Demand listed under seeks, the classifications as practices write them.
        var nodes = Graph(export).ToList();
        var offers = nodes.Where(n => n["@type"]!.GetValue<string>() == "Offer").ToList();
        var demands = nodes.Where(n => n["@type"]!.GetValue<string>() == "Demand").ToList();
        Assert.Equal((3, 2), (offers.Count, demands.Count));
        var brabant = nodes.Single(n => n["name"]?.GetValue<string>() == "Province of Noord-Brabant");
        var advice = offers[0];
        Assert.Equal(brabant["@id"]!.GetValue<string>(), advice["offeredBy"]!["@id"]!.GetValue<string>());
        Assert.Equal(new[] { offers[0]["@id"]!.GetValue<string>(), offers[1]["@id"]!.GetValue<string>() },
            brabant["makesOffer"]!.AsArray().Select(r => r!["@id"]!.GetValue<string>()));
        Assert.Equal(demands[1]["@id"]!.GetValue<string>(), Assert.Single(brabant["seeks"]!.AsArray())!["@id"]!.GetValue<string>());
        Assert.Null(nodes.Single(n => n["name"]?.GetValue<string>() == "Stille Gemeente")["makesOffer"]);
        Assert.Equal("expert-advice", advice["additionalType"]!.GetValue<string>());
        Assert.Equal(new[] { "waterrijk gebied" }, advice["keywords"]!.AsArray().Select(k => k!.GetValue<string>()));
        Assert.Equal(new[] { "KMGBF-2", $"GEMET-{Wetland}", "EUNIS-Q" }, advice["about"]!.AsArray().Select(a => a!["termCode"]!.GetValue<string>()));
        Assert.Equal("https://www.eionet.europa.eu/gemet/", advice["about"]![1]!["inDefinedTermSet"]!.GetValue<string>());
        Assert.Equal(new[] { "en", "nl" }, advice["availableLanguage"]!.AsArray().Select(k => k!.GetValue<string>()));
        Assert.Equal(("2026-01-01", "2027-06-30", "https://schema.org/InStock"),
            (advice["availabilityStarts"]!.GetValue<string>(), advice["availabilityEnds"]!.GetValue<string>(), advice["availability"]!.GetValue<string>()));
        Assert.Equal(("active", "both", "expenses", "4"), (Property(advice, "state"), Property(advice, "format"), Property(advice, "cost"), Property(advice, "capacityPerYear")));
        Assert.Equal("Alleen reiskosten", advice["priceSpecification"]!["description"]!.GetValue<string>());
        Assert.Equal((0, "EUR", "https://schema.org/OutOfStock"), (offers[1]["price"]!.GetValue<int>(), offers[1]["priceCurrency"]!.GetValue<string>(), offers[1]["availability"]!.GetValue<string>()));
        Assert.Equal(new[] { "meadow", "wetland" }, offers[1]["keywords"]!.AsArray().Select(k => k!.GetValue<string>()));
        Assert.Equal(("https://schema.org/Discontinued", "true"), (offers[2]["availability"]!.GetValue<string>(), Property(offers[2], "demo")));
        Assert.Equal(new[] { "Feuchtgebiet" }, offers[2]["keywords"]!.AsArray().Select(k => k!.GetValue<string>()));
        Assert.Equal(("species-habitat", "in-discussion", "high", "2026-12-31", (string?)null),
            (Property(demands[0], "topic"), Property(demands[0], "state"), Property(demands[0], "urgency"), demands[0]["availabilityEnds"]!.GetValue<string>(), Property(demands[0], "outcome")));
        Assert.Equal(("closed", "partly"), (Property(demands[1], "state"), Property(demands[1], "outcome")));

        using var target = new TestApp(provider, Empty);
        var first = await ImportAsync(target, export);
        Assert.True(first.Ok, first.ToString());
        Assert.Equal((3, 3, 2), (first.Created["partners"], first.Created["offers"], first.Created["requests"]));
        Assert.Equal(Comparable(export), Comparable(await ExportAsync(target)));
        var second = await ImportAsync(target, export);
        Assert.True(second.Ok);
        Assert.Empty(second.Created);
        Assert.Empty(second.Updated);

        // Its own export, imported into the instance that made it, finds its own items by their ids: nothing new, nothing changed.
        var own = await ImportAsync(source, export);
        Assert.True(own.Ok, own.ToString());
        Assert.Empty(own.Created);
        Assert.Empty(own.Updated);
        Assert.Equal((3, 2), (own.Unchanged["offers"], own.Unchanged["requests"]));
    }

    [Fact]
    public async Task Harvested_offers_and_requests_keep_their_network_and_leave_with_its_feed()
    {
        using var source = new TestApp(Infrastructure.Providers.Sqlite, Empty);
        await SeedAsync(source);
        var export = await ExportAsync(source);
        using var target = new TestApp(Infrastructure.Providers.Sqlite, Empty);
        var network = await WithDbAsync(target, async db =>
        {
            var n = new RegisteredNetwork { Slug = "network-a", Name = "Network A", FeedUrl = "https://a.example/api/v1/export" };
            db.RegisteredNetworks.Add(n);
            await db.SaveChangesAsync();
            return n;
        });
        var first = await ImportAsync(target, export, network);
        Assert.True(first.Ok, first.ToString());
        Assert.Equal((3, 2), await WithDbAsync(target, async db =>
            (await db.Offers.CountAsync(o => o.OriginNetworkId == network.Id), await db.Requests.CountAsync(r => r.OriginNetworkId == network.Id))));

        var root = JsonNode.Parse(export)!;
        var graph = root["@graph"]!.AsArray();
        var gone = graph.Last(n => n!["@type"]!.GetValue<string>() == "Offer")!["@id"]!.GetValue<string>();
        graph.Remove(graph.Last(n => n!["@type"]!.GetValue<string>() == "Offer"));
        var report = await ImportAsync(target, root.ToJsonString(), network);
        Assert.True(report.Ok, report.ToString());
        Assert.Equal(1, report.Removed["offers"]);
        Assert.False(await WithDbAsync(target, db => db.Offers.AnyAsync(o => o.ExternalId == gone)));
        Assert.Equal(2, await WithDbAsync(target, db => db.Offers.CountAsync(o => o.OriginNetworkId == network.Id)));
    }

    /// <summary>"node" when ./test.sh installed jsonld.js (LN_TEST_NODE_PATH); otherwise the check is not made, as in InterchangeStandardsTests.</summary>
    public static TheoryData<string> Tools => InterchangeStandardsTests.Tools;

    [Theory]
    [MemberData(nameof(Tools))]
    public async Task The_exported_offers_and_requests_expand_with_a_json_ld_processor(string tool)
    {
        if (tool != "node") return;
        using var app = new TestApp(Infrastructure.Providers.Sqlite, Empty);
        await SeedAsync(app);
        var folder = Directory.CreateTempSubdirectory("ln-market-jsonld-").FullName;
        try
        {
            var file = Path.Combine(folder, "export.jsonld");
            await File.WriteAllTextAsync(file, await ExportAsync(app));
            var start = new System.Diagnostics.ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true };
            start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Tools", "validate-jsonld.js"));
            start.ArgumentList.Add(file);
            start.Environment["NODE_PATH"] = Environment.GetEnvironmentVariable("LN_TEST_NODE_PATH");
            using var process = System.Diagnostics.Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            Assert.True(process.ExitCode == 0, await error);
            using var types = JsonDocument.Parse(await output);
            Assert.Equal(3, types.RootElement.GetProperty("https://schema.org/Offer").GetInt32());
            Assert.Equal(2, types.RootElement.GetProperty("https://schema.org/Demand").GetInt32());
        }
        finally
        {
            Directory.Delete(folder, true);
        }
    }
}
