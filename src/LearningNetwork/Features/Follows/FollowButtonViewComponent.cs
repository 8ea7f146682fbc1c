using LearningNetwork.Domain;
using LearningNetwork.Features.Practices;
using Microsoft.AspNetCore.Mvc;

namespace LearningNetwork.Features.Follows;

/// <summary>
/// The Follow button of a theme, target, place, partner, habitat, kind of request or search, for their pages:
/// <c>@await Component.InvokeAsync("FollowButton", new { kind = FollowKind.Target, key = "kmgbf:2", label })</c>. A plain
/// form (no script) posting to /{lang}/me/follows and leading back; for someone who follows it already, "Following" with a
/// button to stop. Draws nothing for anonymous visitors.
/// </summary>
public sealed class FollowButtonViewComponent(FollowBook book) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(FollowKind kind, string key, string label)
    {
        var userId = User.Identity?.IsAuthenticated == true ? PracticeEditor.UserId(UserClaimsPrincipal) : null;
        if (userId is null) return Content("");
        var stored = kind == FollowKind.Search ? FollowKeys.NormaliseSearch(key) : key;
        if (stored is null) return Content("");
        var id = await book.FindAsync(userId, kind, stored, HttpContext.RequestAborted);
        var back = HttpContext.Request.Path + HttpContext.Request.QueryString;
        return View("~/Features/Follows/_FollowButton.cshtml", new FollowButtonModel(kind, stored, label, id, back));
    }
}

public sealed record FollowButtonModel(FollowKind Kind, string Key, string Label, int? FollowId, string ReturnUrl);
