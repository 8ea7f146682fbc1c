using LearningNetwork.Domain;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LearningNetwork.Features.Accounts;

/// <summary>/{lang}/account/forgot-password: a reset link by e-mail, to confirmed addresses only; the same answer for every address.</summary>
public sealed class ForgotPasswordModel(UserManager<UserAccount> users, AccountMail mail, AccountThrottle throttle) : PageModel
{
    [BindProperty] public EmailForm Form { get; set; } = new();

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid) return Page();
        if (throttle.Refuse(HttpContext, "forgot-password", Form.Email) is { } tooMany) return tooMany;
        var user = await users.FindByEmailAsync(Form.Email.Trim());
        if (user is { EmailConfirmed: true, Email: not null })
        {
            var code = AccountTokens.Encode(await users.GeneratePasswordResetTokenAsync(user));
            await mail.SendPasswordResetAsync(user.Email, mail.Link("account/reset-password",
                new Dictionary<string, string?> { ["email"] = user.Email, ["code"] = code }), ct);
        }
        return AccountMessage.Redirect("check-email");
    }
}
