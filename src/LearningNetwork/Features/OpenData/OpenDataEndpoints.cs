using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Xml;
using LearningNetwork.Data;
using LearningNetwork.Domain;
using LearningNetwork.Infrastructure.Localization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace LearningNetwork.Features.OpenData;

/// <summary>
/// The network's outward face for machines: CSV files of each public type (/open-data/{set}.csv), the DCAT-AP
/// catalogue that describes them and the JSON-LD export (/open-data/catalog.jsonld), a sitemap of every public page in
/// every interface language, and robots.txt naming it.
/// </summary>
public static class OpenDataEndpoints
{
    public static void MapOpenData(this IEndpointRouteBuilder app)
    {
        app.MapGet("/open-data/{dataset}.csv", async (string dataset, OpenDataSets sets, CancellationToken ct) =>
            await sets.CsvAsync(dataset, ct) is { } csv
                ? Results.File(Encoding.UTF8.GetBytes(csv), "text/csv; charset=utf-8", $"{dataset}.csv")
                : Results.NotFound()).ExcludeFromDescription();
        app.MapGet("/open-data/catalog.jsonld", CatalogAsync).ExcludeFromDescription();
        app.MapGet("/sitemap.xml", SitemapAsync).ExcludeFromDescription();
        app.MapGet("/robots.txt", (HttpContext http) =>
            Results.Text($"User-agent: *\nDisallow: /api/\nDisallow: /files/\nSitemap: {http.Request.Scheme}://{http.Request.Host}/sitemap.xml\n", "text/plain")).ExcludeFromDescription();
    }

    private static IResult CatalogAsync(HttpContext http, IStringLocalizer<SharedResource> text)
    {
        var origin = $"{http.Request.Scheme}://{http.Request.Host}";
        string In(string lang, string key)
        {
            var (ui, culture) = (CultureInfo.CurrentUICulture, CultureInfo.CurrentCulture);
            try
            {
                CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = new CultureInfo(lang);
                return text[key];
            }
            finally
            {
                (CultureInfo.CurrentUICulture, CultureInfo.CurrentCulture) = (ui, culture);
            }
        }
        JsonArray Texts(string key) => new(new[] { "en", "fr", "de" }.Select(l => (JsonNode?)new JsonObject { ["@value"] = In(l, key), ["@language"] = l }).ToArray());
        JsonObject Distribution(string url, string mediaType, string format, string? conformsTo = null)
        {
            var d = new JsonObject
            {
                ["@type"] = "dcat:Distribution", ["dcat:accessURL"] = new JsonObject { ["@id"] = url }, ["dcat:downloadURL"] = new JsonObject { ["@id"] = url },
                ["dcat:mediaType"] = new JsonObject { ["@id"] = "http://www.iana.org/assignments/media-types/" + mediaType },
                ["dct:format"] = new JsonObject { ["@id"] = "http://publications.europa.eu/resource/authority/file-type/" + format },
                ["dct:license"] = new JsonObject { ["@id"] = "http://publications.europa.eu/resource/authority/licence/CC_BY_4_0" },
            };
            if (conformsTo is not null) d["dct:conformsTo"] = new JsonObject { ["@id"] = conformsTo };
            return d;
        }
        JsonObject Dataset(string id, string titleKey, string descriptionKey, params JsonObject[] distributions) => new()
        {
            ["@id"] = $"{origin}/open-data/datasets/{id}", ["@type"] = "dcat:Dataset", ["dct:identifier"] = id,
            ["dct:title"] = Texts(titleKey), ["dct:description"] = Texts(descriptionKey),
            ["dcat:theme"] = new JsonObject { ["@id"] = "http://publications.europa.eu/resource/authority/data-theme/ENVI" },
            ["dcat:keyword"] = new JsonArray("biodiversity", "regions", "good practice"),
            ["dct:publisher"] = new JsonObject { ["@type"] = "foaf:Agent", ["foaf:name"] = In("en", "Site.Name") },
            ["dcat:landingPage"] = new JsonObject { ["@id"] = $"{origin}/en/open-data" },
            ["dcat:distribution"] = new JsonArray(distributions.Select(d => (JsonNode?)d).ToArray()),
        };
        var catalog = new JsonObject
        {
            ["@context"] = new JsonObject
            {
                ["dcat"] = "http://www.w3.org/ns/dcat#", ["dct"] = "http://purl.org/dc/terms/", ["foaf"] = "http://xmlns.com/foaf/0.1/",
            },
            ["@id"] = $"{origin}/open-data/catalog.jsonld",
            ["@type"] = "dcat:Catalog",
            ["dct:title"] = Texts("OpenData.CatalogTitle"),
            ["dct:description"] = Texts("OpenData.Lead"),
            ["dct:publisher"] = new JsonObject { ["@type"] = "foaf:Agent", ["foaf:name"] = In("en", "Site.Name") },
            ["foaf:homepage"] = new JsonObject { ["@id"] = $"{origin}/en/" },
            ["dct:language"] = new JsonArray(new[] { "ENG", "FRA", "DEU" }.Select(l => (JsonNode?)new JsonObject { ["@id"] = "http://publications.europa.eu/resource/authority/language/" + l }).ToArray()),
            ["dcat:dataset"] = new JsonArray(
                Dataset("partners", "OpenData.Partners", "OpenData.PartnersText",
                    Distribution($"{origin}/open-data/partners.csv", "text/csv", "CSV", $"{origin}/en/open-data#partners")),
                Dataset("practices", "OpenData.Practices", "OpenData.PracticesText",
                    Distribution($"{origin}/open-data/practices.csv", "text/csv", "CSV", $"{origin}/en/open-data#practices")),
                Dataset("transfers", "OpenData.Transfers", "OpenData.TransfersText",
                    Distribution($"{origin}/open-data/transfers.csv", "text/csv", "CSV", $"{origin}/en/open-data#transfers")),
                Dataset("commitments", "OpenData.Commitments", "OpenData.CommitmentsText",
                    Distribution($"{origin}/open-data/commitments.csv", "text/csv", "CSV", $"{origin}/en/open-data#commitments"),
                    Distribution($"{origin}/feeds/commitments.atom", "application/atom+xml", "ATOM")),
                Dataset("indicators", "OpenData.Indicators", "OpenData.IndicatorsText",
                    Distribution($"{origin}/open-data/indicators.csv", "text/csv", "CSV", $"{origin}/en/open-data#indicators")),
                Dataset("news", "Nav.News", "OpenData.NewsText",
                    Distribution($"{origin}/open-data/news.csv", "text/csv", "CSV", $"{origin}/en/open-data#news"),
                    Distribution($"{origin}/feeds/news.atom", "application/atom+xml", "ATOM")),
                Dataset("events", "Nav.Events", "OpenData.EventsText",
                    Distribution($"{origin}/open-data/events.csv", "text/csv", "CSV", $"{origin}/en/open-data#events"),
                    Distribution($"{origin}/feeds/events.atom", "application/atom+xml", "ATOM")),
                Dataset("network", "OpenData.Everything", "OpenData.EverythingText",
                    Distribution($"{origin}/api/v1/export", "application/ld+json", "JSON_LD"))),
        };
        return Results.Text(catalog.ToJsonString(), "application/ld+json", Encoding.UTF8);
    }

