using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using LearningNetwork.Data;
using LearningNetwork.Domain;
using LearningNetwork.Features.Privacy;
using LearningNetwork.Tests.Features.Practices;
using LearningNetwork.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace LearningNetwork.Tests.Features.Privacy;

public sealed class PrivacyTests
{
    public static TheoryData<string> Providers => Infrastructure.Providers.All;

    private const string Surname = "Quaxworth";
    private const string Name = "Zebulon " + Surname;

    /// <summary>Registers through the pages with the given name and address, confirms, signs in.</summary>
    private static async Task<HttpClient> RegisterAsync(TestApp app, string name, string email)
    {
        var client = app.Client();
        await client.SubmitAsync("/en/account/register", new Dictionary<string, string>
        {
            ["Form.DisplayName"] = name, ["Form.Email"] = email, ["Form.Password"] = TestPeople.Password, ["Form.ConfirmPassword"] = TestPeople.Password,
        });
        await client.GetAsync(Forms.PathAndQuery(Mailbox.LinkIn(await Mailbox.LatestToAsync(app, email))));
        var signedIn = await client.SubmitAsync("/en/account/sign-in", new Dictionary<string, string> { ["Form.Email"] = email, ["Form.Password"] = TestPeople.Password });
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        return client;
    }

    private static async Task<T> WithDbAsync<T>(TestApp app, Func<LearningNetworkDb, Task<T>> work)
    {
        using var scope = app.Services.CreateScope();
        return await work(scope.ServiceProvider.GetRequiredService<LearningNetworkDb>());
    }

