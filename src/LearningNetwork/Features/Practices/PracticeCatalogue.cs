using System.Globalization;
using LearningNetwork.Data;
using LearningNetwork.Domain;
using LearningNetwork.Features.Partners;
using Microsoft.EntityFrameworkCore;

namespace LearningNetwork.Features.Practices;

public enum PracticeSort { Newest, Title, Country, Transfers, ReviewBy }

/// <summary>What the practices page and the API ask for; every field optional, every value validated by <see cref="PracticeQueryParser"/>.</summary>
public sealed record PracticeQuery
{
    public string? Q { get; init; }
    public string? Country { get; init; }
    /// <summary>GEMET concept id.</summary>
    public int? Theme { get; init; }
    /// <summary>EUNIS code.</summary>
    public string? Habitat { get; init; }
    /// <summary>framework:code, or a framework alone (kmgbf) for any of its targets.</summary>
    public string? Target { get; init; }
    /// <summary>A language the practice can be read in: its original or a translation.</summary>
    public string? Language { get; init; }
    public PracticeStatus? Status { get; init; }
    /// <summary>Only practices whose review-by date has passed.</summary>
    public bool OverdueOnly { get; init; }
    /// <summary>Published (default) or archived; other stages are never listed publicly.</summary>
    public PracticeStage Stage { get; init; } = PracticeStage.Published;
    public int? Partner { get; init; }
    /// <summary>Only practices harvested from this registered network.</summary>
    public int? Origin { get; init; }
    public PracticeSort Sort { get; init; } = PracticeSort.Newest;
    public int Page { get; init; } = 1;
    public int PageSize { get; init; } = PracticeCatalogue.DefaultPageSize;
}

/// <summary>A practice in a list: its text in the reader's language when there is one, else in the original.</summary>
public sealed record PracticeCard(int Id, string Slug, string Title, string OriginalTitle, string Summary, string TextLanguage, string OriginalLanguage,
    bool IsFallback, TextOrigin Origin, bool Reviewed, string CountryCode, string PartnerName, string PartnerSlug, PracticeStatus Status,
    PracticeStage Stage, DateTime? PublishedAt, DateOnly? ReviewBy, bool Overdue, int TransferCount, PracticeResult? KeyFigure,
    IReadOnlyList<string> Targets, IReadOnlyList<string> Languages, Guid? PhotoId, string? PhotoCredit, string? PlaceName, bool IsDemo)
{
    /// <summary>The partner's name in its own language (Ville de Paris), when it has one.</summary>
    public string? PartnerNativeName { get; init; }

    /// <summary>
    /// The partner's name for a reader of this language: the English name on English pages, else the partner's own
    /// name where it has one (a French reader knows "Stadt Köln" better than "City of Cologne").
    /// </summary>
    public string PartnerNameFor(string language) =>
        language != "en" && !string.IsNullOrWhiteSpace(PartnerNativeName) ? PartnerNativeName : PartnerName;
}

public sealed record PracticeListPage(int Total, int Page, int PageSize, IReadOnlyList<PracticeCard> Items)
{
    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);
}

