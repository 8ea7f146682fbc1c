using System.Globalization;
using LearningNetwork.Data;
using LearningNetwork.Domain;
using LearningNetwork.Features.Practices;
using Microsoft.EntityFrameworkCore;

namespace LearningNetwork.Features.LearningPaths;

/// <summary>A valid list query of learning paths (page and API alike).</summary>
public sealed record PathQuery(int? Theme, string? Target, int Page, int PageSize);

/// <summary>One path in a list, its title and summary in the language asked for when it has that version (else its original).</summary>
public sealed record PathCard(int Id, string Slug, string Title, string Summary, string Language, IReadOnlyList<string> Languages, int Steps,
    IReadOnlyList<int> Themes, IReadOnlyList<string> Targets, DateTime UpdatedAt, bool IsDemo);

public sealed record PathListPage(int Total, int Page, int PageSize, IReadOnlyList<PathCard> Items);

/// <summary>A step as shown: its kind, the title in the reader's language where the item has one, the link (relative for
/// pages of the site, absolute for documents) and the language of the title.</summary>
public sealed record StepView(int Id, int Position, LearningStepKind Kind, string Title, string Href, string Language, bool External);

/// <summary>A person's progress on a path: whether they follow it and which of its steps they have marked done.</summary>
public sealed record PathProgress(bool Following, IReadOnlySet<int> Done, int Steps)
{
    public int DoneCount => Done.Count;
}

/// <summary>A path a person follows, with their progress (for /me).</summary>
public sealed record FollowedPath(string Slug, string Title, string Language, int Done, int Steps);

/// <summary>
/// Reads learning paths for the pages, the API, target pages and /me: lists filtered by theme and target (a path serves a
/// target when it is tagged with it or has a step explaining it), newest change first; a path's steps resolved to titles in
/// the reader's language; a person's progress. Only steps whose item is still public count (a practice no longer published
/// drops out of the path and its count).
/// </summary>
public sealed class LearningPathCatalogue(LearningNetworkDb db)
{
    public const int DefaultPageSize = 24, MaxPageSize = 200;

    /// <summary>Query-string values into a query, or the names of the parameters that are not valid.</summary>
    public static (PathQuery? Query, List<string> Errors) Parse(string? theme, string? target, string? page, string? pageSize)
    {
        var errors = new List<string>();
        var inv = CultureInfo.InvariantCulture;
        int? themeId = null;
        if (!string.IsNullOrEmpty(theme))
        {
            if (int.TryParse(theme, NumberStyles.None, inv, out var t) && t is > 0 and < 1_000_000) themeId = t;
            else errors.Add("theme");
        }
        if (!string.IsNullOrEmpty(target) && (target.Length > 64 || !target.Contains(':', StringComparison.Ordinal))) errors.Add("target");
        var p = 1;
        if (!string.IsNullOrEmpty(page) && (!int.TryParse(page, NumberStyles.None, inv, out p) || p is < 1 or > 100_000)) errors.Add("page");
        var size = DefaultPageSize;
        if (!string.IsNullOrEmpty(pageSize) && (!int.TryParse(pageSize, NumberStyles.None, inv, out size) || size is < 1 or > MaxPageSize)) errors.Add("pageSize");
        return errors.Count > 0 ? (null, errors) : (new PathQuery(themeId, string.IsNullOrEmpty(target) ? null : target, p, size), errors);
    }

    public async Task<PathListPage> ListAsync(PathQuery query, string language, CancellationToken ct)
    {
        var rows = db.LearningPaths.AsNoTracking();
        if (query.Theme is { } theme)
        {
            var code = theme.ToString(CultureInfo.InvariantCulture);
            rows = rows.Where(x => x.Tags.Any(t => t.Scheme == LearningPathTagSchemes.Theme && t.Code == code));
        }
        if (query.Target is { } target)
            rows = rows.Where(x => x.Tags.Any(t => t.Scheme == LearningPathTagSchemes.Target && t.Code == target) || x.Steps.Any(s => s.TargetCode == target));
        var total = await rows.CountAsync(ct);
        var page = await rows.OrderByDescending(x => x.UpdatedAt).ThenByDescending(x => x.Id).Skip((query.Page - 1) * query.PageSize).Take(query.PageSize)
            .Select(x => new { x.Id, x.Slug, x.Language, x.UpdatedAt, x.IsDemo }).ToListAsync(ct);
        return new PathListPage(total, query.Page, query.PageSize, await CardsAsync(page.Select(r => (r.Id, r.Slug, r.Language, r.UpdatedAt, r.IsDemo)).ToList(), language, ct));
    }

