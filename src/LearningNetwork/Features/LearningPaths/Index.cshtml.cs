using LearningNetwork.Data;
using LearningNetwork.Domain;
using LearningNetwork.Features.Marketplace;
using LearningNetwork.Features.Partners;
using LearningNetwork.Features.Targets;
using LearningNetwork.Infrastructure.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace LearningNetwork.Features.LearningPaths;

/// <summary>
/// /{lang}/learning-paths: every path, most recently changed first, in the reader's language where it has that version,
/// filtered by theme and target (a plain GET form, shareable by URL). A filter that is not understood is marked next to its
/// field and ignored. The filters offer only the themes and targets some path has.
/// </summary>
public sealed class IndexModel(LearningNetworkDb db, LearningPathCatalogue catalogue, Matchmaker matchmaker, TargetNames targetNames) : PageModel
{
    [FromQuery(Name = "theme")] public string? Theme { get; set; }
    [FromQuery(Name = "target")] public string? Target { get; set; }
    [FromQuery(Name = "page")] public string? PageNumber { get; set; }

    public PathListPage List { get; private set; } = new(0, 1, LearningPathCatalogue.DefaultPageSize, []);
    public IReadOnlySet<string> Invalid { get; private set; } = new HashSet<string>();
    public IReadOnlyList<FilterChoice> Themes { get; private set; } = [];
    public IReadOnlyList<FilterChoice> Targets { get; private set; } = [];
    public bool CanEdit { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var lang = LocalizationSetup.CurrentLanguage;
        var (_, errors) = LearningPathCatalogue.Parse(Theme, Target, PageNumber, null);
        Invalid = errors.ToHashSet();
        string? Keep(string key, string? value) => Invalid.Contains(key) ? null : value;
        var (query, _) = LearningPathCatalogue.Parse(Keep("theme", Theme), Keep("target", Target), Keep("page", PageNumber), null);
        List = await catalogue.ListAsync(query!, lang, ct);
        var thesaurus = await matchmaker.ThesaurusAsync(db, ct);
        Themes = (await db.LearningPathTags.AsNoTracking().Where(t => t.Scheme == LearningPathTagSchemes.Theme).Select(t => t.Code).Distinct().ToListAsync(ct))
            .Select(c => new FilterChoice(c, thesaurus.Label("gemet:" + c, lang))).OrderBy(c => c.Label, StringComparer.CurrentCulture).ToList();
        var codes = (await db.LearningPathTags.AsNoTracking().Where(t => t.Scheme == LearningPathTagSchemes.Target).Select(t => t.Code).Distinct().ToListAsync(ct))
            .Concat(await db.LearningPathSteps.AsNoTracking().Where(s => s.TargetCode != null).Select(s => s.TargetCode!).Distinct().ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        Targets = (await db.PolicyTargets.AsNoTracking().OrderBy(t => t.FrameworkCode).ThenBy(t => t.SortOrder).ToListAsync(ct))
            .Where(t => codes.Contains(t.FrameworkCode + ":" + t.Code)).Select(t => new FilterChoice(t.FrameworkCode + ":" + t.Code, targetNames.Label(t))).ToList();
        CanEdit = LearningPathEditor.MayEdit(User);
    }

    /// <summary>The query string of another page of the same list.</summary>
    public string PageLink(int page)
    {
        var parts = new List<string>();
        if (!string.IsNullOrEmpty(Theme) && !Invalid.Contains("theme")) parts.Add("theme=" + Uri.EscapeDataString(Theme));
        if (!string.IsNullOrEmpty(Target) && !Invalid.Contains("target")) parts.Add("target=" + Uri.EscapeDataString(Target));
        parts.Add("page=" + page.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return "?" + string.Join('&', parts);
    }
}
