using System.Text;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LearningNetwork.Features.Report;

/// <summary>
/// /{lang}/network-report/{section}.csv: one table of the report as CSV (UTF-8, a header row, figures in the invariant
/// culture, the whole period as the last row <c>total</c>), for the same period and the same readers as the page. The
/// language in the path changes nothing in the file: its columns have stable English names and its rows codes.
/// </summary>
public sealed class CsvModel(NetworkReport report, ReportAccess access, TimeProvider clock) : PageModel
{
    public async Task<IActionResult> OnGetAsync(string section, [FromQuery] string? from, [FromQuery] string? to, CancellationToken ct)
    {
        if (!access.Allows(User)) return User.Identity?.IsAuthenticated == true ? Forbid() : Challenge();
        if (!NetworkReport.Sections.Contains(section)) return NotFound();
        if (from is { Length: > 20 } || to is { Length: > 20 }) return BadRequest();
        var period = ReportPeriod.Parse(from, to, clock.GetUtcNow().UtcDateTime, out var valid);
        if (!valid) return BadRequest();
        var table = await report.SectionAsync(section, period, ct);
        return File(Encoding.UTF8.GetBytes(table.Csv()), "text/csv; charset=utf-8", $"network-report-{section}-{period.First.Code}-{period.Last.Code}.csv");
    }
}
