using System.Globalization;
using LearningNetwork.Data;
using LearningNetwork.Domain;
using LearningNetwork.Features.Marketplace;
using LearningNetwork.Features.Partners;
using LearningNetwork.Features.Themes;
using LearningNetwork.Infrastructure.Localization;
using LearningNetwork.ReferenceData;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace LearningNetwork.Features.Events;

/// <summary>
/// /{lang}/events: upcoming events (soonest first) and past ones (latest first, paged), filterable by kind, theme, target,
/// country and language, shareable by URL. A filter that is not understood is marked next to its field and ignored.
/// </summary>
public sealed class IndexModel(LearningNetworkDb db, EventCatalogue catalogue, EventEditor editor, ThemeNames themes, CountryNames countryNames,
    LearningNetwork.Features.Targets.TargetNames targetNames, IStringLocalizer<SharedResource> text) : PageModel
{
    [FromQuery(Name = "kind")] public string? Kind { get; set; }
    [FromQuery(Name = "theme")] public string? Theme { get; set; }
    [FromQuery(Name = "target")] public string? Target { get; set; }
    [FromQuery(Name = "country")] public string? Country { get; set; }
    [FromQuery(Name = "language")] public string? Language { get; set; }
    [FromQuery(Name = "page")] public string? PageNumber { get; set; }

    public EventListPage Upcoming { get; private set; } = new(0, 1, EventCatalogue.DefaultPageSize, []);
    public EventListPage Past { get; private set; } = new(0, 1, EventCatalogue.DefaultPageSize, []);
    public IReadOnlyDictionary<int, (int Registered, int Waiting)> Counts { get; private set; } = new Dictionary<int, (int, int)>();
    public IReadOnlySet<string> Invalid { get; private set; } = new HashSet<string>();
    public IReadOnlyList<FilterChoice> Kinds { get; private set; } = [];
    public IReadOnlyList<FilterChoice> Themes { get; private set; } = [];
    public IReadOnlyList<FilterChoice> Targets { get; private set; } = [];
    public IReadOnlyList<FilterChoice> Countries { get; private set; } = [];
    public IReadOnlyList<FilterChoice> Languages { get; private set; } = [];
    public IReadOnlyDictionary<string, string> CountryNames { get; private set; } = new Dictionary<string, string>();
    public bool CanWrite { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        EventQueryValues Values(Func<string, string?, string?> keep) =>
            new(null, keep("kind", Kind), keep("theme", Theme), keep("target", Target), keep("country", Country), keep("language", Language), null, keep("page", PageNumber));
        var (query, errors) = EventQueryParser.Parse(Values((_, v) => v));
        Invalid = errors.Keys.ToHashSet();
        query ??= EventQueryParser.Parse(Values((f, v) => Invalid.Contains(f) ? null : v)).Query!;
        Upcoming = await catalogue.ListAsync(query with { When = "upcoming", Page = 1, PageSize = EventCatalogue.MaxPageSize }, ct);
        Past = await catalogue.ListAsync(query with { When = "past" }, ct);
        Counts = await catalogue.CountsAsync(Upcoming.Items.Concat(Past.Items).Select(e => e.Id).ToList(), ct);

        Kinds = Codes.All<EventKind>().Select(k => new FilterChoice(k, text[$"Event.Kind.{k}"])).ToList();
        var tags = await db.EventTags.AsNoTracking().Select(t => new { t.Scheme, t.Code }).Distinct().ToListAsync(ct);
        var themeIds = tags.Where(t => t.Scheme == EventTagSchemes.Theme).Select(t => int.Parse(t.Code, CultureInfo.InvariantCulture)).ToList();
        Themes = (await themes.LabelsAsync(themeIds, LocalizationSetup.CurrentLanguage, ct))
            .Select(t => new FilterChoice(t.Key.ToString(CultureInfo.InvariantCulture), t.Value)).OrderBy(t => t.Label, StringComparer.CurrentCulture).ToList();
        var usedTargets = tags.Where(t => t.Scheme == EventTagSchemes.Target).Select(t => t.Code).ToHashSet();
        Targets = (await db.PolicyTargets.AsNoTracking().OrderBy(t => t.FrameworkCode).ThenBy(t => t.SortOrder).ToListAsync(ct))
            .Where(t => usedTargets.Contains(t.FrameworkCode + ":" + t.Code)).Select(t => new FilterChoice(t.FrameworkCode + ":" + t.Code, targetNames.Label(t))).ToList();
        CountryNames = countryNames.ForReader(await db.Countries.AsNoTracking().ToListAsync(ct));
        Countries = (await db.Events.AsNoTracking().Select(e => e.CountryCode).Distinct().ToListAsync(ct))
            .Select(c => new FilterChoice(c, CountryNames.GetValueOrDefault(c, c))).OrderBy(c => c.Label, StringComparer.CurrentCulture).ToList();
        var languages = tags.Where(t => t.Scheme == EventTagSchemes.Language).Select(t => t.Code)
            .Concat(await db.Events.AsNoTracking().Select(e => e.Language).Distinct().ToListAsync(ct)).Distinct();
        Languages = LanguageNames.Choices(languages);
        CanWrite = (await editor.WritableOrganisationsAsync(User, ct)).Count > 0;
    }

    public string PageLink(int page) => Request.Path + QueryString.Create(new Dictionary<string, string?>
    {
        ["kind"] = Kind, ["theme"] = Theme, ["target"] = Target, ["country"] = Country, ["language"] = Language, ["page"] = page.ToString(CultureInfo.InvariantCulture),
    }.Where(p => !string.IsNullOrEmpty(p.Value)));
}
