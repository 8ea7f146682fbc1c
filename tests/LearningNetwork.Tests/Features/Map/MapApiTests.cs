using System.Net;
using System.Text.Json;
using LearningNetwork.Tests.Infrastructure;

namespace LearningNetwork.Tests.Features.Map;

public sealed class MapApiTests
{
    public static TheoryData<string> Providers => Infrastructure.Providers.All;

    [Theory, MemberData(nameof(Providers))]
    public async Task Boundaries_come_from_the_reference_data_as_GeoJSON(string provider)
    {
        var client = Infrastructure.Providers.SharedApp(provider).Client();
        var response = await client.GetAsync("/api/v1/regions?level=0");
        Assert.Equal("application/geo+json", response.Content.Headers.ContentType?.MediaType);
        using var countries = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("FeatureCollection", countries.RootElement.GetProperty("type").GetString());
        Assert.Equal(37, countries.RootElement.GetProperty("features").GetArrayLength());

        using var german = JsonDocument.Parse(await client.GetStringAsync("/api/v1/regions?level=2&country=DE"));
        Assert.All(german.RootElement.GetProperty("features").EnumerateArray(),
            f => Assert.StartsWith("DE", f.GetProperty("properties").GetProperty("code").GetString(), StringComparison.Ordinal));

        using var brabant = JsonDocument.Parse(await client.GetStringAsync("/api/v1/regions/NL41"));
        Assert.Equal("Noord-Brabant", brabant.RootElement.GetProperty("properties").GetProperty("name").GetString());
        Assert.Contains(brabant.RootElement.GetProperty("geometry").GetProperty("type").GetString(), new[] { "Polygon", "MultiPolygon" });
    }

    [Fact]
    public async Task Boundaries_answer_a_conditional_request_with_304()
    {
        var client = Infrastructure.Providers.SharedApp(Infrastructure.Providers.Sqlite).Client();
        var first = await client.GetAsync("/api/v1/regions/NL41");
        var etag = first.Headers.ETag!;
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/regions/NL41");
        request.Headers.IfNoneMatch.Add(etag);
        Assert.Equal(HttpStatusCode.NotModified, (await client.SendAsync(request)).StatusCode);
    }

    [Theory]
    [InlineData("/api/v1/regions", HttpStatusCode.BadRequest)]
    [InlineData("/api/v1/regions?level=7", HttpStatusCode.BadRequest)]
    [InlineData("/api/v1/regions?level=1&country=Deutschland", HttpStatusCode.BadRequest)]
    [InlineData("/api/v1/regions/XX99", HttpStatusCode.NotFound)]
    [InlineData("/api/v1/regions/%3Cscript%3E", HttpStatusCode.NotFound)]
    public async Task Bad_region_requests_are_problem_details(string path, HttpStatusCode status)
    {
        var response = await Infrastructure.Providers.SharedApp(Infrastructure.Providers.Sqlite).Client().GetAsync(path);
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Every_partner_is_a_point_on_the_map_and_a_line_of_its_list(string provider)
    {
        var client = Infrastructure.Providers.SharedApp(provider).Client();
        using var partners = JsonDocument.Parse(await client.GetStringAsync("/api/v1/partners?pageSize=200"));
        using var points = JsonDocument.Parse(await client.GetStringAsync("/api/v1/map/partners"));
        var total = partners.RootElement.GetProperty("total").GetInt32();
        Assert.Equal(total, points.RootElement.GetProperty("features").GetArrayLength());
        foreach (var f in points.RootElement.GetProperty("features").EnumerateArray())
        {
            var c = f.GetProperty("geometry").GetProperty("coordinates");
            Assert.InRange(c[0].GetDouble(), -32, 51); // Europe to the Caspian (docs/regions.md: Georgia, Azerbaijan), longitude
            Assert.InRange(c[1].GetDouble(), 27, 72);  // and latitude
        }
        var html = await client.GetStringAsync("/fr/map");
        Assert.Equal(total, Html.Hrefs(html, "/fr/partners/").Count);
    }
}
