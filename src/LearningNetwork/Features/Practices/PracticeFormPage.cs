using LearningNetwork.ReferenceData;
using System.Globalization;
using LearningNetwork.Data;
using LearningNetwork.Domain;
using LearningNetwork.Features.Partners;
using LearningNetwork.Features.Themes;
using LearningNetwork.Infrastructure.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace LearningNetwork.Features.Practices;

/// <summary>
/// What the new-practice and edit-practice pages share: the form, its choices, its messages, and the rule that a
/// rejected form comes back with everything typed. "Add rows" re-draws the form with more blank building blocks and
/// results without saving, so the form works without JavaScript.
/// </summary>
public abstract class PracticeFormPage(LearningNetwork.Features.Targets.TargetNames targetNames, CountryNames countryNames, LearningNetworkDb db, PracticeEditor editor, ThemeNames themes, IStringLocalizer<SharedResource> text) : PageModel
{
    [BindProperty] public PracticeForm Form { get; set; } = new();
    [BindProperty] public Guid Version { get; set; }
    public Dictionary<string, string> Errors { get; } = [];
    public PracticeFormChoices Choices { get; private set; } = null!;
    protected LearningNetworkDb Db => db;
    protected PracticeEditor Editor => editor;

    protected async Task LoadChoicesAsync(List<Partner> organisations, CancellationToken ct)
    {
        var lang = LocalizationSetup.CurrentLanguage;
        var targets = await db.PolicyTargets.AsNoTracking().OrderBy(t => t.FrameworkCode).ThenBy(t => t.SortOrder).ToListAsync(ct);
        var frameworks = await db.PolicyFrameworks.AsNoTracking().OrderBy(f => f.SortOrder).ToListAsync(ct);
        Choices = new PracticeFormChoices(
            organisations.Select(o => new FilterChoice(o.Id.ToString(CultureInfo.InvariantCulture), o.Name)).ToList(),
            LanguageNames.Choices(await db.Languages.AsNoTracking().Select(l => l.Code).ToListAsync(ct)),
            countryNames.Choices(await db.Countries.AsNoTracking().ToListAsync(ct)),
            (await db.BiogeographicalRegions.AsNoTracking().Select(r => r.Code).ToListAsync(ct)).Select(c => new FilterChoice(c, $"{text[$"Bioregion.{c}"]} ({c})")).OrderBy(c => c.Label, StringComparer.CurrentCulture).ToList(),
            await db.EunisHabitats.AsNoTracking().OrderBy(h => h.Code).Select(h => new FilterChoice(h.Code, h.Code + " " + h.NameEn)).ToListAsync(ct),
            await db.CicesCategories.AsNoTracking().OrderBy(c => c.Code).Select(c => new FilterChoice(c.Code, c.Code + " " + c.NameEn)).ToListAsync(ct),
            frameworks.Select(f => (f.Code, f.Title, (IReadOnlyList<FilterChoice>)targets.Where(t => t.FrameworkCode == f.Code)
                .Select(t => new FilterChoice(t.FrameworkCode + ":" + t.Code, targetNames.Label(t))).ToList())).ToList(),
            await db.Partners.AsNoTracking().OrderBy(p => p.Name).Select(p => new FilterChoice(p.Id.ToString(), p.Name)).ToListAsync(ct),
            FundingSources.All.Select(f => new FilterChoice(f, text[$"Funding.{f}"])).ToList(),
            ResultIndicators.All.Select(i => new FilterChoice(i, text[$"Indicator.{i}"])).ToList(),
            lang);
    }

    /// <summary>Pads the building blocks and results with blank rows, so there is always somewhere to type the next one.</summary>
    protected void PadRows(int extra)
    {
        var blocks = Form.Blocks.Count(b => !b.IsEmpty);
        Form.Blocks = Form.Blocks.Where(b => !b.IsEmpty).ToList();
        for (var i = 0; i < Math.Min(PracticeEditor.MaxBlocks - blocks, Math.Max(extra, blocks == 0 ? 2 : 1)); i++) Form.Blocks.Add(new BlockForm());
        var results = Form.Results.Count(r => !r.IsEmpty);
        Form.Results = Form.Results.Where(r => !r.IsEmpty).ToList();
        for (var i = 0; i < Math.Min(PracticeEditor.MaxResults - results, Math.Max(extra, results == 0 ? 3 : 1)); i++) Form.Results.Add(new ResultForm());
    }

    /// <summary>Validates; on failure fills <see cref="Errors"/> with messages in the reader's language.</summary>
    protected async Task<PracticeValues?> ValidateAsync(bool creating, IReadOnlyCollection<int> writable, CancellationToken ct)
    {
        // Rows are validated where they were typed; blank rows in between are dropped first so that messages point at the right row.
        Form.Blocks = Form.Blocks.Where(b => !b.IsEmpty).ToList();
        Form.Results = Form.Results.Where(r => !r.IsEmpty).ToList();
        var (errors, values) = await editor.ValidateAsync(Form, creating, writable, LocalizationSetup.CurrentLanguage, ct);
        foreach (var (field, key) in errors)
        {
            var parts = key.Split('|');
            Errors[field] = parts.Length > 1 ? text[parts[0], parts.Skip(1).Cast<object>().ToArray()] : text[parts[0]];
        }
        return values;
    }

