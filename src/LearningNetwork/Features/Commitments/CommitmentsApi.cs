using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using LearningNetwork.Data;
using LearningNetwork.Domain;
using LearningNetwork.Features.ApiKeys;
using LearningNetwork.Features.Map;
using LearningNetwork.Features.Partners;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace LearningNetwork.Features.Commitments;

/// <summary>An indicator of a commitment, with where it stands.</summary>
/// <param name="Id">Stable numeric identifier (the <c>indicator</c> of a progress report).</param>
/// <param name="Label">What is measured, in the commitment's language.</param>
/// <param name="Unit">ha, km2, km, m, m2, trees, percent, count, species, pairs or people.</param>
/// <param name="Baseline">The value at the baseline date.</param>
/// <param name="BaselineDate">yyyy-MM-dd.</param>
/// <param name="Target">The value aimed at.</param>
/// <param name="TargetDate">yyyy-MM-dd.</param>
/// <param name="Latest">The latest reported value, or null.</param>
/// <param name="LatestDate">The date of the latest report (yyyy-MM-dd), or null.</param>
/// <param name="Progress">Share of the way from baseline to target covered by the latest value, 0 to 1; null without reports.</param>
/// <param name="Reports">How many progress reports it has.</param>
public sealed record CommitmentIndicatorDto(int Id, string Label, string Unit, double Baseline, string BaselineDate, double Target, string TargetDate,
    double? Latest, string? LatestDate, double? Progress, int Reports);

/// <summary>A commitment in a list: the shape every list of the API shares (PRODUCT.md, "API shapes").</summary>
/// <param name="Id">Stable numeric identifier.</param>
/// <param name="Title">The title, in the commitment's language.</param>
/// <param name="Url">Absolute URL of the commitment's page.</param>
/// <param name="Language">The language it is written in (ISO 639-1).</param>
/// <param name="Country">ISO 3166-1 alpha-2 of the committing partner.</param>
/// <param name="Partner">The committing organisation's name.</param>
/// <param name="PartnerId">The committing organisation's id (/api/v1/partners/{id}).</param>
/// <param name="StartDate">yyyy-MM-dd.</param>
/// <param name="Targets">Policy targets served, as framework:code (kmgbf:2, nrr:8, eubds:r7).</param>
/// <param name="Indicators">Its indicators with their latest value and progress.</param>
/// <param name="Demo">True for demonstration content.</param>
public sealed record CommitmentSummary(int Id, string Title, string Url, string Language, string Country, string Partner, int PartnerId,
    string StartDate, IReadOnlyList<string> Targets, IReadOnlyList<CommitmentIndicatorDto> Indicators, bool Demo);

public sealed record CommitmentList(int Total, int Page, int PageSize, IReadOnlyList<CommitmentSummary> Items);

/// <summary>One progress report.</summary>
public sealed record ProgressReportDto(int Id, int Indicator, double Value, string Unit, string Date, string? Note);

/// <summary>One commitment with its description and every progress report, oldest first.</summary>
public sealed record CommitmentDetails(int Id, string Title, string Description, string Url, string Language, string Country, string Partner,
    int PartnerId, string StartDate, IReadOnlyList<string> Targets, IReadOnlyList<CommitmentIndicatorDto> Indicators,
    IReadOnlyList<ProgressReportDto> Reports, bool Demo);

/// <summary>The body of <c>POST /api/v1/commitments/{id}/progress</c>.</summary>
/// <param name="Indicator">The indicator's id.</param>
/// <param name="Value">The measured value, in the indicator's unit.</param>
/// <param name="Unit">The unit of the value: must be the indicator's.</param>
/// <param name="Date">The day it was measured (yyyy-MM-dd), not before the commitment's start or the baseline date, not in the future.</param>
/// <param name="Note">Optional: how it was measured, what changed.</param>
public sealed record ProgressReportRequest(int Indicator, double Value, string Unit, string Date, string? Note);

public sealed record CommitmentPartnerProperties(int Id, string Slug, string Name, string Type, string Country, int Commitments);
public sealed record CommitmentPartnerLocation(string Type, Point Geometry, CommitmentPartnerProperties Properties);
public sealed record CommitmentPartnerLocations(string Type, IReadOnlyList<CommitmentPartnerLocation> Features);

public static class CommitmentsApi
{
    public static void AddCommitments(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<CommitmentEditor>();
        builder.Services.AddScoped<CommitmentCatalogue>();
        builder.Services.AddScoped<CommitmentFigures>();
    }

