using System.Text.Json;
using LearningNetwork.Features.Glossary;

namespace LearningNetwork.Tests.Features.Glossary;

/// <summary>The marker on a small glossary of its own, so that every rule is checked on known terms.</summary>
public sealed class GlossaryMarkerTests : IDisposable
{
    private static readonly GlossaryLabels Labels = new(term => $"More about “{term}”", "Close");
    private readonly string _folder = Directory.CreateTempSubdirectory("glossary-").FullName;
    private readonly GlossaryContent _glossary;

    public GlossaryMarkerTests()
    {
        Write("en", [
            ("natura-2000", "Natura 2000", ["Natura 2000 sites"], "The EU network of protected sites."),
            ("restoration", "restoration", [], "Helping nature recover."),
            ("national-restoration-plan", "national restoration plan", ["restoration plan"], "Each Member State's plan."),
            ("life-programme", "LIFE programme", ["LIFE"], "The EU's fund for nature."),
            ("ecosystem-services", "ecosystem services", [], "Nature's benefits <for people> & \"more\"."),
            ("deadwood", "deadwood", [], "Dead trees left standing."),
        ]);
        Write("de", [
            ("natura-2000", "Natura 2000", ["Natura-2000-Gebiet*"], "Das EU-Netz der Schutzgebiete."),
            ("restoration", "Wiederherstellung", [], "Der Natur helfen, sich zu erholen."),
            ("national-restoration-plan", "nationaler Wiederherstellungsplan", [], "Der Plan jedes Mitgliedstaats."),
            ("life-programme", "LIFE-Programm", ["LIFE"], "Das Förderprogramm der EU."),
            ("ecosystem-services", "Ökosystemleistungen", ["Ökosystemdienstleistungen"], "Der Nutzen der Natur."),
        ]);
        Write("pl", [("ecosystem-services", "usługi ekosystemowe", ["usług* ekosystemow*"], "Korzyści z przyrody.")]);
        _glossary = new GlossaryContent(_folder);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private void Write(string language, (string Id, string Term, string[] Variants, string Definition)[] terms) =>
        File.WriteAllText(Path.Combine(_folder, $"glossary-{language}.json"), JsonSerializer.Serialize(new
        {
            language,
            sources = new[] { new { title = "Test", url = "https://example.org" } },
            terms = terms.Select(t => new { id = t.Id, term = t.Term, variants = t.Variants, definition = t.Definition }),
        }));

    private string Html(string input, HashSet<string>? explained = null, string text = "en", string reader = "en") =>
        _glossary.Explain(input, isHtml: true, text, reader, explained ?? [], Labels);

    private static int Count(string html, string what) => html.Split(what).Length - 1;

    [Fact]
    public void Only_the_first_occurrence_on_the_page_is_explained_even_across_texts()
    {
        var page = new HashSet<string>();
        var first = Html("<p>Natura 2000 is large. Natura 2000 is old.</p>", page);
        Assert.Equal(1, Count(first, "class=\"gloss-term\""));
        Assert.StartsWith("<p><span class=\"gloss\"><button type=\"button\" class=\"gloss-term\" popovertarget=\"gloss-natura-2000\">Natura 2000</button>", first, StringComparison.Ordinal);
        Assert.EndsWith("</span></span> is large. Natura 2000 is old.</p>", first, StringComparison.Ordinal);
        var second = Html("<p>More on Natura 2000.</p>", page);
        Assert.Equal("<p>More on Natura 2000.</p>", second);
        Assert.Equal(["natura-2000"], page);
    }

    [Fact]
    public void Never_inside_a_tag_an_attribute_a_link_a_heading_or_code()
    {
        var html = Html("""<h3>Natura 2000</h3><p title="Natura 2000"><a href="https://example.org/natura-2000">Natura 2000</a> <code>restoration</code></p><p>Then Natura 2000 and restoration.</p>""");
        Assert.StartsWith("""<h3>Natura 2000</h3><p title="Natura 2000"><a href="https://example.org/natura-2000">Natura 2000</a> <code>restoration</code></p><p>Then <span class="gloss">""", html, StringComparison.Ordinal);
        Assert.Equal(1, Count(html, "popovertarget=\"gloss-natura-2000\">Natura 2000</button>"));
        Assert.Equal(1, Count(html, "popovertarget=\"gloss-restoration\">restoration</button>"));
    }

    [Fact]
    public void Explaining_an_explained_text_again_changes_nothing()
    {
        var once = Html("<p>Natura 2000 needs restoration.</p>");
        Assert.Equal(once, Html(once));
    }

    [Fact]
    public void Whole_words_only_and_case_ignored_except_for_acronyms()
    {
        Assert.Contains(">natura 2000</button>", Html("<p>the natura 2000 network</p>"), StringComparison.Ordinal);
        Assert.Contains(">Restoration</button>", Html("<p>Restoration first.</p>"), StringComparison.Ordinal);
        Assert.DoesNotContain("gloss", Html("<p>Natura 20001 and prerestoration and restorations and deadwoods</p>"), StringComparison.Ordinal);
        Assert.DoesNotContain("gloss", Html("<p>wild life and life</p>"), StringComparison.Ordinal);
        Assert.Contains(">LIFE</button>", Html("<p>funded by LIFE</p>"), StringComparison.Ordinal);
        Assert.Contains(">Natura 2000</button>", Html("<p>(Natura 2000)</p>"), StringComparison.Ordinal);
    }

    [Fact]
    public void The_longest_form_wins_and_covers_the_shorter_terms_inside_it()
    {
        var html = Html("<p>Our national restoration plan, then restoration.</p>");
        Assert.Contains("popovertarget=\"gloss-national-restoration-plan\">national restoration plan</button>", html, StringComparison.Ordinal);
        Assert.Contains(", then <span class=\"gloss\"><button type=\"button\" class=\"gloss-term\" popovertarget=\"gloss-restoration\">restoration</button>", html, StringComparison.Ordinal);
        // Once the plan is explained, its later occurrences still keep "restoration" inside them plain.
        var page = new HashSet<string> { "national-restoration-plan" };
        Assert.DoesNotContain("gloss", Html("<p>The restoration plan is due.</p>", page), StringComparison.Ordinal);
    }

    [Fact]
    public void Variants_and_inflections_are_recognised_in_the_text_s_language()
    {
        Assert.Contains("popovertarget=\"gloss-ecosystem-services\">Ökosystemdienstleistungen</button>", Html("<p>Ökosystemdienstleistungen sind wichtig.</p>", text: "de", reader: "de"), StringComparison.Ordinal);
        Assert.Contains("popovertarget=\"gloss-natura-2000\">Natura-2000-Gebieten</button>", Html("<p>In Natura-2000-Gebieten gilt das.</p>", text: "de", reader: "de"), StringComparison.Ordinal);
        Assert.Contains(">usługami ekosystemowymi</button>", Html("<p>Zarządzanie usługami ekosystemowymi.</p>", text: "pl", reader: "pl"), StringComparison.Ordinal);
        Assert.Contains(">Natura 2000 sites</button>", Html("<p>Natura 2000 sites</p>"), StringComparison.Ordinal);
        // English forms are not looked for in a German text.
        Assert.DoesNotContain("gloss", Html("<p>ecosystem services</p>", text: "de", reader: "de"), StringComparison.Ordinal);
    }

    [Fact]
    public void The_definition_is_in_the_reader_s_language_or_English_marked_with_its_language()
    {
        var german = Html("<p>Die Wiederherstellung</p>", text: "de", reader: "de");
        Assert.Contains("<span id=\"gloss-restoration\" class=\"gloss-def\" popover=\"auto\" lang=\"de\"><strong class=\"gloss-name\">Wiederherstellung</strong> <span class=\"gloss-text\">Der Natur helfen, sich zu erholen.</span> <a href=\"/de/glossary#restoration\" class=\"gloss-more\">More about “Wiederherstellung”</a>", german, StringComparison.Ordinal);
        // A German text read by an English reader: the German word, explained in English.
        Assert.Contains(">Wiederherstellung</button><span id=\"gloss-restoration\" class=\"gloss-def\" popover=\"auto\" lang=\"en\"><strong class=\"gloss-name\">restoration</strong>", Html("<p>Die Wiederherstellung</p>", text: "de", reader: "en"), StringComparison.Ordinal);
        // A reader whose language the glossary lacks gets English, marked as such.
        var swedish = Html("<p>Natura 2000</p>", reader: "sv");
        Assert.Contains("lang=\"sv\"><strong class=\"gloss-name\" lang=\"en\">Natura 2000</strong> <span class=\"gloss-text\" lang=\"en\">", swedish, StringComparison.Ordinal);
        Assert.Contains("href=\"/sv/glossary#natura-2000\"", swedish, StringComparison.Ordinal);
        Assert.Contains("<button type=\"button\" class=\"gloss-close\" popovertarget=\"gloss-natura-2000\" popovertargetaction=\"hide\">Close</button>", swedish, StringComparison.Ordinal);
    }

    [Fact]
    public void Definitions_and_plain_text_are_HTML_escaped()
    {
        var html = _glossary.Explain("<script>x</script> & ecosystem services \"quoted\"", isHtml: false, "en", "en", new HashSet<string>(), Labels);
        Assert.StartsWith("&lt;script&gt;x&lt;/script&gt; &amp; <span class=\"gloss\">", html, StringComparison.Ordinal);
        Assert.Contains("Nature's benefits &lt;for people&gt; &amp; \"more\".", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<for people>", html, StringComparison.Ordinal);
        // Plain text without any term is encoded all the same.
        Assert.Equal("a &lt;b&gt; &amp; c", _glossary.Explain("a <b> & c", isHtml: false, "en", "en", new HashSet<string>(), Labels));
    }

    [Fact]
    public void A_text_in_a_language_without_a_glossary_is_left_as_it_is()
    {
        Assert.Equal("<p>Natura 2000</p>", Html("<p>Natura 2000</p>", text: "sv", reader: "en"));
    }
}