    /// <summary>The form filled from a saved practice (its original-language text).</summary>
    protected async Task FillAsync(Practice p, CancellationToken ct)
    {
        var inv = CultureInfo.InvariantCulture;
        var t = p.Texts.First(x => x.Language == p.OriginalLanguage);
        var tags = p.Tags.ToLookup(x => x.Scheme, x => x.Code);
        var themeLabels = await themes.LabelsAsync(tags[PracticeTagSchemes.Theme].Select(c => int.Parse(c, inv)), LocalizationSetup.CurrentLanguage, ct);
        Form = new PracticeForm
        {
            Partner = p.PartnerId.ToString(inv), Language = p.OriginalLanguage, Title = t.Title, Summary = t.Summary, Description = t.Description,
            Challenge = t.Challenge, PolicyBackground = t.PolicyBackground, Objectives = t.Objectives, Actions = t.Actions, HowBlocksFit = t.HowBlocksFit,
            Stakeholders = t.Stakeholders, Beneficiaries = t.Beneficiaries, CostsBenefits = t.CostsBenefits, CoBenefits = t.CoBenefits,
            SuccessFactors = t.SuccessFactors, Difficulties = t.Difficulties, Transferability = t.Transferability, Keywords = t.Keywords,
            Status = PracticesApi.Code(p.Status), StartDate = p.StartDate?.ToString("yyyy-MM-dd", inv), EndDate = p.EndDate?.ToString("yyyy-MM-dd", inv),
            Country = p.CountryCode, Nuts = p.NutsCode, Lau = p.LauCode, Latitude = p.Latitude?.ToString(inv), Longitude = p.Longitude?.ToString(inv),
            PlaceName = p.PlaceName, GovernanceLevel = PracticesApi.Code(p.GovernanceLevel), Scale = p.Scale, BudgetEur = p.BudgetEur?.ToString(inv),
            StaffFte = p.StaffFte?.ToString(inv), MonthsToImplement = p.MonthsToImplement?.ToString(inv),
            ExpectedLifetimeYears = p.ExpectedLifetimeYears?.ToString(inv), ReviewBy = p.ReviewBy?.ToString("yyyy-MM-dd", inv),
            Themes = string.Join("; ", themeLabels.Values),
            Bioregions = tags[PracticeTagSchemes.Bioregion].ToList(), Habitats = tags[PracticeTagSchemes.Habitat].ToList(),
            Services = tags[PracticeTagSchemes.Service].ToList(), Targets = tags[PracticeTagSchemes.Target].ToList(),
            Funding = tags[PracticeTagSchemes.Funding].ToList(), Sdgs = tags[PracticeTagSchemes.Sdg].ToList(),
            Contributors = p.Contributors.Select(c => c.PartnerId.ToString(inv)).ToList(),
            Blocks = p.Blocks.OrderBy(b => b.Position).Select(b => b.Texts.FirstOrDefault(x => x.Language == p.OriginalLanguage) ?? b.Texts.First())
                .Select(b => new BlockForm { Title = b.Title, Description = b.Description, EnablingFactors = b.EnablingFactors, LessonsLearned = b.LessonsLearned })
                .ToList(),
            Results = p.Results.OrderBy(r => r.Position).Select(r => new ResultForm
            {
                Label = r.Label, Value = r.Value.ToString(inv), Unit = r.Unit, Baseline = r.Baseline?.ToString(inv), Year = r.Year?.ToString(inv),
                Indicator = r.Indicator,
            }).ToList(),
        };
    }
}

public sealed record PracticeFormChoices(IReadOnlyList<FilterChoice> Organisations, IReadOnlyList<FilterChoice> Languages, IReadOnlyList<FilterChoice> Countries,
    IReadOnlyList<FilterChoice> Bioregions, IReadOnlyList<FilterChoice> Habitats, IReadOnlyList<FilterChoice> Services,
    IReadOnlyList<(string Code, string Title, IReadOnlyList<FilterChoice> Targets)> Frameworks, IReadOnlyList<FilterChoice> Partners,
    IReadOnlyList<FilterChoice> Funding, IReadOnlyList<FilterChoice> Indicators, string ReaderLanguage);

/// <summary>What the _PracticeFields partial draws.</summary>
public sealed record PracticeFieldsModel(PracticeForm Form, IReadOnlyDictionary<string, string> Errors, PracticeFormChoices Choices, bool Creating);

/// <summary>One labelled input or textarea of the practice form, with its hint and error linked for screen readers.</summary>
public sealed record PracticeInput(string Name, string Label, string? Value, string? Error, string? Hint = null, string Kind = "text",
    int Max = 250, int Rows = 0, bool Required = false, string? Extra = null)
{
    public string Id => Name.Replace('.', '_').Replace('[', '_').Replace(']', '_');
    public string? DescribedBy => string.Join(" ", new[] { Hint is null ? null : Id + "-hint", Error is null ? null : Id + "-error" }.Where(x => x is not null)) is { Length: > 0 } d ? d : null;
}

/// <summary>A group of checkboxes with a legend; the error, if any, is announced with the group.</summary>
public sealed record PracticeChecks(string Name, string Legend, IReadOnlyList<Partners.FilterChoice> Choices, IReadOnlyCollection<string> Selected, string? Error,
    string? Hint = null, string? IdPart = null)
{
    public string Id => (IdPart ?? Name).Replace('.', '_');
}
