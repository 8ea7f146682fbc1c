using System.Globalization;
using System.Text.Json;
using LearningNetwork.Domain;
using LearningNetwork.Features.News;
using LearningNetwork.Features.Practices;
using Microsoft.EntityFrameworkCore;

namespace LearningNetwork.Features.Interchange;

/// <summary>
/// News in the import (docs/interchange.md, "News"): a schema.org <c>NewsArticle</c> read with the rest of the file, guarded by
/// the same <see cref="ImportScope"/> as commitments (a held item is changed only where the scope may change it: a harvest only
/// its own network's, a partner's key never; the publisher must be a partner the import writes for; news without a publisher,
/// the network's own voice, only by hand), written in the same transaction. The @id is kept in <see cref="NewsItem.CreatedBy"/>
/// (<see cref="InterchangeIds.ImportedPrefix"/>), as commitments keep theirs, so a re-import finds it and a re-export gives the
/// same @id; a news item's origin network is its publisher's.
/// </summary>
public sealed partial class InterchangeImporter
{
    private sealed record NewsTextNode(string Language, string Title, string Summary, string Body);

    private sealed record NewsNode(string Id, string? Publisher, string Language, List<NewsTextNode> Texts, DateTime Published, DateTime? Created, List<int> Themes,
        bool Demo);

    /// <summary>One language version: headline (or name), description (the summary; the headline when missing), articleBody (the
    /// Markdown body; the summary when missing).</summary>
    private static NewsTextNode? ReadNewsText(NodeReader n, string language, string where)
    {
        var title = n.OptionalString("headline", NewsEditor.MaxTitle) ?? n.OptionalString("name", NewsEditor.MaxTitle);
        if (title is null) { n.Problem(where + "headline", "a news item has a headline in each of its languages"); return null; }
        var summary = n.OptionalString("description", NewsEditor.MaxSummary) ?? title;
        var body = n.OptionalString("articleBody", NewsEditor.MaxBody) ?? n.OptionalString("text", NewsEditor.MaxBody) ?? summary;
        return new NewsTextNode(language, title, summary, body);
    }

    private static NewsNode? ReadNews(NodeReader n, Reference r)
    {
        var id = n.Id();
        if (id is not null && id.Length > MaxCommitmentId) n.Problem("@id", $"a news item's @id has at most {MaxCommitmentId} characters");
        var publisher = n.Ref("publisher");
        var language = n.OptionalString("inLanguage", 8);
        if (language is null) n.Problem("inLanguage", "a news item names the language of its text (an ISO 639-1 code such as de)");
        else if (!PracticeQueryParser.IsLanguageCode(language)) n.Problem("inLanguage", "must be an ISO 639-1 code such as de");
        var texts = new List<NewsTextNode>();
        if (language is not null && ReadNewsText(n, language, "") is { } original) texts.Add(original);
        foreach (var t in n.Objects("workTranslation"))
        {
            var x = new NodeReader(t, n.Name, n.Report);
            var lang = x.OptionalString("inLanguage", 8);
            if (lang is null || !PracticeQueryParser.IsLanguageCode(lang)) { x.Problem("workTranslation inLanguage", "each language version names its language (an ISO 639-1 code)"); continue; }
            if (texts.Any(e => e.Language == lang) || lang == language) { x.Problem("workTranslation inLanguage", $"{lang} appears more than once"); continue; }
            if (ReadNewsText(x, lang, "workTranslation ") is { } text) texts.Add(text);
        }
        var published = n.Date("datePublished");
        if (published is null) n.Problem("datePublished", "a news item has its publication date (ISO 8601)");
        else if (published.Value.Year is < 1900 or > 2200) n.Problem("datePublished", "is not a plausible date");
        var themes = new List<int>();
        foreach (var term in n.TermCodes("about"))
            if (term.StartsWith("GEMET-", StringComparison.Ordinal) && int.TryParse(term[6..], NumberStyles.None, Inv, out var concept) && r.Concepts.Contains(concept))
                themes.Add(concept);
        var demo = NodeReader.Flag(n.PropertyValues("additionalProperty"), InterchangeFormat.Demo);
        if (!n.Ok || id is null || language is null || published is null || texts.Count == 0) return null;
        return new NewsNode(id, publisher, language, texts, published.Value, n.Date("dateCreated"), themes.Distinct().ToList(), demo);
    }

    /// <summary>Applies the scope to the file's news before anything is written, as <see cref="GuardAsync"/> does for commitments:
    /// refused items are skipped (harvest) or refuse the import (key). Returns the news held here that the kept nodes name.</summary>
    private async Task<Dictionary<string, int>> GuardNewsAsync(ImportScope scope, List<NewsNode> news, HashSet<string> writtenPartners, ImportReport report,
        CancellationToken ct)
    {
        var held = new Dictionary<string, int>(StringComparer.Ordinal);
        var kept = new List<NewsNode>();
        foreach (var n in news)
        {
            string? why = null;
            var row = await FindAsync("news", n.Id, ct);
            if (!scope.MayChange("news", row))
                why = row is null ? "this import may not create news" : row.Origin is null ? "names an item of this network that this import may not change" : "names an item of another origin that this import may not change";
            else if (row is null && !scope.MayCreateInOwnIdSpace && await ids.LocalSlugAsync("news", n.Id, ct) is not null)
                why = "lies in this network's own id space but names none of its items";
            else if (n.Publisher is null && !scope.MayWriteNetworkNews)
                why = "news without a publisher is this network's own: only its coordinators import it";
            else if (n.Publisher is { } p && !writtenPartners.Contains(p) && !(await FindAsync("partners", p, ct) is { } partner && scope.MayAttributeTo(partner)))
                why = $"{p} is not a partner this import writes for";
            if (why is not null)
            {
                if (scope.SkipsRefused) report.Skipped.Add($"{n.Id} ({why}: not changed)");
                else report.Refused.Add(new ImportProblem(n.Id, n.Publisher is not null && why.StartsWith(n.Publisher, StringComparison.Ordinal) ? "publisher" : "@id", why));
                continue;
            }
            if (row is not null) held[n.Id] = row.Id;
            kept.Add(n);
        }
        news.Clear();
        news.AddRange(kept);
        return held;
    }

