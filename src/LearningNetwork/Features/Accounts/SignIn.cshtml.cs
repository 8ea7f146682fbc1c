using LearningNetwork.Domain;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace LearningNetwork.Features.Accounts;

/// <summary>/{lang}/account/sign-in. Failures count towards the lockout; the message never says whether the
/// address has an account.</summary>
public sealed class SignInModel(SignInManager<UserAccount> signIn, IStringLocalizer<SharedResource> text) : PageModel
{
    [BindProperty] public SignInForm Form { get; set; } = new();
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid) return Page();
        var result = await signIn.PasswordSignInAsync(Form.Email.Trim(), Form.Password, isPersistent: false, lockoutOnFailure: true);
        if (result.RequiresTwoFactor)
            return LocalRedirect($"/{Infrastructure.Localization.LocalizationSetup.CurrentLanguage}/account/sign-in-code{QueryString.Create("returnUrl", Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "")}");
        if (result.Succeeded) return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : $"/{Infrastructure.Localization.LocalizationSetup.CurrentLanguage}/");
        ModelState.AddModelError("", text[result.IsLockedOut ? "Account.LockedOut" : result.IsNotAllowed ? "Account.NotConfirmed" : "Account.WrongCredentials"]);
        return Page();
    }
}
