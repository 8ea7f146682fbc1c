using LearningNetwork.Data;
using LearningNetwork.Features.Themes;
using LearningNetwork.Infrastructure.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace LearningNetwork.Features.Practices;

/// <summary>/{lang}/practices/new: a member of an organisation writes a practice; it is saved as a draft.</summary>
[Authorize]
public sealed class NewModel(LearningNetwork.Features.Targets.TargetNames targetNames, LearningNetwork.ReferenceData.CountryNames countryNames, LearningNetworkDb db, PracticeEditor editor, ThemeNames themes, IStringLocalizer<SharedResource> text)
    : PracticeFormPage(targetNames, countryNames, db, editor, themes, text)
{
    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var organisations = await Editor.WritableOrganisationsAsync(User, ct);
        if (organisations.Count == 0) return Forbid();
        await LoadChoicesAsync(organisations, ct);
        var first = organisations[0];
        Form = new PracticeForm
        {
            Partner = organisations.Count == 1 ? first.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) : null,
            Language = LocalizationSetup.CurrentLanguage, Country = organisations.Count == 1 ? first.CountryCode : null,
            Nuts = organisations.Count == 1 ? first.NutsCode : null, Status = "ongoing",
        };
        PadRows(0);
        return Page();
    }

    /// <summary>The form's submission key (drawn when it is rendered): a second submission with it leads to the item the first created.</summary>
    [BindProperty] public string IdempotencyKey { get; set; } = LearningNetwork.Infrastructure.Web.CreateOnce.NewKey();

    public async Task<IActionResult> OnPostAsync(string? rows, [FromServices] LearningNetwork.Infrastructure.Web.CreateOnce once, CancellationToken ct)
    {
        var organisations = await Editor.WritableOrganisationsAsync(User, ct);
        if (organisations.Count == 0) return Forbid();
        await LoadChoicesAsync(organisations, ct);
        if (rows is not null)
        {
            PadRows(2);
            return Page();
        }
        var values = await ValidateAsync(true, organisations.Select(o => o.Id).ToList(), ct);
        if (values is null)
        {
            PadRows(0);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        return LocalRedirect(await once.RunAsync(IdempotencyKey, PracticeEditor.UserId(User), async () =>
            $"/{LocalizationSetup.CurrentLanguage}/practices/{(await Editor.CreateAsync(values, User, ct)).Slug}?done=created", ct));
    }
}
