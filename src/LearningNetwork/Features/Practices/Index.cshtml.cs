using LearningNetwork.ReferenceData;
using LearningNetwork.Data;
using LearningNetwork.Domain;
using LearningNetwork.Features.Partners;
using LearningNetwork.Features.Themes;
using LearningNetwork.Infrastructure.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace LearningNetwork.Features.Practices;

/// <summary>
/// /{lang}/practices: the published practices as cards, filterable by country, theme, habitat, target, language,
/// status and freshness, sortable, paged, shareable by URL. A filter that is not understood is marked next to its
/// field and ignored. Signed-in members also see their organisations' practices that are not yet published. The list and its
/// filters are read through the <see cref="ReadDb"/> (they may lag by the replication delay); a member's own practices in
/// progress and the moderators' count from the primary, so a draft just saved is listed at once.
/// </summary>
public sealed class IndexModel(LearningNetwork.Features.Targets.TargetNames targetNames, CountryNames countryNames, PracticeCatalogue catalogue, PracticeEditor editor, LearningNetworkDb db,
    [FromKeyedServices(ReadDb.Key)] LearningNetworkDb read, ThemeNames themes, Microsoft.Extensions.Localization.IStringLocalizer<SharedResource> text) : PageModel
{
    [FromQuery(Name = "q")] public string? Q { get; set; }
    [FromQuery(Name = "country")] public string? Country { get; set; }
    [FromQuery(Name = "theme")] public string? Theme { get; set; }
    [FromQuery(Name = "habitat")] public string? Habitat { get; set; }
    [FromQuery(Name = "target")] public string? Target { get; set; }
    [FromQuery(Name = "language")] public string? Language { get; set; }
    [FromQuery(Name = "status")] public string? Status { get; set; }
    [FromQuery(Name = "stage")] public string? Stage { get; set; }
    [FromQuery(Name = "overdue")] public string? Overdue { get; set; }
    [FromQuery(Name = "sort")] public string? Sort { get; set; }
    [FromQuery(Name = "page")] public string? PageNumber { get; set; }

    public PracticeListPage Result { get; private set; } = new(0, 1, PracticeCatalogue.DefaultPageSize, []);
    public IReadOnlySet<string> Invalid { get; private set; } = new HashSet<string>();
    public IReadOnlyList<FilterChoice> Countries { get; private set; } = [];
    public IReadOnlyList<FilterChoice> Themes { get; private set; } = [];
    public IReadOnlyList<FilterChoice> Habitats { get; private set; } = [];
    public IReadOnlyList<FilterChoice> Targets { get; private set; } = [];
    public IReadOnlyList<FilterChoice> Languages { get; private set; } = [];
    public IReadOnlyDictionary<string, string> LanguageNames { get; private set; } = new Dictionary<string, string>();
    public IReadOnlyDictionary<string, string> CountryNames { get; private set; } = new Dictionary<string, string>();
    public IReadOnlyList<(string Slug, string Title, PracticeStage Stage)> InProgress { get; private set; } = [];
    public bool CanWrite { get; private set; }
    public bool CanModerate { get; private set; }
    public int WaitingForReview { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var lang = LocalizationSetup.CurrentLanguage;
        PracticeQueryValues Values(Func<string, string?, string?> keep) => new(keep("q", Q), keep("country", Country), keep("theme", Theme),
            keep("habitat", Habitat), keep("target", Target), keep("language", Language), keep("status", Status), keep("stage", Stage),
            keep("overdue", Overdue), keep("sort", Sort), keep("page", PageNumber));
        var (query, errors) = PracticeQueryParser.Parse(Values((_, v) => v));
        Invalid = errors.Keys.ToHashSet();
        query ??= PracticeQueryParser.Parse(Values((f, v) => Invalid.Contains(f) ? null : v)).Query!;
        Result = await catalogue.ListAsync(query, lang, ct);

        // The filters' choices depend on the published practices alone, not on the reader: kept between requests, evicted
        // with the lists by any change of a practice (Infrastructure/Web/PageData).
        var facets = (await HttpContext.RequestServices.GetRequiredService<Infrastructure.Web.PageData>()
            .GetAsync<Facets>($"practice-facets:{lang}", async () => (await LoadFacetsAsync(lang, ct), [Infrastructure.Web.PageCacheTags.Lists])))!;
        (CountryNames, Countries, Themes, Habitats, Targets, LanguageNames, Languages) =
            (facets.CountryNames, facets.Countries, facets.Themes, facets.Habitats, facets.Targets, facets.LanguageNames, facets.Languages);

        var organisations = await editor.WritableOrganisationsAsync(User, ct);
        CanWrite = organisations.Count > 0;
        CanModerate = PracticeEditor.IsModerator(User);
        if (CanModerate) WaitingForReview = await db.Practices.CountAsync(p => p.Stage == PracticeStage.Submitted, ct);
        if (CanWrite && !User.IsInRole(Roles.NetworkAdmin))
        {
            var ids = organisations.Select(o => o.Id).ToList();
            var mine = await db.Practices.AsNoTracking()
                .Where(p => ids.Contains(p.PartnerId) && p.Stage != PracticeStage.Published && p.Stage != PracticeStage.Archived)
                .Select(p => new { p.Slug, p.Stage, Title = p.Texts.Where(t => t.Language == p.OriginalLanguage).Select(t => t.Title).FirstOrDefault() })
                .ToListAsync(ct);
            InProgress = mine.Select(m => (m.Slug, m.Title ?? m.Slug, m.Stage)).ToList();
        }
    }

    private sealed record Facets(IReadOnlyDictionary<string, string> CountryNames, IReadOnlyList<FilterChoice> Countries,
        IReadOnlyList<FilterChoice> Themes, IReadOnlyList<FilterChoice> Habitats, IReadOnlyList<FilterChoice> Targets,
        IReadOnlyDictionary<string, string> LanguageNames, IReadOnlyList<FilterChoice> Languages);

    private async Task<Facets> LoadFacetsAsync(string lang, CancellationToken ct)
    {
        var visible = read.Practices.AsNoTracking().Where(p => p.Stage == PracticeStage.Published || p.Stage == PracticeStage.Archived);
        var countryCodes = await visible.Select(p => p.CountryCode).Distinct().ToListAsync(ct);
        var countries = await read.Countries.AsNoTracking().Where(c => countryCodes.Contains(c.Code)).ToListAsync(ct);
        var readerCountryNames = countryNames.ForReader(countries);
        var countryChoices = countryNames.Choices(countries);
        // The tags in use, then for each whether a visible practice carries it: a walk of the tag index and one short lookup
        // per tag. Written in SQL, because LINQ puts the lookup inside the DISTINCT, once per tag row (filtering every tag
        // row by its practice took 0.5 s at 10k practices, and that form minutes). Quoted names: both providers read them.
        var tags = await read.Database.SqlQuery<TagInUse>($"""
            SELECT d."Scheme", d."Code" FROM (SELECT DISTINCT "Scheme", "Code" FROM "PracticeTags") AS d
            WHERE EXISTS (SELECT 1 FROM "PracticeTags" AS t JOIN "Practices" AS p ON p."Id" = t."PracticeId"
                          WHERE t."Scheme" = d."Scheme" AND t."Code" = d."Code" AND p."Stage" IN ('Published', 'Archived'))
            """).ToListAsync(ct);
        var themeIds = tags.Where(t => t.Scheme == PracticeTagSchemes.Theme).Select(t => int.Parse(t.Code, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var themeChoices = (await themes.LabelsAsync(themeIds, lang, ct)).Select(kv => new FilterChoice(kv.Key.ToString(System.Globalization.CultureInfo.InvariantCulture), kv.Value))
            .OrderBy(c => c.Label, StringComparer.CurrentCulture).ToList();
        var habitatCodes = tags.Where(t => t.Scheme == PracticeTagSchemes.Habitat).Select(t => t.Code).ToList();
        var habitatChoices = await read.EunisHabitats.AsNoTracking().Where(h => habitatCodes.Contains(h.Code)).OrderBy(h => h.Code)
            .Select(h => new FilterChoice(h.Code, h.Code + " " + h.NameEn)).ToListAsync(ct);
        var targetCodes = tags.Where(t => t.Scheme == PracticeTagSchemes.Target).Select(t => t.Code).ToHashSet();
        var targets = await read.PolicyTargets.AsNoTracking().OrderBy(t => t.FrameworkCode).ThenBy(t => t.SortOrder).ToListAsync(ct);
        var targetChoices = PracticeQueryParser.Frameworks.Select(f => new FilterChoice(f, LearningNetwork.Features.Targets.TargetLabels.Framework(text, f)))
            .Concat(targets.Where(t => targetCodes.Contains(t.FrameworkCode + ":" + t.Code))
                .Select(t => new FilterChoice(t.FrameworkCode + ":" + t.Code, targetNames.Label(t)))).ToList();
        var languageCodes = await read.Database.SqlQuery<string>($"""
            SELECT d."Language" AS "Value" FROM (SELECT DISTINCT "Language" FROM "PracticeTexts") AS d
            WHERE EXISTS (SELECT 1 FROM "PracticeTexts" AS t JOIN "Practices" AS p ON p."Id" = t."PracticeId"
                          WHERE t."Language" = d."Language" AND p."Stage" IN ('Published', 'Archived'))
            """).ToListAsync(ct);
        var languageNames = Infrastructure.Localization.LanguageNames.For(await HttpContext.RequestServices.GetRequiredService<LearningNetwork.ReferenceData.ReferenceCache>().LanguageCodesAsync(read, ct));
        var languageChoices = languageCodes.Select(c => new FilterChoice(c, languageNames.GetValueOrDefault(c, c))).OrderBy(c => c.Label, StringComparer.CurrentCulture).ToList();
        return new Facets(readerCountryNames, countryChoices, themeChoices, habitatChoices, targetChoices, languageNames, languageChoices);
    }

    public string PageLink(int page)
    {
        var parameters = new Dictionary<string, string?>
        {
            ["q"] = Q, ["country"] = Country, ["theme"] = Theme, ["habitat"] = Habitat, ["target"] = Target, ["language"] = Language,
            ["status"] = Status, ["stage"] = Stage, ["overdue"] = Overdue, ["sort"] = Sort,
            ["page"] = page.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }.Where(p => !string.IsNullOrEmpty(p.Value));
        return Request.Path + QueryString.Create(parameters);
    }
}

/// <summary>A (scheme, code) pair carried by at least one visible practice.</summary>
public sealed class TagInUse
{
    public string Scheme { get; set; } = "";
    public string Code { get; set; } = "";
}
