using System.Net;
using System.Net.Http.Headers;
using System.Reflection;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using LearningNetwork.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace LearningNetwork.Tests.Robustness;

/// <summary>
/// "No input yields a 500" for the API: every GET /api/v1 route of the routing table with random path and query
/// values (the common parameter names and the ones its handler declares), and every POST with random JSON and mutated
/// valid bodies. Answers must be below 500, and an error must be problem details.
/// </summary>
[Collection(RobustApp.Collection)]
public sealed partial class ApiRobustnessTests(RobustApp fixture)
{
    private static readonly string[] CommonParameters =
        ["q", "lang", "type", "page", "pageSize", "country", "theme", "target", "sort", "bbox", "level", "kind", "nuts", "habitat", "language", "status",
         "stage", "partner", "framework", "from", "to", "text", "near", "radius", "format", "since", "cursor", "fields"];

    private sealed record Route(string Method, string Template, IReadOnlyList<string> Parameters);

    private List<Route> Routes() => fixture.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
        .Where(e => e.RoutePattern.RawText?.TrimStart('/').StartsWith("api/v1", StringComparison.Ordinal) == true)
        .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => new Route(m, e.RoutePattern.RawText!,
            e.Metadata.GetMetadata<MethodInfo>()?.GetParameters()
                .Where(p => p.ParameterType == typeof(string) || p.ParameterType == typeof(string[]) || Nullable.GetUnderlyingType(p.ParameterType)?.IsPrimitive == true || p.ParameterType.IsPrimitive)
                .Select(p => p.Name!).ToList() ?? [])))
        .ToList();

    /// <summary>Percent-encodes the UTF-8 of any string, lone surrogates included (they become U+FFFD, as a browser sends them).</summary>
    private static string Escape(string value) =>
        string.Concat(Encoding.UTF8.GetBytes(value).Select(b => char.IsAsciiLetterOrDigit((char)b) || b is (byte)'-' or (byte)'_' or (byte)'.' or (byte)'~' ? ((char)b).ToString() : $"%{b:X2}"));

    /// <summary>A path value. Without NUL: Kestrel refuses %00 in a path with a 400 before the app sees it (the test server throws instead).</summary>
    private static string PathValue(Random rng, string constraint) => PathValueWithNul(rng, constraint).Replace("\0", "", StringComparison.Ordinal);

    private static string PathValueWithNul(Random rng, string constraint) => constraint.Contains("int", StringComparison.Ordinal)
        ? rng.Pick(["0", "-1", "1", "2", "3", "2147483647", "2147483648", "99999999999999999999", rng.Next(1, 500).ToString(System.Globalization.CultureInfo.InvariantCulture)])
        : rng.Next(3) == 0 ? rng.Pick(["kmgbf", "2", "DE", "NL41", "eubds", "p1"]) : rng.NextHostile();

    private static async Task AssertAnswerAsync(HttpResponseMessage response, string request, List<string> failures)
    {
        var status = (int)response.StatusCode;
        if (status >= 500) failures.Add($"{request} -> {status}");
        else if (status >= 400 && status != 404 && status != 405 && status != 401 && status != 403 && status != 413 && status != 415
                 && response.Content.Headers.ContentType?.MediaType != "application/problem+json")
            failures.Add($"{request} -> {status} without problem details ({response.Content.Headers.ContentType})");
    }

    [Fact]
    public async Task Every_GET_api_route_answers_below_500_to_random_path_and_query_values()
    {
        var client = fixture.App.Client();
        var rng = Hostile.Rng("api-get-2026");
        var failures = new List<string>();
        var routes = Routes().Where(r => r.Method == "GET").ToList();
        Assert.True(routes.Count >= 20, $"only {routes.Count} GET routes");
        foreach (var route in routes)
        {
            // Routes that take no query parameter get a few tries; the others many.
            var iterations = route.Parameters.Count == 0 && !route.Template.Contains('{', StringComparison.Ordinal) ? 3 : 25;
            for (var i = 0; i < iterations; i++)
            {
                var path = "/" + ParameterRegex().Replace(route.Template.TrimStart('/'), m => Escape(PathValue(rng, m.Groups[2].Value)));
                var names = CommonParameters.Concat(route.Parameters).Distinct().ToList();
                var query = string.Join("&", Enumerable.Range(0, rng.Next(1, 6)).Select(_ =>
                    Escape(rng.Pick(names)) + "=" + Escape(rng.Next(4) == 0 ? rng.Pick(["1", "0", "-1", "500", "100000", "en", "de", "DE", "name", "2,2,3,3"]) : rng.NextHostile())));
                var url = path + "?" + query;
                await AssertAnswerAsync(await client.GetAsync(url), "GET " + url, failures);
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task Every_POST_api_route_answers_below_500_to_random_and_mutated_JSON()
    {
        // The callers with the rights: an API key of the admin's partner with every scope, and the signed-in network admin.
        if (!await fixture.SignedInAsync()) await fixture.SignInAgainAsync();
        var keys = await fixture.Admin.GetStringAsync($"/en/organisation/{fixture.Values["partnerId"]}/api-keys");
        var antiforgery = WebUtility.HtmlDecode(Regex.Match(keys, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value);
        var made = await fixture.Admin.PostAsync($"/en/organisation/{fixture.Values["partnerId"]}/api-keys", new FormUrlEncodedContent(
            [new("Name", "robustness"), new("Scopes", "practices:write"), new("Scopes", "commitments:write"), new("__RequestVerificationToken", antiforgery)]));
        var token = KeyRegex().Match(WebUtility.HtmlDecode(await made.Content.ReadAsStringAsync())).Value;
        Assert.StartsWith("ln_", token, StringComparison.Ordinal);
        var system = fixture.App.Client();
        system.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        JsonNode practice = new JsonObject
        {
            ["@type"] = "CreativeWork", ["additionalType"] = "GoodPractice", ["@id"] = "https://gis.example/p/1", ["name"] = "Ponds", ["description"] = "Dug by volunteers.",
            ["inLanguage"] = "nl", ["about"] = new JsonArray(new JsonObject { ["@type"] = "DefinedTerm", ["termCode"] = "KMGBF-2" }),
            ["additionalProperty"] = new JsonArray(new JsonObject { ["@type"] = "PropertyValue", ["propertyID"] = "result", ["name"] = "Ponds dug", ["value"] = 12, ["unitText"] = "ponds" }),
        };
        JsonNode progress = new JsonObject { ["indicator"] = 1, ["value"] = 12.5, ["unit"] = "ha", ["date"] = "2025-05-01", ["note"] = "spring count" };
        JsonNode readability = new JsonObject { ["lang"] = "de", ["text"] = "Die Wiesen werden im Herbst gemäht." };
        var export = JsonNode.Parse(await fixture.App.Client().GetStringAsync("/api/v1/export"))!;
        var graph = export["@graph"]!.AsArray();
        JsonNode import = new JsonObject { ["@context"] = export["@context"]!.DeepClone(), ["@graph"] = new JsonArray(graph.Take(6).Select(n => n!.DeepClone()).ToArray()) };

        var rng = Hostile.Rng("api-post-2026");
        var failures = new List<string>();
        var routes = Routes().Where(r => r.Method != "GET" && r.Method != "HEAD").ToList();
        Assert.True(routes.Count >= 4, $"only {routes.Count} write routes");
        foreach (var route in routes)
        {
            var (client, valid) = route.Template switch
            {
                var t when t.Contains("import", StringComparison.Ordinal) => (fixture.Admin, import),
                var t when t.Contains("progress", StringComparison.Ordinal) => (system, progress),
                var t when t.Contains("readability", StringComparison.Ordinal) => (fixture.App.Client(), readability),
                _ => (system, practice),
            };
            for (var i = 0; i < 25; i++)
            {
                var path = "/" + ParameterRegex().Replace(route.Template.TrimStart('/'), m => m.Groups[2].Value.Contains("int", StringComparison.Ordinal) && i % 2 == 0
                    ? fixture.Values["commitment"] : Escape(PathValue(rng, m.Groups[2].Value)));
                var body = i % 3 == 0 ? JsonMutations.Random(rng)?.ToJsonString() ?? "null" : JsonMutations.Mutate(valid, rng, rng.Next(1, 4));
                var request = new HttpRequestMessage(new HttpMethod(route.Method), path)
                {
                    Content = new StringContent(body, Encoding.UTF8, new MediaTypeHeaderValue(i % 4 == 0 ? "application/json" : "application/ld+json")),
                };
                await AssertAnswerAsync(await client.SendAsync(request), $"{route.Method} {path} {Hostile.Show(body)}", failures);
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [GeneratedRegex("\\{(\\w+)((?::[^{}]*(?:\\{[^}]*\\}[^{}]*)*)?)\\??\\}")]
    private static partial Regex ParameterRegex();

    [GeneratedRegex(@"ln_[0-9a-f]{12}_[A-Za-z0-9_\-]{20,}")]
    private static partial Regex KeyRegex();
}
