using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace LearningNetwork.Tests.Infrastructure;

/// <summary>
/// Start-up on an empty database migrates, loads the reference data (GEMET alone is about 200,000 rows) and seeds the demo
/// network; then the search index is built from the database: seconds per app, hundreds of apps per run. The first app of a
/// provider and <c>Seed:Demo</c> setting does it once, as the template; every later app of the same kind starts on a copy
/// of its database (the SQLite file copied, or PostgreSQL's <c>CREATE DATABASE … TEMPLATE</c>) and of its search index: the
/// files of the index's last commit, taken once the template app is disposed (its writer closed), so the copy is one
/// consistent commit whose cursor matches the copied search log; an app whose settings name another index folder builds its
/// own. (Copies of the whole folder once seemed to lose segment files: that was two nodes of one test writing one folder,
/// since fixed by <c>Search:Folder</c>.) Each copy gets its own data-protection keys,
/// as a fresh installation does. Settings that change what start-up does (another reference folder, database or storage)
/// make an app start from scratch, as do tests that ask for it. The environment (Testing, Development) changes nothing that
/// start-up writes.
/// </summary>
internal static class DatabaseTemplates
{
    private const string SeedSetting = "Seed:Demo";
    private static readonly string[] StartUpSettings = ["Seed:", "ReferenceData:", "Database:", "ConnectionStrings:", "Storage:"];
    private static readonly ConcurrentDictionary<(string Provider, bool Demo), Lazy<Template>> Made = new();

    private sealed record Template(string StorageRoot, string? PostgresDatabase, string SearchSnapshot);

    private const string SearchFolderSetting = "Search:Folder";

    /// <summary>Whether an app with these settings (beyond TestApp's own) can start on a template: only <c>Seed:Demo</c> of the
    /// start-up settings may be among them, and it picks the template.</summary>
    public static bool Covers(IDictionary<string, string?>? settings) =>
        settings is null || settings.All(s => !StartUpSettings.Any(prefix => s.Key.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            || (string.Equals(s.Key, SeedSetting, StringComparison.OrdinalIgnoreCase) && bool.TryParse(s.Value, out _)));

    public static void CopyInto(TestApp app, Dictionary<string, string?> settings)
    {
        var demo = !settings.TryGetValue(SeedSetting, out var seed) || seed is null || bool.Parse(seed);
        var template = TemplateOf(app.Provider, demo);
        if (!settings.ContainsKey(SearchFolderSetting)) CopySearchIndex(template, app.StorageRoot);
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

    /// <summary>
    /// For the app started as its own process (<see cref="ServerProcess"/>, the verbs of <see cref="AppProcess"/>) on SQLite
    /// in <paramref name="storageRoot"/>: the database an app with this <c>Seed:Demo</c> setting would have
    /// made there, and its search index unless told not to, without making them again. Not for a test of what a fresh storage
    /// folder's first start does.
    /// </summary>
    public static void CopySqliteInto(string storageRoot, bool demo, bool searchIndex = true)
    {
        var template = TemplateOf(Providers.Sqlite, demo);
        CopySqlite(template, storageRoot);
        if (searchIndex) CopySearchIndex(template, storageRoot);
    }

    private static void CopySearchIndex(Template template, string storageRoot)
    {
        var target = Directory.CreateDirectory(Path.Combine(storageRoot, new LearningNetwork.Features.Search.SearchOptions().Folder));
        foreach (var file in Directory.EnumerateFiles(template.SearchSnapshot)) File.Copy(file, Path.Combine(target.FullName, Path.GetFileName(file)));
    }

    /// <summary>The files of the last commit of the (closed) index in <paramref name="folder"/>, copied to a folder of their own.</summary>
    private static string SnapshotSearchIndex(string folder, string snapshot)
    {
        Directory.CreateDirectory(snapshot);
        using var directory = Lucene.Net.Store.FSDirectory.Open(folder);
        var commit = Lucene.Net.Index.DirectoryReader.ListCommits(directory).OrderBy(c => c.Generation).Last();
        // Opening a reader on the commit proves every file it names is there.
        using (Lucene.Net.Index.DirectoryReader.Open(commit)) { }
        foreach (var name in commit.FileNames) File.Copy(Path.Combine(folder, name), Path.Combine(snapshot, name));
        return snapshot;
    }

    private static Template TemplateOf(string provider, bool demo) =>
        Made.GetOrAdd((provider, demo), key => new Lazy<Template>(() => Make(key.Provider, key.Demo))).Value;

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

    private static Template Make(string provider, bool demo)
    {
        var app = new TestApp(provider, new Dictionary<string, string?> { [SeedSetting] = demo ? "true" : "false" }, fromScratch: true) { KeepStorage = true };
        // Start-up migrates, loads and seeds; the template is taken once the host runs and its index is built (nothing writes after).
        var index = app.Service<LearningNetwork.Features.Search.SearchIndex>();
        for (var waited = 0; !index.Ready && waited < 1200; waited++) Thread.Sleep(100);
        if (!index.Ready) throw new TimeoutException("The template app's search index was not built within 2 minutes.");
        var connectionString = app.Provider == Providers.Postgres ? app.Settings["ConnectionStrings:Postgres"] : null;
        var folder = index.Folder;
        app.Dispose();
        var snapshot = SnapshotSearchIndex(folder, Path.Combine(app.StorageRoot, "search-template"));
        if (connectionString is null)
        {
            // The last connection to close checkpoints the write-ahead log into the file that is copied.
            SqliteConnection.ClearAllPools();
            return new Template(app.StorageRoot, null, snapshot);
        }
        var database = new NpgsqlConnectionStringBuilder(connectionString).Database!;
        // CREATE DATABASE … TEMPLATE needs the template to have no sessions: the app's pool may still hold some.
        using var server = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(Providers.PostgresServer) { Pooling = false }.ToString());
        server.Open();
        using var end = server.CreateCommand();
        end.CommandText = "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = @name AND pid <> pg_backend_pid()";
        end.Parameters.AddWithValue("name", database);
        end.ExecuteNonQuery();
        return new Template(app.StorageRoot, database, snapshot);
    }
}
