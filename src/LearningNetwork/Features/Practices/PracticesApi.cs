using System.Globalization;
using LearningNetwork.Domain;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LearningNetwork.Features.Practices;

/// <summary>A practice in a list: the shape every list of the API shares (PRODUCT.md, "API shapes").</summary>
/// <param name="Id">Stable numeric identifier.</param>
/// <param name="Slug">URL segment of the practice's page.</param>
/// <param name="Title">The title in the original language, or in <c>lang</c> when a reviewed translation exists.</param>
/// <param name="Url">Absolute URL of the practice's page.</param>
/// <param name="Language">The original language (ISO 639-1).</param>
/// <param name="Country">ISO 3166-1 alpha-2 of the practice's place.</param>
/// <param name="Summary">The summary, in the same language as the title.</param>
/// <param name="Partner">The owning organisation's name.</param>
/// <param name="Status">ongoing, completed or discontinued.</param>
/// <param name="Stage">published or archived.</param>
/// <param name="Languages">Every language the practice can be read in.</param>
/// <param name="Targets">Policy targets served, as framework:code (kmgbf:2, nrr:8).</param>
/// <param name="Transfers">How many times others transferred or adapted it.</param>
/// <param name="ReviewBy">The date by which its owners review it (yyyy-MM-dd).</param>
/// <param name="Overdue">The review-by date has passed.</param>
/// <param name="Demo">True for demonstration content.</param>
public sealed record PracticeSummary(int Id, string Slug, string Title, string Url, string Language, string Country, string Summary,
    string Partner, string Status, string Stage, IReadOnlyList<string> Languages, IReadOnlyList<string> Targets, int Transfers,
    string? ReviewBy, bool Overdue, bool Demo);

public sealed record PracticeList(int Total, int Page, int PageSize, IReadOnlyList<PracticeSummary> Items);

public sealed record PracticeTextDto(string Language, string Origin, bool Reviewed, string Title, string Summary, string? Description,
    string? Challenge, string? PolicyBackground, string? Objectives, string? Actions, string? HowBlocksFit, string? Stakeholders,
    string? Beneficiaries, string? CostsBenefits, string? CoBenefits, string? SuccessFactors, string? Difficulties, string? Transferability,
    IReadOnlyList<string> Keywords);

public sealed record BuildingBlockDto(int Id, IReadOnlyList<BuildingBlockTextDto> Texts);

public sealed record BuildingBlockTextDto(string Language, string Title, string? Description, string? EnablingFactors, string? LessonsLearned);

public sealed record ResultDto(string Label, double Value, string Unit, double? Baseline, int? Year, string? Indicator);

public sealed record TransferDto(int Id, int SourcePractice, int? AdoptedPractice, string AdoptingPartner, string Scope,
    IReadOnlyList<int> Blocks, string TransferredOn, string WhatChanged, string? Result);

public sealed record AttachmentDto(string Id, string Kind, string FileName, string ContentType, long Size, string Url, string? Caption,
    string? Credit, string? Licence);

public sealed record PracticeDetails(int Id, string Slug, string Url, string Language, string Country, string? Nuts, string? Lau,
    double? Latitude, double? Longitude, string? Place, string GovernanceLevel, string? Scale, string Partner, int PartnerId, IReadOnlyList<int> Contributors,
    string Status, string Stage, string? StartDate, string? EndDate, double? BudgetEur, double? StaffFte, int? MonthsToImplement,
    int? ExpectedLifetimeYears, string? PublishedAt, string? ReviewBy, string? LastReviewedAt, IReadOnlyList<PracticeTextDto> Texts,
    IReadOnlyList<BuildingBlockDto> BuildingBlocks, IReadOnlyList<ResultDto> Results, IReadOnlyDictionary<string, IReadOnlyList<string>> Classifications,
    IReadOnlyList<TransferDto> TransfersOut, IReadOnlyList<TransferDto> TransfersIn, IReadOnlyList<AttachmentDto> Attachments, bool Demo);

