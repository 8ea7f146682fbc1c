using Xunit;

namespace LearningNetwork.Tests.Infrastructure;

/// <summary>
/// A disposed test app must leave nothing of itself reachable: the suite starts well over a hundred of them in one test
/// host, and each one kept alive holds tens of megabytes (one host once grew past 20 GB and was killed). What used to keep
/// them: the process-wide SQLite and Npgsql pools' timers and the web root's polling file watcher (see
/// <see cref="TestApp"/>'s release of process-wide state).
/// </summary>
public class DisposedAppTests
{
    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_disposed_app_is_collected(string provider)
    {
        // The first app of a process may be captured by process-wide state made once, on first use, in its start-up's
        // execution context (Lucene's configuration, OpenTelemetry's self-diagnostics): that is one app per process, not a
        // leak. One app first, so that the two watched ones are not the first.
        await UseAndDisposeAsync(provider);
        var services = new List<WeakReference>();
        for (var i = 0; i < 2; i++) services.Add(await UseAndDisposeAsync(provider));

        for (var i = 0; i < 10 && services.Any(s => s.IsAlive); i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            await Task.Delay(100);
        }
        Assert.All(services, s => Assert.False(s.IsAlive, "a disposed app's services are still reachable"));
    }

    private static async Task<WeakReference> UseAndDisposeAsync(string provider)
    {
        var app = new TestApp(provider);
        using (var client = app.Client())
        {
            // A page with a fingerprinted script (a file watch) and a database read (a pool for this app's database).
            Assert.True((await client.GetAsync("/en")).IsSuccessStatusCode);
            Assert.True((await client.GetAsync("/en/practices")).IsSuccessStatusCode);
        }
        var services = new WeakReference(app.Services);
        await app.DisposeAsync();
        return services;
    }
}
