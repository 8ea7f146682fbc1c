using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace LearningNetwork.Tests.Infrastructure;

/// <summary>
/// Start-up on an empty database migrates, loads the reference data (GEMET alone is about 200,000 rows) and seeds the demo
/// network: seconds per app, hundreds of apps per run. The first app of a provider and seed setting does it once, as the
/// template; every later app of the same kind starts on a copy (the SQLite file copied, or PostgreSQL's
/// <c>CREATE DATABASE … TEMPLATE</c>), whose start-up then finds nothing to do. Each copy gets its own data-protection keys,
/// as a fresh installation does. Settings that change what start-up does (another seed, reference folder, database or
/// storage) make an app start from scratch, as do tests that ask for it.
/// </summary>
internal static class DatabaseTemplates
{
    private static readonly string[] StartUpSettings = ["Seed:", "ReferenceData:", "Database:", "ConnectionStrings:", "Storage:", TestApp.EnvironmentSetting];
    private static readonly ConcurrentDictionary<string, Lazy<Template>> Made = new();

    private sealed record Template(string StorageRoot, string? PostgresDatabase);

    public static bool Covers(IDictionary<string, string?>? settings) =>
        settings is null || !settings.Keys.Any(k => StartUpSettings.Any(prefix => k.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)));

    public static void CopyInto(TestApp app, Dictionary<string, string?> settings)
    {
        var template = Made.GetOrAdd(app.Provider, provider => new Lazy<Template>(() => Make(provider))).Value;
        if (app.Provider == Providers.Sqlite) CopySqlite(template, app.StorageRoot);
        else
        {
            var database = new NpgsqlConnectionStringBuilder(settings["ConnectionStrings:Postgres"]).Database!;
            using (var server = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(Providers.PostgresServer) { Pooling = false }.ToString()))
            {
                server.Open();
                using var create = server.CreateCommand();
                create.CommandText = $"CREATE DATABASE \"{database}\" TEMPLATE \"{template.PostgresDatabase}\"";
                create.ExecuteNonQuery();
            }
            using var copy = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(settings["ConnectionStrings:Postgres"]) { Pooling = false }.ToString());
            copy.Open();
            using var command = copy.CreateCommand();
            command.CommandText = "DELETE FROM \"DataProtectionKeys\"";
            command.ExecuteNonQuery();
        }
    }

    /// <summary>For an app started as its own process on SQLite with the demo network (<see cref="ServerProcess"/>).</summary>
    public static void CopyDemoSqliteInto(string storageRoot) =>
        CopySqlite(Made.GetOrAdd(Providers.Sqlite, provider => new Lazy<Template>(() => Make(provider))).Value, storageRoot);

    private static void CopySqlite(Template template, string storageRoot)
    {
        var file = Path.Combine(template.StorageRoot, "learning-network.db");
        var copy = Path.Combine(storageRoot, "learning-network.db");
        File.Copy(file, copy);
        if (File.Exists(file + "-wal")) File.Copy(file + "-wal", copy + "-wal");
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = copy, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM \"DataProtectionKeys\"";
        command.ExecuteNonQuery();
    }

    private static Template Make(string provider)
    {
        var app = new TestApp(provider, fromScratch: true) { KeepStorage = true };
        _ = app.Server; // start-up migrates, loads and seeds
        var connectionString = app.Provider == Providers.Postgres ? app.Settings["ConnectionStrings:Postgres"] : null;
        app.Dispose();
        if (connectionString is null)
        {
            // The last connection to close checkpoints the write-ahead log into the file that is copied.
            SqliteConnection.ClearAllPools();
            return new Template(app.StorageRoot, null);
        }
        var database = new NpgsqlConnectionStringBuilder(connectionString).Database!;
        // CREATE DATABASE … TEMPLATE needs the template to have no sessions: the app's pool may still hold some.
        using var server = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(Providers.PostgresServer) { Pooling = false }.ToString());
        server.Open();
        using var end = server.CreateCommand();
        end.CommandText = "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = @name AND pid <> pg_backend_pid()";
        end.Parameters.AddWithValue("name", database);
        end.ExecuteNonQuery();
        return new Template(app.StorageRoot, database);
    }
}
