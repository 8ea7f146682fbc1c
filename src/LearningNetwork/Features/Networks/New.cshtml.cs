using LearningNetwork.ReferenceData;
using LearningNetwork.Data;
using LearningNetwork.Domain;
using LearningNetwork.Features.Partners;
using LearningNetwork.Infrastructure.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace LearningNetwork.Features.Networks;

/// <summary>/{lang}/networks/new: a network admin registers another network by its JSON-LD endpoint; the first harvest follows at once.</summary>
[Authorize(Roles = Roles.NetworkAdmin)]
public sealed class NewModel(CountryNames countryNames, NetworkDirectory directory, NetworkHarvester harvester, LearningNetworkDb db, IStringLocalizer<SharedResource> text) : PageModel
{
    [BindProperty] public NetworkForm Form { get; set; } = new();
    public Dictionary<string, string> Errors { get; } = [];
    public IReadOnlyList<FilterChoice> Countries { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        var (errors, network) = await directory.RegisterAsync(Form, LocalizationSetup.CurrentLanguage, Practices.PracticeEditor.UserId(User), ct);
        foreach (var (field, key) in errors)
        {
            var parts = key.Split('|');
            Errors[field] = parts.Length > 1 ? text[parts[0], parts.Skip(1).Cast<object>().ToArray()] : text[parts[0]];
        }
        if (network is null)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        await harvester.HarvestAsync(network.Id, ct);
        return LocalRedirect($"/{LocalizationSetup.CurrentLanguage}/networks/{network.Slug}");
    }

    private async Task LoadAsync(CancellationToken ct) =>
        Countries = countryNames.Choices(await db.Countries.AsNoTracking().ToListAsync(ct));
}
