using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace LearningNetwork.Tests.Infrastructure;

/// <summary>The built app serving HTTP on a free loopback port, as its own process with its own storage: another instance.</summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;

    private ServerProcess(Process process, string baseUrl, string root)
    {
        _process = process;
        BaseUrl = baseUrl;
        StorageRoot = root;
    }

    public string BaseUrl { get; }
    public string StorageRoot { get; }

    public static async Task<ServerProcess> StartAsync(params string[] settings)
    {
        var root = Directory.CreateTempSubdirectory("ln-server-").FullName;
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        var baseUrl = $"http://127.0.0.1:{port}";
        // On SQLite, with or without the demo network (the app's default is without): start on a copy of the run's template
        // database and search index rather than load, seed and index again. Settings that change what start-up writes do not.
        if (!settings.Any(s => s.StartsWith("--Database:", StringComparison.Ordinal) || s.StartsWith("--ReferenceData:", StringComparison.Ordinal)))
            DatabaseTemplates.CopySqliteInto(root, demo: settings.Contains("--Seed:Demo=true"),
                searchIndex: !settings.Any(s => s.StartsWith("--Search:Folder", StringComparison.Ordinal)));
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = AppProcess.AppFolder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { Path.Combine(AppProcess.AppFolder, "LearningNetwork.dll"), "--urls", baseUrl, $"--Storage:Root={root}", $"--Site:PublicUrl={baseUrl}",
                     "--Accounts:RequireTwoFactorForCoordinators=false" }.Concat(settings))
            start.ArgumentList.Add(a);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new ServerProcess(process, baseUrl, root);
        using var http = new HttpClient();
        for (var deadline = DateTime.UtcNow.AddSeconds(90); DateTime.UtcNow < deadline; await Task.Delay(200))
        {
            if (process.HasExited) throw new InvalidOperationException($"The app exited with {process.ExitCode} at start.");
            try
            {
                if ((await http.GetAsync(baseUrl + "/health")).IsSuccessStatusCode) return server;
            }
            catch (HttpRequestException) { }
        }
        await server.DisposeAsync();
        throw new TimeoutException("The app did not become healthy within 90 seconds.");
    }

    /// <summary>A client of this instance that keeps cookies and does not follow redirects.</summary>
    public HttpClient Client() => new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() })
    {
        BaseAddress = new Uri(BaseUrl),
    };

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        try { Directory.Delete(StorageRoot, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
