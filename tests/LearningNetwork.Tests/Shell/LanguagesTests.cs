using System.Text.RegularExpressions;
using System.Xml.Linq;
using LearningNetwork.Infrastructure.Localization;
using LearningNetwork.Tests.Infrastructure;
using Microsoft.Net.Http.Headers;

namespace LearningNetwork.Tests.Shell;

public sealed partial class LanguagesTests
{
    private static readonly SupportedLanguages Languages =
        SupportedLanguages.FromReferenceData(Path.Combine(AppContext.BaseDirectory, "ReferenceData", "files"));

    [Fact]
    public void The_interface_languages_are_the_24_official_EU_languages_and_the_pan_European_ones_named_in_themselves()
    {
        Assert.Equal(31, Languages.All.Count);
        Assert.Equal("Deutsch", Languages.Get("de").NativeName);
        Assert.Equal("polski", Languages.Get("pl").NativeName);
        Assert.Equal("Українська", Languages.Get("uk").NativeName);
        Assert.Equal("Türkçe", Languages.Get("tr").NativeName);
        Assert.Equal("Norwegian", Languages.Get("no").EnglishName);
        Assert.All(["no", "is", "sr", "uk", "sq", "mk", "tr"], code => Assert.True(Languages.IsSupported(code)));
        Assert.False(Languages.IsSupported("xx"));
    }

    [Fact]
    public void English_pages_write_dates_and_numbers_the_European_way()
    {
        var culture = Languages.Get("en").FormatCulture;
        Assert.Equal("31/03/2027", new DateOnly(2027, 3, 31).ToString("d", culture));
        Assert.Equal("HH:mm", culture.DateTimeFormat.ShortTimePattern);
        Assert.Equal("pt-PT", Languages.Get("pt").FormatCulture.Name);
    }

    [Theory]
    [InlineData("de-AT;q=0.8, fr;q=0.9", "fr")]
    [InlineData("pt-BR", "pt")]
    [InlineData("*", "en")]
    [InlineData("zh-CN, ga;q=0.5", "ga")]
    [InlineData("sv;q=0", "en")]
    public void Accept_Language_picks_the_best_interface_language(string header, string expected)
    {
        var parsed = StringWithQualityHeaderValue.ParseList(header.Split(','));
        Assert.Equal(expected, Languages.Negotiate(parsed));
    }

    private static Dictionary<string, string> Strings(string culture)
    {
        var file = Path.Combine(AppProcess.RepositoryRoot, "src", "LearningNetwork", "Resources",
            culture.Length == 0 ? "SharedResource.resx" : $"SharedResource.{culture}.resx");
        return XDocument.Load(file).Root!.Elements("data").ToDictionary(d => (string)d.Attribute("name")!, d => (string)d.Element("value")!);
    }

    public static TheoryData<string> Translations() => [.. Languages.All.Select(l => l.Code).Where(c => c != "en")];

    /// <summary>
    /// Every language has every English text, and nothing else: plain keys one for one, counted texts (X.one/X.other in
    /// English) in exactly the plural categories of the language (<see cref="Plurals.CategoriesOf"/>). Each keeps the
    /// placeholders; a counted text may leave {0} out ("once").
    /// </summary>
    [Theory]
    [MemberData(nameof(Translations))]
    public void Every_language_has_every_text_with_its_placeholders_and_plural_forms(string culture)
    {
        var english = Strings("");
        var translated = Strings(culture);
        var counted = english.Keys.Where(k => k.EndsWith(".one", StringComparison.Ordinal)).Select(k => k[..^4]).ToHashSet();
        var expected = english.Keys.Where(k => !counted.Contains(Base(k)))
            .Concat(counted.SelectMany(b => Plurals.CategoriesOf(culture).Select(c => $"{b}.{c}")))
            .ToHashSet();
        Assert.Empty(expected.Except(translated.Keys).Order());
        Assert.Empty(translated.Keys.Except(expected).Order());
        foreach (var (key, value) in translated)
        {
            Assert.False(string.IsNullOrWhiteSpace(value), key);
            if (counted.Contains(Base(key)))
            {
                var allowed = Placeholders(english[Base(key) + ".other"]).Split(',', StringSplitOptions.RemoveEmptyEntries).ToHashSet();
                var used = Placeholders(value).Split(',', StringSplitOptions.RemoveEmptyEntries).ToHashSet();
                Assert.True(used.IsSubsetOf(allowed) && allowed.Except(used).All(p => p == "{0}"), $"{culture} {key}: {value}");
            }
            else Assert.True(Placeholders(english[key]) == Placeholders(value), $"{culture} {key}: {value}");
        }
    }

