using LearningNetwork.Data;
using LearningNetwork.Features.Partners;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace LearningNetwork.Features.Themes;

/// <summary>A GEMET concept offered by the type-ahead: its id and its label in the asked language (or English).</summary>
public sealed record ConceptSuggestion(int Id, string Label, string Language);

/// <summary>
/// GET /api/v1/concepts?q=&amp;lang=: GEMET concepts whose label in <c>lang</c> (or English) has a word starting with
/// each word of q, ignoring case and accents; the shortest labels first, at most 20. Feeds the theme type-ahead.
/// The labels of one language (a few thousand) are held in memory per node: reference data changes only at start.
/// </summary>
public static class ConceptsApi
{
    public static void MapConceptsApi(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/v1/concepts", SuggestAsync).WithTags("Reference data").WithName("SuggestConcepts")
            .WithSummary("GEMET concepts for a type-ahead, labelled in the asked language.");

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<Task<List<(int Id, string Label, string Language, string[] Words)>>>> Cache = new();

    private static async Task<Results<Ok<List<ConceptSuggestion>>, ValidationProblem>> SuggestAsync(IServiceScopeFactory scopes, string? q, string? lang, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(q) || q.Length > 100) errors["q"] = ["q must be 1 to 100 characters."];
        var language = string.IsNullOrEmpty(lang) ? "en" : lang;
        if (!(language.Length is 2 or 5) || !language.All(c => char.IsAsciiLetter(c) || c == '-')) errors["lang"] = ["lang must be a language code such as de."];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);

        List<(int Id, string Label, string Language, string[] Words)> labels;
        try
        {
            labels = await Cache.GetOrAdd(language, l => new Lazy<Task<List<(int, string, string, string[])>>>(() => LoadAsync(scopes, l))).Value;
            // Read while the node was still loading the thesaurus at its first start: not kept, the next request reads again.
            if (labels.Count == 0) Cache.TryRemove(language, out _);
        }
        catch
        {
            Cache.TryRemove(language, out _); // a failed load (database away) is retried by the next request
            throw;
        }
        var words = PartnerDirectory.Words(q);
        var matches = labels.Where(x => words.All(w => x.Words.Any(lw => lw.StartsWith(w, StringComparison.Ordinal))))
            .OrderBy(x => x.Label.Length).ThenBy(x => x.Label, StringComparer.CurrentCulture).Take(20)
            .Select(x => new ConceptSuggestion(x.Id, x.Label, x.Language)).ToList();
        return TypedResults.Ok(matches);
    }

    private static async Task<List<(int, string, string, string[])>> LoadAsync(IServiceScopeFactory scopes, string language)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<LearningNetworkDb>();
        var rows = await db.GemetLabels.AsNoTracking().Where(l => l.Language == language || l.Language == "en")
            .Select(l => new { l.ConceptId, l.Label, l.Language }).ToListAsync();
        return rows.GroupBy(r => r.ConceptId)
            .Select(g => g.FirstOrDefault(r => r.Language == language) ?? g.First())
            .Select(r => (r.ConceptId, r.Label, r.Language, PartnerDirectory.Words(r.Label).ToArray())).ToList();
    }
}
