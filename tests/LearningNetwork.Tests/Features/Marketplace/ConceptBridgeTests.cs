using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using LearningNetwork.Data;
using LearningNetwork.Domain;
using LearningNetwork.Features.Marketplace;
using LearningNetwork.Features.Search;
using LearningNetwork.Features.Translation;
using LearningNetwork.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace LearningNetwork.Tests.Features.Marketplace;

/// <summary>Runs when Apertium and its Serbo-Croatian→English pair are installed (./test.sh installs them), and always in CI.</summary>
public sealed class ApertiumTheoryAttribute : TheoryAttribute
{
    public ApertiumTheoryAttribute()
    {
        if (!File.Exists("/usr/share/apertium/modes/hbs-eng.mode") && Environment.GetEnvironmentVariable("CI") is null)
            Skip = "Apertium's hbs-eng mode is not installed: apt-get install apertium apertium-hbs-eng (./test.sh does) to run this test; in CI it always runs.";
    }
}

/// <summary>
/// Concepts from any language (issue 17): an offer or a request in a language the thesaurus barely covers is also read through
/// its machine translation (<see cref="ConceptBridge"/>), off the request path; with no engine nothing changes.
/// </summary>
public sealed class ConceptBridgeTests
{
    /// <summary>Apertium's shape for Serbo-Croatian (hr→en only), translating from a fixed phrase book; counts its calls.</summary>
    private sealed class PhraseBook(Dictionary<string, string> phrases, bool fail = false) : IMachineTranslator
    {
        public ConcurrentQueue<(string Text, string From, string To)> Calls { get; } = new();
        public string Name => "PhraseBook";

        public Task<IReadOnlyList<string>?> RouteAsync(string from, string to, CancellationToken ct) =>
            Task.FromResult<IReadOnlyList<string>?>(from == "hr" && to == "en" ? ["hr", "en"] : null);

        public Task<string> TranslateAsync(string text, string from, string to, CancellationToken ct)
        {
            Calls.Enqueue((text, from, to));
            if (fail) throw new MachineTranslationException("the engine is down");
            return Task.FromResult(phrases.GetValueOrDefault(text) ?? text);
        }
    }

    private static ConceptBridge Bridge(IMachineTranslator engine) =>
        new(engine, Options.Create(new MarketplaceOptions()), NullLogger<ConceptBridge>.Instance);

    /// <summary>A thesaurus that knows "wild animals" in English only, and "река" (river) in Serbian.</summary>
    private static async Task<ConceptExtractor> ExtractorAsync()
    {
        var empty = Directory.CreateTempSubdirectory("ln-vocabulary-").FullName;
        var thesaurus = await Thesaurus.LoadAsync([(9313, "en", "wild animals"), (7244, "sr", "река"), (7244, "en", "river")], empty, CancellationToken.None);
        return ConceptExtractor.Load(thesaurus, [], ConceptExtractor.SensesFile, empty);
    }

    private const string Serbian = "Сукоб људи и дивљих животиња: река Дрина";
    private const string SerbianLatin = "Sukob ljudi i divljih životinja: reka Drina";

    [Fact]
    public async Task A_Serbian_text_gains_the_concepts_of_its_translation_made_in_the_background_keeping_its_own()
    {
        var engine = new PhraseBook(new() { [SerbianLatin] = "Conflict of people and wild animals: the river Drina" });
        using var bridge = Bridge(engine);
        var extractor = await ExtractorAsync();

        // The first read never waits for the engine: it is queued, and the text's own concepts are what there is.
        Assert.Null(bridge.Translation("sr", Serbian, out var waitingFor));
        Assert.NotNull(waitingFor);
        Assert.True(await bridge.IdleAsync(TimeSpan.FromSeconds(30), CancellationToken.None));
        Assert.True(bridge.Settled(waitingFor.Value));
        // Serbian Cyrillic goes to the engine as Serbo-Croatian in Latin letters.
        Assert.Equal([(SerbianLatin, "hr", "en")], engine.Calls.ToArray());

        var translation = bridge.Translation("sr", Serbian, out waitingFor);
        Assert.Null(waitingFor);
        Assert.Equal(new BridgedText("en", "Conflict of people and wild animals: the river Drina"), translation);
        var found = extractor.Find("sr", Serbian, translation, out var bridged);
        // The river is the text's own (and its translation's); the wild animals come only through the translation.
        Assert.Equal(["gemet:7244", "gemet:9313"], found.Order(StringComparer.Ordinal));
        Assert.Equal(["gemet:9313"], bridged.Order(StringComparer.Ordinal));
        // The same text again comes from the cache: one call in all.
        Assert.Equal(translation, bridge.Translation("sr", Serbian, out _));
        Assert.Single(engine.Calls);
    }

