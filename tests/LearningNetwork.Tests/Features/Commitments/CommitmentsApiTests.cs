using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using LearningNetwork.Data;
using LearningNetwork.Tests.Features.Practices;
using LearningNetwork.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LearningNetwork.Tests.Features.Commitments;

public sealed partial class CommitmentsApiTests
{
    public static TheoryData<string> Providers => Infrastructure.Providers.All;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task The_list_has_the_shape_clients_rely_on_and_bad_parameters_are_problem_details(string provider)
    {
        var app = Infrastructure.Providers.SharedApp(provider);
        var client = app.Client();
        var list = JsonNode.Parse(await client.GetStringAsync("/api/v1/commitments?pageSize=5"))!;
        Assert.InRange(list["total"]!.GetValue<int>(), 15, 25); // the demo network's commitments
        var items = list["items"]!.AsArray();
        Assert.Equal(5, items.Count);
        foreach (var item in items)
        {
            foreach (var field in new[] { "id", "title", "url", "language", "country", "partner", "targets", "indicators" }) Assert.NotNull(item![field]);
            Assert.NotEmpty(item!["targets"]!.AsArray());
            foreach (var indicator in item["indicators"]!.AsArray())
                foreach (var field in new[] { "label", "unit", "baseline", "target", "targetDate", "latest", "progress" })
                    Assert.True(indicator!.AsObject().ContainsKey(field), field);
        }
        var dutch = JsonNode.Parse(await client.GetStringAsync("/api/v1/commitments?country=NL&target=kmgbf:2"))!;
        Assert.All(dutch["items"]!.AsArray(), i =>
        {
            Assert.Equal("NL", i!["country"]!.GetValue<string>());
            Assert.Contains("kmgbf:2", i["targets"]!.AsArray().Select(t => t!.GetValue<string>()));
        });
        Assert.True(dutch["total"]!.GetValue<int>() >= 1);
        var one = JsonNode.Parse(await client.GetStringAsync($"/api/v1/commitments/{items[0]!["id"]}"))!;
        Assert.NotNull(one["description"]);
        Assert.NotEmpty(one["reports"]!.AsArray());

        foreach (var bad in new[] { "target=kmgbf", "country=nl", "framework=cbd", "page=0", "pageSize=1000", "target=kmgbf:2;drop" })
        {
            var response = await client.GetAsync("/api/v1/commitments?" + bad);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
        var missing = await client.GetAsync("/api/v1/commitments/999999");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
        var points = JsonNode.Parse(await client.GetStringAsync("/api/v1/commitments/partners"))!;
        Assert.Equal("FeatureCollection", points["type"]!.GetValue<string>());
        Assert.True(points["features"]!.AsArray().Count >= 15);
        Assert.Contains("/api/v1/commitments", await client.GetStringAsync("/openapi/v1.json"), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task The_committing_partners_key_reports_progress_and_a_wrong_unit_or_date_is_refused_in_the_callers_language(string provider)
    {
        using var app = new TestApp(provider, Mailbox.Settings());
        var (owner, partnerId, _) = await PracticeTestData.MemberOfAsync(app, "bratislava-region");
        var id = CommitmentTestData.IdFrom(await owner.SubmitAsync("/en/commitments/new", CommitmentTestData.Form(partnerId)));
        var meadows = await CommitmentTestData.IndicatorIdAsync(app, id, 0);
        var made = await owner.SubmitAsync($"/en/organisation/{partnerId}/api-keys", new Dictionary<string, string> { ["Name"] = "Monitoring", ["Scopes"] = "commitments:write" });
        var token = TokenRegex().Match(WebUtility.HtmlDecode(await made.Content.ReadAsStringAsync())).Value;
        Assert.StartsWith("ln_", token, StringComparison.Ordinal);
        var (otherOwner, otherPartner, _) = await PracticeTestData.MemberOfAsync(app, "hamburg");
        var otherMade = await otherOwner.SubmitAsync($"/en/organisation/{otherPartner}/api-keys", new Dictionary<string, string> { ["Name"] = "Theirs", ["Scopes"] = "commitments:write" });
        var otherToken = TokenRegex().Match(WebUtility.HtmlDecode(await otherMade.Content.ReadAsStringAsync())).Value;
        var practicesOnly = await owner.SubmitAsync($"/en/organisation/{partnerId}/api-keys", new Dictionary<string, string> { ["Name"] = "Practices", ["Scopes"] = "practices:write" });
        var practicesToken = TokenRegex().Match(WebUtility.HtmlDecode(await practicesOnly.Content.ReadAsStringAsync())).Value;

        static JsonNode? V(object o) => o switch { string s => JsonValue.Create(s), int i => JsonValue.Create(i), double d => JsonValue.Create(d), _ => null };
        StringContent Body(object unit, string date, object? value = null) => new(new JsonObject
        {
            ["indicator"] = meadows, ["value"] = V(value ?? 60.5), ["unit"] = V(unit), ["date"] = date, ["note"] = "From the monitoring system.",
        }.ToJsonString(), Encoding.UTF8, "application/json");
        HttpClient Client(string? key, string language = "en")
        {
            var c = app.Client();
            if (key is not null) c.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
            c.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);
            return c;
        }
        var url = $"/api/v1/commitments/{id}/progress";

        Assert.Equal(HttpStatusCode.Unauthorized, (await Client(null).PostAsync(url, Body("ha", "2025-01-15"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Client(practicesToken).PostAsync(url, Body("ha", "2025-01-15"))).StatusCode);
        var foreign = await Client(otherToken).PostAsync(url, Body("ha", "2025-01-15"));
        Assert.Equal(HttpStatusCode.Forbidden, foreign.StatusCode);
        Assert.Equal("application/problem+json", foreign.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, (await Client(token).PostAsync("/api/v1/commitments/999999/progress", Body("ha", "2025-01-15"))).StatusCode);

        var wrongUnit = await Client(token).PostAsync(url, Body("km", "2025-01-15"));
        Assert.Equal(HttpStatusCode.BadRequest, wrongUnit.StatusCode);
        var problem = JsonNode.Parse(await wrongUnit.Content.ReadAsStringAsync())!;
        Assert.Equal("This indicator is measured in hectares (ha): report the value in hectares (ha).", problem["errors"]!["unit"]![0]!.GetValue<string>());
        var french = JsonNode.Parse(await (await Client(token, "fr").PostAsync(url, Body("km", "2022-12-01"))).Content.ReadAsStringAsync())!;
        Assert.Equal("Cet indicateur se mesure en hectares (ha) : déclarez la valeur en hectares (ha).", french["errors"]!["unit"]![0]!.GetValue<string>());
        Assert.Equal("La date est antérieure au début de l’engagement (2023-03-01).", french["errors"]!["date"]![0]!.GetValue<string>());
        var noUnit = JsonNode.Parse(await (await Client(token).PostAsync(url, new StringContent($"{{\"indicator\":{meadows},\"value\":3,\"date\":\"2025-01-15\"}}", Encoding.UTF8, "application/json"))).Content.ReadAsStringAsync())!;
        Assert.Contains("hectares (ha)", noUnit["errors"]!["unit"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        foreach (var (body, field) in new[]
                 {
                     (Body("ha", "2025-01-15", "sixty"), "value"), (Body("ha", "2025-01-15", -4), "value"), (Body(12, "2025-01-15"), "unit"),
                     (Body("ha", "15/01/2025"), "date"), (Body("ha", DateTime.UtcNow.AddDays(2).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)), "date"),
                 })
        {
            var refused = await Client(token).PostAsync(url, body);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.NotNull(JsonNode.Parse(await refused.Content.ReadAsStringAsync())!["errors"]![field]);
        }
        Assert.Equal(HttpStatusCode.BadRequest, (await Client(token).PostAsync(url, new StringContent("{", Encoding.UTF8, "application/json"))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await Client(token).PostAsync(url, new StringContent("[1]", Encoding.UTF8, "application/json"))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await Client(token).PostAsync(url, new StringContent("{\"indicator\":\"x\"}", Encoding.UTF8, "application/json"))).StatusCode);

        var created = await Client(token).PostAsync(url, Body("ha", "2025-01-15"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var report = JsonNode.Parse(await created.Content.ReadAsStringAsync())!;
        Assert.Equal(60.5, report["value"]!.GetValue<double>());
        Assert.Equal("ha", report["unit"]!.GetValue<string>());
        var item = JsonNode.Parse(await app.Client().GetStringAsync($"/api/v1/commitments/{id}"))!;
        Assert.Equal(0.505, item["indicators"]![0]!["progress"]!.GetValue<double>()); // (60.5 - 10) / 100

        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<LearningNetworkDb>();
        Assert.Equal(1, await db.ProgressReports.CountAsync(r => r.IndicatorId == meadows));
        Assert.StartsWith("apikey:", (await db.ProgressReports.SingleAsync(r => r.IndicatorId == meadows)).ReportedBy, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"ln_[0-9a-f]{12}_[A-Za-z0-9_\-]{20,}")]
    private static partial Regex TokenRegex();
}
