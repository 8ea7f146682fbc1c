using LearningNetwork.Domain;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace LearningNetwork.Features.Accounts;

/// <summary>/{lang}/account/register: a person creates an account and receives a confirmation link by e-mail.</summary>
public sealed class RegisterModel(UserManager<UserAccount> users, AccountMail mail, TimeProvider clock, IStringLocalizer<SharedResource> text,
    Privacy.ConsentLog consents) : PageModel
{
    [BindProperty] public RegisterForm Form { get; set; } = new();

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid) return Page();
        var user = new UserAccount
        {
            UserName = Form.Email.Trim(), Email = Form.Email.Trim(), DisplayName = Form.DisplayName.Trim(), CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        var created = await users.CreateAsync(user, Form.Password);
        if (!created.Succeeded)
        {
            AccountTokens.AddErrors(ModelState, created.Errors, text, nameof(Form));
            return Page();
        }
        // Registering is agreeing to the privacy notice as shown: its text and the time are kept (GDPR art. 7(1)).
        await consents.RecordAsync(user.Id, "registration", ct);
        var code = AccountTokens.Encode(await users.GenerateEmailConfirmationTokenAsync(user));
        await mail.SendConfirmationAsync(user.Email, AccountMail.Link(Request, "account/confirm-email",
            new Dictionary<string, string?> { ["userId"] = user.Id, ["code"] = code }), ct);
        return AccountMessage.Redirect("check-email");
    }
}
