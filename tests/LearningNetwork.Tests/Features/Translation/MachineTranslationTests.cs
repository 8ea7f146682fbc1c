using System.Diagnostics;
using System.Net;
using System.Text.Json;
using LearningNetwork.Data;
using LearningNetwork.Domain;
using LearningNetwork.Features.Translation;
using LearningNetwork.Tests.Features.Practices;
using LearningNetwork.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;

namespace LearningNetwork.Tests.Features.Translation;

/// <summary>
/// Machine translation end to end: Apertium as installed by ./test.sh (apertium and its pair packages from Debian) through
/// the queue and the pages on both providers, a LibreTranslate-style service as a real HTTP listener, and the owners' review.
/// Nothing here is skipped: without apertium the tests fail and say how to install it.
/// </summary>
public sealed class MachineTranslationTests(ITestOutputHelper output)
{
    // The mail settings too: the review test registers people, whose confirmation must reach the SMTP server the mailbox reads.
    private static readonly Dictionary<string, string?> Fast = new(Mailbox.Settings()) { ["MachineTranslation:Interval"] = "00:00:00.2" };

    private static ApertiumTranslator Apertium(string pivots = "es,en") =>
        new(Options.Create(new MachineTranslationOptions { Apertium = new ApertiumOptions { Pivots = pivots } }), NullLogger<ApertiumTranslator>.Instance);

    private static async Task RequireApertiumAsync(ApertiumTranslator apertium, params (string From, string To)[] pairs)
    {
        var modes = await apertium.ModesAsync(CancellationToken.None);
        foreach (var (from, to) in pairs)
            Assert.True(modes.ContainsKey((from, to)),
                $"Apertium's {from}→{to} mode is not installed (found: {string.Join(", ", modes.Keys)}). ./test.sh installs them: " +
                "apt-get install apertium apertium-eng-spa apertium-fr-es apertium-es-pt apertium-es-ro apertium-spa-ita apertium-hbs-eng apertium-hbs-slv apertium-swe-dan");
    }

    [Fact]
    public void Markup_survives_the_engine_untouched_code_links_and_addresses()
    {
        var kept = new List<string>();
        var text = "See [the report](https://example.org/a_b) and `dotnet run` <b>now</b>, write to a@b.eu & more.\n\nNext";
        var protectedText = TranslationMarkup.Protect(text, kept);
        Assert.DoesNotContain("example.org", protectedText, StringComparison.Ordinal);
        Assert.DoesNotContain("dotnet run", protectedText, StringComparison.Ordinal);
        Assert.Contains("&amp;", protectedText, StringComparison.Ordinal);
        Assert.Equal(text, TranslationMarkup.Restore(protectedText, kept));
        Assert.Equal(["aaaa\n\n", "bbbb\n\n", "cc"], TranslationMarkup.Chunks("aaaa\n\nbbbb\n\ncc", 7).ToArray());
        Assert.Equal(["aaaa\n\n", "bbbb\n\ncc"], TranslationMarkup.Chunks("aaaa\n\nbbbb\n\ncc", 8).ToArray());
    }

    [Fact]
    public async Task Apertium_translates_directly_and_through_a_pivot_keeping_paragraphs_and_markdown()
    {
        using var apertium = Apertium();
        await RequireApertiumAsync(apertium, ("en", "es"), ("es", "en"), ("fr", "es"));
        var ct = CancellationToken.None;

        var spanish = await apertium.TranslateAsync("The farmers planted **new hedges** along the river.\n\nSee [the report](https://example.org/river-report) and `the code`.\n", "en", "es", ct);
        output.WriteLine(spanish);
        Assert.Contains("río", spanish, StringComparison.Ordinal);
        Assert.Contains("**", spanish, StringComparison.Ordinal);
        Assert.Contains("](https://example.org/river-report)", spanish, StringComparison.Ordinal);
        Assert.Contains("`the code`", spanish, StringComparison.Ordinal);
        Assert.Contains("\n\n", spanish, StringComparison.Ordinal);
        Assert.EndsWith("\n", spanish, StringComparison.Ordinal);

        var english = await apertium.TranslateAsync("Los agricultores plantaron setos a lo largo del río.", "es", "en", ct);
        output.WriteLine(english);
        Assert.Contains("river", english, StringComparison.Ordinal);

        Assert.Equal(["fr", "es", "en"], await apertium.RouteAsync("fr", "en", ct));
        var pivot = await apertium.TranslateAsync("Les agriculteurs ont planté des haies le long de la rivière.", "fr", "en", ct);
        output.WriteLine(pivot);
        Assert.Contains("river", pivot, StringComparison.OrdinalIgnoreCase);
        // An unknown word is kept as written, without Apertium's mark.
        Assert.DoesNotContain("*", await apertium.TranslateAsync("The Zzyzxqw meadow.", "en", "es", ct), StringComparison.Ordinal);
        // No route where no mode and no pivot lead (Finnish has no pair in Debian).
        Assert.Null(await apertium.RouteAsync("fi", "en", ct));
    }

