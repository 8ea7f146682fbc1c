using System.Net;
using LearningNetwork.Data;
using LearningNetwork.Domain;
using LearningNetwork.Tests.Features.Practices;
using LearningNetwork.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LearningNetwork.Tests.Features.Moderation;

public sealed class ModerationTests
{
    public static TheoryData<string> Providers => Infrastructure.Providers.All;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_reported_message_leads_a_moderator_to_suspend_its_author_whose_session_ends_and_who_cannot_sign_in(string provider)
    {
        using var app = new TestApp(provider, Mailbox.Settings());
        var (author, authorPartner, authorEmail) = await PracticeTestData.MemberOfAsync(app, "noord-brabant");
        var (reporter, reporterPartner, _) = await PracticeTestData.MemberOfAsync(app, "sofia");
        var (stranger, _, _) = await PracticeTestData.MemberOfAsync(app, "flevoland");
        var moderator = await TestPeople.WithRoleAsync(app, Roles.Moderator);
        int conversationId;
        string moderatorEmail;
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<LearningNetworkDb>();
            var conversation = new Conversation { OwnerPartnerId = reporterPartner, OtherPartnerId = authorPartner, CreatedAt = DateTime.UtcNow, LastMessageAt = DateTime.UtcNow };
            db.Conversations.Add(conversation);
            await db.SaveChangesAsync();
            conversationId = conversation.Id;
            moderatorEmail = (await scope.ServiceProvider.GetRequiredService<UserManager<UserAccount>>().GetUsersInRoleAsync(Roles.Moderator)).Single().Email!;
        }
        var posted = await author.SubmitAsync($"/en/marketplace/conversations/{conversationId}", new Dictionary<string, string> { ["Message"] = "Buy cheap watches at my shop, best prices!" });
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        int messageId;
        using (var scope = app.Services.CreateScope())
            messageId = await scope.ServiceProvider.GetRequiredService<LearningNetworkDb>().ConversationMessages.Where(m => m.ConversationId == conversationId).Select(m => m.Id).SingleAsync();

