using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace LearningNetwork.BrowserTests;

/// <summary>The built app as its own process on a free loopback port, with a fresh storage root and the demo network.</summary>
public sealed class RunningApp : IAsyncLifetime
{
    private Process? _process;
    private string _root = "";

    public string BaseUrl { get; private set; } = "";

    /// <summary>Where the app writes its e-mail when no SMTP server is configured (.eml files).</summary>
    public string MailFolder => Path.Combine(_root, "mail");

    private string _folder = "";

    /// <summary>Runs an admin verb of the same build against the running app's storage.</summary>
    public Task<string> VerbAsync(params string[] args) => RunVerbAsync(_folder, _root, args);

    private static async Task<string> RunVerbAsync(string folder, string root, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(folder, "LearningNetwork.dll"));
        foreach (var a in args) start.ArgumentList.Add(a);
        start.ArgumentList.Add($"--Storage:Root={root}");
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{string.Join(' ', args)} exited {process.ExitCode}: {error}");
        return output;
    }

    /// <summary>
    /// A storage root migrated and seeded with the demo network once per run (the <c>migrate</c> verb), which every app of
    /// the run starts on a copy of: the two fixtures used to migrate and seed from scratch at the same moment, a third of the
    /// browser tests' time spent outside any test.
    /// </summary>
    private static readonly Lazy<Task<string>> Template = new(async () =>
    {
        var root = Directory.CreateTempSubdirectory("ln-browser-template-").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => { try { Directory.Delete(root, recursive: true); } catch (IOException) { } };
        await RunVerbAsync(AppFolder(), root, "migrate", "--Seed:Demo=true");
        return root;
    });

    private static string AppFolder()
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
        return Path.Combine(FindRoot(), "src", "LearningNetwork", "bin", configuration, "net10.0");
    }

    private static void CopyFolder(string from, string to)
    {
        foreach (var directory in Directory.GetDirectories(from, "*", SearchOption.AllDirectories))
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, directory)));
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
            File.Copy(file, Path.Combine(to, Path.GetRelativePath(from, file)), overwrite: true);
    }

    public async Task InitializeAsync()
    {
        var folder = AppFolder();
        _folder = folder;
        _root = Directory.CreateTempSubdirectory("ln-browser-").FullName;
        CopyFolder(await Template.Value, _root);
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            BaseUrl = $"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}";
        }
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { Path.Combine(folder, "LearningNetwork.dll"), "--urls", BaseUrl, $"--Storage:Root={_root}", "--Seed:Demo=true",
                     $"--Site:PublicUrl={BaseUrl}", "--Accounts:RequireTwoFactorForCoordinators=false" })
            start.ArgumentList.Add(a);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        using var http = new HttpClient();
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited) throw new InvalidOperationException($"The app exited with {_process.ExitCode} at start.");
            try
            {
                if ((await http.GetAsync(BaseUrl + "/health")).IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) { }
            await Task.Delay(250);
        }
        throw new TimeoutException("The app did not become healthy within 90 seconds.");
    }

    public async Task DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process?.Dispose();
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { }
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "LearningNetwork.slnx"))) return dir.FullName;
        throw new InvalidOperationException("LearningNetwork.slnx not found");
    }
}
