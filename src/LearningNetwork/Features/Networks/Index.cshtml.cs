using LearningNetwork.ReferenceData;
using LearningNetwork.Data;
using LearningNetwork.Domain;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace LearningNetwork.Features.Networks;

/// <summary>/{lang}/networks: the networks we exchange with (what we take from each, and how the last harvest went) and how to take ours.</summary>
public sealed class IndexModel(CountryNames countryNames, LearningNetworkDb db) : PageModel
{
    public sealed record Line(RegisteredNetwork Network, int Practices, int Partners, IReadOnlyList<string> Countries);

    public IReadOnlyList<Line> Networks { get; private set; } = [];
    public IReadOnlyDictionary<string, string> CountryNames { get; private set; } = new Dictionary<string, string>();
    public bool IsAdmin { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        IsAdmin = User.IsInRole(Roles.NetworkAdmin);
        var networks = await db.RegisteredNetworks.AsNoTracking().OrderBy(n => n.Name).ToListAsync(ct);
        var practices = await db.Practices.Where(p => p.OriginNetworkId != null && (p.Stage == PracticeStage.Published || p.Stage == PracticeStage.Archived))
            .GroupBy(p => p.OriginNetworkId!.Value).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        var partners = await db.Partners.Where(p => p.OriginNetworkId != null).GroupBy(p => p.OriginNetworkId!.Value)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        CountryNames = countryNames.ForReader(await db.Countries.AsNoTracking().ToListAsync(ct));
        Networks = networks.Select(n => new Line(n, practices.GetValueOrDefault(n.Id), partners.GetValueOrDefault(n.Id),
            n.Countries.Split('|', StringSplitOptions.RemoveEmptyEntries))).ToList();
    }
}
