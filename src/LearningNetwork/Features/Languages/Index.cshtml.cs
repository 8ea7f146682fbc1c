using LearningNetwork.Infrastructure.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LearningNetwork.Features.Languages;

/// <summary>
/// /{lang}/languages?page=/partners?country=FR: every interface language, each linking to the same page in it. With 31
/// languages a list on every page would weigh on every page and crowd small ones, so pages link here instead (and keep
/// their alternates in the head for search engines). <c>page</c> is a path of this site, never another host.
/// </summary>
public sealed class IndexModel(SupportedLanguages languages) : PageModel
{
    [FromQuery(Name = "page")] public string? From { get; set; }

    public IReadOnlyList<UiLanguage> All => languages.All;

    /// <summary>The page to show in another language, without its language prefix: "partners?country=FR".</summary>
    public string Rest { get; private set; } = "";

    public void OnGet()
    {
        var page = From ?? "";
        // only a local path: "/x", not "//host" or "/\host", no scheme, no control characters
        if (!page.StartsWith('/') || page.StartsWith("//", StringComparison.Ordinal) || page.StartsWith("/\\", StringComparison.Ordinal)
            || page.Any(char.IsControl) || page.Length > 2000) page = "/";
        var segments = page.TrimStart('/').Split('/', 2);
        Rest = languages.IsSupported(segments[0].Split('?')[0]) && !segments[0].Split('?')[0].Any(char.IsUpper)
            ? (segments.Length > 1 ? segments[1] : segments[0].Contains('?', StringComparison.Ordinal) ? segments[0][segments[0].IndexOf('?', StringComparison.Ordinal)..] : "")
            : page.TrimStart('/');
    }
}
