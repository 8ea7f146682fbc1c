using System.Collections.Frozen;
using System.Globalization;
using System.Text;

namespace LearningNetwork.Infrastructure;

/// <summary>
/// URL-safe slugs: lower-case ASCII letters, digits and hyphens. Accents are folded; letters that are not a base letter
/// plus accents (Polish ł, Croatian đ, Danish ø, German ß, Icelandic þ...) and the Cyrillic and Greek alphabets are
/// transliterated, so that no letter of a title is dropped.
/// </summary>
public static class Slugs
{
    public static string From(string text, int max = 80)
    {
        var folded = new StringBuilder(text.Length);
        foreach (var c in UnicodeText.Decomposed(text))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark) continue;
            var lower = char.ToLowerInvariant(c);
            if (char.IsAsciiLetterOrDigit(lower)) folded.Append(lower);
            else if (Latin.TryGetValue(lower, out var latin)) folded.Append(latin);
            else folded.Append('-');
        }
        var slug = string.Join('-', folded.ToString().Split('-', StringSplitOptions.RemoveEmptyEntries));
        if (slug.Length > max) slug = slug[..max].TrimEnd('-');
        return slug.Length < 3 ? "item-" + slug : slug;
    }

    // Letters after decomposition and lower-casing (so й is и + breve and ё is е + diaeresis, and need no row).
    // Cyrillic follows the common passport-style romanisation; Greek follows ELOT 743 without its accents.
    private static readonly FrozenDictionary<char, string> Latin = new Dictionary<char, string>
    {
        ['ł'] = "l", ['đ'] = "d", ['ð'] = "d", ['ø'] = "o", ['æ'] = "ae", ['œ'] = "oe", ['ß'] = "ss", ['þ'] = "th", ['ı'] = "i", ['ħ'] = "h",
        ['ŀ'] = "l", ['ŧ'] = "t", ['ĸ'] = "k", ['ŋ'] = "ng", ['ə'] = "e",
        ['а'] = "a", ['б'] = "b", ['в'] = "v", ['г'] = "g", ['ґ'] = "g", ['д'] = "d", ['ђ'] = "dj", ['е'] = "e", ['є'] = "ye",
        ['ж'] = "zh", ['з'] = "z", ['ѕ'] = "dz", ['и'] = "i", ['і'] = "i", ['ј'] = "j", ['к'] = "k", ['л'] = "l", ['љ'] = "lj",
        ['м'] = "m", ['н'] = "n", ['њ'] = "nj", ['о'] = "o", ['п'] = "p", ['р'] = "r", ['с'] = "s", ['т'] = "t", ['ћ'] = "c",
        ['у'] = "u", ['ф'] = "f", ['х'] = "kh", ['ц'] = "ts", ['ч'] = "ch", ['џ'] = "dz", ['ш'] = "sh", ['щ'] = "shch",
        ['ъ'] = "", ['ы'] = "y", ['ь'] = "", ['э'] = "e", ['ю'] = "yu", ['я'] = "ya",
        ['α'] = "a", ['β'] = "v", ['γ'] = "g", ['δ'] = "d", ['ε'] = "e", ['ζ'] = "z", ['η'] = "i", ['θ'] = "th", ['ι'] = "i", ['κ'] = "k",
        ['λ'] = "l", ['μ'] = "m", ['ν'] = "n", ['ξ'] = "x", ['ο'] = "o", ['π'] = "p", ['ρ'] = "r", ['σ'] = "s", ['ς'] = "s", ['τ'] = "t",
        ['υ'] = "y", ['φ'] = "f", ['χ'] = "ch", ['ψ'] = "ps", ['ω'] = "o",
        ['ა'] = "a", ['ბ'] = "b", ['გ'] = "g", ['დ'] = "d", ['ე'] = "e", ['ვ'] = "v", ['ზ'] = "z", ['თ'] = "t", ['ი'] = "i", ['კ'] = "k",
        ['ლ'] = "l", ['მ'] = "m", ['ნ'] = "n", ['ო'] = "o", ['პ'] = "p", ['ჟ'] = "zh", ['რ'] = "r", ['ს'] = "s", ['ტ'] = "t", ['უ'] = "u",
        ['ფ'] = "p", ['ქ'] = "k", ['ღ'] = "gh", ['ყ'] = "q", ['შ'] = "sh", ['ჩ'] = "ch", ['ც'] = "ts", ['ძ'] = "dz", ['წ'] = "ts", ['ჭ'] = "ch",
        ['ხ'] = "kh", ['ჯ'] = "j", ['ჰ'] = "h",
    }.ToFrozenDictionary();
}
