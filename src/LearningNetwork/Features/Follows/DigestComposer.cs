using System.Globalization;
using LearningNetwork.Data;
using LearningNetwork.Domain;
using LearningNetwork.Features.Marketplace;
using LearningNetwork.Features.Search;
using Microsoft.EntityFrameworkCore;

namespace LearningNetwork.Features.Follows;

/// <summary>One item of a digest: its kind (<c>practice</c>, <c>offer</c>, <c>request</c>, <c>event</c>, <c>question</c>,
/// <c>commitment</c>, <c>news</c>), title (and the language it is written in), the path of its page after <c>/{lang}/</c>, and when it appeared.</summary>
public sealed record DigestItem(string Kind, int Id, string Title, string Language, string Path, DateTime At);

/// <summary>
/// What is new for what a person follows, in (since, until]: published practices, active offers, requests still open,
/// events, helpdesk questions, commitments and published news, each matched by its tags (themes, targets, habitats), its partner, its place
/// (the item's own country and NUTS region, else its partner's; a NUTS follow takes the regions under it), the kind of
/// a request, or a saved search (the node's search index, practices, offers, requests and questions). Newest first, at
/// most <see cref="MaxPerKind"/> of each kind. Every query is bounded by the window and a cap, whatever the person follows.
/// </summary>
public sealed class DigestComposer(LearningNetworkDb db, SiteSearch search)
{
    public const int MaxPerKind = 20;
    private const int Candidates = 500;

    public static readonly string[] KindOrder = ["practice", "offer", "request", "event", "question", "commitment", "news"];

    /// <summary>An item that may go in; <see cref="PartnerId"/> is 0 for news of the network itself, which no partner follow matches.</summary>
    private sealed record Candidate(string Kind, int Id, string Title, string Language, string Path, DateTime At, int PartnerId,
        string? Country, string? Nuts, IReadOnlyCollection<(string Scheme, string Code)> Tags, string? RequestKind);