    [Fact]
    public async Task No_engine_a_well_covered_language_or_a_failing_engine_change_nothing_and_never_throw()
    {
        var extractor = await ExtractorAsync();
        var plain = extractor.Find("sr", Serbian);

        using var none = Bridge(new NoMachineTranslator());
        Assert.False(none.Bridges("sr"));
        Assert.Null(none.Translation("sr", Serbian, out var waitingFor));
        Assert.Null(waitingFor);
        Assert.Equal(plain.Order(StringComparer.Ordinal), extractor.Find("sr", Serbian, null, out var bridged).Order(StringComparer.Ordinal));
        Assert.Empty(bridged);

        var engine = new PhraseBook([]);
        using var german = Bridge(engine);
        Assert.Null(german.Translation("de", "Konflikte mit Wildtieren", out waitingFor));
        Assert.Null(waitingFor);
        Assert.Empty(engine.Calls);

        var down = new PhraseBook([], fail: true);
        using var failing = Bridge(down);
        Assert.Null(failing.Translation("sr", Serbian, out waitingFor));
        Assert.True(await failing.IdleAsync(TimeSpan.FromSeconds(30), CancellationToken.None));
        // Given up once and remembered as none: the item is re-read with its own concepts, and the engine is not asked again.
        Assert.True(failing.Settled(waitingFor!.Value));
        Assert.Null(failing.Translation("sr", Serbian, out waitingFor));
        Assert.Null(waitingFor);
        Assert.Single(down.Calls);
    }

    /// <summary>
    /// Through the app with Apertium as installed: a Serbian offer about amphibian monitoring, whose words the Serbian labels do
    /// not reach, gains the concepts of its hbs→eng translation once the bridge has made it; with MachineTranslation:Engine=none
    /// the same offer keeps exactly the concepts of its own words.
    /// </summary>
    [ApertiumTheory]
    [MemberData(nameof(Providers.NotData), MemberType = typeof(Providers))]
    public async Task A_Serbian_offer_gains_the_right_concept_through_apertium_and_nothing_changes_without_an_engine(string provider)
    {
        const string Title = "Praćenje vodozemaca na putevima";
        const string Text = "Nudimo obuku o praćenju vodozemaca na putevima i o prelazima za žabe.";
        const string Monitoring = "gemet:5346";

        async Task<(MatchItem Item, ConceptBridge Bridge)> OfferAsync(TestApp app)
        {
            using var scope = app.Services.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<LearningNetworkDb>();
            var offer = await db.Offers.Include(o => o.Tags).OrderBy(o => o.Id).FirstAsync();
            offer.Title = Title;
            offer.Description = Text;
            offer.Language = "sr";
            offer.State = OfferState.Active;
            offer.Tags.Clear(); // its concepts come from its text only
            await db.SaveChangesAsync();
            var matchmaker = app.Service<Matchmaker>();
            await matchmaker.CurrentAsync(db, CancellationToken.None);
            var bridge = app.Service<ConceptBridge>();
            Assert.True(await bridge.IdleAsync(TimeSpan.FromMinutes(2), CancellationToken.None));
            var index = await matchmaker.CurrentAsync(db, CancellationToken.None);
            return (index.Offer(offer.Id)!, bridge);
        }

        using (var app = new TestApp(provider))
        {
            var (item, bridge) = await OfferAsync(app);
            Assert.True(bridge.Bridges("sr"));
            Assert.Contains(Monitoring, item.Concepts.Keys);
            Assert.Contains(Monitoring, item.Bridged);
            Assert.Equal(Matchmaker.TextWeight, item.Concepts[Monitoring]);
        }
        using (var none = new TestApp(provider, new Dictionary<string, string?> { ["MachineTranslation:Engine"] = "none" }))
        {
            var (item, bridge) = await OfferAsync(none);
            Assert.False(bridge.Bridges("sr"));
            Assert.Equal(0, bridge.Pending);
            Assert.DoesNotContain(Monitoring, item.Concepts.Keys);
            Assert.Empty(item.Bridged);
        }
    }