    /// <summary>The paths serving a target (tagged, or with a step on it), for the target's page.</summary>
    public async Task<IReadOnlyList<PathCard>> ServingAsync(string target, string language, int max, CancellationToken ct)
    {
        var (query, _) = Parse(null, target, null, max.ToString(CultureInfo.InvariantCulture));
        return query is null ? [] : (await ListAsync(query, language, ct)).Items;
    }

    private async Task<List<PathCard>> CardsAsync(List<(int Id, string Slug, string Language, DateTime UpdatedAt, bool IsDemo)> page, string language, CancellationToken ct)
    {
        var ids = page.Select(r => r.Id).ToList();
        var texts = (await db.LearningPathTexts.AsNoTracking().Where(t => ids.Contains(t.PathId)).ToListAsync(ct)).ToLookup(t => t.PathId);
        var tags = (await db.LearningPathTags.AsNoTracking().Where(t => ids.Contains(t.PathId)).ToListAsync(ct)).ToLookup(t => t.PathId);
        var counts = await VisibleStepCountsAsync(ids, ct);
        return page.Select(r =>
        {
            var text = Pick(texts[r.Id], language, r.Language);
            return new PathCard(r.Id, r.Slug, text?.Title ?? r.Slug, text?.Summary ?? "", text?.Language ?? r.Language,
                texts[r.Id].Select(t => t.Language).Order(StringComparer.Ordinal).ToList(), counts.GetValueOrDefault(r.Id),
                tags[r.Id].Where(t => t.Scheme == LearningPathTagSchemes.Theme).Select(t => int.TryParse(t.Code, CultureInfo.InvariantCulture, out var c) ? c : 0).Where(c => c > 0).Order().ToList(),
                tags[r.Id].Where(t => t.Scheme == LearningPathTagSchemes.Target).Select(t => t.Code).Order(StringComparer.Ordinal).ToList(), r.UpdatedAt, r.IsDemo);
        }).ToList();
    }

    /// <summary>The version in the language asked for, else the original, else any.</summary>
    public static LearningPathText? Pick(IEnumerable<LearningPathText> texts, string language, string original)
    {
        var list = texts.ToList();
        return list.FirstOrDefault(t => t.Language == language) ?? list.FirstOrDefault(t => t.Language == original) ?? list.FirstOrDefault();
    }

