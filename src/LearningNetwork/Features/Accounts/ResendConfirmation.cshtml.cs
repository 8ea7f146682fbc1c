using LearningNetwork.Domain;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LearningNetwork.Features.Accounts;

/// <summary>/{lang}/account/resend-confirmation: a new confirmation link. The answer is the same whether or not
/// the address has an account, so the page tells no one who is registered.</summary>
public sealed class ResendConfirmationModel(UserManager<UserAccount> users, AccountMail mail, AccountThrottle throttle) : PageModel
{
    [BindProperty] public EmailForm Form { get; set; } = new();

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid) return Page();
        if (throttle.Refuse(HttpContext, "resend-confirmation", Form.Email) is { } tooMany) return tooMany;
        var user = await users.FindByEmailAsync(Form.Email.Trim());
        if (user is { EmailConfirmed: false, Email: not null })
        {
            var code = AccountTokens.Encode(await users.GenerateEmailConfirmationTokenAsync(user));
            await mail.SendConfirmationAsync(user.Email, mail.Link("account/confirm-email",
                new Dictionary<string, string?> { ["userId"] = user.Id, ["code"] = code }), ct);
        }
        return AccountMessage.Redirect("check-email");
    }
}
