using LearningNetwork.Data;
using LearningNetwork.Features.Marketplace;
using LearningNetwork.Features.Partners;
using LearningNetwork.Features.Practices;
using LearningNetwork.Features.Targets;
using LearningNetwork.Infrastructure.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace LearningNetwork.Features.LearningPaths;

/// <summary>
/// What the new and edit pages of a learning path share: the form, its choices (the interface languages a version can be
/// written in, the targets) and its errors. Only coordinators reach either page (403 for every other signed-in person,
/// sign-in for anonymous ones), checked on GET and POST alike.
/// </summary>
public abstract class PathFormPage(LearningNetworkDb db, TargetNames targetNames, SupportedLanguages languages) : PageModel
{
    [BindProperty] public PathForm Form { get; set; } = new();
    public Dictionary<string, string> Errors { get; protected set; } = [];
    public IReadOnlyList<FilterChoice> Languages { get; private set; } = [];
    public IReadOnlyList<FilterChoice> Targets { get; private set; } = [];

    protected LearningNetworkDb Db => db;

    protected async Task LoadChoicesAsync(CancellationToken ct)
    {
        Languages = languages.All.Select(l => new FilterChoice(l.Code, LanguageNames.Of(l.Code))).OrderBy(c => c.Label, StringComparer.CurrentCulture).ToList();
        Targets = (await db.PolicyTargets.AsNoTracking().Where(t => t.FrameworkCode == "kmgbf").OrderBy(t => t.SortOrder).ToListAsync(ct))
            .Select(t => new FilterChoice(t.FrameworkCode + ":" + t.Code, targetNames.Label(t))).ToList();
    }

    /// <summary>The themes of a path as the form writes them (labels in the reader's language).</summary>
    protected async Task<string> ThemeTextAsync(IEnumerable<string> codes, Matchmaker matchmaker, CancellationToken ct, string? keywords = null)
    {
        var thesaurus = await matchmaker.ThesaurusAsync(db, ct);
        return string.Join("; ", codes.Select(c => thesaurus.Label("gemet:" + c, LocalizationSetup.CurrentLanguage)).Concat(LearningNetwork.Features.Themes.ThemeNames.Split(keywords)));
    }

    protected string? UserId => PracticeEditor.UserId(User);

    /// <summary>Whether a language version can be written in this language (an interface language: its page exists).</summary>
    protected bool IsInterfaceLanguage(string? code) => languages.IsSupported(code);
}
