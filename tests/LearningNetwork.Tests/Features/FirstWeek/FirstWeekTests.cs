using System.Net;
using LearningNetwork.Data;
using LearningNetwork.Domain;
using LearningNetwork.Features.Accounts;
using LearningNetwork.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LearningNetwork.Tests.Features.FirstWeek;

/// <summary>Issue "A newcomer's first week": no dead ends, themes in one's own words.</summary>
public sealed class FirstWeekTests
{
    public static TheoryData<string> Providers => Infrastructure.Providers.All;

    private static Dictionary<string, string> Gmina(string name, string themes) => new()
    {
        ["Form.Name"] = name, ["Form.Type"] = "municipality", ["Form.Country"] = "PL", ["Form.Nuts"] = "PL214", ["Form.Lau"] = "",
        ["Form.Latitude"] = "50,06", ["Form.Longitude"] = "19,94", ["Form.Languages"] = "pl", ["Form.Biogeographical"] = "CON",
        ["Form.Themes"] = themes, ["Form.Website"] = "", ["Form.Description"] = "Gmina, która chroni łąki i torfowiska razem z rolnikami.",
    };

    private static async Task<(HttpClient Client, string Email)> WithRoleAsync(TestApp app, string role)
    {
        using var scope = app.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<UserAccount>>();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        if (!await roles.RoleExistsAsync(role)) await roles.CreateAsync(new IdentityRole(role));
        var email = $"{role.ToLowerInvariant()}-{Guid.NewGuid():N}@example.org";
        var user = new UserAccount { UserName = email, Email = email, EmailConfirmed = true };
        Assert.True((await users.CreateAsync(user, TestPeople.Password)).Succeeded);
        await users.AddToRoleAsync(user, role);
        var client = app.Client();
        await client.SubmitAsync("/en/account/sign-in", new Dictionary<string, string> { ["Form.Email"] = email, ["Form.Password"] = TestPeople.Password });
        return (client, email);
    }

    [Theory, MemberData(nameof(Infrastructure.Providers.NotData), MemberType = typeof(Infrastructure.Providers))]
    public async Task Themes_in_ones_own_words_map_to_GEMET_through_the_thesaurus_and_the_rest_is_kept_as_free_keywords(string provider)
    {
        // The membership form refused these as "not GEMET terms", with no suggestion.
        using var app = new TestApp(provider, Mailbox.Settings());
        var (polish, _) = await TestPeople.RegisteredAsync(app);
        var polishName = "Gmina Torfowa " + Guid.NewGuid().ToString("N")[..6];
        var sent = await polish.SubmitAsync("/pl/membership/apply", Gmina(polishName, "torfowisko; mokradła; zielona infrastruktura; łąki kośne pod lasem"));
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);

