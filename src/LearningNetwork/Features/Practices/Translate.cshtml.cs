using LearningNetwork.Data;
using LearningNetwork.Domain;
using LearningNetwork.Features.Partners;
using LearningNetwork.Infrastructure.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace LearningNetwork.Features.Practices;

/// <summary>The translatable texts of a practice in one language, as typed.</summary>
public sealed class TranslationForm
{
    public string? Title { get; set; }
    public string? Summary { get; set; }
    public string? Origin { get; set; }
    public bool Reviewed { get; set; }
    public Dictionary<string, string?> Fields { get; set; } = [];
    public List<BlockForm> Blocks { get; set; } = [];
}

/// <summary>
/// /{lang}/practices/{slug}/translate?to=xx: the owning organisation adds or corrects the practice's text in another
/// language, beside the original; each translation says whether a person or a machine wrote it and whether a
/// person has reviewed it. Fields left empty fall back to the original on the page, with a note.
/// </summary>
[Authorize]
public sealed class TranslateModel(PracticeCatalogue catalogue, PracticeEditor editor, LearningNetworkDb db, TimeProvider clock, IStringLocalizer<SharedResource> text) : PageModel
{
    /// <summary>The long text fields a translation carries, by name; the same names as on <see cref="PracticeText"/>.</summary>
    public static readonly IReadOnlyList<(string Name, Func<PracticeText, string?> Get, Action<PracticeText, string?> Set)> LongFields =
    [
        ("Description", t => t.Description, (t, v) => t.Description = v), ("Challenge", t => t.Challenge, (t, v) => t.Challenge = v),
        ("PolicyBackground", t => t.PolicyBackground, (t, v) => t.PolicyBackground = v), ("Objectives", t => t.Objectives, (t, v) => t.Objectives = v),
        ("Actions", t => t.Actions, (t, v) => t.Actions = v), ("HowBlocksFit", t => t.HowBlocksFit, (t, v) => t.HowBlocksFit = v),
        ("Stakeholders", t => t.Stakeholders, (t, v) => t.Stakeholders = v), ("Beneficiaries", t => t.Beneficiaries, (t, v) => t.Beneficiaries = v),
        ("CostsBenefits", t => t.CostsBenefits, (t, v) => t.CostsBenefits = v), ("CoBenefits", t => t.CoBenefits, (t, v) => t.CoBenefits = v),
        ("SuccessFactors", t => t.SuccessFactors, (t, v) => t.SuccessFactors = v), ("Difficulties", t => t.Difficulties, (t, v) => t.Difficulties = v),
        ("Transferability", t => t.Transferability, (t, v) => t.Transferability = v), ("Keywords", t => t.Keywords, (t, v) => t.Keywords = v),
    ];

    [FromQuery(Name = "to")] public string? To { get; set; }
    [BindProperty] public TranslationForm Form { get; set; } = new();
    [BindProperty] public Guid Version { get; set; }

    public Practice Practice { get; private set; } = null!;
    public PracticeText Original { get; private set; } = null!;
    public IReadOnlyList<FilterChoice> Languages { get; private set; } = [];
    public Dictionary<string, string> Errors { get; } = [];
    public bool Conflict { get; private set; }

