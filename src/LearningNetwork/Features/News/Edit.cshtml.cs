using System.Globalization;
using LearningNetwork.Data;
using LearningNetwork.Domain;
using LearningNetwork.Features.Themes;
using LearningNetwork.Infrastructure.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace LearningNetwork.Features.News;

/// <summary>
/// /{lang}/news/{slug}/edit?in=xx: the facts (date, themes) and the text in one language; choosing a language the item has no
/// text in yet adds that language version. Those who may edit (coordinators, members of its partner) only: 403 for others,
/// checked on both handlers. An edit made on an older version is a conflict, shown with the typed values kept.
/// </summary>
[Authorize]
public sealed class EditModel(LearningNetworkDb db, NewsEditor editor, ThemeNames themes, NewsCatalogue catalogue) : NewsFormPage(db, editor, themes)
{
    public override bool Creating => false;
    public NewsItem Item { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string slug, [FromQuery(Name = "in")] string? wanted, CancellationToken ct)
    {
        if (await LoadAsync(slug, ct) is { } refused) return refused;
        var language = string.IsNullOrEmpty(wanted) ? Item.OriginalLanguage : wanted;
        var t = Item.Texts.FirstOrDefault(x => x.Language == language);
        Form = new NewsForm
        {
            Language = language, Title = t?.Title, Summary = t?.Summary, Body = t?.Body,
            Themes = await ThemeTextAsync(Item.Themes.Select(x => x.ConceptId), ct, Item.FreeKeywords),
            Published = Item.PublishedAt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        };
        Version = Item.Version;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string slug, CancellationToken ct)
    {
        if (await LoadAsync(slug, ct) is { } refused) return refused;
        var (values, errors) = await Editor.ValidateAsync(Form, Item, User, LocalizationSetup.CurrentLanguage, ct);
        if (values is null)
        {
            Errors = errors;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        if (await Editor.UpdateAsync(Item.Id, Version, values, User, ct) == NewsSaveOutcome.Conflict)
        {
            IsConflict = true;
            Version = Item.Version;
            Response.StatusCode = StatusCodes.Status409Conflict;
            return Page();
        }
        return LocalRedirect($"/{LocalizationSetup.CurrentLanguage}/news/{Item.Slug}?in={values.Language}&done=saved");
    }

    private async Task<IActionResult?> LoadAsync(string slug, CancellationToken ct)
    {
        var item = await catalogue.FindAsync(slug, ct);
        if (item is null) return NotFound();
        if (!await Editor.CanEditAsync(User, item, ct)) return Forbid();
        Item = item;
        await LoadChoicesAsync(ct);
        return null;
    }
}