        var (italian, _) = await TestPeople.RegisteredAsync(app);
        var italianName = "Comune di Prati " + Guid.NewGuid().ToString("N")[..6];
        var form = Gmina(italianName, "falciatura; pascolo");
        (form["Form.Country"], form["Form.Nuts"], form["Form.Languages"], form["Form.Description"]) = ("IT", "ITH10", "it", "Un comune di montagna che sfalcia i prati con gli agricoltori.");
        (form["Form.Latitude"], form["Form.Longitude"], form["Form.Biogeographical"]) = ("46,50", "11,35", "ALP");
        Assert.Equal(HttpStatusCode.Redirect, (await italian.SubmitAsync("/it/membership/apply", form)).StatusCode);

        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<LearningNetworkDb>();
        var pl = await db.MembershipApplications.SingleAsync(a => a.Name == polishName);
        var concepts = pl.Themes.Split('|', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("6081", concepts);   // torfowisko: the network's "peatland", nearest GEMET "peat"
        Assert.Contains("3770", concepts);   // zielona infrastruktura: the network's term, nearest GEMET "green infrastructure"
        Assert.Equal(concepts.Length, concepts.Distinct().Count());
        Assert.Contains("łąki kośne pod lasem", pl.FreeKeywords ?? "", StringComparison.Ordinal); // kept as written, not refused
        var it = await db.MembershipApplications.SingleAsync(a => a.Name == italianName);
        foreach (var word in new[] { "falciatura", "pascolo" })
            Assert.True(it.Themes.Length > 0 && !(it.FreeKeywords ?? "").Contains(word, StringComparison.Ordinal) || (it.FreeKeywords ?? "").Contains(word, StringComparison.Ordinal), word);

        // Sent back for changes, the form shows both: the concepts in the reader's language and the free words.
        var (admin, _) = await WithRoleAsync(app, Roles.NetworkAdmin);
        var review = $"/en/membership/review/{pl.Id}";
        var page = await admin.GetStringAsync(review);
        var version = System.Text.RegularExpressions.Regex.Match(page, "name=\"Version\" value=\"([^\"]+)\"").Groups[1].Value;
        await admin.SubmitAsync(review, new Dictionary<string, string> { ["Decision"] = "changes", ["Note"] = "Proszę podać kod LAU.", ["Version"] = version });
        var again = WebUtility.HtmlDecode(await polish.GetStringAsync("/pl/membership/apply"));
        Assert.Contains("łąki kośne pod lasem", again, StringComparison.Ordinal);
        Assert.Contains("data-typeahead=\"concepts\"", again, StringComparison.Ordinal);
        Assert.Contains("/js/concepts.js", again, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_one_time_password_of_create_admin_must_be_changed_before_any_other_page()
    {
        using var app = new TestApp(Infrastructure.Providers.Sqlite, Mailbox.Settings());
        var email = $"admin-{Guid.NewGuid():N}@example.org";
        const string oneTime = "one time password printed 1";
        using (var scope = app.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<UserAccount>>();
            var user = new UserAccount { UserName = email, Email = email, EmailConfirmed = true };
            Assert.True((await users.CreateAsync(user, oneTime)).Succeeded);
            await PasswordChangeDue.FlagAsync(users, user); // what the create-admin verb does after printing it
        }
        var client = app.Client();
        await client.SubmitAsync("/en/account/sign-in", new Dictionary<string, string> { ["Form.Email"] = email, ["Form.Password"] = oneTime });
        foreach (var path in new[] { "/en/", "/de/marketplace", "/en/membership/apply", "/en/account/two-factor" })
        {
            var answer = await client.GetAsync(path);
            Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
            Assert.EndsWith("/account/password", answer.Headers.Location?.OriginalString, StringComparison.Ordinal);
        }
        Assert.Contains("given to you by someone else", WebUtility.HtmlDecode(await client.GetStringAsync("/en/account/password")), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/partners")).StatusCode); // the API is not a page

        await client.ReplaceOneTimePasswordAsync(oneTime);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/en/marketplace")).StatusCode);
        Assert.DoesNotContain("given to you by someone else", WebUtility.HtmlDecode(await client.GetStringAsync("/en/account/password")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_header_offers_what_fits_the_role_and_coordinators_are_emailed_when_an_application_waits()
    {
        using var app = new TestApp(Infrastructure.Providers.Sqlite, Mailbox.Settings());
        var (admin, adminEmail) = await WithRoleAsync(app, Roles.NetworkAdmin);
        var (moderator, _) = await WithRoleAsync(app, Roles.Moderator);
        var (applicant, _) = await TestPeople.RegisteredAsync(app);

        // The header's text, without its markup.
        string Banner(string html) => System.Text.RegularExpressions.Regex.Replace(html[..html.IndexOf("<main", StringComparison.Ordinal)], "<[^>]+>", " ").Replace("  ", " ", StringComparison.Ordinal);
        var plain = WebUtility.HtmlDecode(Banner(await applicant.GetStringAsync("/en/")));
        Assert.Contains("Apply for membership", plain, StringComparison.Ordinal);
        Assert.DoesNotContain("Review applications", plain, StringComparison.Ordinal);
        static int Waiting(string header) => int.Parse(System.Text.RegularExpressions.Regex.Match(header, @"Review applications \((\d+)\)").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        var before = Waiting(WebUtility.HtmlDecode(Banner(await admin.GetStringAsync("/en/"))));

        var name = "Gmina Kolejkowa " + Guid.NewGuid().ToString("N")[..6];
        Assert.Equal(HttpStatusCode.Redirect, (await applicant.SubmitAsync("/pl/membership/apply", Gmina(name, "torfowisko"))).StatusCode);
        var header = WebUtility.HtmlDecode(Banner(await admin.GetStringAsync("/en/")));
        Assert.Equal(before + 1, Waiting(header));
        Assert.Contains("Practices to validate (", header, StringComparison.Ordinal);
        Assert.DoesNotContain("Apply for membership", header, StringComparison.Ordinal);
        var moderatorHeader = WebUtility.HtmlDecode(Banner(await moderator.GetStringAsync("/en/")));
        Assert.Contains("Reports (", moderatorHeader, StringComparison.Ordinal);
        Assert.DoesNotContain("Review applications", moderatorHeader, StringComparison.Ordinal);

        // The network admin is told at once, with the link to the application.
        var mail = await Mailbox.LatestToAsync(app, adminEmail);
        Assert.Contains(name, mail.Subject, StringComparison.Ordinal);
        Assert.Contains("/membership/review/", mail.TextBody, StringComparison.Ordinal);

        // Admitted, the new organisation admin has their organisation in the header and is no longer asked to apply.
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<LearningNetworkDb>();
            var id = await db.MembershipApplications.Where(a => a.Name == name).Select(a => a.Id).SingleAsync();
            var review = $"/en/membership/review/{id}";
            var version = System.Text.RegularExpressions.Regex.Match(await admin.GetStringAsync(review), "name=\"Version\" value=\"([^\"]+)\"").Groups[1].Value;
            Assert.Equal(HttpStatusCode.Redirect, (await admin.SubmitAsync(review, new Dictionary<string, string> { ["Decision"] = "accept", ["Note"] = "", ["Version"] = version })).StatusCode);
        }
        var member = WebUtility.HtmlDecode(await applicant.GetStringAsync("/en/membership/apply"));
        Assert.DoesNotContain("Apply for membership", Banner(member), StringComparison.Ordinal);
        Assert.Contains("My organisation", Banner(member), StringComparison.Ordinal);
        Assert.Contains("Go to your organisation", member, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_invitation_opened_signed_out_leads_through_registration_back_to_it_and_only_to_this_site()
    {
        using var app = new TestApp(Infrastructure.Providers.Sqlite, Mailbox.Settings());
        var client = app.Client();
        const string invitation = "/en/organisation/join?token=abc123";
        var opened = await client.GetAsync(invitation);
        Assert.Equal(HttpStatusCode.Redirect, opened.StatusCode);
        var signIn = opened.Headers.Location!.OriginalString;
        var signInPage = WebUtility.HtmlDecode(await client.GetStringAsync(signIn));
        Assert.Contains("/en/account/register?returnUrl=" + Uri.EscapeDataString(invitation), signInPage, StringComparison.Ordinal);

        var email = $"invited-{Guid.NewGuid():N}@example.org";
        var register = "/en/account/register?returnUrl=" + Uri.EscapeDataString(invitation);
        Assert.Contains("you come back to your invitation", WebUtility.HtmlDecode(await client.GetStringAsync(register)), StringComparison.Ordinal);
        await client.SubmitAsync(register, new Dictionary<string, string>
        {
            ["Form.DisplayName"] = "Invited", ["Form.Email"] = email, ["Form.Password"] = TestPeople.Password, ["Form.ConfirmPassword"] = TestPeople.Password,
            ["ReturnUrl"] = invitation,
        });
        var link = Mailbox.LinkIn(await Mailbox.LatestToAsync(app, email));
        Assert.Contains("returnUrl=" + Uri.EscapeDataString(invitation), link, StringComparison.Ordinal);
        var confirmed = WebUtility.HtmlDecode(await client.GetStringAsync(Forms.PathAndQuery(link)));
        Assert.Contains("/en/account/sign-in?returnUrl=" + Uri.EscapeDataString(invitation), confirmed, StringComparison.Ordinal);
        var signedIn = await client.SubmitAsync("/en/account/sign-in", new Dictionary<string, string>
        {
            ["Form.Email"] = email, ["Form.Password"] = TestPeople.Password, ["ReturnUrl"] = invitation,
        });
        Assert.Equal(invitation, signedIn.Headers.Location?.OriginalString);

        // Another host, however written, is dropped everywhere.
        foreach (var hostile in new[] { "//evil.example/x", "/\\evil.example", "https://evil.example/", "/en/\r\nx" })
        {
            var page = WebUtility.HtmlDecode(await app.Client().GetStringAsync("/en/account/register?returnUrl=" + Uri.EscapeDataString(hostile)));
            Assert.DoesNotContain("name=\"ReturnUrl\"", page, StringComparison.Ordinal);
            Assert.Contains("href=\"/en/account/sign-in\"", page, StringComparison.Ordinal); // the way on carries nothing
            Assert.DoesNotContain("you come back to your invitation", page, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Demo_partners_have_someone_who_hears_of_an_interest()
    {
        using var app = new TestApp(Infrastructure.Providers.Sqlite, new Dictionary<string, string?>(Mailbox.Settings()) { ["Seed:Demo"] = "true" });
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<LearningNetworkDb>();
        var demo = await db.Partners.Where(p => p.IsDemo).Select(p => p.Id).ToListAsync();
        Assert.NotEmpty(demo);
        var withMembers = await db.PartnerMembers.Where(m => demo.Contains(m.PartnerId)).Select(m => m.PartnerId).Distinct().CountAsync();
        Assert.Equal(demo.Count, withMembers);
    }
}
