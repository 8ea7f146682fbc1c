using System.Net;
using System.Text.Json;
using LearningNetwork.Data;
using LearningNetwork.Domain;
using LearningNetwork.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LearningNetwork.Tests.Features.Membership;

public sealed class MembershipTests
{
    public static TheoryData<string> Providers => Infrastructure.Providers.All;

    private static Dictionary<string, string> Municipality(string name) => new()
    {
        ["Form.Name"] = name, ["Form.Type"] = "municipality", ["Form.Country"] = "SI", ["Form.Nuts"] = "SI042", ["Form.Lau"] = "",
        ["Form.Latitude"] = "46,24", ["Form.Longitude"] = "14.36", ["Form.Languages"] = "sl", ["Form.Biogeographical"] = "ALP",
        ["Form.Themes"] = "wetland; urban green", ["Form.Website"] = "https://www.example.si", ["Form.Description"] = "A town restoring its river meadows.",
    };

    [Theory, MemberData(nameof(Providers))]
    public async Task A_municipality_applies_is_asked_for_changes_corrects_and_is_admitted_into_the_directory(string provider)
    {
        using var app = new TestApp(provider, Mailbox.Settings());
        var (applicant, email) = await TestPeople.RegisteredAsync(app);
        var admin = await TestPeople.WithRoleAsync(app, Roles.NetworkAdmin);
        var name = "Občina Kranj " + Guid.NewGuid().ToString("N")[..6];

        var applied = await applicant.SubmitAsync("/en/membership/apply", Municipality(name));
        Assert.Equal(HttpStatusCode.Redirect, applied.StatusCode);
        Assert.Contains("waits for the coordinators", await applicant.GetStringAsync("/en/membership/apply"), StringComparison.Ordinal);

        var queue = await admin.GetStringAsync("/en/membership/review");
        Assert.Contains(name, WebUtility.HtmlDecode(queue), StringComparison.Ordinal);
        var reviewPath = Html.Hrefs(queue, "/en/membership/review/").Single();

        var noReason = await admin.SubmitAsync(reviewPath, new Dictionary<string, string> { ["Decision"] = "reject", ["Note"] = "", ["Version"] = Version(await admin.GetStringAsync(reviewPath)) });
        Assert.Contains("Give the applicant a reason.", await noReason.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var page = await admin.GetStringAsync(reviewPath);
        await admin.SubmitAsync(reviewPath, new Dictionary<string, string> { ["Decision"] = "changes", ["Note"] = "Please add your LAU code.", ["Version"] = Version(page) });
        var changes = await Mailbox.LatestToAsync(app, email, atLeast: 2);
        Assert.Contains("Please add your LAU code.", changes.TextBody, StringComparison.Ordinal);
        // A second decision on the same version (another coordinator, an old tab) is refused and shown.
        var stale = await admin.SubmitAsync(reviewPath, new Dictionary<string, string> { ["Decision"] = "accept", ["Note"] = "", ["Version"] = Version(page) });
        Assert.Contains("decided on this application meanwhile", await stale.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var form = WebUtility.HtmlDecode(await applicant.GetStringAsync("/en/membership/apply"));
        Assert.Contains("Please add your LAU code.", form, StringComparison.Ordinal);
        Assert.Contains($"value=\"{name}\"", form, StringComparison.Ordinal); // the form comes back filled in
        var corrected = Municipality(name);
        corrected["Form.Lau"] = "SI052";
        await applicant.SubmitAsync("/en/membership/apply", corrected);

        page = await admin.GetStringAsync(reviewPath);
        var accepted = await admin.SubmitAsync(reviewPath, new Dictionary<string, string> { ["Decision"] = "accept", ["Note"] = "", ["Version"] = Version(page) });
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        Assert.Contains("has joined the network", (await Mailbox.LatestToAsync(app, email, atLeast: 3)).Subject, StringComparison.Ordinal);

        using var found = JsonDocument.Parse(await admin.GetStringAsync("/api/v1/partners?country=SI&type=municipality&pageSize=200"));
        var partner = found.RootElement.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("title").GetString() == name);
        Assert.False(partner.GetProperty("demo").GetBoolean());
        using var details = JsonDocument.Parse(await admin.GetStringAsync($"/api/v1/partners/{partner.GetProperty("id").GetInt32()}"));
        Assert.Equal("SI052", details.RootElement.GetProperty("lau").GetString());
        Assert.Equal(46.24, details.RootElement.GetProperty("latitude").GetDouble());
        Assert.Equal(2, details.RootElement.GetProperty("themes").GetArrayLength());

        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<LearningNetworkDb>();
        Assert.True(await db.PartnerMembers.AnyAsync(m => m.PartnerId == partner.GetProperty("id").GetInt32() && m.Role == OrganisationRole.OrganisationAdmin));
        var actions = await db.AuditEntries.Where(a => a.Subject.StartsWith("application/")).Select(a => a.Action).ToListAsync();
        Assert.Equal(["application.submitted", "application.requestchanges", "application.resubmitted", "application.accept"], actions);
    }

    [Fact]
    public async Task Every_bad_field_is_named_next_to_it_in_the_readers_language_and_nothing_typed_is_lost()
    {
        using var app = new TestApp(Infrastructure.Providers.Sqlite, Mailbox.Settings());
        var (applicant, _) = await TestPeople.RegisteredAsync(app);
        var form = Municipality("Gemeinde Testdorf");
        form["Form.Country"] = "AT";           // SI042 is in Slovenia
        form["Form.Latitude"] = "95";
        form["Form.Themes"] = "peat; moonbeams";
        form["Form.Website"] = "javascript:alert(1)";
        var response = await applicant.SubmitAsync("/de/membership/apply", form);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains("Diese NUTS-Region liegt nicht im gewählten Land.", html, StringComparison.Ordinal);
        Assert.Contains("Geben Sie einen Breitengrad zwischen -90 und 90 ein", html, StringComparison.Ordinal);
        Assert.DoesNotContain("moonbeams.", html, StringComparison.Ordinal); // a theme in one's own words is kept, not refused
        Assert.Contains("peat; moonbeams", html, StringComparison.Ordinal);
        Assert.Contains("Geben Sie eine Webadresse ein, die mit https:// beginnt.", html, StringComparison.Ordinal);
        Assert.Contains("value=\"Gemeinde Testdorf\"", html, StringComparison.Ordinal);
        Assert.Contains("A town restoring its river meadows.", html, StringComparison.Ordinal);

        var unknown = Municipality("Gemeinde Testdorf");
        unknown["Form.Nuts"] = "ZZ99";
        Assert.Contains("Es gibt keine NUTS-2024-Region mit diesem Code.",
            WebUtility.HtmlDecode(await (await applicant.SubmitAsync("/de/membership/apply", unknown)).Content.ReadAsStringAsync()), StringComparison.Ordinal);

        using var scope = app.Services.CreateScope();
        Assert.False(await scope.ServiceProvider.GetRequiredService<LearningNetworkDb>().MembershipApplications.AnyAsync());
    }

    [Fact]
    public async Task An_organisation_already_in_the_network_cannot_apply_again()
    {
        using var app = new TestApp(Infrastructure.Providers.Sqlite, Mailbox.Settings());
        var (applicant, _) = await TestPeople.RegisteredAsync(app);
        var form = Municipality("CITY MUNICIPALITY OF LJUBLJANA");
        form["Form.Nuts"] = "SI041";
        var response = await applicant.SubmitAsync("/en/membership/apply", form);
        Assert.Contains("already a partner or has applied", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_network_admins_review_applications_and_only_signed_in_people_apply()
    {
        using var app = new TestApp(Infrastructure.Providers.Sqlite, Mailbox.Settings());
        var anonymous = app.Client();
        Assert.Equal(HttpStatusCode.Redirect, (await anonymous.GetAsync("/en/membership/apply")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await anonymous.GetAsync("/en/membership/review")).StatusCode);
        var (member, _) = await TestPeople.RegisteredAsync(app);
        Assert.Equal(HttpStatusCode.Forbidden, (await member.GetAsync("/en/membership/review")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await member.GetAsync("/en/membership/review/1")).StatusCode);
        var moderator = await TestPeople.WithRoleAsync(app, Roles.Moderator);
        Assert.Equal(HttpStatusCode.Forbidden, (await moderator.GetAsync("/en/membership/review")).StatusCode);
        var admin = await TestPeople.WithRoleAsync(app, Roles.NetworkAdmin);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/en/membership/review")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/en/membership/review/99999")).StatusCode);
    }

    private static string Version(string html) =>
        System.Text.RegularExpressions.Regex.Match(html, "name=\"Version\" value=\"([^\"]+)\"").Groups[1].Value;
}
