using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using LearningNetwork.Data;
using LearningNetwork.Domain;
using LearningNetwork.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LearningNetwork.Tests.Features.Networks;

/// <summary>Two running instances, two databases, real HTTP on loopback: network B harvests network A.</summary>
public sealed class FederationTests
{
    public static TheoryData<string> Providers => Infrastructure.Providers.All;

    /// <summary>The other instances run on loopback, which the app refuses to reach unless a test allows it (never in production).</summary>
    private const string LocalServers = "127.0.0.1";

    private static async Task<int> TotalAsync(HttpClient client, string list = "practices") =>
        JsonNode.Parse(await client.GetStringAsync($"/api/v1/{list}?pageSize=1"))!["total"]!.GetValue<int>();

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Network_B_harvests_A_shows_the_origin_and_sees_As_edit_and_deletion_on_the_next_harvest(string provider)
    {
        await using var a = await ServerProcess.StartAsync("--Seed:Demo=true", "--Networks:Interval=00:00:00", "--Practices:Interval=00:00:00");
        using var b = new TestApp(provider, new Dictionary<string, string?>(Mailbox.Settings()) { ["Seed:Demo"] = "false", ["Networks:Interval"] = "00:00:00", ["Outbound:AllowPrivateNetworks"] = LocalServers });
        var aClient = a.Client();
        var aPractices = await TotalAsync(aClient);
        var aPartners = await TotalAsync(aClient, "partners");

        // B's coordinator registers A by its JSON-LD endpoint; the first harvest follows at once.
        var admin = await TestPeople.WithRoleAsync(b, Roles.NetworkAdmin);
        var registered = await admin.SubmitAsync("/en/networks/new", new Dictionary<string, string>
        {
            ["Form.Name"] = "Network A", ["Form.FeedUrl"] = a.BaseUrl + "/api/v1/export", ["Form.Scope"] = "The demo network, as another instance.",
            ["Form.Countries"] = "NL", ["Form.Themes"] = "wetland",
        });
        Assert.Equal(HttpStatusCode.Redirect, registered.StatusCode);
        var networkPage = WebUtility.HtmlDecode(await admin.GetStringAsync("/en/networks/network-a"));
        Assert.Matches($@"Created: [^.]*\b{aPartners} partners, {aPractices} practices", networkPage); // counts are listed by type, alphabetically
        var bClient = b.Client();
        Assert.Equal(aPractices, await TotalAsync(bClient));
        Assert.Contains("Network A", WebUtility.HtmlDecode(await bClient.GetStringAsync("/en/networks")), StringComparison.Ordinal);

        var list = JsonNode.Parse(await aClient.GetStringAsync("/api/v1/practices?pageSize=200&sort=title"))!["items"]!.AsArray();
        var edited = list[0]!["slug"]!.GetValue<string>();
        var deleted = list[1]!["slug"]!.GetValue<string>();
        var onB = WebUtility.HtmlDecode(await bClient.GetStringAsync($"/en/practices/{edited}"));
        Assert.Contains("From the network", onB, StringComparison.Ordinal);
        Assert.Contains("/en/networks/network-a", onB, StringComparison.Ordinal);

        // Nothing changed on A: the conditional request costs a 304.
        await admin.SubmitAsync("/en/networks/network-a", new Dictionary<string, string>());
        Assert.Contains("not modified", await admin.GetStringAsync("/en/networks/network-a"), StringComparison.Ordinal);

        // A's coordinator corrects one practice (through A's import API) and deletes another.
        var (exit, output, error) = await AppProcess.RunAsync("create-admin", "coordinator@a.example", $"--Storage:Root={a.StorageRoot}");
        Assert.True(exit == 0, error);
        await aClient.SubmitAsync("/en/account/sign-in", new Dictionary<string, string>
        {
            ["Form.Email"] = "coordinator@a.example", ["Form.Password"] = output.Trim().Split(' ').Last(),
        });
        await aClient.ReplaceOneTimePasswordAsync(output.Trim().Split(' ').Last()); // asked for before any other page
        var export = JsonNode.Parse(await aClient.GetStringAsync("/api/v1/export"))!;
        var node = export["@graph"]!.AsArray().First(n => n!["@id"]!.GetValue<string>().EndsWith(":" + edited, StringComparison.Ordinal) || n["@id"]!.GetValue<string>().EndsWith("/" + edited, StringComparison.Ordinal))!;
        node["name"] = "Corrected on A";
        var import = await aClient.PostAsSiteScriptAsync("/api/v1/import", new StringContent(new JsonObject { ["@context"] = "https://schema.org", ["@graph"] = new JsonArray(node.DeepClone()) }.ToJsonString(), Encoding.UTF8, "application/ld+json"));
        Assert.Equal(HttpStatusCode.OK, import.StatusCode);
        var page = await aClient.GetStringAsync($"/en/practices/{deleted}");
        var delete = await aClient.SubmitAsync($"/en/practices/{deleted}", new Dictionary<string, string> { ["Version"] = PracticeVersion(page) }, $"/en/practices/{deleted}/delete");
        Assert.Equal(HttpStatusCode.Redirect, delete.StatusCode);
        Assert.Equal(aPractices - 1, await TotalAsync(aClient));

        await admin.SubmitAsync("/en/networks/network-a", new Dictionary<string, string>());
        Assert.Contains("Removed: 1 practices", WebUtility.HtmlDecode(await admin.GetStringAsync("/en/networks/network-a")), StringComparison.Ordinal);
        Assert.Equal(aPractices - 1, await TotalAsync(bClient));
        Assert.Equal(HttpStatusCode.NotFound, (await bClient.GetAsync($"/en/practices/{deleted}")).StatusCode);
        Assert.Contains("Corrected on A", WebUtility.HtmlDecode(await bClient.GetStringAsync($"/en/practices/{edited}")), StringComparison.Ordinal);

        // The same items through a second network are the same items: nothing is duplicated.
        var second = await admin.SubmitAsync("/en/networks/new", new Dictionary<string, string>
        {
            ["Form.Name"] = "Network A mirror", ["Form.FeedUrl"] = a.BaseUrl + "/api/v1/export?mirror=1",
        });
        Assert.Equal(HttpStatusCode.Redirect, second.StatusCode);
        Assert.Equal(aPractices - 1, await TotalAsync(bClient));
        using var scope = b.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<LearningNetworkDb>();
        Assert.Equal(0, await db.Practices.CountAsync(p => p.OriginNetworkId == db.RegisteredNetworks.Single(n => n.Slug == "network-a-mirror").Id));
    }

