using System.Globalization;
using System.Xml;

namespace LearningNetwork.Features.OpenData;

/// <summary>A link of an Atom feed or entry: rel, href and media type.</summary>
public sealed record AtomLink(string Rel, string Href, string Type);

/// <summary>
/// One entry of an Atom feed. <see cref="Id"/> is a stable IRI (an imported item keeps the @id it came with);
/// <see cref="TitleLanguage"/> marks the title and summary with xml:lang, since a feed mixes languages.
/// </summary>
public sealed record AtomEntry(string Id, string Title, string? TitleLanguage, DateTime Updated, string? Author, string? Summary,
    IReadOnlyList<AtomLink> Links);

/// <summary>
/// Writes Atom 1.0 (RFC 4287) for every feed of the site: the practices, offers, requests and commitments feeds, and any
/// later one (events). The contract: a feed has an id, a title, an updated instant (the newest entry's, or
/// the time of writing when it has none), a self link and an alternate HTML page; every entry has an id, a
/// title, an updated instant and at least one link. Instants are written in UTC with a Z.
/// </summary>
public static class AtomFeedWriter
{
    public const string Namespace = "http://www.w3.org/2005/Atom";
    public const string MediaType = "application/atom+xml";

    /// <summary>The feed as an HTTP result (UTF-8 without a byte-order mark).</summary>
    public static IResult Result(string id, string title, string? titleLanguage, IReadOnlyList<AtomLink> links, IReadOnlyList<AtomEntry> entries, DateTime emptyUpdated) =>
        Results.Bytes(Write(id, title, titleLanguage, links, entries, emptyUpdated), MediaType + "; charset=utf-8");

    public static byte[] Write(string id, string title, string? titleLanguage, IReadOnlyList<AtomLink> links, IReadOnlyList<AtomEntry> entries, DateTime emptyUpdated)
    {
        var buffer = new MemoryStream();
        using (var xml = XmlWriter.Create(buffer, new XmlWriterSettings { Encoding = new System.Text.UTF8Encoding(false) }))
        {
            xml.WriteStartDocument();
            xml.WriteStartElement("feed", Namespace);
            if (titleLanguage is not null) xml.WriteAttributeString("xml", "lang", null, titleLanguage);
            xml.WriteElementString("id", Namespace, id);
            xml.WriteElementString("title", Namespace, title);
            xml.WriteElementString("updated", Namespace, Instant(entries.Count == 0 ? emptyUpdated : entries.Max(e => e.Updated)));
            foreach (var link in links) Link(xml, link);
            foreach (var e in entries)
            {
                xml.WriteStartElement("entry", Namespace);
                xml.WriteElementString("id", Namespace, e.Id);
                Text(xml, "title", e.Title, e.TitleLanguage);
                xml.WriteElementString("updated", Namespace, Instant(e.Updated));
                if (e.Author is not null)
                {
                    xml.WriteStartElement("author", Namespace);
                    xml.WriteElementString("name", Namespace, e.Author);
                    xml.WriteEndElement();
                }
                if (e.Summary is not null) Text(xml, "summary", e.Summary, e.TitleLanguage);
                foreach (var link in e.Links) Link(xml, link);
                xml.WriteEndElement();
            }
            xml.WriteEndElement();
            xml.WriteEndDocument();
        }
        return buffer.ToArray();
    }

    private static string Instant(DateTime at) =>
        DateTime.SpecifyKind(at, DateTimeKind.Utc).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    private static void Text(XmlWriter xml, string element, string text, string? language)
    {
        xml.WriteStartElement(element, Namespace);
        if (language is not null) xml.WriteAttributeString("xml", "lang", null, language);
        // XML 1.0 cannot carry some control characters a text may hold: they are left out rather than failing the feed.
        xml.WriteString(XmlText(text));
        xml.WriteEndElement();
    }

    /// <summary>The text without the characters XML 1.0 cannot carry (lone surrogates, most control characters).</summary>
    internal static string XmlText(string text)
    {
        if (text.All(XmlConvert.IsXmlChar)) return text;
        var sb = new System.Text.StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (XmlConvert.IsXmlChar(text[i])) sb.Append(text[i]);
            else if (i + 1 < text.Length && XmlConvert.IsXmlSurrogatePair(text[i + 1], text[i])) sb.Append(text, i++, 2);
        }
        return sb.ToString();
    }

    private static void Link(XmlWriter xml, AtomLink link)
    {
        xml.WriteStartElement("link", Namespace);
        xml.WriteAttributeString("rel", link.Rel);
        xml.WriteAttributeString("type", link.Type);
        xml.WriteAttributeString("href", link.Href);
        xml.WriteEndElement();
    }
}
