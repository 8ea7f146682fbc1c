using System.Globalization;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;

namespace LearningNetwork.Features.Report;

/// <summary>What the chart partial draws: a table's charted columns, its rows named for the reader, and the chart's name.</summary>
public sealed record ReportChart(ReportTable Table, IReadOnlyList<string> RowLabels, IReadOnlyList<string> SeriesLabels, string Name)
{
    public IReadOnlyList<int> Series => Table.Columns.Select((c, i) => (c, i)).Where(x => x.c.Charted).Select(x => x.i).ToList();

    /// <summary>The top of the value axis and its step: a round step (1, 2 or 5 × 10ⁿ, at least 1) that gives at most four lines.</summary>
    public (double Top, double Step) Axis()
    {
        var max = Table.Rows.SelectMany(r => Series.Select(i => r.Values[i] ?? 0)).DefaultIfEmpty(0).Max();
        var step = 1.0;
        while (max / step > 4)
            step = step.ToString(CultureInfo.InvariantCulture)[0] switch { '1' => step * 2, '2' => step * 2.5, _ => step * 2 };
        return (Math.Max(step, Math.Ceiling(max / step) * step), step);
    }

    /// <summary>An SVG &lt;text&gt; (Razor keeps that tag name for itself, so it is written here), its content encoded.</summary>
    public static HtmlString Label(double x, double y, string? anchor, string text) => new(
        $"<text class=\"axis-label\" x=\"{N(x)}\" y=\"{N(y)}\"{(anchor is null ? "" : $" text-anchor=\"{anchor}\"")}>{HtmlEncoder.Default.Encode(text)}</text>");

    public static string N(double value) => Math.Round(value, 1).ToString(CultureInfo.InvariantCulture);
}
