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
/// Commitments travel in the JSON-LD interchange like the other types: exported with their indicators and every
/// progress report, imported back identically, and guarded by the same scope rules (a harvest never changes this site's
/// own commitments and prunes only its own; a partner's API key writes none).
/// </summary>
public sealed class CommitmentInterchangeTests
{
    public static TheoryData<string> Providers => Infrastructure.Providers.All;

    private static List<string> CommitmentNodes(string export) => JsonNode.Parse(export)!["@graph"]!.AsArray()
        .Where(n => n!["additionalType"]?.GetValue<string>() == InterchangeFormat.CommitmentType).Select(n => n!.ToJsonString()).ToList();

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Commitments_round_trip_identically_through_an_empty_instance_and_a_second_import_changes_nothing(string provider)
    {
        var export = await Infrastructure.Providers.SharedApp(provider).Client().GetStringAsync("/api/v1/export");
        var exported = CommitmentNodes(export);
        Assert.Equal(22, exported.Count);
        Assert.All(exported, n => Assert.Contains("\"propertyID\":\"progress\"", n, StringComparison.Ordinal));

        using var target = new TestApp(provider, new Dictionary<string, string?> { ["Seed:Demo"] = "false" });
        var first = await ImportAsync(target, export);
        Assert.True(first.Ok, first.ToString());
        Assert.Equal(22, first.Created["commitments"]);
        Assert.Equal(exported, CommitmentNodes(await target.Client().GetStringAsync("/api/v1/export")));

        var second = await ImportAsync(target, export);
        Assert.True(second.Ok, second.ToString());
        Assert.False(second.Created.ContainsKey("commitments"));
        Assert.False(second.Updated.ContainsKey("commitments"));
        Assert.Equal(22, second.Unchanged["commitments"]);
    }

