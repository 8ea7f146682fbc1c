using LearningNetwork.Data;
using LearningNetwork.Domain;
using LearningNetwork.Infrastructure.Localization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace LearningNetwork.Features.Targets;

/// <summary>/{lang}/targets: every framework and its goals, targets, commitments and articles, with how many public practices serve each.</summary>
public sealed class IndexModel(LearningNetworkDb db, TargetExplanations explanations, Microsoft.Extensions.Localization.IStringLocalizer<SharedResource> text) : PageModel
{
    public IReadOnlyList<PolicyFramework> Frameworks { get; private set; } = [];
    public ILookup<string, PolicyTarget> Targets { get; private set; } = Array.Empty<PolicyTarget>().ToLookup(t => t.FrameworkCode);
    private readonly Dictionary<(string, string), string> _titles = [];

    /// <summary>The item's short title in the reader's language, when one is written (edited or shipped).</summary>
    public string? LocalTitle(PolicyTarget t) => _titles.GetValueOrDefault((t.FrameworkCode, t.Code));

    public IReadOnlyDictionary<string, int> PracticeCounts { get; private set; } = new Dictionary<string, int>();

    public async Task OnGetAsync(CancellationToken ct)
    {
        Frameworks = await db.PolicyFrameworks.AsNoTracking().OrderBy(f => f.SortOrder).ToListAsync(ct);
        var targets = await db.PolicyTargets.AsNoTracking().OrderBy(t => t.SortOrder).ToListAsync(ct);
        Targets = targets.ToLookup(t => t.FrameworkCode);
        var lang = LocalizationSetup.CurrentLanguage;
        if (lang != "en")
            foreach (var t in targets)
                if ((await explanations.TitleInAsync(t.FrameworkCode, t.Code, lang, ct) ?? TargetNames.GoalTitle(text, t)) is { } title) _titles[(t.FrameworkCode, t.Code)] = title;
        PracticeCounts = await db.PracticeTags.AsNoTracking()
            .Where(t => t.Scheme == PracticeTagSchemes.Target && db.Practices.Any(p => p.Id == t.PracticeId && p.Stage == PracticeStage.Published))
            .GroupBy(t => t.Code).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
    }
}
