using LearningNetwork.Domain;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace LearningNetwork.Features.Accounts;

/// <summary>/{lang}/account/reset-password: the link from the reset e-mail; an expired or used link says so.</summary>
public sealed class ResetPasswordModel(UserManager<UserAccount> users, IStringLocalizer<SharedResource> text) : PageModel
{
    [BindProperty] public ResetPasswordForm Form { get; set; } = new();

    public void OnGet(string? email, string? code)
    {
        Form.Email = email ?? "";
        Form.Code = code ?? "";
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid) return Page();
        var user = await users.FindByEmailAsync(Form.Email);
        var token = AccountTokens.Decode(Form.Code);
        if (user is null || token is null) return AccountMessage.Redirect("invalid-link");
        var result = await users.ResetPasswordAsync(user, token, Form.Password);
        if (result.Succeeded)
        {
            // Owning the mailbox proves it is the person: a lockout from wrong guesses ends here.
            await users.ResetAccessFailedCountAsync(user);
            await users.SetLockoutEndDateAsync(user, null);
            return AccountMessage.Redirect("password-reset");
        }
        if (result.Errors.Any(e => e.Code == "InvalidToken")) return AccountMessage.Redirect("invalid-link");
        AccountTokens.AddErrors(ModelState, result.Errors, text, nameof(Form));
        return Page();
    }
}
