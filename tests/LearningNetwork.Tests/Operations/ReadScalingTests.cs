using System.Diagnostics;
using System.Net;
using LearningNetwork.Data;
using LearningNetwork.Domain;
using LearningNetwork.Tests.Faults;
using LearningNetwork.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Xunit.Abstractions;

namespace LearningNetwork.Tests.Operations;

/// <summary>
/// PostgreSQL read scaling (docs/operations.md): a primary and a real streaming standby of it (pg_basebackup -R, a cluster pair
/// of the test's own), the app on <c>ConnectionStrings:Postgres</c> = the primary and <c>ConnectionStrings:PostgresRead</c> = both
/// hosts with <c>Target Session Attributes=prefer-standby</c>, as the documentation writes it. The standby's replay is paused,
/// so whatever it serves is visibly behind: a write through the app (an import, which reads before it writes) succeeds and its
/// item's page shows it (the primary), the anonymous practice list does not (the standby); once replay resumes, the list shows
/// it (and the page cache did not keep the list rendered from the lagging standby).
/// </summary>
public sealed class ReadScalingTests(ITestOutputHelper output)
{
    [ClusterFact]
    public async Task Lists_read_from_a_streaming_standby_while_writes_and_item_pages_stay_on_the_primary()
    {
        var watch = Stopwatch.StartNew();
        await using var primary = await ThrowawayPostgres.StartAsync();
        await ClusterTests.LoadTemplateIntoAsync(primary);
        await using var standby = await primary.StartStandbyAsync();
        output.WriteLine($"{watch.Elapsed.TotalSeconds:0.0} s: primary with the network's data, and its standby");

        var server = new NpgsqlConnectionStringBuilder(primary.ConnectionString);
        var read = new NpgsqlConnectionStringBuilder(primary.ConnectionString)
        {
            Host = $"127.0.0.1:{standby.Port},127.0.0.1:{primary.Port}", Port = 5432, TargetSessionAttributes = "prefer-standby",
        };
        using var app = new TestApp(Providers.Postgres, new Dictionary<string, string?>
        {
            ["ConnectionStrings:Postgres"] = server.ToString(), ["ConnectionStrings:PostgresRead"] = read.ToString(), ["Seed:Demo"] = "false",
        });
        var anonymous = app.Client();
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/en/practices")).StatusCode);

        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<LearningNetworkDb>();
            var readDb = scope.ServiceProvider.GetRequiredKeyedService<LearningNetworkDb>(ReadDb.Key);
            Assert.False(await InRecoveryAsync(db), "the primary context is on a standby");
            Assert.True(await InRecoveryAsync(readDb), "the read context is not on the standby");
            // The read context refuses to write, whatever it is on.
            var language = await readDb.Languages.OrderBy(l => l.Code).FirstAsync();
            readDb.Update(language);
            await Assert.ThrowsAsync<InvalidOperationException>(() => readDb.SaveChangesAsync());
        }

        await using var standbyConnection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(primary.ConnectionString) { Port = standby.Port, Pooling = false }.ToString());
        await standbyConnection.OpenAsync();
        await ExecuteAsync(standbyConnection, "SELECT pg_wal_replay_pause()");

        var mark = AcknowledgedWrites.Mark(1);
        var title = AcknowledgedWrites.Title(1); // the page's links repeat the query (mark), never the title
        var list = $"/en/practices?q={mark}";
        Assert.DoesNotContain(title, await anonymous.GetStringAsync(list), StringComparison.Ordinal); // now in the page cache too
        var admin = await TestPeople.WithRoleAsync(app, Roles.NetworkAdmin);
        admin.DefaultRequestHeaders.Add("RequestVerificationToken", await admin.AntiforgeryTokenAsync());
        var writes = new AcknowledgedWrites();
        Assert.True(await writes.WriteAsync(admin), string.Join("; ", writes.Failures));
        // A second import of the same item reads it before it writes: on a standby it would not find it and make a second one.
        Assert.True(await writes.WriteAsync(admin, 1), string.Join("; ", writes.Failures));
        string slug;
        using (var scope = app.Services.CreateScope())
        {
            var practices = await scope.ServiceProvider.GetRequiredService<LearningNetworkDb>().Practices
                .Where(p => p.ExternalId == AcknowledgedWrites.ExternalId(1)).Select(p => new { p.Slug, p.Stage }).ToListAsync();
            Assert.Equal(PracticeStage.Published, Assert.Single(practices).Stage);
            slug = practices[0].Slug;
        }

        Assert.Contains(title, await anonymous.GetStringAsync($"/en/practices/{slug}"), StringComparison.Ordinal);
        await Task.Delay(TimeSpan.FromSeconds(2)); // several replay intervals: the page cache's replay waits for the standby
        Assert.DoesNotContain(title, await anonymous.GetStringAsync(list), StringComparison.Ordinal);
        Assert.DoesNotContain(title, await anonymous.GetStringAsync($"/api/v1/practices?q={mark}"), StringComparison.Ordinal);
        output.WriteLine($"{watch.Elapsed.TotalSeconds:0.0} s: written and shown on its page; the list from the paused standby does not have it");

        await ExecuteAsync(standbyConnection, "SELECT pg_wal_replay_resume()");
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!(await anonymous.GetStringAsync(list)).Contains(title, StringComparison.Ordinal))
        {
            Assert.True(DateTime.UtcNow < deadline, "the list does not show the practice within 10 s of the standby catching up");
            await Task.Delay(200);
        }
        Assert.Contains(title, await anonymous.GetStringAsync($"/api/v1/practices?q={mark}"), StringComparison.Ordinal);
        output.WriteLine($"{watch.Elapsed.TotalSeconds:0.0} s: the list shows it once the standby has caught up");
    }

    private static async Task<bool> InRecoveryAsync(LearningNetworkDb db) =>
        await db.Database.SqlQueryRaw<bool>("SELECT pg_is_in_recovery() AS \"Value\"").SingleAsync();

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
