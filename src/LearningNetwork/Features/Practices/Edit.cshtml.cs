using LearningNetwork.Data;
using LearningNetwork.Domain;
using LearningNetwork.Features.Themes;
using LearningNetwork.Infrastructure.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace LearningNetwork.Features.Practices;

/// <summary>
/// /{lang}/practices/{slug}/edit: members of the owning organisation edit the practice's facts and its original-language
/// text. An edit made on an older version than the saved one is a conflict: nothing is saved, the page shows the saved
/// version beside what was typed, and the typed values stay in the form to be saved again deliberately.
/// </summary>
[Authorize]
public sealed class EditModel(LearningNetwork.Features.Targets.TargetNames targetNames, LearningNetwork.ReferenceData.CountryNames countryNames, LearningNetworkDb db, PracticeEditor editor, PracticeCatalogue catalogue, ThemeNames themes, IStringLocalizer<SharedResource> text)
    : PracticeFormPage(targetNames, countryNames, db, editor, themes, text)
{
    public Practice Practice { get; private set; } = null!;
    /// <summary>On a conflict: the saved version's fields that differ from what was typed.</summary>
    public IReadOnlyList<FieldDiff> Conflict { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string slug, CancellationToken ct)
    {
        var denied = await LoadAsync(slug, ct);
        if (denied is not null) return denied;
        await FillAsync(Practice, ct);
        Version = Practice.Version;
        PadRows(0);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string slug, string? rows, CancellationToken ct)
    {
        var denied = await LoadAsync(slug, ct);
        if (denied is not null) return denied;
        Form.Partner = Practice.PartnerId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Form.Language = Practice.OriginalLanguage;
        if (rows is not null)
        {
            PadRows(2);
            return Page();
        }
        var values = await ValidateAsync(false, [Practice.PartnerId], ct);
        if (values is null)
        {
            PadRows(0);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        if (await Editor.UpdateAsync(Practice, Version, values, User, ct))
            return LocalRedirect($"/{LocalizationSetup.CurrentLanguage}/practices/{slug}?done=edited");

        // Conflict: show the saved version against what this person typed, keep the typed values, and let them
        // save again on top of the saved version once they have read it.
        Db.ChangeTracker.Clear();
        var saved = (await catalogue.FindAsync(slug, ct))!;
        Conflict = PracticeHistory.Compare(Editable(PracticeHistory.Flatten(saved), saved.OriginalLanguage), Editable(TypedSnapshot(saved, values), saved.OriginalLanguage));
        Version = saved.Version;
        ModelState.Remove(nameof(Version));
        PadRows(0);
        Response.StatusCode = StatusCodes.Status409Conflict;
        return Page();
    }

    /// <summary>The saved practice with the typed values applied, flattened, without saving anything.</summary>
    private static List<SnapshotField> TypedSnapshot(Practice saved, PracticeValues values)
    {
        var copy = new Practice
        {
            Slug = saved.Slug, OriginalLanguage = saved.OriginalLanguage, CountryCode = values.Country, Stage = saved.Stage,
            Texts = saved.Texts.Select(t => new PracticeText { Language = t.Language, Title = t.Title, Summary = t.Summary, Origin = t.Origin, Reviewed = t.Reviewed }).ToList(),
        };
        PracticeEditor.ApplyForPreview(copy, values);
        return PracticeHistory.Flatten(copy);
    }

    /// <summary>Only the fields this form edits: facts, tags and the original-language texts.</summary>
    private static List<SnapshotField> Editable(IEnumerable<SnapshotField> fields, string original) => fields.Where(f =>
        f.Name != "Stage" && !f.Name.StartsWith("Attachment", StringComparison.Ordinal) && !f.Name.StartsWith("Text (", StringComparison.Ordinal)
        && (!f.Name.EndsWith(')') || f.Name.EndsWith($"({original})", StringComparison.Ordinal) || !System.Text.RegularExpressions.Regex.IsMatch(f.Name, @"\([a-z]{2}\)$"))).ToList();

    private async Task<IActionResult?> LoadAsync(string slug, CancellationToken ct)
    {
        var practice = await catalogue.FindAsync(slug, ct, tracking: true);
        if (practice is null) return NotFound();
        var rights = await Editor.RightsAsync(User, practice, ct);
        if (!rights.CanEdit) return rights.CanSee(practice) ? Forbid() : NotFound();
        Practice = practice;
        await LoadChoicesAsync([practice.Partner!], ct);
        return null;
    }
}
