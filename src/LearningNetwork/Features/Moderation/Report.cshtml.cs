using LearningNetwork.Domain;
using LearningNetwork.Features.Practices;
using LearningNetwork.Infrastructure.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LearningNetwork.Features.Moderation;

/// <summary>
/// /{lang}/report?type=&amp;key=: any signed-in person reports content they can read (a reason and a text). Content they
/// cannot read, or that does not exist, is a 404 alike. The moderators are e-mailed.
/// </summary>
[Authorize]
public sealed class ReportModel(ReportedContent contents, ModerationDesk desk, Infrastructure.SiteLinks links) : PageModel
{
    [FromQuery(Name = "type")] public string? Type { get; set; }
    [FromQuery(Name = "key")] public string? Key { get; set; }
    [BindProperty] public string? Reason { get; set; }
    [BindProperty] public string? Text { get; set; }
    public ContentInfo Item { get; private set; } = null!;
    public Dictionary<string, string> Errors { get; private set; } = [];
    public bool Sent { get; private set; }
    public static IReadOnlyList<ReportReason> Reasons { get; } = Enum.GetValues<ReportReason>();

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var content = await contents.FindAsync(Type, Key, User, PracticeEditor.IsModerator(User), ct);
        if (content is null) return NotFound();
        Item = content;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var content = await contents.FindAsync(Type, Key, User, PracticeEditor.IsModerator(User), ct);
        if (content is null) return NotFound();
        Item = content;
        var link = links.To(LocalizationSetup.CurrentLanguage, "admin/reports"); // from Site:PublicUrl, never the Host header
        (Errors, _) = await desk.ReportAsync(content, PracticeEditor.UserId(User), Reason, Text, link, ct);
        if (Errors.Count > 0)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        Sent = true;
        Reason = Text = null;
        return Page();
    }
}
