using System.Globalization;
using System.Security.Claims;
using LearningNetwork.Data;
using LearningNetwork.Domain;
using LearningNetwork.Features.Marketplace;
using LearningNetwork.Features.Practices;
using LearningNetwork.Features.Themes;
using LearningNetwork.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace LearningNetwork.Features.Events;

/// <summary>The event form, as typed: everything is a string until validated, so a refused form comes back whole.
/// Times are wall-clock times in the event's own time zone (yyyy-MM-ddTHH:mm, as a datetime-local input sends them).</summary>
public sealed class EventForm
{
    public string? Partner { get; set; }
    public List<string> CoOrganisers { get; set; } = [];
    public string? Kind { get; set; }
    public string? Language { get; set; }
    public string? Title { get; set; }
    public string? Summary { get; set; }
    public string? Description { get; set; }
    public string? Starts { get; set; }
    public string? Ends { get; set; }
    public string? TimeZone { get; set; }
    public string? Address { get; set; }
    public string? Country { get; set; }
    public string? Latitude { get; set; }
    public string? Longitude { get; set; }
    public string? OnlineUrl { get; set; }
    public string? Capacity { get; set; }
    public string? RegistrationDeadline { get; set; }
    public string? CancellationDeadline { get; set; }
    public string? Themes { get; set; }
    /// <summary>The theme text a "did you mean" was shown for (hidden; see <see cref="ThemeNames.SeenSuffix"/>).</summary>
    [System.ComponentModel.DataAnnotations.DisplayFormat(ConvertEmptyStringToNull = false)] // sent empty at first: a person to ask
    public string? ThemesSeen { get; set; }
    public List<string> Targets { get; set; } = [];
    public List<string> Languages { get; set; } = [];
    public string? SlidesUrl { get; set; }
    public string? RecordingUrl { get; set; }
    public string? ReportUrl { get; set; }
    /// <summary>The slug of the programme (peer review, study visit, twinning) whose visit this new event is; linked after
    /// saving when the person may plan that programme (<c>ProgrammeDesk.LinkEventAsync</c>), ignored otherwise.</summary>
    public string? Programme { get; set; }
}

/// <summary>A valid form.</summary>
public sealed record EventValues(int PartnerId, List<int> CoOrganisers, EventKind Kind, string Language, string Title, string Summary, string Description,
    DateTime StartsAt, DateTime EndsAt, string TimeZone, string? Address, string Country, double? Latitude, double? Longitude, string? OnlineUrl,
    int? Capacity, DateTime? RegistrationDeadline, DateTime? CancellationDeadline, List<int> Themes, List<string> Targets, List<string> Languages,
    string? SlidesUrl, string? RecordingUrl, string? ReportUrl)
{
    /// <summary>The themes no concept was found for, kept as free keywords ('; '-joined), or null.</summary>
    public string? Keywords { get; init; }
}

public enum EventSaveOutcome { Saved, Conflict }

/// <summary>
/// Validates and saves events for the pages (and the interchange's rules alike): members of the owning organisation edit
/// (network admins any), checked here on the server whatever the form says; an edit made on an older <see cref="Event.Version"/>
/// is a conflict, never saved over the newer one. Every change writes an <see cref="AuditEntry"/>.
/// </summary>
public sealed class EventEditor(LearningNetworkDb db, ThemeNames themes, PracticeEditor practices, TimeProvider clock, IStringLocalizer<SharedResource> text)
{
    public const int MaxTitle = 250, MaxSummary = 600, MaxDescription = 8000, MaxAddress = 300, MaxUrl = 500, MaxCapacity = 100_000;
    public static readonly IReadOnlySet<string> ReservedSlugs = new HashSet<string>(StringComparer.Ordinal) { "new", "calendar", "feed" };
    internal const string LocalFormat = "yyyy-MM-dd'T'HH:mm";

