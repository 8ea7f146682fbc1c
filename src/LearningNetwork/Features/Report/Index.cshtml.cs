using LearningNetwork.ReferenceData;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LearningNetwork.Features.Report;

/// <summary>
/// /{lang}/network-report: the network report for coordinators (and for everyone when <c>Report:Public</c> is on). Each
/// section is a chart drawn on the server as SVG (no script) followed by its table, which is the chart's text alternative,
/// and a link to the same table as CSV. The period is whole quarters, the last 24 months unless the form says otherwise.
/// Refusals answer like the other coordinator pages: anonymous to sign in, anyone else 403.
/// (/{lang}/report is the moderation form that reports content, hence the longer path.)
/// </summary>
public sealed class IndexModel(NetworkReport report, ReportAccess access, CountryNames countryNames, TimeProvider clock) : PageModel
{
    [FromQuery(Name = "from")] public string? From { get; set; }
    [FromQuery(Name = "to")] public string? To { get; set; }
    /// <summary>The printable view: the page without the site's header, footer, form and links (also what @media print does).</summary>
    [FromQuery(Name = "print")] public bool Print { get; set; }

    public ReportPeriod Period { get; private set; } = ReportPeriod.Default(DateTime.UtcNow);
    public bool InvalidPeriod { get; private set; }
    public IReadOnlyList<ReportTable> Tables { get; private set; } = [];
    public CountryNames CountryNames => countryNames;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!access.Allows(User)) return User.Identity?.IsAuthenticated == true ? Forbid() : Challenge();
        Period = ReportPeriod.Parse(Clip(From), Clip(To), clock.GetUtcNow().UtcDateTime, out var valid);
        InvalidPeriod = !valid;
        Tables = await report.AllAsync(Period, ct);
        return Page();
    }

    /// <summary>The query string that keeps the period in the CSV links (empty for the default).</summary>
    public string PeriodQuery => InvalidPeriod || (string.IsNullOrWhiteSpace(From) && string.IsNullOrWhiteSpace(To)) ? ""
        : QueryString.Create(new Dictionary<string, string?> { ["from"] = Period.FromMonth, ["to"] = Period.ToMonth }).ToUriComponent();

    private static string? Clip(string? value) => value is { Length: > 20 } ? value[..20] : value;
}
