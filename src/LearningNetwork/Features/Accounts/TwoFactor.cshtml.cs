using System.Text;
using LearningNetwork.Domain;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace LearningNetwork.Features.Accounts;

/// <summary>
/// /{lang}/account/two-factor: optional TOTP two-factor sign-in (RFC 6238, any authenticator app). The key is
/// shown as text and as an otpauth:// address (no image, no script, no third party); enabling needs a valid code
/// from the app, and gives ten one-time recovery codes, shown once. Turning it off needs the current password or a
/// code from the app (a wrong password counts towards the lockout), so a session left open cannot remove it.
/// <c>?required=true</c> says why a coordinator was sent here (<see cref="AccountClaimsFactory"/>).
/// </summary>
[Authorize]
public sealed class TwoFactorModel(UserManager<UserAccount> users, SignInManager<UserAccount> signIn, IUserStore<UserAccount> keyStore,
    IStringLocalizer<SharedResource> text) : PageModel
{
    public bool Enabled { get; private set; }
    public string Key { get; private set; } = "";
    public string AuthenticatorUri { get; private set; } = "";
    public IReadOnlyList<string> RecoveryCodes { get; private set; } = [];
    public string? Error { get; private set; }

    [BindProperty] public string? Code { get; set; }
    [BindProperty] public string? Password { get; set; }
    [BindProperty(SupportsGet = true)] public bool Required { get; set; }
    public string? DisableError { get; private set; }

    public async Task<IActionResult> OnGetAsync() => await LoadAsync() is null ? Challenge() : Page();

    public async Task<IActionResult> OnPostEnableAsync()
    {
        var user = await LoadAsync();
        if (user is null) return Challenge();
        // The key the page showed becomes the account's (unsaved until enabling succeeds: a wrong code writes nothing).
        if (string.IsNullOrEmpty(await users.GetAuthenticatorKeyAsync(user)) && users.SupportsUserAuthenticatorKey)
            await ((IUserAuthenticatorKeyStore<UserAccount>)keyStore).SetAuthenticatorKeyAsync(user, PendingKey(user), HttpContext.RequestAborted);
        var code = (Code ?? "").Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        if (code.Length != 6 || !code.All(char.IsAsciiDigit) ||
            !await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, code))
        {
            Error = text["TwoFactor.WrongCode"];
            return Page();
        }
        await users.SetTwoFactorEnabledAsync(user, true); // saves the key stored above with the account
        RecoveryCodes = (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 10) ?? []).ToList();
        await signIn.RefreshSignInAsync(user);
        Enabled = true;
        return Page();
    }

    public async Task<IActionResult> OnPostDisableAsync()
    {
        var user = await LoadAsync();
        if (user is null) return Challenge();
        if (!Enabled) return LocalRedirect($"/{Infrastructure.Localization.LocalizationSetup.CurrentLanguage}/account/two-factor");
        var code = (Code ?? "").Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        var proven = code.Length == 6 && code.All(char.IsAsciiDigit)
            ? await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, code)
            : !string.IsNullOrEmpty(Password) && Password.Length <= 200 && (await signIn.CheckPasswordSignInAsync(user, Password, lockoutOnFailure: true)).Succeeded;
        if (!proven)
        {
            DisableError = text["TwoFactor.DisableNeedsProof"];
            return Page();
        }
        await users.SetTwoFactorEnabledAsync(user, false);
        await users.ResetAuthenticatorKeyAsync(user);
        await signIn.RefreshSignInAsync(user);
        return LocalRedirect($"/{Infrastructure.Localization.LocalizationSetup.CurrentLanguage}/account/two-factor");
    }

    private async Task<UserAccount?> LoadAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null) return null;
        Enabled = await users.GetTwoFactorEnabledAsync(user);
        if (!Enabled)
        {
            // A GET changes nothing: resetting the key here changed the security stamp, which signed the person out on
            // their other devices each time they merely looked at this page. Until enabling stores it, the key shown is
            // derived from the account's security stamp, so every look shows the same key.
            var key = await users.GetAuthenticatorKeyAsync(user);
            if (string.IsNullOrEmpty(key)) key = PendingKey(user);
            Key = Group(key);
            AuthenticatorUri = $"otpauth://totp/{Uri.EscapeDataString("Learning Network")}:{Uri.EscapeDataString(user.Email ?? "")}?secret={key}&issuer={Uri.EscapeDataString("Learning Network")}&digits=6";
        }
        return user;
    }

    /// <summary>
    /// The authenticator key offered before two-factor sign-in is on: 160 bits (as Identity's own keys) of an HMAC of the
    /// account id under its security stamp, in base32. Stable while the stamp is, secret as the stamp is (never shown).
    /// </summary>
    internal static string PendingKey(UserAccount user)
    {
        var mac = System.Security.Cryptography.HMACSHA256.HashData(Encoding.UTF8.GetBytes("ln:authenticator-key|" + (user.SecurityStamp ?? "")),
            Encoding.UTF8.GetBytes(user.Id));
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var key = new StringBuilder();
        for (var bit = 0; bit + 5 <= 160; bit += 5)
        {
            var value = 0;
            for (var i = 0; i < 5; i++) value = (value << 1) | ((mac[(bit + i) / 8] >> (7 - (bit + i) % 8)) & 1);
            key.Append(alphabet[value]);
        }
        return key.ToString();
    }

    private static string Group(string key)
    {
        var grouped = new StringBuilder();
        for (var i = 0; i < key.Length; i += 4) grouped.Append(key.AsSpan(i, Math.Min(4, key.Length - i))).Append(' ');
        return grouped.ToString().TrimEnd().ToLowerInvariant();
    }
}
