using LearningNetwork.Data;
using LearningNetwork.Domain;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace LearningNetwork.Features.Targets;

/// <summary>A framework item in the API.</summary>
/// <param name="Framework">kmgbf, eubds, nrr, habitats or birds.</param>
/// <param name="Code">The item's code in its framework (12, p3, 8, art-6).</param>
/// <param name="Kind">goal, target, commitment, article, annex or habitat-group.</param>
/// <param name="Title">The official short title (English).</param>
/// <param name="Url">The item's page.</param>
/// <param name="SourceUrl">The official text.</param>
/// <param name="Practices">How many published practices serve it.</param>
/// <param name="Commitments">How many partners' commitments serve it (/api/v1/commitments?target=).</param>
public sealed record TargetSummary(string Framework, string Code, string Kind, string Title, string Url, string? SourceUrl, int Practices, int Commitments);

public sealed record TargetList(int Total, IReadOnlyList<TargetSummary> Items);

/// <summary>A framework item with its plain-language explanation.</summary>
/// <param name="Framework">kmgbf, eubds, nrr, habitats or birds.</param>
/// <param name="Code">The item's code in its framework.</param>
/// <param name="Kind">goal, target, commitment, article, annex or habitat-group.</param>
/// <param name="Title">The official short title (English).</param>
/// <param name="Summary">The official summary (English), where there is one.</param>
/// <param name="Url">The item's page in the language of the explanation.</param>
/// <param name="SourceUrl">The official text.</param>
/// <param name="Explanation">The explanation in <c>lang</c>, else in English, as the network's editors last saved it (or as shipped).</param>
/// <param name="ExplanationLanguage">The language the explanation is in.</param>
/// <param name="Crosswalk">Related items of the other frameworks (framework:code), both ways.</param>
/// <param name="Practices">How many published practices serve it.</param>
/// <param name="Commitments">How many partners' commitments serve it.</param>
/// <param name="ExplanationVersion">0 for the text shipped with the site, 1, 2, … for the editors' revisions.</param>
/// <param name="ExplanationEditedAt">When the editors last saved it (UTC); null as shipped.</param>
public sealed record TargetDetails(string Framework, string Code, string Kind, string Title, string? Summary, string Url, string? SourceUrl,
    TargetText? Explanation, string? ExplanationLanguage, IReadOnlyList<string> Crosswalk, int Practices, int Commitments,
    int? ExplanationVersion = null, DateTime? ExplanationEditedAt = null);

public static class TargetsApi
{
    public static void AddTargets(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<TargetContent>();
        builder.Services.AddSingleton<TargetNames>();
        builder.Services.AddSingleton<TargetTextOverrides>();
        builder.Services.AddScoped<TargetExplanations>();
        builder.Services.AddScoped<TargetTextEditor>();
    }

    public static void MapTargetsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/targets").WithTags("Targets");
        group.MapGet("/", ListAsync).WithName("ListTargets").WithSummary("Every goal, target, commitment and article of the frameworks.");
        group.MapGet("/{framework}/{code}", GetAsync).WithName("GetTarget").WithSummary("One framework item, with its explanation (lang) and crosswalk.");
        app.MapReadabilityApi();
    }

    private static async Task<Dictionary<string, int>> CountsAsync(LearningNetworkDb db, CancellationToken ct) =>
        await db.PracticeTags.AsNoTracking()
            .Where(t => t.Scheme == PracticeTagSchemes.Target && db.Practices.Any(p => p.Id == t.PracticeId && p.Stage == PracticeStage.Published))
            .GroupBy(t => t.Code).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);

    private static Task<Dictionary<string, int>> CommitmentCountsAsync(LearningNetworkDb db, CancellationToken ct) =>
        db.CommitmentTargets.AsNoTracking().GroupBy(t => t.Code).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);

    private static async Task<Ok<TargetList>> ListAsync(HttpContext http, LearningNetworkDb db, string? framework, CancellationToken ct)
    {
        var counts = await CountsAsync(db, ct);
        var commitments = await CommitmentCountsAsync(db, ct);
        var targets = await db.PolicyTargets.AsNoTracking().Where(t => framework == null || t.FrameworkCode == framework)
            .OrderBy(t => t.FrameworkCode).ThenBy(t => t.SortOrder).ToListAsync(ct);
        var origin = $"{http.Request.Scheme}://{http.Request.Host}";
        return TypedResults.Ok(new TargetList(targets.Count, targets.Select(t => new TargetSummary(t.FrameworkCode, t.Code, t.Kind, t.Title,
            $"{origin}/en/targets/{t.FrameworkCode}/{t.Code}", t.SourceUrl, counts.GetValueOrDefault($"{t.FrameworkCode}:{t.Code}"),
            commitments.GetValueOrDefault($"{t.FrameworkCode}:{t.Code}"))).ToList()));
    }

    private static async Task<Results<Ok<TargetDetails>, ProblemHttpResult>> GetAsync(HttpContext http, LearningNetworkDb db, TargetContent content,
        TargetExplanations explanations, string framework, string code, string? lang, CancellationToken ct)
    {
        var t = await db.PolicyTargets.AsNoTracking().FirstOrDefaultAsync(x => x.FrameworkCode == framework && x.Code == code, ct);
        if (t is null) return TypedResults.Problem(statusCode: 404, title: "Not found", detail: $"There is no {framework} item {code}.");
        var language = lang is { Length: 2 } && lang.All(char.IsAsciiLetterLower) ? lang : "en";
        var explanation = await explanations.FindAsync(framework, code, language, ct);
        var crosswalk = (explanation?.Text.Crosswalk ?? []).Concat(content.LinkingTo(framework, code)).Distinct().Order(StringComparer.Ordinal).ToList();
        var counts = await CountsAsync(db, ct);
        return TypedResults.Ok(new TargetDetails(t.FrameworkCode, t.Code, t.Kind, t.Title, t.Summary,
            $"{http.Request.Scheme}://{http.Request.Host}/{language}/targets/{t.FrameworkCode}/{t.Code}", t.SourceUrl,
            explanation?.Text, explanation?.Language, crosswalk, counts.GetValueOrDefault($"{framework}:{code}"),
            await db.CommitmentTargets.CountAsync(x => x.Code == $"{framework}:{code}", ct), explanation?.Version, explanation?.EditedAt));
    }
}
