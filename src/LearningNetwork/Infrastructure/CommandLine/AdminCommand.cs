using LearningNetwork.Data;
using LearningNetwork.Domain;
using LearningNetwork.ReferenceData;
using Microsoft.AspNetCore.Identity;

namespace LearningNetwork.Infrastructure.CommandLine;

/// <summary>
/// The admin verbs of the executable: <c>LearningNetwork VERB [ARGS] [--Key=Value ...]</c>. A verb builds the
/// same host as the server (so it takes the same configuration switches), does its work and exits: 0 on
/// success, 1 on failure, 2 on a usage error, always with a clear message.
/// </summary>
public sealed class AdminCommand
{
    public const string Help = """
        Regions & Biodiversity Learning Network

        Usage:
          LearningNetwork                      start the web server
          LearningNetwork migrate              apply database migrations and load the reference data
          LearningNetwork create-admin EMAIL   create a network administrator account (prints a one-time password)
          LearningNetwork export FILE          write the public content as schema.org JSON-LD (docs/interchange.md)
          LearningNetwork import FILE          import a JSON-LD file: all or nothing, idempotent by @id; prints a report
          LearningNetwork reindex              rebuild this node's search index from the database (with the node stopped)
          LearningNetwork send-digests         send the follow digests due now (as the nodes do every Follows:Interval)
          LearningNetwork backup FILE          write a consistent copy of the database to FILE, nodes may keep running
                                               (SQLite: online backup; PostgreSQL: pg_dump custom format)
          LearningNetwork restore FILE         load a backup into an empty database (stop the nodes first);
                    [--force]                  --force replaces a database that is not empty
          LearningNetwork --help               show this help

        Every verb takes the server's configuration switches, for example:
          --Storage:Root=DIR                   the folder of all local state (default: ./data)
          --Database:Provider=Postgres --ConnectionStrings:Postgres="Host=...;Database=..."
          --Seed:Demo=false                    do not load the demo network into an empty database
        """;

    private static readonly string[] Verbs = ["migrate", "create-admin", "export", "import", "reindex", "backup", "restore", "send-digests"];

    private AdminCommand(string? verb, string[] verbArgs, string[] configurationArgs, int? exit, bool force = false)
    {
        Force = force;
        Verb = verb;
        VerbArgs = verbArgs;
        ConfigurationArgs = configurationArgs;
        Exit = exit;
    }

    public string? Verb { get; }
    public string[] VerbArgs { get; }
    /// <summary><c>--force</c> given to <c>restore</c>: replace a database that is not empty.</summary>
    public bool Force { get; }
    /// <summary>What the host's configuration reads: everything but the verb and its own arguments.</summary>
    public string[] ConfigurationArgs { get; }
    /// <summary>Set when the command line is answered without building a host (help, usage errors).</summary>
    public int? Exit { get; }

    public static AdminCommand Parse(string[] args)
    {
        if (args.Any(a => a is "--help" or "-h" or "help" or "-?"))
        {
            Console.WriteLine(Help);
            return new AdminCommand(null, [], [], 0);
        }
        if (args.Length == 0 || args[0].StartsWith('-')) return new AdminCommand(null, [], args, null);

        var verb = args[0];
        if (!Verbs.Contains(verb))
        {
            Console.Error.WriteLine($"Unknown verb '{verb}'.\n\n{Help}");
            return new AdminCommand(null, [], [], 2);
        }
        var force = verb == "restore" && args.Contains("--force");
        if (force) args = args.Where(a => a != "--force").ToArray();
        var positional = args.Skip(1).TakeWhile(a => !a.StartsWith('-')).ToArray();
        var configuration = args.Skip(1 + positional.Length).ToArray();
        var expected = verb is "create-admin" or "export" or "import" or "backup" or "restore" ? 1 : 0;
        if (positional.Length != expected)
        {
            Console.Error.WriteLine($"'{verb}' takes {(expected == 0 ? "no argument" : "one argument")}.\n\n{Help}");
            return new AdminCommand(null, [], [], 2);
        }
        return new AdminCommand(verb, positional, configuration, null, force);
    }

