using System.Data.Common;
using System.Runtime.Loader;
using LearningNetwork.Infrastructure;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Options;

namespace LearningNetwork.Data;

public enum DatabaseProvider { Sqlite, Postgres }

/// <summary><c>Database:Provider</c> (Sqlite by default) and, for PostgreSQL, <c>ConnectionStrings:Postgres</c> (the primary: every
/// write and every read before a write) and optionally <c>ConnectionStrings:PostgresRead</c> (the <see cref="ReadDb"/>).</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>SQLite file name inside Storage:Root.</summary>
    public string SqliteFile { get; set; } = "learning-network.db";
}

public static class DataSetup
{
    public const string SqliteMigrationsAssembly = "LearningNetwork.Migrations.Sqlite";
    public const string PostgresMigrationsAssembly = "LearningNetwork.Migrations.Postgres";

    /// <remarks>Options are read when the context is first resolved, not at registration, so that tests and
    /// verbs can override them through configuration; then kept (building them for every request cost a tenth of an
    /// uncached page's time).</remarks>
    public static void AddData(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<DatabaseOptions>()
            .Bind(builder.Configuration.GetSection(DatabaseOptions.Section))
            .Validate<IConfiguration>((o, configuration) => o.Provider != DatabaseProvider.Postgres ||
                !string.IsNullOrWhiteSpace(configuration.GetConnectionString("Postgres")),
                "Database:Provider is Postgres but ConnectionStrings:Postgres is not set.")
            .ValidateOnStart();
        builder.Services.AddDbContext<LearningNetworkDb>((services, db) =>
        {
            var options = services.GetRequiredService<IOptions<DatabaseOptions>>().Value;
            var connectionString = options.Provider == DatabaseProvider.Sqlite
                ? SqliteConnectionString(services.GetRequiredService<IOptions<StorageOptions>>().Value.PathTo(options.SqliteFile))
                : services.GetRequiredService<IConfiguration>().GetConnectionString("Postgres")!;
            Configure(db, options.Provider, connectionString);
            // Every write evicts the cached pages it changes (Infrastructure/Web/PageCacheInvalidation).
            if (services.GetService<Infrastructure.Web.PageCacheInvalidation>() is { } pages) db.AddInterceptors(pages);
        }, optionsLifetime: ServiceLifetime.Singleton); // built once, at the first context: they read only settings and singletons
        // The read-only context on ConnectionStrings:PostgresRead (the primary's string without it, and on SQLite): options
        // built once, a context per scope, disposed with it.
        builder.Services.AddKeyedSingleton(ReadDb.Key, (services, _) => ReadDb.Options(services));
        builder.Services.AddKeyedScoped(ReadDb.Key, (services, key) =>
            new LearningNetworkDb(services.GetRequiredKeyedService<DbContextOptions<LearningNetworkDb>>(key)));
        // Registered before data protection, whose own start-up service reads its keys from the database:
        // hosted services start in registration order, and the tables must exist first.
        builder.Services.AddSingleton<DatabaseStatus>();
        builder.Services.AddHostedService<DatabaseInitializer>();
        builder.Services.AddDataProtection().SetApplicationName("LearningNetwork").PersistKeysToDbContext<LearningNetworkDb>();
    }

