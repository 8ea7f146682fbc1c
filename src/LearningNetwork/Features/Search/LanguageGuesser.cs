using Lucene.Net.Analysis.Util;

namespace LearningNetwork.Features.Search;

/// <summary>
/// Guesses the language of untagged text from the stop words of the languages' analyzers (the commonest words of each
/// language: articles, prepositions, conjunctions): the language whose stop words make up the largest share of the
/// text's words wins, if they are at least three and ahead of every other language. Good on sentences, deliberately silent on a few words.
/// </summary>
public static class LanguageGuesser
{
    private static readonly Lazy<Dictionary<string, CharArraySet>> StopWords = new(() => new Dictionary<string, CharArraySet>(StringComparer.Ordinal)
    {
        ["bg"] = Lucene.Net.Analysis.Bg.BulgarianAnalyzer.DefaultStopSet, ["ca"] = Lucene.Net.Analysis.Ca.CatalanAnalyzer.DefaultStopSet,
        ["cs"] = Lucene.Net.Analysis.Cz.CzechAnalyzer.DefaultStopSet, ["da"] = Lucene.Net.Analysis.Da.DanishAnalyzer.DefaultStopSet,
        ["de"] = Lucene.Net.Analysis.De.GermanAnalyzer.DefaultStopSet, ["el"] = Lucene.Net.Analysis.El.GreekAnalyzer.DefaultStopSet,
        ["en"] = Lucene.Net.Analysis.En.EnglishAnalyzer.DefaultStopSet, ["es"] = Lucene.Net.Analysis.Es.SpanishAnalyzer.DefaultStopSet,
        ["fi"] = Lucene.Net.Analysis.Fi.FinnishAnalyzer.DefaultStopSet, ["fr"] = Lucene.Net.Analysis.Fr.FrenchAnalyzer.DefaultStopSet,
        ["ga"] = Lucene.Net.Analysis.Ga.IrishAnalyzer.DefaultStopSet, ["hu"] = Lucene.Net.Analysis.Hu.HungarianAnalyzer.DefaultStopSet,
        ["it"] = Lucene.Net.Analysis.It.ItalianAnalyzer.DefaultStopSet, ["lv"] = Lucene.Net.Analysis.Lv.LatvianAnalyzer.DefaultStopSet,
        ["nl"] = Lucene.Net.Analysis.Nl.DutchAnalyzer.DefaultStopSet, ["no"] = Lucene.Net.Analysis.No.NorwegianAnalyzer.DefaultStopSet,
        ["pt"] = Lucene.Net.Analysis.Pt.PortugueseAnalyzer.DefaultStopSet, ["ro"] = Lucene.Net.Analysis.Ro.RomanianAnalyzer.DefaultStopSet,
        ["sv"] = Lucene.Net.Analysis.Sv.SwedishAnalyzer.DefaultStopSet,
    });

    /// <returns>An ISO 639-1 code, or null when the text does not say clearly.</returns>
    public static string? Guess(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var words = text.ToLowerInvariant().Split((char[])[' ', '\n', '\r', '\t', ',', '.', ';', ':', '!', '?', '(', ')', '"', '\''], StringSplitOptions.RemoveEmptyEntries)
            .Take(400).ToList();
        if (words.Count < 4) return null;
        var scores = StopWords.Value.Select(kv => (Language: kv.Key, Hits: words.Count(w => kv.Value.Contains(w)))).OrderByDescending(s => s.Hits).ToList();
        var (best, second) = (scores[0], scores[1]);
        return best.Hits >= 3 && best.Hits > second.Hits ? best.Language : null;
    }
}