    private static async Task<IResult> SitemapAsync(HttpContext http, LearningNetworkDb db, SupportedLanguages languages, CancellationToken ct)
    {
        var origin = $"{http.Request.Scheme}://{http.Request.Host}";
        var paths = new List<(string Path, DateTime? Modified)> { ("", null), ("partners", null), ("practices", null), ("map", null), ("networks", null), ("open-data", null),
            ("marketplace", null), ("commitments", null), ("glossary", null), ("about", null), ("news", null), ("newsletters", null) };
        paths.AddRange((await db.Partners.AsNoTracking().OrderBy(p => p.Id).Select(p => new { p.Slug, p.CreatedAt }).ToListAsync(ct))
            .Select(p => ($"partners/{p.Slug}", (DateTime?)p.CreatedAt)));
        paths.AddRange((await db.Practices.AsNoTracking().Where(p => p.Stage == PracticeStage.Published || p.Stage == PracticeStage.Archived)
            .OrderBy(p => p.Id).Select(p => new { p.Slug, p.UpdatedAt }).ToListAsync(ct)).Select(p => ($"practices/{p.Slug}", (DateTime?)p.UpdatedAt)));
        var now = DateTime.UtcNow;
        paths.AddRange((await db.NewsItems.AsNoTracking().Where(n => n.PublishedAt <= now).OrderBy(n => n.Id).Select(n => new { n.Slug, n.UpdatedAt }).ToListAsync(ct))
            .Select(n => ($"news/{n.Slug}", (DateTime?)n.UpdatedAt)));
        var buffer = new MemoryStream();
        await using (var xml = XmlWriter.Create(buffer, new XmlWriterSettings { Async = true, Encoding = new UTF8Encoding(false) }))
        {
            await xml.WriteStartDocumentAsync();
            xml.WriteStartElement("urlset", "http://www.sitemaps.org/schemas/sitemap/0.9");
            xml.WriteAttributeString("xmlns", "xhtml", null, "http://www.w3.org/1999/xhtml");
            foreach (var (path, modified) in paths)
                foreach (var lang in languages.All)
                {
                    xml.WriteStartElement("url");
                    xml.WriteElementString("loc", $"{origin}/{lang.Code}/{path}");
                    if (modified is { } m) xml.WriteElementString("lastmod", m.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                    xml.WriteEndElement();
                }
            xml.WriteEndElement();
            await xml.WriteEndDocumentAsync();
        }
        return Results.Bytes(buffer.ToArray(), "application/xml");
    }
}
