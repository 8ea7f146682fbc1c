using System.Globalization;
using System.Text;
using LearningNetwork.Domain;

namespace LearningNetwork.Features.Events;

/// <summary>
/// iCalendar (RFC 5545) for events: one VCALENDAR with a VEVENT per event and a VTIMEZONE per zone used, built from the
/// zone's actual transitions (found from the tz database) over the years the events span, so a calendar program shows
/// the event at the right local time even across a change to or from summer time. Lines end in CRLF and are folded at
/// 75 octets without splitting a UTF-8 sequence; text values are escaped (backslash, semicolon, comma, newline).
/// </summary>
public static class EventCalendar
{
    public const string ContentType = "text/calendar; charset=utf-8";

    public sealed record Entry(Event Event, string Url, string Organiser);

    public static string Build(string name, IEnumerable<Entry> entries, DateTime stamp)
    {
        var list = entries.ToList();
        var lines = new List<string>
        {
            "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Regions & Biodiversity Learning Network//Events//EN", "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
            "X-WR-CALNAME:" + Escape(name),
        };
        foreach (var zone in list.GroupBy(e => e.Event.TimeZone, StringComparer.Ordinal))
        {
            var tz = EventTimes.Find(zone.Key) ?? TimeZoneInfo.Utc;
            lines.AddRange(TimeZone(zone.Key, tz, zone.Min(e => e.Event.StartsAt).Year - 1, zone.Max(e => e.Event.EndsAt).Year + 1));
        }
        foreach (var (e, url, organiser) in list)
        {
            var tz = EventTimes.Find(e.TimeZone) ?? TimeZoneInfo.Utc;
            lines.Add("BEGIN:VEVENT");
            lines.Add($"UID:event-{e.Id.ToString(CultureInfo.InvariantCulture)}-{e.Slug}@learning-network");
            lines.Add("DTSTAMP:" + Utc(stamp));
            lines.Add("LAST-MODIFIED:" + Utc(e.UpdatedAt));
            lines.Add($"DTSTART;TZID={e.TimeZone}:{Local(EventTimes.ToLocal(e.StartsAt, tz))}");
            lines.Add($"DTEND;TZID={e.TimeZone}:{Local(EventTimes.ToLocal(e.EndsAt, tz))}");
            lines.Add("SUMMARY;LANGUAGE=" + e.Language + ":" + Escape(e.Title));
            lines.Add("DESCRIPTION:" + Escape(e.Summary + "\n\n" + url));
            var location = e.Address ?? e.OnlineUrl;
            if (location is not null) lines.Add("LOCATION:" + Escape(location));
            if (e.Latitude is { } lat && e.Longitude is { } lon)
                lines.Add(FormattableString.Invariant($"GEO:{lat:0.######};{lon:0.######}"));
            lines.Add("URL:" + url);
            lines.Add("ORGANIZER;CN=" + Quote(organiser) + ":" + url);
            lines.Add("CATEGORIES:" + Escape(Marketplace.Codes.Of(e.Kind)));
            // A cancelled event stays in the calendar, cancelled, with a higher SEQUENCE than the copy a program holds (RFC 5545 3.8.7.4).
            lines.Add("SEQUENCE:" + e.Sequence.ToString(CultureInfo.InvariantCulture));
            lines.Add(e.CancelledAt is null ? "STATUS:CONFIRMED" : "STATUS:CANCELLED");
            lines.Add("END:VEVENT");
        }
        lines.Add("END:VCALENDAR");
        var text = new StringBuilder();
        foreach (var line in lines) Fold(text, line);
        return text.ToString();
    }

