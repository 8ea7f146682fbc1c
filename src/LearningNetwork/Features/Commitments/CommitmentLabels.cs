using System.Globalization;
using LearningNetwork.Domain;
using Microsoft.Extensions.Localization;

namespace LearningNetwork.Features.Commitments;

/// <summary>How the editor's messages, quantities and shares are written on pages and in API errors.</summary>
public static class CommitmentMessages
{
    /// <summary>Messages whose argument is a unit code, shown by its name in the reader's language.</summary>
    private static readonly HashSet<string> UnitArguments = ["Progress.WrongUnit", "Progress.UnitRequired", "Commitment.UnitFixedByReports"];

    /// <summary>A resource key with its arguments after '|' (as the editor returns it), in the current language.</summary>
    public static string Format(IStringLocalizer text, string key)
    {
        var parts = key.Split('|');
        if (parts.Length == 1) return text[parts[0]];
        var args = parts.Skip(1).Select(a => UnitArguments.Contains(parts[0]) ? text[$"UnitName.{a}"].Value : a).Cast<object>().ToArray();
        return text[parts[0], args];
    }

    public static string Number(double value, CultureInfo culture) => value.ToString("#,0.##", culture);

    /// <summary>A value with its unit: "420 ha", "35 %", "1,200 trees"; a count is a bare number.</summary>
    public static string Quantity(IStringLocalizer text, double value, string unit, CultureInfo culture) =>
        unit == "count" ? Number(value, culture) : $"{Number(value, culture)} {text[$"Unit.{unit}"]}";

    /// <summary>A share from 0 to 1 as a whole percentage: "45 %".</summary>
    public static string Percent(double share, CultureInfo culture) => (share * 100).ToString("0", culture) + " %";
}

/// <summary>
/// The coordinates of an indicator's trajectory chart, computed here so that the view only draws: the baseline, every
/// report in date order, and the target, on a time axis from the baseline date to the later of the target date and the
/// last report, and a value axis from the smallest to the largest of them all. SVG units; y grows downwards. The margins
/// leave room for the axis labels (the smallest and largest value, the first and last year).
/// </summary>
public sealed record TrajectoryChart(double Width, double Height, (double X, double Y) Baseline, (double X, double Y) Target,
    IReadOnlyList<(double X, double Y)> Reports, double MinValue, double MaxValue, DateOnly From, DateOnly To)
{
    public const double Left = 64, Right = 12, Top = 12, Bottom = 26;

    public double PlotBottom => Height - Bottom;
    public double PlotRight => Width - Right;

    public static TrajectoryChart For(CommitmentIndicator indicator, double width = 380, double height = 160)
    {
        var reports = indicator.Reports.OrderBy(r => r.Date).ThenBy(r => r.Id).ToList();
        var from = indicator.BaselineDate;
        var to = reports.Count > 0 && reports[^1].Date > indicator.TargetDate ? reports[^1].Date : indicator.TargetDate;
        var values = reports.Select(r => r.Value).Append(indicator.Baseline).Append(indicator.Target).ToList();
        var min = values.Min();
        var max = values.Max();
        double X(DateOnly d) => Math.Round(Left + (width - Left - Right) * (d.DayNumber - from.DayNumber) / Math.Max(1, to.DayNumber - from.DayNumber), 1);
        double Y(double v) => Math.Round(Top + (height - Top - Bottom) * (max == min ? 0.5 : (max - v) / (max - min)), 1);
        return new TrajectoryChart(width, height, (X(indicator.BaselineDate), Y(indicator.Baseline)), (X(indicator.TargetDate), Y(indicator.Target)),
            reports.Select(r => (X(r.Date), Y(r.Value))).ToList(), min, max, from, to);
    }

    /// <summary>The polyline through the baseline and the reports.</summary>
    public string Points => string.Join(" ", new[] { Baseline }.Concat(Reports).Select(p => $"{p.X.ToString(CultureInfo.InvariantCulture)},{p.Y.ToString(CultureInfo.InvariantCulture)}"));
}
