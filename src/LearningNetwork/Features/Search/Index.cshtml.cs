using LearningNetwork.ReferenceData;
using LearningNetwork.Data;
using LearningNetwork.Features.Themes;
using LearningNetwork.Infrastructure.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace LearningNetwork.Features.Search;

/// <summary>/{lang}/search?q=: every public item in every language, filtered by facets, explained when it matched in another language.
/// The hits come from this node's index; the facets' names are read through the <see cref="ReadDb"/>.</summary>
public sealed class IndexModel(CountryNames countryNames, SiteSearch search, [FromKeyedServices(ReadDb.Key)] LearningNetworkDb db, ThemeNames themes) : PageModel
{
    [FromQuery(Name = "q")] public string? Q { get; set; }
    [FromQuery(Name = "type")] public List<string> Type { get; set; } = [];
    [FromQuery(Name = "country")] public List<string> Country { get; set; } = [];
    [FromQuery(Name = "language")] public List<string> Language { get; set; } = [];
    [FromQuery(Name = "theme")] public List<string> Theme { get; set; } = [];
    [FromQuery(Name = "target")] public List<string> Target { get; set; } = [];
    [FromQuery(Name = "habitat")] public List<string> Habitat { get; set; } = [];
    [FromQuery(Name = "nuts")] public List<string> Nuts { get; set; } = [];
    [FromQuery(Name = "page")] public string? PageText { get; set; }

    public SearchResult Result { get; private set; } = new(0, [], new Dictionary<string, IReadOnlyList<(string, int)>>(), [], true);
    public int PageNumber { get; private set; } = 1;
    /// <summary>Whether the page ran a search (words or filters were given): only then can it be saved and its filters followed.</summary>
    public bool Searched { get; private set; }
    public const int PageSize = 20;
    public int PageCount => Math.Max(1, Math.Min(50, (Result.Total + PageSize - 1) / PageSize));
    /// <summary>Display names of facet values: countries, languages, themes, habitats.</summary>
    public Dictionary<string, string> Names { get; } = new(StringComparer.Ordinal);

    public async Task OnGetAsync(CancellationToken ct)
    {
        var lang = LocalizationSetup.CurrentLanguage;
        PageNumber = int.TryParse(PageText, out var p) && p is > 0 and <= 50 ? p : 1;
        static List<string> Clean(List<string> v) => v.Where(x => !string.IsNullOrWhiteSpace(x) && x.Length <= 64).Distinct().Take(20).ToList();
        var filters = new Dictionary<string, IReadOnlyList<string>>
        {
            ["type"] = Clean(Type), ["country"] = Clean(Country), ["language"] = Clean(Language), ["theme"] = Clean(Theme),
            ["target"] = Clean(Target), ["habitat"] = Clean(Habitat), ["nuts"] = Clean(Nuts),
        };
        var q = Q?.Trim() ?? "";
        if (q.Length == 0 && filters.Values.All(v => v.Count == 0)) return;
        Searched = true;
        Result = await search.SearchAsync(new SearchRequest(q, lang, filters, PageNumber, PageSize), wait: true, ct);

        foreach (var c in await db.Countries.AsNoTracking().ToListAsync(ct)) Names["country:" + c.Code] = countryNames.Name(c.Code);
        foreach (var l in await db.Languages.AsNoTracking().ToListAsync(ct)) Names["language:" + l.Code] = LanguageNames.Of(l.Code);
        foreach (var h in await db.EunisHabitats.AsNoTracking().ToListAsync(ct)) Names["habitat:" + h.Code] = $"{h.Code} {h.NameEn}";
        var themeIds = Result.Facets.GetValueOrDefault("theme", []).Select(t => int.TryParse(t.Value, out var id) ? id : 0).Where(id => id > 0);
        foreach (var (id, label) in await themes.LabelsAsync(themeIds, lang, ct)) Names["theme:" + id] = label;
        foreach (var t in Result.Facets.GetValueOrDefault("target", [])) Names["target:" + t.Value] = Practices.PracticeLabels.TargetBadge(t.Value);
        var regions = Result.Facets.GetValueOrDefault("nuts", []).Select(n => n.Value).ToList();
        foreach (var r in await db.NutsRegions.AsNoTracking().Where(r => regions.Contains(r.Code)).Select(r => new { r.Code, r.NameLatin }).ToListAsync(ct))
            Names["nuts:" + r.Code] = $"{r.NameLatin} ({r.Code})";
    }

    public string Name(string facet, string value) => facet == "type" ? value : Names.GetValueOrDefault($"{facet}:{value}", value);

    public bool Selected(string facet, string value) => facet switch
    {
        "type" => Type.Contains(value), "country" => Country.Contains(value), "language" => Language.Contains(value), "theme" => Theme.Contains(value),
        "target" => Target.Contains(value), "habitat" => Habitat.Contains(value), "nuts" => Nuts.Contains(value), _ => false,
    };

    public string PageLink(int page)
    {
        var query = Request.Query.Where(kv => kv.Key != "page").SelectMany(kv => kv.Value.Select(v => new KeyValuePair<string, string?>(kv.Key, v)))
            .Append(new KeyValuePair<string, string?>("page", page.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return Request.Path + QueryString.Create(query);
    }
}
