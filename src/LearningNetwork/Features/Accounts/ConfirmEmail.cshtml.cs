using LearningNetwork.Domain;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LearningNetwork.Features.Accounts;

/// <summary>/{lang}/account/confirm-email: the link from the confirmation e-mail. An expired, altered or
/// already used link says so and offers a new one.</summary>
public sealed class ConfirmEmailModel(UserManager<UserAccount> users) : PageModel
{
    public string Outcome { get; private set; } = "invalid";

    /// <summary>Where signing in leads afterwards (the invitation that brought the person here), a path of this site only.</summary>
    [BindProperty(SupportsGet = true, Name = "returnUrl")] public string? ReturnUrl { get => _returnUrl; set => _returnUrl = ReturnPath.Safe(value); }
    private string? _returnUrl;

    public async Task OnGetAsync(string? userId, string? code)
    {
        var token = AccountTokens.Decode(code);
        var user = string.IsNullOrEmpty(userId) || userId.Length > 64 ? null : await users.FindByIdAsync(userId);
        if (user is null || token is null) { Outcome = "invalid"; return; }
        if (user.EmailConfirmed) { Outcome = "already"; return; }
        Outcome = (await users.ConfirmEmailAsync(user, token)).Succeeded ? "confirmed" : "invalid";
    }
}
