using System.IO.Compression;
using System.Net;
using System.Text;
using LearningNetwork.Data;
using LearningNetwork.Domain;
using LearningNetwork.Features.Networks;
using LearningNetwork.Features.Webhooks;
using LearningNetwork.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LearningNetwork.Tests.Features.Networks;

/// <summary>
/// Server-side request forgery: harvests, the documents an Atom feed links to, and webhooks never connect to a
/// loopback, private or otherwise non-public address (checked on the address actually connected to, so names and
/// redirects are covered too), feeds and webhooks are https outside Development, every document read is capped while
/// it streams (decompressed size included), and the error text of a harvest is for network admins only. Each local
/// listener counts the connections it accepts: the proof that nothing reached it.
/// </summary>
public sealed class OutboundRequestTests
{
    private static TestApp App(string? allow = null) => new(Infrastructure.Providers.Sqlite, new Dictionary<string, string?>(Mailbox.Settings())
    {
        ["Seed:Demo"] = "false", ["Networks:Interval"] = "00:00:00", ["Webhooks:Interval"] = "00:00:00", ["Networks:Timeout"] = "00:00:05",
        ["Webhooks:Timeout"] = "00:00:05", ["Outbound:AllowPrivateNetworks"] = allow,
    });

    private static async Task<int> NetworkAsync(TestApp app, string feedUrl, Action<RegisteredNetwork>? with = null)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<LearningNetworkDb>();
        var network = new RegisteredNetwork { Slug = "n-" + Guid.NewGuid().ToString("N")[..8], Name = "Network " + Guid.NewGuid().ToString("N")[..8], FeedUrl = feedUrl, CreatedAt = DateTime.UtcNow };
        with?.Invoke(network);
        db.RegisteredNetworks.Add(network);
        await db.SaveChangesAsync();
        return network.Id;
    }

    private static async Task<RegisteredNetwork> HarvestAsync(TestApp app, int id)
    {
        await app.Service<NetworkHarvester>().HarvestAsync(id, CancellationToken.None);
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<LearningNetworkDb>().RegisteredNetworks.AsNoTracking().SingleAsync(n => n.Id == id);
    }

    [Theory]
    [InlineData("127.0.0.1", "https://127.0.0.1:{port}/api/v1/export")]
    [InlineData("127.0.0.1", "https://localhost:{port}/api/v1/export")] // a name that resolves to loopback
    [InlineData("127.0.0.1", "https://[::ffff:127.0.0.1]:{port}/api/v1/export")] // IPv4-mapped IPv6
    [InlineData("::1", "https://[::1]:{port}/api/v1/export")]
    [InlineData("127.0.0.1", "https://127.1:{port}/api/v1/export")] // a short form of 127.0.0.1
    public async Task A_feed_on_a_loopback_address_is_never_connected_to(string listen, string feed)
    {
        using var app = App();
        await using var target = new LocalListener(IPAddress.Parse(listen));
        var network = await HarvestAsync(app, await NetworkAsync(app, feed.Replace("{port}", target.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)));
        Assert.Equal(0, await target.ConnectionsSettledAsync());
        Assert.Null(network.LastSuccessAt);
        Assert.Contains("public", network.LastOutcome, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_redirect_from_an_allowed_server_to_loopback_is_not_followed()
    {
        await using var forbidden = new LocalListener(IPAddress.Loopback);
        await using var allowed = new LocalListener(IPAddress.Loopback, (_, stream, ct) =>
            LocalListener.AnswerAsync(stream, "302 Found", null, "", ct, $"Location: http://{forbidden.Authority}/api/v1/export"));
        using var app = App(allow: allowed.Authority); // only that one listener, by address and port
        var network = await HarvestAsync(app, await NetworkAsync(app, $"http://{allowed.Authority}/feed"));
        Assert.True(allowed.Connections > 0, "the allowed server was asked");
        Assert.Equal(0, await forbidden.ConnectionsSettledAsync());
        Assert.Null(network.LastSuccessAt);
    }

    [Fact]
    public async Task An_atom_entry_linking_to_loopback_is_not_fetched()
    {
        await using var forbidden = new LocalListener(IPAddress.Loopback);
        var atom = $"""
            <?xml version="1.0" encoding="utf-8"?>
            <feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><id>urn:x</id><updated>2026-01-01T00:00:00Z</updated>
              <entry><title>e</title><id>urn:e</id><updated>2026-01-01T00:00:00Z</updated>
                <link rel="alternate" type="application/ld+json" href="http://{forbidden.Authority}/api/v1/practices/1/jsonld"/></entry>
            </feed>
            """;
        await using var allowed = new LocalListener(IPAddress.Loopback, (_, stream, ct) => LocalListener.AnswerAsync(stream, "200 OK", "application/atom+xml", atom, ct));
        using var app = App(allow: allowed.Authority);
        var network = await HarvestAsync(app, await NetworkAsync(app, $"http://{allowed.Authority}/feeds/practices.atom"));
        Assert.True(allowed.Connections > 0, "the feed was read");
        Assert.Equal(0, await forbidden.ConnectionsSettledAsync());
        Assert.Null(network.LastSuccessAt);
    }

    [Fact]
    public async Task A_feed_over_plain_http_is_not_harvested_outside_development_even_to_an_allowed_address()
    {
        // The address is allowed (as a test listener is), but the URL names it by a name, not as the allow-list does: https is required.
        await using var target = new LocalListener(IPAddress.Loopback);
        using var app = App(allow: "127.0.0.0/8, ::1");
        var network = await HarvestAsync(app, await NetworkAsync(app, $"http://localhost:{target.Port}/api/v1/export"));
        Assert.Equal(0, await target.ConnectionsSettledAsync());
        Assert.Contains("https", network.LastOutcome, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_gzip_bomb_stops_being_read_at_the_limit()
    {
        // One gzip member of 1 MB of zeros is about 1 KB; members concatenated are one gzip stream: sent without end.
        byte[] member;
        using (var packed = new MemoryStream())
        {
            await using (var gzip = new GZipStream(packed, CompressionLevel.SmallestSize, leaveOpen: true)) gzip.Write(new byte[1024 * 1024]);
            member = packed.ToArray();
        }
        LocalListener? server = null;
        server = new LocalListener(IPAddress.Loopback, async (path, stream, ct) =>
        {
            if (path.EndsWith(".atom", StringComparison.Ordinal))
            {
                await LocalListener.AnswerAsync(stream, "200 OK", "application/atom+xml", $"""
                    <feed xmlns="http://www.w3.org/2005/Atom"><entry><link rel="alternate" type="application/ld+json" href="http://{server!.Authority}/bomb.jsonld"/></entry></feed>
                    """, ct);
                return;
            }
            await stream.WriteAsync(Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Type: application/ld+json\r\nContent-Encoding: gzip\r\nConnection: close\r\n\r\n"), ct);
            for (var i = 0; i < 4096; i++)
            {
                await stream.WriteAsync(member, ct);
                await Task.Delay(20, ct); // 50 MB a second decompressed: code that reads it all meets the deadline first
            }
        });
        await using (server)
        {
            using var app = new TestApp(Infrastructure.Providers.Sqlite, new Dictionary<string, string?>(Mailbox.Settings())
            {
                ["Seed:Demo"] = "false", ["Networks:Interval"] = "00:00:00", ["Networks:Timeout"] = "00:00:10", ["Networks:MaxBytes"] = "1000000",
                ["Outbound:AllowPrivateNetworks"] = server.Authority,
            });
            var id = await NetworkAsync(app, $"http://{server.Authority}/feeds/practices.atom");
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var network = await HarvestAsync(app, id);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(9), $"took {clock.Elapsed}"); // stopped at the limit, not at the deadline
            Assert.Contains("larger than the limit", network.LastOutcome, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("127.0.0.1", "http://127.0.0.1:{port}/hook")]
    [InlineData("::1", "https://[::1]:{port}/hook")]
    [InlineData("127.0.0.1", "https://[::ffff:127.0.0.1]:{port}/hook")]
    public async Task A_webhook_to_loopback_is_never_called(string listen, string url)
    {
        using var app = App();
        await using var target = new LocalListener(IPAddress.Parse(listen));
        url = url.Replace("{port}", target.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<LearningNetworkDb>();
            var subscription = new WebhookSubscription { Url = url, Secret = new string('a', 64), CreatedAt = DateTime.UtcNow };
            db.WebhookSubscriptions.Add(subscription);
            await db.SaveChangesAsync();
            db.WebhookDeliveries.Add(new WebhookDelivery { SubscriptionId = subscription.Id, Event = "practice.updated", Payload = "{}", CreatedAt = DateTime.UtcNow, NextAttemptAt = DateTime.UtcNow.AddSeconds(-1) });
            await db.SaveChangesAsync();
        }
        Assert.Equal(0, await app.Service<WebhookDispatcher>().DispatchDueAsync(CancellationToken.None));
        Assert.Equal(0, await target.ConnectionsSettledAsync());

        // Subscribing such an address through the page is refused with a message on the field.
        var admin = await TestPeople.WithRoleAsync(app, Roles.NetworkAdmin);
        var refused = await admin.SubmitAsync("/en/networks/webhooks", new Dictionary<string, string> { ["Url"] = url });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("private or local network", WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Registering_a_feed_or_a_webhook_needs_https_and_a_public_host()
    {
        using var app = App();
        var admin = await TestPeople.WithRoleAsync(app, Roles.NetworkAdmin);
        foreach (var (url, message) in new[]
        {
            ("http://network.example.eu/api/v1/export", "Give an https address"),
            ("https://127.0.0.1:8443/api/v1/export", "private or local network"),
            ("https://169.254.169.254/latest/meta-data/", "private or local network"),
            ("https://[fd00::2]/api/v1/export", "private or local network"),
            ("https://10.1.2.3/api/v1/export", "private or local network"),
        })
        {
            var feed = await admin.SubmitAsync("/en/networks/new", new Dictionary<string, string> { ["Form.Name"] = "N " + Guid.NewGuid().ToString("N")[..6], ["Form.FeedUrl"] = url });
            Assert.Equal(HttpStatusCode.BadRequest, feed.StatusCode);
            Assert.Contains(message, WebUtility.HtmlDecode(await feed.Content.ReadAsStringAsync()), StringComparison.Ordinal);
            var hook = await admin.SubmitAsync("/en/networks/webhooks", new Dictionary<string, string> { ["Url"] = url });
            Assert.Equal(HttpStatusCode.BadRequest, hook.StatusCode);
            Assert.Contains(message, WebUtility.HtmlDecode(await hook.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        }
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<LearningNetworkDb>();
        Assert.Equal(0, await db.RegisteredNetworks.CountAsync());
        Assert.Equal(0, await db.WebhookSubscriptions.CountAsync());
    }

    [Fact]
    public async Task The_network_page_tells_anonymous_visitors_and_members_whether_the_harvest_failed_but_only_admins_why()
    {
        using var app = App();
        var id = await NetworkAsync(app, "https://network.example.eu/api/v1/export", n =>
        {
            n.LastHarvestAt = DateTime.UtcNow;
            n.LastOutcome = "could not reach the feed (Connection refused (10.0.0.7:6379)); nothing changed";
        });
        string slug;
        using (var scope = app.Services.CreateScope())
            slug = await scope.ServiceProvider.GetRequiredService<LearningNetworkDb>().RegisteredNetworks.Where(n => n.Id == id).Select(n => n.Slug).SingleAsync();

        var member = (await TestPeople.RegisteredAsync(app)).Client;
        foreach (var client in new[] { app.Client(), member })
        {
            var page = WebUtility.HtmlDecode(await client.GetStringAsync($"/en/networks/{slug}"));
            Assert.DoesNotContain("6379", page, StringComparison.Ordinal);
            Assert.DoesNotContain("Connection refused", page, StringComparison.Ordinal);
            Assert.Contains("Failed", page, StringComparison.Ordinal);
            Assert.DoesNotContain("6379", WebUtility.HtmlDecode(await client.GetStringAsync("/en/networks")), StringComparison.Ordinal);
        }
        var admin = await TestPeople.WithRoleAsync(app, Roles.NetworkAdmin);
        Assert.Contains("10.0.0.7:6379", WebUtility.HtmlDecode(await admin.GetStringAsync($"/en/networks/{slug}")), StringComparison.Ordinal);
    }

    [Fact]
    public void Every_outbound_http_client_of_the_app_is_made_by_the_one_safe_mechanism()
    {
        var source = Path.Combine(AppProcess.RepositoryRoot, "src", "LearningNetwork");
        var outbound = Path.Combine(source, "Infrastructure", "Outbound") + Path.DirectorySeparatorChar;
        string[] patterns = ["AddHttpClient(", "new HttpClient(", "new HttpClientHandler", "new SocketsHttpHandler", "ConfigurePrimaryHttpMessageHandler", "WebRequest.Create"];
        var offenders = Directory.EnumerateFiles(source, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.StartsWith(outbound, StringComparison.Ordinal) && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => patterns.Where(p => File.ReadAllText(f).Contains(p, StringComparison.Ordinal)).Select(p => $"{Path.GetRelativePath(source, f)}: {p}"))
            .ToList();
        Assert.Empty(offenders);
    }
}