/// <summary>
/// Lists and finds practices for the pages and the API alike. Filters run in SQL; the word filter (q) matches
/// the beginnings of words of titles, summaries and keywords in every language, ignoring case and accents, over
/// the filtered rows, until the search index takes over free-text search. A page costs a fixed number of
/// queries whatever its size. Lists are read through the <see cref="ReadDb"/> (a standby when one is configured: a
/// list may lag the primary by the replication delay); finding one practice reads the primary, since its page and forms
/// show what was just written and the editor writes what it found.
/// </summary>
public sealed class PracticeCatalogue(LearningNetworkDb db, [FromKeyedServices(ReadDb.Key)] LearningNetworkDb read, TimeProvider clock,
    Infrastructure.Web.PageData kept)
{
    public const int DefaultPageSize = 24;
    public const int MaxPageSize = 200;

    public async Task<PracticeListPage> ListAsync(PracticeQuery query, string readerLanguage, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var practices = read.Practices.AsNoTracking().Where(p => p.Stage == query.Stage);
        if (query.Country is { } country) practices = practices.Where(p => p.CountryCode == country);
        if (query.Partner is { } partner) practices = practices.Where(p => p.PartnerId == partner || p.Contributors.Any(c => c.PartnerId == partner));
        if (query.Origin is { } origin) practices = practices.Where(p => p.OriginNetworkId == origin);
        if (query.Status is { } status) practices = practices.Where(p => p.Status == status);
        if (query.OverdueOnly) practices = practices.Where(p => p.ReviewBy != null && p.ReviewBy < today);
        if (query.Theme is { } theme)
        {
            var code = theme.ToString(CultureInfo.InvariantCulture);
            practices = practices.Where(p => p.Tags.Any(t => t.Scheme == PracticeTagSchemes.Theme && t.Code == code));
        }
        if (query.Habitat is { } habitat) practices = practices.Where(p => p.Tags.Any(t => t.Scheme == PracticeTagSchemes.Habitat && t.Code == habitat));
        if (query.Target is { } target)
            practices = target.Contains(':', StringComparison.Ordinal)
                ? practices.Where(p => p.Tags.Any(t => t.Scheme == PracticeTagSchemes.Target && t.Code == target))
                : practices.Where(p => p.Tags.Any(t => t.Scheme == PracticeTagSchemes.Target && t.Code.StartsWith(target + ":")));
        if (query.Language is { } language) practices = practices.Where(p => p.Texts.Any(t => t.Language == language));

        // Filtering, counting, ordering and paging happen in the database: only the page's rows come back. (The list used to
        // load every row and every title by a parameter per id: 2 s at 10k practices, and past the providers' parameter
        // limits, an error, at 100k.) Two cases need the rows in memory: words to look for (prefixes of any word of a
        // title, summary or keywords, as the directory does) and an order by title (the reader's culture, not the
        // database's collation); they read one narrow column set through a join, never an id list.
        // The orders the database keeps. Newest first, one never published last (the same on both providers, whose NULLs
        // sort apart).
        IQueryable<Practice> InDatabaseOrder(IQueryable<Practice> rows) => query.Sort switch
        {
            PracticeSort.Transfers => rows.OrderByDescending(p => read.PracticeTransfers.Count(t => t.SourcePracticeId == p.Id))
                .ThenBy(p => p.PublishedAt == null).ThenByDescending(p => p.PublishedAt).ThenByDescending(p => p.Id),
            PracticeSort.ReviewBy => rows.OrderBy(p => p.ReviewBy == null).ThenBy(p => p.ReviewBy).ThenBy(p => p.Id),
            _ => rows.OrderBy(p => p.PublishedAt == null).ThenByDescending(p => p.PublishedAt).ThenByDescending(p => p.Id),
        };
        var words = PartnerDirectory.Words(query.Q);
        var comparer = StringComparer.Create(CultureInfo.CurrentCulture, CompareOptions.IgnoreCase);
        int total;
        List<int> pageIds;
        var unfiltered = query is { Country: null, Partner: null, Origin: null, Status: null, OverdueOnly: false, Theme: null, Habitat: null, Target: null, Language: null };
        if (words.Count == 0 && unfiltered && query.Sort is (PracticeSort.Newest or PracticeSort.ReviewBy))
        {
            // The whole list in order, unfiltered, is the same for every reader: its ids are kept on this node with the
            // lists' tag, evicted by any change of a practice like the rendered lists (Infrastructure/Web/PageData). At
            // 100,000 practices counting and ordering them again for every page was a list page's whole time (35
            // requests/s, page 40 at 1.5 s); paging a kept list is a slice. (A transfer changes no practice row, so the
            // order by transfers is read each time.)
            var order = (await kept.GetAsync<List<int>>($"practice-order:{query.Stage}:{query.Sort}",
                async () => (await InDatabaseOrder(practices).Select(p => p.Id).ToListAsync(ct), [Infrastructure.Web.PageCacheTags.Lists])))!;
            total = order.Count;
            pageIds = order.Skip((query.Page - 1) * query.PageSize).Take(query.PageSize).ToList();
        }
        else if (words.Count == 0 && query.Sort is not (PracticeSort.Title or PracticeSort.Country))
        {
            total = await practices.CountAsync(ct);
            pageIds = await InDatabaseOrder(practices).Skip((query.Page - 1) * query.PageSize).Take(query.PageSize).Select(p => p.Id).ToListAsync(ct);
        }
        else
        {
            var keys = await practices.Select(p => new
            {
                p.Id, p.CountryCode, p.OriginalLanguage,
                Title = p.Texts.Where(t => t.Language == readerLanguage).Select(t => t.Title).FirstOrDefault()
                        ?? p.Texts.Where(t => t.Language == p.OriginalLanguage).Select(t => t.Title).FirstOrDefault() ?? "",
            }).ToListAsync(ct);
            if (words.Count > 0)
            {
                var texts = await read.PracticeTexts.AsNoTracking().Where(t => practices.Select(p => p.Id).Contains(t.PracticeId))
                    .Select(t => new { t.PracticeId, t.Title, t.Summary, t.Keywords }).ToListAsync(ct);
                var matching = texts.GroupBy(t => t.PracticeId)
                    .Where(g => words.All(w => g.Any(t => PartnerDirectory.Words(t.Title).Concat(PartnerDirectory.Words(t.Summary))
                        .Concat(PartnerDirectory.Words(t.Keywords)).Any(x => x.StartsWith(w, StringComparison.Ordinal)))))
                    .Select(g => g.Key).ToHashSet();
                keys = keys.Where(k => matching.Contains(k.Id)).ToList();
            }
            total = keys.Count;
            var byTitle = query.Sort switch
            {
                PracticeSort.Title => keys.OrderBy(k => k.Title, comparer).ThenBy(k => k.Id),
                PracticeSort.Country => keys.OrderBy(k => k.CountryCode, StringComparer.Ordinal).ThenBy(k => k.Title, comparer).ThenBy(k => k.Id),
                _ => null,
            };
            if (byTitle is not null)
                pageIds = byTitle.Skip((query.Page - 1) * query.PageSize).Take(query.PageSize).Select(k => k.Id).ToList();
            else
            {
                // Words with an order kept in the database: order the matching ids there, page here.
                var kept = keys.Select(k => k.Id).ToHashSet();
                pageIds = (await InDatabaseOrder(practices).Select(p => p.Id).ToListAsync(ct)).Where(kept.Contains)
                    .Skip((query.Page - 1) * query.PageSize).Take(query.PageSize).ToList();
            }
        }
        var rows = (await read.Practices.AsNoTracking().Where(p => pageIds.Contains(p.Id)).Select(p => new
        {
            p.Id, p.Slug, p.CountryCode, p.PartnerId, p.Status, p.Stage, p.PublishedAt, p.ReviewBy, p.OriginalLanguage, p.IsDemo, p.PlaceName,
            Transfers = read.PracticeTransfers.Count(t => t.SourcePracticeId == p.Id),
        }).ToListAsync(ct)).ToDictionary(r => r.Id);
        var page = pageIds.Where(rows.ContainsKey).Select(id => rows[id]).ToList();

        var pageTexts = (await read.PracticeTexts.AsNoTracking().Where(t => pageIds.Contains(t.PracticeId))
            .Select(t => new { t.PracticeId, t.Language, t.Title, t.Summary, t.Origin, t.Reviewed }).ToListAsync(ct)).ToLookup(t => t.PracticeId);
        var partnerIds = page.Select(r => r.PartnerId).Distinct().ToList();
        var partners = await read.Partners.AsNoTracking().Where(p => partnerIds.Contains(p.Id))
            .ToDictionaryAsync(p => p.Id, p => new { p.Name, p.NativeName, p.Slug }, ct);
        var figures = (await read.PracticeResults.AsNoTracking().Where(r => pageIds.Contains(r.PracticeId)).ToListAsync(ct))
            .ToLookup(r => r.PracticeId);
        var targets = (await read.PracticeTags.AsNoTracking().Where(t => pageIds.Contains(t.PracticeId) && t.Scheme == PracticeTagSchemes.Target)
            .Select(t => new { t.PracticeId, t.Code }).ToListAsync(ct)).ToLookup(t => t.PracticeId, t => t.Code);
        var photos = (await read.PracticeAttachments.AsNoTracking().Where(a => pageIds.Contains(a.PracticeId) && a.Kind == AttachmentKind.Photo)
            .Select(a => new { a.PracticeId, a.Id, a.Credit, a.CreatedAt }).ToListAsync(ct))
            .GroupBy(a => a.PracticeId).ToDictionary(g => g.Key, g => g.OrderBy(a => a.CreatedAt).First());

        var items = page.Select(r =>
        {
            var texts = pageTexts[r.Id].ToList();
            var own = texts.FirstOrDefault(t => t.Language == readerLanguage);
            var text = own ?? texts.FirstOrDefault(t => t.Language == r.OriginalLanguage) ?? texts.First();
            var partner = partners[r.PartnerId];
            photos.TryGetValue(r.Id, out var photo);
            var original = texts.FirstOrDefault(t => t.Language == r.OriginalLanguage) ?? text;
            return new PracticeCard(r.Id, r.Slug, text.Title, original.Title, text.Summary, text.Language, r.OriginalLanguage, own is null, text.Origin,
                text.Reviewed, r.CountryCode, partner.Name, partner.Slug, r.Status, r.Stage, r.PublishedAt, r.ReviewBy,
                r.ReviewBy is { } due && due < today, r.Transfers, figures[r.Id].OrderBy(f => f.Position).FirstOrDefault(),
                targets[r.Id].Order(StringComparer.Ordinal).ToList(), texts.Select(t => t.Language).Order(StringComparer.Ordinal).ToList(),
                photo?.Id, photo?.Credit, r.PlaceName, r.IsDemo) { PartnerNativeName = partner.NativeName };
        }).ToList();
        return new PracticeListPage(total, query.Page, query.PageSize, items);
    }

    /// <summary>The whole practice, tracked or not, with everything the page, the API and the editor show.</summary>
    public Task<Practice?> FindAsync(string slug, CancellationToken ct, bool tracking = false) =>
        Whole(tracking).FirstOrDefaultAsync(p => p.Slug == slug, ct);

    public Task<Practice?> FindAsync(int id, CancellationToken ct, bool tracking = false) =>
        Whole(tracking).FirstOrDefaultAsync(p => p.Id == id, ct);

    private IQueryable<Practice> Whole(bool tracking)
    {
        var q = db.Practices.Include(p => p.Partner).Include(p => p.Texts).Include(p => p.Tags).Include(p => p.Blocks).ThenInclude(b => b.Texts)
            .Include(p => p.Results).Include(p => p.Contributors).Include(p => p.Attachments).AsSplitQuery();
        return tracking ? q : q.AsNoTracking();
    }

    /// <summary>Transfers of this practice to others and from others into it, with the other side named.</summary>
    public async Task<PracticeTransfers> TransfersAsync(int practiceId, string readerLanguage, CancellationToken ct)
    {
        var transfers = await db.PracticeTransfers.AsNoTracking().Include(t => t.Blocks)
            .Where(t => t.SourcePracticeId == practiceId || t.AdoptedPracticeId == practiceId).OrderByDescending(t => t.TransferredOn).ToListAsync(ct);
        if (transfers.Count == 0) return new PracticeTransfers([], []);
        var practiceIds = transfers.SelectMany(t => new[] { t.SourcePracticeId, t.AdoptedPracticeId ?? 0 }).Where(i => i != 0).Distinct().ToList();
        var partnerIds = transfers.Select(t => t.AdoptingPartnerId).Distinct().ToList();
        var practices = await db.Practices.AsNoTracking().Where(p => practiceIds.Contains(p.Id))
            .Select(p => new { p.Id, p.Slug, p.OriginalLanguage, p.Stage }).ToDictionaryAsync(p => p.Id, ct);
        var titles = (await db.PracticeTexts.AsNoTracking().Where(t => practiceIds.Contains(t.PracticeId))
            .Select(t => new { t.PracticeId, t.Language, t.Title }).ToListAsync(ct)).ToLookup(t => t.PracticeId);
        var partners = await db.Partners.AsNoTracking().Where(p => partnerIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => new { p.Name, p.NativeName, p.Slug }, ct);
        var blockIds = transfers.SelectMany(t => t.Blocks.Select(b => b.BuildingBlockId)).Distinct().ToList();
        var blockTitles = (await db.BuildingBlockTexts.AsNoTracking().Where(b => blockIds.Contains(b.BuildingBlockId)).ToListAsync(ct))
            .ToLookup(b => b.BuildingBlockId);

        TransferEnd? End(int? id)
        {
            if (id is not { } i || !practices.TryGetValue(i, out var p)) return null;
            var t = titles[i].FirstOrDefault(x => x.Language == readerLanguage) ?? titles[i].FirstOrDefault(x => x.Language == p.OriginalLanguage);
            return new TransferEnd(p.Id, p.Slug, t?.Title ?? p.Slug, p.Stage == PracticeStage.Published || p.Stage == PracticeStage.Archived);
        }
        var lines = transfers.Select(t => new TransferLine(t, End(t.SourcePracticeId)!, End(t.AdoptedPracticeId),
            partners.TryGetValue(t.AdoptingPartnerId, out var partner) ? LearningNetwork.Features.Partners.PartnerNames.Of(partner.Name, partner.NativeName, readerLanguage) : "", partner?.Slug ?? "",
            t.Blocks.Select(b => (blockTitles[b.BuildingBlockId].FirstOrDefault(x => x.Language == readerLanguage) ?? blockTitles[b.BuildingBlockId].FirstOrDefault())?.Title ?? "")
                .ToList())).ToList();
        return new PracticeTransfers(lines.Where(l => l.Transfer.SourcePracticeId == practiceId).ToList(),
            lines.Where(l => l.Transfer.AdoptedPracticeId == practiceId).ToList());
    }
}

