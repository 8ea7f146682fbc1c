using System.Globalization;
using LearningNetwork.Data;
using LearningNetwork.Domain;
using LearningNetwork.Features.Partners;
using LearningNetwork.Features.Practices;
using LearningNetwork.Infrastructure.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace LearningNetwork.Features.Targets;

/// <summary>
/// /{lang}/targets/{framework}/{code}/edit?language=xx: the network's editors (moderators and network admins) improve the
/// explanation of an item in one language: every field, prefilled from the current text (a language without one starts
/// empty, with the English text beside as reference), a required note on what changed and why, and the readability of each
/// audience text beside it — computed on every submit and by "Check readability" (which saves nothing), and as one types
/// when the script runs. The citizen text must reach the easy level of its language. A save made on an older version than
/// the newest is a conflict (409): nothing is saved, the differences are shown, and the typed text stays in the form.
/// </summary>
[Authorize(Roles = $"{Roles.Moderator},{Roles.NetworkAdmin}")]
public sealed class EditModel(LearningNetworkDb db, TargetTextEditor editor, TargetExplanations explanations, SupportedLanguages languages,
    IStringLocalizer<SharedResource> text) : PageModel
{
    [FromQuery(Name = "language")] public string? Language { get; set; }
    [BindProperty] public TargetTextForm Form { get; set; } = new();
    /// <summary>The version the form was opened on, as typed (a string, so that a tampered value is a conflict, not an error).</summary>
    [BindProperty] public string? Version { get; set; }

    public PolicyTarget Target { get; private set; } = null!;
    /// <summary>The language of the text being edited; null when the query named none the network knows.</summary>
    public string? TextLanguage { get; private set; }
    public string TextLanguageName => TextLanguage is null ? "" : languages.Get(TextLanguage).NativeName;
    public IReadOnlyList<FilterChoice> LanguageChoices { get; private set; } = [];
    public string? LocalTitle { get; private set; }
    /// <summary>The English text, shown beside the fields of every other language.</summary>
    public TargetText? Reference { get; private set; }
    /// <summary>The language has no text yet, shipped or edited.</summary>
    public bool IsNewLanguage { get; private set; }
    public int CurrentVersion { get; private set; }
    /// <summary>Messages by field ("" for the form as a whole), in the editor's language.</summary>
    public Dictionary<string, string> Errors { get; } = [];
    /// <summary>On a conflict: the newest saved text against what was typed, word by word.</summary>
    public IReadOnlyList<FieldDiff> Conflict { get; private set; } = [];
    public int? ConflictVersion { get; private set; }
    public bool Checked { get; private set; }
    public ReadabilityLevel Level => Readability.EasyLevel(TextLanguage ?? "en");

    /// <summary>The score of a typed audience text, null when it has no words yet.</summary>
    public ReadabilityScore? ScoreOf(string? value)
    {
        if (TextLanguage is null || string.IsNullOrWhiteSpace(value)) return null;
        var score = Readability.Score(TargetTextEditor.Clean(value), TextLanguage);
        return score.Formula == "none" ? null : score;
    }

    public async Task<IActionResult> OnGetAsync(string framework, string code, CancellationToken ct)
    {
        var (found, current) = await LoadAsync(framework, code, ct);
        if (!found) return NotFound();
        if (current is null) return LanguageRefused();
        Form = TargetTextForm.From(current.Text);
        Version = current.Version.ToString(CultureInfo.InvariantCulture);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string framework, string code, string? check, CancellationToken ct)
    {
        var (found, current) = await LoadAsync(framework, code, ct);
        if (!found) return NotFound();
        if (current is null) return LanguageRefused();
        if (check is not null)
        {
            Checked = true;
            return Page();
        }
        // An edit of an older version is a conflict before anything else: the editor must see what changed meanwhile.
        if (!int.TryParse(Version, NumberStyles.None, CultureInfo.InvariantCulture, out var seen) || seen != current.Version)
            return Conflicting(current);
        var (errors, values) = TargetTextEditor.Validate(Form, framework, code, TextLanguage!, current.Text);
        if (values is null)
        {
            foreach (var (field, key) in errors) Errors[field] = TargetMessages.Format(text, key);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        if (await editor.SaveAsync(values, seen, User, ct) == TargetTextSave.Saved)
            return LocalRedirect($"/{LocalizationSetup.CurrentLanguage}/targets/{framework}/{code}/history?language={TextLanguage}&saved={values.Version}");
        // Someone saved between our read and our write.
        return Conflicting(await editor.CurrentAsync(framework, code, TextLanguage!, ct));
    }

    private PageResult Conflicting(TargetTextVersion saved)
    {
        var typed = new TargetText(Target.Code, TargetTextEditor.Clean(Form.Officer), TargetTextEditor.Clean(Form.DecisionMaker), TargetTextEditor.Clean(Form.Citizen),
            TargetExplanations.Lines(TargetTextEditor.Clean(Form.Region)), TargetExplanations.Lines(TargetTextEditor.Clean(Form.Municipality)),
            TargetTextEditor.Clean(Form.Deadline), TargetTextEditor.Clean(Form.Figures), null, TargetTextEditor.Clean(Form.Title));
        Conflict = PracticeHistory.Compare(TargetTextEditor.Snapshot(saved.Text, text, TextLanguage!), TargetTextEditor.Snapshot(typed, text, TextLanguage!));
        ConflictVersion = saved.Version;
        CurrentVersion = saved.Version;
        // Saving again from here is a deliberate choice to replace the saved version with this one.
        Version = saved.Version.ToString(CultureInfo.InvariantCulture);
        ModelState.Remove(nameof(Version));
        Response.StatusCode = StatusCodes.Status409Conflict;
        return Page();
    }

    private PageResult LanguageRefused()
    {
        Errors["language"] = text["TargetEdit.BadLanguage"];
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    /// <summary>The item (false when there is none) and its current text in the asked language (null when the language is refused).</summary>
    private async Task<(bool Found, TargetTextVersion? Current)> LoadAsync(string framework, string code, CancellationToken ct)
    {
        if (framework.Length > 16 || code.Length > 40) return (false, null);
        var target = await db.PolicyTargets.AsNoTracking().FirstOrDefaultAsync(t => t.FrameworkCode == framework && t.Code == code, ct);
        if (target is null) return (false, null);
        Target = target;
        var lang = LocalizationSetup.CurrentLanguage;
        LocalTitle = lang == "en" ? null : await explanations.TitleInAsync(framework, code, lang, ct);
        LanguageChoices = languages.All.OrderBy(l => l.NativeName, StringComparer.Create(CultureInfo.CurrentCulture, true))
            .Select(l => new FilterChoice(l.Code, l.NativeName)).ToList();
        var asked = string.IsNullOrEmpty(Language) ? lang : Language;
        if (asked.Length > 8 || !languages.IsSupported(asked)) return (true, null);
        TextLanguage = languages.Get(asked).Code;
        var current = await editor.CurrentAsync(framework, code, TextLanguage, ct);
        CurrentVersion = current.Version;
        // a translator always sees the English text beside each field; a language without any text is also told so
        if (TextLanguage != "en") Reference = (await explanations.FindAsync(framework, code, "en", ct))?.Text;
        IsNewLanguage = current.Text is null && TextLanguage != "en";
        return (true, current);
    }
}

/// <summary>Messages of the explanation form: a resource key with its arguments after '|', in the reader's language.</summary>
public static class TargetMessages
{
    public static string Format(IStringLocalizer text, string key)
    {
        var parts = key.Split('|');
        if (parts[0] == "TargetEdit.CitizenTooHard" && parts.Length == 5)
        {
            var culture = CultureInfo.CurrentCulture;
            var score = double.Parse(parts[1], CultureInfo.InvariantCulture).ToString("0.#", culture);
            return text[parts[0], score, parts[2], Level(text, double.Parse(parts[3], CultureInfo.InvariantCulture), parts[4] == "min")];
        }
        return parts.Length == 1 ? text[parts[0]] : text[parts[0], parts.Skip(1).Cast<object>().ToArray()];
    }

    /// <summary>"60 or more", "40 or less": the easy level on a formula's scale.</summary>
    public static string Level(IStringLocalizer text, double threshold, bool higherIsEasier) =>
        text[higherIsEasier ? "TargetEdit.AtLeast" : "TargetEdit.AtMost", threshold.ToString("0.#", CultureInfo.CurrentCulture)];
}

/// <summary>One field of the explanation form. <paramref name="Readability"/> marks an audience text, whose score is shown
/// beside it (<paramref name="Score"/>, null before it has words) and recomputed as one types when the script runs;
/// <paramref name="Reference"/> is the English text shown beside an empty language.</summary>
public sealed record TargetTextField(string Name, string Label, string? Value, string? Error, string? Hint, int Rows, int Max, bool Required,
    string Language, string? Reference = null, bool Readability = false, ReadabilityScore? Score = null, string? LevelNote = null)
{
    public string Id => Name.Replace('.', '_');
}