    /// <summary>The organisations the person may create events for (their own; every one for a network admin).</summary>
    public Task<List<Partner>> WritableOrganisationsAsync(ClaimsPrincipal user, CancellationToken ct) => practices.WritableOrganisationsAsync(user, ct);

    /// <summary>Whether the person may edit this event: a member of its owning organisation, or a network admin. Co-organisers do not edit.</summary>
    public async Task<bool> CanEditAsync(ClaimsPrincipal user, Event e, CancellationToken ct)
    {
        var userId = user.FindFirstValue(ClaimTypes.NameIdentifier);
        if (userId is null) return false;
        if (user.IsInRole(Roles.NetworkAdmin)) return true;
        return await db.PartnerMembers.AnyAsync(m => m.PartnerId == e.PartnerId && m.UserId == userId, ct);
    }

    /// <summary>Checks a form. <paramref name="saved"/> is the event being edited (its owner stays), null when creating.
    /// Errors are messages in the reader's language, by field name.</summary>
    public async Task<(EventValues? Values, Dictionary<string, string> Errors)> ValidateAsync(EventForm f, Event? saved, IReadOnlyCollection<int> writable,
        string reader, CancellationToken ct)
    {
        var e = new Dictionary<string, string>();
        var inv = CultureInfo.InvariantCulture;
        var partnerId = saved?.PartnerId ?? 0;
        if (saved is null && (!int.TryParse(f.Partner, NumberStyles.None, inv, out partnerId) || !writable.Contains(partnerId))) e["Partner"] = text["Practice.BadPartner"];
        var coOrganisers = new List<int>();
        foreach (var c in f.CoOrganisers.Where(c => !string.IsNullOrWhiteSpace(c)).Distinct())
        {
            if (!int.TryParse(c, NumberStyles.None, inv, out var id)) { e["CoOrganisers"] = text["Validation.UnknownChoice"]; break; }
            if (id != partnerId) coOrganisers.Add(id);
        }
        if (coOrganisers.Count > 10) e["CoOrganisers"] = text["Validation.TooMany", 10];
        else if (coOrganisers.Count > 0 && await db.Partners.CountAsync(p => coOrganisers.Contains(p.Id), ct) != coOrganisers.Count)
            e["CoOrganisers"] = text["Validation.UnknownChoice"];

        var kind = Codes.Parse<EventKind>(f.Kind);
        if (kind is null) e["Kind"] = text["Validation.UnknownChoice"];
        var knownLanguages = await db.Languages.AsNoTracking().Select(l => l.Code).ToListAsync(ct);
        var language = f.Language?.Trim() ?? "";
        if (!knownLanguages.Contains(language)) e["Language"] = text["Validation.UnknownChoice"];
        var title = Required(f.Title, "Title", MaxTitle, e);
        var summary = Required(f.Summary, "Summary", MaxSummary, e);
        var description = f.Description?.Trim() ?? "";
        if (description.Length < 20) e["Description"] = text["Market.DescriptionTooShort", 20];
        else if (description.Length > MaxDescription) e["Description"] = text["Validation.TooLong", MaxDescription];

        var zoneId = f.TimeZone?.Trim() ?? "";
        var zone = EventTimes.Find(zoneId);
        if (zone is null) e["TimeZone"] = text["Event.UnknownTimeZone"];
        var starts = Moment(f.Starts, "Starts", zone, required: true, e);
        var ends = Moment(f.Ends, "Ends", zone, required: true, e);
        if (starts is { } s1 && ends is { } e1)
        {
            if (e1 <= s1) e["Ends"] = text["Event.EndBeforeStart"];
            else if (e1 - s1 > TimeSpan.FromDays(31)) e["Ends"] = text["Event.TooLong"];
        }
        var registrationDeadline = Moment(f.RegistrationDeadline, "RegistrationDeadline", zone, required: false, e);
        var cancellationDeadline = Moment(f.CancellationDeadline, "CancellationDeadline", zone, required: false, e);
        if (starts is { } s2)
        {
            if (registrationDeadline > s2) e["RegistrationDeadline"] = text["Event.DeadlineAfterStart"];
            if (cancellationDeadline > s2) e["CancellationDeadline"] = text["Event.DeadlineAfterStart"];
        }

        var address = Optional(f.Address, "Address", MaxAddress, e);
        var online = Url(f.OnlineUrl, "OnlineUrl", e);
        if (address is null && online is null && !e.ContainsKey("Address") && !e.ContainsKey("OnlineUrl")) e["Address"] = text["Event.PlaceRequired"];
        var country = f.Country?.Trim().ToUpperInvariant() ?? "";
        if (country.Length == 0 && partnerId > 0)
            country = await db.Partners.Where(p => p.Id == partnerId).Select(p => p.CountryCode).FirstOrDefaultAsync(ct) ?? "";
        if (country.Length != 2 || !await db.Countries.AnyAsync(c => c.Code == country, ct)) e["Country"] = text["Validation.UnknownChoice"];
        double? latitude = null, longitude = null;
        var hasLat = !string.IsNullOrWhiteSpace(f.Latitude);
        var hasLon = !string.IsNullOrWhiteSpace(f.Longitude);
        if (hasLat || hasLon)
        {
            if (!hasLat || !double.TryParse(f.Latitude!.Trim().Replace(',', '.'), NumberStyles.Float, inv, out var la) || la is < -90 or > 90 || double.IsNaN(la))
                e["Latitude"] = text["Event.BadCoordinates"];
            else latitude = la;
            if (!hasLon || !double.TryParse(f.Longitude!.Trim().Replace(',', '.'), NumberStyles.Float, inv, out var lo) || lo is < -180 or > 180 || double.IsNaN(lo))
                e["Longitude"] = text["Event.BadCoordinates"];
            else longitude = lo;
        }
        int? capacity = null;
        if (!string.IsNullOrWhiteSpace(f.Capacity))
        {
            // As the reader writes it: "1.500" on a German page is fifteen hundred places.
            if (!LearningNetwork.Infrastructure.Localization.ReaderNumbers.TryParseWhole(f.Capacity, CultureInfo.CurrentCulture, 1, MaxCapacity, out var c)) e["Capacity"] = text["Event.BadCapacity", MaxCapacity];
            else capacity = (int)c;
        }

        var theme = await themes.FieldAsync(f.Themes, reader, false, f.ThemesSeen, ct);
        if (!theme.Ok) e["Themes"] = text[theme.ErrorKey!, theme.ErrorArg ?? ""];
        var targets = f.Targets.Where(t => !string.IsNullOrWhiteSpace(t)).Distinct().ToList();
        if (targets.Count > 20) e["Targets"] = text["Validation.TooMany", 20];
        else if (targets.Count > 0)
        {
            var known = await db.PolicyTargets.AsNoTracking().Select(t => t.FrameworkCode + ":" + t.Code).ToListAsync(ct);
            if (targets.Any(t => !known.Contains(t))) e["Targets"] = text["Validation.UnknownChoice"];
        }
        var languages = f.Languages.Where(l => !string.IsNullOrWhiteSpace(l)).Distinct().ToList();
        if (languages.Count == 0) e["Languages"] = text["Market.LanguagesRequired"];
        else if (languages.Count > 12 || languages.Any(l => !knownLanguages.Contains(l))) e["Languages"] = text["Validation.UnknownChoice"];
        var slides = Url(f.SlidesUrl, "SlidesUrl", e);
        var recording = Url(f.RecordingUrl, "RecordingUrl", e);
        var report = Url(f.ReportUrl, "ReportUrl", e);

        if (e.Count > 0) return (null, e);
        return (new EventValues(partnerId, coOrganisers, kind!.Value, language, title!, summary!, description, starts!.Value, ends!.Value, zoneId,
            address, country, latitude, longitude, online, capacity, registrationDeadline, cancellationDeadline, theme.Concepts, targets, languages,
            slides, recording, report) { Keywords = theme.Keywords }, e);
    }