    public static string SqliteConnectionString(string file)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        return new SqliteConnectionStringBuilder { DataSource = file, Pooling = true, DefaultTimeout = 30 }.ToString();
    }

    /// <summary>Provider setup shared by the app and the design-time factory.</summary>
    public static void Configure(DbContextOptionsBuilder db, DatabaseProvider provider, string connectionString)
    {
        EnsureMigrationsAssembliesResolve();
        if (provider == DatabaseProvider.Sqlite)
        {
            db.UseSqlite(connectionString, o => o.MigrationsAssembly(SqliteMigrationsAssembly));
            db.AddInterceptors(SqliteDurability.Instance);
        }
        else
        {
            db.UseNpgsql(connectionString, o => o.MigrationsAssembly(PostgresMigrationsAssembly));
        }
    }

    private static int _resolverInstalled;

    /// <summary>
    /// The migrations assemblies are copied next to the app by the build (see LearningNetwork.csproj) but are
    /// not in its dependency manifest, so the default load context is taught to find them there.
    /// </summary>
    private static void EnsureMigrationsAssembliesResolve()
    {
        if (Interlocked.Exchange(ref _resolverInstalled, 1) == 1) return;
        AssemblyLoadContext.Default.Resolving += (context, name) =>
        {
            if (name.Name is not (SqliteMigrationsAssembly or PostgresMigrationsAssembly)) return null;
            var path = Path.Combine(AppContext.BaseDirectory, name.Name + ".dll");
            return File.Exists(path) ? context.LoadFromAssemblyPath(path) : null;
        };
    }

    /// <summary>Is this exception the database being out of reach (as opposed to a bug or bad data)?</summary>
    public static bool IsUnreachable(Exception e) => e switch
    {
        Npgsql.NpgsqlException { InnerException: System.Net.Sockets.SocketException or TimeoutException or IOException } => true,
        Npgsql.NpgsqlException n when n.IsTransient => true,
        SqliteException s => s.SqliteErrorCode is 14 /* CANTOPEN */ or 5 /* BUSY */ or 10 /* IOERR */,
        DbException when e.InnerException is not null => IsUnreachable(e.InnerException),
        InvalidOperationException when e.InnerException is not null => IsUnreachable(e.InnerException),
        _ => false,
    };
}

/// <summary>
/// The read side: a <see cref="LearningNetworkDb"/> asked for as <c>[FromKeyedServices(ReadDb.Key)] LearningNetworkDb</c>, on
/// <c>ConnectionStrings:PostgresRead</c> when it is set (typically several hosts with <c>Target Session Attributes=prefer-standby</c>:
/// a streaming standby, the primary when none answers), else on the primary's string. It never tracks and refuses
/// <c>SaveChanges</c>. Its contract: what it reads may be behind the primary by the standby's replication lag, so it is used only
/// by reads that accept that and that nothing is written from: the public lists (practices, partners), the search page's
/// facet names, the Atom feeds and the API's list GETs, and the page cache's change-log replay (which evicts pages once the
/// standby has the change, so a page rendered from a lagging standby is not kept). Never for a read before a write, a page
/// that shows the reader what they just wrote (an item's own page, its edit form, a person's drafts), the search index's
/// replay, leases, sessions, keys or anything of a signed-in person's rights.
/// </summary>
public static class ReadDb
{
    public const string Key = "read";

    /// <summary><c>ConnectionStrings:PostgresRead</c>.</summary>
    public const string ConnectionStringName = "PostgresRead";

    internal static DbContextOptions<LearningNetworkDb> Options(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<DatabaseOptions>>().Value;
        var configuration = services.GetRequiredService<IConfiguration>();
        var connectionString = options.Provider == DatabaseProvider.Sqlite
            ? DataSetup.SqliteConnectionString(services.GetRequiredService<IOptions<StorageOptions>>().Value.PathTo(options.SqliteFile))
            : configuration.GetConnectionString(ConnectionStringName) is { Length: > 0 } read ? read : configuration.GetConnectionString("Postgres")!;
        var db = new DbContextOptionsBuilder<LearningNetworkDb>();
        DataSetup.Configure(db, options.Provider, connectionString);
        db.UseApplicationServiceProvider(services);
        db.UseLoggerFactory(services.GetRequiredService<ILoggerFactory>()); // its commands logged like the primary's
        db.UseQueryTrackingBehavior(QueryTrackingBehavior.NoTracking);
        db.AddInterceptors(NoWrites.Instance);
        return db.Options;
    }

    private sealed class NoWrites : SaveChangesInterceptor
    {
        public static readonly NoWrites Instance = new();

        public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result) => throw Refused();

        public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
            CancellationToken cancellationToken = default) => throw Refused();

        private static InvalidOperationException Refused() =>
            new("The read context (ReadDb) does not write: save through LearningNetworkDb, on the primary.");
    }
}

/// <summary>
/// SQLite durability: write-ahead log with synchronous FULL, so an acknowledged write survives a kill or
/// power loss; foreign keys enforced; writers wait for each other instead of failing at once.
/// </summary>
internal sealed class SqliteDurability : DbConnectionInterceptor
{
    public static readonly SqliteDurability Instance = new();

    private const string Pragmas = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=30000;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
