using System.Net;
using System.Text.Json.Nodes;
using LearningNetwork.Tests.Infrastructure;

namespace LearningNetwork.Tests.Features.Targets;

/// <summary>The target pages speak the reader's language: headings, crosswalk, explanations, partners' names.</summary>
public sealed class TargetsInTheReadersLanguageTests
{
    private static readonly string Content = Path.Combine(AppProcess.RepositoryRoot, "src", "LearningNetwork", "Features", "Targets", "Content");

    [Fact]
    public async Task The_French_page_of_GBF_target_12_is_headed_by_its_French_short_title_and_keeps_the_official_English_one_marked()
    {
        var client = Providers.SharedApp(Providers.Sqlite).Client();
        var html = WebUtility.HtmlDecode(await client.GetStringAsync("/fr/targets/kmgbf/12"));
        Assert.Contains("<h1>Cible 12 du Cadre mondial : Améliorer les espaces verts et l'urbanisme pour le bien-être humain et la biodiversité</h1>", html, StringComparison.Ordinal);
        Assert.Contains("<title>Cible 12 du Cadre mondial", html, StringComparison.Ordinal);
        Assert.Contains("<span lang=\"en\">GBF Target 12: Enhance Green Spaces and Urban Planning", html, StringComparison.Ordinal);
        Assert.Contains("Cadre mondial de la biodiversité de Kunming-Montréal", html, StringComparison.Ordinal);
        // The crosswalk names the Regulation's article by its French title, without an English lang attribute.
        Assert.Contains(">Restauration de la nature, art. 8 : Restauration des écosystèmes urbains</a>", html, StringComparison.Ordinal);
        // The maintainers' note of the reference file is not shown; the reader gets a note in French.
        Assert.DoesNotContain("short_title", html, StringComparison.Ordinal);
        Assert.Contains("Seul le texte officiel fait foi.", html, StringComparison.Ordinal);
        // Partners are named by their own name outside English pages.
        Assert.Contains("Ville de Paris", html, StringComparison.Ordinal);
        Assert.DoesNotContain("City of Paris", html, StringComparison.Ordinal);
        var english = WebUtility.HtmlDecode(await client.GetStringAsync("/en/targets/kmgbf/12"));
        Assert.Contains("<h1 lang=\"en\">GBF Target 12: Enhance Green Spaces", english, StringComparison.Ordinal);
        Assert.Contains("City of Paris", english, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_NRR_page_in_German_shows_the_German_explanation()
    {
        var client = Providers.SharedApp(Providers.Sqlite).Client();
        var html = WebUtility.HtmlDecode(await client.GetStringAsync("/de/targets/nrr/8"));
        Assert.Contains("<h1>Wiederherstellungsverordnung, Art. 8: Wiederherstellung städtischer Ökosysteme</h1>", html, StringComparison.Ordinal);
        Assert.Contains("<div lang=\"de\">", html, StringComparison.Ordinal);
        Assert.Contains("Städte brauchen Parks und Bäume.", html, StringComparison.Ordinal);
        Assert.Contains("Kein Nettoverlust der nationalen Gesamtfläche städtischer Grünflächen", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Diese Erläuterung ist noch nicht in Ihrer Sprache verfasst", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Cities need parks and trees.", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_NRR_article_and_Strategy_commitment_is_explained_in_the_five_languages()
    {
        var client = Providers.SharedApp(Providers.Sqlite).Client();
        foreach (var framework in new[] { "nrr", "eubds" })
            foreach (var item in JsonNode.Parse(await client.GetStringAsync($"/api/v1/targets?framework={framework}"))!["items"]!.AsArray())
            {
                var code = item!["code"]!.GetValue<string>();
                var en = JsonNode.Parse(await client.GetStringAsync($"/api/v1/targets/{framework}/{code}?lang=en"))!["explanation"]!;
                foreach (var lang in new[] { "fr", "de", "es", "it", "pl" })
                {
                    var target = JsonNode.Parse(await client.GetStringAsync($"/api/v1/targets/{framework}/{code}?lang={lang}"))!;
                    Assert.True(lang == target["explanationLanguage"]?.GetValue<string>(), $"{framework} {code} has no {lang} text");
                    var text = target["explanation"]!;
                    Assert.False(string.IsNullOrWhiteSpace(text["title"]?.GetValue<string>()), $"{framework} {code} {lang}: no title");
                    Assert.NotEqual(en["citizen"]!.GetValue<string>(), text["citizen"]!.GetValue<string>());
                }
            }
    }

    /// <summary>The same check as tools/check-target-content.py, for the structure: so a CI run catches a broken translation.</summary>
    [Fact]
    public void Every_translated_content_file_has_the_English_codes_fields_and_crosswalk()
    {
        var files = Directory.GetFiles(Content, "*.json").Select(f => Path.GetFileNameWithoutExtension(f)).ToList();
        Assert.Contains("nrr-pl", files);
        Assert.Contains("eubds-fr", files);
        foreach (var name in files.Where(f => !f.EndsWith("-en", StringComparison.Ordinal)))
        {
            var framework = name[..name.LastIndexOf('-')];
            var english = Load($"{framework}-en");
            var translated = Load(name);
            Assert.Equal(english.Select(t => t["code"]!.GetValue<string>()), translated.Select(t => t["code"]!.GetValue<string>()));
            foreach (var (e, t) in english.Zip(translated))
            {
                var where = $"{name} {e["code"]}";
                Assert.False(string.IsNullOrWhiteSpace(t["title"]?.GetValue<string>()), $"{where}: no title");
                foreach (var field in new[] { "officer", "decisionMaker", "citizen", "deadline", "figures" })
                {
                    var value = t[field]?.GetValue<string>();
                    Assert.False(string.IsNullOrWhiteSpace(value), $"{where}: {field} is empty");
                    if (e[field]!.GetValue<string>().Any(char.IsLetter)) Assert.NotEqual(e[field]!.GetValue<string>(), value);
                }
                foreach (var field in new[] { "region", "municipality" })
                {
                    var items = t[field]!.AsArray().Select(x => x!.GetValue<string>()).ToList();
                    Assert.Equal(e[field]!.AsArray().Count, items.Count);
                    Assert.All(items, x => Assert.False(string.IsNullOrWhiteSpace(x), $"{where}: blank {field} item"));
                }
                Assert.Equal(e["crosswalk"]!.ToJsonString(), t["crosswalk"]!.ToJsonString());
            }
        }
    }

    private static List<JsonNode> Load(string name) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(Content, name + ".json")))!["targets"]!.AsArray().Select(t => t!).ToList();
}
