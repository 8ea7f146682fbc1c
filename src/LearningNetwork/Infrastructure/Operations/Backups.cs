using System.Diagnostics;
using LearningNetwork.Data;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Npgsql;

namespace LearningNetwork.Infrastructure.Operations;

/// <summary>
/// The <c>backup FILE</c> and <c>restore FILE [--force]</c> verbs (docs/operations.md). Everything worth keeping is in the
/// database — content, accounts, uploaded files, the data-protection keys, the search log — so a backup is the database;
/// a node's search index is rebuilt from it.
/// SQLite: SQLite's online backup API (a consistent snapshot while nodes keep writing), to a file that is itself a SQLite
/// database. PostgreSQL: <c>pg_dump --format=custom</c>, read back by <c>pg_restore</c>, both found on PATH or under
/// /usr/lib/postgresql/*/bin (the newest; it must not be older than the server). A backup is written beside its name and
/// renamed when complete, so a file with that name is always a whole backup.
/// A restore refuses a database that already holds tables unless <c>--force</c> is given, and then replaces it whole.
/// </summary>
public sealed class Backups(IOptions<DatabaseOptions> database, IOptions<StorageOptions> storage, IConfiguration configuration)
{
    private DatabaseOptions Database => database.Value;
    private string SqliteFile => storage.Value.PathTo(Database.SqliteFile);
    private string PostgresConnection => configuration.GetConnectionString("Postgres")!;

