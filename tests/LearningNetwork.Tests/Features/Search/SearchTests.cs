using System.Net;
using System.Text.Json.Nodes;
using LearningNetwork.Data;
using LearningNetwork.Domain;
using LearningNetwork.Features.Search;
using LearningNetwork.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LearningNetwork.Tests.Features.Search;

public sealed class SearchAnalyzerTests
{
    [Theory]
    [InlineData("de", "Feuchtgebiete", "Feuchtgebiet")]
    [InlineData("nl", "bestuivers", "bestuiver")]
    [InlineData("fr", "zones humides", "zone humide")]
    [InlineData("it", "impollinatori", "impollinatore")]
    [InlineData("es", "polinizadores", "polinizador")]
    [InlineData("sv", "våtmarkerna", "våtmark")]
    [InlineData("pl", "zapylaczy", "zapylacze")]
    [InlineData("hr", "oprašivača", "oprašivači")]
    [InlineData("sl", "opraševalcev", "opraševalci")]
    public void Each_language_conflates_the_forms_of_a_word(string language, string inflected, string basic)
    {
        var analyzer = SearchAnalyzers.For(language);
        Assert.Equal(SearchAnalyzers.Terms(analyzer, SearchAnalyzers.TextField(language), basic),
            SearchAnalyzers.Terms(analyzer, SearchAnalyzers.TextField(language), inflected));
    }

    [Fact]
    public void Stop_words_are_dropped_and_accents_folded_where_the_language_has_no_stemmer()
    {
        Assert.Empty(SearchAnalyzers.Terms(SearchAnalyzers.For("de"), "text_de", "und der die"));
        Assert.Equal(["zapyla"], SearchAnalyzers.Terms(SearchAnalyzers.For("pl"), "text_pl", "Zapylaczy"));
        Assert.False(SearchAnalyzers.HasStemmer("mt"));
        Assert.True(SearchAnalyzers.HasStemmer("lv"));
    }
}

public sealed class SearchTests
{
    private static async Task<SearchIndex> ReadyAsync(TestApp app)
    {
        var index = app.Services.GetRequiredService<SearchIndex>();
        for (var i = 0; i < 1200 && !index.Ready; i++) await Task.Delay(100);
        Assert.True(index.Ready, "the index opened within 120 s");
        await index.CatchUpAsync(CancellationToken.None);
        return index;
    }

    private static async Task<JsonNode> SearchAsync(HttpClient client, string query) =>
        JsonNode.Parse(await client.GetStringAsync("/api/v1/search?" + query))!;

