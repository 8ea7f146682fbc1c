using LearningNetwork.ReferenceData;
using LearningNetwork.Data;
using LearningNetwork.Domain;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace LearningNetwork.Features.Map;

/// <summary>/{lang}/map: the partners on a map of Europe's NUTS regions, and the same partners as a list by
/// country, which is what screen readers and browsers without JavaScript get.</summary>
public sealed class IndexModel(CountryNames countryNames, LearningNetworkDb db) : PageModel
{
    public sealed record CountryGroup(string Code, string Name, IReadOnlyList<Partner> Partners);

    public IReadOnlyList<CountryGroup> Countries { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var partners = await db.Partners.AsNoTracking().OrderBy(p => p.Name).ToListAsync(ct);
        var names = countryNames.ForReader(await db.Countries.AsNoTracking().ToListAsync(ct));
        Countries = partners.GroupBy(p => p.CountryCode)
            .Select(g => new CountryGroup(g.Key, names.GetValueOrDefault(g.Key, g.Key), g.ToList()))
            .OrderBy(g => g.Name, StringComparer.CurrentCulture).ToList();
    }
}
