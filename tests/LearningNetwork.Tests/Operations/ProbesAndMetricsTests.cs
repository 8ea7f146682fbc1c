using System.Diagnostics;
using System.Net;
using LearningNetwork.Infrastructure.Operations;
using LearningNetwork.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;

namespace LearningNetwork.Tests.Operations;

/// <summary>The load balancer's probes and the Prometheus endpoint: what they answer, what they cost, who may read them.</summary>
public sealed class ProbesAndMetricsTests
{
    private const string Token = "metrics-token-0123456789-abcdefghijklmnop";

    [Fact]
    public async Task Liveness_answers_without_the_database_and_readiness_asks_it_at_most_once_a_second()
    {
        using var app = new TestApp(Providers.Sqlite);
        using var client = app.Client();
        var live = await client.GetAsync("/health/live");
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal("Healthy", await live.Content.ReadAsStringAsync());
        Assert.True(live.Headers.CacheControl?.NoStore);

        var readiness = app.Service<Readiness>();
        var before = readiness.Checks;
        var watch = Stopwatch.StartNew();
        for (var round = 0; round < 5; round++)
        {
            var answers = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => client.GetAsync("/health/ready")));
            Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        }
        var seconds = watch.Elapsed.TotalSeconds;
        var checks = readiness.Checks - before;
        // 200 polls: one check, plus one for each second that passed while they ran.
        Assert.InRange(checks, 1, 1 + (int)Math.Ceiling(seconds));
    }

    [Fact]
    public async Task Without_its_database_a_node_is_alive_but_not_ready()
    {
        using var app = new TestApp(Providers.Sqlite, new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Postgres", ["ConnectionStrings:Postgres"] = "Host=127.0.0.1;Port=1;Database=none;Username=none;Timeout=1",
        });
        using var client = app.Client();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/health/ready")).StatusCode);
    }

    /// <remarks>
    /// The app runs as its own process here: OpenTelemetry's meter listener hears every app in a process (ASP.NET Core's
    /// meters have one name per process), so in the shared test host this app's scrape held the other tests' requests,
    /// and under load its own search route was missing from it (CI, 2026-12-07). In production a node is one process.
    /// </remarks>
    [Fact]
    public async Task Metrics_are_read_with_the_token_only_and_hold_request_search_and_queue_figures_but_no_query()
    {
        await using var app = await ServerProcess.StartAsync($"--Metrics:Token={Token}", "--Metrics:QueueSampleInterval=00:00:00.2");
        using var client = app.Client();
        await AssertOk(client, "/en/search?q=otterwhisperprivate");
        await AssertOk(client, "/api/v1/search?q=otterwhisperprivate");

        // Through nginx (a forwarded request), without the token or with a wrong one: nothing to see.
        static HttpRequestMessage Scrape(string? token)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
            request.Headers.Add("X-Forwarded-For", "192.0.2.7");
            if (token is not null) request.Headers.Authorization = new("Bearer", token);
            return request;
        }
        using (var none = Scrape(null)) Assert.Equal(HttpStatusCode.NotFound, (await client.SendAsync(none)).StatusCode);
        using (var wrong = Scrape(Token + "x")) Assert.Equal(HttpStatusCode.NotFound, (await client.SendAsync(wrong)).StatusCode);

        // What a scrape must hold. The node opens its search index and counts its queues in the background after start,
        // and a loaded machine can be slow at both: scrape (searching again each time) until all of it is there.
        string[] expected =
        [
            "http_server_request_duration_seconds_bucket", "http_route=\"/api/v1/search\"", "ln_search_duration_seconds_count",
            "ln_queue_depth{", "queue=\"webhooks\"", "queue=\"translations\"",
        ];
        string text = "";
        for (var deadline = DateTime.UtcNow.AddSeconds(45); DateTime.UtcNow < deadline; await Task.Delay(400))
        {
            await AssertOk(client, "/api/v1/search?q=otterwhisperprivate");
            using var scrape = Scrape(Token);
            var response = await client.SendAsync(scrape);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            text = await response.Content.ReadAsStringAsync();
            if (expected.All(e => text.Contains(e, StringComparison.Ordinal))) break;
        }
        var shown = string.Join('\n', text.Split('\n').Where(l =>
            l.StartsWith("ln_", StringComparison.Ordinal) || l.StartsWith("# TYPE ln", StringComparison.Ordinal)
            || (l.Contains("http_route", StringComparison.Ordinal) && l.Contains("_count", StringComparison.Ordinal))).Take(80));
        foreach (var e in expected) Assert.True(text.Contains(e, StringComparison.Ordinal), $"The scrape lacks {e}:\n{shown}");
        Assert.DoesNotContain("otterwhisperprivate", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_token_only_a_direct_loopback_request_reads_the_metrics()
    {
        static HttpContext Request(string address, string? forwardedFor = null)
        {
            var context = new DefaultHttpContext();
            context.Connection.RemoteIpAddress = IPAddress.Parse(address);
            if (forwardedFor is not null) context.Request.Headers["X-Forwarded-For"] = forwardedFor;
            return context;
        }
        Assert.True(MetricsAccess.Allows(Request("127.0.0.1"), null));
        Assert.True(MetricsAccess.Allows(Request("::1"), null));
        Assert.False(MetricsAccess.Allows(Request("192.0.2.7"), null));
        // Through nginx on the same machine: the connection is from loopback, the client is not.
        Assert.False(MetricsAccess.Allows(Request("127.0.0.1", "192.0.2.7"), null));
        var proxied = Request("192.0.2.7");
        proxied.Request.Headers["X-Original-For"] = "127.0.0.1:5000";
        Assert.False(MetricsAccess.Allows(proxied, null));
        var withToken = Request("192.0.2.7");
        withToken.Request.Headers.Authorization = "Bearer " + Token;
        Assert.True(MetricsAccess.Allows(withToken, Token));
        Assert.False(MetricsAccess.Allows(withToken, null));
    }

    private static async Task AssertOk(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        if (response.StatusCode == HttpStatusCode.OK) return;
        var body = await response.Content.ReadAsStringAsync();
        Assert.Fail($"GET {path} answered {(int)response.StatusCode}: {body[..Math.Min(body.Length, 2000)]}");
    }
}
