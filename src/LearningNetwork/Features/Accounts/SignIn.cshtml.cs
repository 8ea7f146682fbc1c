using LearningNetwork.Domain;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace LearningNetwork.Features.Accounts;

/// <summary>/{lang}/account/sign-in. Failures count towards the lockout; the message never says whether the
/// address has an account. A coordinator without two-factor sign-in (when it is required) is sent to set it up.</summary>
public sealed class SignInModel(SignInManager<UserAccount> signIn, AccountThrottle throttle, IOptions<AccountsOptions> options,
    IStringLocalizer<SharedResource> text) : PageModel
{
    [BindProperty] public SignInForm Form { get; set; } = new();
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid) return Page();
        if (throttle.Refuse(HttpContext, "sign-in", Form.Email) is { } tooMany) return tooMany;
        var result = await signIn.PasswordSignInAsync(Form.Email.Trim(), Form.Password, isPersistent: false, lockoutOnFailure: true);
        if (result.RequiresTwoFactor)
            return LocalRedirect($"/{Infrastructure.Localization.LocalizationSetup.CurrentLanguage}/account/sign-in-code{QueryString.Create("returnUrl", Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "")}");
        if (result.Succeeded && await signIn.UserManager.FindByEmailAsync(Form.Email.Trim()) is { } user
            && await AccountClaimsFactory.SetupDueAsync(signIn.UserManager, options.Value, user))
            return LocalRedirect(AccountClaimsFactory.SetupPath);
        if (result.Succeeded) return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : $"/{Infrastructure.Localization.LocalizationSetup.CurrentLanguage}/");
        ModelState.AddModelError("", text[result.IsLockedOut ? "Account.LockedOut" : result.IsNotAllowed ? "Account.NotConfirmed" : "Account.WrongCredentials"]);
        return Page();
    }
}
