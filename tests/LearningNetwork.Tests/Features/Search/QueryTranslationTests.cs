using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using LearningNetwork.Features.Search;
using LearningNetwork.Features.Translation;
using LearningNetwork.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace LearningNetwork.Tests.Features.Search;

/// <summary>The query's language: the reader's, unless its letters say otherwise.</summary>
public sealed class QueryLanguageTests
{
    [Theory]
    [InlineData("charcas temporales", "es", "es")]
    [InlineData("ελαιώνες φυτοφράχτες", "en", "el")]
    [InlineData("мъртва дървесина", "de", "bg")]
    [InlineData("азійський шершень", "uk", "uk")]
    [InlineData("posidonia", "bg", "en")]
    [InlineData("prolazi za žabe", "sr", "sr")]
    [InlineData("2024", "fr", "fr")]
    public void The_reader_language_holds_unless_the_script_contradicts_it(string text, string reader, string expected) =>
        Assert.Equal(expected, QueryLanguage.Of(text, reader));
}

/// <summary>
/// Query translation (<see cref="QueryTranslator"/>): routes with pivots, the cache, the time budget and the fall-backs, with a
/// recording engine; then Apertium as installed by ./test.sh through the search API.
/// </summary>
public sealed class QueryTranslationTests
{
    /// <summary>An engine with Apertium's shape on this machine (es↔en, es→fr/pt/it, en→hr), marking each translation.</summary>
    private sealed class RecordingEngine(TimeSpan delay) : IMachineTranslator
    {
        private static readonly HashSet<(string, string)> Direct = [("es", "en"), ("en", "es"), ("es", "fr"), ("es", "pt"), ("es", "it"), ("en", "hr"), ("hr", "en")];
        public ConcurrentQueue<(string Text, string From, string To)> Calls { get; } = new();
        public string Name => "Recording";

        public Task<IReadOnlyList<string>?> RouteAsync(string from, string to, CancellationToken ct)
        {
            if (Direct.Contains((from, to))) return Task.FromResult<IReadOnlyList<string>?>([from, to]);
            foreach (var pivot in new[] { "es", "en" })
                if (pivot != from && pivot != to && Direct.Contains((from, pivot)) && Direct.Contains((pivot, to)))
                    return Task.FromResult<IReadOnlyList<string>?>([from, pivot, to]);
            return Task.FromResult<IReadOnlyList<string>?>(null);
        }

        public async Task<string> TranslateAsync(string text, string from, string to, CancellationToken ct)
        {
            Calls.Enqueue((text, from, to));
            await Task.Delay(delay, ct);
            return $"{text} [{to}]";
        }
    }

    private static QueryTranslator Translator(IMachineTranslator engine, TimeSpan? budget = null, bool enabled = true) =>
        new(engine, Options.Create(new SearchOptions { QueryTranslation = enabled, QueryTranslationBudget = budget ?? TimeSpan.FromSeconds(10), QueryTranslationLanguages = 8 }),
            NullLogger<QueryTranslator>.Instance);

    [Fact]
    public async Task A_query_goes_to_every_reachable_language_once_pivots_from_the_pivots_translation_and_is_cached()
    {
        var engine = new RecordingEngine(TimeSpan.Zero);
        using var translator = Translator(engine);
        var result = await translator.TranslateAsync("  colmenares   urbanos ", "es", wait: true, CancellationToken.None);
        Assert.Equal(["en", "fr", "hr", "it", "pt"], result.Select(t => t.Language).ToArray());
        // Croatian comes from the English translation (es→en→hr), not from a second es→en call.
        Assert.Equal("colmenares urbanos [en] [hr]", result.Single(t => t.Language == "hr").Text);
        Assert.Equal(5, engine.Calls.Count);
        Assert.Single(engine.Calls, c => c.From == "es" && c.To == "en");

        // The same words (case and spacing aside) come from the cache, also for a type-ahead that never starts one.
        var again = await translator.TranslateAsync("Colmenares urbanos", "es", wait: false, CancellationToken.None);
        Assert.Equal(result, again);
        Assert.Equal(5, engine.Calls.Count);
        Assert.Empty(await translator.TranslateAsync("colmenares rurales", "es", wait: false, CancellationToken.None));
        Assert.Equal(5, engine.Calls.Count);
    }

    [Fact]
    public async Task Serbian_in_Latin_letters_goes_to_the_engine_as_Croatian_and_a_language_without_a_route_gets_nothing()
    {
        var engine = new RecordingEngine(TimeSpan.Zero);
        using var translator = Translator(engine);
        var result = await translator.TranslateAsync("prolazi za žabe", "sr", wait: true, CancellationToken.None);
        Assert.Contains(result, t => t.Language == "en" && t.Text == "prolazi za žabe [en]");
        Assert.Empty(await translator.TranslateAsync("пролази за жабе", "sr", wait: true, CancellationToken.None));
        Assert.Empty(await translator.TranslateAsync("pinnsvin i hager", "no", wait: true, CancellationToken.None));
    }

