using LearningNetwork.Domain;
using LearningNetwork.Features.Marketplace;
using LearningNetwork.Features.Practices;
using LearningNetwork.Infrastructure.Localization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LearningNetwork.Features.LearningPaths;

/// <summary>A learning path in a list (PRODUCT.md, "API shapes").</summary>
/// <param name="Id">Stable numeric identifier.</param>
/// <param name="Slug">URL segment of its page.</param>
/// <param name="Title">In <c>language</c>.</param>
/// <param name="Url">Absolute URL of its page, in <c>language</c>.</param>
/// <param name="Language">The language of the title and summary: the one asked for (lang) when the path has that version, else its original.</param>
/// <param name="Summary">What the path teaches.</param>
/// <param name="Languages">Every language the path's title and summary are written in (ISO 639-1).</param>
/// <param name="Steps">How many steps it has.</param>
/// <param name="Themes">GEMET concept ids.</param>
/// <param name="Targets">Policy targets, as framework:code.</param>
/// <param name="UpdatedAt">Last change (UTC).</param>
/// <param name="Demo">True for demonstration content.</param>
public sealed record LearningPathItem(int Id, string Slug, string Title, string Url, string Language, string Summary, IReadOnlyList<string> Languages, int Steps,
    IReadOnlyList<int> Themes, IReadOnlyList<string> Targets, string UpdatedAt, bool Demo);

public sealed record LearningPathList(int Total, int Page, int PageSize, IReadOnlyList<LearningPathItem> Items);

/// <summary>A step of a path.</summary>
/// <param name="Position">1, 2, 3… in the path's order.</param>
/// <param name="Kind">practice, target, event or document.</param>
/// <param name="Title">In the language asked for where the item has it.</param>
/// <param name="Url">Absolute URL of the item's page, or of the document.</param>
/// <param name="Language">The language of the title.</param>
public sealed record LearningStepItem(int Position, string Kind, string Title, string Url, string Language);

/// <summary>A language version of a path's title and summary.</summary>
public sealed record LearningPathTextItem(string Language, string Title, string Summary);

/// <summary>One learning path with its steps and every language version.</summary>
public sealed record LearningPathDetail(int Id, string Slug, string Title, string Url, string Language, string Summary, IReadOnlyList<LearningPathTextItem> Texts,
    IReadOnlyList<int> Themes, IReadOnlyList<string> Targets, IReadOnlyList<LearningStepItem> Steps, string UpdatedAt, bool Demo);

public static class LearningPathsApi
{
    public static void MapLearningPathsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/learning-paths").WithTags("Learning paths");
        group.MapGet("/", ListAsync).WithName("ListLearningPaths")
            .WithSummary("Learning paths, most recently changed first; filters: theme (GEMET id), target (framework:code: tagged or with a step on it); lang picks the language version.");
        group.MapGet("/{slug}", GetAsync).WithName("GetLearningPath").WithSummary("One learning path with its steps in order and every language version of its title and summary.");
    }

    private static string Lang(SupportedLanguages languages, string? lang) => languages.IsSupported(lang) ? lang! : SupportedLanguages.Default;

    private static async Task<Results<Ok<LearningPathList>, ValidationProblem>> ListAsync(HttpContext http, LearningPathCatalogue catalogue, SupportedLanguages languages, string? page, string? pageSize,
        string? theme, string? target, string? lang, CancellationToken ct)
    {
        var (query, errors) = LearningPathCatalogue.Parse(theme, target, page, pageSize);
        if (lang is not null && !languages.IsSupported(lang)) errors.Add("lang");
        if (query is null || errors.Count > 0) return TypedResults.ValidationProblem(errors.ToDictionary(e => e, e => new[] { $"{e} is not valid." }));
        var language = Lang(languages, lang);
        var list = await catalogue.ListAsync(query, language, ct);
        return TypedResults.Ok(new LearningPathList(list.Total, list.Page, list.PageSize, list.Items.Select(c => new LearningPathItem(c.Id, c.Slug, c.Title,
            $"{http.Request.Scheme}://{http.Request.Host}/{language}/learning-paths/{c.Slug}", c.Language, c.Summary, c.Languages, c.Steps, c.Themes, c.Targets,
            Iso(c.UpdatedAt), c.IsDemo)).ToList()));
    }

    private static async Task<Results<Ok<LearningPathDetail>, ProblemHttpResult, ValidationProblem>> GetAsync(HttpContext http, LearningPathCatalogue catalogue, SupportedLanguages languages, string slug,
        string? lang, CancellationToken ct)
    {
        if (lang is not null && !languages.IsSupported(lang))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["lang"] = ["lang is not valid."] });
        var path = slug.Length > 120 ? null : await catalogue.FindAsync(slug, ct);
        if (path is null) return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such learning path.");
        var language = Lang(languages, lang);
        var origin = $"{http.Request.Scheme}://{http.Request.Host}";
        var text = LearningPathCatalogue.Pick(path.Texts, language, path.Language)!;
        var steps = await catalogue.StepsAsync(path.Id, path.Language, language, PracticeLabels.TargetLabel, ct);
        return TypedResults.Ok(new LearningPathDetail(path.Id, path.Slug, text.Title, $"{origin}/{language}/learning-paths/{path.Slug}", text.Language, text.Summary,
            path.Texts.OrderBy(t => t.Language, StringComparer.Ordinal).Select(t => new LearningPathTextItem(t.Language, t.Title, t.Summary)).ToList(),
            path.Tags.Where(t => t.Scheme == LearningPathTagSchemes.Theme).Select(t => int.TryParse(t.Code, System.Globalization.CultureInfo.InvariantCulture, out var c) ? c : 0).Where(c => c > 0).Order().ToList(),
            path.Tags.Where(t => t.Scheme == LearningPathTagSchemes.Target).Select(t => t.Code).Order(StringComparer.Ordinal).ToList(),
            steps.Select(s => new LearningStepItem(s.Position, Codes.Of(s.Kind), s.Title, s.External ? s.Href : origin + s.Href, s.Language)).ToList(),
            Iso(path.UpdatedAt), path.IsDemo));
    }

    private static string Iso(DateTime at) => DateTime.SpecifyKind(at, DateTimeKind.Utc).ToString("O", System.Globalization.CultureInfo.InvariantCulture);
}
