using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LearningNetwork.Features.Partners;

/// <summary>/{lang}/partners: the partner directory, filterable, sortable and shareable by URL.</summary>
public sealed class IndexModel(PartnerDirectory directory) : PageModel
{
    [FromQuery(Name = "q")] public string? Q { get; set; }
    [FromQuery(Name = "country")] public string? Country { get; set; }
    [FromQuery(Name = "type")] public string? Type { get; set; }
    [FromQuery(Name = "nuts")] public string? Nuts { get; set; }
    [FromQuery(Name = "subdivision")] public string? Subdivision { get; set; }
    [FromQuery(Name = "biogeographical")] public string? Biogeographical { get; set; }
    [FromQuery(Name = "language")] public string? Language { get; set; }
    [FromQuery(Name = "theme")] public string? Theme { get; set; }
    [FromQuery(Name = "sort")] public string? Sort { get; set; }
    [FromQuery(Name = "page")] public string? PageNumber { get; set; }

    public PartnerPage Result { get; private set; } = new(0, 1, PartnerDirectory.DefaultPageSize, []);
    public PartnerFilterChoices Choices { get; private set; } = new([], [], [], [], []);
    /// <summary>The filters that were not understood, by field; the list then ignores them and says so next to each.</summary>
    public IReadOnlySet<string> Invalid { get; private set; } = new HashSet<string>();

    public async Task OnGetAsync(CancellationToken ct)
    {
        var values = new PartnerQueryValues(Q, Country, Type, PageNumber, null, Nuts, Biogeographical, Language, Theme, Sort, Subdivision);
        var (query, errors) = PartnerQueryParser.Parse(values);
        Invalid = errors.Keys.ToHashSet();
        if (query is null)
        {
            string? Keep(string field, string? value) => Invalid.Contains(field) ? null : value;
            query = PartnerQueryParser.Parse(new PartnerQueryValues(Keep("q", Q), Keep("country", Country), Keep("type", Type),
                Keep("page", PageNumber), null, Keep("nuts", Nuts), Keep("biogeographical", Biogeographical), Keep("language", Language),
                Keep("theme", Theme), Keep("sort", Sort), Keep("subdivision", Subdivision))).Query!;
        }
        Result = await directory.ListAsync(query, ct);
        Choices = await directory.ChoicesAsync(Infrastructure.Localization.LocalizationSetup.CurrentLanguage, query.Country, query.Nuts, ct, query.Subdivision);
    }

    /// <summary>This list's URL with another page number, keeping the filters.</summary>
    public string PageLink(int page)
    {
        var parameters = new Dictionary<string, string?>
        {
            ["q"] = Q, ["country"] = Country, ["type"] = Type, ["nuts"] = Nuts, ["subdivision"] = Subdivision, ["biogeographical"] = Biogeographical,
            ["language"] = Language, ["theme"] = Theme, ["sort"] = Sort, ["page"] = page.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }.Where(p => !string.IsNullOrEmpty(p.Value));
        return Request.Path + QueryString.Create(parameters);
    }
}
