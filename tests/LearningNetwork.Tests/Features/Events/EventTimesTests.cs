using System.Text;
using LearningNetwork.Domain;
using LearningNetwork.Features.Events;

namespace LearningNetwork.Tests.Features.Events;

/// <summary>Times of events across zones and changes of summer time, and the calendar files built from them (RFC 5545).</summary>
public sealed class EventTimesTests
{
    private static readonly TimeZoneInfo Helsinki = EventTimes.Find("Europe/Helsinki")!;
    private static readonly TimeZoneInfo Lisbon = EventTimes.Find("Europe/Lisbon")!;

    [Fact]
    public void An_event_at_ten_in_Helsinki_is_at_eight_in_Lisbon_on_both_sides_of_the_October_change()
    {
        // The EU leaves summer time on 25 October 2026 at 01:00 UTC, in Helsinki and Lisbon at the same instant.
        var saturday = EventTimes.ToUtc(new DateTime(2026, 10, 24, 10, 0, 0), Helsinki)!.Value;
        var monday = EventTimes.ToUtc(new DateTime(2026, 10, 26, 10, 0, 0), Helsinki)!.Value;
        Assert.Equal(new DateTime(2026, 10, 24, 7, 0, 0, DateTimeKind.Utc), saturday); // EEST, UTC+3
        Assert.Equal(new DateTime(2026, 10, 26, 8, 0, 0, DateTimeKind.Utc), monday);   // EET, UTC+2
        Assert.Equal(new DateTime(2026, 10, 24, 8, 0, 0), EventTimes.ToLocal(saturday, Lisbon)); // WEST, UTC+1
        Assert.Equal(new DateTime(2026, 10, 26, 8, 0, 0), EventTimes.ToLocal(monday, Lisbon));   // WET, UTC+0
        Assert.Equal("+03:00", EventTimes.Offset(saturday, Helsinki));
        Assert.Equal("+02:00", EventTimes.Offset(monday, Helsinki));
        Assert.Equal("2026-10-24T10:00:00+03:00", EventsApi.Iso(saturday, Helsinki));
        Assert.Equal("2026-10-26T08:00:00+00:00", EventsApi.Iso(monday, Lisbon));
        // A time skipped by the change to summer time does not exist; one met twice is read as standard time.
        Assert.Null(EventTimes.ToUtc(new DateTime(2026, 3, 29, 3, 30, 0), Helsinki));
        Assert.Equal("Helsinki", EventTimes.City("Europe/Helsinki"));
        Assert.Null(EventTimes.Find("Mars/Olympus_Mons"));
        Assert.Null(EventTimes.Find("../../etc/passwd"));
    }