    /// <summary>The steps of the paths that still point at something public: how many each path has.</summary>
    private async Task<Dictionary<int, int>> VisibleStepCountsAsync(List<int> ids, CancellationToken ct) =>
        await Visible(db.LearningPathSteps.AsNoTracking().Where(s => ids.Contains(s.PathId))).GroupBy(s => s.PathId)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);

    private static IQueryable<LearningPathStep> Visible(IQueryable<LearningPathStep> steps) =>
        steps.Where(s => s.Kind != LearningStepKind.Practice || s.Practice!.Stage == PracticeStage.Published);

    /// <summary>A path with its texts and tags, by slug; null when there is none.</summary>
    public Task<LearningPath?> FindAsync(string slug, CancellationToken ct) =>
        db.LearningPaths.AsNoTracking().Include(x => x.Texts).Include(x => x.Tags).AsSplitQuery().FirstOrDefaultAsync(x => x.Slug == slug, ct);

    /// <summary>The public steps of a path in order, titled for the reader (<paramref name="language"/>), linked for pages in it.</summary>
    public async Task<List<StepView>> StepsAsync(int pathId, string pathLanguage, string language, Func<PolicyTarget, string> targetLabel, CancellationToken ct)
    {
        var steps = await Visible(db.LearningPathSteps.AsNoTracking().Where(s => s.PathId == pathId)).OrderBy(s => s.Position).ToListAsync(ct);
        var practiceIds = steps.Where(s => s.PracticeId is not null).Select(s => s.PracticeId!.Value).ToList();
        var eventIds = steps.Where(s => s.EventId is not null).Select(s => s.EventId!.Value).ToList();
        var practices = await db.Practices.AsNoTracking().Where(p => practiceIds.Contains(p.Id)).Select(p => new { p.Id, p.Slug, p.OriginalLanguage }).ToDictionaryAsync(p => p.Id, ct);
        var practiceTexts = (await db.PracticeTexts.AsNoTracking().Where(t => practiceIds.Contains(t.PracticeId)).Select(t => new { t.PracticeId, t.Language, t.Title }).ToListAsync(ct))
            .ToLookup(t => t.PracticeId);
        var events = await db.Events.AsNoTracking().Where(e => eventIds.Contains(e.Id)).Select(e => new { e.Id, e.Slug, e.Title, e.Language }).ToDictionaryAsync(e => e.Id, ct);
        var codes = steps.Where(s => s.TargetCode is not null).Select(s => s.TargetCode!).ToList();
        var targets = (await db.PolicyTargets.AsNoTracking().ToListAsync(ct)).Where(t => codes.Contains(t.FrameworkCode + ":" + t.Code))
            .ToDictionary(t => t.FrameworkCode + ":" + t.Code, StringComparer.Ordinal);
        var views = new List<StepView>();
        foreach (var s in steps)
        {
            switch (s.Kind)
            {
                case LearningStepKind.Practice when s.PracticeId is { } id && practices.TryGetValue(id, out var p):
                {
                    var own = practiceTexts[id].FirstOrDefault(t => t.Language == language) ?? practiceTexts[id].FirstOrDefault(t => t.Language == p.OriginalLanguage) ?? practiceTexts[id].FirstOrDefault();
                    views.Add(new StepView(s.Id, s.Position, s.Kind, own?.Title ?? p.Slug, $"/{language}/practices/{p.Slug}", own?.Language ?? p.OriginalLanguage, false));
                    break;
                }
                case LearningStepKind.Event when s.EventId is { } id && events.TryGetValue(id, out var e):
                    views.Add(new StepView(s.Id, s.Position, s.Kind, e.Title, $"/{language}/events/{e.Slug}", e.Language, false));
                    break;
                case LearningStepKind.Target when s.TargetCode is { } code && targets.TryGetValue(code, out var t):
                    views.Add(new StepView(s.Id, s.Position, s.Kind, targetLabel(t), $"/{language}/targets/{t.FrameworkCode}/{t.Code}", language, false));
                    break;
                case LearningStepKind.Document when s.Url is { } url:
                    views.Add(new StepView(s.Id, s.Position, s.Kind, s.Title ?? url, url, pathLanguage, true));
                    break;
            }
        }
        return views;
    }

    /// <summary>A person's progress on a path, counted over the steps given (the public ones).</summary>
    public async Task<PathProgress> ProgressAsync(int pathId, string? userId, IReadOnlyCollection<int> stepIds, CancellationToken ct)
    {
        if (userId is null) return new PathProgress(false, new HashSet<int>(), stepIds.Count);
        var following = await db.LearningPathFollows.AsNoTracking().AnyAsync(f => f.PathId == pathId && f.UserId == userId, ct);
        var done = (await db.LearningStepsDone.AsNoTracking().Where(d => d.PathId == pathId && d.UserId == userId).Select(d => d.StepId).ToListAsync(ct))
            .Where(stepIds.Contains).ToHashSet();
        return new PathProgress(following, done, stepIds.Count);
    }

    /// <summary>The paths a person follows, most recently started first, with their progress.</summary>
    public async Task<List<FollowedPath>> FollowedAsync(string userId, string language, CancellationToken ct)
    {
        var follows = await db.LearningPathFollows.AsNoTracking().Where(f => f.UserId == userId).OrderByDescending(f => f.StartedAt).Select(f => f.PathId).Take(50).ToListAsync(ct);
        if (follows.Count == 0) return [];
        var paths = await db.LearningPaths.AsNoTracking().Where(p => follows.Contains(p.Id)).Select(p => new { p.Id, p.Slug, p.Language }).ToDictionaryAsync(p => p.Id, ct);
        var texts = (await db.LearningPathTexts.AsNoTracking().Where(t => follows.Contains(t.PathId)).ToListAsync(ct)).ToLookup(t => t.PathId);
        var visible = (await Visible(db.LearningPathSteps.AsNoTracking().Where(s => follows.Contains(s.PathId))).Select(s => new { s.Id, s.PathId }).ToListAsync(ct))
            .ToLookup(s => s.PathId, s => s.Id);
        var done = (await db.LearningStepsDone.AsNoTracking().Where(d => d.UserId == userId && follows.Contains(d.PathId)).Select(d => d.StepId).ToListAsync(ct)).ToHashSet();
        return follows.Where(paths.ContainsKey).Select(id =>
        {
            var p = paths[id];
            var text = Pick(texts[id], language, p.Language);
            return new FollowedPath(p.Slug, text?.Title ?? p.Slug, text?.Language ?? p.Language, visible[id].Count(done.Contains), visible[id].Count());
        }).ToList();
    }
}
