using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using LearningNetwork.Domain;
using LearningNetwork.Features.ApiKeys;
using LearningNetwork.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static LearningNetwork.Tests.Features.Interchange.OwnershipTestData;

namespace LearningNetwork.Tests.Features.ApiKeys;

/// <summary>
/// A practices:write key creates and changes only its own partner's practices, however the importer would find the row
/// (its external id or this site's own @id for it), never deletes a published one, and writes nothing but the one practice.
/// </summary>
public sealed class WriteApiOwnershipTests
{
    public static TheoryData<string, bool> ProvidersAndIdForms
    {
        get
        {
            var data = new TheoryData<string, bool>();
            foreach (string provider in Infrastructure.Providers.All) { data.Add(provider, true); data.Add(provider, false); }
            return data;
        }
    }

    public static TheoryData<string> Providers => Infrastructure.Providers.All;

    private static StringContent Json(JsonNode node) => new(node.ToJsonString(), Encoding.UTF8, new MediaTypeHeaderValue("application/ld+json"));

    /// <summary>A client holding a practices:write key of the partner with this slug.</summary>
    private static async Task<HttpClient> KeyOfAsync(TestApp app, string partnerSlug)
    {
        var (prefix, secret, token) = ApiKeyAuthentication.NewKey();
        await WithDbAsync(app, async db =>
        {
            var partner = await db.Partners.SingleAsync(p => p.Slug == partnerSlug);
            db.ApiKeys.Add(new ApiKey
            {
                PartnerId = partner.Id, Name = "system", Prefix = prefix, SecretHash = ApiKeyAuthentication.Hash(secret), Scopes = ApiScopes.PracticesWrite,
                CreatedAt = DateTime.UtcNow,
            });
            return await db.SaveChangesAsync();
        });
        var client = app.Client();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static JsonObject Body(string id, string title) => new()
    {
        ["@type"] = "CreativeWork", ["additionalType"] = "GoodPractice", ["@id"] = id, ["name"] = title, ["description"] = "Written by a partner's own system.",
        ["inLanguage"] = "en",
    };

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal((int)status, JsonNode.Parse(await response.Content.ReadAsStringAsync())!["status"]!.GetValue<int>());
    }

