using System.Globalization;
using LearningNetwork.Domain;
using LearningNetwork.Features.Practices;
using LearningNetwork.Infrastructure.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LearningNetwork.Features.Follows;

/// <summary>
/// /{lang}/me/follows: what the signed-in person follows (remove any), and how often their digest comes (daily, weekly,
/// off). The Follow buttons of other pages post to <see cref="OnPostFollowAsync"/> here and lead back. Everything is the
/// session's own person's: a follow id of someone else is a 404.
/// </summary>
[Authorize]
public sealed class IndexModel(FollowBook book, FollowKeys keys) : PageModel
{
    public sealed record Line(int Id, FollowKind Kind, string Label, string? Link);

    public IReadOnlyList<Line> Follows { get; private set; } = [];
    public DigestFrequency Frequency { get; private set; } = DigestFrequency.Weekly;
    public string? Done { get; private set; }

    public async Task OnGetAsync(string? done, CancellationToken ct)
    {
        var userId = PracticeEditor.UserId(User)!;
        var lang = LocalizationSetup.CurrentLanguage;
        Done = done is "followed" or "removed" or "saved" or "unknown" ? done : null;
        var follows = await book.ListAsync(userId, ct);
        var labels = await keys.LabelsAsync(follows, lang, ct);
        Follows = follows.OrderBy(f => f.Kind).ThenBy(f => labels[f.Id], StringComparer.CurrentCulture)
            .Select(f => new Line(f.Id, f.Kind, labels[f.Id], LinkOf(lang, f))).ToList();
        Frequency = (await book.SettingsAsync(userId, ct))?.Frequency ?? DigestFrequency.Weekly;
    }

    /// <summary>Where the followed thing is seen on the site.</summary>
    private static string? LinkOf(string lang, Follow f) => f.Kind switch
    {
        FollowKind.Theme => $"/{lang}/search?theme={Uri.EscapeDataString(f.Key)}",
        FollowKind.Target => f.Key.Split(':', 2) is [var framework, var code] ? $"/{lang}/targets/{Uri.EscapeDataString(framework)}/{Uri.EscapeDataString(code)}" : null,
        FollowKind.Region => f.Key.Length == 2 ? $"/{lang}/search?country={f.Key}" : $"/{lang}/search?nuts={Uri.EscapeDataString(f.Key)}",
        FollowKind.Habitat => $"/{lang}/search?habitat={Uri.EscapeDataString(f.Key)}",
        FollowKind.RequestKind => $"/{lang}/marketplace?show=requests&kind={Uri.EscapeDataString(f.Key)}",
        FollowKind.Search => $"/{lang}/search?{f.Key}",
        _ => null, // a partner is linked by its slug, which the label query does not read: its name is enough here
    };

    public async Task<IActionResult> OnPostFollowAsync([FromForm] string? kind, [FromForm] string? key, [FromForm] string? returnUrl, CancellationToken ct)
    {
        if (!Enum.TryParse<FollowKind>(kind, ignoreCase: true, out var k) || !Enum.IsDefined(k) || int.TryParse(kind, out _)) return BadRequest();
        var outcome = await book.FollowAsync(PracticeEditor.UserId(User)!, k, key, LocalizationSetup.CurrentLanguage, ct);
        if (outcome == FollowBook.Outcome.Unknown) return BadRequest();
        if (outcome == FollowBook.Outcome.TooMany) return LocalRedirect($"/{LocalizationSetup.CurrentLanguage}/me/follows?done=too-many");
        return !string.IsNullOrEmpty(returnUrl) && Url.IsLocalUrl(returnUrl) && returnUrl.StartsWith('/')
            ? LocalRedirect(returnUrl) : LocalRedirect($"/{LocalizationSetup.CurrentLanguage}/me/follows?done=followed");
    }

    public async Task<IActionResult> OnPostRemoveAsync([FromForm] string? id, [FromForm] string? returnUrl, CancellationToken ct)
    {
        if (!int.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var followId)) return BadRequest();
        if (!await book.RemoveAsync(PracticeEditor.UserId(User)!, followId, ct)) return NotFound();
        return !string.IsNullOrEmpty(returnUrl) && Url.IsLocalUrl(returnUrl) && returnUrl.StartsWith('/')
            ? LocalRedirect(returnUrl) : LocalRedirect($"/{LocalizationSetup.CurrentLanguage}/me/follows?done=removed");
    }

    public async Task<IActionResult> OnPostFrequencyAsync([FromForm] string? frequency, CancellationToken ct)
    {
        if (!Enum.TryParse<DigestFrequency>(frequency, ignoreCase: true, out var f) || !Enum.IsDefined(f) || int.TryParse(frequency, out _)) return BadRequest();
        await book.SetFrequencyAsync(PracticeEditor.UserId(User)!, f, LocalizationSetup.CurrentLanguage, ct);
        return LocalRedirect($"/{LocalizationSetup.CurrentLanguage}/me/follows?done=saved");
    }
}