    [Fact]
    public async Task A_query_in_one_language_finds_practices_written_in_others_and_says_through_which_concept()
    {
        var app = Infrastructure.Providers.SharedApp(Infrastructure.Providers.Sqlite);
        await ReadyAsync(app);
        var result = await SearchAsync(app.Client(), "q=" + Uri.EscapeDataString("Feuchtgebiet") + "&lang=de&pageSize=50");
        var items = result["items"]!.AsArray().Select(i => i!).ToList();
        Assert.Contains(items, i => i["language"]!.GetValue<string>() != "de" && i["sharedConcepts"]!.AsArray().Any(c => c!.GetValue<string>() == "Feuchtgebiet"));
        var page = WebUtility.HtmlDecode(await app.Client().GetStringAsync("/de/search?q=Feuchtgebiet"));
        Assert.Contains("gefunden über den gemeinsamen Begriff: Feuchtgebiet", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Each_facet_count_is_the_total_of_the_same_search_filtered_by_that_value()
    {
        // Facet counts are read from per-segment ordinals kept in memory (SiteSearch.SegmentOrds): each must still be the
        // number of hits with that value, which the same search filtered by it counts independently.
        var app = Infrastructure.Providers.SharedApp(Infrastructure.Providers.Sqlite);
        await ReadyAsync(app);
        var client = app.Client();
        var all = await SearchAsync(client, "q=wetland&lang=en");
        var total = all["total"]!.GetValue<int>();
        Assert.True(total > 5, $"too few hits to check facets: {total}");
        var types = all["facets"]!["type"]!.AsArray();
        Assert.Equal(total, types.Sum(t => t!["count"]!.GetValue<int>())); // every item has exactly one type
        foreach (var (facet, parameter) in new[] { ("type", "type"), ("country", "country") })
            foreach (var value in all["facets"]![facet]!.AsArray().Take(3))
            {
                var filtered = await SearchAsync(client, $"q=wetland&lang=en&{parameter}={Uri.EscapeDataString(value!["value"]!.GetValue<string>())}");
                Assert.Equal(value["count"]!.GetValue<int>(), filtered["total"]!.GetValue<int>());
            }
    }

    [Fact]
    public async Task Typos_phrases_and_facets_work_and_the_api_has_the_shape_clients_rely_on()
    {
        var app = Infrastructure.Providers.SharedApp(Infrastructure.Providers.Sqlite);
        await ReadyAsync(app);
        var client = app.Client();
        var exact = await SearchAsync(client, "q=rewetting&lang=en");
        var typo = await SearchAsync(client, "q=rewettting&lang=en");
        Assert.True(exact["total"]!.GetValue<int>() > 0);
        Assert.Contains(exact["items"]![0]!["id"]!.GetValue<int>(), typo["items"]!.AsArray().Take(3).Select(i => i!["id"]!.GetValue<int>()));
        var item = exact["items"]![0]!;
        foreach (var field in new[] { "type", "id", "title", "url", "snippet", "language" }) Assert.NotNull(item[field]);
        Assert.Contains("<mark>", exact["items"]!.AsArray().Select(i => i!["snippet"]!.GetValue<string>()).Aggregate("", (a, b) => a + b), StringComparison.Ordinal);
        Assert.NotNull(exact["facets"]!["country"]);

        var onlyNl = await SearchAsync(client, "q=rewetting&lang=en&country=NL&type=practice");
        Assert.All(onlyNl["items"]!.AsArray(), i => Assert.Equal("practice", i!["type"]!.GetValue<string>()));
        Assert.True(onlyNl["total"]!.GetValue<int>() <= exact["total"]!.GetValue<int>());
        var phrase = await SearchAsync(client, "q=" + Uri.EscapeDataString("\"peat dams\"") + "&lang=en");
        Assert.True(phrase["total"]!.GetValue<int>() > 0);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/v1/search?q=x&type=spaceship")).StatusCode);
        var suggestions = JsonNode.Parse(await client.GetStringAsync("/api/v1/search/suggest?q=peat&lang=en"))!.AsArray();
        Assert.InRange(suggestions.Count, 1, 8);
        Assert.StartsWith("/en/", suggestions[0]!["url"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(JsonNode.Parse(await client.GetStringAsync("/api/v1/search/suggest?q=p"))!.AsArray());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/en/search?q=peat&type=practice&country=LV")).StatusCode);
        var page = WebUtility.HtmlDecode(await client.GetStringAsync("/en/search?q=peat"));
        Assert.Contains("Region (NUTS)", page, StringComparison.Ordinal);
        var inRegion = await SearchAsync(client, "q=peat&lang=en&nuts=NL4");
        Assert.All(inRegion["items"]!.AsArray(), i => Assert.NotNull(i));
    }

    [Fact]
    public async Task Any_input_however_malformed_is_a_valid_search()
    {
        var random = new Random(20261125);
        var alphabet = "abcAND OR NOT*?~^\"'()[]{}:\\/+-!&|<>%;\0\u00e9\u0142\u4e2d\U0001F600\u202e \t\n".ToCharArray();
        var generated = Enumerable.Range(0, 150).Select(_ => new string(Enumerable.Range(0, random.Next(0, 60)).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray())).ToList();
        string[] crafted = ["\"", "\"\"", "*", "?", "~", "AND", "(((((", "field:value", new string('a', 5000), "title_de:moor", "NOT", "-", "\\"];
        // The query parser and the index see every input on an app whose queries are not machine-translated: a query with
        // letters would otherwise wait for Apertium (a process per language, up to the 1.5 s budget each), which made this
        // test three minutes of CPU without proving more about parsing. The translator's share of the claim, that hostile
        // text goes through the engine and back without an error, is made on the site as configured with the crafted
        // inputs and a sample of the generated ones.
        using var untranslated = new TestApp(Infrastructure.Providers.Sqlite, new Dictionary<string, string?> { ["Search:QueryTranslation"] = "false" });
        await ReadyAsync(untranslated);
        await AllAnswerOkAsync(untranslated.Client(), generated.Concat(crafted));
        var translated = Infrastructure.Providers.SharedApp(Infrastructure.Providers.Sqlite);
        await ReadyAsync(translated);
        await AllAnswerOkAsync(translated.Client(), crafted.Concat(generated.Where((_, i) => i % 15 == 0)));

        static async Task AllAnswerOkAsync(HttpClient client, IEnumerable<string> queries)
        {
            foreach (var q in queries)
            {
                foreach (var url in new[] { $"/api/v1/search?lang=de&q={Uri.EscapeDataString(q)}", $"/fr/search?q={Uri.EscapeDataString(q)}" })
                {
                    var response = await client.GetAsync(url);
                    Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url} answered {(int)response.StatusCode}");
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_change_is_searchable_once_the_log_is_applied_and_a_deletion_leaves_the_results(string provider)
    {
        using var app = new TestApp(provider, new Dictionary<string, string?>(Mailbox.Settings()) { ["Search:ReplayInterval"] = "00:10:00" });
        var index = await ReadyAsync(app);
        var client = app.Client();
        Assert.Equal(0, (await SearchAsync(client, "q=zyxwvutsrq&lang=en"))["total"]!.GetValue<int>());
        int id;
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<LearningNetworkDb>();
            var practice = await db.Practices.Include(p => p.Texts).FirstAsync(p => p.Stage == PracticeStage.Published && p.OriginalLanguage == "en");
            practice.Texts.Single(t => t.Language == "en").Summary += " zyxwvutsrq";
            practice.Version = Guid.NewGuid();
            await db.SaveChangesAsync();
            id = practice.Id;
        }
        Assert.Equal(0, (await SearchAsync(client, "q=zyxwvutsrq&lang=en"))["total"]!.GetValue<int>()); // not applied yet
        Assert.True(await index.CatchUpAsync(CancellationToken.None) > 0);
        var found = await SearchAsync(client, "q=zyxwvutsrq&lang=en");
        Assert.Equal(id, found["items"]![0]!["id"]!.GetValue<int>());

        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<LearningNetworkDb>();
            db.Practices.Remove(await db.Practices.FirstAsync(p => p.Id == id));
            await db.SaveChangesAsync();
        }
        await index.CatchUpAsync(CancellationToken.None);
        Assert.Equal(0, (await SearchAsync(client, "q=zyxwvutsrq&lang=en"))["total"]!.GetValue<int>());
    }

    public static TheoryData<string> Providers => Infrastructure.Providers.All;

    [Fact]
    public async Task A_term_a_moderator_adds_makes_searches_in_that_language_find_the_concept_everywhere()
    {
        using var app = new TestApp(Infrastructure.Providers.Sqlite, new Dictionary<string, string?>(Mailbox.Settings()) { ["Search:ReplayInterval"] = "00:10:00" });
        var index = await ReadyAsync(app);
        var client = app.Client();
        Assert.Equal(0, (await SearchAsync(client, "q=Wunderblühsaum&lang=de"))["total"]!.GetValue<int>());
        var (member, _) = await TestPeople.RegisteredAsync(app);
        Assert.Equal(HttpStatusCode.Forbidden, (await member.GetAsync("/en/search/terms")).StatusCode);
        var moderator = await TestPeople.WithRoleAsync(app, Roles.Moderator);
        var unknown = await moderator.SubmitAsync("/en/search/terms", new Dictionary<string, string> { ["Term"] = "Wunderblühsaum", ["Language"] = "de", ["SameAs"] = "no such concept at all" });
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        var added = await moderator.SubmitAsync("/en/search/terms", new Dictionary<string, string> { ["Term"] = "Wunderblühsaum", ["Language"] = "de", ["SameAs"] = "flower strip" });
        Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        await index.CatchUpAsync(CancellationToken.None);
        var found = await SearchAsync(client, "q=Wunderblühsaum&lang=de");
        Assert.True(found["total"]!.GetValue<int>() > 0);
        Assert.Contains(found["items"]!.AsArray(), i => i!["sharedConcepts"]!.AsArray().Count > 0);
    }

    [Fact]
    public async Task The_reindex_verb_rebuilds_a_missing_or_corrupt_index()
    {
        var root = Directory.CreateTempSubdirectory("ln-reindex-").FullName;
        // The demo network's database as the run's template has it, without an index: the first rebuild is of a missing one.
        DatabaseTemplates.CopySqliteInto(root, demo: true, searchIndex: false);
        Assert.False(Directory.Exists(Path.Combine(root, "search")));
        try
        {
            var (exit, output, error) = await AppProcess.RunAsync("reindex", $"--Storage:Root={root}", "--Seed:Demo=true");
            Assert.True(exit == 0, error);
            Assert.Contains("rebuilt", output, StringComparison.Ordinal);
            var folder = Path.Combine(root, "search");
            foreach (var file in Directory.GetFiles(folder, "segments_*")) await File.WriteAllTextAsync(file, "not an index");
            (exit, output, error) = await AppProcess.RunAsync("reindex", $"--Storage:Root={root}");
            Assert.True(exit == 0, error);
            Directory.Delete(folder, true);
            (exit, _, error) = await AppProcess.RunAsync("reindex", $"--Storage:Root={root}");
            Assert.True(exit == 0, error);
            Assert.NotEmpty(Directory.GetFiles(folder, "segments_*"));
        }
        finally
        {
            Directory.Delete(root, true);
        }
    }
}

public sealed class LanguageGuesserTests
{
    [Theory]
    [InlineData("Die Gemeinde hat mit den Landwirten und dem Wasserverband die Moore wieder vernässt.", "de")]
    [InlineData("La commune a restauré les mares avec les écoles et les associations du quartier.", "fr")]
    [InlineData("De provincie heeft met de boeren en het waterschap de randen van het veen hersteld.", "nl")]
    [InlineData("The region worked with farmers and the water board to rewet the bog over five years.", "en")]
    [InlineData("Il comune ha ripristinato le zone umide con gli agricoltori e le scuole del territorio.", "it")]
    public void The_language_of_untagged_text_is_recognised(string text, string language) => Assert.Equal(language, LanguageGuesser.Guess(text));

    [Theory]
    [InlineData("")]
    [InlineData("Natura 2000")]
    [InlineData("12 ha, 4 km")]
    public void Too_little_text_gets_no_guess(string text) => Assert.Null(LanguageGuesser.Guess(text));
}