    public async Task<string> BackupAsync(string file, CancellationToken ct)
    {
        var full = Path.GetFullPath(file);
        var partial = full + ".partial";
        File.Delete(partial);
        try
        {
            if (Database.Provider == DatabaseProvider.Sqlite)
            {
                if (!File.Exists(SqliteFile)) throw new BackupException($"there is no database at {SqliteFile}.");
                await using (var source = new SqliteConnection(DataSetup.SqliteConnectionString(SqliteFile)))
                await using (var target = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = partial, Pooling = false }.ToString()))
                {
                    await source.OpenAsync(ct);
                    await target.OpenAsync(ct);
                    source.BackupDatabase(target); // one step: a consistent snapshot, however busy the writers
                    await using var check = target.CreateCommand();
                    check.CommandText = "PRAGMA quick_check";
                    var verdict = (string?)await check.ExecuteScalarAsync(ct);
                    if (verdict != "ok") throw new BackupException($"the copy failed its check ({verdict}).");
                }
            }
            else
            {
                await PgToolAsync("pg_dump", ["--format=custom", "--no-owner", "--no-privileges", "--file", partial], ct);
            }
            File.Move(partial, full, overwrite: true);
            return full;
        }
        finally
        {
            File.Delete(partial);
        }
    }

    /// <summary>Restores a backup into the configured database (which must be empty, unless <paramref name="force"/>).</summary>
    public async Task<string> RestoreAsync(string file, bool force, CancellationToken ct)
    {
        var full = Path.GetFullPath(file);
        if (!File.Exists(full)) throw new BackupException($"there is no file {full}.");
        string where;
        if (Database.Provider == DatabaseProvider.Sqlite)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(SqliteFile)!);
            await using (var source = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = full, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString()))
            await using (var target = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = SqliteFile, Pooling = false }.ToString()))
            {
                try
                {
                    await source.OpenAsync(ct);
                    await using var check = source.CreateCommand();
                    check.CommandText = "PRAGMA quick_check";
                    if ((string?)await check.ExecuteScalarAsync(ct) != "ok") throw new BackupException($"{full} is not a sound SQLite database.");
                }
                catch (SqliteException e)
                {
                    throw new BackupException($"{full} is not a SQLite backup ({e.Message}).");
                }
                await target.OpenAsync(ct);
                if (!force && await SqliteTablesAsync(target, ct) > 0)
                    throw new BackupException($"the database {SqliteFile} is not empty. Stop the nodes and add --force to replace it.");
                source.BackupDatabase(target);
            }
            where = SqliteFile;
        }
        else
        {
            await using (var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(PostgresConnection) { Pooling = false }.ToString()))
            {
                await connection.OpenAsync(ct);
                await using var count = new NpgsqlCommand(
                    "SELECT count(*) FROM information_schema.tables WHERE table_schema NOT IN ('pg_catalog', 'information_schema')", connection);
                if (!force && (long)(await count.ExecuteScalarAsync(ct))! > 0)
                    throw new BackupException($"the database {connection.Database} is not empty. Stop the nodes and add --force to replace it.");
            }
            // One transaction: a restore that fails half-way leaves the database as it was.
            await PgToolAsync("pg_restore", ["--no-owner", "--no-privileges", "--single-transaction", "--exit-on-error",
                .. force ? new[] { "--clean", "--if-exists" } : [], "--dbname", new NpgsqlConnectionStringBuilder(PostgresConnection).Database ?? "postgres", full], ct);
            where = "database " + new NpgsqlConnectionStringBuilder(PostgresConnection).Database;
        }
        // This node's search index describes the database before the restore: it is rebuilt at the next start.
        var folder = configuration[$"{Features.Search.SearchOptions.Section}:Folder"] ?? "search";
        var index = Path.IsPathRooted(folder) ? folder : storage.Value.PathTo(folder);
        if (Directory.Exists(index)) Directory.Delete(index, recursive: true);
        return where;
    }

    private static async Task<long> SqliteTablesAsync(SqliteConnection connection, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'";
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }

    /// <summary>Runs pg_dump or pg_restore with the connection's settings in libpq's environment variables (the password
    /// never on the command line, where <c>ps</c> would show it).</summary>
    private async Task PgToolAsync(string tool, string[] args, CancellationToken ct)
    {
        var path = FindPgTool(tool) ?? throw new BackupException($"{tool} was found neither on PATH nor under /usr/lib/postgresql/*/bin: install the PostgreSQL client (Debian: postgresql-client).");
        var c = new NpgsqlConnectionStringBuilder(PostgresConnection);
        var start = new ProcessStartInfo(path) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) start.ArgumentList.Add(a);
        // Npgsql's Host may list several hosts, each with its own port ("a:5432,b:5433"): libpq takes the same lists.
        var hosts = (c.Host ?? "localhost").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        start.Environment["PGHOST"] = string.Join(',', hosts.Select(h => HostPart(h).Host));
        start.Environment["PGPORT"] = string.Join(',', hosts.Select(h => HostPart(h).Port ?? c.Port));
        if (c.Username is { Length: > 0 } user) start.Environment["PGUSER"] = user;
        if (c.Password is { Length: > 0 } password) start.Environment["PGPASSWORD"] = password;
        if (c.Database is { Length: > 0 } name) start.Environment["PGDATABASE"] = name;
        start.Environment["PGSSLMODE"] = c.SslMode switch
        {
            SslMode.Disable => "disable", SslMode.Allow => "allow", SslMode.Require => "require",
            SslMode.VerifyCA => "verify-ca", SslMode.VerifyFull => "verify-full", _ => "prefer",
        };
        // A dump is taken from the primary: a standby may lag behind.
        if (hosts.Length > 1) start.Environment["PGTARGETSESSIONATTRS"] = "read-write";
        start.Environment["PGCONNECT_TIMEOUT"] = "15";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(ct);
        var error = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        if (process.ExitCode != 0)
            throw new BackupException($"{tool} exited with {process.ExitCode}: {(await error).Trim()} {(await output).Trim()}".Trim());
    }

    private static (string Host, int? Port) HostPart(string host)
    {
        var colon = host.LastIndexOf(':');
        return colon > 0 && !host.EndsWith(']') && int.TryParse(host[(colon + 1)..], out var port) ? (host[..colon], port) : (host, null);
    }

    public static string? FindPgTool(string tool)
    {
        foreach (var folder in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
            if (File.Exists(Path.Combine(folder, tool))) return Path.Combine(folder, tool);
        return Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(d => (Major: int.TryParse(Path.GetFileName(d), out var m) ? m : 0, Tool: Path.Combine(d, "bin", tool)))
                .Where(x => File.Exists(x.Tool)).OrderByDescending(x => x.Major).Select(x => x.Tool).FirstOrDefault()
            : null;
    }
}

/// <summary>A backup or restore that could not be done, with a message for the operator.</summary>
public sealed class BackupException(string message) : Exception(message);