    public async Task<IReadOnlyList<DigestItem>> ComposeAsync(IReadOnlyList<Follow> follows, string language, DateTime since, DateTime until, CancellationToken ct)
    {
        if (follows.Count == 0) return [];
        var candidates = new List<Candidate>();
        var partners = await db.Partners.AsNoTracking().Select(p => new { p.Id, p.CountryCode, p.NutsCode }).ToDictionaryAsync(p => p.Id, ct);
        string? CountryOf(int partnerId) => partners.GetValueOrDefault(partnerId)?.CountryCode;
        string? NutsOf(int partnerId) => partners.GetValueOrDefault(partnerId)?.NutsCode;

        // Rows first, then their texts and tags by id (one query each): collections inside a paged query need APPLY, which SQLite lacks.
        var practices = await db.Practices.AsNoTracking()
            .Where(p => p.Stage == PracticeStage.Published && p.PublishedAt > since && p.PublishedAt <= until)
            .OrderByDescending(p => p.PublishedAt).Take(Candidates)
            .Select(p => new { p.Id, p.Slug, p.PartnerId, p.CountryCode, p.NutsCode, p.PublishedAt, p.OriginalLanguage }).ToListAsync(ct);
        var practiceIds = practices.Select(p => p.Id).ToList();
        var texts = (await db.PracticeTexts.AsNoTracking().Where(t => practiceIds.Contains(t.PracticeId)).Select(t => new { t.PracticeId, t.Language, t.Title }).ToListAsync(ct))
            .ToLookup(t => t.PracticeId);
        var practiceTags = (await db.PracticeTags.AsNoTracking().Where(t => practiceIds.Contains(t.PracticeId)).Select(t => new { t.PracticeId, t.Scheme, t.Code }).ToListAsync(ct))
            .ToLookup(t => t.PracticeId, t => (t.Scheme, t.Code));
        foreach (var p in practices)
        {
            var title = texts[p.Id].FirstOrDefault(t => t.Language == language) ?? texts[p.Id].FirstOrDefault(t => t.Language == p.OriginalLanguage) ?? texts[p.Id].FirstOrDefault();
            candidates.Add(new Candidate("practice", p.Id, title?.Title ?? p.Slug, title?.Language ?? p.OriginalLanguage, $"practices/{p.Slug}", p.PublishedAt!.Value,
                p.PartnerId, p.CountryCode, p.NutsCode, practiceTags[p.Id].ToList(), null));
        }

        var offers = await db.Offers.AsNoTracking().Where(o => o.State == OfferState.Active && o.CreatedAt > since && o.CreatedAt <= until)
            .OrderByDescending(o => o.CreatedAt).Take(Candidates).Select(o => new { o.Id, o.Slug, o.Title, o.Language, o.CreatedAt, o.PartnerId }).ToListAsync(ct);
        var offerIds = offers.Select(o => o.Id).ToList();
        var offerTags = (await db.OfferTags.AsNoTracking().Where(t => offerIds.Contains(t.OfferId)).ToListAsync(ct)).ToLookup(t => t.OfferId, t => (t.Scheme, t.Code));
        candidates.AddRange(offers.Select(o => new Candidate("offer", o.Id, o.Title, o.Language, $"marketplace/offers/{o.Slug}", o.CreatedAt, o.PartnerId,
            CountryOf(o.PartnerId), NutsOf(o.PartnerId), offerTags[o.Id].ToList(), null)));

        var requests = await db.Requests.AsNoTracking().Where(r => r.State != RequestState.Closed && r.CreatedAt > since && r.CreatedAt <= until)
            .OrderByDescending(r => r.CreatedAt).Take(Candidates).Select(r => new { r.Id, r.Slug, r.Title, r.Language, r.CreatedAt, r.PartnerId, r.Kind }).ToListAsync(ct);
        var requestIds = requests.Select(r => r.Id).ToList();
        var requestTags = (await db.RequestTags.AsNoTracking().Where(t => requestIds.Contains(t.RequestId)).ToListAsync(ct)).ToLookup(t => t.RequestId, t => (t.Scheme, t.Code));
        candidates.AddRange(requests.Select(r => new Candidate("request", r.Id, r.Title, r.Language, $"marketplace/requests/{r.Slug}", r.CreatedAt, r.PartnerId,
            CountryOf(r.PartnerId), NutsOf(r.PartnerId), requestTags[r.Id].ToList(), Codes.Of(r.Kind))));

        var events = await db.Events.AsNoTracking().Where(e => e.CreatedAt > since && e.CreatedAt <= until)
            .OrderByDescending(e => e.CreatedAt).Take(Candidates).Select(e => new { e.Id, e.Slug, e.Title, e.Language, e.CreatedAt, e.PartnerId, e.CountryCode }).ToListAsync(ct);
        var eventIds = events.Select(e => e.Id).ToList();
        var eventTags = (await db.EventTags.AsNoTracking().Where(t => eventIds.Contains(t.EventId)).ToListAsync(ct)).ToLookup(t => t.EventId, t => (t.Scheme, t.Code));
        candidates.AddRange(events.Select(e => new Candidate("event", e.Id, e.Title, e.Language, $"events/{e.Slug}", e.CreatedAt, e.PartnerId,
            e.CountryCode, e.CountryCode == CountryOf(e.PartnerId) ? NutsOf(e.PartnerId) : null, eventTags[e.Id].ToList(), null)));

        var questions = await db.HelpdeskQuestions.AsNoTracking().Where(q => q.AskedAt > since && q.AskedAt <= until)
            .OrderByDescending(q => q.AskedAt).Take(Candidates).Select(q => new { q.Id, q.Slug, q.Title, q.Language, q.AskedAt, q.PartnerId, q.CountryCode, q.NutsCode }).ToListAsync(ct);
        var questionIds = questions.Select(q => q.Id).ToList();
        var questionTags = (await db.HelpdeskQuestionTags.AsNoTracking().Where(t => questionIds.Contains(t.QuestionId)).ToListAsync(ct)).ToLookup(t => t.QuestionId, t => (t.Scheme, t.Code));
        candidates.AddRange(questions.Select(q => new Candidate("question", q.Id, q.Title, q.Language, $"helpdesk/{q.Slug}", q.AskedAt, q.PartnerId,
            q.CountryCode, q.NutsCode, questionTags[q.Id].ToList(), null)));

        var commitments = await db.Commitments.AsNoTracking().Where(c => c.CreatedAt > since && c.CreatedAt <= until)
            .OrderByDescending(c => c.CreatedAt).Take(Candidates).Select(c => new { c.Id, c.Title, c.Language, c.CreatedAt, c.PartnerId }).ToListAsync(ct);
        var commitmentIds = commitments.Select(c => c.Id).ToList();
        var commitmentTargets = (await db.CommitmentTargets.AsNoTracking().Where(t => commitmentIds.Contains(t.CommitmentId)).ToListAsync(ct)).ToLookup(t => t.CommitmentId, t => ("target", t.Code));
        candidates.AddRange(commitments.Select(c => new Candidate("commitment", c.Id, c.Title, c.Language, $"commitments/{c.Id.ToString(CultureInfo.InvariantCulture)}", c.CreatedAt,
            c.PartnerId, CountryOf(c.PartnerId), NutsOf(c.PartnerId), commitmentTargets[c.Id].ToList(), null)));

        // News from its publication on (an item dated ahead comes in the digest of the period it appears in), titled in the reader's
        // language where it has that version; matched by its partner (none for the network's own) and its themes.
        var news = await db.NewsItems.AsNoTracking().Where(n => n.PublishedAt > since && n.PublishedAt <= until)
            .OrderByDescending(n => n.PublishedAt).Take(Candidates).Select(n => new { n.Id, n.Slug, n.PartnerId, n.PublishedAt, n.OriginalLanguage }).ToListAsync(ct);
        var newsIds = news.Select(n => n.Id).ToList();
        var newsTexts = (await db.NewsTexts.AsNoTracking().Where(t => newsIds.Contains(t.NewsItemId)).Select(t => new { t.NewsItemId, t.Language, t.Title }).ToListAsync(ct))
            .ToLookup(t => t.NewsItemId);
        var newsThemes = (await db.NewsThemes.AsNoTracking().Where(t => newsIds.Contains(t.NewsItemId)).Select(t => new { t.NewsItemId, t.ConceptId }).ToListAsync(ct))
            .ToLookup(t => t.NewsItemId, t => ("theme", t.ConceptId.ToString(CultureInfo.InvariantCulture)));
        foreach (var n in news)
        {
            var title = newsTexts[n.Id].FirstOrDefault(t => t.Language == language) ?? newsTexts[n.Id].FirstOrDefault(t => t.Language == n.OriginalLanguage) ?? newsTexts[n.Id].FirstOrDefault();
            candidates.Add(new Candidate("news", n.Id, title?.Title ?? n.Slug, title?.Language ?? n.OriginalLanguage, $"news/{n.Slug}", n.PublishedAt, n.PartnerId ?? 0,
                n.PartnerId is { } p ? CountryOf(p) : null, n.PartnerId is { } q ? NutsOf(q) : null, newsThemes[n.Id].ToList(), null));
        }

        if (candidates.Count == 0) return [];
        var found = SearchHits(follows, language);
        return candidates.Where(c => Matches(c, follows, found))
            .GroupBy(c => c.Kind).OrderBy(g => Array.IndexOf(KindOrder, g.Key))
            .SelectMany(g => g.OrderByDescending(c => c.At).ThenByDescending(c => c.Id).Take(MaxPerKind))
            .Select(c => new DigestItem(c.Kind, c.Id, c.Title, c.Language, c.Path, c.At)).ToList();
    }

