using LearningNetwork.ReferenceData;
using LearningNetwork.Data;
using LearningNetwork.Domain;
using LearningNetwork.Features.Partners;
using LearningNetwork.Features.Practices;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace LearningNetwork.Features.Commitments;

/// <summary>
/// /{lang}/commitments/dashboard: what the network's regions and municipalities contribute, per target and per country
/// (<see cref="CommitmentFigures"/>), optionally for one framework. Each chart is server-drawn SVG with the same figures
/// in a table beside it, so the page works without JavaScript and for screen readers; the map of the committing
/// partners is drawn by the vendored Leaflet over the NUTS boundaries, like /map, with the same partners listed.
/// </summary>
public sealed class DashboardModel(LearningNetwork.Features.Targets.TargetNames targetNames, CountryNames countryNames, CommitmentFigures figures, LearningNetworkDb db, Microsoft.Extensions.Localization.IStringLocalizer<SharedResource> text) : PageModel
{
    [FromQuery(Name = "framework")] public string? Framework { get; set; }

    public NetworkFigures Figures { get; private set; } = new(0, 0, 0, 0, 0, null, [], []);
    public bool InvalidFramework { get; private set; }
    public IReadOnlyList<FilterChoice> Frameworks { get; private set; } = [];
    public IReadOnlyDictionary<string, PolicyTarget> TargetRows { get; private set; } = new Dictionary<string, PolicyTarget>();
    public IReadOnlyDictionary<string, string> CountryNames { get; private set; } = new Dictionary<string, string>();
    public IReadOnlyList<(string Country, IReadOnlyList<Partner> Partners)> PartnersByCountry { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        InvalidFramework = !string.IsNullOrEmpty(Framework) && !CommitmentQueryParser.Frameworks.Contains(Framework);
        var framework = InvalidFramework || string.IsNullOrEmpty(Framework) ? null : Framework;
        Figures = await figures.ComputeAsync(framework, ct);
        Frameworks = CommitmentQueryParser.Frameworks.Select(f => new FilterChoice(f, LearningNetwork.Features.Targets.TargetLabels.Framework(text, f))).ToList();
        TargetRows = (await HttpContext.RequestServices.GetRequiredService<LearningNetwork.ReferenceData.ReferenceCache>().TargetsAsync(db, ct)).ToDictionary(t => t.FrameworkCode + ":" + t.Code);
        CountryNames = countryNames.ForReader(await db.Countries.AsNoTracking().ToListAsync(ct));
        var committed = await db.Commitments.AsNoTracking()
            .Where(c => framework == null || c.Targets.Any(t => t.Code.StartsWith(framework + ":")))
            .Select(c => c.PartnerId).Distinct().ToListAsync(ct);
        var partners = await db.Partners.AsNoTracking().Where(p => committed.Contains(p.Id)).ToListAsync(ct);
        PartnersByCountry = partners.GroupBy(p => p.CountryCode)
            .Select(g => (g.Key, (IReadOnlyList<Partner>)g.OrderBy(p => p.Name, StringComparer.CurrentCulture).ToList()))
            .OrderBy(g => CountryNames.GetValueOrDefault(g.Key, g.Key), StringComparer.CurrentCulture).ToList();
    }

    public string TargetName(string code) => TargetRows.TryGetValue(code, out var t) ? targetNames.Label(t) : PracticeLabels.TargetBadge(code);
}
