using System.Net;
using LearningNetwork.Infrastructure.Web;
using LearningNetwork.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace LearningNetwork.Tests.Shell;

/// <summary>Runs when ./test.sh started a Redis server (LN_TEST_REDIS, its host:port).</summary>
public sealed class RedisFactAttribute : FactAttribute
{
    public static string? Redis => Environment.GetEnvironmentVariable("LN_TEST_REDIS");

    public RedisFactAttribute()
    {
        if (Redis is null) Skip = "LN_TEST_REDIS is not set: ./test.sh starts a Redis server for this test.";
    }
}

/// <summary>
/// The API's rate limit with <c>Redis:Configuration</c>: the nodes count one budget (<see cref="SharedRateWindows"/>), and a Redis
/// out of reach leaves each node counting its own, never failing a request.
/// </summary>
public sealed class SharedRateLimitTests
{
    private const int Limit = 5;

    /// <summary>Every request of the app comes from <paramref name="address"/>, as the forwarded-headers middleware would set it
    /// behind the proxy: a client of this test alone, so that no other test's requests share its window in Redis.</summary>
    private sealed class FromAddress(IPAddress address) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, then) =>
            {
                context.Connection.RemoteIpAddress = address;
                return then(context);
            });
            next(app);
        };
    }

    private static TestApp Node(string redis, IPAddress client) => new(Providers.Sqlite,
        new Dictionary<string, string?> { ["Api:RequestsPerMinute"] = $"{Limit}", ["Seed:Demo"] = "false", ["Redis:Configuration"] = redis },
        services => services.AddSingleton<IStartupFilter>(new FromAddress(client)));

    private static IPAddress UniqueClient() => new([10, (byte)Random.Shared.Next(256), (byte)Random.Shared.Next(256), (byte)Random.Shared.Next(1, 255)]);

    [RedisFact]
    public async Task Two_nodes_on_one_redis_share_one_api_budget()
    {
        var client = UniqueClient();
        using var a = Node(RedisFactAttribute.Redis!, client);
        using var b = Node(RedisFactAttribute.Redis!, client);
        var viaA = a.Client();
        var viaB = b.Client();
        // Each node connects to Redis in the background; until then it counts on its own.
        Assert.Equal(HttpStatusCode.OK, (await viaB.GetAsync("/en/")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await viaA.GetAsync("/en/")).StatusCode);
        foreach (var node in new[] { a, b })
            for (var deadline = DateTime.UtcNow.AddSeconds(10); !node.Service<SharedRateWindows>().Shared; await Task.Delay(50))
                Assert.True(DateTime.UtcNow < deadline, "a node did not connect to Redis within 10 s");

        for (var i = 0; i < Limit; i++) Assert.Equal(HttpStatusCode.OK, (await viaA.GetAsync("/api/v1/partners")).StatusCode);
        var limited = await viaB.GetAsync("/api/v1/partners");
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Equal("application/problem+json", limited.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await viaA.GetAsync("/api/v1/partners")).StatusCode);
        // Another client has its own budget.
        using var c = Node(RedisFactAttribute.Redis!, UniqueClient());
        Assert.Equal(HttpStatusCode.OK, (await c.Client().GetAsync("/api/v1/partners")).StatusCode);
    }

    [Fact]
    public async Task With_redis_out_of_reach_each_node_counts_its_own_budget_and_no_request_fails()
    {
        // A port nothing listens on (taken from the system, then closed).
        var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        using var app = Node($"127.0.0.1:{port},connectTimeout=200", UniqueClient());
        var client = app.Client();
        for (var i = 0; i < Limit; i++) Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/partners")).StatusCode);
        var limited = await client.GetAsync("/api/v1/partners");
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.False(app.Service<SharedRateWindows>().Shared);
    }
}
