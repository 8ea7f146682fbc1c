using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Analysis.Miscellaneous;
using Lucene.Net.Analysis.Standard;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Util;

namespace LearningNetwork.Features.Search;

/// <summary>
/// One analyzer per content language (countries/content_languages.csv; docs/regions.md lists the choice per language):
/// Lucene's language analyzers (stop words and a Snowball or light stemmer) where Lucene.NET 4.8 has one — the 19 EU
/// languages below plus Armenian, Basque, Galician, Russian, Turkish and Norwegian (its analyzer for no, nb and nn) — and
/// for the languages it has none for (Croatian, Estonian, Lithuanian, Maltese, Polish, Slovak, Slovenian and the other
/// languages of the region: Ukrainian, Belarusian, Serbian, Bosnian, Macedonian, Albanian, Icelandic, Georgian,
/// Azerbaijani, Welsh, Luxembourgish...) a sound fallback: standard tokenising, lower-casing, accent folding and
/// truncation to the first six letters, which conflates the inflected forms of these languages well enough for
/// retrieval (Cyrillic, Georgian and Armenian letters are kept, only lower-cased). The "all" field uses the folding
/// analyzer without truncation, for exact words across languages and typo tolerance.
/// </summary>
public static class SearchAnalyzers
{
    public const LuceneVersion Version = LuceneVersion.LUCENE_48;

    private static readonly Dictionary<string, Func<Analyzer>> ByLanguage = new(StringComparer.Ordinal)
    {
        ["bg"] = () => new Lucene.Net.Analysis.Bg.BulgarianAnalyzer(Version),
        ["ca"] = () => new Lucene.Net.Analysis.Ca.CatalanAnalyzer(Version),
        ["cs"] = () => new Lucene.Net.Analysis.Cz.CzechAnalyzer(Version),
        ["da"] = () => new Lucene.Net.Analysis.Da.DanishAnalyzer(Version),
        ["de"] = () => new Lucene.Net.Analysis.De.GermanAnalyzer(Version),
        ["el"] = () => new Lucene.Net.Analysis.El.GreekAnalyzer(Version),
        ["en"] = () => new Lucene.Net.Analysis.En.EnglishAnalyzer(Version),
        ["es"] = () => new Lucene.Net.Analysis.Es.SpanishAnalyzer(Version),
        ["fi"] = () => new Lucene.Net.Analysis.Fi.FinnishAnalyzer(Version),
        ["eu"] = () => new Lucene.Net.Analysis.Eu.BasqueAnalyzer(Version),
        ["fr"] = () => new Lucene.Net.Analysis.Fr.FrenchAnalyzer(Version),
        ["ga"] = () => new Lucene.Net.Analysis.Ga.IrishAnalyzer(Version),
        ["gl"] = () => new Lucene.Net.Analysis.Gl.GalicianAnalyzer(Version),
        ["hu"] = () => new Lucene.Net.Analysis.Hu.HungarianAnalyzer(Version),
        ["hy"] = () => new Lucene.Net.Analysis.Hy.ArmenianAnalyzer(Version),
        ["it"] = () => new Lucene.Net.Analysis.It.ItalianAnalyzer(Version),
        ["lv"] = () => new Lucene.Net.Analysis.Lv.LatvianAnalyzer(Version),
        ["nl"] = () => new Lucene.Net.Analysis.Nl.DutchAnalyzer(Version),
        ["nb"] = () => new Lucene.Net.Analysis.No.NorwegianAnalyzer(Version),
        ["nn"] = () => new Lucene.Net.Analysis.No.NorwegianAnalyzer(Version),
        ["no"] = () => new Lucene.Net.Analysis.No.NorwegianAnalyzer(Version),
        ["pt"] = () => new Lucene.Net.Analysis.Pt.PortugueseAnalyzer(Version),
        ["ro"] = () => new Lucene.Net.Analysis.Ro.RomanianAnalyzer(Version),
        ["ru"] = () => new Lucene.Net.Analysis.Ru.RussianAnalyzer(Version),
        ["sv"] = () => new Lucene.Net.Analysis.Sv.SwedishAnalyzer(Version),
        ["tr"] = () => new Lucene.Net.Analysis.Tr.TurkishAnalyzer(Version),
    };

