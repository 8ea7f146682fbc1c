using System.Globalization;
using LearningNetwork.Infrastructure.Localization;

namespace LearningNetwork.Features.Events;

/// <summary>
/// Time zones of events: IANA ids only (the system's tz database, the same on every node), local times in and out, and
/// the zone's name as people say it ("Helsinki time"). A reader's zone comes from <c>?tz=</c> or the <c>tz</c> cookie;
/// anything that is not a known IANA zone is ignored.
/// </summary>
public static class EventTimes
{
    public const string CookieName = "tz";

    /// <summary>The zones the form offers: Europe's, those of the Council of Europe members outside the "Europe/" area, and UTC.</summary>
    public static readonly IReadOnlyList<string> FormZones = BuildFormZones();

    private static List<string> BuildFormZones()
    {
        var extra = new[] { "Atlantic/Azores", "Atlantic/Canary", "Atlantic/Madeira", "Atlantic/Reykjavik", "Asia/Nicosia", "Asia/Tbilisi", "Asia/Yerevan", "Asia/Baku", "UTC" };
        return TimeZoneInfo.GetSystemTimeZones().Select(z => z.Id).Where(id => id.StartsWith("Europe/", StringComparison.Ordinal))
            .Concat(extra.Where(id => Find(id) is not null)).Distinct().Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>The zone with this IANA id, or null (never throws on user input).</summary>
    public static TimeZoneInfo? Find(string? id)
    {
        if (string.IsNullOrWhiteSpace(id) || id.Length > 64 || !id.All(c => char.IsAsciiLetterOrDigit(c) || c is '/' or '_' or '-' or '+')) return null;
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone)) return null;
        // Windows ids are converted by .NET; we keep IANA ids only, so every node and every calendar agrees.
        return zone.HasIanaId || id == "UTC" ? zone : null;
    }

    /// <summary>"Helsinki" for Europe/Helsinki, "UTC" for UTC.</summary>
    public static string City(string id) => id.Contains('/', StringComparison.Ordinal) ? id[(id.LastIndexOf('/') + 1)..].Replace('_', ' ') : id;

    public static DateTime ToLocal(DateTime utc, TimeZoneInfo zone) => TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), zone);

    /// <summary>A wall-clock time in a zone as UTC; null when that time does not exist there (skipped by a change to summer time).</summary>
    public static DateTime? ToUtc(DateTime local, TimeZoneInfo zone)
    {
        var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(unspecified)) return null;
        return TimeZoneInfo.ConvertTimeToUtc(unspecified, zone);
    }

    /// <summary>Day and time as the reader's culture writes them, in the given zone (the zone is named by the caller).</summary>
    public static string Format(DateTime utc, TimeZoneInfo zone)
    {
        var local = ToLocal(utc, zone);
        return $"{ReaderDates.Day(DateOnly.FromDateTime(local))} {local.ToString(CultureInfo.CurrentCulture.DateTimeFormat.ShortTimePattern, CultureInfo.CurrentCulture)}";
    }

    /// <summary>Only the time of day as the reader's culture writes it.</summary>
    public static string Time(DateTime utc, TimeZoneInfo zone) =>
        ToLocal(utc, zone).ToString(CultureInfo.CurrentCulture.DateTimeFormat.ShortTimePattern, CultureInfo.CurrentCulture);

    /// <summary>The UTC offset at that instant, as +02:00.</summary>
    public static string Offset(DateTime utc, TimeZoneInfo zone)
    {
        var o = zone.GetUtcOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc));
        return (o < TimeSpan.Zero ? "-" : "+") + o.Duration().ToString(@"hh\:mm", CultureInfo.InvariantCulture);
    }

    /// <summary>The reader's zone: the tz query value, else the cookie, else null (pages then use the event's own).</summary>
    public static TimeZoneInfo? Reader(HttpRequest request) =>
        Find(request.Query["tz"].ToString()) ?? Find(request.Cookies[CookieName]);
}
