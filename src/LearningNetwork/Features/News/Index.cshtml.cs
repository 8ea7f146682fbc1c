using System.Globalization;
using LearningNetwork.Infrastructure.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LearningNetwork.Features.News;

/// <summary>/{lang}/news: published news, newest first, 20 a page, with the way to publish for those who may.</summary>
public sealed class IndexModel(NewsCatalogue catalogue, NewsEditor editor) : PageModel
{
    public const int PageSize = 20;
    [FromQuery(Name = "page")] public string? PageNumber { get; set; }
    public NewsPage News { get; private set; } = new(0, []);
    public int Current { get; private set; } = 1;
    public int PageCount => Math.Max(1, (News.Total + PageSize - 1) / PageSize);
    public bool CanWrite { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Current = int.TryParse(PageNumber, NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p is > 0 and < 10_000 ? p : 1;
        News = await catalogue.ListAsync(LocalizationSetup.CurrentLanguage, Current, PageSize, ct);
        if (User.Identity?.IsAuthenticated == true) CanWrite = (await editor.WritableAsync(User, ct)) is var (partners, network) && (network || partners.Count > 0);
    }
}
