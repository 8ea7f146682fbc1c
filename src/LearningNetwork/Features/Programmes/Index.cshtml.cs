using LearningNetwork.Data;
using LearningNetwork.Domain;
using LearningNetwork.Features.Marketplace;
using LearningNetwork.Features.Partners;
using LearningNetwork.Features.Practices;
using LearningNetwork.Infrastructure.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace LearningNetwork.Features.Programmes;

/// <summary>
/// /{lang}/programmes: peer reviews, study visits and twinnings, newest first, filtered by kind, stage and theme (a plain GET
/// form, shareable by URL). A filter that is not understood is marked next to its field and ignored.
/// </summary>
public sealed class IndexModel(LearningNetworkDb db, ProgrammeCatalogue catalogue, ProgrammeDesk desk, Matchmaker matchmaker, IStringLocalizer<SharedResource> text)
    : PageModel
{
    [FromQuery(Name = "kind")] public string? Kind { get; set; }
    [FromQuery(Name = "stage")] public string? Stage { get; set; }
    [FromQuery(Name = "theme")] public string? Theme { get; set; }
    [FromQuery(Name = "page")] public string? PageNumber { get; set; }

    public ProgrammeListPage List { get; private set; } = new(0, 1, ProgrammeCatalogue.DefaultPageSize, []);
    public IReadOnlySet<string> Invalid { get; private set; } = new HashSet<string>();
    public IReadOnlyList<FilterChoice> Kinds { get; private set; } = [];
    public IReadOnlyList<FilterChoice> Stages { get; private set; } = [];
    public IReadOnlyList<FilterChoice> Themes { get; private set; } = [];
    public Func<int, string> ThemeLabel { get; private set; } = _ => "";
    public bool CanApply { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var lang = LocalizationSetup.CurrentLanguage;
        var (_, errors) = ProgrammeCatalogue.Parse(null, Kind, Stage, Theme, null, PageNumber, null);
        Invalid = errors.ToHashSet();
        string? Keep(string key, string? value) => Invalid.Contains(key) ? null : value;
        var (query, _) = ProgrammeCatalogue.Parse(null, Keep("kind", Kind), Keep("stage", Stage), Keep("theme", Theme), null, Keep("page", PageNumber), null);
        List = await catalogue.ListAsync(query!, ct);
        var thesaurus = await matchmaker.ThesaurusAsync(db, ct);
        ThemeLabel = id => thesaurus.Label("gemet:" + id.ToString(System.Globalization.CultureInfo.InvariantCulture), lang);
        Kinds = Codes.All<ProgrammeKind>().Select(k => new FilterChoice(k, text[$"Programme.Kind.{k}"])).ToList();
        Stages = Codes.All<ProgrammeStage>().Select(s => new FilterChoice(s, text[$"Programme.Stage.{s}"])).ToList();
        Themes = (await db.ProgrammeTags.AsNoTracking().Where(t => t.Scheme == ProgrammeTagSchemes.Theme).Select(t => t.Code).Distinct().ToListAsync(ct))
            .Select(c => new FilterChoice(c, thesaurus.Label("gemet:" + c, lang))).OrderBy(c => c.Label, StringComparer.CurrentCulture).ToList();
        CanApply = (await desk.OrganisationsAsync(User, ct)).Count > 0;
    }

    /// <summary>The query string of another page of the same list.</summary>
    public string PageLink(int page)
    {
        var parts = new List<string>();
        if (!string.IsNullOrEmpty(Kind) && !Invalid.Contains("kind")) parts.Add("kind=" + Uri.EscapeDataString(Kind));
        if (!string.IsNullOrEmpty(Stage) && !Invalid.Contains("stage")) parts.Add("stage=" + Uri.EscapeDataString(Stage));
        if (!string.IsNullOrEmpty(Theme) && !Invalid.Contains("theme")) parts.Add("theme=" + Uri.EscapeDataString(Theme));
        parts.Add("page=" + page.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return "?" + string.Join('&', parts);
    }
}
