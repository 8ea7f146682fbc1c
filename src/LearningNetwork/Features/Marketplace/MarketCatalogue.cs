using System.Globalization;
using LearningNetwork.Data;
using LearningNetwork.Domain;
using LearningNetwork.Features.Search;
using Microsoft.EntityFrameworkCore;

namespace LearningNetwork.Features.Marketplace;

/// <summary>A valid list query of the marketplace (pages and API alike).</summary>
public sealed record MarketQuery(bool Requests, string? Q, ExchangeKind? Kind, int? Theme, string? Target, string? Country, string? Language,
    ExchangeFormat? Format, string? State, int Page, int PageSize);

/// <summary>The query as typed.</summary>
public sealed record MarketQueryValues(string? Show, string? Q, string? Kind, string? Theme, string? Target, string? Country, string? Language,
    string? Format, string? State, string? Page, string? PageSize);

/// <summary>One offer or request in a list.</summary>
public sealed record MarketCard(string Type, int Id, string Slug, string Title, string Language, string Country, string PartnerName, string PartnerSlug,
    int PartnerId, ExchangeKind Kind, string State, ExchangeFormat Format, IReadOnlyList<string> Languages, IReadOnlyList<string> Targets,
    DateOnly? Deadline, Urgency? Urgency, double? Latitude, double? Longitude, DateTime CreatedAt, bool IsDemo, string? PartnerNativeName = null)
{
    /// <summary>The partner's English name on English pages, its own name elsewhere when it has one.</summary>
    public string PartnerNameFor(string language) =>
        language != "en" && !string.IsNullOrWhiteSpace(PartnerNativeName) ? PartnerNativeName : PartnerName;
}

public sealed record MarketListPage(int Total, int Page, int PageSize, IReadOnlyList<MarketCard> Items)
{
    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);
}

/// <summary>
/// Lists offers and requests with filters in SQL; the word filter (q) goes through the search index, so it finds an
/// offer in any language by its stemmed words and the thesaurus' concepts. A page costs a fixed number of queries.
/// </summary>
public sealed class MarketCatalogue(LearningNetworkDb db, SiteSearch search)
{
    public const int DefaultPageSize = 24, MaxPageSize = 200;

    /// <summary>Error messages are resource keys; "state" names a state of offers or of requests.</summary>
    public static (MarketQuery? Query, Dictionary<string, string> Errors) Parse(MarketQueryValues v)
    {
        var errors = new Dictionary<string, string>();
        var requests = v.Show switch { null or "" or "offers" => false, "requests" => true, _ => (bool?)null };
        if (requests is null) errors["show"] = "Validation.UnknownChoice";
        var kind = Codes.Parse<ExchangeKind>(v.Kind);
        if (!string.IsNullOrEmpty(v.Kind) && kind is null) errors["kind"] = "Validation.UnknownChoice";
        int? theme = null;
        if (!string.IsNullOrEmpty(v.Theme))
        {
            if (int.TryParse(v.Theme, NumberStyles.None, CultureInfo.InvariantCulture, out var t) && t is > 0 and < 1_000_000) theme = t;
            else errors["theme"] = "Validation.UnknownChoice";
        }
        var target = string.IsNullOrWhiteSpace(v.Target) ? null : v.Target.Trim();
        if (target is { Length: > 64 }) errors["target"] = "Validation.UnknownChoice";
        var country = string.IsNullOrWhiteSpace(v.Country) ? null : v.Country.Trim().ToUpperInvariant();
        if (country is not null && (country.Length != 2 || !country.All(char.IsAsciiLetter))) errors["country"] = "Validation.UnknownChoice";
        var language = string.IsNullOrWhiteSpace(v.Language) ? null : v.Language.Trim().ToLowerInvariant();
        if (language is not null && (language.Length is < 2 or > 3 || !language.All(char.IsAsciiLetter))) errors["language"] = "Validation.UnknownChoice";
        var format = Codes.Parse<ExchangeFormat>(v.Format);
        if (!string.IsNullOrEmpty(v.Format) && format is null) errors["format"] = "Validation.UnknownChoice";
        var state = string.IsNullOrWhiteSpace(v.State) ? null : v.State.Trim();
        if (state is not null && state != "all" && (requests == true ? Codes.Parse<RequestState>(state) is null : Codes.Parse<OfferState>(state) is null))
            errors["state"] = "Validation.UnknownChoice";
        var page = 1;
        if (!string.IsNullOrEmpty(v.Page) && (!int.TryParse(v.Page, NumberStyles.None, CultureInfo.InvariantCulture, out page) || page < 1 || page > 100_000))
            errors["page"] = "Validation.UnknownChoice";
        var size = DefaultPageSize;
        if (!string.IsNullOrEmpty(v.PageSize) && (!int.TryParse(v.PageSize, NumberStyles.None, CultureInfo.InvariantCulture, out size) || size < 1 || size > MaxPageSize))
            errors["pageSize"] = "Validation.UnknownChoice";
        var q = string.IsNullOrWhiteSpace(v.Q) ? null : v.Q.Trim();
        if (q is { Length: > SiteSearch.MaxQueryLength }) errors["q"] = "Validation.TooLong200";
        if (errors.Count > 0) return (null, errors);
        return (new MarketQuery(requests!.Value, q, kind, theme, target, country, language, format, state, page, size), errors);
    }

