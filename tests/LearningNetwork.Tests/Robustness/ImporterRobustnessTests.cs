using System.Text;
using System.Text.Json.Nodes;
using LearningNetwork.Features.Interchange;
using LearningNetwork.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace LearningNetwork.Tests.Robustness;

/// <summary>
/// The JSON-LD importer given the real export, mutated (fields dropped, retyped, given hostile values, duplicated, the
/// text cut short): it never throws, it answers ok or with problems, and an import that found problems changed nothing.
/// </summary>
public sealed class ImporterRobustnessTests
{
    public static TheoryData<string> Providers => Infrastructure.Providers.All;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Mutated_exports_are_imported_or_refused_and_a_refused_import_changes_nothing(string provider)
    {
        var export = JsonNode.Parse(await Infrastructure.Providers.SharedApp(provider).Client().GetStringAsync("/api/v1/export"))!;
        using var app = new TestApp(provider, new Dictionary<string, string?> { ["Seed:Demo"] = "false" });
        var client = app.Client();
        var graph = export["@graph"]!.AsArray();

        async Task<ImportReport> ImportAsync(string json)
        {
            using var scope = app.Services.CreateScope();
            return await scope.ServiceProvider.GetRequiredService<InterchangeImporter>().ImportAsync(new MemoryStream(Encoding.UTF8.GetBytes(json)), CancellationToken.None);
        }

        // Something to change: the first partners and practices of the export.
        var start = new JsonObject { ["@context"] = export["@context"]!.DeepClone(), ["@graph"] = new JsonArray(graph.Take(20).Select(n => n!.DeepClone()).ToArray()) };
        Assert.True((await ImportAsync(start.ToJsonString())).Ok);
        var before = await client.GetStringAsync("/api/v1/export");

        var rng = Hostile.Rng("importer-2026");
        var iterations = provider == Infrastructure.Providers.Sqlite ? 40 : 20;
        var (ok, refused) = (0, 0);
        for (var i = 0; i < iterations; i++)
        {
            // A slice of the export (the nodes a change touches, and some it does not), mutated a few times.
            var offset = rng.Next(Math.Max(1, graph.Count - 12));
            var slice = new JsonObject { ["@context"] = export["@context"]!.DeepClone(), ["@graph"] = new JsonArray(graph.Skip(offset).Take(rng.Next(1, 12)).Select(n => n!.DeepClone()).ToArray()) };
            var text = JsonMutations.Mutate(slice, rng, rng.Next(1, 5));
            ImportReport report;
            try
            {
                report = await ImportAsync(text);
            }
            catch (Exception e)
            {
                throw new Xunit.Sdk.XunitException($"case {i}: the importer threw for {Hostile.Show(text)}\n{e}");
            }
            var after = await client.GetStringAsync("/api/v1/export");
            if (report.Ok) ok++;
            else
            {
                refused++;
                Assert.True(before == after, $"case {i}: a refused import changed the content ({report}) for {Hostile.Show(text)}");
            }
            before = after;
        }
        Console.WriteLine($"importer on {provider}: {ok} imported, {refused} refused");
        Assert.True(refused > iterations / 3, $"only {refused} of {iterations} mutated files were refused: the mutations are too gentle to test anything");
    }
}