    [Fact]
    public async Task A_network_that_offers_an_atom_feed_of_changes_is_harvested_through_the_json_ld_its_entries_link_to()
    {
        await using var a = await ServerProcess.StartAsync("--Seed:Demo=true", "--Networks:Interval=00:00:00", "--Practices:Interval=00:00:00");
        using var b = new TestApp(Infrastructure.Providers.Sqlite, new Dictionary<string, string?>(Mailbox.Settings()) { ["Seed:Demo"] = "false", ["Networks:Interval"] = "00:00:00", ["Outbound:AllowPrivateNetworks"] = LocalServers });
        var aClient = a.Client();
        var feed = await aClient.GetAsync("/feeds/practices.atom");
        Assert.Equal("application/atom+xml", feed.Content.Headers.ContentType?.MediaType);
        var atom = System.Xml.Linq.XDocument.Parse(await feed.Content.ReadAsStringAsync());
        System.Xml.Linq.XNamespace ns = "http://www.w3.org/2005/Atom";
        var jsonLinks = atom.Descendants(ns + "link").Where(l => (string?)l.Attribute("type") == "application/ld+json").Select(l => (string)l.Attribute("href")!).ToList();
        Assert.Equal(await TotalAsync(aClient), jsonLinks.Count);
        Assert.Equal(HttpStatusCode.OK, (await aClient.GetAsync(new Uri(jsonLinks[0]).PathAndQuery)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await aClient.GetAsync("/api/v1/practices/999999/jsonld")).StatusCode);

        var admin = await TestPeople.WithRoleAsync(b, Roles.NetworkAdmin);
        var registered = await admin.SubmitAsync("/en/networks/new", new Dictionary<string, string> { ["Form.Name"] = "Network A (Atom)", ["Form.FeedUrl"] = a.BaseUrl + "/feeds/practices.atom" });
        Assert.Equal(HttpStatusCode.Redirect, registered.StatusCode);
        Assert.Equal(await TotalAsync(aClient), await TotalAsync(b.Client()));
        var slug = JsonNode.Parse(await aClient.GetStringAsync("/api/v1/practices?pageSize=1"))!["items"]![0]!["slug"]!.GetValue<string>();
        Assert.Contains("From the network", WebUtility.HtmlDecode(await b.Client().GetStringAsync($"/en/practices/{slug}")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_feed_that_fails_changes_nothing_says_why_and_does_not_hold_up_the_others()
    {
        using var b = new TestApp(Infrastructure.Providers.Sqlite, new Dictionary<string, string?>(Mailbox.Settings()) { ["Seed:Demo"] = "false", ["Networks:Interval"] = "00:00:00", ["Networks:Timeout"] = "00:00:05", ["Outbound:AllowPrivateNetworks"] = LocalServers });
        var admin = await TestPeople.WithRoleAsync(b, Roles.NetworkAdmin);
        var refused = await admin.SubmitAsync("/en/networks/new", new Dictionary<string, string> { ["Form.Name"] = "", ["Form.FeedUrl"] = "ftp://example.org/feed" });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("Give a full http or https address", WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync()), StringComparison.Ordinal);

        await using var a = await ServerProcess.StartAsync("--Seed:Demo=false", "--Networks:Interval=00:00:00");
        foreach (var (name, url, expected) in new[]
        {
            ("HTML network", a.BaseUrl + "/en/", "not JSON-LD"),
            ("Missing network", a.BaseUrl + "/api/v1/no-such-feed", "HTTP 404"),
            ("Closed network", "http://127.0.0.1:9/feed", "could not reach"),
            ("Broken network", a.BaseUrl + "/api/v1/practices?page=0", "HTTP 400"),
        })
        {
            var response = await admin.SubmitAsync("/en/networks/new", new Dictionary<string, string> { ["Form.Name"] = name, ["Form.FeedUrl"] = url });
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Contains(expected, WebUtility.HtmlDecode(await admin.GetStringAsync(response.Headers.Location!.OriginalString)), StringComparison.Ordinal);
        }
        Assert.Equal(0, await TotalAsync(b.Client()));
        Assert.Equal(HttpStatusCode.Forbidden, (await (await TestPeople.RegisteredAsync(b)).Client.GetAsync("/en/networks/new")).StatusCode);
    }

    private static string PracticeVersion(string html) =>
        System.Text.RegularExpressions.Regex.Match(html, "name=\"Version\" value=\"([^\"]+)\"").Groups[1].Value;
}
