using System.Globalization;
using LearningNetwork.Data;
using LearningNetwork.Domain;
using LearningNetwork.Features.Commitments;
using LearningNetwork.Features.Marketplace;
using Microsoft.EntityFrameworkCore;

namespace LearningNetwork.Features.Events;

/// <summary>What a list of events is filtered by. <see cref="When"/> is upcoming (not ended yet, soonest first), past
/// (ended, latest first) or null (every event, soonest first).</summary>
public sealed record EventQuery(string? When = null, EventKind? Kind = null, string? Theme = null, string? Target = null, string? Country = null,
    string? Language = null, string? Q = null, int Page = 1, int PageSize = EventCatalogue.DefaultPageSize);

public sealed record EventListPage(int Total, int Page, int PageSize, IReadOnlyList<Event> Items)
{
    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);
}

/// <summary>Reads events for the pages, the API, the feeds and the other features' short lists: one query shape, a fixed
/// number of queries per page, each event with its owner, co-organisers and tags.</summary>
public sealed class EventCatalogue(LearningNetworkDb db, TimeProvider clock)
{
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 100;

    public async Task<EventListPage> ListAsync(EventQuery q, CancellationToken ct)
    {
        var query = Filtered(q);
        var total = await query.CountAsync(ct);
        var ordered = q.When == "past" ? query.OrderByDescending(e => e.StartsAt).ThenByDescending(e => e.Id) : query.OrderBy(e => e.StartsAt).ThenBy(e => e.Id);
        var ids = await ordered.Skip((q.Page - 1) * q.PageSize).Take(q.PageSize).Select(e => e.Id).ToListAsync(ct);
        var items = await WithDetails().Where(e => ids.Contains(e.Id)).ToListAsync(ct);
        return new EventListPage(total, q.Page, q.PageSize, items.OrderBy(e => ids.IndexOf(e.Id)).ToList());
    }

    public Task<Event?> FindAsync(string slug, CancellationToken ct) => WithDetails().FirstOrDefaultAsync(e => e.Slug == slug, ct);

    public Task<Event?> FindAsync(int id, CancellationToken ct) => WithDetails().FirstOrDefaultAsync(e => e.Id == id, ct);

    /// <summary>The next events serving a target (framework:code), for its page.</summary>
    public Task<List<Event>> ServingAsync(string target, int max, CancellationToken ct) =>
        Upcoming(db.Events.AsNoTracking().Where(e => e.Tags.Any(t => t.Scheme == EventTagSchemes.Target && t.Code == target)), max, ct);

    /// <summary>The next events a partner organises or co-organises, for its page and its calendar.</summary>
    public Task<List<Event>> OfPartnerAsync(int partnerId, int max, CancellationToken ct) =>
        Upcoming(db.Events.AsNoTracking().Where(e => e.PartnerId == partnerId || e.CoOrganisers.Any(o => o.PartnerId == partnerId)), max, ct);

    private async Task<List<Event>> Upcoming(IQueryable<Event> query, int max, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var ids = await query.Where(e => e.EndsAt > now).OrderBy(e => e.StartsAt).ThenBy(e => e.Id).Take(max).Select(e => e.Id).ToListAsync(ct);
        var items = await WithDetails().Where(e => ids.Contains(e.Id)).ToListAsync(ct);
        return items.OrderBy(e => ids.IndexOf(e.Id)).ToList();
    }

    /// <summary>How many people hold a place and wait, per event.</summary>
    public async Task<Dictionary<int, (int Registered, int Waiting)>> CountsAsync(IReadOnlyCollection<int> eventIds, CancellationToken ct)
    {
        var rows = await db.EventRegistrations.AsNoTracking().Where(r => eventIds.Contains(r.EventId) && r.State != RegistrationState.Cancelled)
            .GroupBy(r => new { r.EventId, r.State }).Select(g => new { g.Key.EventId, g.Key.State, Count = g.Count() }).ToListAsync(ct);
        return eventIds.ToDictionary(id => id, id => (
            rows.Where(r => r.EventId == id && r.State == RegistrationState.Registered).Sum(r => r.Count),
            rows.Where(r => r.EventId == id && r.State == RegistrationState.Waiting).Sum(r => r.Count)));
    }

