using LearningNetwork.Data;
using LearningNetwork.Domain;
using LearningNetwork.Features.Marketplace;
using LearningNetwork.Features.Practices;
using LearningNetwork.Features.Targets;
using LearningNetwork.Infrastructure.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace LearningNetwork.Features.LearningPaths;

/// <summary>A target a path is tagged with, named for the reader.</summary>
public sealed record PathTarget(string Href, string Label);

/// <summary>
/// /{lang}/learning-paths/{slug}: the path in the reader's language where it has that version (else its original, said so),
/// its themes and targets, its steps in order with links; for a signed-in person, a follow button and a "done" button per
/// step, and their progress (x of y). Every post works on the session's own rows only: a step is found by id AND path (another
/// path's step is a 404), and nobody can mark or read another person's progress. Anonymous posts are sent to sign in.
/// </summary>
public sealed class DetailsModel(LearningNetworkDb db, LearningPathCatalogue catalogue, Matchmaker matchmaker, TargetNames targetNames, TimeProvider clock) : PageModel
{
    public LearningPath Path { get; private set; } = null!;
    public LearningPathText Text { get; private set; } = null!;
    public IReadOnlyList<StepView> Steps { get; private set; } = [];
    public PathProgress Progress { get; private set; } = new(false, new HashSet<int>(), 0);
    public IReadOnlyList<string> ThemeLabels { get; private set; } = [];
    public IReadOnlyList<PathTarget> Targets { get; private set; } = [];
    public IReadOnlyList<string> OtherVersions { get; private set; } = [];
    public bool CanEdit { get; private set; }
    public bool Saved { get; private set; }

    [BindProperty] public string? Step { get; set; }
    [BindProperty] public string? State { get; set; }

    public async Task<IActionResult> OnGetAsync(string slug, string? done, CancellationToken ct)
    {
        if (!await LoadAsync(slug, ct)) return NotFound();
        Saved = done == "saved";
        return Page();
    }

    /// <summary>Follows the path (a second follow changes nothing).</summary>
    public Task<IActionResult> OnPostFollowAsync(string slug, CancellationToken ct) => ActAsync(slug, async (userId, now) =>
    {
        await EnsureFollowAsync(userId, now, ct);
        return true;
    }, ct);

    /// <summary>Stops following: the follow and the steps marked done go.</summary>
    public Task<IActionResult> OnPostUnfollowAsync(string slug, CancellationToken ct) => ActAsync(slug, async (userId, _) =>
    {
        await db.LearningStepsDone.Where(d => d.PathId == Path.Id && d.UserId == userId).ExecuteDeleteAsync(ct);
        await db.LearningPathFollows.Where(f => f.PathId == Path.Id && f.UserId == userId).ExecuteDeleteAsync(ct);
        return true;
    }, ct);

    /// <summary>Marks a step of this path done (<c>State=done</c>, following the path if not yet) or not done.</summary>
    public Task<IActionResult> OnPostStepAsync(string slug, CancellationToken ct) => ActAsync(slug, async (userId, now) =>
    {
        if (!int.TryParse(Step, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var stepId)
            || !await db.LearningPathSteps.AnyAsync(s => s.Id == stepId && s.PathId == Path.Id, ct)) return false;
        if (State == "done")
        {
            await EnsureFollowAsync(userId, now, ct);
            if (!await db.LearningStepsDone.AnyAsync(d => d.StepId == stepId && d.UserId == userId, ct))
            {
                db.LearningStepsDone.Add(new LearningStepDone { StepId = stepId, UserId = userId, PathId = Path.Id, DoneAt = now });
                await SaveIgnoringDuplicateAsync(ct);
            }
        }
        else await db.LearningStepsDone.Where(d => d.StepId == stepId && d.UserId == userId).ExecuteDeleteAsync(ct);
        return true;
    }, ct);

    private async Task<IActionResult> ActAsync(string slug, Func<string, DateTime, Task<bool>> act, CancellationToken ct)
    {
        if (!await LoadAsync(slug, ct)) return NotFound();
        if (PracticeEditor.UserId(User) is not { } userId) return Challenge();
        if (!await act(userId, clock.GetUtcNow().UtcDateTime)) return NotFound();
        return LocalRedirect($"/{LocalizationSetup.CurrentLanguage}/learning-paths/{slug}#progress");
    }

    private async Task EnsureFollowAsync(string userId, DateTime now, CancellationToken ct)
    {
        if (await db.LearningPathFollows.AnyAsync(f => f.PathId == Path.Id && f.UserId == userId, ct)) return;
        db.LearningPathFollows.Add(new LearningPathFollow { PathId = Path.Id, UserId = userId, StartedAt = now });
        await SaveIgnoringDuplicateAsync(ct);
    }

    /// <summary>Two clicks at the same moment insert the same row twice: the key keeps one, and the second click has its wish.</summary>
    private async Task SaveIgnoringDuplicateAsync(CancellationToken ct)
    {
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateException) { db.ChangeTracker.Clear(); }
    }

    private async Task<bool> LoadAsync(string slug, CancellationToken ct)
    {
        var path = slug.Length > 120 ? null : await catalogue.FindAsync(slug, ct);
        if (path is null) return false;
        Path = path;
        var lang = LocalizationSetup.CurrentLanguage;
        Text = LearningPathCatalogue.Pick(path.Texts, lang, path.Language)!;
        OtherVersions = path.Texts.Select(t => t.Language).Where(l => l != Text.Language).Order(StringComparer.Ordinal).ToList();
        Steps = await catalogue.StepsAsync(path.Id, path.Language, lang, targetNames.Label, ct);
        Progress = await catalogue.ProgressAsync(path.Id, PracticeEditor.UserId(User), Steps.Select(s => s.Id).ToList(), ct);
        var thesaurus = await matchmaker.ThesaurusAsync(db, ct);
        ThemeLabels = path.Tags.Where(t => t.Scheme == LearningPathTagSchemes.Theme).Select(t => thesaurus.Label("gemet:" + t.Code, lang)).Order(StringComparer.CurrentCulture)
            .Concat(Themes.ThemeNames.Split(path.FreeKeywords)).ToList(); // then the coordinators' own words, as written
        var codes = path.Tags.Where(t => t.Scheme == LearningPathTagSchemes.Target).Select(t => t.Code).ToHashSet(StringComparer.Ordinal);
        Targets = codes.Count == 0 ? [] : (await db.PolicyTargets.AsNoTracking().OrderBy(t => t.FrameworkCode).ThenBy(t => t.SortOrder).ToListAsync(ct))
            .Where(t => codes.Contains(t.FrameworkCode + ":" + t.Code)).Select(t => new PathTarget($"/{lang}/targets/{t.FrameworkCode}/{t.Code}", targetNames.Label(t))).ToList();
        CanEdit = LearningPathEditor.MayEdit(User);
        return true;
    }
}
