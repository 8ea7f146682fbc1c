using System.Globalization;
using System.Text;
using LearningNetwork.Features.OpenData;

namespace LearningNetwork.Features.Report;

/// <summary>How a figure is written: a count, a number of days (one decimal) or a percentage (0–100).</summary>
public enum FigureKind { Count, Days, Percent }

/// <summary>A column: its CSV name (stable, English, snake case), its heading's resource key, and whether the chart draws it.</summary>
public sealed record ReportColumn(string Name, string LabelKey, FigureKind Kind = FigureKind.Count, bool Charted = false);

/// <summary>
/// A row: a quarter or a country (what its first cell names; the page words it in the reader's language, the CSV writes
/// <see cref="Code"/>: 2025-Q3, an ISO 3166-1 code, or <c>total</c>), and one figure per column, null where there is none
/// (a median of no answers).
/// </summary>
public sealed record ReportRow(string Code, Quarter? Quarter, string? Country, IReadOnlyList<double?> Values);

/// <summary>
/// One table of the report: the page draws it as a chart and as the table that is the chart's text alternative, and its CSV
/// file is written from the same rows, so the page and the file cannot disagree.
/// </summary>
public sealed record ReportTable(string Section, string CaptionKey, IReadOnlyList<ReportColumn> Columns, IReadOnlyList<ReportRow> Rows, ReportRow? Total)
{
    /// <summary>Rows per quarter (a time chart) rather than per country (a ranking chart).</summary>
    public bool OverTime => Rows.Count == 0 || Rows[0].Quarter is not null;

    /// <summary>
    /// RFC 4180 with a header row: the row's name (<c>quarter</c> or <c>country</c>), then the columns; figures in the
    /// invariant culture (a point for decimals, no grouping), an empty cell where there is no figure; the whole period last.
    /// </summary>
    public string Csv()
    {
        var sb = new StringBuilder();
        sb.AppendJoin(',', new[] { OverTime ? "quarter" : "country" }.Concat(Columns.Select(c => c.Name)).Select(OpenDataSets.Cell)).Append("\r\n");
        foreach (var row in Total is null ? Rows : Rows.Append(Total))
            sb.AppendJoin(',', new[] { row.Code }.Concat(row.Values.Select((v, i) => Invariant(v, Columns[i].Kind))).Select(OpenDataSets.Cell)).Append("\r\n");
        return sb.ToString();
    }

    public static string Invariant(double? value, FigureKind kind) => value is not { } v ? ""
        : kind == FigureKind.Count ? v.ToString("0", CultureInfo.InvariantCulture) : v.ToString("0.0", CultureInfo.InvariantCulture);

    /// <summary>The figure as the reader writes numbers; an en dash where there is none.</summary>
    public static string Reader(double? value, FigureKind kind, CultureInfo culture) => value is not { } v ? "–" : kind switch
    {
        FigureKind.Count => v.ToString("N0", culture),
        FigureKind.Days => v.ToString("N1", culture),
        _ => (v / 100).ToString("P0", culture),
    };
}
