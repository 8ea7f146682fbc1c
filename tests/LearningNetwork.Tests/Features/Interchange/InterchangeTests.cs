using System.Net;
using System.Net.Http.Headers;
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

public sealed class InterchangeTests
{
    public static TheoryData<string> Providers => Infrastructure.Providers.All;

    private static readonly Dictionary<string, string?> Empty = new() { ["Seed:Demo"] = "false" };

    private static async Task<ImportReport> ImportAsync(TestApp app, string json)
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<InterchangeImporter>().ImportAsync(new MemoryStream(Encoding.UTF8.GetBytes(json)), CancellationToken.None);
    }

    /// <summary>The export without what legitimately differs between instances: modification times and transfer ids.</summary>
    private static string Comparable(string export)
    {
        var root = JsonNode.Parse(export)!.AsObject();
        foreach (var node in root["@graph"]!.AsArray().Select(n => n!.AsObject()))
        {
            node.Remove("dateModified");
            if (node["additionalType"]?.GetValue<string>() == "PracticeTransfer") node.Remove("@id");
        }
        return root.ToJsonString();
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task An_export_imported_into_an_empty_instance_reproduces_the_public_content_and_a_second_import_changes_nothing(string provider)
    {
        var source = Infrastructure.Providers.SharedApp(provider).Client();
        var export = await source.GetStringAsync("/api/v1/export");
        using var target = new TestApp(provider, Empty);
        var first = await ImportAsync(target, export);
        Assert.True(first.Ok, first.ToString());
        Assert.Equal(58, first.Created["partners"]);
        Assert.True(first.Created["practices"] >= 48);

        var client = target.Client();
        foreach (var list in new[] { "/api/v1/partners?pageSize=200", "/api/v1/practices?pageSize=200&sort=title", "/api/v1/practices?pageSize=200&lang=de&sort=country" })
        {
            static string Public(string json) => JsonNode.Parse(json)!["items"]!.AsArray()
                .Select(i => { var o = i!.AsObject(); o.Remove("id"); o.Remove("url"); return o.ToJsonString(); }).Aggregate("", (a, b) => a + b + "\n");
            Assert.Equal(Public(await source.GetStringAsync(list)), Public(await client.GetStringAsync(list)));
        }
        Assert.Equal(Comparable(export), Comparable(await client.GetStringAsync("/api/v1/export")));
        var slug = JsonNode.Parse(await client.GetStringAsync("/api/v1/practices?pageSize=1&sort=transfers"))!["items"]![0]!["slug"]!.GetValue<string>();
        Assert.Contains("Taken up by", WebUtility.HtmlDecode(await client.GetStringAsync($"/en/practices/{slug}")), StringComparison.Ordinal);

        var second = await ImportAsync(target, export);
        Assert.True(second.Ok);
        Assert.Empty(second.Created);
        Assert.Empty(second.Updated);
        Assert.Equal(first.Created.Values.Sum(), second.Unchanged.Values.Sum());
    }

    [Fact]
    public async Task A_changed_item_is_updated_in_place_and_its_history_says_so()
    {
        var export = await Infrastructure.Providers.SharedApp(Infrastructure.Providers.Sqlite).Client().GetStringAsync("/api/v1/export");
        using var target = new TestApp(Infrastructure.Providers.Sqlite, Empty);
        Assert.True((await ImportAsync(target, export)).Ok);
        var root = JsonNode.Parse(export)!;
        var practice = root["@graph"]!.AsArray().First(n => n!["additionalType"]?.GetValue<string>() == "GoodPractice")!;
        var id = practice["@id"]!.GetValue<string>();
        practice["name"] = "A corrected title";
        practice["about"]!.AsArray().Add(new JsonObject { ["@type"] = "DefinedTerm", ["termCode"] = "KMGBF-23" });
        var report = await ImportAsync(target, root.ToJsonString());
        Assert.True(report.Ok, report.ToString());
        Assert.Equal(1, report.Updated["practices"]);
        using var scope = target.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<LearningNetworkDb>();
        var saved = await db.Practices.Include(p => p.Texts).Include(p => p.Tags).SingleAsync(p => p.ExternalId == id);
        Assert.Contains(saved.Texts, t => t.Title == "A corrected title");
        Assert.Contains(saved.Tags, t => t.Code == "kmgbf:23");
        Assert.Equal(2, await db.PracticeRevisions.CountAsync(r => r.PracticeId == saved.Id && r.Action == "imported"));
        Assert.Equal(1, await db.Practices.CountAsync(p => p.ExternalId == id));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_file_with_any_problem_changes_nothing_and_names_every_problem_with_its_node_and_field(string provider)
    {
        using var app = new TestApp(provider, Empty);
        const string file = """
            {"@context": "https://schema.org", "@graph": [
              {"@type": "GovernmentOrganization", "@id": "https://other.example/orgs/1", "name": "Region Good", "additionalType": "region",
               "address": {"addressCountry": "SE"}, "identifier": {"@type": "PropertyValue", "propertyID": "NUTS", "value": "SE11"}},
              {"@type": "Organization", "@id": "https://other.example/orgs/2", "name": "Nowhere", "address": {"addressCountry": "XX"}},
              {"@type": "CreativeWork", "additionalType": "GoodPractice", "@id": "https://other.example/p/1", "name": "Meadows",
               "description": "Late mowing.", "inLanguage": "sv", "author": {"@id": "https://other.example/orgs/404"}},
              {"@type": "CreativeWork", "additionalType": "GoodPractice", "@id": "https://other.example/p/2", "inLanguage": "sv",
               "description": "No name.", "author": {"@id": "https://other.example/orgs/1"}},
              {"@type": "Person", "@id": "https://other.example/people/9", "name": "Someone"},
              {"@type": "ImageObject", "@id": "https://other.example/img/9"}
            ]}
            """;
        var report = await ImportAsync(app, file);
        Assert.False(report.Ok);
        Assert.Contains(report.Problems, p => p.Node == "https://other.example/orgs/2" && p.Field == "address.addressCountry");
        Assert.Contains(report.Problems, p => p.Node == "https://other.example/p/2" && p.Field == "name");
        Assert.Contains(report.Problems, p => p.Node == "https://other.example/p/1" && p.Field == "author");
        Assert.Equal(2, report.Skipped.Count);
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<LearningNetworkDb>();
            Assert.Equal(0, await db.Partners.CountAsync());
            Assert.Equal(0, await db.Practices.CountAsync());
        }

        foreach (var bad in new[] { "", "{", "[1, 2]", "\"text\"", "{\"@graph\": {}}", new string('[', 200) + new string(']', 200) })
            Assert.False((await ImportAsync(app, bad)).Ok, bad);

        // Without the broken nodes the same file imports, skipping the types we do not hold.
        var good = JsonNode.Parse(file)!;
        var graph = good["@graph"]!.AsArray();
        graph.RemoveAt(3);
        graph.RemoveAt(1);
        graph[1]!["author"] = new JsonObject { ["@id"] = "https://other.example/orgs/1" };
        var ok = await ImportAsync(app, good.ToJsonString());
        Assert.True(ok.Ok, ok.ToString());
        Assert.Equal(1, ok.Created["practices"]);
        Assert.Equal(2, ok.Skipped.Count);
    }

    [Fact]
    public async Task Only_network_admins_import_through_the_API_and_problems_come_back_as_problem_details()
    {
        using var app = new TestApp(Infrastructure.Providers.Sqlite, new Dictionary<string, string?>(Mailbox.Settings()) { ["Seed:Demo"] = "false" });
        static StringContent Body(string json) => new(json, Encoding.UTF8, new MediaTypeHeaderValue("application/ld+json"));
        const string one = """{"@context":"https://schema.org","@type":"Organization","@id":"https://other.example/orgs/7","name":"Delta Network","additionalType":"network","address":{"addressCountry":"NL"}}""";
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Client().PostAsync("/api/v1/import", Body(one))).StatusCode);
        var (member, _) = await TestPeople.RegisteredAsync(app);
        Assert.Equal(HttpStatusCode.Forbidden, (await member.PostAsync("/api/v1/import", Body(one))).StatusCode);
        var admin = await TestPeople.WithRoleAsync(app, Roles.NetworkAdmin);
        var bad = await admin.PostAsSiteScriptAsync("/api/v1/import", Body("{\"@type\":\"Organization\",\"@id\":\"relative\"}"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        Assert.Equal("application/problem+json", bad.Content.Headers.ContentType?.MediaType);
        Assert.Contains("absolute IRI", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var ok = await admin.PostAsSiteScriptAsync("/api/v1/import", Body(one));
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Contains("Delta Network", await app.Client().GetStringAsync("/api/v1/partners?q=delta"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_verbs_export_and_import_files_and_fail_clearly()
    {
        var a = Directory.CreateTempSubdirectory("ln-export-").FullName;
        var b = Directory.CreateTempSubdirectory("ln-import-").FullName;
        // The verbs migrate and load a fresh folder first (CommandLineTests proves it): these start on the run's templates.
        DatabaseTemplates.CopySqliteInto(a, demo: true);
        DatabaseTemplates.CopySqliteInto(b, demo: false);
        try
        {
            var file = Path.Combine(a, "network.jsonld");
            var (exit, output, error) = await AppProcess.RunAsync("export", file, $"--Storage:Root={a}", "--Seed:Demo=true");
            Assert.True(exit == 0, error);
            Assert.Contains("Exported", output, StringComparison.Ordinal);
            using (var doc = JsonDocument.Parse(await File.ReadAllTextAsync(file))) Assert.True(doc.RootElement.GetProperty("@graph").GetArrayLength() > 100);
            (exit, output, error) = await AppProcess.RunAsync("import", file, $"--Storage:Root={b}", "--Seed:Demo=false");
            Assert.True(exit == 0, error);
            Assert.Matches(@"Created: [^.]*\b58 partners", output); // counts are listed by type, alphabetically

            var broken = Path.Combine(a, "broken.jsonld");
            await File.WriteAllTextAsync(broken, "{\"@context\":\"https://schema.org\",\"@graph\":[{\"@type\":\"CreativeWork\",\"additionalType\":\"GoodPractice\",\"@id\":\"urn:x:1\",\"name\":");
            (exit, _, error) = await AppProcess.RunAsync("import", broken, $"--Storage:Root={b}", "--Seed:Demo=false");
            Assert.Equal(1, exit);
            Assert.Contains("not valid JSON", error, StringComparison.Ordinal);
            (exit, _, error) = await AppProcess.RunAsync("import", Path.Combine(a, "missing.jsonld"), $"--Storage:Root={b}");
            Assert.Equal(1, exit);
            Assert.Contains("there is no file", error, StringComparison.Ordinal);
            Assert.Equal(2, (await AppProcess.RunAsync("export")).ExitCode);
        }
        finally
        {
            Directory.Delete(a, true);
            Directory.Delete(b, true);
        }
    }
}

/// <summary>The export and the API description, checked by real third-party tools (jsonld.js and swagger-parser under node).</summary>
public sealed class InterchangeStandardsTests
{
    /// <summary>Where ./test.sh installed the node tools; CI always runs through ./test.sh.</summary>
    private static string? NodePath => Environment.GetEnvironmentVariable("LN_TEST_NODE_PATH");

    private static async Task<(int Exit, string Output, string Error)> NodeAsync(string script, string file)
    {
        var start = new System.Diagnostics.ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Tools", script));
        start.ArgumentList.Add(file);
        start.Environment["NODE_PATH"] = NodePath;
        using var process = System.Diagnostics.Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, await error);
    }

    /// <summary>"node" when ./test.sh installed the tools (it says so when npm could not); otherwise the check is not made.</summary>
    public static TheoryData<string> Tools => NodePath is not null ? new() { "node" } : new() { "not installed" };

    [Theory]
    [MemberData(nameof(Tools))]
    public async Task The_export_expands_with_a_json_ld_processor_and_the_openapi_document_validates(string tool)
    {
        if (tool != "node") return;
        Assert.True(NodePath is not null, "LN_TEST_NODE_PATH is not set: run the tests through ./test.sh");
        var client = Infrastructure.Providers.SharedApp(Infrastructure.Providers.Sqlite).Client();
        var folder = Directory.CreateTempSubdirectory("ln-standards-").FullName;
        try
        {
            var export = Path.Combine(folder, "export.jsonld");
            await File.WriteAllTextAsync(export, await client.GetStringAsync("/api/v1/export"));
            var (exit, output, error) = await NodeAsync("validate-jsonld.js", export);
            Assert.True(exit == 0, error);
            using (var types = JsonDocument.Parse(output))
            {
                Assert.True(types.RootElement.GetProperty("https://schema.org/CreativeWork").GetInt32() >= 48);
                Assert.Equal(58, types.RootElement.GetProperty("https://schema.org/GovernmentOrganization").GetInt32() + types.RootElement.GetProperty("https://schema.org/Organization").GetInt32());
            }
            var page = Path.Combine(folder, "page.jsonld");
            var html = await client.GetStringAsync("/en/partners/noord-brabant");
            await File.WriteAllTextAsync(page, System.Text.RegularExpressions.Regex.Match(html, "<script type=\"application/ld\\+json\">(.*?)</script>").Groups[1].Value);
            Assert.True((await NodeAsync("validate-jsonld.js", page)).Exit == 0);

            var openapi = Path.Combine(folder, "openapi.json");
            await File.WriteAllTextAsync(openapi, await client.GetStringAsync("/openapi/v1.json"));
            (exit, output, error) = await NodeAsync("validate-openapi.js", openapi);
            Assert.True(exit == 0, error);
            Assert.StartsWith("3.", output, StringComparison.Ordinal);

            var broken = Path.Combine(folder, "broken.jsonld");
            await File.WriteAllTextAsync(broken, """{"@context": "https://schema.org", "@graph": [{"@id": "relative id", "@type": "Organization", "name": "x"}]}""");
            Assert.NotEqual(0, (await NodeAsync("validate-jsonld.js", broken)).Exit); // the tool does catch what it should
        }
        finally
        {
            Directory.Delete(folder, true);
        }
    }
}
