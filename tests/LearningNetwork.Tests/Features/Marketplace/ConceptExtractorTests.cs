using System.Text.Json;
using LearningNetwork.Data;
using LearningNetwork.Features.Marketplace;
using LearningNetwork.Features.Search;
using LearningNetwork.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LearningNetwork.Tests.Features.Marketplace;

/// <summary>
/// The concepts the marketplace reads in an offer's or a request's text are right in sense, not only in spelling
/// (issue 18, "Match reasons an officer trusts"; the precision figure is bench/concept-eval, `dotnet run ... concepts`).
/// </summary>
public sealed class ConceptExtractorTests
{
    private static async Task<ConceptExtractor> ExtractorAsync(IEnumerable<(int, string, string)> labels, IEnumerable<(int, int)>? relations = null)
    {
        var empty = Directory.CreateTempSubdirectory("ln-vocabulary-").FullName;
        var thesaurus = await Thesaurus.LoadAsync(labels, empty, CancellationToken.None);
        return ConceptExtractor.Load(thesaurus, relations ?? [], ConceptExtractor.SensesFile, empty);
    }

    [Fact]
    public async Task A_Polish_grazing_agreement_is_about_grazing_and_contracts_not_crime_power_plants_employment_or_the_region()
    {
        var extractor = await ExtractorAsync([
            (3748, "pl", "wypas"), (1762, "pl", "umowa"), (4987, "pl", "umowa o pracę"), (1860, "pl", "przestępczość"), (2050, "pl", "przestępstwo"),
            (11540, "pl", "przestępstwo"), (2606, "pl", "elektrownia"), (7059, "pl", "region"), (4187, "pl", "dochód"), (6106, "pl", "pięciochlorofenol"),
        ]);
        var found = extractor.Find("pl",
            "Wypas kulturowy: proste pięcioletnie umowy z bacami i rolnikami, żeby murawy przestały zarastać. Ogrodzenia elektryczne " +
            "chronią stada, a oscypek jest źródłem dochodu dla regionu. Nie jest to umowa o pracę.");
        Assert.Contains("gemet:3748", found);
        Assert.Contains("gemet:1762", found);
        // "przestały" (stopped), "elektryczne" (electric), "pięcioletnie" (five-year) share a truncated stem with the labels only.
        Assert.DoesNotContain("gemet:1860", found);
        Assert.DoesNotContain("gemet:2050", found);
        Assert.DoesNotContain("gemet:11540", found);
        Assert.DoesNotContain("gemet:2606", found);
        Assert.DoesNotContain("gemet:6106", found);
        // GEMET's Polish label of "management contract" means an employment contract: never read into a text.
        Assert.DoesNotContain("gemet:4987", found);
        // Generic concepts are not themes.
        Assert.DoesNotContain("gemet:7059", found);
        Assert.DoesNotContain("gemet:4187", found);
        Assert.Equal("umowa o zarządzanie gruntami", extractor.Label("gemet:4987", "pl"));
    }