    public async Task<int> RunAsync(WebApplication app)
    {
        try
        {
            return Verb switch
            {
                "migrate" => await MigrateAsync(app.Services),
                "create-admin" => await CreateAdminAsync(app.Services, VerbArgs[0]),
                "export" => await ExportAsync(app.Services, VerbArgs[0]),
                "import" => await ImportAsync(app.Services, VerbArgs[0]),
                "reindex" => await ReindexAsync(app.Services),
                "send-digests" => await SendDigestsAsync(app.Services),
                "backup" => await BackupAsync(app.Services, VerbArgs[0]),
                "restore" => await RestoreAsync(app.Services, VerbArgs[0], Force),
                _ => 2,
            };
        }
        catch (Operations.BackupException e)
        {
            await Console.Error.WriteLineAsync($"{Verb} failed: {e.Message}");
            return 1;
        }
        catch (ReferenceDataException e)
        {
            await Console.Error.WriteLineAsync($"{Verb} failed: {e.Message}");
            return 1;
        }
        catch (Exception e) when (DataSetup.IsUnreachable(e))
        {
            await Console.Error.WriteLineAsync($"{Verb} failed: the database cannot be reached ({e.Message}).");
            return 1;
        }
    }

    private static async Task<int> MigrateAsync(IServiceProvider services)
    {
        await DatabaseInitializer.InitializeAsync(services, CancellationToken.None);
        Console.WriteLine("The database is up to date and the reference data is loaded.");
        return 0;
    }