    /// <summary>The content languages Lucene.NET 4.8 has no analyzer for: the folding, truncating fallback.</summary>
    private static readonly string[] Fallback =
    [
        "et", "hr", "lt", "mt", "pl", "sk", "sl", "sr",
        "az", "be", "br", "bs", "co", "cy", "fo", "fy", "gd", "is", "ka", "ku", "lb", "mk", "oc", "rm", "sc", "se", "sq", "uk", "yi",
    ];

    /// <summary>The languages that get their own stemmed fields: Lucene's analyzers plus the fallback ones.</summary>
    public static readonly IReadOnlyList<string> Languages = ByLanguage.Keys.Concat(Fallback).Order(StringComparer.Ordinal).ToList();

    /// <summary>
    /// Languages no item is indexed in but whose GEMET labels the network ships (gemet_labels_network.csv): a query in one of them
    /// is analysed by the folding fallback and finds concepts by those labels, instead of being read as English.
    /// </summary>
    public static readonly IReadOnlyList<string> QueryOnlyLanguages = ["is", "mk", "sq", "uk"];

    /// <summary>A language the thesaurus holds labels of: an indexed one or a query-only one.</summary>
    public static bool IsThesaurusLanguage(string language) => Languages.Contains(language) || QueryOnlyLanguages.Contains(language);

    public static bool HasStemmer(string language) => ByLanguage.ContainsKey(language);

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Analyzer> Cached = new(StringComparer.Ordinal);

    /// <summary>One analyzer per language for the whole process (analyzers are thread-safe and keep per-thread state).</summary>
    public static Analyzer Shared(string language) => Cached.GetOrAdd(language, For);

    public static Analyzer For(string language) => ByLanguage.TryGetValue(language, out var make) ? make() : new FoldingAnalyzer(truncateTo: 6);

    /// <summary>Field name of a language's stemmed text.</summary>
    public static string TextField(string language) => "text_" + (Languages.Contains(language) ? language : "xx");

    public static string TitleField(string language) => "title_" + (Languages.Contains(language) ? language : "xx");

    /// <summary>Every field's analyzer: stemmed text per language, folding for "all", keywords for the rest.</summary>
    public static Analyzer PerField()
    {
        var fields = new Dictionary<string, Analyzer>(StringComparer.Ordinal) { ["all"] = new FoldingAnalyzer(0), ["title_xx"] = new FoldingAnalyzer(6), ["text_xx"] = new FoldingAnalyzer(6) };
        foreach (var l in Languages)
        {
            fields[TextField(l)] = For(l);
            fields[TitleField(l)] = For(l);
        }
        return new PerFieldAnalyzerWrapper(new KeywordAnalyzer(), fields);
    }

    /// <summary>The terms an analyzer makes of a text (for queries and concept matching).</summary>
    public static List<string> Terms(Analyzer analyzer, string field, string text)
    {
        var terms = new List<string>();
        using var stream = analyzer.GetTokenStream(field, text);
        var term = stream.AddAttribute<ICharTermAttribute>();
        stream.Reset();
        while (stream.IncrementToken()) terms.Add(term.ToString());
        stream.End();
        return terms;
    }

    /// <summary>The terms an analyzer makes of a text, each with the word of the text it comes from (the marketplace's
    /// concept extractor compares the words, not only the stems).</summary>
    public static List<(string Term, string Surface)> TermsWithSurface(Analyzer analyzer, string field, string text)
    {
        var terms = new List<(string, string)>();
        using var stream = analyzer.GetTokenStream(field, text);
        var term = stream.AddAttribute<ICharTermAttribute>();
        var offset = stream.AddAttribute<Lucene.Net.Analysis.TokenAttributes.IOffsetAttribute>();
        stream.Reset();
        while (stream.IncrementToken())
        {
            var start = Math.Clamp(offset.StartOffset, 0, text.Length);
            var end = Math.Clamp(offset.EndOffset, start, text.Length);
            terms.Add((term.ToString(), text[start..end]));
        }
        stream.End();
        return terms;
    }

    /// <summary>Standard tokens, lower-cased and accent-folded, optionally truncated (the fallback stemmer).</summary>
    public sealed class FoldingAnalyzer(int truncateTo) : Analyzer
    {
        protected override TokenStreamComponents CreateComponents(string fieldName, TextReader reader)
        {
            var source = new StandardTokenizer(Version, reader);
            TokenStream result = new LowerCaseFilter(Version, source);
            result = new ASCIIFoldingFilter(result);
            if (truncateTo > 0) result = new TruncateTokenFilter(result, truncateTo);
            return new TokenStreamComponents(source, result);
        }
    }
}