    private IQueryable<Event> Filtered(EventQuery q)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var query = db.Events.AsNoTracking();
        if (q.When == "upcoming") query = query.Where(e => e.EndsAt > now);
        else if (q.When == "past") query = query.Where(e => e.EndsAt <= now);
        if (q.Kind is { } kind) query = query.Where(e => e.Kind == kind);
        if (q.Theme is { } theme) query = query.Where(e => e.Tags.Any(t => t.Scheme == EventTagSchemes.Theme && t.Code == theme));
        if (q.Target is { } target) query = query.Where(e => e.Tags.Any(t => t.Scheme == EventTagSchemes.Target && t.Code == target));
        if (q.Country is { } country) query = query.Where(e => e.CountryCode == country);
        if (q.Language is { } language) query = query.Where(e => e.Language == language || e.Tags.Any(t => t.Scheme == EventTagSchemes.Language && t.Code == language));
        if (q.Q is { } words)
        {
            // A plain filter of the list; the site search (Lucene, every language) is the place for real queries.
            var pattern = "%" + words.Replace("\\", "", StringComparison.Ordinal).Replace("%", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal).ToLowerInvariant() + "%";
            query = query.Where(e => EF.Functions.Like(e.Title.ToLower(), pattern) || EF.Functions.Like(e.Summary.ToLower(), pattern));
        }
        return query;
    }

    private IQueryable<Event> WithDetails() => db.Events.AsNoTracking()
        .Include(e => e.Partner).Include(e => e.Tags).Include(e => e.CoOrganisers).ThenInclude(o => o.Partner).AsSplitQuery();
}

/// <summary>The query-string values of an event list, as received.</summary>
public sealed record EventQueryValues(string? When = null, string? Kind = null, string? Theme = null, string? Target = null, string? Country = null,
    string? Language = null, string? Q = null, string? Page = null, string? PageSize = null);

/// <summary>Turns query-string values into an <see cref="EventQuery"/>, or into errors keyed by parameter (English, for the API).</summary>
public static class EventQueryParser
{
    public static (EventQuery? Query, Dictionary<string, string[]> Errors) Parse(EventQueryValues v)
    {
        var errors = new Dictionary<string, string[]>();
        var inv = CultureInfo.InvariantCulture;
        var page = 1;
        if (!string.IsNullOrEmpty(v.Page) && (!int.TryParse(v.Page, NumberStyles.None, inv, out page) || page < 1 || page > 100_000))
            errors["page"] = ["page must be a whole number from 1 to 100000."];
        var size = EventCatalogue.DefaultPageSize;
        if (!string.IsNullOrEmpty(v.PageSize) && (!int.TryParse(v.PageSize, NumberStyles.None, inv, out size) || size < 1 || size > EventCatalogue.MaxPageSize))
            errors["pageSize"] = [$"pageSize must be a whole number from 1 to {EventCatalogue.MaxPageSize}."];
        if (!string.IsNullOrEmpty(v.When) && v.When is not ("upcoming" or "past"))
            errors["when"] = ["when must be upcoming or past."];
        EventKind? kind = null;
        if (!string.IsNullOrEmpty(v.Kind) && (kind = Codes.Parse<EventKind>(v.Kind)) is null)
            errors["kind"] = [$"kind must be one of {string.Join(", ", Codes.All<EventKind>())}."];
        if (!string.IsNullOrEmpty(v.Theme) && !(v.Theme.Length <= 9 && v.Theme.All(char.IsAsciiDigit)))
            errors["theme"] = ["theme must be a GEMET concept id, such as 7000."];
        if (!string.IsNullOrEmpty(v.Target) && !CommitmentQueryParser.IsTargetCode(v.Target))
            errors["target"] = ["target must be framework:code, such as kmgbf:2, nrr:8 or eubds:r7."];
        if (!string.IsNullOrEmpty(v.Country) && !(v.Country.Length == 2 && v.Country.All(char.IsAsciiLetterUpper)))
            errors["country"] = ["country must be an ISO 3166-1 alpha-2 code in capitals, such as DE."];
        if (!string.IsNullOrEmpty(v.Language) && !(v.Language.Length is >= 2 and <= 3 && v.Language.All(char.IsAsciiLetterLower)))
            errors["language"] = ["language must be an ISO 639-1 code, such as fi."];
        if (v.Q is { Length: > 200 }) errors["q"] = ["q must be at most 200 characters."];
        return errors.Count > 0
            ? (null, errors)
            : (new EventQuery(Empty(v.When), kind, Empty(v.Theme), Empty(v.Target), Empty(v.Country), Empty(v.Language), Empty(v.Q?.Trim()), page, size), errors);
    }

    private static string? Empty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}

/// <summary>What the _EventCard partial draws: an event and its places taken and waiting.</summary>
public sealed record EventCard(Event Event, (int Registered, int Waiting) Counts);