    private static string Base(string key) => key.LastIndexOf('.') is > 0 and var dot ? key[..dot] : key;

    /// <summary>Examples from the CLDR plural rules (cldr.unicode.org, "Language Plural Rules") for whole numbers.</summary>
    [Theory]
    [InlineData("en", "one:1 other:0,2,11,21")]
    [InlineData("fr", "one:0,1 other:2,11")]
    [InlineData("pt", "one:1 other:0,2")]
    [InlineData("pl", "one:1 few:2,3,4,22,104 many:0,5,11,12,14,21,25,112")]
    [InlineData("cs", "one:1 few:2,3,4 other:0,5,22")]
    [InlineData("uk", "one:1,21,101 few:2,4,22 many:0,5,11,12,14,111")]
    [InlineData("hr", "one:1,21 few:2,24 other:0,5,11,12")]
    [InlineData("sl", "one:1,101 two:2,102 few:3,4,103 other:0,5,11")]
    [InlineData("lt", "one:1,21 few:2,9,22 other:0,10,11,19,20")]
    [InlineData("lv", "zero:0,10,11,19,20 one:1,21,101 other:2,9,22")]
    [InlineData("ro", "one:1 few:0,2,19,101,119 other:20,100,120")]
    [InlineData("ga", "one:1 two:2 few:3,6 many:7,10 other:0,11,100")]
    [InlineData("mt", "one:1 two:2 few:0,3,10,103 many:11,19,111 other:20,100")]
    [InlineData("is", "one:1,21,31 other:0,11,2")]
    [InlineData("mk", "one:1,21 other:0,11,2")]
    public void Plural_categories_follow_the_CLDR_rules(string language, string examples)
    {
        foreach (var group in examples.Split(' '))
        {
            var (category, numbers) = (group.Split(':')[0], group.Split(':')[1].Split(',').Select(long.Parse));
            Assert.All(numbers, n => Assert.Equal(category, Plurals.Category(language, n)));
        }
    }

    [Fact]
    public void Every_string_the_pages_ask_for_exists_in_English()
    {
        var english = Strings("");
        var features = Path.Combine(AppProcess.RepositoryRoot, "src", "LearningNetwork", "Features");
        var missing = Directory.EnumerateFiles(features, "*.cshtml", SearchOption.AllDirectories)
            .SelectMany(f => LiteralKey().Matches(File.ReadAllText(f)).Select(m => (File: Path.GetFileName(f), Key: m.Groups[1].Value))
                .Concat(CountedKey().Matches(File.ReadAllText(f)).SelectMany(m => new[] { ".one", ".other" }.Select(c => (File: Path.GetFileName(f), Key: m.Groups[1].Value + c)))))
            .Where(k => !english.ContainsKey(k.Key))
            .ToList();
        Assert.Empty(missing);
    }

    // distinct: a translation may name a value once where English repeats it
    private static string Placeholders(string text) => string.Join(",", PlaceholderRegex().Matches(text).Select(m => m.Value).Distinct().Order());

    [GeneratedRegex("""T\["([A-Za-z0-9.\-]+)"\]""")] private static partial Regex LiteralKey();
    [GeneratedRegex("""T\.Plural\("([A-Za-z0-9.\-]+)",""")] private static partial Regex CountedKey();
    [GeneratedRegex(@"\{\d+\}")] private static partial Regex PlaceholderRegex();
}
