using System.Collections.Concurrent;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace LearningNetwork.Tests.Infrastructure;

/// <summary>
/// The app in-process on a real database: SQLite in a fresh storage folder, or a fresh database on the
/// PostgreSQL server that ./test.sh starts (LN_TEST_POSTGRES holds its connection string).
/// </summary>
public sealed class TestApp : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings;
    private readonly Action<IServiceCollection>? _services;

    /// <param name="services">Replaces services of the app, such as its TimeProvider (a test's movable clock, which starts at
    /// the real time: what start-up writes with it is what the template's start-up wrote).</param>
    /// <param name="fromScratch">
    /// Whether the app migrates, loads the reference data, seeds its database and builds its search index itself: a test of
    /// that start-up, or one whose replaced services change what it writes, asks for it. Otherwise, when its settings do not
    /// touch what that start-up does (<see cref="DatabaseTemplates.Covers"/>), it starts on a copy of the database and index an
    /// app of the same provider and Seed:Demo setting made once in this run: the same rows, made once per run instead of once
    /// per test.
    /// </param>
    public TestApp(string provider, IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null,
        bool fromScratch = false)
    {
        _services = services;
        Provider = provider;
        StorageRoot = Directory.CreateTempSubdirectory("ln-test-").FullName;
        _settings = new Dictionary<string, string?>
        {
            ["Storage:Root"] = StorageRoot,
            ["Database:Provider"] = provider,
            ["Seed:Demo"] = "true",
            // Links in e-mails come from the public address, required outside Development. The test client's host is
            // localhost (AllowedHosts, derived from it, ignores the port); a port of its own keeps this installation's
            // exported ids apart from another TestApp's, as two real networks' are.
            ["Site:PublicUrl"] = $"http://localhost:{Random.Shared.Next(20000, 60000)}",
            // Tests sign in as coordinators made directly with a role, and every client is the same address: the tests of
            // two-factor for coordinators and of the rate limits turn these on.
            ["Accounts:RequireTwoFactorForCoordinators"] = "false",
            ["Accounts:AttemptsPerMinute"] = "0",
            ["Accounts:AttemptsPerHour"] = "0",
            // The test server speaks plain HTTP: the redirection middleware's warning about a missing HTTPS port would
            // repeat for every app the suite starts and bury the names of failed tests in the CI log.
            ["Logging:LogLevel:Microsoft.AspNetCore.HttpsPolicy"] = "Error",
        };
        if (provider == Providers.Postgres) _settings["ConnectionStrings:Postgres"] = Providers.NewPostgresDatabase();
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) _settings[key] = value;
        if (!fromScratch && DatabaseTemplates.Covers(settings)) DatabaseTemplates.CopyInto(this, _settings);
    }

    /// <summary>Keeps the storage folder when disposed: a template's database lives on in it.</summary>
    internal bool KeepStorage { get; set; }

    public string Provider { get; }
    internal IReadOnlyDictionary<string, string?> Settings => _settings;
    public string StorageRoot { get; }

    /// <summary>A setting of the tests, not of the app: the environment to run in (Testing unless given).</summary>
    public const string EnvironmentSetting = "Test:Environment";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(_settings.GetValueOrDefault(EnvironmentSetting) ?? "Testing");
        foreach (var (key, value) in _settings.Where(s => s.Key != EnvironmentSetting)) builder.UseSetting(key, value);
        if (_services is not null) builder.ConfigureTestServices(_services);
    }

    /// <summary>A client that does not follow redirects, so tests see them.</summary>
    public HttpClient Client() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    public T Service<T>() where T : notnull => Services.GetRequiredService<T>();

    // What outlives the host unless released by hand, and so kept every disposed app of the suite reachable (about 67 MB
    // each; one test host of the whole suite grew past 20 GB): the process-wide SQLite and Npgsql pools keep a pool per
    // database, whose timers captured the execution context of the app's start-up (in which HostFactoryResolver's
    // listener holds this factory); the host does not dispose its environment's file providers, whose polling timer
    // (test.sh turns polling on) holds change tokens whose callbacks captured a request's context. Taken when the host
    // is built, while its services are alive.
    private string? _connectionString;
    private bool _sqlite; // the app's own provider: a test's settings may name another than the one this factory was made for
    private readonly List<IFileProvider> _fileProviders = [];

    protected override IHost CreateHost(IHostBuilder builder)
    {
        var host = base.CreateHost(builder);
        var environment = host.Services.GetRequiredService<IWebHostEnvironment>();
        _fileProviders.AddRange([environment.WebRootFileProvider, environment.ContentRootFileProvider]);
        using var scope = host.Services.CreateScope();
        var database = scope.ServiceProvider.GetRequiredService<LearningNetwork.Data.LearningNetworkDb>().Database;
        _connectionString = database.GetConnectionString();
        _sqlite = database.IsSqlite();
        return host;
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing) ReleaseProcessWideState();
        if (KeepStorage) return;
        try { Directory.Delete(StorageRoot, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private void ReleaseProcessWideState()
    {
        foreach (var provider in _fileProviders.OfType<IDisposable>()) provider.Dispose();
        _fileProviders.Clear();
        if (_connectionString is not { } connectionString) return;
        _connectionString = null;
        if (_sqlite)
        {
            using var connection = new SqliteConnection(connectionString);
            SqliteConnection.ClearPool(connection);
        }
        else
        {
            using var connection = new NpgsqlConnection(connectionString);
            NpgsqlConnection.ClearPool(connection);
        }
    }
}

/// <summary>The providers data tests run on: SQLite always; PostgreSQL when ./test.sh started it, and in CI always.</summary>
public static class Providers
{
    public const string Sqlite = "Sqlite";
    public const string Postgres = "Postgres";

    public static string? PostgresServer => Environment.GetEnvironmentVariable("LN_TEST_POSTGRES");

    public static TheoryData<string> All
    {
        get
        {
            var data = new TheoryData<string> { Sqlite };
            if (PostgresServer is not null || Environment.GetEnvironmentVariable("CI") is not null) data.Add(Postgres);
            return data;
        }
    }

    /// <summary>
    /// SQLite only, for theories whose subject does not depend on the database: what a translation engine, the thesaurus
    /// or the concept extractor makes of a text, the language a page or a reason speaks, which token a form takes. Their
    /// PostgreSQL twins proved nothing the data tests do not and were the largest share of the suite's time
    /// (bench/results/suite-2026-12-08.md); a test that writes, reads back, filters or counts rows stays on <see cref="All"/>.
    /// </summary>
    public static TheoryData<string> NotData => new() { Sqlite };

    public static string NewPostgresDatabase()
    {
        var server = PostgresServer ?? throw new InvalidOperationException("LN_TEST_POSTGRES is not set: run the tests through ./test.sh.");
        return new NpgsqlConnectionStringBuilder(server) { Database = "ln_test_" + Guid.NewGuid().ToString("N")[..12] }.ToString();
    }

    private static readonly ConcurrentDictionary<string, Lazy<TestApp>> Shared = new();

    /// <summary>One app per provider for the whole run, seeded with the demo network, for tests that only read.</summary>
    public static TestApp SharedApp(string provider) =>
        Shared.GetOrAdd(provider, p => new Lazy<TestApp>(() =>
        {
            var app = new TestApp(p);
            _ = app.Server; // start it, so that its initialisation runs once, here
            return app;
        })).Value;
}
