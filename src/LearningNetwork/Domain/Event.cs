namespace LearningNetwork.Domain;

/// <summary>What kind of capacity-building event it is. Codes (webinar, study-visit, peer-review-meeting...) travel in URLs,
/// the API and the interchange format's <c>additionalType</c>.</summary>
public enum EventKind { Webinar, Workshop, StudyVisit, Conference, PeerReviewMeeting, Training }

/// <summary>Where a person stands for an event: a place, a place on the waiting list, or cancelled (kept for the record).</summary>
public enum RegistrationState { Registered, Waiting, Cancelled }

/// <summary>Schemes of <see cref="EventTag"/>; codes refer to the reference data like <see cref="PracticeTagSchemes"/>.</summary>
public static class EventTagSchemes
{
    /// <summary>GEMET concept id.</summary>
    public const string Theme = "theme";
    /// <summary>framework:code of a policy target.</summary>
    public const string Target = "target";
    /// <summary>ISO 639-1 code of a language the event is held in.</summary>
    public const string Language = "language";
}

/// <summary>
/// A capacity-building event of the network (capability 6): a webinar, workshop, study visit, conference, peer-review
/// meeting or training, organised by a partner (the owner, whose members edit it) with optional co-organisers. Times are
/// UTC instants plus the IANA time zone the event happens in, so that it is shown in its own local time and in the
/// reader's, and so that a calendar file carries the zone's rules. It takes place somewhere (address and point) or
/// online (a link), or both. Registration is limited by <see cref="Capacity"/>, with a waiting list.
/// </summary>
public sealed class Event
{
    public int Id { get; set; }
    /// <summary>URL-safe, unique, stable: /{lang}/events/{slug}.</summary>
    public required string Slug { get; set; }
    public int PartnerId { get; set; }
    public Partner? Partner { get; set; }
    public EventKind Kind { get; set; }
    /// <summary>ISO 639-1 code of the language the title, summary and description are written in.</summary>
    public required string Language { get; set; }
    public required string Title { get; set; }
    public required string Summary { get; set; }
    /// <summary>Markdown, rendered through the sanitizer.</summary>
    public required string Description { get; set; }
    /// <summary>UTC.</summary>
    public DateTime StartsAt { get; set; }
    /// <summary>UTC, after <see cref="StartsAt"/>.</summary>
    public DateTime EndsAt { get; set; }
    /// <summary>IANA time zone id (Europe/Helsinki) the event happens in.</summary>
    public required string TimeZone { get; set; }
    /// <summary>The address as people write it; null for an event held only online.</summary>
    public string? Address { get; set; }
    /// <summary>ISO 3166-1 alpha-2 of the place, or of the organising partner for an online event.</summary>
    public required string CountryCode { get; set; }
    public double? Latitude { get; set; }
    public double? Longitude { get; set; }
    /// <summary>https link of an online event (or the online part of a hybrid one).</summary>
    public string? OnlineUrl { get; set; }
    /// <summary>Places; null when not limited.</summary>
    public int? Capacity { get; set; }
    /// <summary>UTC; registration closes then (at the start when null).</summary>
    public DateTime? RegistrationDeadline { get; set; }
    /// <summary>UTC; a registration can no longer be cancelled after it (until the start when null).</summary>
    public DateTime? CancellationDeadline { get; set; }
    /// <summary>Material of a past event: slides, recording, report (https links).</summary>
    public string? SlidesUrl { get; set; }
    public string? RecordingUrl { get; set; }
    public string? ReportUrl { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public string? CreatedBy { get; set; }
    public bool IsDemo { get; set; }
    /// <summary>The JSON-LD <c>@id</c> it was imported under; null for events made here.</summary>
    public string? ExternalId { get; set; }
    public int? OriginNetworkId { get; set; }
    /// <summary>UTC; set once when the organiser cancels the event (it stays listed, marked cancelled, and takes no registrations).</summary>
    public DateTime? CancelledAt { get; set; }
    /// <summary>The organiser's word on the cancellation, in the event's language; shown and e-mailed.</summary>
    public string? CancellationNote { get; set; }
    /// <summary>The iCalendar SEQUENCE: raised by each change a calendar must take over an older copy (the cancellation).</summary>
    public int Sequence { get; set; }
    /// <summary>Changes with every saved edit: an edit made on an older version is a conflict, shown, not saved.</summary>
    public Guid Version { get; set; } = Guid.NewGuid();
    /// <summary>Changes with every registration change, inside its transaction: the update takes the row's write lock, so the
    /// registrations of one event are decided one after the other on every provider (never two people in the last place).</summary>
    public Guid RegistrationStamp { get; set; } = Guid.NewGuid();

    public List<EventTag> Tags { get; set; } = [];
    /// <summary>Themes in the writer's own words that map to no GEMET concept ('; '-separated), kept rather than refused (<see cref="LearningNetwork.Features.Themes.ThemeNames"/>).</summary>
    public string? FreeKeywords { get; set; }
    public List<EventOrganiser> CoOrganisers { get; set; } = [];
    public List<EventRegistration> Registrations { get; set; } = [];
}

public sealed class EventTag
{
    public int EventId { get; set; }
    public required string Scheme { get; set; }
    public required string Code { get; set; }
}

/// <summary>A partner that organises the event with its owner. Co-organisers are named; only the owner's members edit.</summary>
public sealed class EventOrganiser
{
    public int EventId { get; set; }
    public int PartnerId { get; set; }
    public Partner? Partner { get; set; }
}

/// <summary>
/// A person's registration for an event. One row per person and event (unique): registering again reuses it. The
/// waiting list is the <see cref="RegistrationState.Waiting"/> rows in order of <see cref="RegisteredAt"/> (then id).
/// Demo registrations name a demo profile instead of an account.
/// </summary>
public sealed class EventRegistration
{
    public int Id { get; set; }
    public int EventId { get; set; }
    public string? UserId { get; set; }
    public int? ProfileId { get; set; }
    public RegistrationState State { get; set; }
    /// <summary>When the person (last) asked for a place: their rank on the waiting list.</summary>
    public DateTime RegisteredAt { get; set; }
    public DateTime? PromotedAt { get; set; }
    public DateTime? CancelledAt { get; set; }
    /// <summary>The interface language they registered in: their e-mails are written in it.</summary>
    public string Language { get; set; } = "en";
    /// <summary>When the reminder before the start was sent (claimed with a conditional update, so sent once).</summary>
    public DateTime? ReminderSentAt { get; set; }
}

/// <summary>A person's secret calendar feed (/events/feed/{token}.ics): only the SHA-256 of the token is stored.</summary>
public sealed class CalendarFeedToken
{
    public required string UserId { get; set; }
    public required string TokenHash { get; set; }
    public DateTime CreatedAt { get; set; }
}
