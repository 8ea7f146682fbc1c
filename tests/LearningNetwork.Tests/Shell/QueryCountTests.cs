using System.Diagnostics;
using System.Net;
using LearningNetwork.Data;
using LearningNetwork.Domain;
using LearningNetwork.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace LearningNetwork.Tests.Shell;

/// <summary>
/// The database commands each main page runs when rendered (the page cache bypassed), held to a small bound: an N+1
/// query (one per listed item) or a reference table read per row shows up here as a count that grows with the demo data.
/// Commands are counted from EF Core's diagnostic events, only those run for a request that carries this test's marker
/// header, so background work (search replay, matching) and other tests do not count.
/// </summary>
public sealed class QueryCountTests
{
    private const string Marker = "X-Count-Queries";

    private sealed class Counter(IHttpContextAccessor http, string token) : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
    {
        private readonly List<IDisposable> _subscriptions = [];
        public readonly List<string> Commands = [];

        public void OnNext(DiagnosticListener listener)
        {
            if (listener.Name == DbLoggerCategory.Name) lock (_subscriptions) _subscriptions.Add(listener.Subscribe(this));
        }

        public void OnNext(KeyValuePair<string, object?> value)
        {
            if (value.Key != RelationalEventId.CommandExecuted.Name || value.Value is not CommandExecutedEventData data) return;
            if (http.HttpContext?.Request.Headers[Marker].ToString() != token) return;
            lock (Commands) Commands.Add(data.Command.CommandText);
        }

        public void OnCompleted() { }
        public void OnError(Exception error) { }

        public void Dispose()
        {
            lock (_subscriptions) foreach (var s in _subscriptions) s.Dispose();
        }
    }

    public static TheoryData<string, string, int> Pages()
    {
        var data = new TheoryData<string, string, int>();
        IEnumerable<object[]> providers = Providers.All;
        foreach (var provider in providers.Select(p => (string)p[0]))
        {
            // Bounds: the counts measured when this test was written (bench/perf-findings.md), plus two: fixed counts whatever the
            // number of items listed (the demo network lists dozens), so an N+1 query fails here.
            data.Add(provider, "/en/", 12);
            data.Add(provider, "/en/practices", 16);
            data.Add(provider, "/en/practices/{practice}", 16); // 14 on a first render; 0 once kept (PageData), checked below
            data.Add(provider, "/en/partners", 13);
            data.Add(provider, "/en/partners/{partner}", 36); // 34 since the partner page lists its programmes and news
            data.Add(provider, "/en/search?q=wetland", 8);
            data.Add(provider, "/en/targets/kmgbf/2", 38); // 36 since the target page lists learning paths
            data.Add(provider, "/en/marketplace", 12);
            data.Add(provider, "/en/events", 19);
            data.Add(provider, "/api/v1/practices?pageSize=50", 8);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task A_main_page_runs_few_database_commands(string provider, string path, int bound)
    {
        var app = Providers.SharedApp(provider);
        string practice, partner;
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<LearningNetworkDb>();
            practice = await db.Practices.Where(p => p.Stage == PracticeStage.Published).OrderBy(p => p.Id).Select(p => p.Slug).FirstAsync();
            partner = await db.Partners.OrderBy(p => p.Id).Select(p => p.Slug).FirstAsync();
        }
        var url = path.Replace("{practice}", practice, StringComparison.Ordinal).Replace("{partner}", partner, StringComparison.Ordinal);
        var client = app.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });
        var token = Guid.NewGuid().ToString("N");
        using var counter = new Counter(app.Services.GetRequiredService<IHttpContextAccessor>(), token);
        using var subscription = DiagnosticListener.AllListeners.Subscribe(counter);
        // Warm (the reference data a node reads once is not what this counts), and give EF Core time to notice the
        // listener: it checks for one at intervals, not before every command.
        await client.GetAsync(url);
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        // Counted cold: what pages keep between requests (Infrastructure/Web/PageData) dropped first, as a write would.
        app.Services.GetRequiredService<LearningNetwork.Infrastructure.Web.PageData>().Evict([LearningNetwork.Infrastructure.Web.PageCacheTags.All]);
        var commands = await CountAsync();
        Assert.True(commands.Count > 0, $"{url}: no database command was seen; the counter does not work");
        Assert.True(commands.Count <= bound,
            $"{url} ran {commands.Count} database commands (bound {bound}):\n" + string.Join("\n---\n", commands.Select(c => c.Length > 300 ? c[..300] + "…" : c)));
        // Then warm: never more, and the practice page reads nothing again for a reader the output cache does not serve.
        var kept = await CountAsync();
        Assert.True(kept.Count <= commands.Count, $"{url}: {kept.Count} commands when rendered again, {commands.Count} the first time");
        if (path == "/en/practices/{practice}") Assert.True(kept.Count == 0, $"{url} rendered again ran:\n" + string.Join("\n---\n", kept));

        async Task<List<string>> CountAsync()
        {
            lock (counter.Commands) counter.Commands.Clear();
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Add(Marker, token);
            request.Headers.Add("Cookie", "bypass-page-cache=1"); // a cookie the cache does not know: rendered, not served from it
            var response = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            lock (counter.Commands) return [.. counter.Commands];
        }
        // Printed so that bench/perf-findings.md can be brought up to date from a test run.
        Console.WriteLine($"query-count {provider} {path}: {commands.Count} cold, {kept.Count} kept");
    }
}