    private static string NewsFingerprint(NewsItem n) => JsonSerializer.Serialize(new object?[]
    {
        n.PartnerId, n.OriginalLanguage, n.PublishedAt.Ticks, n.IsDemo, n.Themes.Select(t => t.ConceptId).Order(),
        n.Texts.OrderBy(t => t.Language, StringComparer.Ordinal).Select(t => new[] { t.Language, t.Title, t.Summary, t.Body }),
    });

    /// <summary>Creates or updates the file's news (<paramref name="held"/>: the rows they name, see <see cref="GuardNewsAsync"/>); returns the rows written.</summary>
    private async Task<HashSet<int>> UpsertNewsAsync(List<NewsNode> nodes, Dictionary<string, int> held, Dictionary<string, int> partners, ImportReport report,
        CancellationToken ct)
    {
        if (nodes.Count == 0) return [];
        await CompleteMapAsync(partners, nodes.Where(n => n.Publisher is not null).Select(n => n.Publisher!), ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var slugs = (await db.NewsItems.Select(n => n.Slug).ToListAsync(ct)).Concat(NewsEditor.ReservedSlugs).ToHashSet(StringComparer.Ordinal);
        var heldIds = held.Values.ToList();
        var rows = await db.NewsItems.Include(n => n.Texts).Include(n => n.Themes).AsSplitQuery().Where(n => heldIds.Contains(n.Id)).ToDictionaryAsync(n => n.Id, ct);
        var written = new List<NewsItem>();
        foreach (var n in nodes)
        {
            var item = held.TryGetValue(n.Id, out var existing) ? rows[existing] : null;
            var created = item is null;
            if (item is null)
            {
                item = new NewsItem
                {
                    Slug = UniqueSlug(SlugFrom(n.Id, n.Texts[0].Title), slugs), OriginalLanguage = n.Language, CreatedAt = n.Created ?? now, UpdatedAt = now,
                    CreatedBy = InterchangeIds.ImportedPrefix + n.Id,
                };
                db.NewsItems.Add(item);
            }
            var before = created ? null : NewsFingerprint(item);
            item.PartnerId = n.Publisher is null ? null : partners[n.Publisher];
            item.OriginalLanguage = n.Language;
            item.PublishedAt = n.Published;
            item.IsDemo = n.Demo;
            item.Texts.RemoveAll(t => n.Texts.All(x => x.Language != t.Language));
            foreach (var x in n.Texts)
            {
                var t = item.Texts.FirstOrDefault(t => t.Language == x.Language);
                if (t is null) item.Texts.Add(new NewsText { Language = x.Language, Title = x.Title, Summary = x.Summary, Body = x.Body, UpdatedAt = now });
                else if ((t.Title, t.Summary, t.Body) != (x.Title, x.Summary, x.Body)) (t.Title, t.Summary, t.Body, t.UpdatedAt) = (x.Title, x.Summary, x.Body, now);
            }
            Sync(item.Themes, n.Themes, t => t.ConceptId, c => new NewsTheme { ConceptId = c });
            written.Add(item);
            if (created) report.Count(report.Created, "news");
            else if (before != NewsFingerprint(item))
            {
                item.UpdatedAt = now;
                item.Version = Guid.NewGuid();
                report.Count(report.Updated, "news");
            }
            else report.Count(report.Unchanged, "news");
        }
        await db.SaveChangesAsync(ct);
        return written.Select(n => n.Id).ToHashSet();
    }

    /// <summary>A whole feed: the network's news it no longer holds goes (only imported rows of that network's partners).</summary>
    private async Task PruneNewsAsync(RegisteredNetwork origin, HashSet<int> kept, ImportReport report, CancellationToken ct)
    {
        var gone = await db.NewsItems.Where(n => n.Partner!.OriginNetworkId == origin.Id && n.CreatedBy != null
            && n.CreatedBy.StartsWith(InterchangeIds.ImportedPrefix) && !kept.Contains(n.Id)).ToListAsync(ct);
        foreach (var n in gone)
        {
            db.NewsItems.Remove(n);
            report.Count(report.Removed, "news");
        }
        await db.SaveChangesAsync(ct);
    }

    private async Task<HeldRow?> FindNewsAsync(string id, CancellationToken ct)
    {
        var external = InterchangeIds.ImportedPrefix + id;
        var row = await db.NewsItems.Where(n => n.CreatedBy == external).Select(n => new HeldRow(n.Id, n.Partner!.OriginNetworkId, n.PartnerId)).FirstOrDefaultAsync(ct);
        if (row is not null) return row;
        if (await ids.LocalSlugAsync("news", id, ct) is not { } slug) return null;
        return await db.NewsItems.Where(n => n.Slug == slug && (n.CreatedBy == null || !n.CreatedBy.StartsWith(InterchangeIds.ImportedPrefix)))
            .Select(n => new HeldRow(n.Id, n.Partner!.OriginNetworkId, n.PartnerId)).FirstOrDefaultAsync(ct);
    }
}
