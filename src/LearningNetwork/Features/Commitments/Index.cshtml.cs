using LearningNetwork.ReferenceData;
using System.Globalization;
using LearningNetwork.Data;
using LearningNetwork.Features.Partners;
using LearningNetwork.Features.Practices;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace LearningNetwork.Features.Commitments;

/// <summary>
/// /{lang}/commitments: partners' commitments, newest first, filterable by target, framework and the partners' country,
/// with the totals of what is shown, paged, shareable by URL. A filter that is not understood is marked next to its field
/// and ignored.
/// </summary>
public sealed class IndexModel(LearningNetwork.Features.Targets.TargetNames targetNames, CountryNames countryNames, CommitmentCatalogue catalogue, CommitmentEditor editor, LearningNetworkDb db, Microsoft.Extensions.Localization.IStringLocalizer<SharedResource> text) : PageModel
{
    [FromQuery(Name = "target")] public string? Target { get; set; }
    [FromQuery(Name = "framework")] public string? Framework { get; set; }
    [FromQuery(Name = "country")] public string? Country { get; set; }
    [FromQuery(Name = "page")] public string? PageNumber { get; set; }

    public CommitmentListPage Result { get; private set; } = new(0, 1, CommitmentCatalogue.DefaultPageSize, []);
    public CommitmentTotals Totals { get; private set; } = new(0, 0, 0, 0, 0);
    public IReadOnlySet<string> Invalid { get; private set; } = new HashSet<string>();
    public IReadOnlyList<FilterChoice> Targets { get; private set; } = [];
    public IReadOnlyList<FilterChoice> Frameworks { get; private set; } = [];
    public IReadOnlyList<FilterChoice> Countries { get; private set; } = [];
    public IReadOnlyDictionary<string, string> CountryNames { get; private set; } = new Dictionary<string, string>();
    public bool CanWrite { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        CommitmentQueryValues Values(Func<string, string?, string?> keep) =>
            new(keep("target", Target), keep("framework", Framework), keep("country", Country), keep("page", PageNumber));
        var (query, errors) = CommitmentQueryParser.Parse(Values((_, v) => v));
        Invalid = errors.Keys.ToHashSet();
        query ??= CommitmentQueryParser.Parse(Values((f, v) => Invalid.Contains(f) ? null : v)).Query!;
        Result = await catalogue.ListAsync(query, ct);
        Totals = await catalogue.TotalsAsync(query, ct);

        var used = await db.CommitmentTargets.AsNoTracking().Select(t => t.Code).Distinct().ToListAsync(ct);
        var targets = await db.PolicyTargets.AsNoTracking().OrderBy(t => t.FrameworkCode).ThenBy(t => t.SortOrder).ToListAsync(ct);
        Targets = targets.Where(t => used.Contains(t.FrameworkCode + ":" + t.Code))
            .OrderBy(t => CommitmentQueryParser.Frameworks.ToList().IndexOf(t.FrameworkCode)).ThenBy(t => t.SortOrder)
            .Select(t => new FilterChoice(t.FrameworkCode + ":" + t.Code, targetNames.Label(t))).ToList();
        Frameworks = CommitmentQueryParser.Frameworks.Select(f => new FilterChoice(f, LearningNetwork.Features.Targets.TargetLabels.Framework(text, f))).ToList();
        var countryCodes = await db.Commitments.AsNoTracking().Select(c => c.Partner!.CountryCode).Distinct().ToListAsync(ct);
        CountryNames = countryNames.ForReader(await db.Countries.AsNoTracking().ToListAsync(ct));
        Countries = countryCodes.Select(c => new FilterChoice(c, CountryNames.GetValueOrDefault(c, c))).OrderBy(c => c.Label, StringComparer.CurrentCulture).ToList();
        CanWrite = (await editor.WritableOrganisationsAsync(User, ct)).Count > 0;
    }

    public string PageLink(int page)
    {
        var parameters = new Dictionary<string, string?>
        {
            ["target"] = Target, ["framework"] = Framework, ["country"] = Country, ["page"] = page.ToString(CultureInfo.InvariantCulture),
        }.Where(p => !string.IsNullOrEmpty(p.Value));
        return Request.Path + QueryString.Create(parameters);
    }
}
