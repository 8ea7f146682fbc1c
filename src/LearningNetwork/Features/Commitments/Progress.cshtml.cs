using LearningNetwork.Domain;
using LearningNetwork.Infrastructure.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace LearningNetwork.Features.Commitments;

/// <summary>
/// /{lang}/commitments/{id}/progress: members of the committing organisation report a value of one of its indicators,
/// one small form per indicator. Anyone else gets 403 (network admins too: progress is the organisation's own word).
/// A refused report comes back with what was typed and the reason next to the field, in the reader's language.
/// </summary>
[Authorize]
public sealed class ProgressModel(CommitmentCatalogue catalogue, CommitmentEditor editor, TimeProvider clock, IStringLocalizer<SharedResource> text) : PageModel
{
    [BindProperty] public string? Indicator { get; set; }
    [BindProperty] public string? Value { get; set; }
    [BindProperty] public string? Unit { get; set; }
    [BindProperty] public string? Date { get; set; }
    [BindProperty] public string? Note { get; set; }

    public Commitment Commitment { get; private set; } = null!;
    public Dictionary<string, string> Errors { get; } = [];
    /// <summary>The indicator whose form was posted and refused: its fields show what was typed and the errors.</summary>
    public int? Posted { get; private set; }
    public string Today { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct) => await LoadAsync(id, ct) ?? Page();

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken ct)
    {
        var denied = await LoadAsync(id, ct);
        if (denied is not null) return denied;
        var (errors, values) = editor.ValidateReport(Commitment, new ProgressInput(Indicator, Value, Unit, Date, Note), unitRequired: false);
        if (values is null)
        {
            foreach (var (field, key) in errors) Errors[field] = CommitmentMessages.Format(text, key);
            Posted = int.TryParse(Indicator, out var posted) ? posted : null;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        await editor.ReportAsync(Commitment, values, CommitmentEditor.UserId(User), ct);
        return LocalRedirect($"/{LocalizationSetup.CurrentLanguage}/commitments/{id}?done=reported#indicator-{values.Indicator.Id}");
    }

    private async Task<IActionResult?> LoadAsync(int id, CancellationToken ct)
    {
        var commitment = await catalogue.FindAsync(id, ct);
        if (commitment is null) return NotFound();
        if (!(await editor.RightsAsync(User, commitment, ct)).CanReport) return Forbid();
        Commitment = commitment;
        Today = CommitmentEditor.Iso(DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime));
        return null;
    }
}
