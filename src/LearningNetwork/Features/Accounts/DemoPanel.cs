using LearningNetwork.Data;
using LearningNetwork.Domain;
using LearningNetwork.Infrastructure.DemoNetwork;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LearningNetwork.Features.Accounts;

/// <summary>
/// The demo panel: on the demo network in Development only (<c>Seed:Demo</c> on and demo partners present), a newcomer signs
/// in as a member, an organisation admin, a moderator or a network admin of the demo without the command line. Each is one
/// invented account (<c>demo-{role}@demo.invalid</c>, no password: no one signs in to it any other way), made on first use,
/// the first two belonging to the first demo partner. Anywhere else the panel is not drawn and its page is a 404.
/// </summary>
public sealed class DemoPanel(IWebHostEnvironment environment, IOptions<SeedOptions> seed, LearningNetworkDb db, UserManager<UserAccount> users,
    RoleManager<IdentityRole> roles, TimeProvider clock)
{
    public static readonly string[] Personas = ["member", "organisation-admin", "moderator", "network-admin"];

    public async Task<bool> AvailableAsync(CancellationToken ct) =>
        environment.IsDevelopment() && seed.Value.Demo && await db.Partners.AnyAsync(p => p.IsDemo, ct);

    /// <summary>The demo account of a persona, made (with its role and membership) when it does not exist yet; null for an unknown persona.</summary>
    public async Task<UserAccount?> AccountAsync(string? persona, CancellationToken ct)
    {
        if (persona is null || !Personas.Contains(persona)) return null;
        var email = $"demo-{persona}@demo.invalid";
        var user = await users.FindByEmailAsync(email);
        if (user is null)
        {
            user = new UserAccount { UserName = email, Email = email, EmailConfirmed = true, DisplayName = $"Demo {persona}", CreatedAt = clock.GetUtcNow().UtcDateTime };
            var created = await users.CreateAsync(user);
            if (!created.Succeeded)
            {
                user = await users.FindByEmailAsync(email); // made at the same moment by another request
                if (user is null) return null;
            }
        }
        var role = persona switch
        {
            "network-admin" => Roles.NetworkAdmin,
            "moderator" => Roles.Moderator,
            "organisation-admin" => Roles.OrganisationAdmin,
            _ => Roles.Member,
        };
        if (!await roles.RoleExistsAsync(role)) await roles.CreateAsync(new IdentityRole(role));
        if (!await users.IsInRoleAsync(user, role)) await users.AddToRoleAsync(user, role);
        if (persona is "member" or "organisation-admin" && !await db.PartnerMembers.AnyAsync(m => m.UserId == user.Id, ct))
        {
            var partner = await db.Partners.Where(p => p.IsDemo).OrderBy(p => p.Id).Select(p => p.Id).FirstAsync(ct);
            db.PartnerMembers.Add(new PartnerMember
            {
                PartnerId = partner, UserId = user.Id, Since = clock.GetUtcNow().UtcDateTime,
                Role = persona == "member" ? OrganisationRole.Member : OrganisationRole.OrganisationAdmin,
            });
            await db.SaveChangesAsync(ct);
        }
        return user;
    }
}

/// <summary>Draws the demo panel on the sign-in page where <see cref="DemoPanel"/> is available; nothing elsewhere.</summary>
public sealed class DemoPanelViewComponent(DemoPanel panel) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync() =>
        await panel.AvailableAsync(HttpContext.RequestAborted) ? View("~/Features/Accounts/_DemoPanel.cshtml") : Content("");
}
