using LearningNetwork.Data;
using LearningNetwork.Domain;
using LearningNetwork.Features.Themes;
using LearningNetwork.Infrastructure.Localization;
using LearningNetwork.ReferenceData;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace LearningNetwork.Features.Events;

/// <summary>
/// /{lang}/events/{slug}/edit: members of the organising partner (and network admins) edit the event, checked here on the
/// server (anyone else gets 403). An edit made on an older version is a 409 that keeps what was typed, with the saved
/// version loaded, so saving again is a deliberate overwrite.
/// </summary>
[Authorize]
public sealed class EditModel(LearningNetworkDb db, EventEditor editor, EventCatalogue catalogue, ThemeNames themes,
    LearningNetwork.Features.Targets.TargetNames targetNames, CountryNames countryNames, IStringLocalizer<SharedResource> text)
    : EventFormPage(db, editor, targetNames, countryNames, text)
{
    public Event Event { get; private set; } = null!;
    public bool IsConflict { get; private set; }

    public async Task<IActionResult> OnGetAsync(string slug, CancellationToken ct)
    {
        if (await LoadAsync(slug, ct) is { } denied) return denied;
        Form = EventEditor.Fill(Event);
        Form.Themes = await themes.TextAsync(Event.Tags.Where(t => t.Scheme == EventTagSchemes.Theme).Select(t => int.Parse(t.Code, System.Globalization.CultureInfo.InvariantCulture)),
            Event.FreeKeywords, LocalizationSetup.CurrentLanguage, ct);
        Version = Event.Version;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string slug, CancellationToken ct)
    {
        if (await LoadAsync(slug, ct) is { } denied) return denied;
        var values = await ValidateAsync(Event, [Event.PartnerId], ct);
        if (values is null) return Page();
        if (await Editor.UpdateAsync(Event.Id, Version, values, User, ct) == EventSaveOutcome.Saved)
            return LocalRedirect($"/{LocalizationSetup.CurrentLanguage}/events/{Event.Slug}?done=edited");
        IsConflict = true;
        Db.ChangeTracker.Clear();
        Event = (await catalogue.FindAsync(Event.Id, ct))!;
        Version = Event.Version;
        ModelState.Remove(nameof(Version));
        Response.StatusCode = StatusCodes.Status409Conflict;
        return Page();
    }

    private async Task<IActionResult?> LoadAsync(string slug, CancellationToken ct)
    {
        var e = await catalogue.FindAsync(slug, ct);
        if (e is null) return NotFound();
        if (!await Editor.CanEditAsync(User, e, ct)) return Forbid();
        Event = e;
        await LoadChoicesAsync([e.Partner!], ct);
        return null;
    }
}
