using System.Diagnostics;

namespace LearningNetwork.Tests.Faults;

/// <summary>
/// A PostgreSQL cluster of the test's own (initdb on a temporary folder, a free port), as ./test.sh makes one, so that a
/// test may restart it without disturbing the server other tests share. As root the cluster belongs to the postgres user
/// (initdb refuses root). Disposing stops it (immediately) and deletes its folder.
/// </summary>
public sealed class ThrowawayPostgres : IAsyncDisposable
{
    private readonly string _bin;
    private readonly string _folder;
    private readonly bool _asPostgres;
    private readonly string _user;

    private ThrowawayPostgres(string bin, string folder, bool asPostgres, int port, string user)
    {
        _user = user;
        _bin = bin;
        _folder = folder;
        _asPostgres = asPostgres;
        Port = port;
        ConnectionString = $"Host=127.0.0.1;Port={port};Username={user};Database=postgres";
    }

    public int Port { get; }
    public string ConnectionString { get; }
    private string Data => Path.Combine(_folder, "data");

    /// <summary>The newest installed server's bin folder, or null when none is installed.</summary>
    public static string? Binaries =>
        Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(b => File.Exists(Path.Combine(b, "initdb")))
                .OrderBy(b => int.TryParse(Path.GetFileName(Path.GetDirectoryName(b)), out var major) ? major : 0).LastOrDefault()
            : null;

    public static async Task<ThrowawayPostgres> StartAsync()
    {
        var bin = Binaries ?? throw new InvalidOperationException("No PostgreSQL binaries under /usr/lib/postgresql/*/bin.");
        var asPostgres = Environment.UserName == "root";
        var folder = Directory.CreateTempSubdirectory("ln-faults-pg-").FullName;
        var port = KillableNode.FreePort();
        var cluster = new ThrowawayPostgres(bin, folder, asPostgres, port, asPostgres ? "postgres" : Environment.UserName);
        try
        {
            if (asPostgres) await cluster.RunAsync("/bin/chown", "postgres", folder);
            await cluster.PgAsync("initdb", "-D", cluster.Data, "-A", "trust", "-U", asPostgres ? "postgres" : Environment.UserName, "-E", "UTF8", "--locale=C.UTF-8");
            // fsync off: the fault is the server's crash (restart -m immediate), not the machine's; the OS keeps what was written.
            await cluster.PgAsync("pg_ctl", "-D", cluster.Data, "-l", Path.Combine(folder, "server.log"), "-w",
                "-o", $"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=100", "start");
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// A streaming standby of this cluster on a port of its own: <c>pg_basebackup -R</c> (a copy of the data folder plus
    /// <c>standby.signal</c> and <c>primary_conninfo</c>) started as a hot standby, which answers reads and replays what the
    /// primary writes. initdb's defaults allow it (<c>wal_level=replica</c>, WAL senders, and with <c>-A trust</c> the
    /// <c>replication</c> lines of pg_hba.conf for loopback).
    /// </summary>
    public async Task<ThrowawayPostgres> StartStandbyAsync()
    {
        var folder = Directory.CreateTempSubdirectory("ln-faults-pg-standby-").FullName;
        var standby = new ThrowawayPostgres(_bin, folder, _asPostgres, KillableNode.FreePort(), _user);
        try
        {
            if (_asPostgres) await standby.RunAsync("/bin/chown", "postgres", folder);
            await standby.PgAsync("pg_basebackup", "-h", "127.0.0.1", "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", _user,
                "-D", standby.Data, "-R", "-X", "stream", "--checkpoint=fast");
            await standby.PgAsync("pg_ctl", "-D", standby.Data, "-l", Path.Combine(folder, "server.log"), "-w",
                "-o", $"-p {standby.Port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=100", "start");
            return standby;
        }
        catch
        {
            await standby.DisposeAsync();
            throw;
        }
    }

    /// <summary><c>pg_ctl restart -m immediate</c>: every backend is killed, the server recovers from its WAL and starts again.</summary>
    public Task RestartImmediatelyAsync() => PgAsync("pg_ctl", "-D", Data, "-l", Path.Combine(_folder, "server.log"), "-m", "immediate", "-w", "restart");

    public string Log() => File.Exists(Path.Combine(_folder, "server.log")) ? File.ReadAllText(Path.Combine(_folder, "server.log")) : "";

    private Task PgAsync(string tool, params string[] args) => _asPostgres
        ? RunAsync("/usr/sbin/runuser", ["-u", "postgres", "--", Path.Combine(_bin, tool), .. args])
        : RunAsync(Path.Combine(_bin, tool), args);

    private async Task RunAsync(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = _folder };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        // pg_ctl start and restart send the server's output to the log (-l), so the server holds no pipe of ours: reading to the end ends.
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish within 60 s.");
        }
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited with {process.ExitCode}: {await output}{await error}\n{Log()}");
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (File.Exists(Path.Combine(Data, "postmaster.pid"))) await PgAsync("pg_ctl", "-D", Data, "-m", "immediate", "-w", "stop");
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException) { }
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
