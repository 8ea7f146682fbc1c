using System.Globalization;
using LearningNetwork.Domain;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LearningNetwork.Features.Partners;

/// <summary>A partner in a list: the shape every list of the API shares (PRODUCT.md, "API shapes").</summary>
/// <param name="Id">Stable numeric identifier.</param>
/// <param name="Slug">URL segment of the partner's page.</param>
/// <param name="Title">The organisation's name.</param>
/// <param name="Url">Absolute URL of the partner's page, in English.</param>
/// <param name="Language">Language of the partner's own description (ISO 639-1).</param>
/// <param name="Country">ISO 3166-1 alpha-2.</param>
/// <param name="Type">region, municipality, association, network or expert-body.</param>
/// <param name="Nuts">NUTS 2024 code of the region, or of the NUTS 3 unit a municipality lies in.</param>
/// <param name="Languages">Working languages (ISO 639-1).</param>
/// <param name="Demo">True for demonstration content.</param>
/// <param name="Subdivision">ISO 3166-2 subdivision, where the partner is placed by one (outside NUTS, or as well).</param>
public sealed record PartnerSummary(int Id, string Slug, string Title, string Url, string Language, string Country, string Type,
    string? Nuts, IReadOnlyList<string> Languages, bool Demo, string? Subdivision = null);

public sealed record PartnerList(int Total, int Page, int PageSize, IReadOnlyList<PartnerSummary> Items);

public sealed record PartnerDetails(int Id, string Slug, string Title, string? NativeName, string Url, string Language, string Country,
    string Type, string? Nuts, string? Lau, double? Latitude, double? Longitude, string? Website, long? Population, double? AreaKm2,
    string? Description, IReadOnlyList<string> Languages, IReadOnlyList<string> BiogeographicalRegions, IReadOnlyList<int> Themes, bool Demo,
    string? Subdivision = null);

public static class PartnersApi
{
    public static void MapPartnersApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/partners").WithTags("Partners");
        group.MapGet("/", ListAsync).WithName("ListPartners").WithSummary("The partners of the network, page by page.");
        group.MapGet("/{id:int}", GetAsync).WithName("GetPartner").WithSummary("One partner.");
    }

    /// <summary>GET /api/v1/partners?page=&amp;pageSize=&amp;q=&amp;country=&amp;type=&amp;nuts=&amp;subdivision=&amp;biogeographical=&amp;language=&amp;theme=&amp;sort=</summary>
    private static async Task<Results<Ok<PartnerList>, ValidationProblem>> ListAsync(HttpContext http, PartnerDirectory directory,
        string? page, string? pageSize, string? q, string? country, string? type, string? nuts, string? subdivision, string? biogeographical,
        string? language, string? theme, string? sort, CancellationToken ct)
    {
        var (query, errors) = PartnerQueryParser.Parse(new PartnerQueryValues(q, country, type, page, pageSize, nuts, biogeographical, language, theme, sort, subdivision));
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        var result = await directory.ListAsync(query!, ct);
        var items = result.Items.Select(p => new PartnerSummary(p.Id, p.Slug, p.Name, PageUrl(http, p.Slug), "en", p.CountryCode,
            TypeCode(p.Type), p.NutsCode, p.Languages, p.IsDemo, p.SubdivisionCode)).ToList();
        return TypedResults.Ok(new PartnerList(result.Total, result.Page, result.PageSize, items));
    }

    private static async Task<Results<Ok<PartnerDetails>, ProblemHttpResult>> GetAsync(HttpContext http, PartnerDirectory directory, int id, CancellationToken ct)
    {
        var p = await directory.FindAsync(id, ct);
        if (p is null) return TypedResults.Problem(statusCode: 404, title: "Not found", detail: $"There is no partner {id}.");
        return TypedResults.Ok(new PartnerDetails(p.Id, p.Slug, p.Name, p.NativeName, PageUrl(http, p.Slug), p.DescriptionLanguage,
            p.CountryCode, TypeCode(p.Type), p.NutsCode, p.LauCode, p.Latitude, p.Longitude, p.Website, p.Population, p.AreaKm2,
            p.Description, p.Languages.Select(l => l.LanguageCode).Order().ToList(),
            p.BiogeographicalRegions.Select(r => r.RegionCode).Order().ToList(), p.Themes.Select(t => t.ConceptId).Order().ToList(), p.IsDemo,
            p.SubdivisionCode));
    }

    private static string PageUrl(HttpContext http, string slug) => $"{http.Request.Scheme}://{http.Request.Host}/en/partners/{slug}";

    /// <summary>Every partner type's code, authorities first, then the associate members (the order of the forms and filters).</summary>
    public static readonly IReadOnlyList<string> TypeCodes = Enum.GetValues<PartnerType>().Select(TypeCode).ToList();

    /// <summary>The public code of a partner type: region, municipality, association, network, expert-body; and of the associate
    /// members ngo, research (university or research institute), business, land-manager.</summary>
    public static string TypeCode(PartnerType type) => type switch
    {
        PartnerType.ExpertBody => "expert-body",
        PartnerType.LandManager => "land-manager",
        _ => type.ToString().ToLowerInvariant(),
    };
}

