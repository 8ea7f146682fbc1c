using System.Globalization;
using System.Xml;
using LearningNetwork.Data;
using LearningNetwork.Domain;
using LearningNetwork.Features.Interchange;
using Microsoft.EntityFrameworkCore;

namespace LearningNetwork.Features.OpenData;

/// <summary>
/// <c>/feeds/practices.atom</c>: the 100 most recently changed public practices as Atom 1.0, each entry linking to its
/// page and to its own JSON-LD (<c>/api/v1/practices/{id}/jsonld</c>), which is what another network's harvester follows.
/// </summary>
public static class PracticeFeed
{
    public static void MapPracticeFeed(this IEndpointRouteBuilder app)
    {
        app.MapGet("/feeds/practices.atom", FeedAsync).ExcludeFromDescription();
        app.MapGet("/api/v1/practices/{id:int}/jsonld", async (int id, InterchangeExporter exporter, CancellationToken ct) =>
                await exporter.ExportPracticeAsync(id, ct) is { } doc
                    ? Results.Text(doc.ToJsonString(), "application/ld+json", System.Text.Encoding.UTF8)
                    : Results.Problem(statusCode: 404, title: "Not found", detail: $"There is no published practice {id}."))
            .WithTags("Practices").WithName("GetPracticeJsonLd").WithSummary("One published practice as schema.org JSON-LD (docs/interchange.md).")
            .Produces(200, contentType: "application/ld+json");
    }

    private static async Task<IResult> FeedAsync(HttpContext http, LearningNetworkDb db, CancellationToken ct)
    {
        var origin = $"{http.Request.Scheme}://{http.Request.Host}";
        var practices = await db.Practices.AsNoTracking().Where(p => p.Stage == PracticeStage.Published || p.Stage == PracticeStage.Archived)
            .OrderByDescending(p => p.UpdatedAt).ThenByDescending(p => p.Id).Take(100)
            .Select(p => new { p.Id, p.Slug, p.UpdatedAt, p.ExternalId, p.OriginalLanguage, p.Partner!.Name,
                Text = p.Texts.Where(t => t.Language == p.OriginalLanguage).Select(t => new { t.Title, t.Summary }).First() })
            .ToListAsync(ct);
        var buffer = new MemoryStream();
        await using (var xml = XmlWriter.Create(buffer, new XmlWriterSettings { Async = true, Encoding = new System.Text.UTF8Encoding(false) }))
        {
            const string atom = "http://www.w3.org/2005/Atom";
            await xml.WriteStartDocumentAsync();
            xml.WriteStartElement("feed", atom);
            xml.WriteElementString("id", atom, $"{origin}/feeds/practices.atom");
            xml.WriteElementString("title", atom, "Good practices");
            xml.WriteElementString("updated", atom, (practices.Count == 0 ? DateTime.UtcNow : practices[0].UpdatedAt).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
            Link(xml, atom, "self", $"{origin}/feeds/practices.atom", "application/atom+xml");
            Link(xml, atom, "alternate", $"{origin}/en/practices", "text/html");
            foreach (var p in practices)
            {
                xml.WriteStartElement("entry", atom);
                xml.WriteElementString("id", atom, p.ExternalId ?? $"{origin}/en/practices/{p.Slug}");
                xml.WriteStartElement("title", atom);
                xml.WriteAttributeString("xml", "lang", null, p.OriginalLanguage);
                xml.WriteString(p.Text.Title);
                xml.WriteEndElement();
                xml.WriteElementString("updated", atom, p.UpdatedAt.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
                xml.WriteStartElement("author", atom);
                xml.WriteElementString("name", atom, p.Name);
                xml.WriteEndElement();
                xml.WriteElementString("summary", atom, p.Text.Summary);
                Link(xml, atom, "alternate", $"{origin}/en/practices/{p.Slug}", "text/html");
                Link(xml, atom, "alternate", $"{origin}/api/v1/practices/{p.Id}/jsonld", "application/ld+json");
                xml.WriteEndElement();
            }
            xml.WriteEndElement();
            await xml.WriteEndDocumentAsync();
        }
        return Results.Bytes(buffer.ToArray(), "application/atom+xml");
    }

    private static void Link(XmlWriter xml, string ns, string rel, string href, string type)
    {
        xml.WriteStartElement("link", ns);
        xml.WriteAttributeString("rel", rel);
        xml.WriteAttributeString("type", type);
        xml.WriteAttributeString("href", href);
        xml.WriteEndElement();
    }
}