    [Fact]
    public async Task A_label_naming_unrelated_concepts_counts_only_for_the_sense_the_rest_of_the_text_supports()
    {
        (int, string, string)[] labels = [(1762, "de", "Vertrag"), (8663, "de", "Vertrag"), (5412, "de", "Mahd"), (4985, "de", "Verwaltung")];
        const string text = "Verträge mit Landwirten zur Mahd von Feuchtwiesen";
        // Without context: "Vertrag" (contract, treaty) is left out, the mowing stays.
        var alone = (await ExtractorAsync(labels)).Find("de", text);
        Assert.Equal(["gemet:5412"], alone.Order(StringComparer.Ordinal));
        // With a concept of the text related to one sense, that sense is kept, and only that one.
        var supported = (await ExtractorAsync(labels, [(1762, 5412)])).Find("de", text);
        Assert.Equal(["gemet:1762", "gemet:5412"], supported.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Inflected_words_of_languages_without_a_stemmer_meet_their_labels_and_slash_joined_greek_variants_each_count()
    {
        var extractor = await ExtractorAsync([
            (3406, "mk", "шума"), (7244, "mk", "река"), (5624, "sr", "шум"), (3748, "bs", "ispaša"), (5346, "sq", "monitorim"),
            (9297, "uk", "болото"), (5346, "el", "παρακολούθηση/έλεγχος"), (6081, "mk", "тресет"),
        ]);
        // Macedonian definite plurals, a Bosnian locative, an Albanian accusative, a Ukrainian genitive plural.
        Assert.Equal(["gemet:3406", "gemet:7244"], extractor.Find("mk", "Следење на шумите и реките по пожарите").Order(StringComparer.Ordinal));
        Assert.Equal(["gemet:3748"], extractor.Find("bs", "Savjet o ispaši ovaca").Order(StringComparer.Ordinal));
        Assert.Equal(["gemet:5346"], extractor.Find("sq", "Kërkojmë përvojë me monitorimin e lumenjve").Order(StringComparer.Ordinal));
        Assert.Equal(["gemet:9297"], extractor.Find("uk", "Відновлення боліт і болота").Order(StringComparer.Ordinal));
        // Each variant of a slash-joined Greek label is a label: "παρακολούθηση" alone, inflected.
        Assert.Equal(["gemet:5346"], extractor.Find("el", "Εμπειρία στην παρακολούθηση των ποταμών").Order(StringComparer.Ordinal));
        // Stems must be equal: a three-letter label is never a stem ("шум", noise, is not read into "шумите", the forests), and a
        // word that only begins like a label ("тресе", shakes) does not meet it ("тресет", peat).
        Assert.DoesNotContain("gemet:5624", extractor.Find("mk", "Следење на шумите"));
        Assert.DoesNotContain("gemet:6081", extractor.Find("mk", "Земјата се тресе"));
        // German, which Lucene stems, reads as before.
        Assert.Empty(extractor.Find("de", "Wälder und Flüsse"));
    }

    [Fact]
    public async Task Bosnian_and_Serbian_in_either_script_read_the_labels_of_their_neighbours()
    {
        var extractor = await ExtractorAsync([(387, "sr", "водоземац"), (7244, "hr", "rijeka")]);
        Assert.Contains("gemet:387", extractor.Find("bs", "Zaštita vodozemaca na cestama"));
        Assert.Contains("gemet:7244", extractor.Find("sr", "Обала ријека и потока"));
    }

    /// <summary>The Polish demo request about mowing with farmers: its reasons name each concept once, no generic one, no
    /// crime; every match says its strength as a word, in the reader's language, in the API.</summary>
    [Theory]
    [MemberData(nameof(Infrastructure.Providers.NotData), MemberType = typeof(Infrastructure.Providers))]
    public async Task Match_reasons_name_real_concepts_once_and_the_API_gives_the_strength_as_a_word(string provider)
    {
        using var app = new TestApp(provider);
        int id;
        using (var scope = app.Services.CreateScope())
            id = await scope.ServiceProvider.GetRequiredService<LearningNetworkDb>().Requests.Where(r => r.Slug == "malopolska-koszenie-stromych-lak").Select(r => r.Id).SingleAsync();
        using var json = JsonDocument.Parse(await app.Client().GetStringAsync($"/api/v1/requests/{id}/matches?lang=pl&take=20"));
        var items = json.RootElement.GetProperty("items").EnumerateArray().ToList();
        Assert.NotEmpty(items);
        foreach (var m in items)
        {
            var strength = m.GetProperty("strength").GetString();
            Assert.Contains(strength, new[] { "strong", "good", "possible" });
            Assert.Equal(strength switch { "strong" => "Silne dopasowanie", "good" => "Dobre dopasowanie", _ => "Możliwe dopasowanie" },
                m.GetProperty("strengthText").GetString());
            foreach (var reason in m.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()!))
            {
                Assert.DoesNotContain("przestęp", reason, StringComparison.OrdinalIgnoreCase);
                Assert.DoesNotContain("umowa o pracę", reason, StringComparison.Ordinal);
                Assert.DoesNotContain("dochód", reason, StringComparison.Ordinal);
                var colon = reason.IndexOf(':', StringComparison.Ordinal);
                if (colon < 0) continue;
                var names = reason[(colon + 1)..].Split(',', StringSplitOptions.TrimEntries);
                Assert.Equal(names.Length, names.Distinct(StringComparer.OrdinalIgnoreCase).Count());
                if (reason.StartsWith("Wspólne tematy", StringComparison.Ordinal)) Assert.DoesNotContain("region", names);
            }
        }
    }

    public static TheoryData<string> Providers => Infrastructure.Providers.All;
}
