using System.Net;
using System.Xml;
using LearningNetwork.Tests.Infrastructure;

namespace LearningNetwork.Tests.Features.OpenData;

/// <summary>The Atom feeds: well-formed Atom 1.0 read with System.Xml, with the structure RFC 4287 requires, and discoverable from the pages.</summary>
public sealed class FeedTests
{
    private const string Atom = "http://www.w3.org/2005/Atom";

    private static XmlDocument Parse(string xml)
    {
        var doc = new XmlDocument();
        using var reader = XmlReader.Create(new StringReader(xml), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit });
        doc.Load(reader);
        return doc;
    }

    [Theory]
    [InlineData("practices", "/practices/")]
    [InlineData("offers", "/marketplace/offers/")]
    [InlineData("requests", "/marketplace/requests/")]
    [InlineData("commitments", "/commitments/")]
    [InlineData("news", "/news/")]
    [InlineData("events", "/events/")]
    public async Task Each_feed_is_atom_with_id_title_updated_and_entries_that_link_to_their_pages(string feed, string pagePath)
    {
        var client = Providers.SharedApp(Providers.Sqlite).Client();
        var response = await client.GetAsync($"/feeds/{feed}.atom?lang=de");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/atom+xml", response.Content.Headers.ContentType?.MediaType);
        var doc = Parse(await response.Content.ReadAsStringAsync());
        var ns = new XmlNamespaceManager(doc.NameTable);
        ns.AddNamespace("a", Atom);
        var root = doc.DocumentElement!;
        Assert.Equal("feed", root.LocalName);
        Assert.Equal(Atom, root.NamespaceURI);
        foreach (var element in new[] { "a:id", "a:title", "a:updated" }) Assert.False(string.IsNullOrWhiteSpace(root.SelectSingleNode(element, ns)?.InnerText), element);
        Assert.True(DateTime.TryParse(root.SelectSingleNode("a:updated", ns)!.InnerText, out _));
        Assert.NotNull(root.SelectSingleNode("a:link[@rel='self']", ns));
        var entries = root.SelectNodes("a:entry", ns)!.Cast<XmlElement>().ToList();
        Assert.NotEmpty(entries);
        foreach (var e in entries)
        {
            foreach (var element in new[] { "a:id", "a:title", "a:updated" }) Assert.False(string.IsNullOrWhiteSpace(e.SelectSingleNode(element, ns)?.InnerText), element);
            Assert.True(Uri.IsWellFormedUriString(e.SelectSingleNode("a:id", ns)!.InnerText, UriKind.Absolute));
            var link = (XmlElement)e.SelectSingleNode("a:link[@rel='alternate' and @type='text/html']", ns)!;
            Assert.Contains("/de" + pagePath, link.GetAttribute("href"), StringComparison.Ordinal);
        }
        // The ids are stable: the same in every language.
        var english = Parse(await client.GetStringAsync($"/feeds/{feed}.atom"));
        Assert.Equal(entries.Select(e => e.SelectSingleNode("a:id", ns)!.InnerText),
            english.DocumentElement!.SelectNodes("a:entry/a:id", ns)!.Cast<XmlNode>().Select(n => n.InnerText));
    }

    [Fact]
    public async Task The_news_feed_gives_each_item_in_the_feeds_language_where_it_has_that_version_and_marks_every_text_with_its_language()
    {
        var client = Providers.SharedApp(Providers.Sqlite).Client();
        var ns = new XmlNamespaceManager(new NameTable());
        ns.AddNamespace("a", Atom);
        (string Title, string Lang, string Html) Assembly(XmlDocument feed)
        {
            var entry = (XmlElement)feed.DocumentElement!.SelectNodes("a:entry", ns)!.Cast<XmlElement>()
                .Single(e => e.SelectSingleNode("a:id", ns)!.InnerText.EndsWith("/news/demo-network-assembly", StringComparison.Ordinal));
            var title = (XmlElement)entry.SelectSingleNode("a:title", ns)!;
            Assert.Equal(title.GetAttribute("xml:lang"), ((XmlElement)entry.SelectSingleNode("a:summary", ns)!).GetAttribute("xml:lang"));
            return (title.InnerText, title.GetAttribute("xml:lang"), ((XmlElement)entry.SelectSingleNode("a:link[@type='text/html']", ns)!).GetAttribute("href"));
        }
        var german = Parse(await client.GetStringAsync("/feeds/news.atom?lang=de"));
        var (title, lang, html) = Assembly(german);
        Assert.Equal(("de", true), (lang, title.StartsWith("Die Partner des Netzwerks", StringComparison.Ordinal)));
        Assert.EndsWith("/de/news/demo-network-assembly", html, StringComparison.Ordinal);
        Assert.EndsWith("/feeds/news.atom?lang=de", ((XmlElement)german.DocumentElement!.SelectSingleNode("a:link[@rel='self']", ns)!).GetAttribute("href"), StringComparison.Ordinal);
        // French has no version of it: the original, marked as English, linked to the French page.
        (title, lang, html) = Assembly(Parse(await client.GetStringAsync("/feeds/news.atom?lang=fr")));
        Assert.Equal(("en", true), (lang, title.StartsWith("The network's partners", StringComparison.Ordinal)));
        Assert.EndsWith("/fr/news/demo-network-assembly", html, StringComparison.Ordinal);
        Assert.All(german.DocumentElement!.SelectNodes("a:entry", ns)!.Cast<XmlElement>(),
            e => Assert.NotNull(e.SelectSingleNode("a:link[@rel='alternate' and @type='application/json']", ns)));
    }

    [Fact]
    public async Task A_malformed_language_is_a_problem_not_a_failure()
    {
        var response = await Providers.SharedApp(Providers.Sqlite).Client().GetAsync("/feeds/offers.atom?lang=%3Cscript%3E");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("/fr/practices", "/feeds/practices.atom?lang=fr")]
    [InlineData("/fr/marketplace", "/feeds/offers.atom?lang=fr")]
    [InlineData("/fr/marketplace", "/feeds/requests.atom?lang=fr")]
    [InlineData("/fr/commitments", "/feeds/commitments.atom?lang=fr")]
    [InlineData("/fr/news", "/feeds/news.atom?lang=fr")]
    [InlineData("/fr/events", "/feeds/events.atom?lang=fr")]
    public async Task The_pages_name_their_feeds_in_their_head(string page, string feed)
    {
        var html = await Providers.SharedApp(Providers.Sqlite).Client().GetStringAsync(page);
        var head = html[..html.IndexOf("</head>", StringComparison.Ordinal)];
        Assert.Contains($"<link rel=\"alternate\" type=\"application/atom+xml\" href=\"{feed}\" title=\"", head, StringComparison.Ordinal);
    }
}
