using LearningNetwork.Data;
using LearningNetwork.Features.News;
using LearningNetwork.Features.Practices;
using LearningNetwork.Infrastructure.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace LearningNetwork.Features.Themes;

/// <summary>
/// /{lang}/themes/{id}: a theme (a GEMET concept) named in the reader's language, with its Follow button (a plain form) and
/// the newest practices and news about it; the search finds everything else tagged with it. An unknown concept is a 404.
/// </summary>
public sealed class DetailsModel(LearningNetworkDb db, ThemeNames themes, PracticeCatalogue practices, NewsCatalogue news) : PageModel
{
    public const int Max = 10;
    public int Id { get; private set; }
    public string Label { get; private set; } = "";
    public string? Definition { get; private set; }
    public PracticeListPage Practices { get; private set; } = new(0, 1, Max, []);
    public NewsPage News { get; private set; } = new(0, []);

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        if (!await db.GemetConcepts.AnyAsync(c => c.Id == id, ct)) return NotFound();
        var lang = LocalizationSetup.CurrentLanguage;
        Id = id;
        Label = (await themes.LabelsAsync([id], lang, ct))[id];
        Definition = await db.GemetDefinitions.AsNoTracking().Where(d => d.ConceptId == id && (d.Language == lang || d.Language == "en"))
            .OrderBy(d => d.Language == lang ? 0 : 1).Select(d => d.Text).FirstOrDefaultAsync(ct);
        Practices = await practices.ListAsync(new PracticeQuery { Theme = id, PageSize = Max }, lang, ct);
        News = await news.ListAsync(lang, 1, Max, ct, theme: id);
        return Page();
    }
}