        // The reader of the conversation finds the report link; someone outside it cannot report (or learn of) the message.
        Assert.Contains($"/en/report?type=message&amp;key={messageId}", await reporter.GetStringAsync($"/en/marketplace/conversations/{conversationId}"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/en/report?type=message&key={messageId}")).StatusCode);
        var reportUrl = $"/en/report?type=message&key={messageId}";
        var invalid = await reporter.SubmitAsync(reportUrl, new Dictionary<string, string> { ["Reason"] = "Nonsense", ["Text"] = "" });
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var sent = await reporter.SubmitAsync(reportUrl, new Dictionary<string, string> { ["Reason"] = "Spam", ["Text"] = "This is advertising, not an exchange about the request." });
        Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
        Assert.Contains("The moderators have your report", WebUtility.HtmlDecode(await sent.Content.ReadAsStringAsync()), StringComparison.Ordinal);

        // The moderators are told by e-mail, and see the report with the message.
        var mail = await Mailbox.LatestToAsync(app, moderatorEmail);
        Assert.Contains("/en/admin/reports/", mail.TextBody, StringComparison.Ordinal);
        int reportId;
        using (var scope = app.Services.CreateScope())
            reportId = await scope.ServiceProvider.GetRequiredService<LearningNetworkDb>().AbuseReports.Select(r => r.Id).SingleAsync();
        var list = WebUtility.HtmlDecode(await moderator.GetStringAsync("/en/admin/reports"));
        Assert.Contains("Open (1)", list, StringComparison.Ordinal);
        Assert.Contains($"/en/admin/reports/{reportId}", list, StringComparison.Ordinal);
        var details = WebUtility.HtmlDecode(await moderator.GetStringAsync($"/en/admin/reports/{reportId}"));
        Assert.Contains("Buy cheap watches", details, StringComparison.Ordinal);
        Assert.Contains(authorEmail, details, StringComparison.Ordinal);

        // Anonymous people and plain members cannot open the review pages, nor decide.
        var anonymous = await app.Client().GetAsync("/en/admin/reports");
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.StartsWith("/en/account/sign-in", anonymous.Headers.Location?.OriginalString, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await reporter.GetAsync("/en/admin/reports")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await reporter.GetAsync($"/en/admin/reports/{reportId}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await reporter.GetAsync("/en/admin/suspensions")).StatusCode);

        // The author's session works until the moderator suspends them.
        Assert.Equal(HttpStatusCode.OK, (await author.GetAsync("/en/account/privacy")).StatusCode);
        var decided = await moderator.SubmitAsync($"/en/admin/reports/{reportId}", new Dictionary<string, string> { ["decision"] = "suspend", ["Note"] = "Spam in a conversation." });
        Assert.Equal(HttpStatusCode.Redirect, decided.StatusCode);
        var ended = await author.GetAsync("/en/account/privacy");
        Assert.Equal(HttpStatusCode.Redirect, ended.StatusCode);
        Assert.StartsWith("/en/account/sign-in", ended.Headers.Location?.OriginalString, StringComparison.Ordinal);
        var signIn = await app.Client().SubmitAsync("/en/account/sign-in", new Dictionary<string, string> { ["Form.Email"] = authorEmail, ["Form.Password"] = TestPeople.Password });
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode); // the form again, with the lockout message: no session
        Assert.DoesNotContain(signIn.Headers, h => h.Key == "Set-Cookie" && h.Value.Any(v => v.StartsWith("ln.session=", StringComparison.Ordinal) && !v.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase)));

        // Every step is audited; lifting the suspension lets them sign in again.
        using (var scope = app.Services.CreateScope())
        {
            var actions = await scope.ServiceProvider.GetRequiredService<LearningNetworkDb>().AuditEntries.Select(e => e.Action).ToListAsync();
            Assert.Contains("report.created", actions);
            Assert.Contains("account.suspended", actions);
            Assert.Contains("report.author-suspended", actions);
        }
        Assert.Contains(authorEmail, WebUtility.HtmlDecode(await moderator.GetStringAsync("/en/admin/suspensions")), StringComparison.Ordinal);
        var lifted = await moderator.SubmitAsync($"/en/admin/reports/{reportId}", new Dictionary<string, string>(), $"/en/admin/reports/{reportId}?handler=Lift");
        Assert.Equal(HttpStatusCode.Redirect, lifted.StatusCode);
        var again = await app.Client().SubmitAsync("/en/account/sign-in", new Dictionary<string, string> { ["Form.Email"] = authorEmail, ["Form.Password"] = TestPeople.Password });
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Hiding_a_reported_practice_takes_it_off_the_public_site(string provider)
    {
        using var app = new TestApp(provider, Mailbox.Settings());
        string slug;
        using (var scope = app.Services.CreateScope())
            slug = await scope.ServiceProvider.GetRequiredService<LearningNetworkDb>().Practices.Where(p => p.Stage == PracticeStage.Published).OrderBy(p => p.Id).Select(p => p.Slug).FirstAsync();
        var (member, _) = await TestPeople.RegisteredAsync(app);
        Assert.Contains($"/en/report?type=practice&amp;key={slug}", await app.Client().GetStringAsync($"/en/practices/{slug}"), StringComparison.Ordinal);
        var sent = await member.SubmitAsync($"/en/report?type=practice&key={slug}", new Dictionary<string, string> { ["Reason"] = "Copyright", ["Text"] = "The photos are ours, used without asking." });
        Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
        var admin = await TestPeople.WithRoleAsync(app, Roles.NetworkAdmin);
        int reportId;
        using (var scope = app.Services.CreateScope())
            reportId = await scope.ServiceProvider.GetRequiredService<LearningNetworkDb>().AbuseReports.Select(r => r.Id).SingleAsync();
        var hidden = await admin.SubmitAsync($"/en/admin/reports/{reportId}", new Dictionary<string, string> { ["decision"] = "hide", ["Note"] = "Pending a copyright check." });
        Assert.Equal(HttpStatusCode.Redirect, hidden.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.Client().GetAsync($"/en/practices/{slug}")).StatusCode);
        // A decided report cannot be decided again.
        var twice = await admin.SubmitAsync($"/en/admin/reports/{reportId}", new Dictionary<string, string> { ["decision"] = "dismiss" }, $"/en/admin/reports/{reportId}");
        Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
        Assert.Contains("Closed (1)", WebUtility.HtmlDecode(await admin.GetStringAsync("/en/admin/reports?status=closed")), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_moderator_cannot_suspend_a_network_admin_and_nobody_can_flood_the_moderators_with_reports(string provider)
    {
        using var app = new TestApp(provider, Mailbox.Settings());
        var moderator = await TestPeople.WithRoleAsync(app, Roles.Moderator);
        await TestPeople.WithRoleAsync(app, Roles.NetworkAdmin);
        var (member, memberEmail) = await TestPeople.RegisteredAsync(app);
        int reportId;
        string slug;
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<LearningNetworkDb>();
            var admin = (await scope.ServiceProvider.GetRequiredService<UserManager<UserAccount>>().GetUsersInRoleAsync(Roles.NetworkAdmin)).Single();
            var memberId = await db.Users.Where(u => u.Email == memberEmail).Select(u => u.Id).SingleAsync();
            slug = await db.Practices.Where(p => p.Stage == PracticeStage.Published).OrderBy(p => p.Id).Select(p => p.Slug).FirstAsync();
            var report = new AbuseReport { ContentType = "practice", ContentKey = slug, AuthorId = admin.Id, Text = "x", CreatedAt = DateTime.UtcNow };
            db.AbuseReports.Add(report);
            for (var i = 0; i < 20; i++)
                db.AbuseReports.Add(new AbuseReport { ContentType = "practice", ContentKey = slug, ReporterId = memberId, Text = "again", CreatedAt = DateTime.UtcNow.AddHours(-1), Status = ReportStatus.Closed });
            await db.SaveChangesAsync();
            reportId = report.Id;
        }

        var refused = await moderator.SubmitAsync($"/en/admin/reports/{reportId}", new Dictionary<string, string> { ["decision"] = "suspend" });
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        using (var scope = app.Services.CreateScope())
            Assert.False(await scope.ServiceProvider.GetRequiredService<LearningNetworkDb>().Users.AnyAsync(u => u.SuspendedAt != null));

        var flood = await member.SubmitAsync($"/en/report?type=practice&key={slug}", new Dictionary<string, string> { ["Reason"] = "Spam", ["Text"] = "Once more." });
        Assert.Equal(HttpStatusCode.BadRequest, flood.StatusCode);
        Assert.Contains("the most one person can send", WebUtility.HtmlDecode(await flood.Content.ReadAsStringAsync()), StringComparison.Ordinal);
    }
}
