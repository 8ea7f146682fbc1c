using System.Text.Json.Nodes;
using LearningNetwork.Domain;
using Microsoft.EntityFrameworkCore;

namespace LearningNetwork.Features.Interchange;

/// <summary>
/// News in the export (docs/interchange.md, "News"): a schema.org <c>NewsArticle</c> in its original language (headline,
/// description = summary, articleBody = Markdown body), the other language versions as <c>workTranslation</c>, the partner
/// it is news of as <c>publisher</c> by its <c>@id</c> (none for news of the network itself), its themes in <c>about</c>, and
/// its dates. Only published news (its date reached): an item held back for a later day is not public yet.
/// </summary>
public sealed partial class InterchangeExporter
{
    private async Task AddNewsAsync(JsonArray graph, Dictionary<int, string> partnerIds, DateTime now, CancellationToken ct)
    {
        var news = await db.NewsItems.AsNoTracking().Where(n => n.PublishedAt <= now).Include(n => n.Texts).Include(n => n.Themes)
            .AsSplitQuery().OrderBy(n => n.Id).ToListAsync(ct);
        foreach (var n in news)
        {
            string? publisher = null;
            if (n.PartnerId is { } p && !partnerIds.TryGetValue(p, out publisher)) continue;
            graph.Add(News(n, await ids.NewsAsync(n, ct), publisher));
        }
    }

    private static JsonObject NewsText(string type, NewsText t) => new()
    {
        ["@type"] = type, ["inLanguage"] = t.Language, ["headline"] = t.Title, ["description"] = t.Summary, ["articleBody"] = t.Body,
    };

    /// <summary>A news item as a schema.org NewsArticle (also what the importer reads back).</summary>
    internal static JsonObject News(NewsItem n, string id, string? publisherId)
    {
        var original = n.Texts.FirstOrDefault(t => t.Language == n.OriginalLanguage) ?? n.Texts.OrderBy(t => t.Language, StringComparer.Ordinal).First();
        var node = NewsText(InterchangeFormat.NewsType, original);
        node["@id"] = id;
        if (publisherId is not null) node["publisher"] = Ref(publisherId);
        node["datePublished"] = DateTime.SpecifyKind(n.PublishedAt, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", Inv);
        node["dateCreated"] = n.CreatedAt.ToString("yyyy-MM-dd", Inv);
        node["about"] = new JsonArray(n.Themes.Select(t => t.ConceptId).Order().Select(c => (JsonNode?)Gemet(c)).ToArray());
        var translations = n.Texts.Where(t => t != original).OrderBy(t => t.Language, StringComparer.Ordinal).ToList();
        if (translations.Count > 0)
            node["workTranslation"] = new JsonArray(translations.Select(t => (JsonNode?)NewsText(InterchangeFormat.NewsType, t)).ToArray());
        if (n.IsDemo) node["additionalProperty"] = new JsonArray(Property(InterchangeFormat.Demo, true));
        return node;
    }
}
