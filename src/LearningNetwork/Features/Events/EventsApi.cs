using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Xml;
using LearningNetwork.Data;
using LearningNetwork.Domain;
using LearningNetwork.Features.Marketplace;
using LearningNetwork.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace LearningNetwork.Features.Events;

/// <summary>An event in a list: the shape every list of the API shares (PRODUCT.md, "API shapes").</summary>
/// <param name="Id">Stable numeric identifier.</param>
/// <param name="Slug">URL-safe name: /{lang}/events/{slug}.</param>
/// <param name="Title">The title, in the event's language.</param>
/// <param name="Url">Absolute URL of the event's page.</param>
/// <param name="Language">The language its texts are written in (ISO 639-1).</param>
/// <param name="Country">ISO 3166-1 alpha-2 of its place (of the organiser for an online event).</param>
/// <param name="Kind">webinar, workshop, study-visit, conference, peer-review-meeting or training.</param>
/// <param name="Summary">One or two sentences, in the event's language.</param>
/// <param name="StartDate">The start, as an ISO 8601 instant with the event's own UTC offset.</param>
/// <param name="EndDate">The end, likewise.</param>
/// <param name="TimeZone">IANA time zone id of the event (Europe/Helsinki).</param>
/// <param name="Address">Where it takes place; null for an online event.</param>
/// <param name="Latitude">WGS 84, or null.</param>
/// <param name="Longitude">WGS 84, or null.</param>
/// <param name="OnlineUrl">Link of an online event, or null.</param>
/// <param name="Languages">Languages it is held in (ISO 639-1).</param>
/// <param name="Themes">GEMET concept ids.</param>
/// <param name="Targets">Policy targets as framework:code.</param>
/// <param name="Partner">The organising partner's name.</param>
/// <param name="PartnerId">The organising partner's id.</param>
/// <param name="CoOrganisers">Ids of the co-organising partners.</param>
/// <param name="Capacity">Places; null when not limited.</param>
/// <param name="Registered">People holding a place.</param>
/// <param name="Waiting">People on the waiting list.</param>
/// <param name="Calendar">Absolute URL of its iCalendar file.</param>
/// <param name="Demo">True for demonstration content.</param>
/// <param name="Status">scheduled, or cancelled (by its organiser; it takes no registrations).</param>
/// <param name="CancelledAt">When it was cancelled (UTC), or null.</param>
public sealed record EventSummary(int Id, string Slug, string Title, string Url, string Language, string Country, string Kind, string Summary,
    string StartDate, string EndDate, string TimeZone, string? Address, double? Latitude, double? Longitude, string? OnlineUrl, IReadOnlyList<string> Languages,
    IReadOnlyList<string> Themes, IReadOnlyList<string> Targets, string Partner, int PartnerId, IReadOnlyList<int> CoOrganisers, int? Capacity,
    int Registered, int Waiting, string Calendar, bool Demo, string Status, string? CancelledAt);

public sealed record EventList(int Total, int Page, int PageSize, IReadOnlyList<EventSummary> Items);

/// <summary>One event with its description, deadlines and material.</summary>
public sealed record EventDetails(EventSummary Event, string Description, string? RegistrationDeadline, string? CancellationDeadline,
    string? SlidesUrl, string? RecordingUrl, string? ReportUrl, string Updated);

public static class EventsApi
{
    public static void AddEvents(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<EventOptions>(builder.Configuration.GetSection(EventOptions.Section));
        builder.Services.AddScoped<EventCatalogue>();
        builder.Services.AddScoped<EventEditor>();
        builder.Services.AddScoped<EventRegistrations>();
        builder.Services.AddSingleton<EventReminders>();
        builder.Services.AddHostedService(s => s.GetRequiredService<EventReminders>());
    }

