using LearningNetwork.Domain;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace LearningNetwork.Features.Accounts;

/// <summary>
/// /{lang}/account/register: a person creates an account and receives a confirmation link by e-mail. An address that
/// already has an account gets the same answer (the check-email page), so the page tells no one who is registered;
/// its owner is told by e-mail instead (or, not yet confirmed, gets a new confirmation link).
/// </summary>
public sealed class RegisterModel(UserManager<UserAccount> users, AccountMail mail, AccountThrottle throttle, TimeProvider clock,
    IStringLocalizer<SharedResource> text, Privacy.ConsentLog consents) : PageModel
{
    [BindProperty] public RegisterForm Form { get; set; } = new();

    /// <summary>The page to come back to once the address is confirmed (an invitation); a path of this site only.</summary>
    [BindProperty(SupportsGet = true, Name = "returnUrl")] public string? ReturnUrl { get => _returnUrl; set => _returnUrl = ReturnPath.Safe(value); }
    private string? _returnUrl;

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid) return Page();
        var email = Form.Email.Trim();
        if (throttle.Refuse(HttpContext, "register", email) is { } tooMany) return tooMany;
        var user = new UserAccount
        {
            UserName = email, Email = email, DisplayName = Form.DisplayName.Trim(), CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        var existing = await users.FindByEmailAsync(email);
        if (existing is null)
        {
            var created = await users.CreateAsync(user, Form.Password);
            if (created.Succeeded)
            {
                // Registering is agreeing to the privacy notice as shown: its text and the time are kept (GDPR art. 7(1)).
                await consents.RecordAsync(user.Id, "registration", ct);
                await SendConfirmationAsync(user, ct);
                return AccountMessage.Redirect("check-email");
            }
            if (!created.Errors.Any(e => e.Code is "DuplicateEmail" or "DuplicateUserName"))
            {
                AccountTokens.AddErrors(ModelState, created.Errors, text, nameof(Form));
                return Page();
            }
            existing = await users.FindByEmailAsync(email); // registered at the same moment by another request
        }
        else
        {
            // The same password checks and the same hashing work as for a new account, so neither the answer nor its time differs.
            var errors = new List<IdentityError>();
            foreach (var validator in users.PasswordValidators) errors.AddRange((await validator.ValidateAsync(users, user, Form.Password)).Errors);
            if (errors.Count > 0)
            {
                AccountTokens.AddErrors(ModelState, errors, text, nameof(Form));
                return Page();
            }
            _ = users.PasswordHasher.HashPassword(user, Form.Password);
        }
        if (existing is { Email: not null })
        {
            if (existing.EmailConfirmed) await mail.SendAlreadyRegisteredAsync(existing.Email, ct);
            else await SendConfirmationAsync(existing, ct);
        }
        return AccountMessage.Redirect("check-email");
    }

    private async Task SendConfirmationAsync(UserAccount user, CancellationToken ct)
    {
        var code = AccountTokens.Encode(await users.GenerateEmailConfirmationTokenAsync(user));
        var query = new Dictionary<string, string?> { ["userId"] = user.Id, ["code"] = code };
        if (ReturnUrl is not null) query["returnUrl"] = ReturnUrl;
        await mail.SendConfirmationAsync(user.Email!, mail.Link("account/confirm-email", query), ct);
    }
}
