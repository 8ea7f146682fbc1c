using LearningNetwork.Data;
using LearningNetwork.Domain;
using LearningNetwork.Features.Marketplace;
using LearningNetwork.Features.Targets;
using LearningNetwork.Infrastructure.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace LearningNetwork.Features.LearningPaths;

/// <summary>
/// /{lang}/learning-paths/{slug}/edit?language=xx: a coordinator edits one language version of the title and summary (the
/// one asked for, else the page's; a language without a version yet starts empty, so saving adds it) and the parts every
/// version shares (themes, targets, steps). The form carries the version it was drawn from: a save over a newer one is a 409
/// showing what is saved, with what was typed kept.
/// </summary>
[Authorize]
public sealed class EditModel(LearningNetworkDb db, LearningPathEditor editor, Matchmaker matchmaker, TargetNames targetNames, SupportedLanguages languages)
    : PathFormPage(db, targetNames, languages)
{
    [BindProperty] public Guid Version { get; set; }
    public string Slug { get; private set; } = "";
    public string PathTitle { get; private set; } = "";
    public IReadOnlyList<string> Versions { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string slug, string? language, CancellationToken ct)
    {
        if (!LearningPathEditor.MayEdit(User)) return Forbid();
        if (await LoadAsync(slug, ct) is not { } path) return NotFound();
        var lang = IsInterfaceLanguage(language) ? language! : LocalizationSetup.CurrentLanguage;
        var text = path.Texts.FirstOrDefault(t => t.Language == lang);
        var practiceIds = path.Steps.Where(s => s.PracticeId is not null).Select(s => s.PracticeId!.Value).ToList();
        var eventIds = path.Steps.Where(s => s.EventId is not null).Select(s => s.EventId!.Value).ToList();
        var practices = await Db.Practices.AsNoTracking().Where(p => practiceIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Slug, ct);
        var events = await Db.Events.AsNoTracking().Where(e => eventIds.Contains(e.Id)).ToDictionaryAsync(e => e.Id, e => e.Slug, ct);
        Form = new PathForm
        {
            Language = lang, Title = text?.Title, Summary = text?.Summary,
            Themes = await ThemeTextAsync(path.Tags.Where(t => t.Scheme == LearningPathTagSchemes.Theme).Select(t => t.Code), matchmaker, ct, path.FreeKeywords),
            Targets = path.Tags.Where(t => t.Scheme == LearningPathTagSchemes.Target).Select(t => t.Code).ToList(),
            Steps = LearningPathEditor.StepLines(path.Steps, practices, events),
        };
        Version = path.Version;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string slug, CancellationToken ct)
    {
        if (!LearningPathEditor.MayEdit(User)) return Forbid();
        if (await LoadAsync(slug, ct) is not { } path) return NotFound();
        var (values, errors) = await editor.ValidateAsync(Form, LocalizationSetup.CurrentLanguage, ct);
        if (values is null)
        {
            Errors = errors;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        var tracked = await Db.LearningPaths.AsTracking().Include(p => p.Texts).Include(p => p.Tags).Include(p => p.Steps).AsSplitQuery().FirstAsync(p => p.Id == path.Id, ct);
        if (await editor.UpdateAsync(tracked, Version, values, UserId, ct) == PathOutcome.Conflict)
        {
            // What is saved now is the base of a deliberate second try; what was typed stays in the form.
            Version = await Db.LearningPaths.AsNoTracking().Where(p => p.Id == path.Id).Select(p => p.Version).FirstAsync(ct);
            Response.StatusCode = StatusCodes.Status409Conflict;
            return Page();
        }
        return LocalRedirect($"/{values.Language}/learning-paths/{slug}?done=saved");
    }

    private async Task<LearningPath?> LoadAsync(string slug, CancellationToken ct)
    {
        var path = slug.Length > 120 ? null : await Db.LearningPaths.AsNoTracking().Include(p => p.Texts).Include(p => p.Tags).Include(p => p.Steps).AsSplitQuery()
            .FirstOrDefaultAsync(p => p.Slug == slug, ct);
        if (path is null) return null;
        await LoadChoicesAsync(ct);
        Slug = path.Slug;
        PathTitle = LearningPathCatalogue.Pick(path.Texts, LocalizationSetup.CurrentLanguage, path.Language)?.Title ?? path.Slug;
        Versions = path.Texts.Select(t => t.Language).Order(StringComparer.Ordinal).ToList();
        return path;
    }
}
