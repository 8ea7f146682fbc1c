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
    public void The_interface_languages_are_the_24_official_EU_languages_named_in_themselves()
    {
        Assert.Equal(24, Languages.All.Count);
        Assert.Equal("Deutsch", Languages.Get("de").NativeName);
        Assert.Equal("polski", Languages.Get("pl").NativeName);
        Assert.False(Languages.IsSupported("xx"));
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

    [Theory]
    [InlineData("fr")]
    [InlineData("de")]
    public void French_and_German_are_complete_and_keep_every_placeholder(string culture)
    {
        var english = Strings("");
        var translated = Strings(culture);
        Assert.Empty(english.Keys.Except(translated.Keys));
        Assert.Empty(translated.Keys.Except(english.Keys));
        foreach (var (key, value) in translated)
        {
            Assert.False(string.IsNullOrWhiteSpace(value), key);
            Assert.Equal(Placeholders(english[key]), Placeholders(value));
        }
    }

    /// <summary>Spanish, Italian and Polish have the shell and the targets pages so far; every other string falls back to English.</summary>
    [Theory]
    [InlineData("es")]
    [InlineData("it")]
    [InlineData("pl")]
    public void Partial_translations_hold_only_English_keys_with_every_placeholder(string culture)
    {
        var english = Strings("");
        var translated = Strings(culture);
        Assert.Empty(translated.Keys.Except(english.Keys));
        Assert.Contains("Targets.ForCitizen", translated.Keys);
        Assert.Contains("Layout.SkipToContent", translated.Keys);
        foreach (var (key, value) in translated)
        {
            Assert.False(string.IsNullOrWhiteSpace(value), key);
            Assert.Equal(Placeholders(english[key]), Placeholders(value));
        }
    }

    [Fact]
    public void Every_string_the_pages_ask_for_exists_in_English()
    {
        var english = Strings("");
        var features = Path.Combine(AppProcess.RepositoryRoot, "src", "LearningNetwork", "Features");
        var missing = Directory.EnumerateFiles(features, "*.cshtml", SearchOption.AllDirectories)
            .SelectMany(f => LiteralKey().Matches(File.ReadAllText(f)).Select(m => (File: Path.GetFileName(f), Key: m.Groups[1].Value)))
            .Where(k => !english.ContainsKey(k.Key))
            .ToList();
        Assert.Empty(missing);
    }

    private static string Placeholders(string text) => string.Join(",", PlaceholderRegex().Matches(text).Select(m => m.Value).Order());

    [GeneratedRegex("""T\["([A-Za-z0-9.\-]+)"\]""")] private static partial Regex LiteralKey();
    [GeneratedRegex(@"\{\d+\}")] private static partial Regex PlaceholderRegex();
}
