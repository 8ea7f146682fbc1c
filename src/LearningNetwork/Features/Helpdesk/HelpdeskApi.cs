using System.Globalization;
using LearningNetwork.Data;
using LearningNetwork.Domain;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace LearningNetwork.Features.Helpdesk;

/// <summary>A helpdesk question in a list (PRODUCT.md, "API shapes").</summary>
/// <param name="Id">Stable numeric identifier.</param>
/// <param name="Slug">URL segment of its page.</param>
/// <param name="Title">The question, in its own language.</param>
/// <param name="Url">Absolute URL of its page.</param>
/// <param name="Language">The language it is written in (ISO 639-1).</param>
/// <param name="Country">ISO 3166-1 alpha-2 of the asking organisation.</param>
/// <param name="Partner">The asking organisation's name.</param>
/// <param name="Status">open, answered, closed or escalated (past its promised response time without an answer).</param>
/// <param name="AskedAt">When it was asked (UTC).</param>
/// <param name="DueAt">The promised response time (UTC).</param>
/// <param name="Answers">How many answers it has.</param>
/// <param name="Themes">GEMET concept ids.</param>
/// <param name="Targets">Policy targets, as framework:code.</param>
/// <param name="Demo">True for demonstration content.</param>
public sealed record QuestionItem(int Id, string Slug, string Title, string Url, string Language, string Country, string Partner, string Status,
    string AskedAt, string DueAt, int Answers, IReadOnlyList<int> Themes, IReadOnlyList<string> Targets, bool Demo);

public sealed record QuestionList(int Total, int Page, int PageSize, IReadOnlyList<QuestionItem> Items);

/// <summary>One answer. Accepted: the one the asker chose.</summary>
public sealed record AnswerDto(int Id, string Partner, string Language, string Body, string CreatedAt, bool Accepted);

/// <summary>One question with its text and its answers (the people who asked and answered are not named: organisations are).</summary>
public sealed record QuestionDetails(int Id, string Slug, string Title, string Url, string Language, string Country, string? Nuts, string Partner, string Status,
    string Body, string AskedAt, string DueAt, string? AnsweredAt, IReadOnlyList<int> Themes, IReadOnlyList<string> Targets, int? AcceptedAnswer,
    IReadOnlyList<AnswerDto> Answers, bool Demo);

public static class HelpdeskApi
{
    public static void MapHelpdeskApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/helpdesk/questions").WithTags("Helpdesk");
        group.MapGet("/", ListAsync).WithName("ListHelpdeskQuestions")
            .WithSummary("Helpdesk questions, latest first; filters: q (words of the title or text), theme (GEMET id), target (framework:code), language, status (open, answered, closed, all).");
        group.MapGet("/{id:int}", GetAsync).WithName("GetHelpdeskQuestion").WithSummary("One helpdesk question with its answers.");
    }

    private static async Task<Results<Ok<QuestionList>, ValidationProblem>> ListAsync(HttpContext http, HelpdeskCatalogue catalogue, string? page, string? pageSize,
        string? q, string? theme, string? target, string? language, string? status, CancellationToken ct)
    {
        var (query, errors) = HelpdeskCatalogue.Parse(q, theme, target, language, status, page, pageSize);
        if (query is null) return TypedResults.ValidationProblem(errors.ToDictionary(e => e, e => new[] { $"{e} is not valid." }));
        var list = await catalogue.ListAsync(query, ct);
        return TypedResults.Ok(new QuestionList(list.Total, list.Page, list.PageSize, list.Items.Select(c => new QuestionItem(c.Id, c.Slug, c.Title, Url(http, c.Slug),
            c.Language, c.Country, c.PartnerName, Code(c.Status), Instant(c.AskedAt), Instant(c.DueAt), c.Answers, c.Themes, c.Targets, c.IsDemo)).ToList()));
    }

    private static async Task<Results<Ok<QuestionDetails>, ProblemHttpResult>> GetAsync(HttpContext http, LearningNetworkDb db, int id, CancellationToken ct)
    {
        var x = await db.HelpdeskQuestions.AsNoTracking().Include(q => q.Tags).Include(q => q.Partner).Include(q => q.Answers).ThenInclude(a => a.Partner)
            .AsSplitQuery().FirstOrDefaultAsync(q => q.Id == id, ct);
        if (x is null) return TypedResults.Problem(statusCode: 404, title: "Not found", detail: $"There is no helpdesk question {id}.");
        return TypedResults.Ok(new QuestionDetails(x.Id, x.Slug, x.Title, Url(http, x.Slug), x.Language, x.CountryCode, x.NutsCode, x.Partner!.Name, Code(x.Status),
            x.Body, Instant(x.AskedAt), Instant(x.DueAt), x.AnsweredAt is { } at ? Instant(at) : null,
            x.Tags.Where(t => t.Scheme == QuestionTagSchemes.Theme).Select(t => int.TryParse(t.Code, CultureInfo.InvariantCulture, out var c) ? c : 0).Where(c => c > 0).Order().ToList(),
            x.Tags.Where(t => t.Scheme == QuestionTagSchemes.Target).Select(t => t.Code).Order(StringComparer.Ordinal).ToList(), x.AcceptedAnswerId,
            x.Answers.OrderBy(a => a.CreatedAt).ThenBy(a => a.Id)
                .Select(a => new AnswerDto(a.Id, a.Partner!.Name, a.Language, a.Body, Instant(a.CreatedAt), a.Id == x.AcceptedAnswerId)).ToList(), x.IsDemo));
    }

    public static string Code(QuestionStatus status) => status.ToString().ToLowerInvariant();

    private static string Url(HttpContext http, string slug) => $"{http.Request.Scheme}://{http.Request.Host}/en/helpdesk/{slug}";

    private static string Instant(DateTime t) => DateTime.SpecifyKind(t, DateTimeKind.Utc).ToString("O", CultureInfo.InvariantCulture);
}
