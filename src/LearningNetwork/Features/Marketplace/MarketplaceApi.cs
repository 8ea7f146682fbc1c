using System.Globalization;
using LearningNetwork.Data;
using LearningNetwork.Domain;
using LearningNetwork.Infrastructure.Localization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace LearningNetwork.Features.Marketplace;

/// <summary>An offer or a request in a list (PRODUCT.md, "API shapes").</summary>
/// <param name="Id">Stable numeric identifier.</param>
/// <param name="Slug">URL segment of its page.</param>
/// <param name="Title">The title, in the item's own language.</param>
/// <param name="Url">Absolute URL of its page.</param>
/// <param name="Language">The language it is written in (ISO 639-1).</param>
/// <param name="Country">ISO 3166-1 alpha-2 of its partner.</param>
/// <param name="Partner">The organisation's name.</param>
/// <param name="Kind">expert-advice, study-visit, peer-review, mentoring, training or tool (for a request: the help sought).</param>
/// <param name="State">Offers: active, paused, closed. Requests: open, in-discussion, matched, in-progress, closed.</param>
/// <param name="Format">online, on-site or both.</param>
/// <param name="Languages">Languages the exchange can happen in.</param>
/// <param name="Targets">Policy targets, as framework:code.</param>
/// <param name="Deadline">Requests: the date by which help is needed (yyyy-MM-dd).</param>
/// <param name="Urgency">Requests: low, normal or high.</param>
/// <param name="Demo">True for demonstration content.</param>
public sealed record MarketItem(int Id, string Slug, string Title, string Url, string Language, string Country, string Partner, string Kind, string State,
    string Format, IReadOnlyList<string> Languages, IReadOnlyList<string> Targets, string? Deadline, string? Urgency, bool Demo);

public sealed record MarketList(int Total, int Page, int PageSize, IReadOnlyList<MarketItem> Items);

/// <summary>One offer or request with everything public about it.</summary>
public sealed record MarketDetails(int Id, string Slug, string Title, string Url, string Language, string Country, string Partner, string PartnerUrl,
    string Kind, string? Topic, string State, string? Outcome, string Format, string Description, IReadOnlyList<string> Languages, IReadOnlyList<int> Themes,
    IReadOnlyList<string> Targets, IReadOnlyList<string> Habitats, int? Capacity, string? AvailableFrom, string? AvailableUntil, string? Cost, string? CostNote,
    string? Deadline, string? Urgency, IReadOnlyList<StepDto> Steps, string CreatedAt, bool Demo);

public sealed record StepDto(string State, string At);

/// <summary>The other side of a match: an offer, a request or a partner.</summary>
public sealed record MatchTarget(int Id, string Title, string Url, string? Language);

/// <summary>A ranked match with its score in [0, 1] and its reasons in the reader's language. <paramref name="Strength"/> is the
/// score as a word ("strong", "good", "possible"; the pages show it instead of a percentage, which reads as a failing grade
/// although scores are relative) and <paramref name="StrengthText"/> that word in the reader's language. Score stays for
/// compatibility.</summary>
/// <param name="Offer">The offer proposed (matches of a request).</param>
/// <param name="Request">The request proposed (matches of an offer).</param>
/// <param name="Partner">The partner proposed (a request's partners without an offer).</param>
/// <param name="Score">The match's score in [0, 1], relative to the other matches.</param>
/// <param name="Reasons">Why it matches, one sentence each in the reader's language.</param>
/// <param name="Strength">strong, good or possible.</param>
/// <param name="StrengthText">The strength in the reader's language.</param>
/// <param name="ReasonDetails">The same reasons in the same order, each with its code and the concepts it names; a concept that a
/// side found only in the machine translation of its text says so (<c>machineTranslated</c>).</param>
public sealed record MatchDto(MatchTarget? Offer, MatchTarget? Request, MatchTarget? Partner, double Score, IReadOnlyList<string> Reasons, string Strength, string StrengthText,
    IReadOnlyList<MatchReasonDto> ReasonDetails);

/// <summary>One reason of a match, as <see cref="MatchDto.Reasons"/> words it, with what it is made of.</summary>
/// <param name="Kind">kind, themes, targets, habitats, language, language-gap, bioregion, neighbour, same-country, similar-territory,
/// history, practices, format, expertise, facets or machine-translated (the concepts of the reason before it that a side found
/// only in a machine translation of its text).</param>
/// <param name="Text">The sentence, in the reader's language (the entry of reasons at the same place).</param>
/// <param name="Concepts">The concepts the reason names (themes, expertise, machine-translated), else null.</param>
public sealed record MatchReasonDto(string Kind, string Text, IReadOnlyList<ReasonConceptDto>? Concepts);

