using System.Security.Claims;
using LearningNetwork.Domain;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace LearningNetwork.Features.Accounts;

/// <summary>
/// Two-factor sign-in for coordinators (<see cref="AccountsOptions.RequireTwoFactorForCoordinators"/>): the session of
/// a network admin or moderator without two-factor sign-in carries no coordinator role, only a claim that setting it
/// up is due. So every check of those roles (page attributes, handlers, the API by cookie) refuses them, and a refusal
/// sends them to /{lang}/account/two-factor?required=true. Turning it on refreshes the session with the roles; the
/// security stamp check (every minute) applies the rule to sessions already open.
/// </summary>
public sealed class AccountClaimsFactory(UserManager<UserAccount> users, RoleManager<IdentityRole> roles, IOptions<IdentityOptions> identity,
    IOptions<AccountsOptions> accounts) : UserClaimsPrincipalFactory<UserAccount, IdentityRole>(users, roles, identity)
{
    public const string TwoFactorDue = "ln:two-factor-due";

    public static readonly IReadOnlyList<string> CoordinatorRoles = [Roles.NetworkAdmin, Roles.Moderator];

    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(UserAccount user)
    {
        var id = await base.GenerateClaimsAsync(user);
        if (!accounts.Value.RequireTwoFactorForCoordinators || await UserManager.GetTwoFactorEnabledAsync(user)) return id;
        var held = id.FindAll(c => c.Type == id.RoleClaimType && CoordinatorRoles.Contains(c.Value)).ToList();
        foreach (var claim in held) id.RemoveClaim(claim);
        if (held.Count > 0) id.AddClaim(new Claim(TwoFactorDue, "true"));
        return id;
    }

    /// <summary>Whether a person who just signed in must first set up two-factor sign-in.</summary>
    public static async Task<bool> SetupDueAsync(UserManager<UserAccount> users, AccountsOptions options, UserAccount user) =>
        options.RequireTwoFactorForCoordinators && !await users.GetTwoFactorEnabledAsync(user)
        && (await users.GetRolesAsync(user)).Any(r => CoordinatorRoles.Contains(r));

    public static string SetupPath => $"/{Infrastructure.Localization.LocalizationSetup.CurrentLanguage}/account/two-factor?required=true";
}
