using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using LearningNetwork.Data;
using LearningNetwork.Domain;
using LearningNetwork.Features.Webhooks;
using LearningNetwork.Tests.Features.Practices;
using LearningNetwork.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LearningNetwork.Tests.Features.ApiKeys;

public sealed partial class WriteApiTests
{
    public static TheoryData<string> Providers => Infrastructure.Providers.All;

    private static StringContent Json(JsonNode node) => new(node.ToJsonString(), Encoding.UTF8, new MediaTypeHeaderValue("application/ld+json"));

    private static JsonObject Practice(string id, string title) => new()
    {
        ["@type"] = "CreativeWork", ["additionalType"] = "GoodPractice", ["@id"] = id, ["name"] = title, ["description"] = "Written by the region's own system.",
        ["inLanguage"] = "nl", ["about"] = new JsonArray(new JsonObject { ["@type"] = "DefinedTerm", ["termCode"] = "KMGBF-2" }),
        ["additionalProperty"] = new JsonArray(new JsonObject { ["@type"] = "PropertyValue", ["propertyID"] = "result", ["name"] = "Ponds dug", ["value"] = 12, ["unitText"] = "ponds" }),
    };

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task An_organisation_admin_makes_a_key_its_system_writes_practices_and_a_revoked_key_writes_nothing(string provider)
    {
        using var app = new TestApp(provider, Mailbox.Settings());
        var (owner, partnerId, _) = await PracticeTestData.MemberOfAsync(app, "noord-brabant");
        var made = await owner.SubmitAsync($"/en/organisation/{partnerId}/api-keys", new Dictionary<string, string> { ["Name"] = "GIS portal", ["Scopes"] = "practices:write" });
        var html = WebUtility.HtmlDecode(await made.Content.ReadAsStringAsync());
        var token = TokenRegex().Match(html).Value;
        Assert.StartsWith("ln_", token, StringComparison.Ordinal);
        using (var scope = app.Services.CreateScope())
            Assert.DoesNotContain(token.Split('_', 3)[2], await scope.ServiceProvider.GetRequiredService<LearningNetworkDb>().ApiKeys.Select(k => k.SecretHash).SingleAsync(), StringComparison.Ordinal);
        var (other, _) = await TestPeople.RegisteredAsync(app);
        Assert.Equal(HttpStatusCode.Forbidden, (await other.GetAsync($"/en/organisation/{partnerId}/api-keys")).StatusCode);

        var system = app.Client();
        Assert.Equal(HttpStatusCode.Unauthorized, (await system.PostAsync("/api/v1/practices", Json(Practice("https://gis.brabant.example/p/1", "Ponds")))).StatusCode);
        system.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var created = await system.PostAsync("/api/v1/practices", Json(Practice("https://gis.brabant.example/p/1", "Ponds for tree frogs")));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var written = JsonNode.Parse(await created.Content.ReadAsStringAsync())!;
        Assert.Equal("submitted", written["stage"]!.GetValue<string>()); // waits for a moderator like a practice from the form
        var updated = await system.PostAsync("/api/v1/practices", Json(Practice("https://gis.brabant.example/p/1", "Ponds for tree frogs and newts")));
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        var foreign = Practice("https://gis.brabant.example/p/2", "Someone else's");
        foreign["author"] = new JsonObject { ["@id"] = "https://elsewhere.example/orgs/9" };
        Assert.Equal(HttpStatusCode.Forbidden, (await system.PostAsync("/api/v1/practices", Json(foreign))).StatusCode);
        var invalid = await system.PostAsync("/api/v1/practices", Json(new JsonObject { ["@type"] = "CreativeWork", ["additionalType"] = "GoodPractice", ["@id"] = "https://gis.brabant.example/p/3" }));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, invalid.StatusCode);
        Assert.Contains("\"field\":\"name\"", await invalid.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await system.PostAsync("/api/v1/practices", new StringContent("{", Encoding.UTF8, "application/json"))).StatusCode);

        var id = written["id"]!.GetValue<int>();
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<LearningNetworkDb>();
            var p = await db.Practices.Include(x => x.Texts).SingleAsync(x => x.Id == id);
            Assert.Equal(partnerId, p.PartnerId);
            Assert.Equal("Ponds for tree frogs and newts", p.Texts.Single().Title);
            Assert.Equal(PracticeStage.Submitted, p.Stage);
        }

        // Revoked: the same key no longer works.
        var keyId = await app.Services.CreateScope().ServiceProvider.GetRequiredService<LearningNetworkDb>().ApiKeys.Select(k => k.Id).SingleAsync();
        await owner.SubmitAsync($"/en/organisation/{partnerId}/api-keys", new Dictionary<string, string>(), $"/en/organisation/{partnerId}/api-keys?handler=Revoke&id={keyId}");
        Assert.Equal(HttpStatusCode.Unauthorized, (await system.DeleteAsync($"/api/v1/practices/{id}")).StatusCode);
        system.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "ln_000000000000_notarealsecretnotarealsecret");
        Assert.Equal(HttpStatusCode.Unauthorized, (await system.DeleteAsync($"/api/v1/practices/{id}")).StatusCode);
    }

    [Fact]
    public async Task Public_changes_are_announced_to_subscribed_networks_signed_and_retried_until_delivered()
    {
        using var app = new TestApp(Infrastructure.Providers.Sqlite, new Dictionary<string, string?>(Mailbox.Settings()) { ["Webhooks:Interval"] = "00:00:00", ["Outbound:AllowPrivateNetworks"] = "127.0.0.1" } /* the endpoint below listens on loopback: allowed for tests only */);
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0)) { probe.Start(); port = ((IPEndPoint)probe.LocalEndpoint).Port; }
        using var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        var received = new List<(string Event, string Signature, string Timestamp, string Body)>();
        var answer = HttpStatusCode.InternalServerError;
        _ = Task.Run(async () =>
        {
            while (listener.IsListening)
            {
                HttpListenerContext context;
                try { context = await listener.GetContextAsync(); } catch (HttpListenerException) { return; } catch (ObjectDisposedException) { return; }
                using var reader = new StreamReader(context.Request.InputStream);
                var body = await reader.ReadToEndAsync();
                lock (received) received.Add((context.Request.Headers["X-LN-Event"]!, context.Request.Headers["X-LN-Signature"]!, context.Request.Headers["X-LN-Timestamp"]!, body));
                context.Response.StatusCode = (int)answer;
                context.Response.Close();
            }
        });

        var admin = await TestPeople.WithRoleAsync(app, Roles.NetworkAdmin);
        var page = WebUtility.HtmlDecode(await (await admin.SubmitAsync("/en/networks/webhooks", new Dictionary<string, string> { ["Url"] = $"http://127.0.0.1:{port}/hook", ["Description"] = "Network B" })).Content.ReadAsStringAsync());
        var secret = SecretRegex().Match(page).Groups[1].Value;
        Assert.Equal(64, secret.Length);

        // An owner marks a published demo practice as reviewed: a public change.
        var (owner, _, _) = await PracticeTestData.MemberOfAsync(app, "noord-brabant");
        string slug;
        using (var scope = app.Services.CreateScope())
            slug = await scope.ServiceProvider.GetRequiredService<LearningNetworkDb>().Practices
                .Where(p => p.Partner!.Slug == "noord-brabant" && p.Stage == PracticeStage.Published).Select(p => p.Slug).FirstAsync();
        var practicePage = await owner.GetStringAsync($"/en/practices/{slug}");
        await owner.SubmitAsync($"/en/practices/{slug}", new Dictionary<string, string> { ["Version"] = PracticeTestData.Version(practicePage) }, $"/en/practices/{slug}/move?step=archive");

        var dispatcher = app.Services.GetRequiredService<WebhookDispatcher>();
        Assert.Equal(0, await dispatcher.DispatchDueAsync(CancellationToken.None)); // the endpoint fails: kept for a retry
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<LearningNetworkDb>();
            var d = await db.WebhookDeliveries.SingleAsync();
            Assert.Equal(1, d.Attempts);
            Assert.Null(d.DeliveredAt);
            Assert.True(d.NextAttemptAt > DateTime.UtcNow);
            await db.WebhookDeliveries.ExecuteUpdateAsync(s => s.SetProperty(x => x.NextAttemptAt, DateTime.UtcNow.AddSeconds(-1)));
        }
        answer = HttpStatusCode.NoContent;
        Assert.Equal(1, await dispatcher.DispatchDueAsync(CancellationToken.None));
        Assert.Equal(0, await dispatcher.DispatchDueAsync(CancellationToken.None)); // delivered once, not again

        Assert.Equal(2, received.Count);
        var (name, signature, timestamp, body) = received[^1];
        Assert.Equal("practice.updated", name);
        Assert.Equal(WebhookDispatcher.Signature(secret, timestamp, body), signature);
        Assert.Equal(slug, JsonNode.Parse(body)!["slug"]!.GetValue<string>());
        listener.Stop();
    }

    [GeneratedRegex(@"ln_[0-9a-f]{12}_[A-Za-z0-9_\-]{20,}")]
    private static partial Regex TokenRegex();

    [GeneratedRegex(@"<code class=""key"">([0-9a-f]{64})</code>")]
    private static partial Regex SecretRegex();
}
