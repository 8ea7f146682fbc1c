using System.Text.Json.Nodes;
using LearningNetwork.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace LearningNetwork.Tests.Faults;

/// <summary>
/// The embedded default under the worst crash a process can have: SIGKILL at random moments in a stream of writes,
/// restarted on the same Storage:Root each time. Whatever was acknowledged must be in the database, the database must be
/// whole, and the search index must come back and find what was acknowledged (it is replayed from the log).
/// </summary>
[Trait("Category", "Faults")]
public sealed class SqliteKillTests(ITestOutputHelper output)
{
    private const int Rounds = 5;

    [Fact]
    public async Task Acknowledged_writes_survive_SIGKILL_at_random_moments_and_the_database_and_search_index_come_back_whole()
    {
        await using var node = new KillableNode("--Database:Provider=Sqlite", "--Seed:Demo=false", "--Search:ReplayInterval=00:00:00.200");
        var client = node.Client();
        // What the kills hit is the stream of writes, not the first start's loading of the reference data: the node starts on
        // a copy of the run's migrated and loaded database (and its index), as it would have left them.
        DatabaseTemplates.CopySqliteInto(node.StorageRoot, demo: false);
        await node.StartAsync();
        await node.SignInAsAdminAsync(client);
        var writes = new AcknowledgedWrites();
        var random = new Random(20261206);

        for (var round = 1; round <= Rounds; round++)
        {
            if (round > 1)
            {
                await node.StartAsync();
                // The index opened after a kill answers queries (the stale write lock of the killed process does not hold it).
                await SearchAnswersAsync(client, node, expectHits: !writes.Acknowledged.IsEmpty);
            }
            await writes.FirstAcknowledgedAsync(client, TimeSpan.FromSeconds(60));
            using var stop = new CancellationTokenSource();
            var stream = writes.StreamAsync(client, writers: 2, stop.Token);
            await Task.Delay(TimeSpan.FromMilliseconds(random.Next(300, 1500)));
            await stop.CancelAsync(); // no new write starts; those in flight are cut by the kill
            node.Kill();
            await stream;
        }

        var acknowledged = writes.Acknowledged.ToHashSet();
        output.WriteLine($"{writes.Attempted.Count} writes, {acknowledged.Count} acknowledged; cut by the kills: {string.Join("; ", writes.Failures.Take(10))}");
        Assert.True(acknowledged.Count >= Rounds, $"too few acknowledged writes to say anything: {acknowledged.Count}; {string.Join("; ", writes.Failures.Take(20))}\n{node.Output()}");

        // After the last kill, with nothing running: the file is whole and holds every acknowledged write.
        var database = Path.Combine(node.StorageRoot, "learning-network.db");
        var stored = new HashSet<string>(StringComparer.Ordinal);
        await using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = database, Pooling = false }.ToString()))
        {
            await connection.OpenAsync();
            await using (var check = connection.CreateCommand())
            {
                check.CommandText = "PRAGMA integrity_check";
                Assert.Equal("ok", (string?)await check.ExecuteScalarAsync());
            }
            await using var read = connection.CreateCommand();
            read.CommandText = "SELECT \"ExternalId\" FROM \"Practices\" WHERE \"ExternalId\" IS NOT NULL";
            await using var rows = await read.ExecuteReaderAsync();
            while (await rows.ReadAsync()) stored.Add(rows.GetString(0));
        }
        var lost = acknowledged.Where(n => !stored.Contains(AcknowledgedWrites.ExternalId(n))).Order().ToList();
        Assert.True(lost.Count == 0, $"acknowledged but not stored: {string.Join(", ", lost)}");

        // Restarted once more: the search index finds every acknowledged practice, and one written now.
        await node.StartAsync();
        await writes.FirstAcknowledgedAsync(client, TimeSpan.FromSeconds(90));
        var missing = acknowledged.Append(writes.Acknowledged.Max()).ToList();
        for (var deadline = DateTime.UtcNow.AddSeconds(90); missing.Count > 0 && DateTime.UtcNow < deadline; await Task.Delay(250))
        {
            var still = new List<int>();
            foreach (var n in missing)
                if (!await FoundAsync(client, n)) still.Add(n);
            missing = still;
        }
        Assert.True(missing.Count == 0, $"acknowledged but not found by search: {string.Join(", ", missing.Order())}\n{node.Output()}");
    }

    private static async Task<bool> FoundAsync(HttpClient client, int n)
    {
        var json = JsonNode.Parse(await client.GetStringAsync($"/api/v1/search?q={AcknowledgedWrites.Mark(n)}&type=practice&pageSize=5"))!;
        return json["items"]!.AsArray().Any(i => i!["title"]!.GetValue<string>() == AcknowledgedWrites.Title(n));
    }

    /// <summary>A search answers with results once the node has loaded its thesaurus and opened its index (seconds; more on a busy machine).</summary>
    private static async Task SearchAnswersAsync(HttpClient client, KillableNode node, bool expectHits)
    {
        for (var deadline = DateTime.UtcNow.AddSeconds(90); DateTime.UtcNow < deadline; await Task.Delay(250))
        {
            var response = await client.GetAsync("/api/v1/search?q=meadow&type=practice");
            if (response.IsSuccessStatusCode && (!expectHits || JsonNode.Parse(await response.Content.ReadAsStringAsync())!["total"]!.GetValue<int>() > 0)) return;
        }
        Assert.Fail($"the search index did not come back after the kill\n{node.Output()}");
    }
}
