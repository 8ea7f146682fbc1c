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
    public async Task<string> VerbAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = _folder, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(_folder, "LearningNetwork.dll"));
        foreach (var a in args) start.ArgumentList.Add(a);
        start.ArgumentList.Add($"--Storage:Root={_root}");
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{string.Join(' ', args)} exited {process.ExitCode}: {error}");
        return output;
    }

    public async Task InitializeAsync()
    {
        var repository = FindRoot();
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
        var folder = Path.Combine(repository, "src", "LearningNetwork", "bin", configuration, "net10.0");
        _folder = folder;
        _root = Directory.CreateTempSubdirectory("ln-browser-").FullName;
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
