using System.Globalization;
using System.Text.Json;
using LearningNetwork.Domain;
using LearningNetwork.Features.Events;
using LearningNetwork.Features.Marketplace;
using LearningNetwork.Features.Practices;
using Microsoft.EntityFrameworkCore;

namespace LearningNetwork.Features.Interchange;

/// <summary>
/// Events in the import (docs/interchange.md, "Event"): schema.org <c>Event</c> with name, description (summary), text,
/// startDate/endDate (ISO 8601 with an offset; a bare date or time is UTC), the IANA zone as the <c>timeZone</c> property
/// (else UTC), location (a Place with address and geo, and/or a VirtualLocation url), organizer (the first is the owner),
/// inLanguage, about (GEMET themes and targets), additionalType (the kind) and maximumAttendeeCapacity. They pass the
/// import's scope like every other item (<see cref="ImportScope"/>): a harvest never changes an event made here or by
/// another network, a partner's key writes no event at all, and the organisers must be partners the import writes for.
/// </summary>
public sealed partial class InterchangeImporter
{
    private sealed record EventNode(string Id, string Title, string Summary, string Description, string Language, List<string> Languages, DateTime Starts,
        DateTime Ends, string TimeZone, string? Address, string? Country, double? Latitude, double? Longitude, string? OnlineUrl, List<string> Organisers,
        EventKind Kind, int? Capacity, List<(string Scheme, string Code)> Tags);

    private static EventNode? ReadEvent(NodeReader n, Reference r)
    {
        var id = n.Id();
        var title = n.RequiredString("name", EventEditor.MaxTitle);
        var summary = n.OptionalString("description", EventEditor.MaxSummary);
        var text = n.OptionalString("text", EventEditor.MaxDescription);
        var languages = n.LanguageCodes("inLanguage").Where(PracticeQueryParser.IsLanguageCode).Distinct().ToList();
        if (languages.Count == 0) n.Problem("inLanguage", "an event names the language(s) it is held in");
        var extra = n.PropertyValues("additionalProperty");
        var zoneId = extra.GetValueOrDefault("timeZone")?.FirstOrDefault() ?? "UTC";
        if (EventTimes.Find(zoneId) is null)
        {
            n.Problem("additionalProperty timeZone", $"{zoneId} is not an IANA time zone");
            zoneId = "UTC";
        }
        var starts = Instant(n, "startDate", required: true);
        var ends = Instant(n, "endDate", required: false) ?? starts;
        if (starts is { } s && ends is { } e && (e < s || e - s > TimeSpan.FromDays(31))) n.Problem("endDate", "must be after startDate, within 31 days");
        string? address = null, country = null, online = null;
        double? lat = null, lon = null;
        foreach (var v in n.Objects("location"))
        {
            var types = v.TryGetProperty("@type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
            if (types == "VirtualLocation")
            {
                if (v.TryGetProperty("url", out var u) && u.ValueKind == JsonValueKind.String && Uri.TryCreate(u.GetString(), UriKind.Absolute, out var uri)
                    && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp) && uri.AbsoluteUri.Length <= EventEditor.MaxUrl)
                    online = uri.AbsoluteUri;
                continue;
            }
            var place = new NodeReader(v, n.Name, n.Report);
            address = place.OptionalString("name", EventEditor.MaxAddress) ?? address;
            if (place.Path("address", "streetAddress") is { ValueKind: JsonValueKind.String } street && street.GetString()!.Length <= EventEditor.MaxAddress) address = street.GetString();
            if (place.Path("address", "addressCountry") is { ValueKind: JsonValueKind.String } c)
            {
                if (r.Countries.ContainsKey(c.GetString()!)) country = c.GetString();
                else n.Problem("location", $"{c.GetString()} is not a country code");
            }
            if (v.TryGetProperty("geo", out var geo) && geo.ValueKind == JsonValueKind.Object
                && geo.TryGetProperty("latitude", out var la) && la.ValueKind == JsonValueKind.Number && la.GetDouble() is >= -90 and <= 90
                && geo.TryGetProperty("longitude", out var lo) && lo.ValueKind == JsonValueKind.Number && lo.GetDouble() is >= -180 and <= 180)
                (lat, lon) = (la.GetDouble(), lo.GetDouble());
        }
        var organisers = n.Refs("organizer");
        if (organisers.Count == 0) n.Problem("organizer", "an event names its organiser (an organisation's @id)");
        var kind = Codes.Parse<EventKind>(n.OptionalString("additionalType", 40)) ?? EventKind.Workshop;
        int? capacity = n.OptionalNumber("maximumAttendeeCapacity") is { } cap && cap >= 1 && cap <= EventEditor.MaxCapacity ? (int)cap : null;
        var tags = new List<(string, string)>();
        foreach (var term in n.TermCodes("about"))
        {
            if (term.StartsWith("GEMET-", StringComparison.Ordinal) && int.TryParse(term[6..], NumberStyles.None, Inv, out var concept) && r.Concepts.Contains(concept))
                tags.Add((EventTagSchemes.Theme, concept.ToString(Inv)));
            else if (TargetCode(term) is { } target && r.Targets.Contains(target)) tags.Add((EventTagSchemes.Target, target));
        }
        tags.AddRange(languages.Select(l => (EventTagSchemes.Language, l)));
        if (!n.Ok || id is null || title is null || starts is null || ends is null || languages.Count == 0) return null;
        if (address is null && online is null) online = null; // neither: the event keeps no place (shown as online with no link)
        return new EventNode(id, title, summary ?? title, text ?? summary ?? title, languages[0], languages, starts.Value, ends.Value, zoneId, address, country,
            lat, lon, online, organisers, kind, capacity, tags.Distinct().ToList());
    }

