using System.Globalization;
using LearningNetwork.Data;
using LearningNetwork.Domain;
using LearningNetwork.Features.Marketplace;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace LearningNetwork.Features.Programmes;

/// <summary>A programme in a list (PRODUCT.md, "API shapes").</summary>
/// <param name="Id">Stable numeric identifier.</param>
/// <param name="Slug">URL segment of its page.</param>
/// <param name="Title">In its own language.</param>
/// <param name="Url">Absolute URL of its page.</param>
/// <param name="Language">The language it is written in (ISO 639-1).</param>
/// <param name="Country">ISO 3166-1 alpha-2 of the applying partner.</param>
/// <param name="Kind">peer-review, study-visit or twinning.</param>
/// <param name="Stage">applied, accepted, reported, completed or declined.</param>
/// <param name="Partner">The applying partner (the one reviewed, the visitors, the first twin).</param>
/// <param name="PartnerId">Its id.</param>
/// <param name="SecondPartner">The host of a study visit or the other twin; null for peer reviews.</param>
/// <param name="Peers">The peer partners chosen for a peer review.</param>
/// <param name="StartDate">Planned start (study visits, twinnings), yyyy-MM-dd.</param>
/// <param name="EndDate">Planned end, yyyy-MM-dd.</param>
/// <param name="ReportedAt">When the report came in (UTC).</param>
/// <param name="Recommendations">How many recommendations the report makes.</param>
/// <param name="TakenUp">How many of them the partner has taken up.</param>
/// <param name="Themes">GEMET concept ids.</param>
/// <param name="Targets">Policy targets, as framework:code.</param>
/// <param name="Demo">True for demonstration content.</param>
public sealed record ProgrammeItem(int Id, string Slug, string Title, string Url, string Language, string Country, string Kind, string Stage, string Partner,
    int PartnerId, string? SecondPartner, IReadOnlyList<string> Peers, string? StartDate, string? EndDate, string? ReportedAt, int Recommendations, int TakenUp,
    IReadOnlyList<int> Themes, IReadOnlyList<string> Targets, bool Demo);

public sealed record ProgrammeList(int Total, int Page, int PageSize, IReadOnlyList<ProgrammeItem> Items);

public static class ProgrammesApi
{
    public static void MapProgrammesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/programmes").WithTags("Programmes");
        group.MapGet("/", ListAsync).WithName("ListProgrammes")
            .WithSummary("Peer reviews, study visits and twinnings, newest first; filters: q (words of the title or description), kind, stage, theme (GEMET id), target (framework:code).");
    }

    private static async Task<Results<Ok<ProgrammeList>, ValidationProblem>> ListAsync(HttpContext http, ProgrammeCatalogue catalogue, string? page, string? pageSize,
        string? q, string? kind, string? stage, string? theme, string? target, CancellationToken ct)
    {
        var (query, errors) = ProgrammeCatalogue.Parse(q, kind, stage, theme, target, page, pageSize);
        if (query is null) return TypedResults.ValidationProblem(errors.ToDictionary(e => e, e => new[] { $"{e} is not valid." }));
        var list = await catalogue.ListAsync(query, ct);
        var inv = CultureInfo.InvariantCulture;
        return TypedResults.Ok(new ProgrammeList(list.Total, list.Page, list.PageSize, list.Items.Select(c => new ProgrammeItem(c.Id, c.Slug, c.Title,
            $"{http.Request.Scheme}://{http.Request.Host}/en/programmes/{c.Slug}", c.Language, c.Country, Codes.Of(c.Kind), Codes.Of(c.Stage), c.PartnerName, c.PartnerId,
            c.SecondPartnerName, c.Peers, c.StartsOn?.ToString("yyyy-MM-dd", inv), c.EndsOn?.ToString("yyyy-MM-dd", inv),
            c.ReportedAt is { } at ? DateTime.SpecifyKind(at, DateTimeKind.Utc).ToString("O", inv) : null, c.Recommendations, c.TakenUp, c.Themes, c.Targets, c.IsDemo)).ToList()));
    }
}
