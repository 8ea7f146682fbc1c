using Npgsql;
using Xunit.Abstractions;

namespace LearningNetwork.Tests.Faults;

/// <summary>Runs when PostgreSQL's binaries are installed, and always in CI (where their absence is a failure, not a skip).</summary>
public sealed class PostgresBinariesFactAttribute : FactAttribute
{
    public PostgresBinariesFactAttribute()
    {
        if (ThrowawayPostgres.Binaries is null && Environment.GetEnvironmentVariable("CI") is null)
            Skip = "No PostgreSQL binaries under /usr/lib/postgresql/*/bin: install postgresql (./test.sh does) to run this test; in CI it always runs.";
    }
}

/// <summary>
/// The database server crashes and comes back while a node is writing: the node's acknowledged writes are all there
/// afterwards, writes fail only while the server is away, and the node answers again by itself, without a restart.
/// </summary>
[Trait("Category", "Faults")]
public sealed class PostgresRestartTests(ITestOutputHelper output)
{
    [PostgresBinariesFact]
    public async Task Acknowledged_writes_survive_an_immediate_restart_of_the_database_server_and_the_node_recovers_by_itself()
    {
        await using var cluster = await ThrowawayPostgres.StartAsync();
        await using var node = new KillableNode("--Database:Provider=Postgres", $"--ConnectionStrings:Postgres={cluster.ConnectionString}", "--Seed:Demo=false");
        var client = node.Client();
        await node.StartAsync();
        await node.SignInAsAdminAsync(client);
        var writes = new AcknowledgedWrites();
        await writes.FirstAcknowledgedAsync(client, TimeSpan.FromSeconds(60));

        using var stop = new CancellationTokenSource();
        var stream = writes.StreamAsync(client, writers: 2, stop.Token);
        DateTime restartBegan, restartEnded, recovered;
        try
        {
            await Task.Delay(1000);
            restartBegan = DateTime.UtcNow;
            await cluster.RestartImmediatelyAsync();
            restartEnded = DateTime.UtcNow;
            // Back by itself within some seconds of the server's return.
            for (var deadline = restartEnded.AddSeconds(20); !writes.Outcomes.Any(o => o.At > restartEnded && o.Status is >= 200 and < 300); await Task.Delay(100))
                Assert.True(DateTime.UtcNow < deadline, $"no write succeeded within 20 s of the database's return: {string.Join(", ", writes.Failures.TakeLast(10))}\n{node.Output()}");
            recovered = writes.Outcomes.Where(o => o.At > restartEnded && o.Status is >= 200 and < 300).Min(o => o.At);
            await Task.Delay(1500); // and keeps working
        }
        finally
        {
            await stop.CancelAsync();
            await stream;
        }

        var outcomes = writes.Outcomes.ToList();
        output.WriteLine($"{outcomes.Count} writes, {writes.Acknowledged.Count} acknowledged; restart took {(restartEnded - restartBegan).TotalSeconds:0.0} s, "
            + $"first success {(recovered - restartEnded).TotalSeconds:0.0} s after it; failures: {string.Join("; ", writes.Failures)}");
        // Failures only while the server was away: none before the restart, none once writes succeeded again; and no
        // failure but a 5xx answer (a 503 while the database is out of reach), never a dropped connection.
        Assert.DoesNotContain(outcomes, o => o.At < restartBegan && o.Status is < 200 or >= 300);
        var late = outcomes.Where(o => o.At > recovered.AddSeconds(1) && o.Status is < 200 or >= 300).ToList();
        Assert.True(late.Count == 0, $"writes still failed after the node had recovered: {string.Join(", ", late)}\n{node.Output()}");
        var odd = outcomes.Where(o => o.Status is not (>= 200 and < 300) and not (>= 500 and < 600)).ToList();
        Assert.True(odd.Count == 0, $"failures other than 5xx: {string.Join(", ", odd)}");
        Assert.Contains(outcomes, o => o.At > recovered && o.Status is >= 200 and < 300);

        var stored = new HashSet<string>(StringComparer.Ordinal);
        await using (var connection = new NpgsqlConnection(cluster.ConnectionString))
        {
            await connection.OpenAsync();
            await using var read = new NpgsqlCommand("SELECT \"ExternalId\" FROM \"Practices\" WHERE \"ExternalId\" IS NOT NULL", connection);
            await using var rows = await read.ExecuteReaderAsync();
            while (await rows.ReadAsync()) stored.Add(rows.GetString(0));
        }
        var acknowledged = writes.Acknowledged.ToHashSet();
        Assert.True(acknowledged.Count >= 5, $"too few acknowledged writes to say anything: {acknowledged.Count}");
        var lost = acknowledged.Where(n => !stored.Contains(AcknowledgedWrites.ExternalId(n))).Order().ToList();
        Assert.True(lost.Count == 0, $"acknowledged but not stored: {string.Join(", ", lost)}");
        Assert.Equal(System.Net.HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
    }
}