/// <summary>A concept a reason names.</summary>
/// <param name="Id">gemet:{id} for a GEMET concept, ln:{key} for one of the network vocabulary.</param>
/// <param name="Label">Its label in the reader's language.</param>
/// <param name="MachineTranslated">The sides ("request", "offer") whose text yields this concept only through its machine
/// translation (the concept bridge of weakly covered languages); empty when both found it in their own words or tags.</param>
public sealed record ReasonConceptDto(string Id, string Label, IReadOnlyList<string> MachineTranslated);

public sealed record MatchList(IReadOnlyList<MatchDto> Items, IReadOnlyList<MatchDto> Partners, bool Closed);

public static class MarketplaceApi
{
    public static void MapMarketplaceApi(this IEndpointRouteBuilder app)
    {
        var offers = app.MapGroup("/api/v1/offers").WithTags("Marketplace");
        offers.MapGet("/", (HttpContext http, MarketCatalogue catalogue, string? page, string? pageSize, string? q, string? kind, string? theme, string? target,
                string? country, string? language, string? format, string? state, CancellationToken ct) =>
                ListAsync(http, catalogue, new MarketQueryValues("offers", q, kind, theme, target, country, language, format, state, page, pageSize), ct))
            .WithName("ListOffers").WithSummary("Offers of expertise, newest first; active ones unless state is given (active, paused, closed, all).");
        offers.MapGet("/{id:int}", GetOfferAsync).WithName("GetOffer").WithSummary("One offer.");
        offers.MapGet("/{id:int}/matches", OfferMatchesAsync).WithName("OfferMatches").WithSummary("The open requests an offer could answer, best first, with reasons in lang.");
        var requests = app.MapGroup("/api/v1/requests").WithTags("Marketplace");
        requests.MapGet("/", (HttpContext http, MarketCatalogue catalogue, string? page, string? pageSize, string? q, string? kind, string? theme, string? target,
                string? country, string? language, string? format, string? state, CancellationToken ct) =>
                ListAsync(http, catalogue, new MarketQueryValues("requests", q, kind, theme, target, country, language, format, state, page, pageSize), ct))
            .WithName("ListRequests").WithSummary("Requests for help, newest first; those not closed unless state is given (open, in-discussion, matched, in-progress, closed, all).");
        app.MapGet("/api/v1/marketplace/map", MapAsync).WithTags("Marketplace").WithName("MarketplaceMap")
            .WithSummary("Active offers (show=offers) or requests not closed (show=requests) as GeoJSON points at their partners' places.");
        requests.MapGet("/{id:int}", GetRequestAsync).WithName("GetRequest").WithSummary("One request, with the steps of its lifecycle.");
        requests.MapGet("/{id:int}/matches", RequestMatchesAsync).WithName("RequestMatches")
            .WithSummary("The offers that best answer a request (and partners without an offer whose profile fits), best first, with reasons in lang.");
    }

