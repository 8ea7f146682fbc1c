using System.Globalization;
using LearningNetwork.Data;
using LearningNetwork.Domain;
using LearningNetwork.Infrastructure.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace LearningNetwork.Features.Commitments;

/// <summary>
/// /{lang}/commitments/{id}/edit: members of the committing organisation (and network admins) edit it. An edit made on
/// an older version than the saved one is a conflict: nothing is saved, the page shows the saved values beside the typed
/// ones, and the typed values stay in the form to be saved again deliberately.
/// </summary>
[Authorize]
public sealed class EditModel(LearningNetwork.Features.Targets.TargetNames targetNames, LearningNetworkDb db, CommitmentEditor editor, CommitmentCatalogue catalogue, IStringLocalizer<SharedResource> text)
    : CommitmentFormPage(targetNames, db, editor, text)
{
    public Commitment Commitment { get; private set; } = null!;
    /// <summary>On a conflict: the saved version's fields that differ from what was typed (field, saved, typed).</summary>
    public IReadOnlyList<(string Field, string Saved, string Typed)> Conflict { get; private set; } = [];
    public IReadOnlySet<int> IndicatorsWithReports => Commitment.Indicators.Where(i => i.Reports.Count > 0).Select(i => i.Id).ToHashSet();

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        var denied = await LoadAsync(id, ct);
        if (denied is not null) return denied;
        Fill(Commitment);
        Version = Commitment.Version;
        PadRows(0);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id, string? rows, CancellationToken ct)
    {
        var denied = await LoadAsync(id, ct);
        if (denied is not null) return denied;
        if (rows is not null)
        {
            PadRows(2);
            return Page();
        }
        // An edit of an older version is a conflict before anything else: its rows may name indicators removed since.
        if (Version != Commitment.Version) return Conflicting(Commitment);
        var values = await ValidateAsync(Commitment, [Commitment.PartnerId], ct);
        if (values is null)
        {
            PadRows(0);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        var typed = Form;
        if (await Editor.UpdateAsync(Commitment, Version, values, User, ct))
            return LocalRedirect($"/{LocalizationSetup.CurrentLanguage}/commitments/{id}?done=edited");
        // Someone saved between our read and our write.
        Db.ChangeTracker.Clear();
        var saved = (await catalogue.FindAsync(id, ct))!;
        Form = typed;
        return Conflicting(saved);
    }

    /// <summary>Compares the saved version with what this person typed, keeps the typed values, and lets them save again on top
    /// of the saved version once they have read it.</summary>
    private Microsoft.AspNetCore.Mvc.RazorPages.PageResult Conflicting(Commitment saved)
    {
        var typed = Flatten(Form);
        var keep = Form;
        Fill(saved);
        var before = Flatten(Form);
        Form = keep;
        Conflict = before.Keys.Union(typed.Keys).Where(k => before.GetValueOrDefault(k) != typed.GetValueOrDefault(k))
            .Select(k => (k, before.GetValueOrDefault(k) ?? "", typed.GetValueOrDefault(k) ?? "")).ToList();
        Commitment = saved;
        Version = saved.Version;
        ModelState.Remove(nameof(Version));
        // Rows naming indicators removed since are kept as new rows: saving again adds them back rather than failing.
        var ids = saved.Indicators.Select(i => i.Id.ToString(CultureInfo.InvariantCulture)).ToHashSet();
        foreach (var row in Form.Indicators.Where(r => !string.IsNullOrEmpty(r.Id) && !ids.Contains(r.Id))) row.Id = null;
        PadRows(0);
        Response.StatusCode = StatusCodes.Status409Conflict;
        return Page();
    }

    /// <summary>The form as named fields in the reader's language, to compare two versions.</summary>
    private Dictionary<string, string> Flatten(CommitmentForm f)
    {
        var fields = new Dictionary<string, string>
        {
            [Text["Commitment.Title"]] = f.Title?.Trim() ?? "",
            [Text["Commitment.Description"]] = f.Description?.Trim() ?? "",
            [Text["Commitment.StartDate"]] = f.StartDate?.Trim() ?? "",
            [Text["Commitment.SectionTargets"]] = string.Join(", ", f.Targets.Order(StringComparer.Ordinal).Select(Practices.PracticeLabels.TargetBadge)),
        };
        var rows = f.Indicators.Where(r => !r.IsEmpty).ToList();
        for (var i = 0; i < rows.Count; i++)
        {
            var r = rows[i];
            fields[Text["Commitment.IndicatorNumber", i + 1]] = string.Join(" · ", r.Label?.Trim(), r.Unit, r.Baseline?.Trim(), r.BaselineDate?.Trim(), r.Target?.Trim(), r.TargetDate?.Trim());
        }
        return fields;
    }

    private async Task<IActionResult?> LoadAsync(int id, CancellationToken ct)
    {
        var commitment = await catalogue.FindAsync(id, ct, tracking: true);
        if (commitment is null) return NotFound();
        if (!(await Editor.RightsAsync(User, commitment, ct)).CanEdit) return Forbid();
        Commitment = commitment;
        await LoadChoicesAsync([commitment.Partner!], ct);
        Form.Partner = commitment.PartnerId.ToString(CultureInfo.InvariantCulture);
        Form.Language = commitment.Language;
        return null;
    }
}