/// <summary>The query-string values of a partner list, as received.</summary>
public sealed record PartnerQueryValues(string? Q = null, string? Country = null, string? Type = null, string? Page = null, string? PageSize = null,
    string? Nuts = null, string? Biogeographical = null, string? Language = null, string? Theme = null, string? Sort = null, string? Subdivision = null);

/// <summary>Turns query-string values into a <see cref="PartnerQuery"/>, or into errors keyed by parameter.</summary>
public static class PartnerQueryParser
{
    public static (PartnerQuery? Query, Dictionary<string, string[]> Errors) Parse(string? q, string? country, string? type, string? page, string? pageSize) =>
        Parse(new PartnerQueryValues(q, country, type, page, pageSize));

    public static (PartnerQuery? Query, Dictionary<string, string[]> Errors) Parse(PartnerQueryValues v)
    {
        var errors = new Dictionary<string, string[]>();
        var pageNumber = 1;
        if (!string.IsNullOrEmpty(v.Page) && (!int.TryParse(v.Page, NumberStyles.None, CultureInfo.InvariantCulture, out pageNumber) || pageNumber < 1 || pageNumber > 100_000))
            errors["page"] = ["page must be a whole number from 1 to 100000."];
        var size = PartnerDirectory.DefaultPageSize;
        if (!string.IsNullOrEmpty(v.PageSize) && (!int.TryParse(v.PageSize, NumberStyles.None, CultureInfo.InvariantCulture, out size) || size < 1 || size > PartnerDirectory.MaxPageSize))
            errors["pageSize"] = [$"pageSize must be a whole number from 1 to {PartnerDirectory.MaxPageSize}."];
        if (!string.IsNullOrEmpty(v.Country) && !(v.Country.Length == 2 && v.Country.All(char.IsAsciiLetterUpper)))
            errors["country"] = ["country must be an ISO 3166-1 alpha-2 code in capitals, such as DE."];
        PartnerType? partnerType = null;
        if (!string.IsNullOrEmpty(v.Type))
        {
            if (ParseType(v.Type) is { } t) partnerType = t;
            else errors["type"] = ["type must be one of region, municipality, association, network, expert-body."];
        }
        if (v.Q is { Length: > 200 }) errors["q"] = ["q must be at most 200 characters."];
        if (!string.IsNullOrEmpty(v.Nuts) && !(v.Nuts.Length is >= 2 and <= 5 && v.Nuts.All(c => char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c))))
            errors["nuts"] = ["nuts must be a NUTS code such as DE2 or NL41."];
        if (!string.IsNullOrEmpty(v.Subdivision) && !Places.LooksLikeSubdivision(v.Subdivision))
            errors["subdivision"] = ["subdivision must be an ISO 3166-2 code in capitals, such as UA-46."];
        if (!string.IsNullOrEmpty(v.Biogeographical) && !(v.Biogeographical.Length is 3 or 4 && v.Biogeographical.All(char.IsAsciiLetterUpper)))
            errors["biogeographical"] = ["biogeographical must be a Natura 2000 biogeographical region code such as ATL or MMED."];
        if (!string.IsNullOrEmpty(v.Language) && !(v.Language.Length is 2 or 3 && v.Language.All(char.IsAsciiLetterLower)))
            errors["language"] = ["language must be an ISO 639 code in small letters, such as pl."];
        int? theme = null;
        if (!string.IsNullOrEmpty(v.Theme))
        {
            if (int.TryParse(v.Theme, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0) theme = id;
            else errors["theme"] = ["theme must be a GEMET concept id, a whole number."];
        }
        var sort = PartnerSort.Name;
        if (!string.IsNullOrEmpty(v.Sort))
        {
            if (ParseSort(v.Sort) is { } s) sort = s;
            else errors["sort"] = ["sort must be one of name, name-desc, country, newest."];
        }
        return errors.Count > 0
            ? (null, errors)
            : (new PartnerQuery(v.Q, v.Country, partnerType, pageNumber, size)
            {
                Nuts = NullIfEmpty(v.Nuts), Subdivision = NullIfEmpty(v.Subdivision), Biogeographical = NullIfEmpty(v.Biogeographical), Language = NullIfEmpty(v.Language), Theme = theme, Sort = sort,
            }, errors);
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    public static PartnerSort? ParseSort(string code) => code switch
    {
        "name" => PartnerSort.Name,
        "name-desc" => PartnerSort.NameDescending,
        "country" => PartnerSort.Country,
        "newest" => PartnerSort.Newest,
        _ => null,
    };

    public static PartnerType? ParseType(string code) => code switch
    {
        "region" => PartnerType.Region,
        "municipality" => PartnerType.Municipality,
        "association" => PartnerType.Association,
        "network" => PartnerType.Network,
        "expert-body" => PartnerType.ExpertBody,
        "ngo" => PartnerType.Ngo,
        "research" => PartnerType.Research,
        "business" => PartnerType.Business,
        "land-manager" => PartnerType.LandManager,
        _ => null,
    };
}

public static class PartnersSetup
{
    public static void AddPartners(this IServiceCollection services) => services.AddScoped<PartnerDirectory>().AddScoped<Places>();
}