    private string? Required(string? value, string field, int max, Dictionary<string, string> e)
    {
        var v = value?.Trim() ?? "";
        if (v.Length == 0) e[field] = text["Validation.Required"];
        else if (v.Length > max) e[field] = text["Validation.TooLong", max];
        return v;
    }

    private string? Optional(string? value, string field, int max, Dictionary<string, string> e)
    {
        var v = value?.Trim() ?? "";
        if (v.Length > max) e[field] = text["Validation.TooLong", max];
        return v.Length == 0 ? null : v;
    }

    private string? Url(string? value, string field, Dictionary<string, string> e)
    {
        var v = Optional(value, field, MaxUrl, e);
        if (v is null || e.ContainsKey(field)) return null;
        if (!Uri.TryCreate(v, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp) || v.Any(char.IsWhiteSpace))
        {
            e[field] = text["Event.BadUrl"];
            return null;
        }
        return uri.AbsoluteUri;
    }

    /// <summary>A wall-clock time in the event's zone, as UTC; errors when unreadable or skipped by a change to summer time.</summary>
    private DateTime? Moment(string? value, string field, TimeZoneInfo? zone, bool required, Dictionary<string, string> e)
    {
        var v = value?.Trim() ?? "";
        if (v.Length == 0)
        {
            if (required) e[field] = text["Validation.Required"];
            return null;
        }
        if (!DateTime.TryParseExact(v.Replace(' ', 'T'), [LocalFormat, "yyyy-MM-dd'T'HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var local)
            || local.Year < 2000 || local.Year > 2100)
        {
            e[field] = text["Event.BadDateTime"];
            return null;
        }
        if (zone is null) return null;
        var utc = EventTimes.ToUtc(local, zone);
        if (utc is null) e[field] = text["Event.NoSuchTime"];
        return utc;
    }

    public async Task<Event> CreateAsync(EventValues v, ClaimsPrincipal user, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var slug = await UniqueSlugAsync(v.Title, ct);
        var e = new Event
        {
            Slug = slug, PartnerId = v.PartnerId, Language = v.Language, Title = v.Title, Summary = v.Summary, Description = v.Description,
            TimeZone = v.TimeZone, CountryCode = v.Country, CreatedAt = now, UpdatedAt = now, CreatedBy = user.FindFirstValue(ClaimTypes.NameIdentifier),
        };
        Apply(e, v);
        db.Events.Add(e);
        await db.SaveChangesAsync(ct);
        Audit(user, "event.created", e.Id, e.Title, now);
        await db.SaveChangesAsync(ct);
        return e;
    }

    /// <summary>Saves an edit made on <paramref name="version"/>; a newer saved version is a conflict and nothing is saved.</summary>
    public async Task<EventSaveOutcome> UpdateAsync(int id, Guid version, EventValues v, ClaimsPrincipal user, CancellationToken ct)
    {
        var e = await db.Events.AsTracking().Include(x => x.Tags).Include(x => x.CoOrganisers).FirstAsync(x => x.Id == id, ct);
        if (e.Version != version) return EventSaveOutcome.Conflict;
        var now = clock.GetUtcNow().UtcDateTime;
        Apply(e, v);
        (e.Language, e.Title, e.Summary, e.Description, e.TimeZone, e.CountryCode, e.UpdatedAt) = (v.Language, v.Title, v.Summary, v.Description, v.TimeZone, v.Country, now);
        e.Version = Guid.NewGuid();
        Audit(user, "event.edited", e.Id, e.Title, now);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return EventSaveOutcome.Conflict;
        }
        return EventSaveOutcome.Saved;
    }

    private static void Apply(Event e, EventValues v)
    {
        (e.Kind, e.StartsAt, e.EndsAt, e.Address, e.Latitude, e.Longitude, e.OnlineUrl, e.Capacity) =
            (v.Kind, v.StartsAt, v.EndsAt, v.Address, v.Latitude, v.Longitude, v.OnlineUrl, v.Capacity);
        (e.RegistrationDeadline, e.CancellationDeadline, e.SlidesUrl, e.RecordingUrl, e.ReportUrl) =
            (v.RegistrationDeadline, v.CancellationDeadline, v.SlidesUrl, v.RecordingUrl, v.ReportUrl);
        e.FreeKeywords = v.Keywords;
        var tags = v.Themes.Select(t => (EventTagSchemes.Theme, t.ToString(CultureInfo.InvariantCulture)))
            .Concat(v.Targets.Select(t => (EventTagSchemes.Target, t))).Concat(v.Languages.Select(l => (EventTagSchemes.Language, l))).Distinct().ToList();
        e.Tags.RemoveAll(t => !tags.Contains((t.Scheme, t.Code)));
        foreach (var (scheme, code) in tags.Where(t => !e.Tags.Any(x => x.Scheme == t.Item1 && x.Code == t.Item2)))
            e.Tags.Add(new EventTag { Scheme = scheme, Code = code });
        e.CoOrganisers.RemoveAll(o => !v.CoOrganisers.Contains(o.PartnerId));
        foreach (var p in v.CoOrganisers.Where(p => !e.CoOrganisers.Any(o => o.PartnerId == p))) e.CoOrganisers.Add(new EventOrganiser { PartnerId = p });
    }

    private void Audit(ClaimsPrincipal user, string action, int id, string title, DateTime at) =>
        db.AuditEntries.Add(new AuditEntry { At = at, UserId = user.FindFirstValue(ClaimTypes.NameIdentifier), Action = action, Subject = $"event/{id}", Details = title });

    public async Task<string> UniqueSlugAsync(string title, CancellationToken ct)
    {
        var baseSlug = Slugs.From(title);
        if (ReservedSlugs.Contains(baseSlug)) baseSlug += "-event";
        var taken = await db.Events.Where(x => x.Slug == baseSlug || x.Slug.StartsWith(baseSlug + "-")).Select(x => x.Slug).ToListAsync(ct);
        if (!taken.Contains(baseSlug)) return baseSlug;
        for (var n = 2; ; n++)
            if (!taken.Contains($"{baseSlug}-{n}")) return $"{baseSlug}-{n}";
    }

    /// <summary>A saved event as the form shows it, in its own zone's wall-clock time.</summary>
    public static EventForm Fill(Event e)
    {
        var inv = CultureInfo.InvariantCulture;
        var zone = EventTimes.Find(e.TimeZone) ?? TimeZoneInfo.Utc;
        string? Local(DateTime? utc) => utc is { } u ? EventTimes.ToLocal(u, zone).ToString(LocalFormat, inv) : null;
        return new EventForm
        {
            Partner = e.PartnerId.ToString(inv), CoOrganisers = e.CoOrganisers.Select(o => o.PartnerId.ToString(inv)).ToList(), Kind = Codes.Of(e.Kind),
            Language = e.Language, Title = e.Title, Summary = e.Summary, Description = e.Description, Starts = Local(e.StartsAt), Ends = Local(e.EndsAt),
            TimeZone = e.TimeZone, Address = e.Address, Country = e.CountryCode, Latitude = e.Latitude?.ToString(inv), Longitude = e.Longitude?.ToString(inv),
            OnlineUrl = e.OnlineUrl, Capacity = e.Capacity?.ToString(inv), RegistrationDeadline = Local(e.RegistrationDeadline),
            CancellationDeadline = Local(e.CancellationDeadline), Targets = e.Tags.Where(t => t.Scheme == EventTagSchemes.Target).Select(t => t.Code).ToList(),
            Languages = e.Tags.Where(t => t.Scheme == EventTagSchemes.Language).Select(t => t.Code).ToList(),
            SlidesUrl = e.SlidesUrl, RecordingUrl = e.RecordingUrl, ReportUrl = e.ReportUrl,
        };
    }
}