    [Fact]
    public async Task A_missing_apertium_program_means_no_route_not_a_failure()
    {
        using var apertium = new ApertiumTranslator(Options.Create(new MachineTranslationOptions { Apertium = new ApertiumOptions { Path = "/nonexistent/apertium" } }),
            NullLogger<ApertiumTranslator>.Instance);
        Assert.Null(await apertium.RouteAsync("en", "es", CancellationToken.None));
    }

    [Fact]
    public async Task Time_to_translate_a_300_word_practice_from_English_to_Spanish()
    {
        using var apertium = Apertium();
        await RequireApertiumAsync(apertium, ("en", "es"));
        var paragraph = "The regional council and local farmers restored the wetland along the river. They planted native trees, removed drainage ditches and built small ponds for amphibians. ";
        var text = string.Join("\n\n", Enumerable.Repeat(paragraph, 10)); // ~300 words in 10 paragraphs
        Assert.InRange(text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length, 250, 320);
        var watch = Stopwatch.StartNew();
        var translated = await apertium.TranslateAsync(text, "en", "es", CancellationToken.None);
        output.WriteLine($"300 words en→es in one call: {watch.ElapsedMilliseconds} ms");
        Assert.Equal(10, translated.Split("\n\n").Length);
    }

    private static async Task<T> WithDbAsync<T>(TestApp app, Func<LearningNetworkDb, Task<T>> read)
    {
        using var scope = app.Services.CreateScope();
        return await read(scope.ServiceProvider.GetRequiredService<LearningNetworkDb>());
    }