public static class PracticesApi
{
    public static void MapPracticesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/practices").WithTags("Practices");
        group.MapGet("/", ListAsync).WithName("ListPractices").WithSummary("Published good practices, page by page.");
        group.MapGet("/{id:int}", GetAsync).WithName("GetPractice").WithSummary("One published or archived practice, in every language it has.");
    }

    /// <summary>GET /api/v1/practices?page=&amp;pageSize=&amp;q=&amp;country=&amp;theme=&amp;habitat=&amp;target=&amp;language=&amp;status=&amp;stage=&amp;overdue=&amp;sort=&amp;lang=</summary>
    private static async Task<Results<Ok<PracticeList>, ValidationProblem>> ListAsync(HttpContext http, PracticeCatalogue catalogue,
        string? page, string? pageSize, string? q, string? country, string? theme, string? habitat, string? target, string? language,
        string? status, string? stage, string? overdue, string? sort, string? lang, CancellationToken ct)
    {
        var (query, errors) = PracticeQueryParser.Parse(new PracticeQueryValues(q, country, theme, habitat, target, language, status, stage, overdue, sort, page, pageSize));
        if (!string.IsNullOrEmpty(lang) && !PracticeQueryParser.IsLanguageCode(lang)) errors["lang"] = ["lang must be an ISO 639-1 code in small letters, such as de."];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        var reader = string.IsNullOrEmpty(lang) ? "" : lang; // no lang: every item in its own language
        var result = await catalogue.ListAsync(query!, reader, ct);
        var items = result.Items.Select(p => new PracticeSummary(p.Id, p.Slug,
            // The contract: the item's own language unless a reviewed translation into lang exists.
            p.IsFallback || p.Reviewed ? p.Title : p.OriginalTitle, PageUrl(http, reader.Length == 0 ? "en" : reader, p.Slug), p.OriginalLanguage, p.CountryCode, p.Summary,
            p.PartnerName, Code(p.Status), Code(p.Stage), p.Languages, p.Targets, p.TransferCount, p.ReviewBy?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            p.Overdue, p.IsDemo)).ToList();
        return TypedResults.Ok(new PracticeList(result.Total, result.Page, result.PageSize, items));
    }

    private static async Task<Results<Ok<PracticeDetails>, ProblemHttpResult>> GetAsync(HttpContext http, PracticeCatalogue catalogue, int id, CancellationToken ct)
    {
        var p = await catalogue.FindAsync(id, ct);
        if (p is null || p.Stage is not (PracticeStage.Published or PracticeStage.Archived))
            return TypedResults.Problem(statusCode: 404, title: "Not found", detail: $"There is no published practice {id}.");
        var transfers = await catalogue.TransfersAsync(p.Id, "en", ct);
        var contributors = p.Contributors.Select(c => c.PartnerId).ToList();
        return TypedResults.Ok(new PracticeDetails(p.Id, p.Slug, PageUrl(http, "en", p.Slug), p.OriginalLanguage, p.CountryCode, p.NutsCode, p.LauCode,
            p.Latitude, p.Longitude, p.PlaceName, Code(p.GovernanceLevel), p.Scale, p.Partner!.Name, p.PartnerId,
            contributors.Order().ToList(), Code(p.Status), Code(p.Stage),
            Date(p.StartDate), Date(p.EndDate), p.BudgetEur, p.StaffFte, p.MonthsToImplement, p.ExpectedLifetimeYears,
            p.PublishedAt?.ToString("o", CultureInfo.InvariantCulture), Date(p.ReviewBy), p.LastReviewedAt?.ToString("o", CultureInfo.InvariantCulture),
            p.Texts.OrderBy(t => t.Language == p.OriginalLanguage ? 0 : 1).ThenBy(t => t.Language, StringComparer.Ordinal).Select(TextDto).ToList(),
            p.Blocks.OrderBy(b => b.Position).Select(b => new BuildingBlockDto(b.Id, b.Texts.Select(t =>
                new BuildingBlockTextDto(t.Language, t.Title, t.Description, t.EnablingFactors, t.LessonsLearned)).ToList())).ToList(),
            p.Results.OrderBy(r => r.Position).Select(r => new ResultDto(r.Label, r.Value, r.Unit, r.Baseline, r.Year, r.Indicator)).ToList(),
            p.Tags.GroupBy(t => t.Scheme).ToDictionary(g => g.Key, g => (IReadOnlyList<string>)g.Select(t => t.Code).Order(StringComparer.Ordinal).ToList()),
            transfers.Out.Select(Transfer).ToList(), transfers.In.Select(Transfer).ToList(),
            p.Attachments.OrderBy(a => a.CreatedAt).Select(a => new AttachmentDto(a.Id.ToString(), Code(a.Kind), a.FileName, a.ContentType, a.SizeBytes,
                $"{http.Request.Scheme}://{http.Request.Host}/files/practices/{a.Id}", a.Caption, a.Credit, a.Licence)).ToList(),
            p.IsDemo));
    }

    private static TransferDto Transfer(TransferLine l) => new(l.Transfer.Id, l.Transfer.SourcePracticeId, l.Transfer.AdoptedPracticeId, l.PartnerName,
        Code(l.Transfer.Scope), l.Transfer.Blocks.Select(b => b.BuildingBlockId).ToList(), l.Transfer.TransferredOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        l.Transfer.WhatChanged, l.Transfer.Result);

    private static PracticeTextDto TextDto(PracticeText t) => new(t.Language, Code(t.Origin), t.Reviewed, t.Title, t.Summary, t.Description, t.Challenge,
        t.PolicyBackground, t.Objectives, t.Actions, t.HowBlocksFit, t.Stakeholders, t.Beneficiaries, t.CostsBenefits, t.CoBenefits, t.SuccessFactors,
        t.Difficulties, t.Transferability, PracticeKeywords.Split(t.Keywords));

    private static string? Date(DateOnly? d) => d?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    internal static string PageUrl(HttpContext http, string lang, string slug) => $"{http.Request.Scheme}://{http.Request.Host}/{lang}/practices/{slug}";

    /// <summary>The public code of an enum value: lower case, words joined by '-' (cross-border, own-budget).</summary>
    public static string Code<T>(T value) where T : struct, Enum
    {
        var name = value.ToString();
        var sb = new System.Text.StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (i > 0 && char.IsUpper(name[i])) sb.Append('-');
            sb.Append(char.ToLowerInvariant(name[i]));
        }
        return sb.ToString();
    }

    public static T? ParseCode<T>(string? code) where T : struct, Enum =>
        Enum.GetValues<T>().Cast<T?>().FirstOrDefault(v => Code(v!.Value) == code);
}

