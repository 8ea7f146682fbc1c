using System.Net;
using System.Text.Json;
using System.Xml.Linq;
using LearningNetwork.Features.OpenData;
using LearningNetwork.Tests.Infrastructure;

namespace LearningNetwork.Tests.Features;

public sealed class OpenDataTests
{
    /// <summary>An RFC 4180 reader, enough to check what the exports write.</summary>
    internal static List<List<string>> ReadCsv(string text)
    {
        var rows = new List<List<string>>();
        var row = new List<string>();
        var cell = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { cell.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else cell.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { row.Add(cell.ToString()); cell.Clear(); }
            else if (c == '\r') { }
            else if (c == '\n') { row.Add(cell.ToString()); cell.Clear(); rows.Add(row); row = []; }
            else cell.Append(c);
        }
        return rows;
    }

    [Theory]
    [InlineData("partners", "/api/v1/partners?pageSize=1")]
    [InlineData("practices", "/api/v1/practices?pageSize=1")]
    [InlineData("commitments", "/api/v1/commitments?pageSize=1")]
    [InlineData("news", "/api/v1/news?pageSize=1")]
    public async Task Each_public_type_downloads_as_csv_with_the_columns_of_its_data_dictionary(string dataset, string api)
    {
        var client = Providers.SharedApp(Providers.Sqlite).Client();
        var response = await client.GetAsync($"/open-data/{dataset}.csv");
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var rows = ReadCsv(await response.Content.ReadAsStringAsync());
        var dictionary = OpenDataSets.Datasets.Single(d => d.Name == dataset).Columns.Select(c => c.Column).ToList();
        Assert.Equal(dictionary, rows[0]);
        Assert.All(rows, r => Assert.Equal(dictionary.Count, r.Count));
        using var total = JsonDocument.Parse(await client.GetStringAsync(api));
        Assert.Equal(total.RootElement.GetProperty("total").GetInt32(), rows.Count - 1);
        var page = WebUtility.HtmlDecode(await client.GetStringAsync("/fr/open-data"));
        foreach (var column in dictionary) Assert.Contains($"<code>{column}</code>", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/open-data/secrets.csv")).StatusCode);
    }

    [Fact]
    public async Task The_news_file_gives_each_published_item_in_its_original_language_with_its_partner_or_none_for_the_network()
    {
        var client = Providers.SharedApp(Providers.Sqlite).Client();
        var rows = ReadCsv(await client.GetStringAsync("/open-data/news.csv"));
        var header = rows[0];
        var items = rows.Skip(1).Select(r => header.Zip(r).ToDictionary(x => x.First, x => x.Second)).ToList();
        Assert.Equal(4, items.Count);
        var network = Assert.Single(items, r => r["partner_slug"] == "");
        Assert.Equal(("demo-network-assembly", "en", "de en", ""), (network["slug"], network["language"], network["languages_available"], network["country"]));
        Assert.All(items.Where(r => r != network), r => Assert.Matches("^[A-Z]{2}$", r["country"]));
        Assert.All(items, r => Assert.Matches(@"^\d{4}-\d{2}-\d{2}$", r["published"]));
        Assert.All(items, r => Assert.Equal("true", r["demo"]));
    }

    [Theory]
    [InlineData("=HYPERLINK(\"http://evil\")", "\"'=HYPERLINK(\"\"http://evil\"\")\"")]
    [InlineData("+1 cell", "'+1 cell")]
    [InlineData("-12.5", "-12.5")]
    [InlineData("a, b", "\"a, b\"")]
    [InlineData("line\nbreak", "\"line\nbreak\"")]
    [InlineData(null, "")]
    public void Cells_are_quoted_and_formulas_defused(string? value, string expected) => Assert.Equal(expected, OpenDataSets.Cell(value));

    [Fact]
    public async Task The_catalogue_sitemap_and_robots_describe_the_public_content()
    {
        var client = Providers.SharedApp(Providers.Sqlite).Client();
        using var catalog = JsonDocument.Parse(await client.GetStringAsync("/open-data/catalog.jsonld"));
        Assert.Equal("dcat:Catalog", catalog.RootElement.GetProperty("@type").GetString());
        var datasets = catalog.RootElement.GetProperty("dcat:dataset").EnumerateArray().ToList();
        Assert.Equal(8, datasets.Count);
        var events = Assert.Single(datasets, d => d.GetProperty("dct:identifier").GetString() == "events");
        Assert.Equal(["text/csv", "application/atom+xml"], events.GetProperty("dcat:distribution").EnumerateArray()
            .Select(d => d.GetProperty("dcat:mediaType").GetProperty("@id").GetString()!.Split("media-types/")[1]));
        Assert.Contains(datasets, d => d.GetProperty("dct:identifier").GetString() == "commitments");
        var news = Assert.Single(datasets, d => d.GetProperty("dct:identifier").GetString() == "news");
        Assert.Contains(news.GetProperty("dct:title").EnumerateArray(), t => t.GetProperty("@language").GetString() == "de" && t.GetProperty("@value").GetString() == "Neuigkeiten");
        Assert.Equal(["text/csv", "application/atom+xml"], news.GetProperty("dcat:distribution").EnumerateArray()
            .Select(d => d.GetProperty("dcat:mediaType").GetProperty("@id").GetString()!.Split("media-types/")[1]));
        Assert.Contains("commitment", await client.GetStringAsync("/en/open-data"), StringComparison.OrdinalIgnoreCase);
        foreach (var d in datasets)
            foreach (var distribution in d.GetProperty("dcat:distribution").EnumerateArray())
            {
                var url = new Uri(distribution.GetProperty("dcat:downloadURL").GetProperty("@id").GetString()!);
                Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(url.PathAndQuery)).StatusCode);
            }

        var sitemap = XDocument.Parse(await client.GetStringAsync("/sitemap.xml"));
        XNamespace ns = "http://www.sitemaps.org/schemas/sitemap/0.9";
        var urls = sitemap.Descendants(ns + "loc").Select(l => new Uri(l.Value).PathAndQuery).ToList();
        using var practices = JsonDocument.Parse(await client.GetStringAsync("/api/v1/practices?pageSize=200"));
        foreach (var p in practices.RootElement.GetProperty("items").EnumerateArray())
            Assert.Contains($"/de/practices/{p.GetProperty("slug").GetString()}", urls);
        Assert.Contains("/fr/partners/noord-brabant", urls);
        Assert.Contains("Sitemap: ", await client.GetStringAsync("/robots.txt"), StringComparison.Ordinal);
    }
}
