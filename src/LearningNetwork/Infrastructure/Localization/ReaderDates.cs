using System.Collections.Concurrent;
using System.Globalization;
using System.Text.RegularExpressions;

namespace LearningNetwork.Infrastructure.Localization;

/// <summary>
/// Dates as the reader's culture writes them, one format everywhere: a day is the culture's long date without the
/// weekday ("29 November 2026", "29. November 2026", "2026. november 29."), a moment adds the culture's short time.
/// Machine-readable values go in a time element's datetime attribute, never through here.
/// </summary>
public static partial class ReaderDates
{
    private static readonly ConcurrentDictionary<string, string> DayPatterns = new();

    public static string Day(DateOnly day) => day.ToString(DayPattern(CultureInfo.CurrentCulture), CultureInfo.CurrentCulture);

    public static string Day(DateOnly? day) => day is { } d ? Day(d) : "";

    public static string Day(DateTime at) => Day(DateOnly.FromDateTime(at));

    /// <summary>A moment in UTC, as day and time, marked UTC (the network spans several time zones).</summary>
    public static string Moment(DateTime utc) =>
        $"{Day(utc)} {utc.ToString(CultureInfo.CurrentCulture.DateTimeFormat.ShortTimePattern, CultureInfo.CurrentCulture)} UTC";

    public static string Moment(DateTimeOffset at) => Moment(at.UtcDateTime);

    internal static string DayPattern(CultureInfo culture) => DayPatterns.GetOrAdd(culture.Name, _ =>
    {
        var pattern = Weekday().Replace(culture.DateTimeFormat.LongDatePattern, "").Trim(' ', ',', '\u060C');
        return pattern.Length > 0 ? pattern : culture.DateTimeFormat.ShortDatePattern;
    });

    // the weekday with the separator that joins it to the date, before or after it
    [GeneratedRegex(@"dddd[,\s]*|[,\s]*dddd")]
    private static partial Regex Weekday();
}
