using System.Net;
using LearningNetwork.Tests.Infrastructure;

namespace LearningNetwork.Tests.ReferenceData;

public sealed class StartupFailureTests
{
    private static string CopyOfReferenceFiles()
    {
        var source = Path.Combine(AppContext.BaseDirectory, "ReferenceData", "files");
        var target = Directory.CreateTempSubdirectory("ln-ref-").FullName;
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var destination = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }
        return target;
    }

    /// <summary>Starts the built server on a copy of the reference files; it must stop by itself with exit code 1.</summary>
    private static async Task<string> StartUpErrorAsync(string folder)
    {
        var root = Directory.CreateTempSubdirectory("ln-start-").FullName;
        var (exit, _, error) = await AppProcess.RunAsync("--urls", "http://127.0.0.1:0", $"--Storage:Root={root}", $"--ReferenceData:Folder={folder}",
            "--Site:PublicUrl=http://127.0.0.1");
        Assert.Equal(1, exit);
        return error;
    }

    [Fact]
    public async Task A_missing_reference_file_stops_start_up_naming_the_file()
    {
        var folder = CopyOfReferenceFiles();
        File.Delete(Path.Combine(folder, "gemet", "gemet_concepts_relations.csv"));
        var error = await StartUpErrorAsync(folder);
        Assert.Contains("gemet_concepts_relations.csv", error, StringComparison.Ordinal);
        Assert.Contains("missing", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("nuts/nuts2024_regions.csv", "BE10,two,BE,BE1,Bruxelles,Bruxelles,,,\n", "nuts2024_regions.csv")]
    [InlineData("gbf/kmgbf_goals_targets.json", "{ \"goals\": [", "kmgbf_goals_targets.json")]
    [InlineData("countries/european_countries.csv", "\"unterminated,\n", "european_countries.csv")]
    public async Task A_corrupt_reference_file_stops_start_up_naming_the_file(string file, string corruption, string named)
    {
        var folder = CopyOfReferenceFiles();
        var path = Path.Combine(folder, file);
        if (file.EndsWith(".json", StringComparison.Ordinal)) File.WriteAllText(path, corruption);
        else File.AppendAllText(path, corruption);
        var error = await StartUpErrorAsync(folder);
        Assert.Contains(named, error, StringComparison.Ordinal);
        Assert.Contains("Cannot start", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_database_out_of_reach_makes_health_503_and_pages_a_clear_error_page()
    {
        // A port nobody listens on: connections are refused at once.
        using var app = new TestApp(Providers.Sqlite, new Dictionary<string, string?>
        {
            ["Database:Provider"] = Providers.Postgres,
            ["ConnectionStrings:Postgres"] = "Host=127.0.0.1;Port=1;Database=none;Username=none;Timeout=2",
        });
        var client = app.Client();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/health")).StatusCode);
        var page = await client.GetAsync("/de/partners");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Equal("de", Html.HtmlLang(html));
        Assert.DoesNotContain("Npgsql", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", html, StringComparison.Ordinal);
        var api = await client.GetAsync("/api/v1/partners");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, api.StatusCode);
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);
    }
}
