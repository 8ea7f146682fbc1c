using LearningNetwork.Data;
using LearningNetwork.Domain;
using Microsoft.EntityFrameworkCore;

namespace LearningNetwork.Features.News;

/// <summary>A news item as a list shows it: its text in the reader's language when there is one, else the original.</summary>
public sealed record NewsCard(int Id, string Slug, string Title, string Summary, string Language, DateTime PublishedAt, int? PartnerId, string? PartnerName,
    string? PartnerSlug, string? Country, IReadOnlyList<string> Languages, bool IsDemo);

public sealed record NewsPage(int Total, IReadOnlyList<NewsCard> Items);

/// <summary>
/// Reads published news (<see cref="NewsItem.PublishedAt"/> reached) for the list page, the partner page, the API, the feed and
/// the newsletter: newest first, filtered by partner, theme and words of the title or summary; a fixed number of queries per page.
/// </summary>
public sealed class NewsCatalogue(LearningNetworkDb db, TimeProvider clock)
{
    public const int MaxPageSize = 100;

    public async Task<NewsPage> ListAsync(string? language, int page, int pageSize, CancellationToken ct, int? partnerId = null, int? theme = null, string? q = null,
        DateTime? since = null)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var query = db.NewsItems.AsNoTracking().Where(n => n.PublishedAt <= now);
        if (partnerId is { } p) query = query.Where(n => n.PartnerId == p);
        if (theme is { } t) query = query.Where(n => n.Themes.Any(x => x.ConceptId == t));
        if (since is { } s) query = query.Where(n => n.PublishedAt > s);
        if (!string.IsNullOrWhiteSpace(q))
        {
            var words = q.Trim().ToLower();
            query = query.Where(n => n.Texts.Any(x => x.Title.ToLower().Contains(words) || x.Summary.ToLower().Contains(words)));
        }
        var total = await query.CountAsync(ct);
        var rows = await query.OrderByDescending(n => n.PublishedAt).ThenByDescending(n => n.Id).Skip((page - 1) * pageSize).Take(pageSize)
            .Select(n => new { n.Id, n.Slug, n.PublishedAt, n.PartnerId, n.OriginalLanguage, n.IsDemo, PartnerName = n.Partner!.Name, PartnerSlug = n.Partner.Slug, n.Partner.CountryCode })
            .ToListAsync(ct);
        var ids = rows.Select(r => r.Id).ToList();
        var texts = (await db.NewsTexts.AsNoTracking().Where(x => ids.Contains(x.NewsItemId)).Select(x => new { x.NewsItemId, x.Language, x.Title, x.Summary }).ToListAsync(ct))
            .ToLookup(x => x.NewsItemId);
        var items = rows.Select(r =>
        {
            var text = texts[r.Id].FirstOrDefault(x => x.Language == language) ?? texts[r.Id].FirstOrDefault(x => x.Language == r.OriginalLanguage) ?? texts[r.Id].First();
            return new NewsCard(r.Id, r.Slug, text.Title, text.Summary, text.Language, r.PublishedAt, r.PartnerId, r.PartnerId is null ? null : r.PartnerName,
                r.PartnerId is null ? null : r.PartnerSlug, r.PartnerId is null ? null : r.CountryCode, texts[r.Id].Select(x => x.Language).Order(StringComparer.Ordinal).ToList(), r.IsDemo);
        }).ToList();
        return new NewsPage(total, items);
    }

    /// <summary>The item with its texts, themes and partner; null when there is none. Not filtered by publication: callers decide.</summary>
    public Task<NewsItem?> FindAsync(string slug, CancellationToken ct) =>
        db.NewsItems.AsNoTracking().Include(n => n.Texts).Include(n => n.Themes).Include(n => n.Partner).AsSplitQuery().FirstOrDefaultAsync(n => n.Slug == slug, ct);

    public bool IsPublished(NewsItem item) => item.PublishedAt <= clock.GetUtcNow().UtcDateTime;

    /// <summary>The text to show: the reader's language (or <paramref name="wanted"/>), else the original.</summary>
    public static NewsText TextFor(NewsItem item, string? wanted, string reader) =>
        item.Texts.FirstOrDefault(t => t.Language == wanted) ?? item.Texts.FirstOrDefault(t => t.Language == reader)
        ?? item.Texts.FirstOrDefault(t => t.Language == item.OriginalLanguage) ?? item.Texts.First();
}