    /// <summary>Every text column of every table of the model that holds the needle (any case): "Table.Column" for each.</summary>
    private static async Task<List<string>> TablesHoldingAsync(TestApp app, string needle)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<LearningNetworkDb>();
        var sql = db.GetService<ISqlGenerationHelper>();
        var found = new List<string>();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        foreach (var entity in db.Model.GetEntityTypes().Where(e => e.GetTableName() is not null))
        {
            var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
            foreach (var column in entity.GetProperties().Where(p => p.ClrType == typeof(string)).Select(p => p.GetColumnName(table)).OfType<string>().Distinct())
            {
                await using var command = connection.CreateCommand();
                command.CommandText = $"SELECT COUNT(*) FROM {sql.DelimitIdentifier(table.Name, table.Schema)} WHERE LOWER({sql.DelimitIdentifier(column)}) LIKE @p";
                var parameter = command.CreateParameter();
                parameter.ParameterName = "@p";
                parameter.Value = "%" + needle.ToLowerInvariant() + "%";
                command.Parameters.Add(parameter);
                if (Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture) > 0) found.Add($"{table.Name}.{column}");
            }
        }
        return found;
    }

    private static List<string> IndexFilesHolding(TestApp app, string needle)
    {
        var folder = Path.Combine(app.StorageRoot, "search");
        var bytes = new[] { needle, needle.ToLowerInvariant(), needle.ToUpperInvariant() }.Select(Encoding.UTF8.GetBytes).ToList();
        return Directory.Exists(folder)
            ? Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
                .Where(f => { try { var content = File.ReadAllBytes(f); return bytes.Any(b => content.AsSpan().IndexOf(b) >= 0); } catch (IOException) { return false; } })
                .ToList()
            : [];
    }

    private static async Task<int> SearchTotalAsync(TestApp app, string q) =>
        JsonNode.Parse(await app.Client().GetStringAsync($"/api/v1/search?q={Uri.EscapeDataString(q)}&lang=en"))!["total"]!.GetValue<int>();

    private static async Task EventuallyAsync(Func<Task<bool>> condition, string what)
    {
        for (var i = 0; i < 150; i++)
        {
            if (await condition()) return;
            await Task.Delay(200);
        }
        Assert.Fail("Timed out waiting until " + what);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task An_erased_person_leaves_their_name_and_address_in_no_table_search_index_or_export(string provider)
    {
        using var app = new TestApp(provider, Mailbox.Settings());
        var email = $"z.{Guid.NewGuid():N}@{Surname.ToLowerInvariant()}-mail.example";
        var person = await RegisterAsync(app, Name, email);
        var (userId, partnerId, otherPartnerId) = await WithDbAsync(app, async db =>
        {
            var user = await db.Users.SingleAsync(u => u.Email == email);
            var partner = await db.Partners.SingleAsync(p => p.Slug == "noord-brabant");
            var other = await db.Partners.Where(p => p.Id != partner.Id).OrderBy(p => p.Id).FirstAsync();
            db.PartnerMembers.Add(new PartnerMember { PartnerId = partner.Id, UserId = user.Id, Role = OrganisationRole.OrganisationAdmin });
            await db.SaveChangesAsync();
            return (user.Id, partner.Id, other.Id);
        });

        // A profile, a practice that names them, and a message signed with their name and address.
        var profile = await person.SubmitAsync("/en/account/profile", new Dictionary<string, string>
        {
            ["Form.Name"] = Name, ["Form.JobTitle"] = "Hedgerow officer", ["Form.Languages"] = "en", ["Form.Expertise"] = "hedge",
            ["Form.NameVisibility"] = "Public", ["Form.JobTitleVisibility"] = "Public", ["Form.OrganisationVisibility"] = "Public",
            ["Form.LanguagesVisibility"] = "Members", ["Form.ExpertiseVisibility"] = "Members",
        });
        Assert.Equal(HttpStatusCode.Redirect, profile.StatusCode);
        var form = PracticeTestData.Form(partnerId, "Quiet lanes for hedgehogs along the Aa");
        form["Form.Summary"] = $"Volunteers led by {Name} mapped quiet lanes where hedgehogs cross, and the province narrowed them.";
        Assert.Equal(HttpStatusCode.Redirect, (await person.SubmitAsync("/en/practices/new", form)).StatusCode);
        var slug = await PracticeTestData.SlugAsync(app, "Quiet lanes for hedgehogs along the Aa");
        var conversationId = await WithDbAsync(app, async db =>
        {
            var practice = await db.Practices.SingleAsync(p => p.Slug == slug);
            practice.Stage = PracticeStage.Published; // public, so that the search index and the export hold it
            practice.PublishedAt = DateTime.UtcNow;
            var conversation = new Conversation { OwnerPartnerId = otherPartnerId, OtherPartnerId = partnerId, CreatedAt = DateTime.UtcNow, LastMessageAt = DateTime.UtcNow };
            db.Conversations.Add(conversation);
            await db.SaveChangesAsync();
            return conversation.Id;
        });
        var sent = await person.SubmitAsync($"/en/marketplace/conversations/{conversationId}",
            new Dictionary<string, string> { ["Message"] = $"We can help with the lanes. Regards, {Name} ({email})" });
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);

        // Before: the name is in the database, the search index and the export, so the checks below can see it.
        Assert.NotEmpty(await TablesHoldingAsync(app, Surname));
        await EventuallyAsync(async () => await SearchTotalAsync(app, Surname) > 0, "the practice is searchable");
        Assert.Contains(Surname, await app.Client().GetStringAsync("/api/v1/export"), StringComparison.OrdinalIgnoreCase);

        // The download holds their data, and no secret.
        var download = await person.GetAsync("/en/account/privacy/download");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("application/json", download.Content.Headers.ContentType?.MediaType);
        var json = await download.Content.ReadAsStringAsync();
        var data = JsonNode.Parse(json)!;
        Assert.Equal(email, data["account"]!["email"]!.GetValue<string>());
        Assert.Equal(Name, data["profile"]!["name"]!.GetValue<string>());
        Assert.Equal("Public", data["profile"]!["nameVisibility"]!.GetValue<string>());
        Assert.Equal("OrganisationAdmin", data["memberships"]![0]!["role"]!.GetValue<string>());
        Assert.Equal("registration", data["consents"]![0]!["occasion"]!.GetValue<string>());
        Assert.Contains(Name, data["messages"]![0]!["text"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(slug, data["practices"]![0]!["slug"]!.GetValue<string>());
        Assert.Contains(data["auditEntries"]!.AsArray(), e => e!["action"]!.GetValue<string>() == "profile.saved");
        Assert.DoesNotContain("PasswordHash", json, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("SecurityStamp", json, StringComparison.OrdinalIgnoreCase);

        // The privacy page shows what they agreed to at registration.
        var page = WebUtility.HtmlDecode(await person.GetStringAsync("/en/account/privacy"));
        Assert.Contains("Accepted at registration", page, StringComparison.Ordinal);

        // A wrong password erases nothing.
        var wrong = await person.SubmitAsync("/en/account/privacy", new Dictionary<string, string> { ["Form.Password"] = "not my password at all" }, "/en/account/privacy?handler=Erase");
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.True(await WithDbAsync(app, db => db.Users.AnyAsync(u => u.Id == userId)));

        var erased = await person.SubmitAsync("/en/account/privacy", new Dictionary<string, string> { ["Form.Password"] = TestPeople.Password }, "/en/account/privacy?handler=Erase");
        Assert.Equal(HttpStatusCode.Redirect, erased.StatusCode);
        Assert.Equal("/en/account/erased", erased.Headers.Location?.OriginalString);

        // After: nowhere, in any case, in any text column of any table; not in the index files; not in the export.
        // (The random account id stays in audit subjects such as user/{id}: with the account gone it names nobody.)
        Assert.Empty(await TablesHoldingAsync(app, Surname));
        Assert.Empty(await TablesHoldingAsync(app, email));
        await EventuallyAsync(async () => await SearchTotalAsync(app, Surname) == 0 && IndexFilesHolding(app, Surname).Count == 0, "the index forgets the name");
        Assert.Empty(IndexFilesHolding(app, email));
        Assert.DoesNotContain(Surname, await app.Client().GetStringAsync("/api/v1/export"), StringComparison.OrdinalIgnoreCase);

        // The organisation keeps the practice and the message, without the name; the session is over.
        await WithDbAsync(app, async db =>
        {
            Assert.Contains(AccountEraser.Placeholder, (await db.PracticeTexts.SingleAsync(t => db.Practices.Any(p => p.Id == t.PracticeId && p.Slug == slug))).Summary, StringComparison.Ordinal);
            var message = await db.ConversationMessages.SingleAsync(m => m.ConversationId == conversationId);
            Assert.Null(message.UserId);
            Assert.Null((await db.Practices.SingleAsync(p => p.Slug == slug)).CreatedBy);
            return 0;
        });
        var after = await person.GetAsync("/en/account/privacy");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.StartsWith("/en/account/sign-in", after.Headers.Location?.OriginalString, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task An_organisations_last_admin_cannot_erase_while_colleagues_remain(string provider)
    {
        using var app = new TestApp(provider, Mailbox.Settings());
        var (admin, partnerId, adminEmail) = await PracticeTestData.MemberOfAsync(app, "noord-brabant");
        var (_, colleagueEmail) = await TestPeople.RegisteredAsync(app);
        await WithDbAsync(app, async db =>
        {
            var colleague = await db.Users.SingleAsync(u => u.Email == colleagueEmail);
            db.PartnerMembers.Add(new PartnerMember { PartnerId = partnerId, UserId = colleague.Id, Role = OrganisationRole.Member });
            // The demo network gives each partner an admin of its own: here the person is the last one.
            var adminId = await db.Users.Where(u => u.Email == adminEmail).Select(u => u.Id).SingleAsync();
            db.PartnerMembers.RemoveRange(await db.PartnerMembers
                .Where(m => m.PartnerId == partnerId && m.UserId != adminId && m.Role == OrganisationRole.OrganisationAdmin).ToListAsync());
            return await db.SaveChangesAsync();
        });

        var page = WebUtility.HtmlDecode(await admin.GetStringAsync("/en/account/privacy"));
        Assert.Contains("You are the last administrator of", page, StringComparison.Ordinal);
        var refused = await admin.SubmitAsync("/en/account/privacy", new Dictionary<string, string> { ["Form.Password"] = TestPeople.Password }, "/en/account/privacy?handler=Erase");
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.True(await WithDbAsync(app, db => db.Users.AnyAsync(u => u.Email == adminEmail)));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Audit_entries_older_than_the_retention_period_are_removed_once_a_day(string provider)
    {
        using var app = new TestApp(provider, new Dictionary<string, string?> { ["Privacy:AuditRetention"] = "365.00:00:00" });
        var now = DateTime.UtcNow;
        await WithDbAsync(app, async db =>
        {
            db.AuditEntries.Add(new AuditEntry { At = now.AddDays(-400), Action = "test.old", Subject = "retention/old" });
            db.AuditEntries.Add(new AuditEntry { At = now.AddDays(-300), Action = "test.recent", Subject = "retention/recent" });
            return await db.SaveChangesAsync();
        });
        var job = app.Service<AuditRetention>();
        Assert.True(await job.RunIfDueAsync(CancellationToken.None) >= 1);
        Assert.Null(await job.RunIfDueAsync(CancellationToken.None)); // ran today: not again until a day has passed
        await WithDbAsync(app, async db =>
        {
            Assert.False(await db.AuditEntries.AnyAsync(e => e.Subject == "retention/old"));
            Assert.True(await db.AuditEntries.AnyAsync(e => e.Subject == "retention/recent"));
            Assert.True(await db.AuditEntries.AnyAsync(e => e.Action == "audit.retention"));
            return 0;
        });
    }
}