    private static JsonObject Commitment(string id, string title, string agent, string target = "KMGBF-2") => new()
    {
        ["@type"] = "Action", ["additionalType"] = "Commitment", ["@id"] = id, ["name"] = title, ["description"] = "From a feed.", ["inLanguage"] = "en",
        ["agent"] = new JsonObject { ["@id"] = agent }, ["startTime"] = "2022-01-01",
        ["about"] = new JsonArray(new JsonObject { ["@type"] = "DefinedTerm", ["termCode"] = target }),
        ["additionalProperty"] = new JsonArray(new JsonObject
        {
            ["@type"] = "PropertyValue", ["propertyID"] = "indicator", ["name"] = "Wetland restored", ["unitText"] = "ha",
            ["valueReference"] = new JsonArray(
                new JsonObject { ["propertyID"] = "baseline", ["value"] = 10, ["observationDate"] = "2021-12-31" },
                new JsonObject { ["propertyID"] = "target", ["value"] = 100, ["observationDate"] = "2030-12-31" },
                new JsonObject { ["propertyID"] = "progress", ["value"] = 40, ["observationDate"] = "2024-06-30", ["description"] = "Two sites done." }),
        }),
    };

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_harvest_never_changes_a_local_commitment_brings_its_own_and_prunes_only_those(string provider)
    {
        using var app = new TestApp(provider, Settings(false));
        await SeedLocalAsync(app);
        var localId = await WithDbAsync(app, async db =>
        {
            var beta = await db.Partners.SingleAsync(p => p.Slug == "region-beta");
            var c = new Commitment
            {
                PartnerId = beta.Id, Language = "en", Title = "Our own word", Description = "Made here.", StartDate = new DateOnly(2022, 1, 1),
                Targets = [new CommitmentTarget { Code = "kmgbf:2" }],
                Indicators = [new CommitmentIndicator { Label = "Ponds", Unit = "count", Baseline = 0, BaselineDate = new DateOnly(2021, 12, 31), Target = 40, TargetDate = new DateOnly(2030, 1, 1) }],
            };
            db.Commitments.Add(c);
            await db.SaveChangesAsync();
            return c.Id;
        });
        var localAtId = await WithDbAsync(app, async db =>
            await app.Services.CreateScope().ServiceProvider.GetRequiredService<InterchangeIds>().CommitmentAsync(await db.Commitments.SingleAsync(), CancellationToken.None));
        Assert.StartsWith("urn:ln:", localAtId, StringComparison.Ordinal);
        var beta = await PublicIdAsync(app, "partners", "region-beta");

        var network = await NetworkAsync(app, "network-n");
        var feed = Graph(
            Partner("https://n.example/orgs/north", "North"),
            // This site's own commitment, by its own @id, given to the network's partner: skipped, not taken over.
            Commitment(localAtId, "Taken over", "https://n.example/orgs/north"),
            // A new commitment said to be this site's partner's: skipped.
            Commitment("https://n.example/commitments/forged", "Forged", beta),
            Commitment("https://n.example/commitments/dunes", "Dunes kept open", "https://n.example/orgs/north"));
        var report = await ImportAsync(app, feed.ToJsonString(), network);
        Assert.True(report.Ok, report.ToString());
        Assert.Equal(1, report.Created["commitments"]);
        Assert.Contains(report.Skipped, s => s.StartsWith(localAtId, StringComparison.Ordinal));
        Assert.Contains(report.Skipped, s => s.StartsWith("https://n.example/commitments/forged", StringComparison.Ordinal));
        await WithDbAsync(app, async db =>
        {
            var local = await db.Commitments.SingleAsync(c => c.Id == localId);
            Assert.Equal("Our own word", local.Title);
            Assert.Null(local.CreatedBy);
            var harvested = await db.Commitments.Include(c => c.Indicators).ThenInclude(i => i.Reports).SingleAsync(c => c.Id != localId);
            Assert.Equal("Dunes kept open", harvested.Title);
            Assert.Equal(40, Assert.Single(Assert.Single(harvested.Indicators).Reports).Value);
            return 0;
        });

        // The next feed no longer holds it: it goes; this site's own stays.
        var pruned = await ImportAsync(app, Graph(Partner("https://n.example/orgs/north", "North")).ToJsonString(), network);
        Assert.True(pruned.Ok, pruned.ToString());
        Assert.Equal(1, pruned.Removed["commitments"]);
        Assert.Equal(localId, await WithDbAsync(app, db => db.Commitments.Select(c => c.Id).SingleAsync()));

        // A partner's API key may write no commitment, not even its own partner's.
        var betaRow = await WithDbAsync(app, db => db.Partners.Where(p => p.Slug == "region-beta").Select(p => p.Id).SingleAsync());
        using var scope = app.Services.CreateScope();
        var byKey = await scope.ServiceProvider.GetRequiredService<InterchangeImporter>().ImportAsync(
            new MemoryStream(Encoding.UTF8.GetBytes(Graph(Commitment("https://k.example/commitments/1", "By key", beta)).ToJsonString())),
            ImportScope.OfPartner(betaRow), false, CancellationToken.None);
        Assert.NotEmpty(byKey.Refused);
        Assert.Equal(1, await WithDbAsync(app, db => db.Commitments.CountAsync()));
    }

    [Fact]
    public async Task A_commitment_with_an_unknown_target_or_unit_is_a_problem_named_by_node_and_field()
    {
        using var app = new TestApp(Infrastructure.Providers.Sqlite, Settings(false));
        await SeedLocalAsync(app);
        var beta = await PublicIdAsync(app, "partners", "region-beta");
        var bad = Commitment("https://x.example/c/1", "Bad", beta, target: "KMGBF-99");
        bad["additionalProperty"]![0]!["unitText"] = "furlongs";
        var report = await ImportAsync(app, Graph(bad).ToJsonString());
        Assert.False(report.Ok);
        Assert.Contains(report.Problems, p => p.Node == "https://x.example/c/1" && p.Field == "about");
        Assert.Contains(report.Problems, p => p.Node == "https://x.example/c/1" && p.Field.Contains("unitText", StringComparison.Ordinal));
        Assert.Equal(0, await WithDbAsync(app, db => db.Commitments.CountAsync()));
    }
}
