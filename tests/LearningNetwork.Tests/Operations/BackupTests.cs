using System.Data.Common;
using LearningNetwork.Data;
using LearningNetwork.Domain;
using LearningNetwork.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace LearningNetwork.Tests.Operations;

/// <summary>
/// <c>backup FILE</c> and <c>restore FILE</c> as an operator runs them (the built app as a process): a backup taken while
/// the node runs and writes, restored into a fresh storage folder or database, holds the same rows, and a node starts on
/// it; a restore refuses a database that is not empty unless told <c>--force</c>.
/// </summary>
public sealed class BackupTests
{
    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_backup_taken_while_the_node_writes_restores_into_a_fresh_database_with_the_same_content(string provider)
    {
        using var app = new TestApp(provider);
        _ = app.Server;
        var marker = "backup-marker-" + Guid.NewGuid().ToString("N");
        await AuditAsync(app, marker);
        var source = Connection(provider, app.Settings);
        var before = await CountsAsync(provider, source);
        Assert.True(before.GetValueOrDefault("Practices") > 0, "the demo network should be there");

        // The node keeps writing while the backup runs.
        using var stop = new CancellationTokenSource();
        var writer = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested) { await AuditAsync(app, "during-backup"); await Task.Delay(20); }
        });
        var file = Path.Combine(Directory.CreateTempSubdirectory("ln-backup-").FullName, "network.backup");
        var (exit, output, error) = await AppProcess.RunAsync(["backup", file, .. Arguments(app.Settings)]);
        await stop.CancelAsync();
        await writer;
        Assert.True(exit == 0, error + output);
        Assert.Contains("Backed up", output, StringComparison.Ordinal);
        Assert.True(new FileInfo(file).Length > 0);
        Assert.False(File.Exists(file + ".partial"));
        var after = await CountsAsync(provider, source);

        // Restore into a fresh place.
        var fresh = FreshSettings(provider);
        (exit, output, error) = await AppProcess.RunAsync(["restore", file, .. Arguments(fresh)]);
        Assert.True(exit == 0, error + output);
        var restored = await CountsAsync(provider, Connection(provider, fresh));

        Assert.Equal(before.Keys.Order(), restored.Keys.Order());
        foreach (var (table, count) in before.Where(t => t.Key != "AuditEntries"))
            Assert.True(restored[table] == count, $"{table}: {count} rows before the backup, {restored[table]} restored");
        Assert.InRange(restored["AuditEntries"], before["AuditEntries"], after["AuditEntries"]);
        Assert.Equal(1L, await ScalarAsync(provider, Connection(provider, fresh), $"SELECT count(*) FROM \"AuditEntries\" WHERE \"Details\" = '{marker}'"));

        // Not over a database that holds something, unless forced.
        (exit, _, error) = await AppProcess.RunAsync(["restore", file, .. Arguments(fresh)]);
        Assert.Equal(1, exit);
        Assert.Contains("not empty", error, StringComparison.Ordinal);
        Assert.Contains("--force", error, StringComparison.Ordinal);
        (exit, output, error) = await AppProcess.RunAsync(["restore", file, "--force", .. Arguments(fresh)]);
        Assert.True(exit == 0, error + output);
        Assert.Equal(restored, await CountsAsync(provider, Connection(provider, fresh)));

        // A node starts on the restored database and serves its content.
        using var node = new TestApp(provider, fresh!.Where(s => s.Key != "Database:Provider").ToDictionary());
        using var client = node.Client();
        Assert.Equal(System.Net.HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await client.GetAsync("/en/practices")).StatusCode);
    }

    [Fact]
    public async Task Backup_and_restore_take_one_file_and_say_what_is_wrong()
    {
        Assert.Equal(2, (await AppProcess.RunAsync("backup")).ExitCode);
        Assert.Equal(2, (await AppProcess.RunAsync("restore")).ExitCode);
        var root = Directory.CreateTempSubdirectory("ln-backup-").FullName;
        var (exit, _, error) = await AppProcess.RunAsync("restore", Path.Combine(root, "missing.backup"), $"--Storage:Root={root}");
        Assert.Equal(1, exit);
        Assert.Contains("there is no file", error, StringComparison.Ordinal);
        await File.WriteAllTextAsync(Path.Combine(root, "not-a.backup"), "hello");
        (exit, _, error) = await AppProcess.RunAsync("restore", Path.Combine(root, "not-a.backup"), $"--Storage:Root={root}");
        Assert.Equal(1, exit);
        Assert.Contains("not a SQLite backup", error, StringComparison.Ordinal);
        (exit, _, error) = await AppProcess.RunAsync("backup", Path.Combine(root, "x.backup"), $"--Storage:Root={Path.Combine(root, "empty")}");
        Assert.Equal(1, exit);
        Assert.Contains("there is no database", error, StringComparison.Ordinal);
    }

    private static async Task AuditAsync(TestApp app, string details)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<LearningNetworkDb>();
        db.AuditEntries.Add(new AuditEntry { At = DateTime.UtcNow, Action = "test.backup", Subject = "test", Details = details });
        await db.SaveChangesAsync();
    }

    private static Dictionary<string, string?> FreshSettings(string provider) => provider == Providers.Sqlite
        ? new() { ["Storage:Root"] = Directory.CreateTempSubdirectory("ln-restore-").FullName, ["Database:Provider"] = provider }
        : new()
        {
            ["Storage:Root"] = Directory.CreateTempSubdirectory("ln-restore-").FullName, ["Database:Provider"] = provider,
            ["ConnectionStrings:Postgres"] = CreatedPostgresDatabase(),
        };

    private static string CreatedPostgresDatabase()
    {
        var connection = Providers.NewPostgresDatabase();
        using var server = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(Providers.PostgresServer) { Pooling = false }.ToString());
        server.Open();
        using var create = server.CreateCommand();
        create.CommandText = $"CREATE DATABASE \"{new NpgsqlConnectionStringBuilder(connection).Database}\"";
        create.ExecuteNonQuery();
        return connection;
    }

    private static string[] Arguments(IReadOnlyDictionary<string, string?> settings) =>
        settings.Where(s => s.Key is "Storage:Root" or "Database:Provider" or "ConnectionStrings:Postgres").Select(s => $"--{s.Key}={s.Value}").ToArray();

    private static string Connection(string provider, IReadOnlyDictionary<string, string?> settings) => provider == Providers.Sqlite
        ? new SqliteConnectionStringBuilder { DataSource = Path.Combine(settings["Storage:Root"]!, "learning-network.db"), Pooling = false }.ToString()
        : new NpgsqlConnectionStringBuilder(settings["ConnectionStrings:Postgres"]) { Pooling = false }.ToString();

    private static DbConnection Open(string provider, string connection) =>
        provider == Providers.Sqlite ? new SqliteConnection(connection) : new NpgsqlConnection(connection);

    private static async Task<long> ScalarAsync(string provider, string connection, string sql)
    {
        await using var c = Open(provider, connection);
        await c.OpenAsync();
        await using var command = c.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Every table of the database and its number of rows.</summary>
    private static async Task<Dictionary<string, long>> CountsAsync(string provider, string connection)
    {
        var tables = new List<string>();
        await using (var c = Open(provider, connection))
        {
            await c.OpenAsync();
            await using var list = c.CreateCommand();
            list.CommandText = provider == Providers.Sqlite
                ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
                : "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'";
            await using var rows = await list.ExecuteReaderAsync();
            while (await rows.ReadAsync()) tables.Add(rows.GetString(0));
        }
        var counts = new Dictionary<string, long>();
        foreach (var table in tables) counts[table] = await ScalarAsync(provider, connection, $"SELECT count(*) FROM \"{table}\"");
        return counts;
    }
}
