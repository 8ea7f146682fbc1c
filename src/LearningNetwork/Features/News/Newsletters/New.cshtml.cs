using System.Globalization;
using LearningNetwork.Data;
using LearningNetwork.Domain;
using LearningNetwork.Features.Partners;
using LearningNetwork.Infrastructure.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace LearningNetwork.Features.News.Newsletters;

/// <summary>
/// /{lang}/newsletters/new: coordinators compose a newsletter: a title and an introduction in a language, and a choice among
/// the latest news, new practices, upcoming events and open requests (checkboxes, in the order shown). Saved as a draft,
/// shown at /newsletters/{id}, sent from there. Anyone else gets 403, on both handlers.
/// </summary>
[Authorize]
public sealed class NewModel(LearningNetworkDb db, NewsletterComposer composer, TimeProvider clock, IStringLocalizer<SharedResource> text) : PageModel
{
    public const int MaxTitle = 250, MaxIntroduction = 8000;
    [BindProperty] public string? Title { get; set; }
    [BindProperty] public string? Language { get; set; }
    [BindProperty] public string? Introduction { get; set; }
    /// <summary>Chosen items as <c>kind:id</c>.</summary>
    [BindProperty] public List<string> Items { get; set; } = [];
    public IReadOnlyList<NewsletterItem> Candidates { get; private set; } = [];
    public IReadOnlyList<FilterChoice> Languages { get; private set; } = [];
    public Dictionary<string, string> Errors { get; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!NewsEditor.IsCoordinator(User)) return Forbid();
        await LoadAsync(ct);
        Language = LocalizationSetup.CurrentLanguage;
        Items = Candidates.Select(c => $"{c.Kind}:{c.Id.ToString(CultureInfo.InvariantCulture)}").ToList();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!NewsEditor.IsCoordinator(User)) return Forbid();
        await LoadAsync(ct);
        var title = (Title ?? "").Trim();
        var intro = (Introduction ?? "").Trim();
        var language = (Language ?? "").Trim();
        if (title.Length == 0) Errors["Title"] = text["Validation.Required"];
        else if (title.Length > MaxTitle) Errors["Title"] = text["Validation.TooLong", MaxTitle];
        if (intro.Length == 0) Errors["Introduction"] = text["Validation.Required"];
        else if (intro.Length > MaxIntroduction) Errors["Introduction"] = text["Validation.TooLong", MaxIntroduction];
        if (Languages.All(l => l.Value != language)) Errors["Language"] = text["Validation.UnknownChoice"];
        var chosen = new List<(string Kind, int Id)>();
        foreach (var item in Items.Where(i => !string.IsNullOrWhiteSpace(i)).Distinct().Take(200))
        {
            var parts = item.Split(':', 2);
            if (parts.Length == 2 && NewsletterComposer.Kinds.Contains(parts[0]) && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var id))
                chosen.Add((parts[0], id));
            else Errors["Items"] = text["Validation.UnknownChoice"];
        }
        var found = await composer.ItemsAsync(chosen, Language ?? "en", ct);
        if (found.Count != chosen.Count) Errors["Items"] = text["Validation.UnknownChoice"];
        else if (found.Count == 0) Errors["Items"] = text["Validation.Required"];
        if (Errors.Count > 0)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var issue = new NewsletterIssue
        {
            Title = title, Language = language, Introduction = intro, State = NewsletterState.Draft, CreatedAt = now, UpdatedAt = now,
            CreatedBy = Practices.PracticeEditor.UserId(User),
            Entries = found.Select((f, i) => new NewsletterEntry { Kind = f.Kind, ItemId = f.Id, Position = i }).ToList(),
        };
        db.NewsletterIssues.Add(issue);
        await db.SaveChangesAsync(ct);
        return LocalRedirect($"/{LocalizationSetup.CurrentLanguage}/newsletters/{issue.Id}");
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Candidates = await composer.CandidatesAsync(LocalizationSetup.CurrentLanguage, ct);
        Languages = LanguageNames.Choices(await db.Languages.AsNoTracking().Select(l => l.Code).ToListAsync(ct));
    }
}
