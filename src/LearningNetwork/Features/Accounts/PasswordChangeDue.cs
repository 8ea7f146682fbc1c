using System.Security.Claims;
using LearningNetwork.Domain;
using LearningNetwork.Infrastructure.Localization;
using Microsoft.AspNetCore.Identity;

namespace LearningNetwork.Features.Accounts;

/// <summary>
/// A password someone else has seen (the one-time password the <c>create-admin</c> verb prints) must be changed at the
/// first sign-in. The flag is a claim of the account (<see cref="ClaimType"/>, stored with Identity's user claims, so the
/// session carries it); while a session carries it, every page answers with a redirect to /{lang}/account/password,
/// except that page and signing out. Changing the password removes the claim and refreshes the session. The JSON API is
/// not a page and is left alone: it answers by its own rules (keys and scopes).
/// </summary>
public static class PasswordChangeDue
{
    public const string ClaimType = "ln:password-change-due";

    public static Task FlagAsync(UserManager<UserAccount> users, UserAccount user) => users.AddClaimAsync(user, new Claim(ClaimType, "true"));

    public static async Task ClearAsync(UserManager<UserAccount> users, UserAccount user)
    {
        foreach (var claim in (await users.GetClaimsAsync(user)).Where(c => c.Type == ClaimType).ToList())
            await users.RemoveClaimAsync(user, claim);
    }

    public static void UsePasswordChangeDue(this WebApplication app) => app.Use(async (HttpContext context, RequestDelegate next) =>
    {
        if (context.User.HasClaim(c => c.Type == ClaimType) && IsPageElsewhere(context.Request.Path))
        {
            var first = (context.Request.Path.Value ?? "/").Trim('/').Split('/')[0];
            var language = context.RequestServices.GetRequiredService<SupportedLanguages>().IsSupported(first) ? first : LocalizationSetup.CurrentLanguage;
            context.Response.Redirect($"/{language}/account/password");
            return;
        }
        await next(context);
    });

    private static bool IsPageElsewhere(PathString path)
    {
        var segments = (path.Value ?? "/").Trim('/').Split('/');
        if (segments.Length >= 1 && segments[0] is "api" or "css" or "js" or "lib" or "files" or "health" or "openapi" or "favicon.svg") return false;
        var rest = string.Join('/', segments.Skip(1));
        return rest is not ("account/password" or "account/sign-out") && !rest.StartsWith("errors/", StringComparison.Ordinal);
    }
}
