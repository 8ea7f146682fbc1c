using LearningNetwork.Domain;
using LearningNetwork.Features.Themes;
using LearningNetwork.Infrastructure.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LearningNetwork.Features.News;

/// <summary>
/// /{lang}/news/{slug}: one news item in the reader's language when it has a version in it (else the original, said so;
/// <c>?in=xx</c> reads another version), its publisher, date and themes, and links to its other language versions. An item
/// dated in the future is a 404 for everyone but those who may edit it.
/// </summary>
public sealed class DetailsModel(NewsCatalogue catalogue, NewsEditor editor, ThemeNames themes) : PageModel
{
    public NewsItem Item { get; private set; } = null!;
    public NewsText Text { get; private set; } = null!;
    public bool CanEdit { get; private set; }
    public IReadOnlyDictionary<int, string> ThemeLabels { get; private set; } = new Dictionary<int, string>();
    public bool Done { get; private set; }

    public async Task<IActionResult> OnGetAsync(string slug, [FromQuery(Name = "in")] string? wanted, string? done, CancellationToken ct)
    {
        var item = await catalogue.FindAsync(slug, ct);
        if (item is null) return NotFound();
        CanEdit = await editor.CanEditAsync(User, item, ct);
        if (!catalogue.IsPublished(item) && !CanEdit) return NotFound();
        Item = item;
        Text = NewsCatalogue.TextFor(item, wanted, LocalizationSetup.CurrentLanguage);
        ThemeLabels = await themes.LabelsAsync(item.Themes.Select(t => t.ConceptId), LocalizationSetup.CurrentLanguage, ct);
        Done = done is "saved";
        return Page();
    }
}