    private static async Task<int> ExportAsync(IServiceProvider services, string file)
    {
        await DatabaseInitializer.InitializeAsync(services, CancellationToken.None);
        using var scope = services.CreateScope();
        var graph = await scope.ServiceProvider.GetRequiredService<Features.Interchange.InterchangeExporter>().ExportAsync(CancellationToken.None);
        var full = Path.GetFullPath(file);
        var temporary = full + ".partial";
        try
        {
            await File.WriteAllTextAsync(temporary, graph.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
            File.Move(temporary, full, overwrite: true); // a reader never sees half a file
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await Console.Error.WriteLineAsync($"export failed: cannot write {full} ({e.Message}).");
            return 1;
        }
        Console.WriteLine($"Exported {graph["@graph"]!.AsArray().Count} items to {full}.");
        return 0;
    }

    private static async Task<int> BackupAsync(IServiceProvider services, string file)
    {
        var written = await services.GetRequiredService<Operations.Backups>().BackupAsync(file, CancellationToken.None);
        Console.WriteLine($"Backed up the database to {written} ({new FileInfo(written).Length / 1024} KB).");
        return 0;
    }

    /// <summary>Restores without migrating first (that would make the database non-empty); the next start migrates a backup
    /// of an older release.</summary>
    private static async Task<int> RestoreAsync(IServiceProvider services, string file, bool force)
    {
        var where = await services.GetRequiredService<Operations.Backups>().RestoreAsync(file, force, CancellationToken.None);
        Console.WriteLine($"Restored {Path.GetFullPath(file)} into {where}. Start the nodes: each rebuilds its search index (delete Storage:Root/search on the other nodes first).");
        return 0;
    }

    /// <summary>Claims and sends the digests due now, as the hosted job does: safe beside running nodes (each digest is claimed once).</summary>
    private static async Task<int> SendDigestsAsync(IServiceProvider services)
    {
        await DatabaseInitializer.InitializeAsync(services, CancellationToken.None);
        var sent = await services.GetRequiredService<Features.Follows.DigestSender>().SendDueAsync(CancellationToken.None);
        Console.WriteLine($"{sent} digests sent.");
        return 0;
    }

    private static async Task<int> ReindexAsync(IServiceProvider services)
    {
        await DatabaseInitializer.InitializeAsync(services, CancellationToken.None);
        var index = services.GetRequiredService<Features.Search.SearchIndex>();
        try
        {
            await index.RebuildAsync(CancellationToken.None);
        }
        catch (Lucene.Net.Store.LockObtainFailedException)
        {
            await Console.Error.WriteLineAsync($"reindex failed: the index in {index.Folder} is in use by a running node. Stop the node first (or delete the folder: a node rebuilds a missing index when it starts).");
            return 1;
        }
        Console.WriteLine($"The search index in {index.Folder} is rebuilt up to search-log entry {index.Cursor}.");
        index.Dispose();
        return 0;
    }

    private static async Task<int> ImportAsync(IServiceProvider services, string file)
    {
        var info = new FileInfo(file);
        if (!info.Exists)
        {
            await Console.Error.WriteLineAsync($"import failed: there is no file {info.FullName}.");
            return 1;
        }
        if (info.Length > Features.Interchange.InterchangeImporter.MaxBytes)
        {
            await Console.Error.WriteLineAsync($"import failed: {info.FullName} is {info.Length / 1024 / 1024} MB; at most {Features.Interchange.InterchangeImporter.MaxBytes / 1024 / 1024} MB are accepted. Nothing was imported.");
            return 1;
        }
        await DatabaseInitializer.InitializeAsync(services, CancellationToken.None);
        using var scope = services.CreateScope();
        await using var stream = info.OpenRead();
        var report = await scope.ServiceProvider.GetRequiredService<Features.Interchange.InterchangeImporter>().ImportAsync(stream, CancellationToken.None);
        if (report.Ok) Console.WriteLine(report.ToString());
        else await Console.Error.WriteLineAsync("import failed: " + report);
        return report.Ok ? 0 : 1;
    }

    private static async Task<int> CreateAdminAsync(IServiceProvider services, string email)
    {
        if (!new System.ComponentModel.DataAnnotations.EmailAddressAttribute().IsValid(email) || email.Length > 256)
        {
            await Console.Error.WriteLineAsync($"create-admin failed: '{email}' is not an e-mail address.");
            return 2;
        }
        await DatabaseInitializer.InitializeAsync(services, CancellationToken.None);
        using var scope = services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<UserAccount>>();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        var clock = scope.ServiceProvider.GetRequiredService<TimeProvider>();
        foreach (var role in Roles.All)
            if (!await roles.RoleExistsAsync(role)) Check(await roles.CreateAsync(new IdentityRole(role)), "create role " + role);

        var user = await users.FindByEmailAsync(email);
        string? password = null;
        if (user is null)
        {
            user = new UserAccount { UserName = email, Email = email, EmailConfirmed = true, CreatedAt = clock.GetUtcNow().UtcDateTime };
            password = OneTimePassword();
            Check(await users.CreateAsync(user, password), "create the account");
            await Features.Accounts.PasswordChangeDue.FlagAsync(users, user); // printed, so seen: changed at the first sign-in
        }
        if (!await users.IsInRoleAsync(user, Roles.NetworkAdmin)) Check(await users.AddToRoleAsync(user, Roles.NetworkAdmin), "grant the role");

        Console.WriteLine(password is null
            ? $"{email} already had an account; it is now a network administrator."
            : $"Network administrator {email} created. One-time password (change it after signing in): {password}");
        return 0;
    }

    private static void Check(IdentityResult result, string what)
    {
        if (!result.Succeeded)
            throw new InvalidOperationException($"Could not {what}: {string.Join("; ", result.Errors.Select(e => e.Description))}");
    }

    /// <summary>24 random characters from every class Identity's default policy asks for.</summary>
    private static string OneTimePassword()
    {
        const string lower = "abcdefghijkmnopqrstuvwxyz", upper = "ABCDEFGHJKLMNPQRSTUVWXYZ", digits = "23456789", symbols = "-_.!?#%+";
        var all = lower + upper + digits + symbols;
        var chars = new List<char>
        {
            lower[System.Security.Cryptography.RandomNumberGenerator.GetInt32(lower.Length)],
            upper[System.Security.Cryptography.RandomNumberGenerator.GetInt32(upper.Length)],
            digits[System.Security.Cryptography.RandomNumberGenerator.GetInt32(digits.Length)],
            symbols[System.Security.Cryptography.RandomNumberGenerator.GetInt32(symbols.Length)],
        };
        while (chars.Count < 24) chars.Add(all[System.Security.Cryptography.RandomNumberGenerator.GetInt32(all.Length)]);
        return new string(Shuffled(chars));
    }

    private static char[] Shuffled(List<char> chars)
    {
        var array = chars.ToArray();
        System.Security.Cryptography.RandomNumberGenerator.Shuffle(array.AsSpan());
        return array;
    }
}