    private static DateTime? Instant(NodeReader n, string property, bool required)
    {
        var text = n.OptionalString(property, 40);
        if (text is null)
        {
            if (required) n.Problem(property, "required");
            return null;
        }
        if (DateTimeOffset.TryParse(text, Inv, DateTimeStyles.AssumeUniversal, out var at) && at.Year is >= 1900 and <= 2200) return at.UtcDateTime;
        n.Problem(property, $"{text} is not an ISO 8601 date and time");
        return null;
    }

    /// <summary>Applies the scope to the file's events before anything is written: refused ones are skipped (harvest) or refuse
    /// the import (key). Returns the events held here that the kept nodes name.</summary>
    private async Task<Dictionary<string, int>> GuardEventsAsync(ImportScope scope, List<EventNode> events, HashSet<string> writtenPartners, ImportReport report,
        CancellationToken ct)
    {
        var held = new Dictionary<string, int>(StringComparer.Ordinal);
        var kept = new List<EventNode>();
        foreach (var n in events)
        {
            string? why = null;
            var row = await FindAsync("events", n.Id, ct);
            if (!scope.MayChange("events", row))
                why = row is null ? "this import may not create events" : row.Origin is null ? "names an item of this network that this import may not change" : "names an item of another origin that this import may not change";
            else if (row is null && !scope.MayCreateInOwnIdSpace && await ids.LocalSlugAsync("events", n.Id, ct) is not null)
                why = "lies in this network's own id space but names none of its items";
            else
                foreach (var o in n.Organisers)
                    if (!writtenPartners.Contains(o) && !(await FindAsync("partners", o, ct) is { } p && scope.MayAttributeTo(p)))
                        why ??= $"{o} is not a partner this import writes for";
            if (why is not null)
            {
                if (scope.SkipsRefused) report.Skipped.Add($"{n.Id} ({why}: not changed)");
                else report.Refused.Add(new ImportProblem(n.Id, "@id", why));
                continue;
            }
            if (row is not null) held[n.Id] = row.Id;
            kept.Add(n);
        }
        events.Clear();
        events.AddRange(kept);
        return held;
    }

