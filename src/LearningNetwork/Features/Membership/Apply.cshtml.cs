using LearningNetwork.ReferenceData;
using System.Security.Claims;
using LearningNetwork.Data;
using LearningNetwork.Domain;
using LearningNetwork.Features.Partners;
using LearningNetwork.Infrastructure.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace LearningNetwork.Features.Membership;

/// <summary>/{lang}/membership/apply: a signed-in person applies for their organisation, sees where the
/// application stands, and corrects it when the coordinators ask for changes.</summary>
[Authorize]
public sealed class ApplyModel(CountryNames countryNames, LearningNetworkDb db, MembershipService membership, IStringLocalizer<SharedResource> text, Places places) : PageModel
{
    [BindProperty] public ApplicationForm Form { get; set; } = new();

    public MembershipApplication? Current { get; private set; }
    public Dictionary<string, string> Errors { get; } = [];
    public IReadOnlyList<FilterChoice> Countries { get; private set; } = [];
    public IReadOnlyList<FilterChoice> Languages { get; private set; } = [];
    public IReadOnlyList<FilterChoice> Biogeographical { get; private set; } = [];
    public IReadOnlyList<FilterChoice> Subdivisions { get; private set; } = [];

    /// <summary>The form is open for a first application, or for one the coordinators sent back.</summary>
    public bool CanEdit => Current is null || Current.Status is ApplicationStatus.ChangesRequested or ApplicationStatus.Rejected;

    private string UserId => User.FindFirstValue(ClaimTypes.NameIdentifier)!;

    public async Task OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        if (Current is { Status: ApplicationStatus.ChangesRequested })
        {
            var ids = Current.Themes.Split('|', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToList();
            var lang = LocalizationSetup.CurrentLanguage;
            var labels = (await db.GemetLabels.AsNoTracking().Where(l => ids.Contains(l.ConceptId) && (l.Language == lang || l.Language == "en")).ToListAsync(ct))
                .GroupBy(l => l.ConceptId).ToDictionary(g => g.Key, g => (g.FirstOrDefault(l => l.Language == lang) ?? g.First()).Label);
            Form = MembershipService.ToForm(Current, labels);
        }
    }

    /// <summary>The form's submission key (drawn when it is rendered): a second submission with it leads to the item the first created.</summary>
    [BindProperty] public string IdempotencyKey { get; set; } = LearningNetwork.Infrastructure.Web.CreateOnce.NewKey();

    public async Task<IActionResult> OnPostAsync([FromServices] LearningNetwork.Infrastructure.Web.CreateOnce once, CancellationToken ct)
    {
        await LoadAsync(ct);
        if (!CanEdit) return Page();
        var reuse = Current is { Status: ApplicationStatus.ChangesRequested } ? Current : null;
        var (errors, themes, keywords) = await membership.ValidateAsync(Form, LocalizationSetup.CurrentLanguage, reuse?.Id, ct);
        foreach (var (field, key) in errors) Errors[field] = Message(key);
        if (Errors.Count > 0) return Page();
        return LocalRedirect(await once.RunAsync(IdempotencyKey, UserId, async () =>
        {
            await membership.SubmitAsync(Form, themes, keywords, UserId, LocalizationSetup.CurrentLanguage, reuse, ct);
            return $"/{LocalizationSetup.CurrentLanguage}/membership/apply";
        }, ct));
    }

    private string Message(string key)
    {
        var parts = key.Split('|', 2);
        return parts.Length == 2 ? text[parts[0], parts[1]] : text[parts[0]];
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Current = await db.MembershipApplications.AsNoTracking().Where(a => a.ApplicantId == UserId)
            .OrderByDescending(a => a.SubmittedAt).FirstOrDefaultAsync(ct);
        if (Current is not null) Current = await db.MembershipApplications.FindAsync([Current.Id], ct);
        Countries = countryNames.Choices(await db.Countries.AsNoTracking().ToListAsync(ct));
        Languages = LanguageNames.Choices(await db.Languages.AsNoTracking().Select(l => l.Code).ToListAsync(ct));
        Biogeographical = (await db.BiogeographicalRegions.AsNoTracking().Select(r => r.Code).ToListAsync(ct)).Select(c => new FilterChoice(c, $"{text[$"Bioregion.{c}"]} ({c})")).OrderBy(c => c.Label, StringComparer.CurrentCulture).ToList();
        Subdivisions = await places.SuggestionsAsync(LocalizationSetup.CurrentLanguage, ct);
    }
}