    [Theory]
    [MemberData(nameof(ProvidersAndIdForms))]
    public async Task A_key_cannot_take_over_another_partners_practice_by_its_public_id_and_creates_its_own_under_a_new_one(string provider, bool publicUrl)
    {
        using var app = new TestApp(provider, Settings(publicUrl));
        await SeedLocalAsync(app);
        var betaPractice = await PublicIdAsync(app, "practices", BetaPractice);
        var before = await PracticeStateAsync(app, BetaPractice);
        Assert.StartsWith("region-beta|||Published|", before, StringComparison.Ordinal);
        var alpha = await KeyOfAsync(app, "region-alpha");

        await AssertProblemAsync(await alpha.PostAsync("/api/v1/practices", Json(Body(betaPractice, "Alpha's now"))), HttpStatusCode.Forbidden);
        Assert.Equal(before, await PracticeStateAsync(app, BetaPractice));

        // Contributors must be partners this site knows.
        var stranger = Body("https://alpha.example/p/2", "With a stranger");
        stranger["contributor"] = new JsonArray(new JsonObject { ["@id"] = "https://nowhere.example/orgs/1" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await alpha.PostAsync("/api/v1/practices", Json(stranger))).StatusCode);

        // An @id nobody holds: a new practice of alpha's, submitted for a moderator, with beta as a known contributor; audited.
        var own = Body("https://alpha.example/p/1", "Alpha's hedges");
        own["contributor"] = new JsonArray(new JsonObject { ["@id"] = await PublicIdAsync(app, "partners", "region-beta") });
        var created = await alpha.PostAsync("/api/v1/practices", Json(own));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var slug = JsonNode.Parse(await created.Content.ReadAsStringAsync())!["slug"]!.GetValue<string>();
        Assert.Equal("region-alpha||https://alpha.example/p/1|Submitted|Alpha's hedges", await PracticeStateAsync(app, slug));
        own["name"] = "Alpha's hedges, longer";
        Assert.Equal(HttpStatusCode.OK, (await alpha.PostAsync("/api/v1/practices", Json(own))).StatusCode);
        await WithDbAsync(app, async db =>
        {
            var actions = await db.AuditEntries.Where(a => a.Subject == $"practice/{slug}").OrderBy(a => a.Id).Select(a => a.Action).ToListAsync();
            Assert.Equal(new[] { "practice.created-by-api", "practice.updated-by-api" }, actions);
            Assert.Single(await db.Practices.Where(p => p.Slug == slug).SelectMany(p => p.Contributors).ToListAsync());
            return 0;
        });

        // Beta's own key may change beta's practice, found by the same public id.
        var beta = await KeyOfAsync(app, "region-beta");
        Assert.Equal(HttpStatusCode.OK, (await beta.PostAsync("/api/v1/practices", Json(Body(betaPractice, "Ponds for the tree frog, revised")))).StatusCode);
        Assert.Equal("region-beta|||Published|Ponds for the tree frog, revised", await PracticeStateAsync(app, BetaPractice));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_key_never_deletes_a_published_practice_nor_another_partners_and_deletes_its_own_draft(string provider)
    {
        using var app = new TestApp(provider, Settings(false));
        await SeedLocalAsync(app);
        var published = await WithDbAsync(app, db => db.Practices.Where(p => p.Slug == BetaPractice).Select(p => p.Id).SingleAsync());
        var beta = await KeyOfAsync(app, "region-beta");
        var alpha = await KeyOfAsync(app, "region-alpha");

        await AssertProblemAsync(await alpha.DeleteAsync($"/api/v1/practices/{published}"), HttpStatusCode.NotFound);
        await AssertProblemAsync(await beta.DeleteAsync($"/api/v1/practices/{published}"), HttpStatusCode.Conflict);
        Assert.StartsWith("region-beta|||Published|", await PracticeStateAsync(app, BetaPractice), StringComparison.Ordinal);

        var created = await beta.PostAsync("/api/v1/practices", Json(Body("https://beta.example/p/draft", "A draft")));
        var id = JsonNode.Parse(await created.Content.ReadAsStringAsync())!["id"]!.GetValue<int>();
        Assert.Equal(HttpStatusCode.NoContent, (await beta.DeleteAsync($"/api/v1/practices/{id}")).StatusCode);
        Assert.True(await WithDbAsync(app, db => db.AuditEntries.AnyAsync(a => a.Action == "practice.deleted-by-api")));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task The_body_is_one_practice_of_the_keys_partner_and_nothing_else(string provider)
    {
        using var app = new TestApp(provider, Settings(false));
        await SeedLocalAsync(app);
        var alpha = await KeyOfAsync(app, "region-alpha");
        var betaId = await PublicIdAsync(app, "partners", "region-beta");

        // Another partner's practice by the author named.
        var foreign = Body("https://alpha.example/p/9", "Beta's, says alpha");
        foreign["author"] = new JsonObject { ["@id"] = betaId };
        await AssertProblemAsync(await alpha.PostAsync("/api/v1/practices", Json(foreign)), HttpStatusCode.Forbidden);
        // A partner, an offer, a graph of several nodes: not a practice.
        var partner = Partner(betaId, "Beta, renamed");
        partner["additionalType"] = "GoodPractice";
        partner["@type"] = "GovernmentOrganization";
        Assert.True((int)(await alpha.PostAsync("/api/v1/practices", Json(partner))).StatusCode is 403 or 422);
        Assert.True((int)(await alpha.PostAsync("/api/v1/practices", Json(Graph(Partner(betaId, "Beta, renamed"), Body("https://alpha.example/p/8", "x"))))).StatusCode is 403 or 422);
        Assert.Equal("Region Beta|||https://beta.example/|BE", await PartnerStateAsync(app, "region-beta"));
        Assert.Equal(1, await WithDbAsync(app, db => db.Practices.CountAsync()));
    }
}
