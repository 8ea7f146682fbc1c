using System.Net;
using System.Text.Json.Nodes;
using LearningNetwork.Tests.Infrastructure;

namespace LearningNetwork.Tests.Features.Targets;

public sealed class TargetsTests
{
    [Fact]
    public async Task Every_framework_item_has_a_page_with_its_official_source_and_the_practices_serving_it()
    {
        var client = Providers.SharedApp(Providers.Sqlite).Client();
        var list = JsonNode.Parse(await client.GetStringAsync("/api/v1/targets"))!;
        var items = list["items"]!.AsArray().Select(i => i!).ToList();
        Assert.Equal(23, items.Count(i => i["framework"]!.GetValue<string>() == "kmgbf" && i["kind"]!.GetValue<string>() == "target"));
        foreach (var item in items)
        {
            var path = $"/{(item["framework"]!.GetValue<string>() == "kmgbf" ? "de" : "en")}/targets/{item["framework"]!.GetValue<string>()}/{item["code"]!.GetValue<string>()}";
            var response = await client.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path} answered {response.StatusCode}");
        }
        var nrr8 = WebUtility.HtmlDecode(await client.GetStringAsync("/en/targets/nrr/8"));
        Assert.Contains("2030", nrr8, StringComparison.Ordinal);
        var kmgbf2 = await client.GetStringAsync("/en/targets/kmgbf/2");
        Assert.Contains("href=\"/en/practices/", kmgbf2, StringComparison.Ordinal);
        Assert.True(items.Single(i => i["framework"]!.GetValue<string>() == "kmgbf" && i["code"]!.GetValue<string>() == "2")["practices"]!.GetValue<int>() > 0);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/en/targets/kmgbf/99")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/v1/targets/nrr/999")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/fr/targets")).StatusCode);
    }
}