public sealed record TransferEnd(int Id, string Slug, string Title, bool IsPublic);

public sealed record TransferLine(PracticeTransfer Transfer, TransferEnd Source, TransferEnd? Adopted, string PartnerName, string PartnerSlug,
    IReadOnlyList<string> BlockTitles);

/// <summary>Out: others that took this practice up. In: practices this one was adapted from.</summary>
public sealed record PracticeTransfers(IReadOnlyList<TransferLine> Out, IReadOnlyList<TransferLine> In);

/// <summary>Chooses which language a reader sees a practice in: theirs when a text exists, else the original, with a note.</summary>
public static class PracticeLanguage
{
    public static PracticeText Pick(Practice p, string readerLanguage) =>
        p.Texts.FirstOrDefault(t => t.Language == readerLanguage) ?? p.Texts.FirstOrDefault(t => t.Language == p.OriginalLanguage) ?? p.Texts.First();

    /// <summary>A field of the picked text, or the original's when the translation left it empty, with the language it is in.</summary>
    public static (string? Value, string Language) Field(Practice p, PracticeText picked, Func<PracticeText, string?> field)
    {
        var value = field(picked);
        if (!string.IsNullOrWhiteSpace(value)) return (value, picked.Language);
        var original = p.Texts.FirstOrDefault(t => t.Language == p.OriginalLanguage);
        return original is null ? (null, picked.Language) : (field(original), original.Language);
    }

    public static BuildingBlockText PickBlock(BuildingBlock b, string readerLanguage, string original) =>
        b.Texts.FirstOrDefault(t => t.Language == readerLanguage) ?? b.Texts.FirstOrDefault(t => t.Language == original) ?? b.Texts.First();
}
