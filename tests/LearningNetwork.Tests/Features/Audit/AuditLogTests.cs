using System.Net;
using LearningNetwork.Data;
using LearningNetwork.Domain;
using LearningNetwork.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace LearningNetwork.Tests.Features.Audit;

public sealed class AuditLogTests
{
    public static TheoryData<string> Providers => Infrastructure.Providers.All;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Coordinators_read_the_audit_log_filtered_by_action_and_subject(string provider)
    {
        using var app = new TestApp(provider, Mailbox.Settings());
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<LearningNetworkDb>();
            var at = new DateTime(2026, 3, 1, 9, 0, 0, DateTimeKind.Utc);
            for (var i = 0; i < 60; i++)
                db.AuditEntries.Add(new AuditEntry { At = at.AddMinutes(i), Action = "organisation.invited", Subject = $"partner/{i % 3}", Details = $"invitation {i}" });
            db.AuditEntries.Add(new AuditEntry { At = at.AddHours(2), Action = "application.accepted", Subject = "application/7", Details = "the newest" });
            await db.SaveChangesAsync();
        }

        var admin = await TestPeople.WithRoleAsync(app, Roles.NetworkAdmin);
        var all = WebUtility.HtmlDecode(await admin.GetStringAsync("/en/admin/audit"));
        Assert.Contains("61 entries", all, StringComparison.Ordinal);
        Assert.True(all.IndexOf("the newest", StringComparison.Ordinal) < all.IndexOf("invitation 59", StringComparison.Ordinal), "newest first");
        Assert.DoesNotContain("invitation 0<", all, StringComparison.Ordinal); // on page 2
        Assert.Contains("invitation 0<", WebUtility.HtmlDecode(await admin.GetStringAsync("/en/admin/audit?page=2")), StringComparison.Ordinal);

        var filtered = WebUtility.HtmlDecode(await admin.GetStringAsync("/en/admin/audit?action=organisation.&subject=partner/1"));
        Assert.Contains("20 entries", filtered, StringComparison.Ordinal);
        Assert.DoesNotContain("the newest", filtered, StringComparison.Ordinal);
        Assert.DoesNotContain("invitation 0<", filtered, StringComparison.Ordinal);

        var moderator = await TestPeople.WithRoleAsync(app, Roles.Moderator);
        Assert.Contains("61 entries", WebUtility.HtmlDecode(await moderator.GetStringAsync("/en/admin/audit?page=zzz")), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await moderator.GetAsync("/en/admin/audit?page=-4&action=" + new string('x', 5000))).StatusCode);
    }

    [Fact]
    public async Task Members_and_visitors_cannot_read_the_audit_log()
    {
        using var app = new TestApp(Infrastructure.Providers.Sqlite, Mailbox.Settings());
        Assert.Equal(HttpStatusCode.Redirect, (await app.Client().GetAsync("/en/admin/audit")).StatusCode);
        var (member, _) = await TestPeople.RegisteredAsync(app);
        Assert.Equal(HttpStatusCode.Forbidden, (await member.GetAsync("/en/admin/audit")).StatusCode);
        var orgAdmin = await TestPeople.WithRoleAsync(app, Roles.OrganisationAdmin);
        Assert.Equal(HttpStatusCode.Forbidden, (await orgAdmin.GetAsync("/en/admin/audit")).StatusCode);
    }
}