    private async Task UpsertEventsAsync(List<EventNode> nodes, Dictionary<string, int> held, Dictionary<string, int> partners, RegisteredNetwork? origin,
        ImportReport report, CancellationToken ct)
    {
        if (nodes.Count == 0) return;
        await CompleteMapAsync(partners, nodes.SelectMany(n => n.Organisers), ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var slugs = (await db.Events.Select(e => e.Slug).ToListAsync(ct)).Concat(EventEditor.ReservedSlugs).ToHashSet(StringComparer.Ordinal);
        foreach (var n in nodes)
        {
            if (!partners.TryGetValue(n.Organisers[0], out var owner)) { report.Skipped.Add($"{n.Id} (organizer {n.Organisers[0]} not found)"); continue; }
            var e = held.TryGetValue(n.Id, out var existing) ? await db.Events.Include(x => x.Tags).Include(x => x.CoOrganisers).FirstAsync(x => x.Id == existing, ct) : null;
            var created = e is null;
            if (e is null)
            {
                e = new Event
                {
                    Slug = UniqueSlug(SlugFrom(n.Id, n.Title), slugs), Language = n.Language, Title = n.Title, Summary = n.Summary, Description = n.Description,
                    TimeZone = n.TimeZone, CountryCode = "", ExternalId = n.Id, CreatedAt = now, UpdatedAt = now, OriginNetworkId = origin?.Id,
                };
                db.Events.Add(e);
            }
            var before = created ? null : EventFingerprint(e);
            var country = n.Country ?? await db.Partners.Where(p => p.Id == owner).Select(p => p.CountryCode).FirstAsync(ct);
            (e.PartnerId, e.Kind, e.Language, e.Title, e.Summary, e.Description, e.StartsAt, e.EndsAt, e.TimeZone) =
                (owner, n.Kind, n.Language, n.Title, n.Summary, n.Description, n.Starts, n.Ends, n.TimeZone);
            (e.Address, e.CountryCode, e.Latitude, e.Longitude, e.OnlineUrl, e.Capacity) = (n.Address, country, n.Latitude, n.Longitude, n.OnlineUrl, n.Capacity);
            e.Tags.RemoveAll(t => !n.Tags.Contains((t.Scheme, t.Code)));
            foreach (var (scheme, code) in n.Tags.Where(t => !e.Tags.Any(x => x.Scheme == t.Scheme && x.Code == t.Code))) e.Tags.Add(new EventTag { Scheme = scheme, Code = code });
            var co = n.Organisers.Skip(1).Where(partners.ContainsKey).Select(o => partners[o]).Where(p => p != owner).Distinct().ToList();
            e.CoOrganisers.RemoveAll(o => !co.Contains(o.PartnerId));
            foreach (var p in co.Where(p => !e.CoOrganisers.Any(o => o.PartnerId == p))) e.CoOrganisers.Add(new EventOrganiser { PartnerId = p });
            if (created) report.Count(report.Created, "events");
            else if (before != EventFingerprint(e))
            {
                e.UpdatedAt = now;
                e.Version = Guid.NewGuid();
                report.Count(report.Updated, "events");
            }
            else report.Count(report.Unchanged, "events");
        }
        await db.SaveChangesAsync(ct);
    }

    private static string EventFingerprint(Event e) => JsonSerializer.Serialize(new object?[]
    {
        e.PartnerId, e.Kind.ToString(), e.Language, e.Title, e.Summary, e.Description, e.StartsAt.Ticks, e.EndsAt.Ticks, e.TimeZone, e.Address, e.CountryCode, e.Latitude,
        e.Longitude, e.OnlineUrl, e.Capacity, string.Join(',', e.Tags.Select(t => t.Scheme + ":" + t.Code).Order(StringComparer.Ordinal)),
        string.Join(',', e.CoOrganisers.Select(o => o.PartnerId).Order()),
    });
}
