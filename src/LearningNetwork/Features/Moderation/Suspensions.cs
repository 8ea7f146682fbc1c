using System.Security.Claims;
using LearningNetwork.Data;
using LearningNetwork.Domain;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LearningNetwork.Features.Moderation;

/// <summary>
/// Suspending an account: <see cref="UserAccount.SuspendedAt"/> is set and the security stamp changes. A suspended person
/// cannot sign in (<see cref="ModerationSignInManager"/> counts them as locked out, which a password reset does not lift,
/// and the page says no more than for any lockout), and their open sessions end on their next request
/// (<see cref="SuspendedSessions"/>). Lifting clears the flag. Both are audited (<c>account.suspended</c>,
/// <c>account.suspension-lifted</c>, subject <c>user/{id}</c>).
/// </summary>
public sealed class Suspensions(LearningNetworkDb db, UserManager<UserAccount> users, TimeProvider clock)
{
    public async Task<bool> SuspendAsync(string userId, string moderatorId, string because, CancellationToken ct)
    {
        var user = await users.FindByIdAsync(userId);
        if (user is null || user.SuspendedAt is not null) return false;
        var now = clock.GetUtcNow().UtcDateTime;
        user.SuspendedAt = now;
        await users.UpdateSecurityStampAsync(user); // saves the flag too
        db.AuditEntries.Add(new AuditEntry { At = now, UserId = moderatorId, Action = "account.suspended", Subject = $"user/{userId}", Details = because });
        await db.SaveChangesAsync(ct);
        return true;
    }

    public async Task<bool> LiftAsync(string userId, string moderatorId, CancellationToken ct)
    {
        var user = await users.FindByIdAsync(userId);
        if (user is null || user.SuspendedAt is null) return false;
        user.SuspendedAt = null;
        await users.UpdateAsync(user);
        db.AuditEntries.Add(new AuditEntry { At = clock.GetUtcNow().UtcDateTime, UserId = moderatorId, Action = "account.suspension-lifted", Subject = $"user/{userId}" });
        await db.SaveChangesAsync(ct);
        return true;
    }
}

/// <summary>Identity's sign-in with suspension: a suspended account is locked out, whatever its lockout end says, and
/// its security stamp no longer validates.</summary>
public sealed class ModerationSignInManager(UserManager<UserAccount> userManager, IHttpContextAccessor contextAccessor,
    IUserClaimsPrincipalFactory<UserAccount> claimsFactory, IOptions<IdentityOptions> optionsAccessor, ILogger<SignInManager<UserAccount>> logger,
    Microsoft.AspNetCore.Authentication.IAuthenticationSchemeProvider schemes, IUserConfirmation<UserAccount> confirmation)
    : SignInManager<UserAccount>(userManager, contextAccessor, claimsFactory, optionsAccessor, logger, schemes, confirmation)
{
    protected override async Task<bool> IsLockedOut(UserAccount user) => user.SuspendedAt is not null || await base.IsLockedOut(user);

    public override async Task<UserAccount?> ValidateSecurityStampAsync(ClaimsPrincipal? principal)
    {
        var user = await base.ValidateSecurityStampAsync(principal);
        return user?.SuspendedAt is null ? user : null;
    }
}

/// <summary>
/// Ends a suspended person's sessions on their next request rather than at the next security-stamp check (up to a minute
/// later), and so do those of an erased account: after Identity's own validation, one look-up by primary key per signed-in request.
/// </summary>
internal static class SuspendedSessions
{
    public static void Configure(CookieAuthenticationOptions o)
    {
        var inner = o.Events.OnValidatePrincipal;
        o.Events.OnValidatePrincipal = async context =>
        {
            await inner(context);
            var id = context.Principal?.FindFirstValue(ClaimTypes.NameIdentifier);
            if (id is null) return;
            var db = context.HttpContext.RequestServices.GetRequiredService<LearningNetworkDb>();
            // An erased account ends its sessions the same way.
            if (!await db.Users.AsNoTracking().AnyAsync(u => u.Id == id && u.SuspendedAt == null, context.HttpContext.RequestAborted))
            {
                context.RejectPrincipal();
                await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
            }
        };
    }
}