    public static void MapEvents(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/events").WithTags("Events");
        group.MapGet("/", ListAsync).WithName("ListEvents").WithSummary("Events of the network (webinars, workshops, study visits...), soonest first, page by page.");
        group.MapGet("/{id:int}", GetAsync).WithName("GetEvent").WithSummary("One event with its description, deadlines and material.");
        app.MapGet("/events/{slug}.ics", EventFileAsync).ExcludeFromDescription();
        app.MapGet("/events/feed/{token}.ics", PersonFeedAsync).ExcludeFromDescription();
        app.MapGet("/partners/{slug}/events.ics", PartnerFeedAsync).ExcludeFromDescription();
        app.MapGet("/feeds/events.atom", AtomAsync).ExcludeFromDescription();
    }

    /// <summary>GET /api/v1/events?page=&amp;pageSize=&amp;q=&amp;when=&amp;kind=&amp;theme=&amp;target=&amp;country=&amp;language=</summary>
    private static async Task<Results<Ok<EventList>, ValidationProblem>> ListAsync(HttpContext http, EventCatalogue catalogue, string? page, string? pageSize,
        string? q, string? when, string? kind, string? theme, string? target, string? country, string? language, CancellationToken ct)
    {
        var (query, errors) = EventQueryParser.Parse(new EventQueryValues(when, kind, theme, target, country, language, q, page, pageSize));
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        var result = await catalogue.ListAsync(query!, ct);
        var counts = await catalogue.CountsAsync(result.Items.Select(e => e.Id).ToList(), ct);
        return TypedResults.Ok(new EventList(result.Total, result.Page, result.PageSize, result.Items.Select(e => Summary(Origin(http), e, counts[e.Id])).ToList()));
    }

    private static async Task<Results<Ok<EventDetails>, ProblemHttpResult>> GetAsync(HttpContext http, EventCatalogue catalogue, int id, CancellationToken ct)
    {
        var e = await catalogue.FindAsync(id, ct);
        if (e is null) return TypedResults.Problem(statusCode: 404, title: "Not found", detail: $"There is no event {id}.");
        var counts = await catalogue.CountsAsync([e.Id], ct);
        var zone = EventTimes.Find(e.TimeZone) ?? TimeZoneInfo.Utc;
        return TypedResults.Ok(new EventDetails(Summary(Origin(http), e, counts[e.Id]), e.Description, Iso(e.RegistrationDeadline, zone),
            Iso(e.CancellationDeadline, zone), e.SlidesUrl, e.RecordingUrl, e.ReportUrl, Iso(e.UpdatedAt, TimeZoneInfo.Utc)!));
    }

    internal static string Origin(HttpContext http) => $"{http.Request.Scheme}://{http.Request.Host}";

    internal static EventSummary Summary(string origin, Event e, (int Registered, int Waiting) counts)
    {
        var zone = EventTimes.Find(e.TimeZone) ?? TimeZoneInfo.Utc;
        string[] Tags(string scheme) => e.Tags.Where(t => t.Scheme == scheme).Select(t => t.Code).Order(StringComparer.Ordinal).ToArray();
        return new EventSummary(e.Id, e.Slug, e.Title, $"{origin}/en/events/{e.Slug}", e.Language, e.CountryCode, Codes.Of(e.Kind), e.Summary,
            Iso(e.StartsAt, zone)!, Iso(e.EndsAt, zone)!, e.TimeZone, e.Address, e.Latitude, e.Longitude, e.OnlineUrl, Tags(EventTagSchemes.Language),
            Tags(EventTagSchemes.Theme), Tags(EventTagSchemes.Target), e.Partner?.Name ?? "", e.PartnerId, e.CoOrganisers.Select(o => o.PartnerId).Order().ToList(),
            e.Capacity, counts.Registered, counts.Waiting, $"{origin}/events/{e.Slug}.ics", e.IsDemo, e.CancelledAt is null ? "scheduled" : "cancelled",
            Iso(e.CancelledAt, TimeZoneInfo.Utc));
    }

