using LearningNetwork.ReferenceData;
using System.Globalization;
using LearningNetwork.Data;
using LearningNetwork.Domain;
using LearningNetwork.Features.Partners;
using LearningNetwork.Features.Practices;
using LearningNetwork.Infrastructure.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace LearningNetwork.Features.Marketplace;

/// <summary>
/// /{lang}/marketplace: offers (by default) or requests (?show=requests) as cards, filterable by words, kind, theme,
/// target, country, exchange language, format and state, paged, shareable by URL, with a map of where they come from.
/// A filter that is not understood is marked next to its field and ignored.
/// </summary>
public sealed class IndexModel(CountryNames countryNames, MarketCatalogue catalogue, MarketplaceEditor editor, LearningNetworkDb db, Matchmaker matchmaker) : PageModel
{
    [FromQuery(Name = "show")] public string? Show { get; set; }
    [FromQuery(Name = "q")] public string? Q { get; set; }
    [FromQuery(Name = "kind")] public string? Kind { get; set; }
    [FromQuery(Name = "theme")] public string? Theme { get; set; }
    [FromQuery(Name = "target")] public string? Target { get; set; }
    [FromQuery(Name = "country")] public string? Country { get; set; }
    [FromQuery(Name = "language")] public string? Language { get; set; }
    [FromQuery(Name = "format")] public string? Format { get; set; }
    [FromQuery(Name = "state")] public string? State { get; set; }
    [FromQuery(Name = "page")] public string? PageNumber { get; set; }

    public bool Requests { get; private set; }
    public MarketListPage Result { get; private set; } = new(0, 1, MarketCatalogue.DefaultPageSize, []);
    public IReadOnlySet<string> Invalid { get; private set; } = new HashSet<string>();
    public IReadOnlyList<FilterChoice> Countries { get; private set; } = [];
    public IReadOnlyList<FilterChoice> Themes { get; private set; } = [];
    public IReadOnlyList<FilterChoice> Targets { get; private set; } = [];
    public IReadOnlyList<FilterChoice> Languages { get; private set; } = [];
    public IReadOnlyDictionary<string, string> LanguageNames { get; private set; } = new Dictionary<string, string>();
    public IReadOnlyDictionary<string, string> CountryNames { get; private set; } = new Dictionary<string, string>();
    public bool CanWrite { get; private set; }
    public bool CanModerate { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var lang = LocalizationSetup.CurrentLanguage;
        var values = new MarketQueryValues(Show, Q, Kind, Theme, Target, Country, Language, Format, State, PageNumber, null);
        var (query, errors) = MarketCatalogue.Parse(values);
        Invalid = errors.Keys.ToHashSet();
        if (query is null)
        {
            // Drop what is not understood, keep the rest.
            string? Keep(string key, string? value) => errors.ContainsKey(key) ? null : value;
            (query, _) = MarketCatalogue.Parse(new MarketQueryValues(Keep("show", Show), Keep("q", Q), Keep("kind", Kind), Keep("theme", Theme), Keep("target", Target),
                Keep("country", Country), Keep("language", Language), Keep("format", Format), Keep("state", State), Keep("page", PageNumber), null));
        }
        Requests = query!.Requests;
        Result = await catalogue.ListAsync(query, lang, ct);

        LanguageNames = Infrastructure.Localization.LanguageNames.For(await HttpContext.RequestServices.GetRequiredService<LearningNetwork.ReferenceData.ReferenceCache>().LanguageCodesAsync(db, ct));
        CountryNames = countryNames.ForReader(await db.Countries.AsNoTracking().ToListAsync(ct));
        var usedCountries = Requests
            ? await db.Requests.AsNoTracking().Select(r => r.Partner!.CountryCode).Distinct().ToListAsync(ct)
            : await db.Offers.AsNoTracking().Select(o => o.Partner!.CountryCode).Distinct().ToListAsync(ct);
        Countries = usedCountries.Select(c => new FilterChoice(c, CountryNames.GetValueOrDefault(c, c))).OrderBy(c => c.Label, StringComparer.CurrentCulture).ToList();
        var tags = Requests
            ? await db.RequestTags.AsNoTracking().Where(t => t.Scheme != MarketTagSchemes.Habitat).Select(t => new { t.Scheme, t.Code }).Distinct().ToListAsync(ct)
            : await db.OfferTags.AsNoTracking().Where(t => t.Scheme != MarketTagSchemes.Habitat).Select(t => new { t.Scheme, t.Code }).Distinct().ToListAsync(ct);
        var thesaurus = await matchmaker.ThesaurusAsync(db, ct);
        Themes = tags.Where(t => t.Scheme == MarketTagSchemes.Theme).Select(t => new FilterChoice(t.Code, thesaurus.Label("gemet:" + t.Code, lang)))
            .OrderBy(c => c.Label, StringComparer.CurrentCulture).ToList();
        Targets = tags.Where(t => t.Scheme == MarketTagSchemes.Target).Select(t => t.Code).Order(StringComparer.Ordinal)
            .Select(t => new FilterChoice(t, PracticeLabels.TargetBadge(t))).ToList();
        Languages = tags.Where(t => t.Scheme == MarketTagSchemes.Language).Select(t => new FilterChoice(t.Code, LanguageNames.GetValueOrDefault(t.Code, t.Code)))
            .OrderBy(c => c.Label, StringComparer.CurrentCulture).ToList();
        var organisations = await editor.OrganisationsAsync(User, ct);
        CanWrite = organisations.Count > 0;
        CanModerate = User.IsInRole(Roles.Moderator) || User.IsInRole(Roles.NetworkAdmin);
    }

    public string PageLink(int page)
    {
        var query = new Dictionary<string, string?>
        {
            ["show"] = Requests ? "requests" : null, ["q"] = Q, ["kind"] = Kind, ["theme"] = Theme, ["target"] = Target, ["country"] = Country,
            ["language"] = Language, ["format"] = Format, ["state"] = State, ["page"] = page == 1 ? null : page.ToString(CultureInfo.InvariantCulture),
        };
        return "?" + string.Join("&", query.Where(q => !string.IsNullOrEmpty(q.Value) && !Invalid.Contains(q.Key)).Select(q => $"{q.Key}={Uri.EscapeDataString(q.Value!)}"));
    }
}
