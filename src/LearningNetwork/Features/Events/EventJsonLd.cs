using System.Text.Json.Nodes;
using LearningNetwork.Domain;
using LearningNetwork.Features.Marketplace;

namespace LearningNetwork.Features.Events;

/// <summary>An event as schema.org JSON-LD (docs/interchange.md): <c>Event</c> with name, description, start and end with the
/// zone's offset, attendance mode, location (a Place with its address and point, and/or a VirtualLocation), organizers,
/// languages and the kind as <c>additionalType</c>. Used in the page's head and by the interchange export.</summary>
public static class EventJsonLd
{
    public static JsonObject For(Event e, string origin, string? id = null, Func<Partner, string>? organiserId = null)
    {
        var zone = EventTimes.Find(e.TimeZone) ?? TimeZoneInfo.Utc;
        var mode = e.Address is not null && e.OnlineUrl is not null ? "MixedEventAttendanceMode" : e.OnlineUrl is not null ? "OnlineEventAttendanceMode" : "OfflineEventAttendanceMode";
        var locations = new JsonArray();
        if (e.Address is not null)
        {
            var place = new JsonObject
            {
                ["@type"] = "Place", ["name"] = e.Address,
                ["address"] = new JsonObject { ["@type"] = "PostalAddress", ["streetAddress"] = e.Address, ["addressCountry"] = e.CountryCode },
            };
            if (e.Latitude is { } lat && e.Longitude is { } lon) place["geo"] = new JsonObject { ["@type"] = "GeoCoordinates", ["latitude"] = lat, ["longitude"] = lon };
            locations.Add(place);
        }
        if (e.OnlineUrl is not null) locations.Add(new JsonObject { ["@type"] = "VirtualLocation", ["url"] = e.OnlineUrl });
        organiserId ??= p => p.ExternalId ?? $"{origin}/en/partners/{p.Slug}";
        var organisers = new JsonArray();
        if (e.Partner is not null) organisers.Add(Organiser(e.Partner, organiserId));
        foreach (var o in e.CoOrganisers.Where(o => o.Partner is not null).Select(o => o.Partner!).OrderBy(organiserId, StringComparer.Ordinal))
            organisers.Add(Organiser(o, organiserId));
        var doc = new JsonObject
        {
            ["@context"] = "https://schema.org",
            ["@type"] = "Event",
            ["@id"] = id ?? e.ExternalId ?? $"{origin}/en/events/{e.Slug}",
            ["additionalType"] = Codes.Of(e.Kind),
            ["name"] = e.Title,
            ["description"] = e.Summary,
            ["text"] = e.Description,
            // the language of the texts first (an import reads it from there), then the others the event is held in
            ["inLanguage"] = new JsonArray(e.Tags.Where(t => t.Scheme == EventTagSchemes.Language && t.Code != e.Language).Select(t => t.Code).Order(StringComparer.Ordinal)
                .Prepend(e.Language).Select(c => (JsonNode)JsonValue.Create(c)!).ToArray()),
            ["startDate"] = EventsApi.Iso(e.StartsAt, zone),
            ["endDate"] = EventsApi.Iso(e.EndsAt, zone),
            ["eventAttendanceMode"] = "https://schema.org/" + mode,
            ["eventStatus"] = e.CancelledAt is null ? "https://schema.org/EventScheduled" : "https://schema.org/EventCancelled",
            ["location"] = locations,
            ["organizer"] = organisers,
            ["url"] = $"{origin}/en/events/{e.Slug}",
            ["about"] = new JsonArray(e.Tags.Where(t => t.Scheme == EventTagSchemes.Theme).OrderBy(t => t.Code, StringComparer.Ordinal)
                .Select(t => (JsonNode)new JsonObject { ["@type"] = "DefinedTerm", ["termCode"] = "GEMET-" + t.Code, ["inDefinedTermSet"] = Interchange.InterchangeFormat.GemetSet })
                .Concat(e.Tags.Where(t => t.Scheme == EventTagSchemes.Target).OrderBy(t => t.Code, StringComparer.Ordinal)
                    .Select(t => (JsonNode)new JsonObject { ["@type"] = "DefinedTerm", ["termCode"] = Practices.PracticeJsonLd.TermCode(t.Code) })).ToArray()),
            // schema.org has no time zone for an event: the IANA zone travels as a property, so the local times survive.
            ["additionalProperty"] = new JsonArray(new JsonObject { ["@type"] = "PropertyValue", ["propertyID"] = "timeZone", ["value"] = e.TimeZone }),
        };
        if (e.Capacity is { } capacity) doc["maximumAttendeeCapacity"] = capacity;
        return doc;
    }

    private static JsonObject Organiser(Partner p, Func<Partner, string> id) => new() { ["@type"] = "Organization", ["@id"] = id(p), ["name"] = p.Name };
}
