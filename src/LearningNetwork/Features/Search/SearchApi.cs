using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LearningNetwork.Features.Search;

/// <summary>A search hit in the API (PRODUCT.md, "API shapes").</summary>
/// <param name="Type">partner or practice (offers, requests, events, targets and questions join as they exist).</param>
/// <param name="Id">The item's id in its list API.</param>
/// <param name="Title">In the item's own language, unless a reviewed translation into lang exists.</param>
/// <param name="Url">The item's page, in the searcher's language.</param>
/// <param name="Snippet">A short text with the query's words marked (HTML, &lt;mark&gt;).</param>
/// <param name="Language">The item's original language.</param>
/// <param name="SharedConcepts">For a result in another language: the thesaurus concepts it shares with the query.</param>
public sealed record SearchItem(string Type, int Id, string Title, string Url, string Snippet, string Language, IReadOnlyList<string> SharedConcepts);

public sealed record SearchFacetValue(string Value, int Count);

public sealed record SearchResponse(int Total, IReadOnlyList<SearchItem> Items, IReadOnlyDictionary<string, IReadOnlyList<SearchFacetValue>> Facets);

public static class SearchApi
{
    public static readonly IReadOnlyList<string> Types = ["partner", "practice", "offer", "request", "event", "target", "question", "news", "commitment", "programme"];

    public static void MapSearchApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/search", Search).WithTags("Search").WithName("Search")
            .WithSummary("Search every public item in every language; results in other languages are eligible and explained.");
        app.MapGet("/api/v1/search/suggest", Suggest).WithTags("Search").WithName("SuggestSearch")
            .WithSummary("Titles for a search box's type-ahead: the best matches of what has been typed so far.");
    }

    public sealed record Suggestion(string Title, string Url, string Type);

    /// <summary>GET /api/v1/search/suggest?q=&amp;lang=: up to 8 titles, in the reader's language where the item has one.</summary>
    private static async Task<Ok<List<Suggestion>>> Suggest(SiteSearch search, string? q, string? lang, CancellationToken ct)
    {
        var reader = lang is { Length: 2 } && lang.All(char.IsAsciiLetterLower) ? lang : "en";
        if (string.IsNullOrWhiteSpace(q) || q.Trim().Length < 2) return TypedResults.Ok(new List<Suggestion>());
        // The type-ahead never waits for a machine translation of the letters typed so far; it uses one already cached.
        var result = await search.SearchAsync(new SearchRequest(q, reader, new Dictionary<string, IReadOnlyList<string>>(), 1, 8), wait: false, ct);
        return TypedResults.Ok(result.Hits.Select(h => new Suggestion(h.Title, $"/{reader}/{SearchDocuments.PathOf(h.Type, h.Slug)}", h.Type)).ToList());
    }

    /// <summary>GET /api/v1/search?q=&amp;lang=&amp;type=&amp;page=&amp;pageSize=&amp;country=&amp;nuts=&amp;theme=&amp;target=&amp;habitat=&amp;language=</summary>
    private static async Task<Results<Ok<SearchResponse>, ValidationProblem>> Search(HttpContext http, SiteSearch search, string? q, string? lang, string[]? type,
        string? page, string? pageSize, string[]? country, string[]? nuts, string[]? theme, string[]? target, string[]? habitat, string[]? language,
        CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var pageNumber = 1;
        if (!string.IsNullOrEmpty(page) && (!int.TryParse(page, NumberStyles.None, CultureInfo.InvariantCulture, out pageNumber) || pageNumber is < 1 or > 500))
            errors["page"] = ["page must be a whole number from 1 to 500."];
        var size = 20;
        if (!string.IsNullOrEmpty(pageSize) && (!int.TryParse(pageSize, NumberStyles.None, CultureInfo.InvariantCulture, out size) || size is < 1 or > 100))
            errors["pageSize"] = ["pageSize must be a whole number from 1 to 100."];
        if (!string.IsNullOrEmpty(lang) && !(lang.Length == 2 && lang.All(char.IsAsciiLetterLower))) errors["lang"] = ["lang must be an ISO 639-1 code such as de."];
        var types = (type ?? []).SelectMany(t => t.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
        if (types.Any(t => !Types.Contains(t))) errors["type"] = [$"type must be among {string.Join(", ", Types)}."];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);

        var filters = new Dictionary<string, IReadOnlyList<string>>
        {
            ["type"] = types, ["country"] = Clean(country), ["nuts"] = Clean(nuts), ["theme"] = Clean(theme), ["target"] = Clean(target),
            ["habitat"] = Clean(habitat), ["language"] = Clean(language),
        };
        var reader = string.IsNullOrEmpty(lang) ? "en" : lang;
        var result = await search.SearchAsync(new SearchRequest(q ?? "", reader, filters, pageNumber, size), wait: true, ct);
        var origin = $"{http.Request.Scheme}://{http.Request.Host}";
        var items = result.Hits.Select(h => new SearchItem(h.Type, h.Id,
            h.TitleLanguage == h.OriginalLanguage || h.ReviewedInReaderLanguage ? h.Title : h.OriginalTitle,
            $"{origin}/{reader}/{SearchDocuments.PathOf(h.Type, h.Slug)}", h.Snippet, h.OriginalLanguage, h.SharedConcepts)).ToList();
        return TypedResults.Ok(new SearchResponse(result.Total, items,
            result.Facets.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<SearchFacetValue>)kv.Value.Select(v => new SearchFacetValue(v.Value, v.Count)).ToList())));
    }

    private static List<string> Clean(string[]? values) =>
        (values ?? []).Where(v => !string.IsNullOrWhiteSpace(v) && v.Length <= 64).Select(v => v.Trim()).Distinct().Take(20).ToList();
}

public static class SearchSetup
{
    public static void AddSearch(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<SearchOptions>().Bind(builder.Configuration.GetSection(SearchOptions.Section));
        builder.Services.AddSingleton<SearchIndex>();
        builder.Services.AddSingleton<ISearchIndex>(sp => sp.GetRequiredService<SearchIndex>());
        builder.Services.AddSingleton<QueryTranslator>();
        builder.Services.AddSingleton(sp => new SiteSearch(sp.GetRequiredService<ISearchIndex>(), sp.GetRequiredService<QueryTranslator>()));
        builder.Services.AddHostedService<SearchIndexer>();
    }
}
