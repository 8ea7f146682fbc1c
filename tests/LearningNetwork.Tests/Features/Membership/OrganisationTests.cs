using System.Net;
using LearningNetwork.Data;
using LearningNetwork.Domain;
using LearningNetwork.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LearningNetwork.Tests.Features.Membership;

public sealed class OrganisationTests
{
    public static TheoryData<string> Providers => Infrastructure.Providers.All;

    private static async Task<(int Partner, int Other)> MakeAdminAsync(TestApp app, string email)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<LearningNetworkDb>();
        var user = await db.Users.SingleAsync(u => u.Email == email);
        var ids = await db.Partners.OrderBy(p => p.Id).Select(p => p.Id).Take(2).ToListAsync();
        // The person is the organisation's only member (the demo network gives each partner an admin of its own).
        db.PartnerMembers.RemoveRange(await db.PartnerMembers.Where(m => m.PartnerId == ids[0]).ToListAsync());
        db.PartnerMembers.Add(new PartnerMember { PartnerId = ids[0], UserId = user.Id, Role = OrganisationRole.OrganisationAdmin });
        await db.SaveChangesAsync();
        return (ids[0], ids[1]);
    }

    private static async Task<string> UserIdAsync(TestApp app, string email)
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<LearningNetworkDb>().Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task An_organisation_admin_invites_a_colleague_who_joins_by_the_emailed_link(string provider)
    {
        using var app = new TestApp(provider, Mailbox.Settings());
        var (admin, adminEmail) = await TestPeople.RegisteredAsync(app);
        var (colleague, colleagueEmail) = await TestPeople.RegisteredAsync(app);
        var (stranger, _) = await TestPeople.RegisteredAsync(app);
        var (partner, other) = await MakeAdminAsync(app, adminEmail);
        var page = $"/en/organisation/{partner}";

        var invited = await admin.SubmitAsync(page, new Dictionary<string, string> { ["InviteEmail"] = colleagueEmail, ["InviteRole"] = "member" }, page + "?handler=Invite");
        Assert.Equal($"/en/organisation/{partner}?done=invited", invited.Headers.Location?.OriginalString);
        var link = Forms.PathAndQuery(Mailbox.LinkIn(await Mailbox.LatestToAsync(app, colleagueEmail, atLeast: 2)));
        Assert.StartsWith("/en/organisation/join?token=", link, StringComparison.Ordinal);

        Assert.Contains("sent to another e-mail address", await stranger.GetStringAsync(link), StringComparison.Ordinal);
        Assert.Contains("Accept the invitation", await colleague.GetStringAsync(link), StringComparison.Ordinal);
        var joined = await colleague.SubmitAsync(link, new Dictionary<string, string> { ["Token"] = link.Split("token=")[1] }, link);
        Assert.Equal(page, joined.Headers.Location?.OriginalString);
        Assert.Contains(colleagueEmail, await colleague.GetStringAsync(page), StringComparison.Ordinal);
        Assert.Contains("already been accepted", await colleague.GetStringAsync(link), StringComparison.Ordinal);
        Assert.Contains("does not work", await colleague.GetStringAsync("/en/organisation/join?token=forged"), StringComparison.Ordinal);

        // A member is not an admin, and nobody manages another organisation: 403, not a hidden button.
        var colleagueId = await UserIdAsync(app, colleagueEmail);
        var adminId = await UserIdAsync(app, adminEmail);
        var promote = await colleague.SubmitAsync(page, new Dictionary<string, string> { ["userId"] = colleagueId, ["role"] = "admin" }, page + "?handler=Role");
        Assert.Equal(HttpStatusCode.Forbidden, promote.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await stranger.GetAsync(page)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await admin.GetAsync($"/en/organisation/{other}")).StatusCode);

        // The last admin cannot leave the organisation without one.
        var demoteSelf = await admin.SubmitAsync(page, new Dictionary<string, string> { ["userId"] = adminId, ["role"] = "member" }, page + "?handler=Role");
        Assert.Contains("needs at least one administrator", await demoteSelf.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var promoted = await admin.SubmitAsync(page, new Dictionary<string, string> { ["userId"] = colleagueId, ["role"] = "admin" }, page + "?handler=Role");
        Assert.Equal($"/en/organisation/{partner}?done=changed", promoted.Headers.Location?.OriginalString);
        var stepDown = await admin.SubmitAsync(page, new Dictionary<string, string> { ["userId"] = adminId, ["role"] = "member" }, page + "?handler=Role");
        Assert.Equal(HttpStatusCode.Redirect, stepDown.StatusCode);

        using var scope = app.Services.CreateScope();
        var actions = await scope.ServiceProvider.GetRequiredService<LearningNetworkDb>().AuditEntries
            .Where(a => a.Subject == $"partner/{partner}").OrderBy(a => a.Id).Select(a => a.Action).ToListAsync();
        Assert.Equal(["organisation.invited", "organisation.joined", "organisation.role-changed", "organisation.role-changed"], actions);
    }

    [Fact]
    public async Task A_bad_invitation_address_is_refused_with_a_message()
    {
        using var app = new TestApp(Infrastructure.Providers.Sqlite, Mailbox.Settings());
        var (admin, adminEmail) = await TestPeople.RegisteredAsync(app);
        var (partner, _) = await MakeAdminAsync(app, adminEmail);
        var page = $"/fr/organisation/{partner}";
        var response = await admin.SubmitAsync(page, new Dictionary<string, string> { ["InviteEmail"] = "pas une adresse", ["InviteRole"] = "member" }, page + "?handler=Invite");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Saisissez une adresse électronique", WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()), StringComparison.Ordinal);
    }
}

