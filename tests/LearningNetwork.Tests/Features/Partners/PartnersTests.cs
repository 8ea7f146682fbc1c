using System.Net;
using System.Text.Json;
using LearningNetwork.Tests.Infrastructure;

namespace LearningNetwork.Tests.Features.Partners;

public sealed class PartnersTests
{
    public static TheoryData<string> Providers => Infrastructure.Providers.All;

    [Theory, MemberData(nameof(Providers))]
    public async Task Demo_network_lists_at_least_30_partners_from_15_countries_with_links_to_their_pages(string provider)
    {
        var client = Infrastructure.Providers.SharedApp(provider).Client();
        using var json = JsonDocument.Parse(await client.GetStringAsync("/api/v1/partners?pageSize=200"));
        var items = json.RootElement.GetProperty("items").EnumerateArray().ToList();
        Assert.True(json.RootElement.GetProperty("total").GetInt32() >= 30);
        Assert.True(items.Select(i => i.GetProperty("country").GetString()).Distinct().Count() >= 15);
        Assert.All(items, i => Assert.True(i.GetProperty("demo").GetBoolean()));

        var html = await client.GetStringAsync("/en/partners");
        Assert.True(Html.Hrefs(html, "/en/partners/").Count >= 10);
        var slug = items[0].GetProperty("slug").GetString();
        var page = await client.GetAsync($"/fr/partners/{slug}");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains(items[0].GetProperty("title").GetString()!, WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync()), StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Partner_list_follows_the_API_shape_and_filters_by_country_and_type(string provider)
    {
        var client = Infrastructure.Providers.SharedApp(provider).Client();
        using var json = JsonDocument.Parse(await client.GetStringAsync("/api/v1/partners?country=DE&pageSize=50"));
        var items = json.RootElement.GetProperty("items").EnumerateArray().ToList();
        Assert.NotEmpty(items);
        foreach (var item in items)
        {
            Assert.Equal("DE", item.GetProperty("country").GetString());
            foreach (var field in new[] { "id", "slug", "title", "url", "language", "type" }) Assert.True(item.TryGetProperty(field, out _), field);
            Assert.EndsWith("/en/partners/" + item.GetProperty("slug").GetString(), item.GetProperty("url").GetString(), StringComparison.Ordinal);
        }
        using var regions = JsonDocument.Parse(await client.GetStringAsync("/api/v1/partners?type=region&pageSize=200"));
        Assert.All(regions.RootElement.GetProperty("items").EnumerateArray(), i => Assert.Equal("region", i.GetProperty("type").GetString()));

        var id = items[0].GetProperty("id").GetInt32();
        using var one = JsonDocument.Parse(await client.GetStringAsync($"/api/v1/partners/{id}"));
        Assert.Equal(items[0].GetProperty("slug").GetString(), one.RootElement.GetProperty("slug").GetString());
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Directory_filters_by_region_biogeographical_region_language_and_theme_and_sorts(string provider)
    {
        var client = Infrastructure.Providers.SharedApp(provider).Client();
        async Task<List<JsonElement>> Items(string query)
        {
            using var json = JsonDocument.Parse(await client.GetStringAsync("/api/v1/partners?pageSize=200&" + query));
            return json.RootElement.GetProperty("items").EnumerateArray().Select(i => i.Clone()).ToList();
        }

        var bavaria = await Items("nuts=DE2");
        Assert.NotEmpty(bavaria);
        Assert.All(bavaria, i => Assert.StartsWith("DE2", i.GetProperty("nuts").GetString(), StringComparison.Ordinal));

        var polish = await Items("language=pl");
        Assert.NotEmpty(polish);
        Assert.All(polish, i => Assert.Contains("pl", i.GetProperty("languages").EnumerateArray().Select(l => l.GetString())));

        var all = await Items("");
        var atlantic = await Items("biogeographical=ATL");
        Assert.InRange(atlantic.Count, 1, all.Count - 1);

        var first = all[0].GetProperty("id").GetInt32();
        using var details = JsonDocument.Parse(await client.GetStringAsync($"/api/v1/partners/{first}"));
        var theme = details.RootElement.GetProperty("themes")[0].GetInt32();
        var withTheme = await Items($"theme={theme}");
        Assert.Contains(withTheme, i => i.GetProperty("id").GetInt32() == first);
        Assert.True(withTheme.Count < all.Count);

        var names = (await Items("sort=name-desc")).Select(i => i.GetProperty("title").GetString()!).ToList();
        Assert.Equal(all.Select(i => i.GetProperty("title").GetString()!).Reverse(), names);

        var page = await client.GetStringAsync("/de/partners?language=pl&sort=country");
        Assert.Equal(polish.Count, Html.Hrefs(page, "/de/partners/").Count);
    }

    [Theory]
    [InlineData("nuts=de2")]
    [InlineData("biogeographical=atlantic")]
    [InlineData("language=Polish")]
    [InlineData("theme=peat")]
    [InlineData("sort=random")]
    [InlineData("page=-1")]
    [InlineData("page=abc")]
    [InlineData("pageSize=100000")]
    [InlineData("country=Germany")]
    [InlineData("type=planet")]
    public async Task Bad_query_values_are_problem_details_not_server_errors(string query)
    {
        var response = await Infrastructure.Providers.SharedApp(Infrastructure.Providers.Sqlite).Client().GetAsync("/api/v1/partners?" + query);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(json.RootElement.TryGetProperty("errors", out _));
    }

    [Fact]
    public async Task Unknown_partner_and_unknown_API_path_are_404_problem_details()
    {
        var client = Infrastructure.Providers.SharedApp(Infrastructure.Providers.Sqlite).Client();
        foreach (var path in new[] { "/api/v1/partners/999999", "/api/v1/no-such-thing" })
        {
            var response = await client.GetAsync(path);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }

    [Theory]
    [InlineData("q=%27%22%3E%3Cscript%3E&country=ZZ&page=-1")]
    [InlineData("q=%00&type=%FF")]
    [InlineData("page=99999")]
    public async Task Directory_page_survives_malformed_filters(string query)
    {
        var response = await Infrastructure.Providers.SharedApp(Infrastructure.Providers.Sqlite).Client().GetAsync("/en/partners?" + query);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("<script>", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Name_filter_ignores_case_and_accents()
    {
        var client = Infrastructure.Providers.SharedApp(Infrastructure.Providers.Sqlite).Client();
        using var all = JsonDocument.Parse(await client.GetStringAsync("/api/v1/partners?pageSize=200"));
        var name = all.RootElement.GetProperty("items")[0].GetProperty("title").GetString()!;
        var word = name.Split(' ', StringSplitOptions.RemoveEmptyEntries).OrderByDescending(w => w.Length).First();
        var query = Uri.EscapeDataString(word.ToUpperInvariant()[..Math.Min(5, word.Length)]);
        using var found = JsonDocument.Parse(await client.GetStringAsync($"/api/v1/partners?q={query}&pageSize=200"));
        Assert.Contains(found.RootElement.GetProperty("items").EnumerateArray(), i => i.GetProperty("title").GetString() == name);
    }
}