    [Fact]
    public async Task A_slow_engine_is_not_waited_for_beyond_the_budget_and_its_translation_serves_the_next_search()
    {
        var engine = new RecordingEngine(TimeSpan.FromMilliseconds(600));
        using var translator = Translator(engine, budget: TimeSpan.FromMilliseconds(50));
        var started = DateTime.UtcNow;
        Assert.Empty(await translator.TranslateAsync("colmenares", "es", wait: true, CancellationToken.None));
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromMilliseconds(550), "the search did not wait for the engine");
        List<QueryTranslation> later = [];
        for (var i = 0; i < 100 && later.Count == 0; i++)
        {
            await Task.Delay(100);
            later = [.. await translator.TranslateAsync("colmenares", "es", wait: false, CancellationToken.None)];
        }
        Assert.Contains(later, t => t.Language == "en");
    }

    [Fact]
    public async Task No_engine_or_translation_turned_off_means_no_translation_and_no_call()
    {
        using (var none = Translator(new NoMachineTranslator())) Assert.Empty(await none.TranslateAsync("colmenares", "es", wait: true, CancellationToken.None));
        var engine = new RecordingEngine(TimeSpan.Zero);
        using (var off = Translator(engine, enabled: false)) Assert.Empty(await off.TranslateAsync("colmenares", "es", wait: true, CancellationToken.None));
        Assert.Empty(engine.Calls);
        // An engine that fails gives no translation, not an error.
        using var failing = new QueryTranslator(new FailingEngine(), Options.Create(new SearchOptions()), NullLogger<QueryTranslator>.Instance);
        Assert.Empty(await failing.TranslateAsync("colmenares", "es", wait: true, CancellationToken.None));
    }

    private sealed class FailingEngine : IMachineTranslator
    {
        public string Name => "Failing";
        public Task<IReadOnlyList<string>?> RouteAsync(string from, string to, CancellationToken ct) => Task.FromResult<IReadOnlyList<string>?>([from, to]);
        public Task<string> TranslateAsync(string text, string from, string to, CancellationToken ct) => throw new MachineTranslationException("down");
    }

    private static async Task ReadyAsync(TestApp app)
    {
        var index = app.Services.GetRequiredService<SearchIndex>();
        for (var i = 0; i < 1200 && !index.Ready; i++) await Task.Delay(100);
        Assert.True(index.Ready, "the index opened within 120 s");
        await index.CatchUpAsync(CancellationToken.None);
    }

    private static async Task<List<string>> UrlsAsync(TestApp app, string query, string lang)
    {
        using var response = await app.Client().GetAsync($"/api/v1/search?q={Uri.EscapeDataString(query)}&lang={lang}&pageSize=10");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        return json["items"]!.AsArray().Select(i => i!["url"]!.GetValue<string>()).ToList();
    }

    /// <summary>
    /// "colmenares" (apiaries) is named by neither GEMET nor the network's vocabulary, and the only text about apiaries is an
    /// English-only offer (Ljubljana's Bee Path): a Spanish reader finds it through Apertium's es→en translation, and without an
    /// engine the search still answers, just without it.
    /// </summary>
    [Theory]
    [MemberData(nameof(Providers.NotData), MemberType = typeof(Providers))]
    public async Task A_Spanish_query_finds_an_English_only_offer_through_apertium_on_a_topic_no_thesaurus_names(string provider)
    {
        using (var apertium = new ApertiumTranslator(Options.Create(new MachineTranslationOptions()), NullLogger<ApertiumTranslator>.Instance))
            Assert.True((await apertium.ModesAsync(CancellationToken.None)).ContainsKey(("es", "en")),
                "Apertium's es→en mode is not installed. ./test.sh installs it: apt-get install apertium apertium-eng-spa");
        const string BeePath = "/es/marketplace/offers/ljubljana-bee-path-study-visit";
        using var app = new TestApp(provider, new Dictionary<string, string?> { ["Search:QueryTranslationBudget"] = "00:01:00" });
        await ReadyAsync(app);
        Assert.Null(app.Service<ISearchIndex>().Thesaurus.ConceptOf("colmenares"));
        Assert.Contains(await UrlsAsync(app, "colmenares", "es"), u => u.EndsWith(BeePath, StringComparison.Ordinal));

        using var none = new TestApp(provider, new Dictionary<string, string?> { ["MachineTranslation:Engine"] = "none" });
        await ReadyAsync(none);
        Assert.DoesNotContain(await UrlsAsync(none, "colmenares", "es"), u => u.EndsWith(BeePath, StringComparison.Ordinal));
        Assert.NotEmpty(await UrlsAsync(none, "charcas temporales anfibios", "es"));
        using var suggest = await none.Client().GetAsync("/api/v1/search/suggest?q=colmenares&lang=es");
        Assert.Equal(HttpStatusCode.OK, suggest.StatusCode);
    }
}