    public async Task<IActionResult> OnGetAsync(string slug, CancellationToken ct)
    {
        var denied = await LoadAsync(slug, ct);
        if (denied is not null) return denied;
        if (To is null) return Page();
        var existing = Practice.Texts.FirstOrDefault(t => t.Language == To);
        Form = new TranslationForm
        {
            Title = existing?.Title, Summary = existing?.Summary, Origin = existing is null ? "human" : PracticesApi.Code(existing.Origin),
            Reviewed = existing?.Reviewed ?? false,
            Fields = LongFields.ToDictionary(f => f.Name, f => existing is null ? null : f.Get(existing)),
            Blocks = Practice.Blocks.OrderBy(b => b.Position).Select(b => b.Texts.FirstOrDefault(t => t.Language == To))
                .Select(t => new BlockForm { Title = t?.Title, Description = t?.Description, EnablingFactors = t?.EnablingFactors, LessonsLearned = t?.LessonsLearned })
                .ToList(),
        };
        Version = Practice.Version;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string slug, CancellationToken ct)
    {
        var denied = await LoadAsync(slug, ct);
        if (denied is not null) return denied;
        if (To is null) return BadRequest();
        if (Version != Practice.Version)
        {
            Conflict = true;
            Response.StatusCode = StatusCodes.Status409Conflict;
            return Page();
        }
        var title = Form.Title?.Trim() ?? "";
        var summary = Form.Summary?.Trim() ?? "";
        if (title.Length == 0) Errors["Title"] = text["Validation.Required"];
        else if (title.Length > 250) Errors["Title"] = text["Validation.TooLong", 250];
        if (summary.Length == 0) Errors["Summary"] = text["Validation.Required"];
        else if (summary.Length > 600) Errors["Summary"] = text["Validation.TooLong", 600];
        var origin = PracticesApi.ParseCode<TextOrigin>(Form.Origin);
        if (origin is null) Errors["Origin"] = text["Validation.UnknownChoice"];
        foreach (var (name, _, _) in LongFields)
            if (Form.Fields.GetValueOrDefault(name) is { Length: > 8000 }) Errors[name] = text["Validation.TooLong", 8000];
        var blocks = Practice.Blocks.OrderBy(b => b.Position).ToList();
        for (var i = 0; i < Math.Min(blocks.Count, Form.Blocks.Count); i++)
        {
            var b = Form.Blocks[i];
            if (b.Title is { Length: > 250 }) Errors[$"Blocks[{i}].Title"] = text["Validation.TooLong", 250];
            foreach (var (field, value) in new[] { ("Description", b.Description), ("EnablingFactors", b.EnablingFactors), ("LessonsLearned", b.LessonsLearned) })
                if (value is { Length: > 8000 }) Errors[$"Blocks[{i}].{field}"] = text["Validation.TooLong", 8000];
            if (string.IsNullOrWhiteSpace(b.Title) && !b.IsEmpty) Errors[$"Blocks[{i}].Title"] = text["Validation.Required"];
        }
        if (Errors.Count > 0)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var t = Practice.Texts.FirstOrDefault(x => x.Language == To);
        if (t is null)
        {
            t = new PracticeText { Language = To, Title = title, Summary = summary };
            Practice.Texts.Add(t);
        }
        t.Title = title;
        t.Summary = summary;
        t.Origin = origin!.Value;
        t.Reviewed = Form.Reviewed;
        t.UpdatedAt = now;
        foreach (var (name, _, set) in LongFields)
            set(t, string.IsNullOrWhiteSpace(Form.Fields.GetValueOrDefault(name)) ? null : Form.Fields[name]!.Trim());
        for (var i = 0; i < Math.Min(blocks.Count, Form.Blocks.Count); i++)
        {
            var b = Form.Blocks[i];
            var bt = blocks[i].Texts.FirstOrDefault(x => x.Language == To);
            if (b.IsEmpty)
            {
                if (bt is not null) blocks[i].Texts.Remove(bt);
                continue;
            }
            if (bt is null)
            {
                bt = new BuildingBlockText { Language = To, Title = b.Title!.Trim() };
                blocks[i].Texts.Add(bt);
            }
            bt.Title = b.Title!.Trim();
            bt.Description = b.Description?.Trim();
            bt.EnablingFactors = b.EnablingFactors?.Trim();
            bt.LessonsLearned = b.LessonsLearned?.Trim();
        }
        Practice.Version = Guid.NewGuid();
        Practice.UpdatedAt = now;
        var userId = PracticeEditor.UserId(User);
        PracticeHistory.Record(db, Practice, "translated", userId, now, To, await PracticeHistory.NextNumberAsync(db, Practice.Id, ct));
        db.AuditEntries.Add(new AuditEntry { At = now, UserId = userId, Action = "practice.translated", Subject = $"practice/{Practice.Slug}", Details = To });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            Conflict = true;
            Response.StatusCode = StatusCodes.Status409Conflict;
            return Page();
        }
        return LocalRedirect($"/{LocalizationSetup.CurrentLanguage}/practices/{slug}?in={To}&done=translated");
    }

    private async Task<IActionResult?> LoadAsync(string slug, CancellationToken ct)
    {
        var practice = await catalogue.FindAsync(slug, ct, tracking: true);
        if (practice is null) return NotFound();
        var rights = await editor.RightsAsync(User, practice, ct);
        if (!rights.CanEdit) return rights.CanSee(practice) ? Forbid() : NotFound();
        Practice = practice;
        Original = practice.Texts.First(t => t.Language == practice.OriginalLanguage);
        Languages = LanguageNames.Choices(await db.Languages.AsNoTracking().Where(l => l.Code != practice.OriginalLanguage).Select(l => l.Code).ToListAsync(ct));
        if (To is not null && !Languages.Any(l => l.Value == To)) To = null;
        return null;
    }
}

/// <summary>A field of the translation form, with the original text above it.</summary>
public sealed record TranslateField(string Name, string Label, string? Original, string? Value, string? Error, int Max, int Rows, string OriginalLanguage, string Language);