    public async Task<MarketListPage> ListAsync(MarketQuery query, string reader, CancellationToken ct)
    {
        HashSet<int>? found = null;
        if (query.Q is { } q)
        {
            var type = query.Requests ? "request" : "offer";
            var result = search.Search(new SearchRequest(q, reader, new Dictionary<string, IReadOnlyList<string>> { ["type"] = [type] }, 1, 2000));
            found = result.Hits.Select(h => h.Id).ToHashSet();
        }
        return query.Requests ? await RequestsAsync(query, found, ct) : await OffersAsync(query, found, ct);
    }

    private async Task<MarketListPage> OffersAsync(MarketQuery query, HashSet<int>? found, CancellationToken ct)
    {
        var offers = db.Offers.AsNoTracking();
        var state = query.State is null ? OfferState.Active : Codes.Parse<OfferState>(query.State);
        if (query.State != "all" && state is { } s) offers = offers.Where(o => o.State == s);
        if (query.Kind is { } kind) offers = offers.Where(o => o.Kind == kind);
        if (query.Format is { } format) offers = offers.Where(o => o.Format == format || o.Format == ExchangeFormat.Both);
        if (query.Country is { } country) offers = offers.Where(o => o.Partner!.CountryCode == country);
        if (query.Theme is { } theme)
        {
            var code = theme.ToString(CultureInfo.InvariantCulture);
            offers = offers.Where(o => o.Tags.Any(t => t.Scheme == MarketTagSchemes.Theme && t.Code == code));
        }
        if (query.Target is { } target)
            offers = target.Contains(':', StringComparison.Ordinal)
                ? offers.Where(o => o.Tags.Any(t => t.Scheme == MarketTagSchemes.Target && t.Code == target))
                : offers.Where(o => o.Tags.Any(t => t.Scheme == MarketTagSchemes.Target && t.Code.StartsWith(target + ":")));
        if (query.Language is { } language) offers = offers.Where(o => o.Tags.Any(t => t.Scheme == MarketTagSchemes.Language && t.Code == language));
        var ids = await offers.OrderByDescending(o => o.CreatedAt).ThenByDescending(o => o.Id).Select(o => o.Id).ToListAsync(ct);
        if (found is not null) ids = ids.Where(found.Contains).ToList();
        var pageIds = ids.Skip((query.Page - 1) * query.PageSize).Take(query.PageSize).ToList();
        var rows = await db.Offers.AsNoTracking().Where(o => pageIds.Contains(o.Id))
            .Select(o => new
            {
                o.Id, o.Slug, o.Title, o.Language, o.PartnerId, o.Kind, o.State, o.Format, o.CreatedAt, o.IsDemo,
                Country = o.Partner!.CountryCode, PartnerName = o.Partner.Name, o.Partner.NativeName, PartnerSlug = o.Partner.Slug, o.Partner.Latitude, o.Partner.Longitude,
            }).ToListAsync(ct);
        var tags = (await db.OfferTags.AsNoTracking().Where(t => pageIds.Contains(t.OfferId) && (t.Scheme == MarketTagSchemes.Language || t.Scheme == MarketTagSchemes.Target))
            .ToListAsync(ct)).ToLookup(t => t.OfferId);
        var byId = rows.ToDictionary(r => r.Id);
        var items = pageIds.Where(byId.ContainsKey).Select(id => byId[id]).Select(r => new MarketCard("offer", r.Id, r.Slug, r.Title, r.Language, r.Country, r.PartnerName,
            r.PartnerSlug, r.PartnerId, r.Kind, Codes.Of(r.State), r.Format,
            tags[r.Id].Where(t => t.Scheme == MarketTagSchemes.Language).Select(t => t.Code).Order(StringComparer.Ordinal).ToList(),
            tags[r.Id].Where(t => t.Scheme == MarketTagSchemes.Target).Select(t => t.Code).Order(StringComparer.Ordinal).ToList(),
            null, null, r.Latitude, r.Longitude, r.CreatedAt, r.IsDemo, r.NativeName)).ToList();
        return new MarketListPage(ids.Count, query.Page, query.PageSize, items);
    }