    /// <summary>
    /// Reasons say when a shared concept rests on a machine translation: a Serbian request on amphibian monitoring whose own words
    /// yield no monitoring concept meets an English offer on it through Apertium's hbs→eng translation, and the match API
    /// (a reason of kind machine-translated, and the concept marked in the themes reason's details) and the request's page say so,
    /// in the reader's language.
    /// </summary>
    [ApertiumTheory]
    [MemberData(nameof(Providers.NotData), MemberType = typeof(Providers))]
    public async Task A_shared_concept_found_only_through_the_translation_is_said_in_the_match_api_and_on_the_page(string provider)
    {
        const string Monitoring = "gemet:5346";
        using var app = new TestApp(provider);
        int requestId, offerId;
        string requestSlug;
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<LearningNetworkDb>();
            var request = await db.Requests.Include(r => r.Tags).OrderBy(r => r.Id).FirstAsync(r => r.State == RequestState.Open);
            request.Title = "Praćenje vodozemaca na putevima";
            request.Description = "Tražimo savjet o praćenju vodozemaca na putevima i o prelazima za žabe.";
            request.Language = "sr";
            request.Tags.Clear(); // its concepts come from its text only
            request.Tags.Add(new RequestTag { Scheme = MarketTagSchemes.Language, Code = "sr" });
            request.Tags.Add(new RequestTag { Scheme = MarketTagSchemes.Language, Code = "en" });
            var offer = await db.Offers.Include(o => o.Tags).OrderBy(o => o.Id).FirstAsync(o => o.PartnerId != request.PartnerId);
            offer.Title = "Amphibian monitoring on roads";
            offer.Description = "We train teams in the monitoring of amphibians crossing roads and in building toad tunnels.";
            offer.Language = "en";
            offer.State = OfferState.Active;
            offer.AvailableFrom = null;
            offer.AvailableUntil = null;
            offer.Tags.Clear();
            offer.Tags.Add(new OfferTag { Scheme = MarketTagSchemes.Theme, Code = "5346" });
            offer.Tags.Add(new OfferTag { Scheme = MarketTagSchemes.Language, Code = "en" });
            await db.SaveChangesAsync();
            (requestId, requestSlug, offerId) = (request.Id, request.Slug, offer.Id);
            var matchmaker = app.Service<Matchmaker>();
            await matchmaker.CurrentAsync(db, CancellationToken.None);
            Assert.True(await app.Service<ConceptBridge>().IdleAsync(TimeSpan.FromMinutes(2), CancellationToken.None));
            var item = (await matchmaker.CurrentAsync(db, CancellationToken.None)).Request(requestId)!;
            Assert.Contains(Monitoring, item.Bridged);
        }

        JsonElement MatchOf(JsonDocument json) => json.RootElement.GetProperty("items").EnumerateArray()
            .Single(m => m.GetProperty("offer").GetProperty("id").GetInt32() == offerId);
        using (var json = JsonDocument.Parse(await app.Client().GetStringAsync($"/api/v1/requests/{requestId}/matches?lang=en&take=50")))
        {
            var match = MatchOf(json);
            var details = match.GetProperty("reasonDetails").EnumerateArray().ToList();
            // The details are the reasons, in the same order; the plain list keeps its shape (strings).
            Assert.Equal(match.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()), details.Select(d => d.GetProperty("text").GetString()));
            var themes = details.Single(d => d.GetProperty("kind").GetString() == "themes");
            var monitoring = themes.GetProperty("concepts").EnumerateArray().Single(c => c.GetProperty("id").GetString() == Monitoring);
            Assert.Equal(["request"], monitoring.GetProperty("machineTranslated").EnumerateArray().Select(x => x.GetString()));
            var translated = details.Single(d => d.GetProperty("kind").GetString() == "machine-translated");
            Assert.StartsWith("Found only in the machine translation of the request (written in ", translated.GetProperty("text").GetString(), StringComparison.Ordinal);
            Assert.Contains(translated.GetProperty("concepts").EnumerateArray(), c => c.GetProperty("id").GetString() == Monitoring);
            // A reason that names no concept carries none.
            Assert.Equal(JsonValueKind.Null, details.First(d => d.GetProperty("kind").GetString() == "language").GetProperty("concepts").ValueKind);
        }
        using (var json = JsonDocument.Parse(await app.Client().GetStringAsync($"/api/v1/requests/{requestId}/matches?lang=de&take=50")))
            Assert.Contains(MatchOf(json).GetProperty("reasons").EnumerateArray(),
                r => r.GetString()!.StartsWith("Nur in der maschinellen Übersetzung der Anfrage gefunden", StringComparison.Ordinal));
        var page = WebUtility.HtmlDecode(await app.Client().GetStringAsync($"/de/marketplace/requests/{requestSlug}"));
        Assert.Contains("Nur in der maschinellen Übersetzung der Anfrage gefunden", page, StringComparison.Ordinal);
    }
}
