using LearningNetwork.Features.Practices;
using LearningNetwork.Infrastructure.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace LearningNetwork.Features.About;

/// <summary>
/// /{lang}/about/edit: coordinators (network admins and moderators) write the About page's sections in the page's language
/// (Markdown; an empty section shows the shipped text). Each language is edited on its own page: /de/about/edit for German.
/// Anyone else gets 403, on both handlers.
/// </summary>
[Authorize]
public sealed class EditModel(AboutTexts texts, IStringLocalizer<SharedResource> text) : PageModel
{
    [BindProperty] public Dictionary<string, string> Texts { get; set; } = [];
    public Dictionary<string, string> Errors { get; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!PracticeEditor.IsModerator(User)) return Forbid();
        Texts = await texts.ForAsync(LocalizationSetup.CurrentLanguage, ct);
        foreach (var section in AboutTexts.Sections) Texts.TryAdd(section, Shipped(section));
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!PracticeEditor.IsModerator(User)) return Forbid();
        foreach (var section in AboutTexts.Sections)
            if (Texts.GetValueOrDefault(section) is { Length: > AboutTexts.MaxText }) Errors[section] = text["Validation.TooLong", AboutTexts.MaxText];
        if (Errors.Count > 0)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        // The shipped text sent back unchanged is not stored: it keeps following the shipped translations.
        var own = AboutTexts.Sections.ToDictionary(s => s, s => Texts.GetValueOrDefault(s)?.Trim() is { } t && t != Shipped(s) ? t : "");
        await texts.SaveAsync(LocalizationSetup.CurrentLanguage, own, PracticeEditor.UserId(User), ct);
        return LocalRedirect($"/{LocalizationSetup.CurrentLanguage}/about");
    }

    /// <summary>The shipped text of a section in the page's language, as the page shows it when no one has written one.</summary>
    public string Shipped(string section) => section switch
    {
        "who" => text["About.Founded"] + "\n\n" + text["About.Runs"],
        "steer" => text["About.Steer"].Value,
        "join" => text["Home.Join.Text"].Value,
        "admission" => text["About.Admission"].Value,
        "funders" => "",
        "contact" => text["About.Contact"].Value,
        _ => "",
    };
}
