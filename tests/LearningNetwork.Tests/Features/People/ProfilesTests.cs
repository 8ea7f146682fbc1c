using System.Net;
using System.Security.Claims;
using LearningNetwork.Data;
using LearningNetwork.Domain;
using LearningNetwork.Features.People;
using LearningNetwork.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LearningNetwork.Tests.Features.People;

public sealed class ProfilesTests
{
    public static TheoryData<string> Providers => Infrastructure.Providers.All;

    private static PersonProfile Profile(Visibility name, Visibility title, Visibility organisation) => new()
    {
        UserId = "u1", Name = "N", JobTitle = "T", PartnerId = 1, NameVisibility = name, JobTitleVisibility = title, OrganisationVisibility = organisation,
        Languages = "pl", LanguagesVisibility = Visibility.Hidden, Expertise = "6081", ExpertiseVisibility = Visibility.Public,
    };

    [Fact]
    public void Each_field_is_shown_only_to_whom_its_owner_allows()
    {
        var p = Profile(Visibility.Public, Visibility.Members, Visibility.Public);
        var anonymous = VisibleProfile.For(p, new ProfileViewer(null, false))!;
        Assert.Null(anonymous.JobTitle);
        Assert.Empty(anonymous.Languages);
        Assert.Equal([6081], anonymous.Expertise);
        var member = VisibleProfile.For(p, new ProfileViewer("u2", true))!;
        Assert.Equal("T", member.JobTitle);
        Assert.Empty(member.Languages);
        var self = VisibleProfile.For(p, new ProfileViewer("u1", false))!;
        Assert.Equal(["pl"], self.Languages);
        Assert.Null(VisibleProfile.For(Profile(Visibility.Members, Visibility.Public, Visibility.Public), new ProfileViewer(null, false)));
        Assert.Null(VisibleProfile.For(Profile(Visibility.Public, Visibility.Public, Visibility.Hidden), new ProfileViewer("u2", true))!.PartnerId);
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Partner_pages_list_demo_people_as_their_visibility_allows(string provider)
    {
        var app = Infrastructure.Providers.SharedApp(provider);
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<LearningNetworkDb>();
        Assert.True(await db.PersonProfiles.CountAsync() >= 52);
        var partnerId = await db.PersonProfiles.GroupBy(p => p.PartnerId).Where(g => g.Count() == 3).Select(g => g.Key).FirstAsync();
        var people = await db.PersonProfiles.Where(p => p.PartnerId == partnerId).OrderBy(p => p.Id).ToListAsync();
        var slug = await db.Partners.Where(p => p.Id == partnerId).Select(p => p.Slug).SingleAsync();

        var html = WebUtility.HtmlDecode(await app.Client().GetStringAsync($"/en/partners/{slug}"));
        foreach (var person in people)
        {
            var shown = person.NameVisibility == Visibility.Public && person.OrganisationVisibility == Visibility.Public;
            Assert.True(shown == html.Contains($">{person.Name}<", StringComparison.Ordinal), $"{person.Name}: {person.NameVisibility}/{person.OrganisationVisibility}");
        }
        var admin = await TestPeople.WithRoleAsync(app, Roles.NetworkAdmin);
        var asMember = WebUtility.HtmlDecode(await admin.GetStringAsync($"/en/partners/{slug}"));
        Assert.All(people, person => Assert.Contains($">{person.Name}<", asMember, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_person_saves_their_profile_and_hiding_the_name_removes_them_from_their_partners_page()
    {
        using var app = new TestApp(Infrastructure.Providers.Sqlite, Mailbox.Settings());
        var (client, email) = await TestPeople.RegisteredAsync(app);
        string slug;
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<LearningNetworkDb>();
            var user = await db.Users.SingleAsync(u => u.Email == email);
            var partner = await db.Partners.OrderBy(p => p.Id).FirstAsync();
            slug = partner.Slug;
            db.PartnerMembers.Add(new PartnerMember { PartnerId = partner.Id, UserId = user.Id, Role = OrganisationRole.Member });
            await db.SaveChangesAsync();
        }
        var fields = new Dictionary<string, string>
        {
            ["Form.Name"] = "Ilse Vermeer", ["Form.JobTitle"] = "Peatland ecologist", ["Form.Languages"] = "nl", ["Form.Expertise"] = "peat; bog",
            ["Form.NameVisibility"] = "Public", ["Form.JobTitleVisibility"] = "Public", ["Form.OrganisationVisibility"] = "Public",
            ["Form.LanguagesVisibility"] = "Members", ["Form.ExpertiseVisibility"] = "Hidden",
        };
        var saved = await client.SubmitAsync("/en/account/profile", fields);
        Assert.Equal("/en/account/profile?saved=true", saved.Headers.Location?.OriginalString);

        var anonymous = WebUtility.HtmlDecode(await app.Client().GetStringAsync($"/en/partners/{slug}"));
        Assert.Contains(">Ilse Vermeer<", anonymous, StringComparison.Ordinal);
        Assert.Contains("Peatland ecologist", anonymous, StringComparison.Ordinal);

        var bad = new Dictionary<string, string>(fields) { ["Form.NameVisibility"] = "Everyone-and-their-dog", ["Form.Expertise"] = "moonbeams" };
        var refused = WebUtility.HtmlDecode(await (await client.SubmitAsync("/en/account/profile", bad)).Content.ReadAsStringAsync());
        // Expertise in one's own words is kept (a free keyword), never refused; the bad choice is.
        Assert.DoesNotContain("not GEMET terms", refused, StringComparison.Ordinal);
        Assert.Contains("value=\"moonbeams\"", refused, StringComparison.Ordinal);
        Assert.Contains("This choice is not in the list.", refused, StringComparison.Ordinal);

        fields["Form.NameVisibility"] = "Hidden";
        await client.SubmitAsync("/en/account/profile", fields);
        Assert.DoesNotContain("Ilse Vermeer", await app.Client().GetStringAsync($"/en/partners/{slug}"), StringComparison.Ordinal);
        Assert.Contains("Ilse Vermeer", await client.GetStringAsync("/en/account/profile"), StringComparison.Ordinal);
    }

    /// <summary>
    /// Issue 18: expertise in one's own words (what maps to no concept, kept as free keywords) shows on the partner page
    /// with the concepts, under the same visibility; the organisation's own words show with its themes.
    /// </summary>
    [Fact]
    public async Task A_persons_and_an_organisations_own_words_show_on_the_partner_page_as_visibility_allows()
    {
        using var app = new TestApp(Infrastructure.Providers.Sqlite, Mailbox.Settings());
        var (client, email) = await TestPeople.RegisteredAsync(app);
        string slug;
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<LearningNetworkDb>();
            var user = await db.Users.SingleAsync(u => u.Email == email);
            var partner = await db.Partners.OrderBy(p => p.Id).FirstAsync();
            partner.FreeKeywords = "prati da sfalcio; pascolo turnato";
            slug = partner.Slug;
            db.PartnerMembers.Add(new PartnerMember { PartnerId = partner.Id, UserId = user.Id, Role = OrganisationRole.Member });
            await db.SaveChangesAsync();
        }
        var fields = new Dictionary<string, string>
        {
            ["Form.Name"] = "Anna Nowak", ["Form.Languages"] = "pl", ["Form.Expertise"] = "torfowisko; łąki kośne pod lasem", ["Form.ExpertiseSeen"] = "torfowisko; łąki kośne pod lasem",
            ["Form.NameVisibility"] = "Public", ["Form.JobTitleVisibility"] = "Public", ["Form.OrganisationVisibility"] = "Public",
            ["Form.LanguagesVisibility"] = "Public", ["Form.ExpertiseVisibility"] = "Public",
        };
        Assert.Equal("/pl/account/profile?saved=true", (await client.SubmitAsync("/pl/account/profile", fields)).Headers.Location?.OriginalString);

        var page = WebUtility.HtmlDecode(await app.Client().GetStringAsync($"/pl/partners/{slug}"));
        Assert.Contains(">łąki kośne pod lasem<", page, StringComparison.Ordinal);
        Assert.Contains(">prati da sfalcio<", page, StringComparison.Ordinal);
        Assert.Contains(">pascolo turnato<", page, StringComparison.Ordinal);

        fields["Form.ExpertiseVisibility"] = "Members";
        await client.SubmitAsync("/pl/account/profile", fields);
        Assert.DoesNotContain("łąki kośne pod lasem", WebUtility.HtmlDecode(await app.Client().GetStringAsync($"/pl/partners/{slug}")), StringComparison.Ordinal);
        Assert.Contains(">łąki kośne pod lasem<", WebUtility.HtmlDecode(await client.GetStringAsync($"/pl/partners/{slug}")), StringComparison.Ordinal);
    }
}