    private async Task<MarketListPage> RequestsAsync(MarketQuery query, HashSet<int>? found, CancellationToken ct)
    {
        var requests = db.Requests.AsNoTracking();
        if (query.State is null) requests = requests.Where(r => r.State != RequestState.Closed);
        else if (query.State != "all" && Codes.Parse<RequestState>(query.State) is { } s) requests = requests.Where(r => r.State == s);
        if (query.Kind is { } kind) requests = requests.Where(r => r.Kind == kind);
        if (query.Format is { } format) requests = requests.Where(r => r.Format == format || r.Format == ExchangeFormat.Both);
        if (query.Country is { } country) requests = requests.Where(r => r.Partner!.CountryCode == country);
        if (query.Theme is { } theme)
        {
            var code = theme.ToString(CultureInfo.InvariantCulture);
            requests = requests.Where(r => r.Tags.Any(t => t.Scheme == MarketTagSchemes.Theme && t.Code == code));
        }
        if (query.Target is { } target)
            requests = target.Contains(':', StringComparison.Ordinal)
                ? requests.Where(r => r.Tags.Any(t => t.Scheme == MarketTagSchemes.Target && t.Code == target))
                : requests.Where(r => r.Tags.Any(t => t.Scheme == MarketTagSchemes.Target && t.Code.StartsWith(target + ":")));
        if (query.Language is { } language) requests = requests.Where(r => r.Tags.Any(t => t.Scheme == MarketTagSchemes.Language && t.Code == language));
        var ids = await requests.OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id).Select(r => r.Id).ToListAsync(ct);
        if (found is not null) ids = ids.Where(found.Contains).ToList();
        var pageIds = ids.Skip((query.Page - 1) * query.PageSize).Take(query.PageSize).ToList();
        var rows = await db.Requests.AsNoTracking().Where(r => pageIds.Contains(r.Id))
            .Select(r => new
            {
                r.Id, r.Slug, r.Title, r.Language, r.PartnerId, r.Kind, r.State, r.Format, r.CreatedAt, r.IsDemo, r.Deadline, r.Urgency,
                Country = r.Partner!.CountryCode, PartnerName = r.Partner.Name, r.Partner.NativeName, PartnerSlug = r.Partner.Slug, r.Partner.Latitude, r.Partner.Longitude,
            }).ToListAsync(ct);
        var tags = (await db.RequestTags.AsNoTracking().Where(t => pageIds.Contains(t.RequestId) && (t.Scheme == MarketTagSchemes.Language || t.Scheme == MarketTagSchemes.Target))
            .ToListAsync(ct)).ToLookup(t => t.RequestId);
        var byId = rows.ToDictionary(r => r.Id);
        var items = pageIds.Where(byId.ContainsKey).Select(id => byId[id]).Select(r => new MarketCard("request", r.Id, r.Slug, r.Title, r.Language, r.Country, r.PartnerName,
            r.PartnerSlug, r.PartnerId, r.Kind, Codes.Of(r.State), r.Format,
            tags[r.Id].Where(t => t.Scheme == MarketTagSchemes.Language).Select(t => t.Code).Order(StringComparer.Ordinal).ToList(),
            tags[r.Id].Where(t => t.Scheme == MarketTagSchemes.Target).Select(t => t.Code).Order(StringComparer.Ordinal).ToList(),
            r.Deadline, r.Urgency, r.Latitude, r.Longitude, r.CreatedAt, r.IsDemo, r.NativeName)).ToList();
        return new MarketListPage(ids.Count, query.Page, query.PageSize, items);
    }
}