    /// <summary>A VTIMEZONE with one STANDARD or DAYLIGHT observance per transition in the years given (or one STANDARD
    /// when the zone has none then), each starting at the local time of the transition in the offset it leaves.</summary>
    internal static IEnumerable<string> TimeZone(string id, TimeZoneInfo zone, int fromYear, int toYear)
    {
        yield return "BEGIN:VTIMEZONE";
        yield return "TZID:" + id;
        var start = new DateTime(fromYear, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var end = new DateTime(toYear, 12, 31, 23, 0, 0, DateTimeKind.Utc);
        var transitions = Transitions(zone, start, end).ToList();
        if (transitions.Count == 0)
        {
            var offset = zone.GetUtcOffset(start);
            yield return "BEGIN:STANDARD";
            yield return "DTSTART:" + Local(new DateTime(1970, 1, 1, 0, 0, 0));
            yield return "TZOFFSETFROM:" + Offset(offset);
            yield return "TZOFFSETTO:" + Offset(offset);
            yield return "TZNAME:" + Name(zone, start);
            yield return "END:STANDARD";
        }
        foreach (var (at, from, to) in transitions)
        {
            var kind = zone.IsDaylightSavingTime(at) ? "DAYLIGHT" : "STANDARD";
            yield return "BEGIN:" + kind;
            yield return "DTSTART:" + Local(DateTime.SpecifyKind(at + from, DateTimeKind.Unspecified));
            yield return "TZOFFSETFROM:" + Offset(from);
            yield return "TZOFFSETTO:" + Offset(to);
            yield return "TZNAME:" + Name(zone, at);
            yield return "END:" + kind;
        }
        yield return "END:VTIMEZONE";
    }

    /// <summary>The instants (UTC, to the minute) at which the zone's offset changes between two instants.</summary>
    internal static IEnumerable<(DateTime At, TimeSpan From, TimeSpan To)> Transitions(TimeZoneInfo zone, DateTime from, DateTime to)
    {
        var step = TimeSpan.FromHours(6);
        var previous = zone.GetUtcOffset(from);
        for (var t = from + step; t <= to; t += step)
        {
            var offset = zone.GetUtcOffset(t);
            if (offset == previous) continue;
            // bisect the 6 hours down to the minute
            var (lo, hi) = (t - step, t);
            while (hi - lo > TimeSpan.FromMinutes(1))
            {
                var mid = lo + (hi - lo) / 2;
                mid = new DateTime(mid.Ticks - mid.Ticks % TimeSpan.TicksPerMinute, DateTimeKind.Utc);
                if (mid <= lo) break;
                if (zone.GetUtcOffset(mid) == previous) lo = mid; else hi = mid;
            }
            yield return (hi, previous, offset);
            previous = offset;
        }
    }

    private static string Name(TimeZoneInfo zone, DateTime at)
    {
        var o = zone.GetUtcOffset(at);
        return o == TimeSpan.Zero ? "UTC" : "UTC" + (o < TimeSpan.Zero ? "-" : "+") + o.Duration().ToString(@"h\:mm", CultureInfo.InvariantCulture).Replace(":00", "", StringComparison.Ordinal);
    }

    private static string Utc(DateTime utc) => DateTime.SpecifyKind(utc, DateTimeKind.Utc).ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    private static string Local(DateTime local) => local.ToString("yyyyMMdd'T'HHmmss", CultureInfo.InvariantCulture);

    private static string Offset(TimeSpan o) => (o < TimeSpan.Zero ? "-" : "+") + o.Duration().ToString("hhmm", CultureInfo.InvariantCulture);

    /// <summary>TEXT value escaping (RFC 5545 3.3.11); control characters other than newline are dropped.</summary>
    internal static string Escape(string value)
    {
        var b = new StringBuilder(value.Length);
        foreach (var c in value.Replace("\r\n", "\n", StringComparison.Ordinal))
        {
            switch (c)
            {
                case '\\': b.Append(@"\\"); break;
                case ';': b.Append(@"\;"); break;
                case ',': b.Append(@"\,"); break;
                case '\n': b.Append(@"\n"); break;
                default:
                    if (!char.IsControl(c)) b.Append(c);
                    break;
            }
        }
        return b.ToString();
    }

    /// <summary>A parameter value in double quotes (which it may not contain).</summary>
    private static string Quote(string value) => "\"" + new string(value.Where(c => c != '"' && !char.IsControl(c)).ToArray()) + "\"";

    /// <summary>Appends a content line folded at 75 octets (RFC 5545 3.1): continuation lines start with a space, and a
    /// UTF-8 sequence (or a surrogate pair) is never split.</summary>
    internal static void Fold(StringBuilder output, string line)
    {
        var octets = 0;
        var limit = 75;
        for (var i = 0; i < line.Length; i++)
        {
            var length = char.IsHighSurrogate(line[i]) && i + 1 < line.Length ? 2 : 1;
            var size = Encoding.UTF8.GetByteCount(line.AsSpan(i, length));
            if (octets + size > limit)
            {
                output.Append("\r\n ");
                octets = 1;
                limit = 75;
            }
            output.Append(line, i, length);
            octets += size;
            i += length - 1;
        }
        output.Append("\r\n");
    }
}
