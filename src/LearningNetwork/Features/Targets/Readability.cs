using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace LearningNetwork.Features.Targets;

/// <summary>A readability score, the formula that gave it, and whether the text is easy enough for citizens.</summary>
public sealed record ReadabilityScore(string Formula, double Value, bool Easy);

/// <summary>
/// Readability per language, with the formula established for it: Flesch reading ease (English), Kandel–Moles
/// (French), Amstad (German), Fernández-Huerta (Spanish), Gulpease (Italian, counted in letters), and LIX (Nordic
/// languages, and the fallback for every other language, since it needs no syllables). "Easy" is the level held for
/// citizen texts: Flesch-type ≥ 60, Gulpease ≥ 60, LIX ≤ 40.
/// </summary>
public static partial class Readability
{
    public static ReadabilityScore Score(string text, string language)
    {
        var sentences = Math.Max(1, SentenceRegex().Matches(text.Trim() + ".").Count(m => m.Length > 0));
        var words = WordRegex().Matches(text).Select(m => m.Value).ToList();
        if (words.Count == 0) return new ReadabilityScore("none", 0, false);
        double w = words.Count, s = sentences;
        double Syllables() => words.Sum(x => CountSyllables(x, language));
        switch (language)
        {
            case "en":
            {
                var v = 206.835 - 1.015 * (w / s) - 84.6 * (Syllables() / w);
                return new("Flesch", Math.Round(v, 1), v >= 60);
            }
            case "fr":
            {
                var v = 207 - 1.015 * (w / s) - 73.6 * (Syllables() / w);
                return new("Kandel-Moles", Math.Round(v, 1), v >= 60);
            }
            case "de":
            {
                var v = 180 - (w / s) - 58.5 * (Syllables() / w);
                return new("Amstad", Math.Round(v, 1), v >= 60);
            }
            case "es":
            {
                var v = 206.84 - 0.60 * (Syllables() / w * 100) - 1.02 * (w / s);
                return new("Fernández-Huerta", Math.Round(v, 1), v >= 60);
            }
            case "it":
            {
                var letters = words.Sum(x => x.Count(char.IsLetter));
                var v = 89 + (300 * s - 10 * letters) / w;
                return new("Gulpease", Math.Round(v, 1), v >= 60);
            }
            default:
            {
                var longWords = words.Count(x => x.Count(char.IsLetter) > 6);
                var v = w / s + 100.0 * longWords / w;
                return new("LIX", Math.Round(v, 1), v <= 40);
            }
        }
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
        foreach (var c in text.Normalize(NormalizationForm.FormD))
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark) sb.Append(c);
        return sb.ToString();
    }

    [GeneratedRegex(@"[^.!?;:]+[.!?;:]+")]
    private static partial Regex SentenceRegex();

    [GeneratedRegex(@"\p{L}[\p{L}'’-]*")]
    private static partial Regex WordRegex();
}
