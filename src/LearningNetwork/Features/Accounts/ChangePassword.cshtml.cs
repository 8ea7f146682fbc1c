using System.ComponentModel.DataAnnotations;
using LearningNetwork.Domain;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace LearningNetwork.Features.Accounts;

public sealed class ChangePasswordForm : NewPasswordForm
{
    [Required(ErrorMessage = "Validation.Required"), StringLength(200, ErrorMessage = "Validation.TooLongField")]
    [DataType(DataType.Password), Display(Name = "Account.CurrentPassword")]
    public string CurrentPassword { get; set; } = "";
}

/// <summary>/{lang}/account/password: a signed-in person changes their password; other sessions' cookies stop
/// working because the security stamp changes.</summary>
[Authorize]
public sealed class ChangePasswordModel(UserManager<UserAccount> users, SignInManager<UserAccount> signIn, IStringLocalizer<SharedResource> text) : PageModel
{
    [BindProperty] public ChangePasswordForm Form { get; set; } = new();

    /// <summary>Set when every page sends the person here because their password must be changed first (<see cref="PasswordChangeDue"/>).</summary>
    public bool Required => User.HasClaim(c => c.Type == PasswordChangeDue.ClaimType);

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid) return Page();
        var user = await users.GetUserAsync(User);
        if (user is null) return Challenge();
        var result = await users.ChangePasswordAsync(user, Form.CurrentPassword, Form.Password);
        if (!result.Succeeded)
        {
            if (result.Errors.Any(e => e.Code == "PasswordMismatch"))
                ModelState.AddModelError("Form.CurrentPassword", text["Account.WrongCurrentPassword"]);
            else
                AccountTokens.AddErrors(ModelState, result.Errors, text, nameof(Form));
            return Page();
        }
        await PasswordChangeDue.ClearAsync(users, user); // a one-time password is one no longer
        await signIn.RefreshSignInAsync(user);
        return AccountMessage.Redirect("password-changed");
    }
}