    /// <summary>The (type, id) of the items the saved searches find now, from the node's index (empty while it is not ready).</summary>
    private HashSet<(string, int)> SearchHits(IReadOnlyList<Follow> follows, string language)
    {
        var hits = new HashSet<(string, int)>();
        foreach (var f in follows.Where(f => f.Kind == FollowKind.Search))
        {
            var (q, filters) = FollowKeys.ParseSearch(f.Key);
            var result = search.Search(new SearchRequest(q, language, filters, 1, 200));
            foreach (var h in result.Hits) hits.Add((h.Type, h.Id));
        }
        return hits;
    }

    private static bool Matches(Candidate c, IReadOnlyList<Follow> follows, HashSet<(string, int)> found)
    {
        foreach (var f in follows)
        {
            var hit = f.Kind switch
            {
                FollowKind.Theme => c.Tags.Contains(("theme", f.Key)),
                FollowKind.Target => c.Tags.Contains(("target", f.Key)),
                FollowKind.Habitat => c.Tags.Contains(("habitat", f.Key)),
                FollowKind.Partner => c.PartnerId.ToString(CultureInfo.InvariantCulture) == f.Key,
                FollowKind.Region => f.Key.Length == 2 ? c.Country == f.Key : c.Nuts?.StartsWith(f.Key, StringComparison.Ordinal) == true,
                FollowKind.RequestKind => c.RequestKind == f.Key,
                FollowKind.Search => found.Contains((c.Kind, c.Id)),
                _ => false,
            };
            if (hit) return true;
        }
        return false;
    }
}