    private static async Task<Results<Ok<MarketList>, ValidationProblem>> ListAsync(HttpContext http, MarketCatalogue catalogue, MarketQueryValues values, CancellationToken ct)
    {
        var (query, errors) = MarketCatalogue.Parse(values);
        if (query is null) return TypedResults.ValidationProblem(errors.ToDictionary(e => e.Key, e => new[] { $"{e.Key} is not valid." }));
        var page = await catalogue.ListAsync(query, "en", ct);
        return TypedResults.Ok(new MarketList(page.Total, page.Page, page.PageSize, page.Items.Select(c => new MarketItem(c.Id, c.Slug, c.Title,
            Url(http, "en", c.Type, c.Slug), c.Language, c.Country, c.PartnerName, Codes.Of(c.Kind), c.State, Codes.Of(c.Format), c.Languages, c.Targets,
            c.Deadline?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), c.Urgency is { } u ? Codes.Of(u) : null, c.IsDemo)).ToList()));
    }

    private static async Task<Results<Ok<MarketDetails>, ProblemHttpResult>> GetOfferAsync(HttpContext http, LearningNetworkDb db, int id, CancellationToken ct)
    {
        var o = await db.Offers.AsNoTracking().Include(x => x.Tags).Include(x => x.Partner).AsSplitQuery().FirstOrDefaultAsync(x => x.Id == id, ct);
        if (o is null) return TypedResults.Problem(statusCode: 404, title: "Not found", detail: $"There is no offer {id}.");
        var tags = o.Tags.ToLookup(t => t.Scheme, t => t.Code);
        return TypedResults.Ok(new MarketDetails(o.Id, o.Slug, o.Title, Url(http, "en", "offer", o.Slug), o.Language, o.Partner!.CountryCode, o.Partner.Name,
            $"{Origin(http)}/en/partners/{o.Partner.Slug}", Codes.Of(o.Kind), null, Codes.Of(o.State), null, Codes.Of(o.Format), o.Description,
            tags[MarketTagSchemes.Language].ToList(), Themes(tags), tags[MarketTagSchemes.Target].ToList(), tags[MarketTagSchemes.Habitat].ToList(),
            o.Capacity, Day(o.AvailableFrom), Day(o.AvailableUntil), Codes.Of(o.Cost), o.CostNote, null, null, [], Instant(o.CreatedAt), o.IsDemo));
    }

    private static async Task<Results<Ok<MarketDetails>, ProblemHttpResult>> GetRequestAsync(HttpContext http, LearningNetworkDb db, int id, CancellationToken ct)
    {
        var r = await db.Requests.AsNoTracking().Include(x => x.Tags).Include(x => x.Partner).Include(x => x.Steps).AsSplitQuery().FirstOrDefaultAsync(x => x.Id == id, ct);
        if (r is null) return TypedResults.Problem(statusCode: 404, title: "Not found", detail: $"There is no request {id}.");
        var tags = r.Tags.ToLookup(t => t.Scheme, t => t.Code);
        return TypedResults.Ok(new MarketDetails(r.Id, r.Slug, r.Title, Url(http, "en", "request", r.Slug), r.Language, r.Partner!.CountryCode, r.Partner.Name,
            $"{Origin(http)}/en/partners/{r.Partner.Slug}", Codes.Of(r.Kind), Codes.Of(r.Topic), Codes.Of(r.State), r.Outcome is { } oc ? Codes.Of(oc) : null,
            Codes.Of(r.Format), r.Description, tags[MarketTagSchemes.Language].ToList(), Themes(tags), tags[MarketTagSchemes.Target].ToList(),
            tags[MarketTagSchemes.Habitat].ToList(), null, null, null, null, null, Day(r.Deadline), Codes.Of(r.Urgency),
            r.Steps.OrderBy(s => s.At).ThenBy(s => s.Id).Select(s => new StepDto(Codes.Of(s.State), Instant(s.At))).ToList(), Instant(r.CreatedAt), r.IsDemo));
    }

    private static async Task<Results<Ok<MatchList>, ProblemHttpResult, ValidationProblem>> RequestMatchesAsync(HttpContext http, LearningNetworkDb db,
        Matchmaker matchmaker, MatchExplainer explainer, SupportedLanguages languages, TimeProvider clock, int id, string? lang, string? take, CancellationToken ct)
    {
        if (!Options(lang, take, languages, out var reader, out var count, out var errors)) return TypedResults.ValidationProblem(errors);
        var state = await db.Requests.AsNoTracking().Where(r => r.Id == id).Select(r => (RequestState?)r.State).FirstOrDefaultAsync(ct);
        if (state is null) return TypedResults.Problem(statusCode: 404, title: "Not found", detail: $"There is no request {id}.");
        // A closed request is never matched again: its record stays, without proposals.
        if (state == RequestState.Closed) return TypedResults.Ok(new MatchList([], [], Closed: true));
        var index = await matchmaker.CurrentAsync(db, ct);
        var item = index.Request(id);
        if (item is null) return TypedResults.Ok(new MatchList([], [], false));
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        using var culture = new CultureScope(reader);
        var offers = new List<MatchDto>();
        foreach (var m in index.OffersFor(item, today, count))
            offers.Add(new MatchDto(new MatchTarget(m.Id, m.Title, Url(http, reader, "offer", m.Slug), m.Language), null, null, m.Score, await explainer.ExplainAsync(m, reader, ct), explainer.Strength(m.Score).Code, explainer.Strength(m.Score).Text, await explainer.DetailsAsync(m, reader, ct)));
        var partners = new List<MatchDto>();
        foreach (var m in index.PartnersFor(item, Math.Min(count, 5)))
            partners.Add(new MatchDto(null, null, new MatchTarget(m.Id, m.Title, $"{Origin(http)}/{reader}/partners/{m.Slug}", null), m.Score, await explainer.ExplainAsync(m, reader, ct), explainer.Strength(m.Score).Code, explainer.Strength(m.Score).Text, await explainer.DetailsAsync(m, reader, ct)));
        return TypedResults.Ok(new MatchList(offers, partners, false));
    }

    private static async Task<Results<Ok<MatchList>, ProblemHttpResult, ValidationProblem>> OfferMatchesAsync(HttpContext http, LearningNetworkDb db,
        Matchmaker matchmaker, MatchExplainer explainer, SupportedLanguages languages, TimeProvider clock, int id, string? lang, string? take, CancellationToken ct)
    {
        if (!Options(lang, take, languages, out var reader, out var count, out var errors)) return TypedResults.ValidationProblem(errors);
        var state = await db.Offers.AsNoTracking().Where(o => o.Id == id).Select(o => (OfferState?)o.State).FirstOrDefaultAsync(ct);
        if (state is null) return TypedResults.Problem(statusCode: 404, title: "Not found", detail: $"There is no offer {id}.");
        if (state == OfferState.Closed) return TypedResults.Ok(new MatchList([], [], Closed: true));
        var index = await matchmaker.CurrentAsync(db, ct);
        var item = index.Offer(id);
        if (item is null) return TypedResults.Ok(new MatchList([], [], false));
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        using var culture = new CultureScope(reader);
        var requests = new List<MatchDto>();
        foreach (var m in index.RequestsFor(item, today, count))
            requests.Add(new MatchDto(null, new MatchTarget(m.Id, m.Title, Url(http, reader, "request", m.Slug), m.Language), null, m.Score, await explainer.ExplainAsync(m, reader, ct), explainer.Strength(m.Score).Code, explainer.Strength(m.Score).Text, await explainer.DetailsAsync(m, reader, ct)));
        return TypedResults.Ok(new MatchList(requests, [], false));
    }

    private static async Task<Results<Ok<Map.PartnerLocations>, ValidationProblem>> MapAsync(LearningNetworkDb db, string? show, CancellationToken ct)
    {
        if (show is not (null or "offers" or "requests")) return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["show"] = ["show is offers or requests."] });
        var rows = show == "requests"
            ? await db.Requests.AsNoTracking().Where(r => r.State != RequestState.Closed)
                .Select(r => new { r.Id, r.Slug, r.Title, r.Partner!.Type, r.Partner.CountryCode, r.Partner.Latitude, r.Partner.Longitude }).ToListAsync(ct)
            : await db.Offers.AsNoTracking().Where(o => o.State == OfferState.Active)
                .Select(o => new { o.Id, o.Slug, o.Title, o.Partner!.Type, o.Partner.CountryCode, o.Partner.Latitude, o.Partner.Longitude }).ToListAsync(ct);
        var features = rows.Where(r => r.Latitude is not null && r.Longitude is not null)
            .Select(r => new Map.PartnerLocation("Feature", new Map.Point("Point", [Math.Round(r.Longitude!.Value, 5), Math.Round(r.Latitude!.Value, 5)]),
                new Map.PartnerLocationProperties(r.Id, r.Slug, r.Title, Partners.PartnersApi.TypeCode(r.Type), r.CountryCode))).ToList();
        return TypedResults.Ok(new Map.PartnerLocations("FeatureCollection", features));
    }

    private static bool Options(string? lang, string? take, SupportedLanguages languages, out string reader, out int count, out Dictionary<string, string[]> errors)
    {
        errors = [];
        reader = string.IsNullOrEmpty(lang) ? "en" : lang;
        if (!languages.IsSupported(reader)) errors["lang"] = ["lang must be one of the interface languages, such as de."];
        count = 10;
        if (!string.IsNullOrEmpty(take) && (!int.TryParse(take, NumberStyles.None, CultureInfo.InvariantCulture, out count) || count is < 1 or > 50))
            errors["take"] = ["take must be a whole number from 1 to 50."];
        return errors.Count == 0;
    }

    private static List<int> Themes(ILookup<string, string> tags) =>
        tags[MarketTagSchemes.Theme].Select(t => int.TryParse(t, CultureInfo.InvariantCulture, out var id) ? id : 0).Where(id => id > 0).ToList();

    private static string Origin(HttpContext http) => $"{http.Request.Scheme}://{http.Request.Host}";

    internal static string Url(HttpContext http, string lang, string type, string slug) => $"{Origin(http)}/{lang}/marketplace/{type}s/{slug}";

    private static string? Day(DateOnly? d) => d?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Instant(DateTime t) => DateTime.SpecifyKind(t, DateTimeKind.Utc).ToString("O", CultureInfo.InvariantCulture);
}

/// <summary>Runs a block in one language's culture (the API's lang), restoring the previous one after.</summary>
public readonly struct CultureScope : IDisposable
{
    private readonly CultureInfo _ui, _culture;

    public CultureScope(string language)
    {
        (_ui, _culture) = (CultureInfo.CurrentUICulture, CultureInfo.CurrentCulture);
        CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = new CultureInfo(language);
    }

    public void Dispose() => (CultureInfo.CurrentUICulture, CultureInfo.CurrentCulture) = (_ui, _culture);
}
