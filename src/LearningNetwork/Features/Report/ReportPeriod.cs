using System.Globalization;

namespace LearningNetwork.Features.Report;

/// <summary>A calendar quarter (UTC). <see cref="Code"/> (2025-Q3) names it in CSV files and URLs.</summary>
public readonly record struct Quarter(int Year, int Number)
{
    public static Quarter Of(int year, int month) => new(year, (month + 2) / 3);
    public static Quarter Of(DateTime instant) => Of(instant.Year, instant.Month);
    public DateTime Start => new(Year, Number * 3 - 2, 1, 0, 0, 0, DateTimeKind.Utc);
    public DateTime End => Start.AddMonths(3);
    public Quarter Next => Number == 4 ? new Quarter(Year + 1, 1) : new Quarter(Year, Number + 1);
    public string Code => string.Create(CultureInfo.InvariantCulture, $"{Year}-Q{Number}");
}

/// <summary>
/// The period a report covers: whole calendar quarters in UTC, from the quarter of the first month asked for to the quarter
/// of the last, at most <see cref="MaxQuarters"/> quarters (so whatever is asked, grouping per quarter stays bounded).
/// Without months, the last 24 months: the current quarter and the seven before it.
/// </summary>
public sealed record ReportPeriod(Quarter First, Quarter Last)
{
    public const int MaxQuarters = 40;
    public const int DefaultQuarters = 8;

    public DateTime Start => First.Start;
    /// <summary>Exclusive.</summary>
    public DateTime End => Last.End;
    public DateOnly StartDay => DateOnly.FromDateTime(Start);
    public DateOnly EndDay => DateOnly.FromDateTime(End);

    public IReadOnlyList<Quarter> Quarters
    {
        get
        {
            var list = new List<Quarter>();
            for (var q = First; list.Count < MaxQuarters && q.Start <= Last.Start; q = q.Next) list.Add(q);
            return list;
        }
    }

    /// <summary>The month a form shows for the first and the last quarter (yyyy-MM, what an input of type month holds).</summary>
    public string FromMonth => First.Start.ToString("yyyy-MM", CultureInfo.InvariantCulture);
    public string ToMonth => Last.Start.AddMonths(2).ToString("yyyy-MM", CultureInfo.InvariantCulture);

    public static ReportPeriod Default(DateTime now)
    {
        var last = Quarter.Of(now);
        var first = last;
        for (var i = 1; i < DefaultQuarters; i++) first = first.Number == 1 ? new Quarter(first.Year - 1, 4) : new Quarter(first.Year, first.Number - 1);
        return new ReportPeriod(first, last);
    }

    /// <summary>
    /// The period of the form's months (yyyy-MM; either may be left empty for the default's end). Null with
    /// <paramref name="valid"/> false when a month is not one, the first comes after the last, or they are more than
    /// <see cref="MaxQuarters"/> quarters apart: the page then says so and shows the default period.
    /// </summary>
    public static ReportPeriod Parse(string? from, string? to, DateTime now, out bool valid)
    {
        var fallback = Default(now);
        valid = true;
        if (string.IsNullOrWhiteSpace(from) && string.IsNullOrWhiteSpace(to)) return fallback;
        var first = string.IsNullOrWhiteSpace(from) ? fallback.First : Month(from);
        var last = string.IsNullOrWhiteSpace(to) ? fallback.Last : Month(to);
        if (first is { } f && last is { } l && f.Start <= l.Start && (l.Year - f.Year) * 4 + l.Number - f.Number < MaxQuarters)
            return new ReportPeriod(f, l);
        valid = false;
        return fallback;
    }

    private static Quarter? Month(string text) =>
        text.Trim().Length <= 7 && DateTime.TryParseExact(text.Trim(), "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out var month)
            && month.Year is >= 1900 and <= 9998
            ? Quarter.Of(month.Year, month.Month) : null;
}