public static class PracticeKeywords
{
    public static IReadOnlyList<string> Split(string? keywords) =>
        string.IsNullOrWhiteSpace(keywords) ? [] : keywords.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public static string? Join(IEnumerable<string> keywords)
    {
        var list = keywords.Select(k => k.Trim()).Where(k => k.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        return list.Count == 0 ? null : string.Join("; ", list);
    }
}

/// <summary>The query-string values of a practice list, as received.</summary>
public sealed record PracticeQueryValues(string? Q = null, string? Country = null, string? Theme = null, string? Habitat = null, string? Target = null,
    string? Language = null, string? Status = null, string? Stage = null, string? Overdue = null, string? Sort = null, string? Page = null, string? PageSize = null);

/// <summary>Turns query-string values into a <see cref="PracticeQuery"/>, or into errors keyed by parameter.</summary>
public static class PracticeQueryParser
{
    public static bool IsLanguageCode(string? v) => v is { Length: 2 } && v.All(char.IsAsciiLetterLower);

    public static (PracticeQuery? Query, Dictionary<string, string[]> Errors) Parse(PracticeQueryValues v)
    {
        var errors = new Dictionary<string, string[]>();
        var page = 1;
        if (!string.IsNullOrEmpty(v.Page) && (!int.TryParse(v.Page, NumberStyles.None, CultureInfo.InvariantCulture, out page) || page < 1 || page > 100_000))
            errors["page"] = ["page must be a whole number from 1 to 100000."];
        var size = PracticeCatalogue.DefaultPageSize;
        if (!string.IsNullOrEmpty(v.PageSize) && (!int.TryParse(v.PageSize, NumberStyles.None, CultureInfo.InvariantCulture, out size) || size < 1 || size > PracticeCatalogue.MaxPageSize))
            errors["pageSize"] = [$"pageSize must be a whole number from 1 to {PracticeCatalogue.MaxPageSize}."];
        if (v.Q is { Length: > 200 }) errors["q"] = ["q must be at most 200 characters."];
        if (!string.IsNullOrEmpty(v.Country) && !(v.Country.Length == 2 && v.Country.All(char.IsAsciiLetterUpper)))
            errors["country"] = ["country must be an ISO 3166-1 alpha-2 code in capitals, such as DE."];
        int? theme = null;
        if (!string.IsNullOrEmpty(v.Theme))
        {
            if (int.TryParse(v.Theme, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0) theme = id;
            else errors["theme"] = ["theme must be a GEMET concept id, a whole number."];
        }
        if (!string.IsNullOrEmpty(v.Habitat) && !(v.Habitat.Length <= 10 && v.Habitat.All(c => char.IsAsciiLetterOrDigit(c) || c == '.')))
            errors["habitat"] = ["habitat must be a EUNIS habitat code such as D or C1."];
        if (!string.IsNullOrEmpty(v.Target) && !IsTargetCode(v.Target))
            errors["target"] = ["target must be a framework (kmgbf, eubds, nrr, habitats, birds) or framework:code such as kmgbf:2 or nrr:8."];
        if (!string.IsNullOrEmpty(v.Language) && !IsLanguageCode(v.Language))
            errors["language"] = ["language must be an ISO 639-1 code in small letters, such as pl."];
        PracticeStatus? status = null;
        if (!string.IsNullOrEmpty(v.Status))
        {
            status = PracticesApi.ParseCode<PracticeStatus>(v.Status);
            if (status is null) errors["status"] = ["status must be one of ongoing, completed, discontinued."];
        }
        var stage = PracticeStage.Published;
        if (!string.IsNullOrEmpty(v.Stage))
        {
            if (v.Stage == "archived") stage = PracticeStage.Archived;
            else if (v.Stage != "published") errors["stage"] = ["stage must be published or archived."];
        }
        var overdue = false;
        if (!string.IsNullOrEmpty(v.Overdue))
        {
            if (v.Overdue is "true" or "1") overdue = true;
            else if (v.Overdue is not ("false" or "0")) errors["overdue"] = ["overdue must be true or false."];
        }
        var sort = PracticeSort.Newest;
        if (!string.IsNullOrEmpty(v.Sort))
        {
            var s = v.Sort switch
            {
                "newest" => PracticeSort.Newest, "title" => PracticeSort.Title, "country" => PracticeSort.Country,
                "transfers" => PracticeSort.Transfers, "review-by" => PracticeSort.ReviewBy, _ => (PracticeSort?)null,
            };
            if (s is { } ok) sort = ok;
            else errors["sort"] = ["sort must be one of newest, title, country, transfers, review-by."];
        }
        return errors.Count > 0 ? (null, errors) : (new PracticeQuery
        {
            Q = string.IsNullOrWhiteSpace(v.Q) ? null : v.Q, Country = Null(v.Country), Theme = theme, Habitat = Null(v.Habitat), Target = Null(v.Target),
            Language = Null(v.Language), Status = status, Stage = stage, OverdueOnly = overdue, Sort = sort, Page = page, PageSize = size,
        }, errors);
    }

    public static readonly IReadOnlyList<string> Frameworks = ["kmgbf", "eubds", "nrr", "habitats", "birds"];

    public static bool IsTargetCode(string v)
    {
        var parts = v.Split(':');
        if (parts.Length > 2 || !Frameworks.Contains(parts[0])) return false;
        return parts.Length == 1 || (parts[1].Length is > 0 and <= 40 && parts[1].All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'));
    }

    private static string? Null(string? v) => string.IsNullOrEmpty(v) ? null : v;
}