    [Fact]
    public void The_calendar_file_is_valid_iCalendar_with_the_zones_rules_folded_lines_and_escaped_text()
    {
        var starts = EventTimes.ToUtc(new DateTime(2026, 10, 24, 10, 0, 0), Helsinki)!.Value;
        var e = new Event
        {
            Id = 7, Slug = "urban-forests-helsinki", Language = "en", TimeZone = "Europe/Helsinki", CountryCode = "FI",
            Title = "Study visit: urban forests, wetlands; and green roofs in Helsinki — with a title long enough to be folded twice over",
            Summary = "Two days; with ecologists, planners\nand you.", Description = "x", StartsAt = starts, EndsAt = starts.AddHours(8),
            Address = "Pohjoisesplanadi 11–13, Helsinki", Latitude = 60.1679, Longitude = 24.9524, UpdatedAt = starts.AddDays(-30),
            Partner = new Partner { Slug = "helsinki", Name = "City of Helsinki", CountryCode = "FI" },
        };
        var text = EventCalendar.Build("Events", [new EventCalendar.Entry(e, "https://ln.example/en/events/urban-forests-helsinki", "City of Helsinki")],
            new DateTime(2026, 9, 1, 12, 0, 0, DateTimeKind.Utc));

        // Every line ends in CRLF, none is longer than 75 octets, and no bare CR or LF is left.
        Assert.EndsWith("\r\n", text, StringComparison.Ordinal);
        var physical = text[..^2].Split("\r\n");
        Assert.All(physical, l => Assert.True(Encoding.UTF8.GetByteCount(l) <= 75, $"longer than 75 octets: {l}"));
        Assert.All(physical, l => Assert.DoesNotContain('\n', l));
        Assert.Contains(physical, l => l.StartsWith(' ')); // the title was folded
        var lines = Unfold(physical);

        Assert.Equal("BEGIN:VCALENDAR", lines[0]);
        Assert.Equal("END:VCALENDAR", lines[^1]);
        Assert.Contains("VERSION:2.0", lines);
        Assert.Contains(lines, l => l.StartsWith("PRODID:", StringComparison.Ordinal));
        // Components nest properly.
        var stack = new Stack<string>();
        foreach (var l in lines)
        {
            if (l.StartsWith("BEGIN:", StringComparison.Ordinal)) stack.Push(l[6..]);
            else if (l.StartsWith("END:", StringComparison.Ordinal)) Assert.Equal(stack.Pop(), l[4..]);
            else Assert.Matches(@"^[A-Z-]+(;[A-Z-]+=[^:;]+)*:", l);
        }
        Assert.Empty(stack);

        var zone = Section(lines, "VTIMEZONE");
        Assert.Contains("TZID:Europe/Helsinki", zone);
        // 2026: summer time from 29 March 03:00 local (01:00 UTC), back on 25 October 04:00 local summer time.
        var daylight = string.Join("\n", zone);
        Assert.Contains("BEGIN:DAYLIGHT\nDTSTART:20260329T030000\nTZOFFSETFROM:+0200\nTZOFFSETTO:+0300", daylight, StringComparison.Ordinal);
        Assert.Contains("BEGIN:STANDARD\nDTSTART:20261025T040000\nTZOFFSETFROM:+0300\nTZOFFSETTO:+0200", daylight, StringComparison.Ordinal);

        var vevent = Section(lines, "VEVENT");
        Assert.Contains("UID:event-7-urban-forests-helsinki@learning-network", vevent);
        Assert.Contains("DTSTAMP:20260901T120000Z", vevent);
        Assert.Contains("DTSTART;TZID=Europe/Helsinki:20261024T100000", vevent);
        Assert.Contains("DTEND;TZID=Europe/Helsinki:20261024T180000", vevent);
        Assert.Contains(@"SUMMARY;LANGUAGE=en:Study visit: urban forests\, wetlands\; and green roofs in Helsinki — with a title long enough to be folded twice over", vevent);
        Assert.Contains(vevent, l => l.StartsWith(@"DESCRIPTION:Two days\; with ecologists\, planners\nand you.", StringComparison.Ordinal));
        Assert.Contains(@"LOCATION:Pohjoisesplanadi 11–13\, Helsinki", vevent);
        Assert.Contains("URL:https://ln.example/en/events/urban-forests-helsinki", vevent);
        Assert.Contains("GEO:60.1679;24.9524", vevent);
    }

    [Fact]
    public void Folding_never_splits_a_multi_byte_character()
    {
        var b = new StringBuilder();
        EventCalendar.Fold(b, "SUMMARY:" + new string('ä', 100) + "😀😀😀");
        var lines = b.ToString()[..^2].Split("\r\n");
        Assert.All(lines, l => Assert.True(Encoding.UTF8.GetByteCount(l) <= 75));
        Assert.Equal("SUMMARY:" + new string('ä', 100) + "😀😀😀", string.Concat(lines.Select((l, i) => i == 0 ? l : l[1..])));
        Assert.All(lines, l => Assert.DoesNotContain('\uFFFD', Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(l))));
    }

    /// <summary>Content lines from folded physical lines (a line starting with a space continues the one before).</summary>
    internal static List<string> Unfold(IEnumerable<string> physical)
    {
        var lines = new List<string>();
        foreach (var l in physical)
            if (l.StartsWith(' ')) lines[^1] += l[1..];
            else lines.Add(l);
        return lines;
    }

    private static List<string> Section(List<string> lines, string name)
    {
        var start = lines.IndexOf("BEGIN:" + name);
        var end = lines.IndexOf("END:" + name, start);
        Assert.True(start >= 0 && end > start, $"no {name}");
        return lines.GetRange(start, end - start + 1);
    }
}
