using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using LearningNetwork.Tests.Infrastructure;

namespace LearningNetwork.Tests.Faults;

/// <summary>
/// The built app as its own process on a fixed loopback port and a storage folder that outlives it, so that a test can
/// SIGKILL it (<see cref="Kill"/>) and start it again on the same data. Disposing kills whatever still runs and deletes the
/// folder. The process's output is kept, so a failing test can say what the app said.
/// </summary>
public sealed class KillableNode : IAsyncDisposable
{
    private readonly string[] _settings;
    private readonly ConcurrentQueue<string> _output = new();
    private Process? _process;

    public KillableNode(params string[] settings)
    {
        _settings = settings;
        StorageRoot = Directory.CreateTempSubdirectory("ln-faults-").FullName;
        BaseUrl = $"http://127.0.0.1:{FreePort()}";
    }

    public string StorageRoot { get; }
    public string BaseUrl { get; }
    public int Port => new Uri(BaseUrl).Port;

    /// <summary>Environment variables of the process (such as a systemd unit's Environment= lines); the command line's
    /// settings win over them.</summary>
    public Dictionary<string, string> Environment { get; } = new(StringComparer.Ordinal);

    /// <summary>The arguments every start and verb gets: the storage folder, the public address (required in Production), no
    /// two-factor demand on the test's network admin, and the test's settings.</summary>
    public string[] Settings => [$"--Storage:Root={StorageRoot}", $"--Site:PublicUrl={BaseUrl}", "--Accounts:RequireTwoFactorForCoordinators=false", .. _settings];

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Starts the app and waits until /health answers 200 (the first start loads the reference data: minutes on a busy machine).</summary>
    public async Task StartAsync(TimeSpan? within = null)
    {
        if (_process is { HasExited: false }) throw new InvalidOperationException("Already running.");
        _process?.Dispose();
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = AppProcess.AppFolder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { Path.Combine(AppProcess.AppFolder, "LearningNetwork.dll"), "--urls", BaseUrl }.Concat(Settings)) start.ArgumentList.Add(a);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        foreach (var (key, value) in Environment) start.Environment[key] = value;
        var process = Process.Start(start)!;
        _process = process;
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        for (var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(240)); DateTime.UtcNow < deadline; await Task.Delay(100))
        {
            if (process.HasExited) throw new InvalidOperationException($"The app exited with {process.ExitCode} at start.\n{Output()}");
            try
            {
                if ((await http.GetAsync(BaseUrl + "/health")).IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
        }
        throw new TimeoutException($"The app did not become healthy in time.\n{Output()}");
    }

    /// <summary>SIGKILL (Process.Kill on Linux): no shutdown hook, no flush, no goodbye.</summary>
    public void Kill()
    {
        if (_process is null || _process.HasExited) return;
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    /// <summary>Runs an admin verb of the built app on this node's storage and settings.</summary>
    public Task<(int ExitCode, string Output, string Error)> VerbAsync(params string[] args) => AppProcess.RunAsync([.. args, .. Settings]);

    /// <summary>A cookie-keeping client that does not follow redirects. A killed node resets its connections at once; the
    /// timeout is only for a node that hangs (a cold first import takes tens of seconds on a busy machine).</summary>
    public HttpClient Client() => new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() })
    {
        BaseAddress = new Uri(BaseUrl), Timeout = TimeSpan.FromSeconds(60),
    };

    /// <summary>Makes a network admin with the create-admin verb and signs the client in as them.</summary>
    public async Task SignInAsAdminAsync(HttpClient client)
    {
        var email = $"faults-{Guid.NewGuid():N}@example.org";
        var (exit, output, error) = await VerbAsync("create-admin", email);
        Assert.True(exit == 0, error + output);
        var signedIn = await client.SubmitAsync("/en/account/sign-in", new Dictionary<string, string>
        {
            ["Form.Email"] = email, ["Form.Password"] = output.Trim().Split(' ').Last(),
        });
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        await client.ReplaceOneTimePasswordAsync(output.Trim().Split(' ').Last()); // asked for before any other page
        // The admin is signed in by cookie, so the JSON API wants the antiforgery token of a page, as the site's scripts send it.
        // It stays valid across restarts: the data-protection keys are in the database.
        client.DefaultRequestHeaders.Remove("RequestVerificationToken");
        client.DefaultRequestHeaders.Add("RequestVerificationToken", await client.AntiforgeryTokenAsync());
    }

    /// <summary>The last lines the app wrote, for failure messages.</summary>
    public string Output() => string.Join('\n', _output.TakeLast(60));

    /// <summary>Every line the app wrote (the last 400).</summary>
    public IReadOnlyList<string> Lines() => _output.ToList();

    private void Keep(string? line)
    {
        if (line is null) return;
        _output.Enqueue(line);
        while (_output.Count > 400) _output.TryDequeue(out _);
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process?.Dispose();
        try { Directory.Delete(StorageRoot, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

/// <summary>
/// A stream of acknowledged writes: each write imports one published practice (through the network admins' import API,
/// which answers 200 only after its transaction committed) and is recorded when it got a 2xx.
/// </summary>
public sealed class AcknowledgedWrites
{
    public const string PartnerId = "https://faults.example/orgs/1";
    private int _next;

    public ConcurrentBag<int> Acknowledged { get; } = [];
    public ConcurrentBag<int> Attempted { get; } = [];
    public ConcurrentQueue<string> Failures { get; } = new();

    /// <summary>Every write's outcome: its number, the status (0 when no answer came) and when the answer came.</summary>
    public ConcurrentQueue<(int N, int Status, DateTime At)> Outcomes { get; } = new();

    public static string ExternalId(int n) => $"https://faults.example/p/{n}";

    /// <summary>A word only practice n has in its title, for the search check.</summary>
    public static string Mark(int n) => $"faultmark{n:D5}";

    public static string Title(int n) => $"Wet meadow mowing {Mark(n)}";

    private static StringContent Document(int n) => new(new JsonObject
    {
        ["@context"] = "https://schema.org",
        ["@graph"] = new JsonArray(
            new JsonObject
            {
                ["@type"] = "GovernmentOrganization", ["@id"] = PartnerId, ["name"] = "Region of the faults", ["additionalType"] = "region",
                ["address"] = new JsonObject { ["addressCountry"] = "SE" },
                ["identifier"] = new JsonObject { ["@type"] = "PropertyValue", ["propertyID"] = "NUTS", ["value"] = "SE11" },
            },
            new JsonObject
            {
                ["@type"] = "CreativeWork", ["additionalType"] = "GoodPractice", ["@id"] = ExternalId(n), ["name"] = Title(n),
                ["description"] = "Late mowing of wet meadows leaves time for ground-nesting birds.", ["inLanguage"] = "en",
                ["author"] = new JsonObject { ["@id"] = PartnerId },
            }),
    }.ToJsonString(), Encoding.UTF8, "application/ld+json");

    /// <summary>One write; true when it was acknowledged.</summary>
    public Task<bool> WriteAsync(HttpClient client) => WriteAsync(client, Interlocked.Increment(ref _next));

    /// <summary>Write <paramref name="n"/> (again: importing an item the network has updates it); true when it was acknowledged.</summary>
    public async Task<bool> WriteAsync(HttpClient client, int n)
    {
        Attempted.Add(n);
        try
        {
            using var response = await client.PostAsync("/api/v1/import", Document(n));
            Outcomes.Enqueue((n, (int)response.StatusCode, DateTime.UtcNow));
            if (response.IsSuccessStatusCode)
            {
                Acknowledged.Add(n);
                return true;
            }
            Failures.Enqueue($"{n}: {(int)response.StatusCode}");
            return false;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
        {
            Outcomes.Enqueue((n, 0, DateTime.UtcNow));
            Failures.Enqueue($"{n}: {e.GetType().Name} {e.Message}");
            return false;
        }
    }

    /// <summary>Writes until one is acknowledged (the first writes after a start are slow: nothing is warm yet), so that a
    /// fault that follows falls in a stream that is really flowing.</summary>
    public async Task FirstAcknowledgedAsync(HttpClient client, TimeSpan within)
    {
        for (var deadline = DateTime.UtcNow + within; !await WriteAsync(client); await Task.Delay(200))
            Assert.True(DateTime.UtcNow < deadline, $"no write was acknowledged: {string.Join("; ", Failures.TakeLast(5))}");
    }

    /// <summary>Writes one after the other on <paramref name="writers"/> clients until cancelled.</summary>
    public Task StreamAsync(HttpClient client, int writers, CancellationToken stop) => Task.WhenAll(Enumerable.Range(0, writers).Select(_ => Task.Run(async () =>
    {
        while (!stop.IsCancellationRequested) await WriteAsync(client);
    })));
}
