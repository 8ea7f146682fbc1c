using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace LearningNetwork.Features.Targets;

/// <summary>A readability score, the formula that gave it, and whether the text is easy enough for citizens.</summary>
public sealed record ReadabilityScore(string Formula, double Value, bool Easy);

/// <summary>
/// The easy level of a language's formula: citizen texts must score at least <see cref="Threshold"/> on a scale where
/// higher is easier (Flesch-type, Gulpease), or at most <see cref="Threshold"/> where lower is easier (LIX).
/// </summary>
public sealed record ReadabilityLevel(string Formula, double Threshold, bool HigherIsEasier)
{
    public bool IsEasy(double value) => HigherIsEasier ? value >= Threshold : value <= Threshold;
}

/// <summary>
/// Readability per language, with the formula established for it: Flesch reading ease (English), Kandel–Moles
/// (French), Amstad (German), Fernández-Huerta (Spanish), Gulpease (Italian, counted in letters), and LIX (Nordic
/// languages, and the fallback for every other language, since it needs no syllables). "Easy" is the level held for
/// citizen texts (<see cref="EasyLevel"/>): Flesch-type ≥ 60, Gulpease ≥ 60, LIX ≤ 40. The editors' form refuses a
/// citizen text below it.
/// </summary>
public static partial class Readability
{
    /// <summary>The formula of a language and the level a citizen text must reach on it.</summary>
    public static ReadabilityLevel EasyLevel(string language) => language switch
    {
        "en" => new("Flesch", 60, true),
        "fr" => new("Kandel-Moles", 60, true),
        "de" => new("Amstad", 60, true),
        "es" => new("Fernández-Huerta", 60, true),
        "it" => new("Gulpease", 60, true),
        _ => new("LIX", 40, false),
    };

    public static ReadabilityScore Score(string text, string language)
    {
        var sentences = Math.Max(1, SentenceRegex().Matches(text.Trim() + ".").Count(m => m.Length > 0));
        var words = WordRegex().Matches(text).Select(m => m.Value).ToList();
        if (words.Count == 0) return new ReadabilityScore("none", 0, false);
        double w = words.Count, s = sentences;
        double Syllables() => words.Sum(x => CountSyllables(x, language));
        var level = EasyLevel(language);
        var v = language switch
        {
            "en" => 206.835 - 1.015 * (w / s) - 84.6 * (Syllables() / w),
            "fr" => 207 - 1.015 * (w / s) - 73.6 * (Syllables() / w),
            "de" => 180 - (w / s) - 58.5 * (Syllables() / w),
            "es" => 206.84 - 0.60 * (Syllables() / w * 100) - 1.02 * (w / s),
            "it" => 89 + (300 * s - 10 * words.Sum(x => x.Count(char.IsLetter))) / w,
            _ => w / s + 100.0 * words.Count(x => x.Count(char.IsLetter) > 6) / w,
        };
        return new(level.Formula, Math.Round(v, 1), level.IsEasy(v));
    }

    /// <summary>Vowel groups, with a silent final "e" in English and French; at least one per word.</summary>
    internal static int CountSyllables(string word, string language)
    {
        var w = Fold(word.ToLowerInvariant());
        var vowels = language is "de" ? "aeiouyäöü" : "aeiouy";
        var count = 0;
        var previous = false;
        foreach (var c in w)
        {
            var vowel = vowels.Contains(c);
            if (vowel && !previous) count++;
            previous = vowel;
        }
        if (language is "en" or "fr" && w.Length > 2 && w.EndsWith('e') && !w.EndsWith("le", StringComparison.Ordinal) && count > 1) count--;
        if (language is "fr" && w.EndsWith("es", StringComparison.Ordinal) && count > 1) count--;
        return Math.Max(1, count);
    }

    private static string Fold(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var c in Infrastructure.UnicodeText.Decomposed(text))
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark) sb.Append(c);
        return sb.ToString();
    }

    [GeneratedRegex(@"[^.!?;:]+[.!?;:]+")]
    private static partial Regex SentenceRegex();

    [GeneratedRegex(@"\p{L}[\p{L}'’-]*")]
    private static partial Regex WordRegex();
}
