using System.Net;
using System.Text.Json;
using System.Xml.Linq;
using LearningNetwork.Infrastructure.Localization;
using LearningNetwork.Tests.Infrastructure;

namespace LearningNetwork.Tests.Shell;

/// <summary>
/// The pages people read first, in every interface language, on the demo network: each declares its language, shows
/// no interface text in English that its language has translated, and shares at most half of its text lines with the
/// English page (content written in one language, such as partner names, is shared by every language).
/// </summary>
public sealed class PagesInEveryLanguageTests
{
    private static readonly SupportedLanguages Languages =
        SupportedLanguages.FromReferenceData(Path.Combine(AppContext.BaseDirectory, "ReferenceData", "files"));

    public static TheoryData<string> Translations() => [.. Languages.All.Select(l => l.Code).Where(c => c != "en")];

    [Theory]
    [MemberData(nameof(Translations))]
    public async Task Every_page_type_is_really_translated(string lang)
    {
        var client = Providers.SharedApp(Providers.Sqlite).Client();
        var english = Strings("");
        var translated = Strings(lang);
        // Interface texts that this language words differently from English: none may show on its pages in English.
        // (a text counts only when every key with that English wording is worded differently: "Region (NUTS)" may be
        // the same in German under one key and different under another)
        var untranslatedIfSeen = english
            .Where(e => e.Value.Length >= 12 && !e.Value.Contains('{', StringComparison.Ordinal))
            .GroupBy(e => e.Value)
            .Where(g => g.All(e => translated.TryGetValue(e.Key, out var t) && t != e.Value))
            .ToDictionary(g => g.Key, g => g.First().Key);

        foreach (var path in await PathsAsync(client))
        {
            var englishLines = await LinesAsync(client, $"/en/{path}");
            var response = await client.GetAsync($"/{lang}/{path}");
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"/{lang}/{path}: {response.StatusCode}");
            var html = await response.Content.ReadAsStringAsync();
            Assert.Equal(lang, Html.HtmlLang(html));
            var lines = Html.TextLines(html).Select(l => WebUtility.HtmlDecode(l)!).ToHashSet();

            var leftInEnglish = lines.Where(untranslatedIfSeen.ContainsKey).Select(l => $"{untranslatedIfSeen[l]}: {l}").ToList();
            Assert.True(leftInEnglish.Count == 0, $"/{lang}/{path} shows English interface text: {string.Join(" | ", leftInEnglish)}");
            var shared = lines.Intersect(englishLines).ToList();
            Assert.True(shared.Count * 2 <= englishLines.Count,
                $"/{lang}/{path} shares {shared.Count} of {englishLines.Count} lines with English: {string.Join(" | ", shared.Take(30))}");
        }
    }

    private static async Task<List<string>> PathsAsync(HttpClient client)
    {
        var practice = await FirstAsync(client, "/api/v1/practices?pageSize=1", "slug");
        var partner = await FirstAsync(client, "/api/v1/partners?pageSize=1", "slug");
        return ["", "partners", $"partners/{partner}", "practices", $"practices/{practice}", "marketplace", "marketplace?show=requests",
                "targets", "targets/kmgbf/12", "commitments", "commitments/dashboard", "search?q=water", "map", "glossary",
                "open-data", "accessibility", "privacy", "account/sign-in", "account/register", "news", "newsletters", "about"];
    }

    private static async Task<string> FirstAsync(HttpClient client, string url, string field)
    {
        using var json = JsonDocument.Parse(await client.GetStringAsync(url));
        return json.RootElement.GetProperty("items")[0].GetProperty(field).GetString()!;
    }

    private static async Task<HashSet<string>> LinesAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {response.StatusCode}");
        return Html.TextLines(await response.Content.ReadAsStringAsync()).Select(l => WebUtility.HtmlDecode(l)!).ToHashSet();
    }

    private static Dictionary<string, string> Strings(string culture)
    {
        var file = Path.Combine(AppProcess.RepositoryRoot, "src", "LearningNetwork", "Resources",
            culture.Length == 0 ? "SharedResource.resx" : $"SharedResource.{culture}.resx");
        return XDocument.Load(file).Root!.Elements("data").ToDictionary(d => (string)d.Attribute("name")!, d => (string)d.Element("value")!);
    }
}
