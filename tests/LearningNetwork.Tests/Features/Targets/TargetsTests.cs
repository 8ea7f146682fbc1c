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

    [Fact]
    public async Task Every_kmgbf_target_is_explained_for_three_audiences_and_the_crosswalk_links_both_ways()
    {
        var client = Providers.SharedApp(Providers.Sqlite).Client();
        for (var n = 1; n <= 23; n++)
        {
            var target = JsonNode.Parse(await client.GetStringAsync($"/api/v1/targets/kmgbf/{n}?lang=en"))!;
            var explanation = target["explanation"]!;
            foreach (var field in new[] { "officer", "decisionMaker", "citizen" }) Assert.False(string.IsNullOrWhiteSpace(explanation[field]!.GetValue<string>()), $"kmgbf {n} {field}");
            Assert.InRange(explanation["region"]!.AsArray().Count, 3, 4);
        }
        Assert.Contains("href=\"/en/targets/nrr/8\"", await client.GetStringAsync("/en/targets/kmgbf/12"), StringComparison.Ordinal);
        Assert.Contains("href=\"/en/targets/kmgbf/12\"", await client.GetStringAsync("/en/targets/nrr/8"), StringComparison.Ordinal);
        foreach (var lang in new[] { "fr", "de", "es", "it", "pl" })
            for (var n = 1; n <= 23; n++)
            {
                var target = JsonNode.Parse(await client.GetStringAsync($"/api/v1/targets/kmgbf/{n}?lang={lang}"))!;
                Assert.Equal(lang, target["explanationLanguage"]!.GetValue<string>());
                var en = JsonNode.Parse(await client.GetStringAsync($"/api/v1/targets/kmgbf/{n}?lang=en"))!;
                Assert.NotEqual(en["explanation"]!["citizen"]!.GetValue<string>(), target["explanation"]!["citizen"]!.GetValue<string>());
            }
        // The Nature Restoration Regulation and the Strategy's commitments are explained too.
        var nrr8 = JsonNode.Parse(await client.GetStringAsync("/api/v1/targets/nrr/8?lang=en"))!;
        Assert.Contains("2030", nrr8["explanation"]!["deadline"]!.GetValue<string>(), StringComparison.Ordinal);
        foreach (var item in JsonNode.Parse(await client.GetStringAsync("/api/v1/targets?framework=eubds"))!["items"]!.AsArray())
            Assert.NotNull(JsonNode.Parse(await client.GetStringAsync($"/api/v1/targets/eubds/{item!["code"]!.GetValue<string>()}"))!["explanation"]);
        // Every interface language has its own text (no page falls back to English), and a language without one would
        // get the English text.
        var swedish = WebUtility.HtmlDecode(await client.GetStringAsync("/sv/targets/kmgbf/12"));
        Assert.DoesNotContain("This explanation is not written in your language yet", swedish, StringComparison.Ordinal);
        var content = Providers.SharedApp(Providers.Sqlite).Service<LearningNetwork.Features.Targets.TargetContent>();
        foreach (var language in new[] { "bg", "fi", "ga", "uk", "tr", "is", "sr" })
            Assert.Equal(language, content.Find("kmgbf", "12", language)!.Value.Language);
        Assert.Equal("en", content.Find("kmgbf", "12", "ca")!.Value.Language);
    }
}
