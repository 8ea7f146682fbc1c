using System.Globalization;
using LearningNetwork.Data;
using LearningNetwork.Domain;
using Microsoft.EntityFrameworkCore;

namespace LearningNetwork.Features.Helpdesk;

/// <summary>A valid list query of the helpdesk (page and API alike). Status: open (open and escalated), answered, closed, all.</summary>
public sealed record HelpdeskQuery(string? Q, int? Theme, string? Target, string? Language, string? Status, int Page, int PageSize);

/// <summary>One question in a list.</summary>
public sealed record QuestionCard(int Id, string Slug, string Title, string Language, string Country, string PartnerName, QuestionStatus Status,
    DateTime AskedAt, DateTime DueAt, int Answers, IReadOnlyList<int> Themes, IReadOnlyList<string> Targets, bool IsDemo);

public sealed record QuestionListPage(int Total, int Page, int PageSize, IReadOnlyList<QuestionCard> Items);

/// <summary>
/// Lists helpdesk questions for the page, the API and the target pages, with filters by text, theme, target, language and
/// status; a page costs a fixed number of queries.
/// </summary>
public sealed class HelpdeskCatalogue(LearningNetworkDb db)
{
    public const int DefaultPageSize = 24, MaxPageSize = 200, MaxQuery = 200;
    public static readonly IReadOnlyList<string> Statuses = ["open", "answered", "closed", "all"];

    /// <summary>Query-string values into a query, or the names of the parameters that are not valid.</summary>
    public static (HelpdeskQuery? Query, List<string> Errors) Parse(string? q, string? theme, string? target, string? language, string? status, string? page, string? pageSize)
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
        if (!string.IsNullOrEmpty(language) && (language.Length > 8 || !language.All(char.IsAsciiLetterLower))) errors.Add("language");
        if (!string.IsNullOrEmpty(status) && !Statuses.Contains(status)) errors.Add("status");
        if (q is { Length: > MaxQuery }) errors.Add("q");
        var p = 1;
        if (!string.IsNullOrEmpty(page) && (!int.TryParse(page, NumberStyles.None, inv, out p) || p is < 1 or > 100_000)) errors.Add("page");
        var size = DefaultPageSize;
        if (!string.IsNullOrEmpty(pageSize) && (!int.TryParse(pageSize, NumberStyles.None, inv, out size) || size is < 1 or > MaxPageSize)) errors.Add("pageSize");
        if (errors.Count > 0) return (null, errors);
        return (new HelpdeskQuery(string.IsNullOrWhiteSpace(q) ? null : q.Trim(), themeId, NullIfEmpty(target), NullIfEmpty(language), NullIfEmpty(status), p, size), errors);
    }

    private static string? NullIfEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;

    public async Task<QuestionListPage> ListAsync(HelpdeskQuery query, CancellationToken ct)
    {
        var questions = db.HelpdeskQuestions.AsNoTracking();
        questions = query.Status switch
        {
            "answered" => questions.Where(x => x.Status == QuestionStatus.Answered),
            "closed" => questions.Where(x => x.Status == QuestionStatus.Closed),
            "open" => questions.Where(x => x.Status == QuestionStatus.Open || x.Status == QuestionStatus.Escalated),
            _ => questions,
        };
        if (query.Theme is { } theme)
        {
            var code = theme.ToString(CultureInfo.InvariantCulture);
            questions = questions.Where(x => x.Tags.Any(t => t.Scheme == QuestionTagSchemes.Theme && t.Code == code));
        }
        if (query.Target is { } target) questions = questions.Where(x => x.Tags.Any(t => t.Scheme == QuestionTagSchemes.Target && t.Code == target));
        if (query.Language is { } language) questions = questions.Where(x => x.Language == language);
        if (query.Q is { } q)
        {
            var lower = q.ToLowerInvariant();
            questions = questions.Where(x => x.Title.ToLower().Contains(lower) || x.Body.ToLower().Contains(lower));
        }
        var total = await questions.CountAsync(ct);
        var rows = await questions.OrderByDescending(x => x.AnsweredAt ?? x.AskedAt).ThenByDescending(x => x.Id)
            .Skip((query.Page - 1) * query.PageSize).Take(query.PageSize)
            .Select(x => new
            {
                x.Id, x.Slug, x.Title, x.Language, x.CountryCode, Partner = x.Partner!.Name, x.Status, x.AskedAt, x.DueAt, Answers = x.Answers.Count(), x.IsDemo,
            }).ToListAsync(ct);
        var ids = rows.Select(r => r.Id).ToList();
        var tags = (await db.HelpdeskQuestionTags.AsNoTracking().Where(t => ids.Contains(t.QuestionId)).ToListAsync(ct)).ToLookup(t => t.QuestionId);
        return new QuestionListPage(total, query.Page, query.PageSize, rows.Select(r => new QuestionCard(r.Id, r.Slug, r.Title, r.Language, r.CountryCode, r.Partner,
            r.Status, r.AskedAt, r.DueAt, r.Answers,
            tags[r.Id].Where(t => t.Scheme == QuestionTagSchemes.Theme).Select(t => int.TryParse(t.Code, CultureInfo.InvariantCulture, out var c) ? c : 0).Where(c => c > 0).Order().ToList(),
            tags[r.Id].Where(t => t.Scheme == QuestionTagSchemes.Target).Select(t => t.Code).Order(StringComparer.Ordinal).ToList(), r.IsDemo)).ToList());
    }
}