    /// <summary>Reloads the page until it shows a translation (the queue works every 0.2 s), at most a minute.</summary>
    private static async Task<string> AwaitTranslatedAsync(HttpClient client, string url, string marker)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            var html = WebUtility.HtmlDecode(await client.GetStringAsync(url));
            // Fields are stored one by one: wait for the whole translation, not the first field.
            if (html.Contains(marker, StringComparison.Ordinal) && html.Contains("data-state=\"done\"", StringComparison.Ordinal)) return html;
            var at = html.IndexOf("translation-panel", StringComparison.Ordinal);
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(90), $"{url} shows no translation after 90 s: " + (at < 0 ? "no panel" : html.Substring(at, Math.Min(1500, html.Length - at))));
            await Task.Delay(300);
        }
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_reader_queues_a_translation_and_reads_it_marked_with_the_original_one_click_away(string provider)
    {
        using (var apertium = Apertium()) await RequireApertiumAsync(apertium, ("en", "es"), ("fr", "es"), ("es", "en"));
        using var app = new TestApp(provider, Fast);
        var anonymous = app.Client();

        // English offer read in Spanish: direct.
        var offer = await WithDbAsync(app, db => db.Offers.AsNoTracking().Where(o => o.Language == "en").OrderBy(o => o.Id).FirstAsync());
        var page = $"/es/marketplace/offers/{offer.Slug}";
        var before = await anonymous.GetStringAsync(page);
        Assert.Contains($"action=\"/es/translations/offer/{offer.Id}/request\"", before, StringComparison.Ordinal);
        var queued = await anonymous.SubmitAsync(page, new Dictionary<string, string>(), $"/es/translations/offer/{offer.Id}/request");
        Assert.Equal(HttpStatusCode.Redirect, queued.StatusCode);
        Assert.Equal($"{page}?translation=queued#translation", queued.Headers.Location?.OriginalString);
        var watch = Stopwatch.StartNew();
        var html = await AwaitTranslatedAsync(anonymous, page, "Traducción automática del original");
        output.WriteLine($"{provider}: offer en→es through the queue in {watch.ElapsedMilliseconds} ms");
        Assert.Contains("realizada por Apertium", html, StringComparison.Ordinal);
        Assert.Contains("<div lang=\"es\" class=\"prose\">", html, StringComparison.Ordinal);
        Assert.Contains("<h1 lang=\"es\">", html, StringComparison.Ordinal);
        Assert.Contains($"href=\"{page}?original=1#translation\"", html, StringComparison.Ordinal);
        var original = await anonymous.GetStringAsync(page + "?original=1");
        output.WriteLine(original[original.IndexOf("<h1", StringComparison.Ordinal)..][..200]);
        Assert.Contains($"<h1 lang=\"en\">{offer.Title}</h1>", WebUtility.HtmlDecode(original), StringComparison.Ordinal);
        var row = await WithDbAsync(app, db => db.ContentTranslations.AsNoTracking().SingleAsync(t => t.ContentKind == "offer" && t.ContentId == offer.Id && t.Field == "title"));
        Assert.Equal(("en", "es", "Apertium", false), (row.SourceLanguage, row.TargetLanguage, row.Engine, row.Reviewed));
        Assert.Equal(MachineTranslations.Hash(offer.Title), row.SourceHash);
        using (var api = JsonDocument.Parse(await anonymous.GetStringAsync($"/api/v1/translations/offer/{offer.Id}?lang=es")))
        {
            Assert.Equal("done", api.RootElement.GetProperty("status").GetString());
            Assert.Equal("Apertium", api.RootElement.GetProperty("engine").GetString());
            Assert.Equal(row.Text, api.RootElement.GetProperty("fields").GetProperty("title").GetProperty("text").GetString());
        }
        Assert.Equal(HttpStatusCode.BadRequest, (await anonymous.GetAsync($"/api/v1/translations/offer/{offer.Id}?lang=xx")).StatusCode);

        // A French request read in English: through Spanish.
        var request = await WithDbAsync(app, db => db.Requests.AsNoTracking().Where(r => r.Language == "fr").OrderBy(r => r.Id).FirstAsync());
        var requestPage = $"/en/marketplace/requests/{request.Slug}";
        Assert.Equal(HttpStatusCode.Redirect, (await anonymous.SubmitAsync(requestPage, new Dictionary<string, string>(), $"/en/translations/request/{request.Id}/request")).StatusCode);
        Assert.Contains("Machine-translated from", await AwaitTranslatedAsync(anonymous, requestPage, "Machine-translated from"), StringComparison.Ordinal);

        // A practice read in Spanish: its title, summary and long texts.
        var practice = await WithDbAsync(app, db => db.Practices.AsNoTracking().Include(p => p.Texts)
            .Where(p => p.Stage == PracticeStage.Published && (p.OriginalLanguage == "en" || p.OriginalLanguage == "fr") && !p.Texts.Any(t => t.Language == "es"))
            .OrderBy(p => p.Id).FirstAsync());
        var practicePage = $"/es/practices/{practice.Slug}";
        Assert.Equal(HttpStatusCode.Redirect, (await anonymous.SubmitAsync(practicePage, new Dictionary<string, string>(), $"/es/translations/practice/{practice.Id}/request")).StatusCode);
        watch.Restart();
        html = await AwaitTranslatedAsync(anonymous, practicePage, "Traducción automática del original");
        output.WriteLine($"{provider}: practice {practice.OriginalLanguage}→es through the queue in {watch.ElapsedMilliseconds} ms");
        Assert.Contains("<article class=\"practice\" lang=\"es\">", html, StringComparison.Ordinal);
        var originalTitle = practice.Texts.Single(t => t.Language == practice.OriginalLanguage).Title;
        Assert.DoesNotContain($"<h1>{originalTitle}</h1>", html, StringComparison.Ordinal);
        Assert.Contains($"<h1>{originalTitle}</h1>", WebUtility.HtmlDecode(await anonymous.GetStringAsync(practicePage + "?original=1")), StringComparison.Ordinal);

        // An edit of the original invalidates the translation: the page offers to translate again.
        await WithDbAsync(app, async db =>
        {
            var o = await db.Offers.SingleAsync(x => x.Id == offer.Id);
            o.Description += " Also on Saturdays.";
            return await db.SaveChangesAsync();
        });
        Assert.Contains($"action=\"/es/translations/offer/{offer.Id}/request\"", await anonymous.GetStringAsync(page), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Only_the_owning_organisation_and_coordinators_review_a_translation(string provider)
    {
        using (var apertium = Apertium()) await RequireApertiumAsync(apertium, ("en", "es"));
        using var app = new TestApp(provider, Fast);
        var offer = await WithDbAsync(app, db => db.Offers.AsNoTracking().Include(o => o.Partner).Where(o => o.Language == "en").OrderBy(o => o.Id).FirstAsync());
        var other = await WithDbAsync(app, db => db.Partners.AsNoTracking().Where(p => p.Id != offer.PartnerId).OrderBy(p => p.Id).Select(p => p.Slug).FirstAsync());
        var review = $"/es/translations/offer/{offer.Id}";
        var page = $"/es/marketplace/offers/{offer.Slug}";
        var anonymous = app.Client();
        Assert.Equal(HttpStatusCode.Redirect, (await anonymous.SubmitAsync(page, new Dictionary<string, string>(), $"{review}/request")).StatusCode);
        await AwaitTranslatedAsync(anonymous, page, "Traducción automática del original");

        var (owner, _, _) = await PracticeTestData.MemberOfAsync(app, offer.Partner!.Slug);
        var (stranger, _, _) = await PracticeTestData.MemberOfAsync(app, other);
        Assert.Equal(HttpStatusCode.Redirect, (await anonymous.GetAsync(review)).StatusCode); // to sign in
        Assert.Equal(HttpStatusCode.Forbidden, (await stranger.GetAsync(review)).StatusCode);
        var fields = new Dictionary<string, string>
        {
            ["Texts[title]"] = "Asesoramiento corregido", ["Texts[description]"] = "Descripción revisada por una persona.",
            ["Hashes[title]"] = MachineTranslations.Hash(offer.Title), ["Hashes[description]"] = MachineTranslations.Hash(offer.Description),
        };
        // The stranger posts with a token of a page of their own: refused on the server whatever the form says.
        Assert.Equal(HttpStatusCode.Forbidden, (await stranger.SubmitAsync(page, fields, review)).StatusCode);
        var form = await owner.GetStringAsync(review);
        Assert.Contains("lang=\"en\" class=\"original-text\"", form, StringComparison.Ordinal);
        var saved = await owner.SubmitAsync(review, fields);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);

        var html = WebUtility.HtmlDecode(await anonymous.GetStringAsync(page));
        Assert.Contains($"Traducción revisada por {offer.Partner.Name}", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Traducción automática del original", html, StringComparison.Ordinal);
        Assert.Contains("<h1 lang=\"es\">Asesoramiento corregido</h1>", html, StringComparison.Ordinal);

        // A form made on an older original is a conflict, not a silent save.
        var stale = new Dictionary<string, string>(fields) { ["Hashes[title]"] = MachineTranslations.Hash("something else") };
        Assert.Equal(HttpStatusCode.Conflict, (await owner.SubmitAsync(review, stale)).StatusCode);
    }

    [Theory]
    [MemberData(nameof(Providers.NotData), MemberType = typeof(Providers))]
    public async Task Without_an_engine_the_page_says_no_translation_is_available(string provider)
    {
        using var app = new TestApp(provider, new Dictionary<string, string?> { ["MachineTranslation:Engine"] = "none" });
        var offer = await WithDbAsync(app, db => db.Offers.AsNoTracking().Where(o => o.Language == "en").OrderBy(o => o.Id).FirstAsync());
        var client = app.Client();
        var html = WebUtility.HtmlDecode(await client.GetStringAsync($"/fr/marketplace/offers/{offer.Slug}"));
        var at = html.IndexOf("translation-panel", StringComparison.Ordinal);
        output.WriteLine(at < 0 ? html : html.Substring(at, Math.Min(1500, html.Length - at)));
        Assert.Contains("Aucune traduction automatique de English vers français n'est disponible sur ce site.", html, StringComparison.Ordinal);
        Assert.DoesNotContain("/request\"", html, StringComparison.Ordinal);
        Assert.Equal(0, await WithDbAsync(app, db => db.TranslationJobs.CountAsync()));
    }

    /// <summary>A small LibreTranslate: GET /languages and POST /translate (upper-cases the text), recording what it was sent.</summary>
    private sealed class FakeLibreTranslate : IAsyncDisposable
    {
        private readonly WebApplication _app;
        public List<JsonElement> Requests { get; } = [];
        public string Url { get; }

        public FakeLibreTranslate()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            _app = builder.Build();
            _app.MapGet("/languages", () => Results.Json(new[]
            {
                new { code = "en", name = "English", targets = new[] { "de", "fr" } }, new { code = "de", name = "German", targets = new[] { "en" } },
            }));
            _app.MapPost("/translate", async (HttpContext c) =>
            {
                var body = await JsonDocument.ParseAsync(c.Request.Body);
                lock (Requests) Requests.Add(body.RootElement.Clone());
                return Results.Json(new { translatedText = "[" + body.RootElement.GetProperty("target").GetString() + "] " + body.RootElement.GetProperty("q").GetString()!.ToUpperInvariant() });
            });
            _app.StartAsync().GetAwaiter().GetResult();
            Url = _app.Urls.First();
        }

        public async ValueTask DisposeAsync() => await _app.DisposeAsync();
    }

    [Theory]
    [MemberData(nameof(Providers.NotData), MemberType = typeof(Providers))]
    public async Task A_LibreTranslate_service_translates_through_the_safe_outbound_client(string provider)
    {
        await using var service = new FakeLibreTranslate();
        var settings = new Dictionary<string, string?>(Fast)
        {
            ["MachineTranslation:Engine"] = "libretranslate", ["MachineTranslation:LibreTranslate:Url"] = service.Url,
            ["MachineTranslation:LibreTranslate:ApiKey"] = "k-123", ["Outbound:AllowPrivateNetworks"] = "127.0.0.1",
        };
        using var app = new TestApp(provider, settings);
        var offer = await WithDbAsync(app, db => db.Offers.AsNoTracking().Where(o => o.Language == "en").OrderBy(o => o.Id).FirstAsync());
        var client = app.Client();
        var page = $"/de/marketplace/offers/{offer.Slug}";
        Assert.Equal(HttpStatusCode.Redirect, (await client.SubmitAsync(page, new Dictionary<string, string>(), $"/de/translations/offer/{offer.Id}/request")).StatusCode);
        var html = await AwaitTranslatedAsync(client, page, "von LibreTranslate");
        Assert.Contains("<h1 lang=\"de\">[de] " + offer.Title.ToUpperInvariant(), html, StringComparison.Ordinal);
        lock (service.Requests)
        {
            Assert.All(service.Requests, r => Assert.Equal("k-123", r.GetProperty("api_key").GetString()));
            Assert.Contains(service.Requests, r => r.GetProperty("source").GetString() == "en" && r.GetProperty("format").GetString() == "text");
        }
        // Spanish is not among the service's languages: said honestly.
        Assert.Contains("En este sitio no hay traducción automática disponible para la combinación de idiomas English → español.", WebUtility.HtmlDecode(await client.GetStringAsync($"/es/marketplace/offers/{offer.Slug}")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_LibreTranslate_adapter_refuses_a_loopback_service_unless_the_test_option_allows_it()
    {
        await using var service = new FakeLibreTranslate();
        using var app = new TestApp(Providers.Sqlite, new Dictionary<string, string?>
        {
            ["MachineTranslation:Engine"] = "libretranslate", ["MachineTranslation:LibreTranslate:Url"] = service.Url, ["MachineTranslation:Interval"] = "0",
        });
        var engine = app.Service<IMachineTranslator>();
        Assert.Equal("LibreTranslate", engine.Name);
        Assert.Null(await engine.RouteAsync("en", "de", CancellationToken.None));
        Assert.Empty(service.Requests);
    }
}
