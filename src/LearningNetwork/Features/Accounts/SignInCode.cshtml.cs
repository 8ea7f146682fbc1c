using LearningNetwork.Domain;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using SignInResult = Microsoft.AspNetCore.Identity.SignInResult;

namespace LearningNetwork.Features.Accounts;

/// <summary>/{lang}/account/sign-in-code: the second step for people with two-factor sign-in: a code from the
/// authenticator app, or one of the recovery codes. Failures count towards the lockout.</summary>
public sealed class SignInCodeModel(SignInManager<UserAccount> signIn, AccountThrottle throttle, IStringLocalizer<SharedResource> text) : PageModel
{
    [BindProperty] public string? Code { get; set; }
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync() =>
        await signIn.GetTwoFactorAuthenticationUserAsync() is null ? LocalRedirect($"/{Infrastructure.Localization.LocalizationSetup.CurrentLanguage}/account/sign-in") : Page();

    public async Task<IActionResult> OnPostAsync()
    {
        if (await signIn.GetTwoFactorAuthenticationUserAsync() is not { } user)
            return LocalRedirect($"/{Infrastructure.Localization.LocalizationSetup.CurrentLanguage}/account/sign-in");
        if (throttle.Refuse(HttpContext, "sign-in-code", user.Id) is { } tooMany) return tooMany;
        var code = (Code ?? "").Trim().Replace(" ", "", StringComparison.Ordinal);
        SignInResult result;
        if (code.Length == 6 && code.All(char.IsAsciiDigit)) result = await signIn.TwoFactorAuthenticatorSignInAsync(code, false, false);
        else if (code.Length is > 0 and <= 20) result = await signIn.TwoFactorRecoveryCodeSignInAsync(code);
        else result = SignInResult.Failed;
        if (result.Succeeded) return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : $"/{Infrastructure.Localization.LocalizationSetup.CurrentLanguage}/");
        Error = text[result.IsLockedOut ? "Account.LockedOut" : "TwoFactor.WrongCode"];
        return Page();
    }
}
