using System.Net;
using LearningNetwork.Tests.Infrastructure;

namespace LearningNetwork.Tests.Shell;

public sealed class PagesTests
{
    public static TheoryData<string> Providers => Infrastructure.Providers.All;

    [Theory, MemberData(nameof(Infrastructure.Providers.NotData), MemberType = typeof(Infrastructure.Providers))]
    public async Task Home_page_answers_in_English_French_and_German_with_its_language_declared(string provider)
    {
        var client = Infrastructure.Providers.SharedApp(provider).Client();
        var texts = new Dictionary<string, HashSet<string>>();
        foreach (var lang in new[] { "en", "fr", "de" })
        {
            var response = await client.GetAsync($"/{lang}/");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var html = await response.Content.ReadAsStringAsync();
            Assert.Equal(lang, Html.HtmlLang(html));
            texts[lang] = Html.TextLines(html);
        }
        // Really translated: most visible lines differ from the English page.
        foreach (var lang in new[] { "fr", "de" })
            Assert.True(texts[lang].Intersect(texts["en"]).Count() * 100 / texts["en"].Count <= 40,
                $"/{lang}/ shares too many lines with /en/: {string.Join(" | ", texts[lang].Intersect(texts["en"]).Take(20))}");
    }

    [Theory]
    [InlineData("de-DE,de;q=0.9,en;q=0.8", "/de/")]
    [InlineData("fr-BE", "/fr/")]
    [InlineData("ja-JP", "/en/")]
    [InlineData("", "/en/")]
    public async Task Root_redirects_by_Accept_Language(string acceptLanguage, string expected)
    {
        var client = Infrastructure.Providers.SharedApp(Infrastructure.Providers.Sqlite).Client();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        if (acceptLanguage.Length > 0) request.Headers.TryAddWithoutValidation("Accept-Language", acceptLanguage);
        var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(expected, response.Headers.Location?.OriginalString);
    }

    [Theory]
    [InlineData("/en/no-such-page", "en")]
    [InlineData("/fr/pas-de-page", "fr")]
    [InlineData("/de/partners/no-such-partner", "de")]
    public async Task Unknown_path_is_a_404_page_in_the_language_of_its_prefix(string path, string lang)
    {
        var response = await Infrastructure.Providers.SharedApp(Infrastructure.Providers.Sqlite).Client().GetAsync(path);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(lang, Html.HtmlLang(html));
        Assert.Contains($"href=\"/{lang}/partners\"", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/xx/")]
    [InlineData("/EN/partners")]
    [InlineData("/zz/partners")]
    public async Task Unknown_language_prefix_is_a_404_not_a_crash(string path)
    {
        var response = await Infrastructure.Providers.SharedApp(Infrastructure.Providers.Sqlite).Client().GetAsync(path);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("text/html", response.Content.Headers.ContentType?.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("practices")]
    [InlineData("marketplace")]
    [InlineData("targets")]
    [InlineData("events")]
    [InlineData("helpdesk")]
    [InlineData("networks")]
    [InlineData("search?q=peat")]
    [InlineData("map")]
    [InlineData("accessibility")]
    [InlineData("privacy")]
    public async Task Every_area_of_the_page_map_answers(string path)
    {
        var response = await Infrastructure.Providers.SharedApp(Infrastructure.Providers.Sqlite).Client().GetAsync($"/de/{path}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("de", Html.HtmlLang(await response.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task Language_switcher_keeps_the_current_page_and_query()
    {
        // the page links to the languages page with itself as "page"; that page links to it in every language
        var client = Infrastructure.Providers.SharedApp(Infrastructure.Providers.Sqlite).Client();
        var html = await client.GetStringAsync("/en/partners?country=DE");
        Assert.Contains("href=\"/en/languages?page=%2Fen%2Fpartners%3Fcountry%3DDE\"", html, StringComparison.Ordinal);
        var languages = await client.GetStringAsync("/en/languages?page=%2Fen%2Fpartners%3Fcountry%3DDE");
        Assert.Contains("href=\"/fr/partners?country=DE\"", languages, StringComparison.Ordinal);
        Assert.Contains("href=\"/pl/partners?country=DE\"", languages, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_page_carries_a_strict_content_security_policy_and_the_other_security_headers()
    {
        var response = await Infrastructure.Providers.SharedApp(Infrastructure.Providers.Sqlite).Client().GetAsync("/en/");
        var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.True(response.Headers.Contains("Referrer-Policy"));
        var html = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("style=\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_and_the_OpenAPI_document_answer()
    {
        var client = Infrastructure.Providers.SharedApp(Infrastructure.Providers.Sqlite).Client();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
        var openApi = await client.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, openApi.StatusCode);
        Assert.Contains("/api/v1/partners", await openApi.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_page_weighs_well_under_500_KB()
    {
        var client = Infrastructure.Providers.SharedApp(Infrastructure.Providers.Sqlite).Client();
        var html = await client.GetByteArrayAsync("/en/partners");
        var css = await client.GetByteArrayAsync("/css/site.css");
        Assert.True(html.Length + css.Length < 150_000, $"{html.Length + css.Length} bytes");
    }
}
