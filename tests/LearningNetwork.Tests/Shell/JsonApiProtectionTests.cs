using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using LearningNetwork.Data;
using LearningNetwork.Domain;
using LearningNetwork.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LearningNetwork.Tests.Shell;

/// <summary>
/// A page of another site can make a signed-in person's browser post a form (text/plain, urlencoded, multipart) with the
/// session cookie, but not JSON and not a header: so the API takes only JSON bodies, and a request the cookie signs in
/// carries the antiforgery token of a page of the site, as the site's scripts send it.
/// </summary>
public sealed class JsonApiProtectionTests
{
    public static TheoryData<string> Providers => Infrastructure.Providers.All;

    private const string Delta = """{"@context":"https://schema.org","@type":"Organization","@id":"https://other.example/orgs/7","name":"Delta Network","additionalType":"network","address":{"addressCountry":"NL"}}""";

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_network_admins_import_takes_json_with_the_sites_token_and_nothing_a_cross_site_form_can_send(string provider)
    {
        using var app = new TestApp(provider, new Dictionary<string, string?>(Mailbox.Settings()) { ["Seed:Demo"] = "false" });
        var admin = await TestPeople.WithRoleAsync(app, Roles.NetworkAdmin);

        // What a form on another site can send with the admin's cookie: the JSON as text/plain, urlencoded or multipart,
        // or (fetch with no-cors) a body without a content type.
        var crossSite = new Func<HttpContent>[]
        {
            () => new StringContent(Delta, Encoding.UTF8, "text/plain"),
            () => new FormUrlEncodedContent(new Dictionary<string, string> { [Delta] = "" }),
            () => new MultipartFormDataContent { { new StringContent(Delta), "file" } },
            () => new ByteArrayContent(Encoding.UTF8.GetBytes(Delta)),
        };
        foreach (var content in crossSite)
        {
            var refused = await admin.PostAsync("/api/v1/import", content());
            Assert.Equal(HttpStatusCode.UnsupportedMediaType, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        }
        // Even with the token, a body that is not JSON is refused.
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await admin.PostAsSiteScriptAsync("/api/v1/import", new StringContent(Delta, Encoding.UTF8, "text/plain"))).StatusCode);

        // JSON with the cookie alone is not enough.
        var noToken = await admin.PostAsync("/api/v1/import", new StringContent(Delta, Encoding.UTF8, "application/ld+json"));
        Assert.Equal(HttpStatusCode.BadRequest, noToken.StatusCode);
        Assert.Equal("application/problem+json", noToken.Content.Headers.ContentType?.MediaType);
        Assert.Contains("RequestVerificationToken", await noToken.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var forged = new HttpRequestMessage(HttpMethod.Post, "/api/v1/import") { Content = new StringContent(Delta, Encoding.UTF8, "application/json") };
        forged.Headers.Add("RequestVerificationToken", "made-up");
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.SendAsync(forged)).StatusCode);
        // Another person's token does not serve this admin either.
        var (other, _) = await TestPeople.RegisteredAsync(app);
        var theirs = new HttpRequestMessage(HttpMethod.Post, "/api/v1/import") { Content = new StringContent(Delta, Encoding.UTF8, "application/json") };
        theirs.Headers.Add("RequestVerificationToken", await other.AntiforgeryTokenAsync());
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.SendAsync(theirs)).StatusCode);
        Assert.False(await ImportedAsync(app));

        // As the site's scripts send it: JSON with the token of a page, in the header.
        var ok = await admin.PostAsSiteScriptAsync("/api/v1/import", new StringContent(Delta, Encoding.UTF8, new MediaTypeHeaderValue("application/ld+json")));
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.True(await ImportedAsync(app));
    }

    [Theory]
    [MemberData(nameof(Infrastructure.Providers.NotData), MemberType = typeof(Infrastructure.Providers))]
    public async Task The_readability_api_takes_json_from_anyone_and_the_editors_form_token_from_a_signed_in_editor(string provider)
    {
        using var app = new TestApp(provider, Mailbox.Settings());
        var text = new { text = "The town plants trees. The school grows food." };
        var anonymous = app.Client();
        Assert.Equal(HttpStatusCode.OK, (await anonymous.PostAsJsonAsync("/api/v1/readability?lang=en", text)).StatusCode);
        var plain = await anonymous.PostAsync("/api/v1/readability?lang=en", new StringContent("{\"text\":\"The town plants trees.\"}", Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, plain.StatusCode);
        Assert.Equal("application/problem+json", plain.Content.Headers.ContentType?.MediaType);

        var moderator = await TestPeople.WithRoleAsync(app, Roles.Moderator);
        Assert.Equal(HttpStatusCode.BadRequest, (await moderator.PostAsJsonAsync("/api/v1/readability?lang=en", text)).StatusCode);
        // readability.js takes the token from the edit form's hidden field.
        const string edit = "/en/targets/kmgbf/12/edit?language=en";
        Assert.Contains("name=\"__RequestVerificationToken\"", await moderator.GetStringAsync(edit), StringComparison.Ordinal);
        var scored = await moderator.SendAsSiteScriptAsync(HttpMethod.Post, "/api/v1/readability?lang=en", JsonContent.Create(text), edit);
        Assert.Equal(HttpStatusCode.OK, scored.StatusCode);
        Assert.Equal("Flesch", JsonNode.Parse(await scored.Content.ReadAsStringAsync())!["formula"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_anonymous_write_to_a_route_that_does_not_exist_asks_for_credentials_and_reveals_nothing()
    {
        var client = Infrastructure.Providers.SharedApp(Infrastructure.Providers.Sqlite).Client();
        foreach (var path in new[] { "/api/v1/workshops", "/api/v1/no-such-thing/7" })
        {
            using var response = await client.PostAsync(path, new StringContent("{\"name\":\"x\"}", Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains("Bearer", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        }
        // Reading a route that does not exist stays a 404.
        using var read = await client.GetAsync("/api/v1/no-such-thing/7");
        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
    }

    [Fact]
    public async Task The_sites_readability_script_sends_the_pages_token()
    {
        var script = await Infrastructure.Providers.SharedApp(Infrastructure.Providers.Sqlite).Client().GetStringAsync("/js/readability.js");
        Assert.Contains("__RequestVerificationToken", script, StringComparison.Ordinal);
        Assert.Contains("headers.RequestVerificationToken", script, StringComparison.Ordinal);
    }

    private static async Task<bool> ImportedAsync(TestApp app)
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<LearningNetworkDb>().Partners.AnyAsync(p => p.Name == "Delta Network");
    }
}
