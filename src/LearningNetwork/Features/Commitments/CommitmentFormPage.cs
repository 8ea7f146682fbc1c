using LearningNetwork.Infrastructure.Localization;
using System.Globalization;
using LearningNetwork.Data;
using LearningNetwork.Domain;
using LearningNetwork.Features.Partners;
using LearningNetwork.Features.Practices;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace LearningNetwork.Features.Commitments;

/// <summary>
/// What the new-commitment and edit-commitment pages share: the form, its choices, its messages, and the rule that a
/// rejected form comes back with everything typed. "Add indicator rows" re-draws the form with more blank rows without
/// saving, so the form works without JavaScript.
/// </summary>
public abstract class CommitmentFormPage(LearningNetwork.Features.Targets.TargetNames targetNames, LearningNetworkDb db, CommitmentEditor editor, IStringLocalizer<SharedResource> text) : PageModel
{
    [BindProperty] public CommitmentForm Form { get; set; } = new();
    [BindProperty] public Guid Version { get; set; }
    public Dictionary<string, string> Errors { get; } = [];
    public CommitmentFormChoices Choices { get; private set; } = null!;
    protected LearningNetworkDb Db => db;
    protected CommitmentEditor Editor => editor;
    protected IStringLocalizer<SharedResource> Text => text;

    protected async Task LoadChoicesAsync(List<Partner> organisations, CancellationToken ct)
    {
        var targets = await db.PolicyTargets.AsNoTracking().OrderBy(t => t.FrameworkCode).ThenBy(t => t.SortOrder).ToListAsync(ct);
        var frameworks = await db.PolicyFrameworks.AsNoTracking().OrderBy(f => f.SortOrder).ToListAsync(ct);
        Choices = new CommitmentFormChoices(
            organisations.Select(o => new FilterChoice(o.Id.ToString(CultureInfo.InvariantCulture), o.Name)).ToList(),
            LanguageNames.Choices(await db.Languages.AsNoTracking().Select(l => l.Code).ToListAsync(ct)),
            frameworks.Select(f => (f.Code, f.Title, (IReadOnlyList<FilterChoice>)targets.Where(t => t.FrameworkCode == f.Code)
                .Select(t => new FilterChoice(t.FrameworkCode + ":" + t.Code, targetNames.Label(t))).ToList())).ToList(),
            IndicatorUnits.All.Select(u => new FilterChoice(u, text[$"UnitName.{u}"])).ToList());
    }

    /// <summary>Drops blank indicator rows and adds <paramref name="extra"/> (at least one, two when there is none yet).</summary>
    protected void PadRows(int extra)
    {
        Form.Indicators = Form.Indicators.Where(r => !r.IsEmpty || !string.IsNullOrEmpty(r.Id)).ToList();
        var count = Form.Indicators.Count;
        for (var i = 0; i < Math.Min(CommitmentEditor.MaxIndicators - count, Math.Max(extra, count == 0 ? 2 : 1)); i++)
            Form.Indicators.Add(new IndicatorForm { Unit = "ha" });
    }

    /// <summary>Validates; on failure fills <see cref="Errors"/> with messages in the reader's language.</summary>
    protected async Task<CommitmentValues?> ValidateAsync(Commitment? saved, IReadOnlyCollection<int> writable, CancellationToken ct)
    {
        // Blank new rows are dropped first so that messages point at the row they are about; a blanked saved row stays,
        // so that removing an indicator with reports is refused where it was done.
        Form.Indicators = Form.Indicators.Where(r => !r.IsEmpty || !string.IsNullOrEmpty(r.Id)).ToList();
        var (errors, values) = await editor.ValidateAsync(Form, saved, writable, ct);
        foreach (var (field, key) in errors) Errors[field] = CommitmentMessages.Format(text, key);
        return values;
    }

    protected void Fill(Commitment c)
    {
        var inv = CultureInfo.InvariantCulture;
        Form = new CommitmentForm
        {
            Partner = c.PartnerId.ToString(inv), Language = c.Language, Title = c.Title, Description = c.Description,
            StartDate = CommitmentEditor.Iso(c.StartDate), Targets = c.Targets.Select(t => t.Code).ToList(),
            Indicators = c.Indicators.OrderBy(i => i.Position).Select(i => new IndicatorForm
            {
                Id = i.Id.ToString(inv), Label = i.Label, Unit = i.Unit, Baseline = i.Baseline.ToString(inv), BaselineDate = CommitmentEditor.Iso(i.BaselineDate),
                Target = i.Target.ToString(inv), TargetDate = CommitmentEditor.Iso(i.TargetDate),
            }).ToList(),
        };
    }
}

public sealed record CommitmentFormChoices(IReadOnlyList<FilterChoice> Organisations, IReadOnlyList<FilterChoice> Languages,
    IReadOnlyList<(string Code, string Title, IReadOnlyList<FilterChoice> Targets)> Frameworks, IReadOnlyList<FilterChoice> Units);

/// <summary>What the _CommitmentFields partial draws.</summary>
public sealed record CommitmentFieldsModel(CommitmentForm Form, IReadOnlyDictionary<string, string> Errors, CommitmentFormChoices Choices, bool Creating,
    IReadOnlySet<int> IndicatorsWithReports);
