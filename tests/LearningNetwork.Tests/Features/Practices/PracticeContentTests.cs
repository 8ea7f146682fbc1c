using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using LearningNetwork.Data;
using LearningNetwork.Domain;
using LearningNetwork.Features.Practices;
using LearningNetwork.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LearningNetwork.Tests.Features.Practices;

public sealed partial class PracticeContentTests
{
    public static TheoryData<string> Providers => Infrastructure.Providers.All;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task The_demo_knowledge_base_is_broad_and_every_practice_page_renders_with_valid_json_ld(string provider)
    {
        var app = Infrastructure.Providers.SharedApp(provider);
        var client = app.Client();
        using var list = JsonDocument.Parse(await client.GetStringAsync("/api/v1/practices?pageSize=200"));
        var items = list.RootElement.GetProperty("items").EnumerateArray().ToList();
        Assert.True(list.RootElement.GetProperty("total").GetInt32() >= 48, "at least 48 published demo practices");
        Assert.True(items.Select(i => i.GetProperty("language").GetString()).Distinct().Count() >= 10, "in at least 10 languages");
        Assert.True(items.Select(i => i.GetProperty("country").GetString()).Distinct().Count() >= 20, "from at least 20 countries");
        Assert.Contains(items, i => i.GetProperty("transfers").GetInt32() > 0);
        Assert.Contains(items, i => i.GetProperty("overdue").GetBoolean());

        foreach (var item in items)
        {
            var slug = item.GetProperty("slug").GetString()!;
            foreach (var lang in new[] { "en", "de" })
            {
                var response = await client.GetAsync($"/{lang}/practices/{slug}");
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"/{lang}/practices/{slug} answered {response.StatusCode}");
                var html = await response.Content.ReadAsStringAsync();
                var blocks = JsonLdRegex().Matches(html);
                Assert.Single(blocks);
                using var ld = JsonDocument.Parse(blocks[0].Groups[1].Value);
                Assert.Equal("CreativeWork", ld.RootElement.GetProperty("@type").GetString());
                Assert.Equal("GoodPractice", ld.RootElement.GetProperty("additionalType").GetString());
                Assert.Equal(item.GetProperty("language").GetString(), ld.RootElement.GetProperty("inLanguage").GetString());
                Assert.Equal(item.GetProperty("country").GetString(), ld.RootElement.GetProperty("spatialCoverage").GetProperty("address").GetProperty("addressCountry").GetString());
            }
            var id = item.GetProperty("id").GetInt32();
            using var details = JsonDocument.Parse(await client.GetStringAsync($"/api/v1/practices/{id}"));
            Assert.NotEmpty(details.RootElement.GetProperty("results").EnumerateArray());
        }
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/en/practices/{items[0].GetProperty("slug").GetString()}/print")).StatusCode);
        // A partner's page lists its practices.
        var partner = WebUtility.HtmlDecode(await client.GetStringAsync("/en/partners/noord-brabant"));
        Assert.Contains("Good practices (", partner, StringComparison.Ordinal);
        Assert.Contains("href=\"/en/practices/", partner, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task The_list_filters_sort_and_page_and_reject_bad_values_clearly(string provider)
    {
        var client = Infrastructure.Providers.SharedApp(provider).Client();
        async Task<JsonElement> Api(string query) => JsonDocument.Parse(await client.GetStringAsync("/api/v1/practices?pageSize=200&" + query)).RootElement.Clone();
        var all = await Api("");
        var total = all.GetProperty("total").GetInt32();
        foreach (var (query, check) in new (string, Func<JsonElement, bool>)[]
        {
            ("country=NL", i => i.GetProperty("country").GetString() == "NL"),
            ("target=kmgbf:2", i => i.GetProperty("targets").EnumerateArray().Any(t => t.GetString() == "kmgbf:2")),
            ("target=nrr", i => i.GetProperty("targets").EnumerateArray().Any(t => t.GetString()!.StartsWith("nrr:", StringComparison.Ordinal))),
            ("language=de", i => i.GetProperty("languages").EnumerateArray().Any(l => l.GetString() == "de")),
            ("status=completed", i => i.GetProperty("status").GetString() == "completed"),
            ("overdue=true", i => i.GetProperty("overdue").GetBoolean()),
        })
        {
            var result = await Api(query);
            var items = result.GetProperty("items").EnumerateArray().ToList();
            Assert.True(items.Count > 0 && items.Count < total, $"{query} narrows the list");
            Assert.All(items, i => Assert.True(check(i), $"{query} kept {i.GetProperty("slug")}"));
        }
        var transfers = (await Api("sort=transfers")).GetProperty("items").EnumerateArray().Select(i => i.GetProperty("transfers").GetInt32()).ToList();
        Assert.Equal(transfers.OrderByDescending(x => x), transfers);
        // Every order, with and without words, pages through the same sequence as one long page: no item twice or lost
        // between pages, the total that of the whole list (the database orders and pages; words and titles are read apart).
        foreach (var sort in new[] { "newest", "title", "country", "transfers", "review-by" })
        foreach (var words in new[] { "", "&q=mead", "&q=wet" })
        {
            var whole = await Api($"sort={sort}{words}");
            var expected = whole.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("slug").GetString()).ToList();
            var paged = new List<string?>();
            for (var n = 1; n <= (expected.Count + 6) / 7; n++)
            {
                using var part = JsonDocument.Parse(await client.GetStringAsync($"/api/v1/practices?pageSize=7&page={n}&sort={sort}{words}"));
                Assert.Equal(expected.Count, part.RootElement.GetProperty("total").GetInt32());
                paged.AddRange(part.RootElement.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("slug").GetString()));
            }
            Assert.Equal(expected, paged);
            Assert.Equal(expected.Count, expected.Distinct().Count());
            Assert.Equal(expected.Count, whole.GetProperty("total").GetInt32());
            if (words.Length == 0) Assert.Equal(total, expected.Count);
            else Assert.InRange(expected.Count, 1, total - 1);
            if (sort == "title")
            {
                var titles = whole.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("title").GetString()!).ToList();
                Assert.Equal(titles.Order(StringComparer.Create(System.Globalization.CultureInfo.GetCultureInfo("en"), System.Globalization.CompareOptions.IgnoreCase)), titles);
            }
            if (sort == "review-by")
            {
                var due = whole.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("reviewBy").GetString() ?? "9999").ToList();
                Assert.Equal(due.Order(StringComparer.Ordinal), due);
            }
        }
        using var page2 = JsonDocument.Parse(await client.GetStringAsync("/api/v1/practices?page=2&pageSize=10"));
        Assert.Equal(total, page2.RootElement.GetProperty("total").GetInt32());
        Assert.Equal(10, page2.RootElement.GetProperty("items").GetArrayLength());

        foreach (var bad in new[] { "page=0", "pageSize=5000", "country=germany", "theme=abc", "target=kmgbf:<script>", "status=done", "sort=random", "stage=draft", "lang=english" })
        {
            var response = await client.GetAsync("/api/v1/practices?" + bad);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/v1/practices/999999")).StatusCode);
        // The page marks a bad filter next to its field and still lists.
        var page = await client.GetAsync("/en/practices?country=germany&sort=random&page=-1");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("field-error", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var theme = await client.GetStringAsync("/en/practices?theme=9297");
        Assert.Contains("practice-card", theme, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_reader_sees_their_language_when_a_translation_exists_and_the_original_with_a_note_otherwise()
    {
        var client = Infrastructure.Providers.SharedApp(Infrastructure.Providers.Sqlite).Client();
        var app = Infrastructure.Providers.SharedApp(Infrastructure.Providers.Sqlite);
        string slug, original, english;
        bool machine;
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<LearningNetworkDb>();
            var p = await db.Practices.Include(x => x.Texts).Where(x => x.Stage == PracticeStage.Published && x.OriginalLanguage == "de"
                && x.Texts.Any(t => t.Language == "en")).OrderBy(x => x.Id).FirstAsync();
            slug = p.Slug;
            original = p.Texts.Single(t => t.Language == "de").Title;
            english = p.Texts.Single(t => t.Language == "en").Title;
            machine = p.Texts.Single(t => t.Language == "en").Origin == TextOrigin.Machine;
        }
        var en = WebUtility.HtmlDecode(await client.GetStringAsync($"/en/practices/{slug}"));
        Assert.Contains(english, en, StringComparison.Ordinal);
        Assert.Equal(machine, en.Contains("machine translation", StringComparison.Ordinal));
        var de = WebUtility.HtmlDecode(await client.GetStringAsync($"/de/practices/{slug}"));
        Assert.Contains($"<h1>{original}</h1>", de, StringComparison.Ordinal);
        // No French text: the original, with a note in French.
        var pl = WebUtility.HtmlDecode(await client.GetStringAsync($"/fr/practices/{slug}"));
        Assert.Contains($"<h1>{original}</h1>", pl, StringComparison.Ordinal);
        Assert.Contains("n’est pas encore disponible dans votre langue", pl, StringComparison.Ordinal);
        Assert.Contains("lang=\"de\"", pl, StringComparison.Ordinal);
        // ?in= reads another of its languages.
        Assert.Contains(english, WebUtility.HtmlDecode(await client.GetStringAsync($"/fr/practices/{slug}?in=en")), StringComparison.Ordinal);
    }

    [GeneratedRegex("<script type=\"application/ld\\+json\">(.*?)</script>", RegexOptions.Singleline)]
    private static partial Regex JsonLdRegex();
}
