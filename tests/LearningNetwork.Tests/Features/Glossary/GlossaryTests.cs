using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using LearningNetwork.Features.Glossary;
using LearningNetwork.Tests.Infrastructure;

namespace LearningNetwork.Tests.Features.Glossary;

/// <summary>The shipped glossary files, the glossary page, and the terms explained inline on target, practice and marketplace pages.</summary>
public sealed partial class GlossaryTests
{
    private static readonly string Content = Path.Combine(AppProcess.RepositoryRoot, "src", "LearningNetwork", "Features", "Glossary", "Content");
    private static readonly string[] Languages = ["en", "fr", "de", "es", "it", "pl"];

    private static JsonNode Load(string language) => JsonNode.Parse(File.ReadAllText(Path.Combine(Content, $"glossary-{language}.json")))!;

    [Fact]
    public void The_six_files_define_the_same_terms_in_their_own_words_with_sources()
    {
        var english = Load("en")["terms"]!.AsArray().Select(t => t!["id"]!.GetValue<string>()).ToList();
        Assert.True(english.Count >= 40, $"{english.Count} terms");
        Assert.Equal(english.Count, english.Distinct().Count());
        Assert.All(english, id => Assert.Matches("^[a-z0-9]+(-[a-z0-9]+)*$", id));
        var englishDefinitions = Load("en")["terms"]!.AsArray().ToDictionary(t => t!["id"]!.GetValue<string>(), t => t!["definition"]!.GetValue<string>());
        foreach (var language in Languages)
        {
            var file = Load(language);
            Assert.Equal(language, file["language"]!.GetValue<string>());
            Assert.NotEmpty(file["sources"]!.AsArray());
            Assert.All(file["sources"]!.AsArray(), s => Assert.StartsWith("https://", s!["url"]!.GetValue<string>(), StringComparison.Ordinal));
            var terms = file["terms"]!.AsArray().Select(t => t!).ToList();
            Assert.Equal(english, terms.Select(t => t["id"]!.GetValue<string>()));
            var forms = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var t in terms)
            {
                var id = t["id"]!.GetValue<string>();
                var definition = t["definition"]!.GetValue<string>();
                Assert.False(string.IsNullOrWhiteSpace(t["term"]!.GetValue<string>()), $"{language} {id}: no term");
                Assert.True(definition.Length is > 40 and < 500, $"{language} {id}: a definition of {definition.Length} characters");
                if (language != "en") Assert.NotEqual(englishDefinitions[id], definition);
                // No form may stand for two terms: the marker could not tell which one is meant.
                foreach (var form in t["variants"]!.AsArray().Select(v => v!.GetValue<string>()).Prepend(t["term"]!.GetValue<string>()))
                    Assert.True(forms.TryAdd(form, id) || forms[form] == id, $"{language}: \"{form}\" is a form of {forms.GetValueOrDefault(form)} and {id}");
            }
        }
    }

    [Fact]
    public void Every_term_is_found_in_its_own_written_form()
    {
        var glossary = new GlossaryContent(Content);
        foreach (var language in Languages)
            foreach (var term in glossary.TermsFor(language).Terms)
            {
                var explained = new HashSet<string>();
                glossary.Explain($"({term.Term}).", isHtml: false, language, language, explained, new GlossaryLabels(t => t, "x"));
                Assert.True(explained.Contains(term.Id), $"{language}: \"{term.Term}\" is not recognised as {term.Id}");
            }
    }

    [Fact]
    public async Task A_French_target_page_explains_Natura_2000_in_French_once_and_links_to_the_glossary()
    {
        var html = await Providers.SharedApp(Providers.Sqlite).Client().GetStringAsync("/fr/targets/nrr/4");
        var decoded = WebUtility.HtmlDecode(html);
        Assert.Equal(1, Regex.Count(html, "id=\"gloss-natura-2000\""));
        Assert.Contains("popovertarget=\"gloss-natura-2000\">", html, StringComparison.Ordinal);
        Assert.Contains("Le réseau de sites protégés de toute l'Union", decoded, StringComparison.Ordinal);
        Assert.Contains("href=\"/fr/glossary#natura-2000\"", html, StringComparison.Ordinal);
        Assert.Contains("En savoir plus sur « Natura 2000 » dans le glossaire", decoded, StringComparison.Ordinal);
        Assert.Contains(">Fermer</button>", decoded, StringComparison.Ordinal);
        // Each explained term has one definition on the page, and the page's ids stay unique.
        var ids = IdRegex().Matches(html).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.True(ids.Count(i => i.StartsWith("gloss-", StringComparison.Ordinal)) >= 3);
        // Headings are never explained.
        Assert.DoesNotMatch("<h[1-6][^>]*>[^<]*<span class=\"gloss\"", html);
    }

    [Fact]
    public async Task The_English_page_explains_in_English_and_every_definition_links_to_an_anchor_of_the_glossary()
    {
        var client = Providers.SharedApp(Providers.Sqlite).Client();
        var target = await client.GetStringAsync("/en/targets/kmgbf/3");
        Assert.Contains("popovertarget=\"gloss-30x30\">30x30</button>", target, StringComparison.Ordinal);
        var glossary = await client.GetStringAsync("/en/glossary");
        foreach (Match link in GlossaryLinkRegex().Matches(target))
            Assert.Contains($"<dt id=\"{link.Groups[1].Value}\">", glossary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_glossary_page_lists_every_term_alphabetically_with_an_anchor()
    {
        var client = Providers.SharedApp(Providers.Sqlite).Client();
        var html = WebUtility.HtmlDecode(await client.GetStringAsync("/en/glossary"));
        var terms = TermRegex().Matches(html).Select(m => (Id: m.Groups[1].Value, Term: m.Groups[2].Value)).ToList();
        Assert.True(terms.Count >= 40, $"{terms.Count} terms");
        Assert.Equal(terms.Select(t => t.Term).Order(StringComparer.Create(System.Globalization.CultureInfo.GetCultureInfo("en"), ignoreCase: true)), terms.Select(t => t.Term));
        Assert.Contains(("natura-2000", "Natura 2000"), terms);
        Assert.Contains("<h1>Glossary</h1>", html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"#letter-1\" lang=\"en\">0–9</a>", html, StringComparison.Ordinal);
        Assert.Contains("https://eur-lex.europa.eu/", html, StringComparison.Ordinal);

        var german = WebUtility.HtmlDecode(await client.GetStringAsync("/de/glossary"));
        Assert.Contains("<h1>Glossar</h1>", german, StringComparison.Ordinal);
        Assert.Contains("<dt id=\"ecosystem-services\"><dfn>Ökosystemleistungen</dfn></dt>", german, StringComparison.Ordinal);
        Assert.Contains("<div class=\"glossary\" lang=\"de\">", german, StringComparison.Ordinal);
        // French groups É with E; Polish keeps Ś apart from S.
        var french = WebUtility.HtmlDecode(await client.GetStringAsync("/fr/glossary"));
        Assert.DoesNotContain(">É</a>", french, StringComparison.Ordinal);
        var polish = WebUtility.HtmlDecode(await client.GetStringAsync("/pl/glossary"));
        Assert.Contains(">Ś</a>", polish, StringComparison.Ordinal);

        // Every interface language has its own glossary now: Swedish reads it in Swedish, with no fallback note.
        var swedish = WebUtility.HtmlDecode(await client.GetStringAsync("/sv/glossary"));
        Assert.Equal("sv", Html.HtmlLang(swedish));
        Assert.DoesNotContain("<div class=\"glossary\" lang=\"en\">", swedish, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Practice_texts_and_marketplace_descriptions_explain_their_terms()
    {
        var client = Providers.SharedApp(Providers.Sqlite).Client();
        var practice = await client.GetStringAsync("/en/practices/cenas-tirelis-rewetting-former-milled-peat-fields");
        Assert.Contains("class=\"gloss-term\"", practice, StringComparison.Ordinal);
        Assert.DoesNotMatch("<h1>[^<]*<span class=\"gloss\"", practice);

        var offer = await client.GetStringAsync("/en/marketplace/offers/natura2000-management-plan-peer-review");
        Assert.Contains("popovertarget=\"gloss-natura-2000\">Natura 2000", offer, StringComparison.Ordinal);

        // A request written in French, read in English: the French term, explained in English.
        var request = WebUtility.HtmlDecode(await client.GetStringAsync("/en/marketplace/requests/soignes-trame-noire-lisiere"));
        Assert.Contains("popovertarget=\"gloss-natura-2000\">site Natura 2000</button><span id=\"gloss-natura-2000\" class=\"gloss-def\" popover=\"auto\" lang=\"en\">", request, StringComparison.Ordinal);
        Assert.Contains("The EU-wide network of protected sites", request, StringComparison.Ordinal);
    }

    [GeneratedRegex("\\sid=\"([^\"]+)\"")] private static partial Regex IdRegex();
    [GeneratedRegex("href=\"/en/glossary#([^\"]+)\"")] private static partial Regex GlossaryLinkRegex();
    [GeneratedRegex("<dt id=\"([^\"]+)\"><dfn>([^<]+)</dfn></dt>")] private static partial Regex TermRegex();
}
