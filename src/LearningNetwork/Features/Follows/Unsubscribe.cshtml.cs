using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LearningNetwork.Features.Follows;

/// <summary>
/// /{lang}/follows/unsubscribe?token=: the digest's unsubscribe link, without sign-in. GET shows a button and changes
/// nothing (mail scanners open links); POST turns the person's digest off — from the button, or from the mail program's
/// one-click unsubscribe (RFC 8058: a POST of <c>List-Unsubscribe=One-Click</c> to the List-Unsubscribe address, which
/// carries no antiforgery token). The signed token is what authorises it: it names one person and only the app's keys
/// make one, so the antiforgery check is not needed here and is off. A token that does not read is a 400.
/// </summary>
[IgnoreAntiforgeryToken]
public sealed class UnsubscribeModel(UnsubscribeTokens tokens, FollowBook book) : PageModel
{
    [FromQuery(Name = "token")] public string? Token { get; set; }
    public bool Valid { get; private set; }
    public bool Done { get; private set; }

    public IActionResult OnGet()
    {
        Valid = tokens.Read(Token) is not null;
        if (!Valid) Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var userId = tokens.Read(Token);
        Valid = userId is not null;
        if (userId is null)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        await book.UnsubscribeAsync(userId, ct);
        Done = true;
        return Page();
    }
}
