using LearningNetwork.Domain;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LearningNetwork.Features.Accounts;

/// <summary>POST /{lang}/account/sign-out (a form with an antiforgery token, never a link).</summary>
public sealed class SignOutModel(SignInManager<UserAccount> signIn) : PageModel
{
    public IActionResult OnGet() => LocalRedirect($"/{Infrastructure.Localization.LocalizationSetup.CurrentLanguage}/");

    public async Task<IActionResult> OnPostAsync()
    {
        await signIn.SignOutAsync();
        return AccountMessage.Redirect("signed-out");
    }
}
