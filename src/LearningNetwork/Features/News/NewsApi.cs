using System.Globalization;
using LearningNetwork.Data;
using LearningNetwork.Features.OpenData;
using LearningNetwork.Features.Practices;
using LearningNetwork.Infrastructure.Localization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace LearningNetwork.Features.News;

public sealed record NewsSummary(int Id, string Slug, string Title, string Url, string Language, string? Country, string Summary, string PublishedAt,
    int? PartnerId, string? Partner, IReadOnlyList<string> Languages, bool IsDemo);

public sealed record NewsList(int Total, int Page, int PageSize, IReadOnlyList<NewsSummary> Items);

public sealed record NewsTextDetails(string Language, string Title, string Summary, string Body);

public sealed record NewsDetails(int Id, string Slug, string Url, string OriginalLanguage, string PublishedAt, int? PartnerId, string? Partner,
    IReadOnlyList<int> Themes, IReadOnlyList<NewsTextDetails> Texts, bool IsDemo);

/// <summary>
/// <c>GET /api/v1/news</c> (the list shape of every list: total and items with id, slug, title, url, language, country),
/// <c>GET /api/v1/news/{id}</c> with every language version, and the Atom feed <c>/feeds/news.atom?lang=xx</c> (texts in that
/// language where a version exists, links to the pages in it). Only published news; an item dated ahead is a 404 until then.
/// </summary>
public static class NewsApi
{
    public static void AddNews(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<NewsEditor>();
        builder.Services.AddScoped<NewsCatalogue>();
        builder.AddNewsletters();
    }

    public static void MapNews(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/news").WithTags("News");
        group.MapGet("/", ListAsync).WithName("ListNews").WithSummary("Published news of the network and its partners, newest first, page by page.");
        group.MapGet("/{id:int}", GetAsync).WithName("GetNews").WithSummary("One news item with all its language versions.");
        app.MapGet("/feeds/news.atom", FeedAsync).ExcludeFromDescription();
    }

    /// <summary>GET /api/v1/news?page=&amp;pageSize=&amp;q=&amp;lang=&amp;partner=&amp;theme=</summary>
    private static async Task<Results<Ok<NewsList>, ValidationProblem>> ListAsync(HttpContext http, NewsCatalogue catalogue, string? page, string? pageSize,
        string? q, string? lang, string? partner, string? theme, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        int Whole(string? value, string name, int fallback, int max)
        {
            if (string.IsNullOrEmpty(value)) return fallback;
            if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1 && n <= max) return n;
            errors[name] = [$"{name} must be a whole number from 1 to {max.ToString(CultureInfo.InvariantCulture)}."];
            return fallback;
        }
        var p = Whole(page, "page", 1, 100_000);
        var size = Whole(pageSize, "pageSize", 20, NewsCatalogue.MaxPageSize);
        int? partnerId = string.IsNullOrEmpty(partner) ? null : Whole(partner, "partner", 0, int.MaxValue);
        int? themeId = string.IsNullOrEmpty(theme) ? null : Whole(theme, "theme", 0, int.MaxValue);
        if (lang is not null && !PracticeQueryParser.IsLanguageCode(lang)) errors["lang"] = ["lang must be an ISO 639-1 code in small letters, such as de."];
        if (q is { Length: > 200 }) errors["q"] = ["q must be at most 200 characters."];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        var result = await catalogue.ListAsync(lang, p, size, ct, partnerId, themeId, q);
        var origin = Origin(http);
        return TypedResults.Ok(new NewsList(result.Total, p, size, result.Items.Select(n => new NewsSummary(n.Id, n.Slug, n.Title, $"{origin}/en/news/{n.Slug}",
            n.Language, n.Country, n.Summary, Iso(n.PublishedAt), n.PartnerId, n.PartnerName, n.Languages, n.IsDemo)).ToList()));
    }

    private static async Task<Results<Ok<NewsDetails>, ProblemHttpResult>> GetAsync(HttpContext http, LearningNetworkDb db, NewsCatalogue catalogue, int id, CancellationToken ct)
    {
        var slug = await db.NewsItems.AsNoTracking().Where(n => n.Id == id).Select(n => n.Slug).FirstOrDefaultAsync(ct);
        var item = slug is null ? null : await catalogue.FindAsync(slug, ct);
        if (item is null || !catalogue.IsPublished(item)) return TypedResults.Problem(statusCode: 404, title: "Not found", detail: $"There is no published news item {id}.");
        return TypedResults.Ok(new NewsDetails(item.Id, item.Slug, $"{Origin(http)}/en/news/{item.Slug}", item.OriginalLanguage, Iso(item.PublishedAt), item.PartnerId,
            item.Partner?.Name, item.Themes.Select(t => t.ConceptId).Order().ToList(),
            item.Texts.OrderBy(t => t.Language != item.OriginalLanguage).ThenBy(t => t.Language, StringComparer.Ordinal)
                .Select(t => new NewsTextDetails(t.Language, t.Title, t.Summary, t.Body)).ToList(), item.IsDemo));
    }

    /// <summary>/feeds/news.atom?lang=xx: the 50 latest news items.</summary>
    private static async Task<IResult> FeedAsync(HttpContext http, NewsCatalogue catalogue, SupportedLanguages languages, TimeProvider clock, CancellationToken ct)
    {
        var lang = http.Request.Query["lang"].ToString() is { Length: > 0 } l ? l : null;
        if (lang is not null && !PracticeQueryParser.IsLanguageCode(lang))
            return Results.Problem(statusCode: 400, title: "Invalid lang", detail: "lang must be an ISO 639-1 code in small letters, such as de.");
        var pages = languages.IsSupported(lang) ? lang! : SupportedLanguages.Default;
        var origin = Origin(http);
        var news = await catalogue.ListAsync(lang, 1, 50, ct);
        var entries = news.Items.Select(n => new AtomEntry($"{origin}/en/news/{n.Slug}", n.Title, n.Language, n.PublishedAt, n.PartnerName, n.Summary,
            [new("alternate", $"{origin}/{pages}/news/{n.Slug}", "text/html"), new("alternate", $"{origin}/api/v1/news/{n.Id}", "application/json")])).ToList();
        return AtomFeedWriter.Result($"{origin}/feeds/news.atom", "News", null,
            [new("self", $"{origin}/feeds/news.atom" + (lang is null ? "" : "?lang=" + lang), AtomFeedWriter.MediaType), new("alternate", $"{origin}/{pages}/news", "text/html")],
            entries, clock.GetUtcNow().UtcDateTime);
    }

    internal static string Origin(HttpContext http) => $"{http.Request.Scheme}://{http.Request.Host}";

    internal static string Iso(DateTime utc) => DateTime.SpecifyKind(utc, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
