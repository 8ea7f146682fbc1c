using LearningNetwork.Data;
using LearningNetwork.Infrastructure.Localization;
using LearningNetwork.ReferenceData;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace LearningNetwork.Features.Events;

/// <summary>/{lang}/events/new: a member of an organisation (a network admin for any) announces an event it organises.</summary>
[Authorize]
public sealed class NewModel(LearningNetworkDb db, EventEditor editor, LearningNetwork.Features.Targets.TargetNames targetNames, CountryNames countryNames,
    IStringLocalizer<SharedResource> text) : EventFormPage(db, editor, targetNames, countryNames, text)
{
    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Creating = true;
        var organisations = await Editor.WritableOrganisationsAsync(User, ct);
        if (organisations.Count == 0) return Forbid();
        await LoadChoicesAsync(organisations, ct);
        var lang = LocalizationSetup.CurrentLanguage;
        Form = new EventForm
        {
            Partner = organisations.Count == 1 ? organisations[0].Id.ToString(System.Globalization.CultureInfo.InvariantCulture) : null,
            Language = lang, Languages = [lang], TimeZone = "Europe/Brussels", Kind = "webinar",
        };
        return Page();
    }

    /// <summary>The form's submission key (drawn when it is rendered): a second submission with it leads to the item the first created.</summary>
    [BindProperty] public string IdempotencyKey { get; set; } = LearningNetwork.Infrastructure.Web.CreateOnce.NewKey();

    public async Task<IActionResult> OnPostAsync([FromServices] LearningNetwork.Infrastructure.Web.CreateOnce once, CancellationToken ct)
    {
        Creating = true;
        var organisations = await Editor.WritableOrganisationsAsync(User, ct);
        if (organisations.Count == 0) return Forbid();
        await LoadChoicesAsync(organisations, ct);
        var values = await ValidateAsync(null, organisations.Select(o => o.Id).ToList(), ct);
        if (values is null) return Page();
        return LocalRedirect(await once.RunAsync(IdempotencyKey, LearningNetwork.Features.Practices.PracticeEditor.UserId(User), async () =>
            $"/{LocalizationSetup.CurrentLanguage}/events/{(await Editor.CreateAsync(values, User, ct)).Slug}?done=created", ct));
    }
}