public sealed class EditOrganisationTests
{
    [Fact]
    public async Task Only_the_organisations_admins_edit_it_a_stale_edit_is_a_conflict_and_bad_values_are_named()
    {
        using var app = new TestApp(Infrastructure.Providers.Sqlite, Mailbox.Settings());
        var (admin, adminEmail) = await TestPeople.RegisteredAsync(app);
        var (member, memberEmail) = await TestPeople.RegisteredAsync(app);
        int partner, other;
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<LearningNetworkDb>();
            var ids = await db.Partners.Where(p => p.CountryCode == "NL").OrderBy(p => p.Id).Select(p => p.Id).Take(2).ToListAsync();
            (partner, other) = (ids[0], ids[1]);
            db.PartnerMembers.Add(new PartnerMember { PartnerId = partner, UserId = await db.Users.Where(u => u.Email == adminEmail).Select(u => u.Id).SingleAsync(), Role = OrganisationRole.OrganisationAdmin });
            db.PartnerMembers.Add(new PartnerMember { PartnerId = partner, UserId = await db.Users.Where(u => u.Email == memberEmail).Select(u => u.Id).SingleAsync(), Role = OrganisationRole.Member });
            await db.SaveChangesAsync();
        }
        var edit = $"/en/organisation/{partner}/edit";
        Assert.Equal(HttpStatusCode.Forbidden, (await member.GetAsync(edit)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await admin.GetAsync($"/en/organisation/{other}/edit")).StatusCode);
        var forged = await member.SubmitAsync($"/en/partners", new Dictionary<string, string> { ["Form.Name"] = "Taken over" }, edit);
        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);

        var html = WebUtility.HtmlDecode(await admin.GetStringAsync(edit));
        string Value(string name) => System.Text.RegularExpressions.Regex.Match(html, $"name=\"{name}\"[^>]*value=\"([^\"]*)\"").Groups[1].Value;
        var fields = new Dictionary<string, string>
        {
            ["Version"] = Value("Version"), ["Form.Name"] = Value("Form.Name") + " (updated)", ["Form.Type"] = "region", ["Form.Country"] = "NL",
            ["Form.Nuts"] = Value("Form.Nuts"), ["Form.Languages"] = "nl", ["Form.Description"] = "Updated description of our work.",
        };
        var bad = new Dictionary<string, string>(fields) { ["Form.Nuts"] = "DE21" };
        Assert.Contains("This NUTS region is not in the country you chose.",
            await (await admin.SubmitAsync(edit, bad)).Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var saved = await admin.SubmitAsync(edit, fields);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var page = WebUtility.HtmlDecode(await app.Client().GetStringAsync(saved.Headers.Location!.OriginalString));
        Assert.Contains("Updated description of our work.", page, StringComparison.Ordinal);

        // The same, older version again: a conflict, nothing overwritten, the typed text kept.
        var stale = new Dictionary<string, string>(fields) { ["Form.Description"] = "My stale edit." };
        var conflict = WebUtility.HtmlDecode(await (await admin.SubmitAsync(edit, stale)).Content.ReadAsStringAsync());
        Assert.Contains("Someone else saved this profile after you opened it.", conflict, StringComparison.Ordinal);
        Assert.Contains("My stale edit.", conflict, StringComparison.Ordinal);
        Assert.Contains("Updated description of our work.", WebUtility.HtmlDecode(await app.Client().GetStringAsync(saved.Headers.Location!.OriginalString)), StringComparison.Ordinal);
    }
}
