using LearningNetwork.Domain;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LearningNetwork.Features.Partners;

/// <summary>/{lang}/partners: the partner directory, filterable and shareable by URL.</summary>
public sealed class IndexModel(PartnerDirectory directory) : PageModel
{
    [FromQuery(Name = "q")] public string? Q { get; set; }
    [FromQuery(Name = "country")] public string? Country { get; set; }
    [FromQuery(Name = "type")] public string? Type { get; set; }
    [FromQuery(Name = "page")] public string? PageNumber { get; set; }

    public PartnerPage Result { get; private set; } = new(0, 1, PartnerDirectory.DefaultPageSize, []);
    public IReadOnlyList<Country> Countries { get; private set; } = [];
    /// <summary>The filters that were not understood, by field; the list then ignores them.</summary>
    public IReadOnlySet<string> Invalid { get; private set; } = new HashSet<string>();

    public async Task OnGetAsync(CancellationToken ct)
    {
        var (query, errors) = PartnerQueryParser.Parse(Q, Country, Type, PageNumber, null);
        Invalid = errors.Keys.ToHashSet();
        query ??= PartnerQueryParser.Parse(Invalid.Contains("q") ? null : Q, Invalid.Contains("country") ? null : Country,
            Invalid.Contains("type") ? null : Type, Invalid.Contains("page") ? null : PageNumber, null).Query!;
        Result = await directory.ListAsync(query, ct);
        Countries = await directory.CountriesAsync(ct);
    }

    /// <summary>This list's URL with another page number, keeping the filters.</summary>
    public string PageLink(int page)
    {
        var parameters = new Dictionary<string, string?> { ["q"] = Q, ["country"] = Country, ["type"] = Type, ["page"] = page.ToString(System.Globalization.CultureInfo.InvariantCulture) }
            .Where(p => !string.IsNullOrEmpty(p.Value));
        return Request.Path + QueryString.Create(parameters);
    }
}
