using LearningNetwork.ReferenceData;
using LearningNetwork.Data;
using LearningNetwork.Domain;
using LearningNetwork.Features.Practices;
using LearningNetwork.Infrastructure.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace LearningNetwork.Features.Networks;

/// <summary>/{lang}/networks/{slug}: one registered network, whether its last harvest succeeded (why, for network admins only), and what we hold from it; network admins harvest it now.</summary>
public sealed class DetailsModel(CountryNames countryNames, LearningNetworkDb db, PracticeCatalogue catalogue, NetworkHarvester harvester, Themes.ThemeNames themes) : PageModel
{
    public RegisteredNetwork Network { get; private set; } = null!;
    public PracticeListPage Practices { get; private set; } = new(0, 1, 1, []);
    public IReadOnlyList<Partner> Partners { get; private set; } = [];
    public IReadOnlyDictionary<string, string> CountryNames { get; private set; } = new Dictionary<string, string>();
    public bool IsAdmin { get; private set; }
    public IReadOnlyList<string> ThemeLabels { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string slug, CancellationToken ct)
    {
        var network = await db.RegisteredNetworks.AsNoTracking().FirstOrDefaultAsync(n => n.Slug == slug, ct);
        if (network is null) return NotFound();
        Network = network;
        IsAdmin = User.IsInRole(Roles.NetworkAdmin);
        Practices = await catalogue.ListAsync(new PracticeQuery { Origin = network.Id, PageSize = 100, Sort = PracticeSort.Title }, LocalizationSetup.CurrentLanguage, ct);
        Partners = await db.Partners.AsNoTracking().Where(p => p.OriginNetworkId == network.Id).OrderBy(p => p.Name).Take(200).ToListAsync(ct);
        CountryNames = countryNames.ForReader(await db.Countries.AsNoTracking().ToListAsync(ct));
        var themeIds = network.Themes.Split('|', StringSplitOptions.RemoveEmptyEntries).Select(t => int.Parse(t, System.Globalization.CultureInfo.InvariantCulture));
        ThemeLabels = (await themes.LabelsAsync(themeIds, LocalizationSetup.CurrentLanguage, ct)).Values.Order(StringComparer.CurrentCulture)
            .Concat(Themes.ThemeNames.Split(network.FreeKeywords)).ToList(); // then the network's own words, as written
        return Page();
    }

    /// <summary>Whether the latest harvest succeeded (a successful harvest stamps both instants alike): all that anyone but a network admin sees of it.</summary>
    public static bool Succeeded(RegisteredNetwork network) => network.LastSuccessAt is { } ok && ok == network.LastHarvestAt;

    /// <summary>POST: harvest now (network admins).</summary>
    public async Task<IActionResult> OnPostAsync(string slug, CancellationToken ct)
    {
        if (!User.IsInRole(Roles.NetworkAdmin)) return Forbid();
        var network = await db.RegisteredNetworks.AsNoTracking().FirstOrDefaultAsync(n => n.Slug == slug, ct);
        if (network is null) return NotFound();
        await harvester.HarvestAsync(network.Id, ct);
        return LocalRedirect($"/{LocalizationSetup.CurrentLanguage}/networks/{slug}");
    }
}