    /// <summary>An instant as ISO 8601 with the zone's offset at that instant (2026-10-24T10:00:00+03:00).</summary>
    internal static string? Iso(DateTime? utc, TimeZoneInfo zone)
    {
        if (utc is not { } u) return null;
        var local = EventTimes.ToLocal(u, zone);
        return new DateTimeOffset(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), zone.GetUtcOffset(DateTime.SpecifyKind(u, DateTimeKind.Utc)))
            .ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
    }

    /// <summary>/events/{slug}.ics: one event; 404 for an unknown (or deleted) one.</summary>
    private static async Task<IResult> EventFileAsync(string slug, HttpContext http, EventCatalogue catalogue, TimeProvider clock, CancellationToken ct)
    {
        var e = await catalogue.FindAsync(slug, ct);
        if (e is null) return Results.Problem(statusCode: 404, title: "Not found", detail: "There is no such event.");
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"{e.Slug}.ics\"";
        return Calendar(e.Title, [e], Origin(http), clock);
    }

    /// <summary>/events/feed/{token}.ics: the events a person registered for or waits for, found by the secret token of their feed.</summary>
    private static async Task<IResult> PersonFeedAsync(string token, HttpContext http, LearningNetworkDb db, EventCatalogue catalogue, TimeProvider clock, CancellationToken ct)
    {
        if (token.Length is < 20 or > 100) return Results.Problem(statusCode: 404, title: "Not found");
        var hash = TokenHash(token);
        var userId = await db.CalendarFeedTokens.AsNoTracking().Where(t => t.TokenHash == hash).Select(t => t.UserId).FirstOrDefaultAsync(ct);
        if (userId is null) return Results.Problem(statusCode: 404, title: "Not found");
        var ids = await db.EventRegistrations.AsNoTracking().Where(r => r.UserId == userId && r.State != RegistrationState.Cancelled)
            .Select(r => r.EventId).ToListAsync(ct);
        var events = new List<Event>();
        foreach (var id in ids.Take(500)) if (await catalogue.FindAsync(id, ct) is { } e) events.Add(e);
        http.Response.Headers.CacheControl = "private, no-store";
        return Calendar("My events", events, Origin(http), clock);
    }

    /// <summary>/partners/{slug}/events.ics: the events a partner organises or co-organises (upcoming and the last year's).</summary>
    private static async Task<IResult> PartnerFeedAsync(string slug, HttpContext http, LearningNetworkDb db, EventCatalogue catalogue, TimeProvider clock, CancellationToken ct)
    {
        var partner = await db.Partners.AsNoTracking().Where(p => p.Slug == slug).Select(p => new { p.Id, p.Name }).FirstOrDefaultAsync(ct);
        if (partner is null) return Results.Problem(statusCode: 404, title: "Not found", detail: "There is no such partner.");
        var since = clock.GetUtcNow().UtcDateTime.AddYears(-1);
        var ids = await db.Events.AsNoTracking().Where(e => (e.PartnerId == partner.Id || e.CoOrganisers.Any(o => o.PartnerId == partner.Id)) && e.EndsAt > since)
            .OrderBy(e => e.StartsAt).Take(500).Select(e => e.Id).ToListAsync(ct);
        var events = new List<Event>();
        foreach (var id in ids) if (await catalogue.FindAsync(id, ct) is { } e) events.Add(e);
        return Calendar(partner.Name, events, Origin(http), clock);
    }

    private static IResult Calendar(string name, IEnumerable<Event> events, string origin, TimeProvider clock) =>
        Results.Text(EventCalendar.Build(name, events.Select(e => new EventCalendar.Entry(e, $"{origin}/en/events/{e.Slug}", e.Partner?.Name ?? "")),
            clock.GetUtcNow().UtcDateTime), EventCalendar.ContentType, Encoding.UTF8);

    /// <summary>A new secret token for a person's calendar feed; only its hash is stored. Returns the token.</summary>
    public static async Task<string> NewFeedTokenAsync(LearningNetworkDb db, string userId, DateTime now, CancellationToken ct)
    {
        var token = Base64Url(RandomNumberGenerator.GetBytes(32));
        await db.CalendarFeedTokens.Where(t => t.UserId == userId).ExecuteDeleteAsync(ct);
        db.CalendarFeedTokens.Add(new CalendarFeedToken { UserId = userId, TokenHash = TokenHash(token), CreatedAt = now });
        await db.SaveChangesAsync(ct);
        return token;
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    internal static string TokenHash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>/feeds/events.atom: the 100 most recently changed events as Atom 1.0, each entry linking to its page and calendar file.</summary>
    private static async Task<IResult> AtomAsync(HttpContext http, LearningNetworkDb db, LearningNetwork.Infrastructure.Localization.SupportedLanguages languages, CancellationToken ct)
    {
        var origin = Origin(http);
        // ?lang=xx links the pages in that interface language (events are written in one language: titles stay as written).
        var lang = http.Request.Query["lang"].ToString();
        var pages = languages.IsSupported(lang) ? lang : "en";
        var self = $"{origin}/feeds/events.atom" + (languages.IsSupported(lang) ? "?lang=" + lang : "");
        var events = await db.Events.AsNoTracking().OrderByDescending(e => e.UpdatedAt).ThenByDescending(e => e.Id).Take(100)
            .Select(e => new { e.Id, e.Slug, e.Title, e.Summary, e.Language, e.UpdatedAt, e.CreatedAt, e.ExternalId, e.StartsAt, e.TimeZone, Partner = e.Partner!.Name })
            .ToListAsync(ct);
        var buffer = new MemoryStream();
        await using (var xml = XmlWriter.Create(buffer, new XmlWriterSettings { Async = true, Encoding = new UTF8Encoding(false) }))
        {
            const string atom = "http://www.w3.org/2005/Atom";
            static string Stamp(DateTime at) => DateTime.SpecifyKind(at, DateTimeKind.Utc).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
            await xml.WriteStartDocumentAsync();
            xml.WriteStartElement("feed", atom);
            xml.WriteElementString("id", atom, $"{origin}/feeds/events.atom");
            xml.WriteElementString("title", atom, "Events");
            xml.WriteElementString("updated", atom, Stamp(events.Count == 0 ? DateTime.UtcNow : events[0].UpdatedAt));
            Link(xml, atom, "self", self, "application/atom+xml");
            Link(xml, atom, "alternate", $"{origin}/{pages}/events", "text/html");
            foreach (var e in events)
            {
                var zone = EventTimes.Find(e.TimeZone) ?? TimeZoneInfo.Utc;
                xml.WriteStartElement("entry", atom);
                xml.WriteElementString("id", atom, e.ExternalId ?? $"{origin}/en/events/{e.Slug}");
                xml.WriteStartElement("title", atom);
                xml.WriteAttributeString("xml", "lang", null, e.Language);
                xml.WriteString(OpenData.AtomFeedWriter.XmlText(e.Title));
                xml.WriteEndElement();
                xml.WriteElementString("updated", atom, Stamp(e.UpdatedAt));
                xml.WriteElementString("published", atom, Stamp(e.CreatedAt));
                xml.WriteStartElement("author", atom);
                xml.WriteElementString("name", atom, OpenData.AtomFeedWriter.XmlText(e.Partner));
                xml.WriteEndElement();
                xml.WriteStartElement("summary", atom);
                xml.WriteAttributeString("xml", "lang", null, e.Language);
                xml.WriteString(OpenData.AtomFeedWriter.XmlText($"{Iso(e.StartsAt, zone)} ({e.TimeZone}) — {e.Summary}"));
                xml.WriteEndElement();
                Link(xml, atom, "alternate", $"{origin}/{pages}/events/{e.Slug}", "text/html");
                Link(xml, atom, "enclosure", $"{origin}/events/{e.Slug}.ics", "text/calendar");
                xml.WriteEndElement();
            }
            xml.WriteEndElement();
            await xml.WriteEndDocumentAsync();
        }
        return Results.Bytes(buffer.ToArray(), "application/atom+xml");
    }

    private static void Link(XmlWriter xml, string ns, string rel, string href, string type)
    {
        xml.WriteStartElement("link", ns);
        xml.WriteAttributeString("rel", rel);
        xml.WriteAttributeString("type", type);
        xml.WriteAttributeString("href", href);
        xml.WriteEndElement();
    }
}
