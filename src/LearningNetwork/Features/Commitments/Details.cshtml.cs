using LearningNetwork.Infrastructure.Localization;
using LearningNetwork.ReferenceData;
using LearningNetwork.Data;
using LearningNetwork.Domain;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace LearningNetwork.Features.Commitments;

/// <summary>
/// /{lang}/commitments/{id}: one commitment: who committed, to which targets, from when; each indicator with its baseline,
/// target and latest value, a bar of the share of the way covered, a chart of its trajectory and the table of its reports
/// (the same figures as the charts, for everyone who cannot see them). Members of the committing organisation find the
/// report form here; they and network admins the edit form.
/// </summary>
public sealed class DetailsModel(CountryNames countryNames, CommitmentCatalogue catalogue, CommitmentEditor editor, LearningNetworkDb db) : PageModel
{
    [FromQuery(Name = "done")] public string? Done { get; set; }

    public Commitment Commitment { get; private set; } = null!;
    public CommitmentRights Rights { get; private set; } = new(false, false);
    public IReadOnlyDictionary<string, PolicyTarget> TargetRows { get; private set; } = new Dictionary<string, PolicyTarget>();
    public string? CountryName { get; private set; }
    public string? LanguageName { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        var c = await catalogue.FindAsync(id, ct);
        if (c is null) return NotFound();
        Commitment = c;
        Rights = await editor.RightsAsync(User, c, ct);
        var codes = c.Targets.Select(t => t.Code).ToList();
        TargetRows = (await HttpContext.RequestServices.GetRequiredService<LearningNetwork.ReferenceData.ReferenceCache>().TargetsAsync(db, ct))
            .Where(t => codes.Contains(t.FrameworkCode + ":" + t.Code)).ToDictionary(t => t.FrameworkCode + ":" + t.Code);
        CountryName = countryNames.Name(c.Partner!.CountryCode);
        LanguageName = LanguageNames.Of(c.Language);
        return Page();
    }
}
