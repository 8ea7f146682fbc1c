using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LearningNetwork.Features.News.Newsletters;

/// <summary>
/// /{lang}/newsletters/unsubscribe?token=: the newsletter's unsubscribe link, without sign-in, like the digest's. GET shows a
/// button and changes nothing (mail scanners open links); POST stops the newsletter — from the button or from the mail
/// program's one-click unsubscribe (RFC 8058), which carries no antiforgery token: the signed token authorises it. A token that
/// does not read is a 400.
/// </summary>
[IgnoreAntiforgeryToken]
public sealed class UnsubscribeModel(NewsletterTokens tokens, NewsletterBook book) : PageModel
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
