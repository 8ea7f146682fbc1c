using LearningNetwork.Domain;
using LearningNetwork.Infrastructure.Localization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LearningNetwork.Features.Accounts;

/// <summary>/{lang}/account/demo: the demo panel's page and its POST (sign in as a demo persona, then My network). A 404
/// wherever <see cref="DemoPanel"/> is not available: outside Development, or without the demo network.</summary>
public sealed class DemoModel(DemoPanel panel, SignInManager<UserAccount> signIn) : PageModel
{
    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await panel.AvailableAsync(ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(string? persona, CancellationToken ct)
    {
        if (!await panel.AvailableAsync(ct)) return NotFound();
        var user = await panel.AccountAsync(persona, ct);
        if (user is null) return BadRequest();
        await signIn.SignInAsync(user, isPersistent: false);
        return LocalRedirect($"/{LocalizationSetup.CurrentLanguage}/me");
    }
}
