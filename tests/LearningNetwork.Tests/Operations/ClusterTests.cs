using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using LearningNetwork.Tests.Faults;
using LearningNetwork.Tests.Infrastructure;
using Npgsql;
using Xunit.Abstractions;

namespace LearningNetwork.Tests.Operations;

/// <summary>Runs where ./test.sh runs (LN_TEST_POSTGRES set): it needs PostgreSQL's binaries and nginx, which ./test.sh installs.</summary>
public sealed class ClusterFactAttribute : FactAttribute
{
    public ClusterFactAttribute()
    {
        if (Providers.PostgresServer is null)
            Skip = "LN_TEST_POSTGRES is not set: the cluster test runs under ./test.sh (PostgreSQL, Redis and nginx on loopback ports).";
    }
}

/// <summary>
/// Several stateless nodes, as docs/operations.md deploys them: PostgreSQL (a cluster of the test's own, so that it may be
/// restarted), Redis when ./test.sh started one (LN_TEST_REDIS), two app nodes configured by the Environment= lines of
/// deploy/systemd/learning-network@.service, and nginx running deploy/nginx/learning-network.conf with only its ports
/// changed. Through nginx: a sign-in made on one node is honoured by the other (shared data-protection keys); a write
/// through node A is on node B's pages and in its search within 2 s (each node replays the search log); node A stops and
/// the site keeps answering through B; PostgreSQL restarts while writes flow, and every acknowledged write is kept.
/// </summary>
public sealed class ClusterTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Propagation = TimeSpan.FromSeconds(2);

    [ClusterFact]
    public async Task Two_nodes_behind_nginx_share_sessions_and_writes_survive_a_node_stopping_and_the_database_restarting()
    {
        var watch = Stopwatch.StartNew();
        var nginxBinary = new[] { "/usr/sbin/nginx", "/usr/bin/nginx" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("nginx is not installed: ./test.sh installs nginx-light.");
        await using var cluster = await ThrowawayPostgres.StartAsync();
        await LoadTemplateIntoAsync(cluster);
        output.WriteLine($"{watch.Elapsed.TotalSeconds:0.0} s: PostgreSQL up with the network's data");

        var nginxPort = KillableNode.FreePort();
        var publicUrl = $"http://127.0.0.1:{nginxPort}";
        var redis = Environment.GetEnvironmentVariable("LN_TEST_REDIS");
        string[] settings =
        [
            "--Database:Provider=Postgres", $"--ConnectionStrings:Postgres={cluster.ConnectionString}", "--Seed:Demo=false",
            $"--Site:PublicUrl={publicUrl}", "--Accounts:AttemptsPerMinute=0", "--Accounts:AttemptsPerHour=0",
            .. redis is null ? Array.Empty<string>() : [$"--Redis:Configuration={redis}"],
        ];
        await using var nodeA = new KillableNode(settings);
        await using var nodeB = new KillableNode(settings);
        foreach (var node in new[] { nodeA, nodeB })
            foreach (var (key, value) in UnitEnvironment(node.Port)) node.Environment[key] = value;
        await Task.WhenAll(nodeA.StartAsync(TimeSpan.FromSeconds(120)), nodeB.StartAsync(TimeSpan.FromSeconds(120)));
        output.WriteLine($"{watch.Elapsed.TotalSeconds:0.0} s: two nodes up");
        await using var nginx = await Nginx.StartAsync(nginxBinary, nginxPort, nodeA.Port, nodeB.Port);

        // One cookie jar for every address: cookies go by host, not port, so the session made through nginx is sent to
        // the nodes directly too, as a browser would send it to whichever node nginx picks.
        var cookies = new CookieContainer();
        HttpClient Client(string baseUrl) => new(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = cookies })
        {
            BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(30),
        };
        using var front = Client(publicUrl);
        using var viaA = Client(nodeA.BaseUrl);
        using var viaB = Client(nodeB.BaseUrl);
        using var anonymousB = new HttpClient { BaseAddress = new Uri(nodeB.BaseUrl), Timeout = TimeSpan.FromSeconds(30) };
        // The first data-protection key is made by one node (on a fresh database two nodes could each make one at once).
        Assert.Equal(HttpStatusCode.OK, (await viaA.GetAsync("/en/account/sign-in")).StatusCode);

        // Sign in through nginx (the form and its post may land on different nodes), then use the session on each node.
        var email = $"cluster-{Guid.NewGuid():N}@example.org";
        var (exit, made, error) = await nodeA.VerbAsync("create-admin", email);
        Assert.True(exit == 0, error + made);
        var signedIn = await front.SubmitAsync("/en/account/sign-in", new Dictionary<string, string>
        {
            ["Form.Email"] = email, ["Form.Password"] = made.Trim().Split(' ').Last(),
        });
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        await front.ReplaceOneTimePasswordAsync(made.Trim().Split(' ').Last()); // asked for before any other page
        var token = await front.AntiforgeryTokenAsync();
        foreach (var client in new[] { front, viaA, viaB })
        {
            client.DefaultRequestHeaders.Add("RequestVerificationToken", token);
            var account = await client.GetAsync("/en/account/profile");
            Assert.True(account.StatusCode == HttpStatusCode.OK, $"{client.BaseAddress}: the session is not honoured ({(int)account.StatusCode} {account.Headers.Location})");
        }

        // A write through A is on B's pages and in B's search within 2 s; B was asked before, so nothing it kept may hide it.
        var writes = new AcknowledgedWrites();
        const int first = 1; // the number of the stream's first write
        var mark = AcknowledgedWrites.Mark(first);
        Assert.Equal(HttpStatusCode.OK, (await anonymousB.GetAsync($"/en/search?q={mark}")).StatusCode);
        Assert.True(await writes.WriteAsync(viaA), string.Join("; ", writes.Failures));
        var written = DateTime.UtcNow;
        var url = await WithinAsync(Propagation, async () =>
        {
            var found = JsonNode.Parse(await anonymousB.GetStringAsync($"/api/v1/search?q={mark}&type=practice&pageSize=5"))!["items"]!.AsArray();
            return found.Where(i => (string?)i!["title"] == AcknowledgedWrites.Title(first)).Select(i => new Uri((string)i!["url"]!).PathAndQuery).FirstOrDefault();
        }, "node B's search finds the practice written through node A");
        await WithinAsync(Propagation - (DateTime.UtcNow - written), async () =>
            (await anonymousB.GetStringAsync($"/en/search?q={mark}")).Contains(AcknowledgedWrites.Title(first), StringComparison.Ordinal) ? "" : null,
            "node B's search page lists the practice written through node A");
        var page = await anonymousB.GetAsync(url);
        var html = await page.Content.ReadAsStringAsync();
        Assert.True(page.StatusCode == HttpStatusCode.OK && html.Contains(mark, StringComparison.Ordinal),
            $"{url} on node B: {(int)page.StatusCode} {Regex.Match(html, "<title>[^<]*</title>").Value} {Regex.Match(html, "<h1[^>]*>.{0,200}").Value}");
        output.WriteLine($"{watch.Elapsed.TotalSeconds:0.0} s: written through A, read on B");

        // Node A stops: the site keeps answering through nginx, reads and writes, without one failed request.
        nodeA.Kill();
        for (var i = 0; i < 6; i++)
        {
            var read = await front.GetAsync(url);
            Assert.True(read.StatusCode == HttpStatusCode.OK, $"read through nginx with node A down: {(int)read.StatusCode}");
            Assert.True(await writes.WriteAsync(front), $"write through nginx with node A down: {string.Join("; ", writes.Failures)}\n{nginx.ErrorLog()}");
        }
        Assert.Equal(HttpStatusCode.OK, (await front.GetAsync("/health/ready")).StatusCode);
        output.WriteLine($"{watch.Elapsed.TotalSeconds:0.0} s: node A down, the site works through B");

        // PostgreSQL restarts (immediately: every backend killed) while writes flow through nginx.
        using var stop = new CancellationTokenSource();
        var stream = writes.StreamAsync(front, writers: 2, stop.Token);
        DateTime restartEnded;
        try
        {
            await Task.Delay(500);
            await cluster.RestartImmediatelyAsync();
            restartEnded = DateTime.UtcNow;
            await WithinAsync(TimeSpan.FromSeconds(20), () => Task.FromResult(
                writes.Outcomes.Any(o => o.At > restartEnded && o.Status is >= 200 and < 300) ? "" : null), "a write succeeds after the database's restart");
            await Task.Delay(500);
        }
        finally
        {
            await stop.CancelAsync();
            await stream;
        }
        var odd = writes.Outcomes.Where(o => o.Status is not (>= 200 and < 300) and not (>= 500 and < 600)).ToList();
        Assert.True(odd.Count == 0, $"failures other than a 5xx while the database was away: {string.Join(", ", odd)}");

        var stored = new HashSet<string>(StringComparer.Ordinal);
        await using (var connection = new NpgsqlConnection(cluster.ConnectionString))
        {
            await connection.OpenAsync();
            await using var read = new NpgsqlCommand("SELECT \"ExternalId\" FROM \"Practices\" WHERE \"ExternalId\" IS NOT NULL", connection);
            await using var rows = await read.ExecuteReaderAsync();
            while (await rows.ReadAsync()) stored.Add(rows.GetString(0));
        }
        var lost = writes.Acknowledged.Where(n => !stored.Contains(AcknowledgedWrites.ExternalId(n))).Order().ToList();
        Assert.True(lost.Count == 0, $"acknowledged but not stored: {string.Join(", ", lost)}");
        Assert.True(writes.Acknowledged.Count >= 8, $"too few acknowledged writes: {writes.Acknowledged.Count}");

        // The nodes log one JSON object a line, as the unit asks.
        var json = nodeB.Lines().Where(l => l.StartsWith('{')).ToList();
        Assert.NotEmpty(json);
        Assert.All(json.Take(20), l => Assert.True(JsonDocument.Parse(l).RootElement.TryGetProperty("Category", out _), l));
        output.WriteLine($"{watch.Elapsed.TotalSeconds:0.0} s: {writes.Acknowledged.Count} acknowledged writes, all stored; failures: {string.Join("; ", writes.Failures)}");
    }

    /// <summary>The network's database as every test starts with it (migrated, reference data, demo network), moved into the
    /// throw-away cluster with the app's own verbs: a backup of a template copy on the suite's server, restored.</summary>
    internal static async Task LoadTemplateIntoAsync(ThrowawayPostgres cluster)
    {
        using var template = new TestApp(Providers.Postgres); // a copy of the run's template database, not started
        var file = Path.Combine(Directory.CreateTempSubdirectory("ln-cluster-").FullName, "template.backup");
        var storage = Directory.CreateTempSubdirectory("ln-cluster-").FullName;
        var (exit, output, error) = await AppProcess.RunAsync("backup", file, "--Database:Provider=Postgres",
            $"--ConnectionStrings:Postgres={template.Settings["ConnectionStrings:Postgres"]}", $"--Storage:Root={storage}");
        Assert.True(exit == 0, error + output);
        (exit, output, error) = await AppProcess.RunAsync("restore", file, "--Database:Provider=Postgres",
            $"--ConnectionStrings:Postgres={cluster.ConnectionString}", $"--Storage:Root={storage}");
        Assert.True(exit == 0, error + output);
        File.Delete(file);
    }

    /// <summary>The Environment= lines of the deployed unit, for the node on <paramref name="port"/> (%i), but its storage
    /// folder, which the test gives each node on the command line.</summary>
    private static IEnumerable<(string Key, string Value)> UnitEnvironment(int port)
    {
        var unit = File.ReadAllLines(Path.Combine(AppProcess.RepositoryRoot, "deploy", "systemd", "learning-network@.service"));
        var lines = unit.Where(l => l.StartsWith("Environment=", StringComparison.Ordinal)).Select(l => l["Environment=".Length..].Replace("%i", port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)).ToList();
        Assert.Contains(lines, l => l.StartsWith("Logging__Console__FormatterName=json", StringComparison.Ordinal));
        return lines.Select(l => (Key: l[..l.IndexOf('=')], Value: l[(l.IndexOf('=') + 1)..])).Where(e => e.Key != "Storage__Root");
    }

    private static async Task<string> WithinAsync(TimeSpan within, Func<Task<string?>> probe, string what)
    {
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            if (await probe() is { } found) return found;
            Assert.True(DateTime.UtcNow < deadline, $"not within {within.TotalSeconds:0.0} s: {what}");
            await Task.Delay(100);
        }
    }

    /// <summary>nginx on a loopback port running deploy/nginx/learning-network.conf, its upstream pointed at the test's nodes.</summary>
    private sealed class Nginx : IAsyncDisposable
    {
        private readonly string _folder;
        private readonly Process _process;

        private Nginx(string folder, Process process)
        {
            _folder = folder;
            _process = process;
        }

        public string ErrorLog() => File.Exists(Path.Combine(_folder, "error.log")) ? File.ReadAllText(Path.Combine(_folder, "error.log")) : "";

        public static async Task<Nginx> StartAsync(string binary, int port, int nodeA, int nodeB)
        {
            var deploy = Path.Combine(AppProcess.RepositoryRoot, "deploy", "nginx");
            var site = await File.ReadAllTextAsync(Path.Combine(deploy, "learning-network.conf"));
            string Replace(string text, string what, string with)
            {
                Assert.True(text.Contains(what, StringComparison.Ordinal), $"deploy/nginx/learning-network.conf no longer has '{what}': update the test with it");
                return text.Replace(what, with, StringComparison.Ordinal);
            }
            site = Replace(site, "server 127.0.0.1:5001 ", $"server 127.0.0.1:{nodeA} ");
            site = Replace(site, "server 127.0.0.1:5002 ", $"server 127.0.0.1:{nodeB} ");
            site = Replace(site, "listen 80;", $"listen 127.0.0.1:{port};");
            site = Replace(site, "listen [::]:80;", "");
            site = Replace(site, "include /etc/nginx/learning-network-proxy.inc;", $"include {Path.Combine(deploy, "learning-network-proxy.inc")};");
            var folder = Directory.CreateTempSubdirectory("ln-nginx-").FullName;
            // As root, nginx's workers run as nobody: they need to reach the temporary folders nginx makes in here.
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
            await File.WriteAllTextAsync(Path.Combine(folder, "site.conf"), site);
            // The main file a distribution ships, reduced to what a process of the test's own needs.
            await File.WriteAllTextAsync(Path.Combine(folder, "nginx.conf"), $$"""
                daemon off;
                master_process on;
                worker_processes 1;
                pid {{folder}}/nginx.pid;
                error_log {{folder}}/error.log warn;
                events { worker_connections 256; }
                http {
                    access_log {{folder}}/access.log;
                    client_body_temp_path {{folder}}/body;
                    proxy_temp_path {{folder}}/proxy;
                    fastcgi_temp_path {{folder}}/fastcgi;
                    uwsgi_temp_path {{folder}}/uwsgi;
                    scgi_temp_path {{folder}}/scgi;
                    include {{folder}}/site.conf;
                }
                """);
            var start = new ProcessStartInfo(binary) { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var a in new[] { "-c", Path.Combine(folder, "nginx.conf"), "-p", folder, "-e", Path.Combine(folder, "error.log") }) start.ArgumentList.Add(a);
            var process = Process.Start(start)!;
            var nginx = new Nginx(folder, process);
            for (var deadline = DateTime.UtcNow.AddSeconds(10); ; await Task.Delay(50))
            {
                if (process.HasExited) throw new InvalidOperationException($"nginx exited with {process.ExitCode}: {await process.StandardError.ReadToEndAsync()}{nginx.ErrorLog()}");
                try
                {
                    using var tcp = new TcpClient();
                    await tcp.ConnectAsync(IPAddress.Loopback, port);
                    return nginx;
                }
                catch (SocketException) when (DateTime.UtcNow < deadline) { }
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
            _process.Dispose();
            try { Directory.Delete(_folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }
}