    public static void MapCommitmentsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/commitments").WithTags("Commitments");
        group.MapGet("/", ListAsync).WithName("ListCommitments").WithSummary("Partners' commitments with their indicators and progress, page by page.");
        group.MapGet("/{id:int}", GetAsync).WithName("GetCommitment").WithSummary("One commitment with every progress report.");
        group.MapGet("/figures", FiguresAsync).WithName("CommitmentFigures")
            .WithSummary("The network's contribution per target and per country: partners committed, indicators, average progress.");
        group.MapGet("/partners", PartnersAsync).WithName("ListCommittedPartnerLocations")
            .WithSummary("Every partner with a commitment (to a target of one framework) as a GeoJSON point, with its number of commitments.");
        app.MapGroup("/api/v1/commitments").WithTags("Commitments")
            .RequireAuthorization(p => p.AddAuthenticationSchemes(ApiKeyAuthentication.SchemeName).RequireClaim(ApiKeyAuthentication.ScopeClaim, ApiScopes.CommitmentsWrite))
            .MapPost("/{id:int}/progress", ReportAsync).WithName("ReportProgress")
            .WithSummary("Report progress on one of your partner's commitments (API key with scope commitments:write).")
            .Accepts<ProgressReportRequest>("application/json");
    }

    /// <summary>GET /api/v1/commitments?page=&amp;pageSize=&amp;target=&amp;framework=&amp;country=</summary>
    private static async Task<Results<Ok<CommitmentList>, ValidationProblem>> ListAsync(HttpContext http, CommitmentCatalogue catalogue,
        string? page, string? pageSize, string? target, string? framework, string? country, CancellationToken ct)
    {
        var (query, errors) = CommitmentQueryParser.Parse(new CommitmentQueryValues(target, framework, country, page, pageSize));
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        var result = await catalogue.ListAsync(query!, ct);
        return TypedResults.Ok(new CommitmentList(result.Total, result.Page, result.PageSize, result.Items.Select(c => Summary(http, c)).ToList()));
    }

    private static async Task<Results<Ok<CommitmentDetails>, ProblemHttpResult>> GetAsync(HttpContext http, CommitmentCatalogue catalogue, int id, CancellationToken ct)
    {
        var c = await catalogue.FindAsync(id, ct);
        if (c is null) return TypedResults.Problem(statusCode: 404, title: "Not found", detail: $"There is no commitment {id}.");
        var s = Summary(http, c);
        var reports = c.Indicators.OrderBy(i => i.Position).SelectMany(i => i.Reports.Select(r => (Indicator: i, Report: r)))
            .OrderBy(x => x.Report.Date).ThenBy(x => x.Report.Id)
            .Select(x => new ProgressReportDto(x.Report.Id, x.Indicator.Id, x.Report.Value, x.Indicator.Unit, CommitmentEditor.Iso(x.Report.Date), x.Report.Note))
            .ToList();
        return TypedResults.Ok(new CommitmentDetails(s.Id, s.Title, c.Description, s.Url, s.Language, s.Country, s.Partner, s.PartnerId, s.StartDate,
            s.Targets, s.Indicators, reports, s.Demo));
    }

    /// <summary>GET /api/v1/commitments/figures?framework=</summary>
    private static async Task<Results<Ok<NetworkFigures>, ValidationProblem>> FiguresAsync(CommitmentFigures figures, string? framework, CancellationToken ct)
    {
        if (!string.IsNullOrEmpty(framework) && !CommitmentQueryParser.Frameworks.Contains(framework))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["framework"] = ["framework must be one of kmgbf, eubds, nrr, habitats, birds."] });
        var f = await figures.ComputeAsync(string.IsNullOrEmpty(framework) ? null : framework, ct);
        return TypedResults.Ok(f with
        {
            AverageProgress = Round(f.AverageProgress),
            PerTarget = f.PerTarget.Select(t => t with { AverageProgress = Round(t.AverageProgress) }).ToList(),
            PerCountry = f.PerCountry.Select(c => c with { AverageProgress = Round(c.AverageProgress) }).ToList(),
        });
    }

    /// <summary>Partners with commitments as points: their own location, or the centre of their NUTS region.</summary>
    private static async Task<Results<Ok<CommitmentPartnerLocations>, ValidationProblem>> PartnersAsync(LearningNetworkDb db, string? framework, CancellationToken ct)
    {
        if (!string.IsNullOrEmpty(framework) && !CommitmentQueryParser.Frameworks.Contains(framework))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["framework"] = ["framework must be one of kmgbf, eubds, nrr, habitats, birds."] });
        var prefix = framework + ":";
        var counts = await db.Commitments.AsNoTracking()
            .Where(c => string.IsNullOrEmpty(framework) || c.Targets.Any(t => t.Code.StartsWith(prefix)))
            .GroupBy(c => c.PartnerId).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        var ids = counts.Keys.ToList();
        var partners = await db.Partners.AsNoTracking().Where(p => ids.Contains(p.Id)).OrderBy(p => p.Name)
            .Select(p => new { p.Id, p.Slug, p.Name, p.Type, p.CountryCode, p.NutsCode, p.Latitude, p.Longitude }).ToListAsync(ct);
        var codes = partners.Where(p => p.Latitude is null && p.NutsCode != null).Select(p => p.NutsCode!).Distinct().ToList();
        var centres = await db.NutsRegions.AsNoTracking().Where(r => codes.Contains(r.Code))
            .ToDictionaryAsync(r => r.Code, r => (r.CentroidLongitude, r.CentroidLatitude), ct);
        var features = new List<CommitmentPartnerLocation>();
        foreach (var p in partners)
        {
            double lon, lat;
            if (p.Latitude is { } la && p.Longitude is { } lo) (lon, lat) = (lo, la);
            else if (p.NutsCode is not null && centres.TryGetValue(p.NutsCode, out var c) && c.CentroidLatitude is { } cla && c.CentroidLongitude is { } clo) (lon, lat) = (clo, cla);
            else continue;
            features.Add(new CommitmentPartnerLocation("Feature", new Point("Point", [Math.Round(lon, 5), Math.Round(lat, 5)]),
                new CommitmentPartnerProperties(p.Id, p.Slug, p.Name, PartnersApi.TypeCode(p.Type), p.CountryCode, counts[p.Id])));
        }
        return TypedResults.Ok(new CommitmentPartnerLocations("FeatureCollection", features));
    }

    /// <summary>
    /// POST /api/v1/commitments/{id}/progress: the committing partner's own systems report a value. Errors are problem
    /// details; validation messages are in the language of Accept-Language.
    /// </summary>
    private static async Task<Results<Created<ProgressReportDto>, ValidationProblem, ProblemHttpResult>> ReportAsync(int id, HttpContext http,
        ClaimsPrincipal user, CommitmentCatalogue catalogue, CommitmentEditor editor, IStringLocalizer<SharedResource> text, CancellationToken ct)
    {
        var commitment = await catalogue.FindAsync(id, ct);
        if (commitment is null) return TypedResults.Problem(statusCode: 404, title: "Not found", detail: $"There is no commitment {id}.");
        var partner = int.Parse(user.FindFirstValue(ApiKeyAuthentication.PartnerClaim)!, CultureInfo.InvariantCulture);
        if (commitment.PartnerId != partner)
            return TypedResults.Problem(statusCode: 403, title: "Not your partner's commitment", detail: "Only the committing organisation reports its progress.");

        JsonElement body;
        try
        {
            body = await JsonSerializer.DeserializeAsync<JsonElement>(http.Request.Body, cancellationToken: ct);
        }
        catch (JsonException e)
        {
            return TypedResults.Problem(statusCode: 400, title: "The body is not valid JSON", detail: e.Message);
        }
        if (body.ValueKind != JsonValueKind.Object)
            return TypedResults.Problem(statusCode: 400, title: "The body is not a JSON object", detail: "Send {\"indicator\", \"value\", \"unit\", \"date\", \"note\"}.");
        var input = new ProgressInput(Field(body, "indicator"), Field(body, "value"), Field(body, "unit"), Field(body, "date"), Field(body, "note"));
        var (errors, values) = editor.ValidateReport(commitment, input, unitRequired: true);
        if (values is null)
            return TypedResults.ValidationProblem(errors.ToDictionary(e => JsonNamingPolicy.CamelCase.ConvertName(e.Key), e => new[] { CommitmentMessages.Format(text, e.Value) }));
        var report = await editor.ReportAsync(commitment, values, user.FindFirstValue(ClaimTypes.NameIdentifier), ct);
        return TypedResults.Created($"/api/v1/commitments/{id}",
            new ProgressReportDto(report.Id, values.Indicator.Id, report.Value, values.Indicator.Unit, CommitmentEditor.Iso(report.Date), report.Note));
    }

    /// <summary>A JSON member as the text it holds (numbers in their invariant form), so that validation sees what was sent.</summary>
    private static string? Field(JsonElement body, string name)
    {
        if (!body.TryGetProperty(name, out var v)) return null;
        return v.ValueKind switch
        {
            JsonValueKind.String => v.GetString(),
            JsonValueKind.Number => v.GetRawText(),
            JsonValueKind.Null => null,
            _ => "\u0000" + v.ValueKind, // neither text nor number: refused by the field's own check
        };
    }

    internal static CommitmentSummary Summary(HttpContext http, Commitment c) => new(c.Id, c.Title,
        $"{http.Request.Scheme}://{http.Request.Host}/en/commitments/{c.Id}",
        c.Language, c.Partner!.CountryCode, c.Partner.Name, c.PartnerId, CommitmentEditor.Iso(c.StartDate),
        c.Targets.Select(t => t.Code).Order(StringComparer.Ordinal).ToList(),
        c.Indicators.OrderBy(i => i.Position).Select(Indicator).ToList(), c.IsDemo);

    internal static CommitmentIndicatorDto Indicator(CommitmentIndicator i)
    {
        var latest = IndicatorProgress.Latest(i.Reports);
        return new CommitmentIndicatorDto(i.Id, i.Label, i.Unit, i.Baseline, CommitmentEditor.Iso(i.BaselineDate), i.Target, CommitmentEditor.Iso(i.TargetDate),
            latest?.Value, latest is null ? null : CommitmentEditor.Iso(latest.Date), Round(IndicatorProgress.Share(i.Baseline, i.Target, latest?.Value)), i.Reports.Count);
    }

    private static double? Round(double? value) => value is { } v ? Math.Round(v, 4) : null;
}
