using LearningNetwork.Data;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LearningNetwork.Features.Errors;

/// <summary>
/// The page for every error status, in the reader's language: reached by re-execution (unknown path, failed
/// request) with any method. It shows nothing of the failure itself: no message, no stack, no path.
/// </summary>
[IgnoreAntiforgeryToken]
public sealed class StatusModel : PageModel
{
    public int Code { get; private set; }

    public void OnGet(int code) => Show(code);
    public void OnPost(int code) => Show(code);

    private void Show(int code)
    {
        var error = HttpContext.Features.Get<IExceptionHandlerFeature>()?.Error;
        Code = error is not null && DataSetup.IsUnreachable(error) ? 503 : code is >= 400 and <= 599 ? code : 404;
        Response.StatusCode = Code;
        if (Code == 503) Response.Headers.RetryAfter = "30";
    }

    public string Kind => Code switch
    {
        404 or 410 => "NotFound",
        400 or 413 or 414 or 431 => "BadRequest",
        401 or 403 => "Forbidden",
        429 => "TooMany",
        503 => "Unavailable",
        >= 500 => "ServerError",
        _ => "BadRequest",
    };
}
