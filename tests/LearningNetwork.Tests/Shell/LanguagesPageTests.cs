using System.Net;
using LearningNetwork.Tests.Infrastructure;

namespace LearningNetwork.Tests.Shell;

/// <summary>The languages page: every interface language, each a link to the page the reader came from.</summary>
public sealed class LanguagesPageTests
{
    [Fact]
    public async Task Each_language_links_to_the_same_page_and_the_footer_leads_there()
    {
        var client = Providers.SharedApp(Providers.Sqlite).Client();
        var partners = await client.GetStringAsync("/fi/partners?country=FR");
        Assert.Contains("href=\"/fi/languages?page=%2Ffi%2Fpartners%3Fcountry%3DFR\"", partners, StringComparison.Ordinal);

        var response = await client.GetAsync("/fi/languages?page=%2Ffi%2Fpartners%3Fcountry%3DFR");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        var links = Html.Hrefs(html, "/").Where(h => h.EndsWith("/partners?country=FR", StringComparison.Ordinal)).ToList();
        Assert.Equal(31, links.Count);
        Assert.Contains("/uk/partners?country=FR", links);
        Assert.Contains("lang=\"uk\"", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://evil.example/x")]
    [InlineData("//evil.example/x")]
    [InlineData("/\\evil.example")]
    [InlineData("javascript:alert(1)")]
    public async Task A_page_elsewhere_than_this_site_is_never_linked(string page)
    {
        var html = await Providers.SharedApp(Providers.Sqlite).Client().GetStringAsync("/en/languages?page=" + Uri.EscapeDataString(page));
        // every link stays on this site (the page's own address may be echoed, encoded, in its "page" parameter)
        var links = System.Text.RegularExpressions.Regex.Matches(html, "href=\"([^\"]*)\"").Select(m => m.Groups[1].Value).ToList();
        Assert.DoesNotContain(links, l => l.Contains("evil.example", StringComparison.Ordinal) && !l.Contains("languages?page=", StringComparison.Ordinal));
        Assert.DoesNotContain(links, l => l.StartsWith("javascript:", StringComparison.OrdinalIgnoreCase) || l.StartsWith("//", StringComparison.Ordinal));
        Assert.Contains("/de/", links);
    }
}
