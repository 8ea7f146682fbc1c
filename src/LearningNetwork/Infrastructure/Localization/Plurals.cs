using System.Globalization;
using Microsoft.Extensions.Localization;

namespace LearningNetwork.Infrastructure.Localization;

/// <summary>
/// Counted texts ("1 practice", "2 praktyki", "5 praktyk"). A counted text is a family of resource keys, one per
/// plural category of the language: <c>Practices.Count.one</c>, <c>Practices.Count.few</c>, ...,
/// <c>Practices.Count.other</c>. The category of a whole number follows the cardinal rules of the Unicode CLDR
/// (https://cldr.unicode.org/index/cldr-spec/plural-rules) for every interface language; a language needs exactly the
/// categories <see cref="CategoriesOf"/> lists (a test checks the resource files against it).
/// </summary>
public static class Plurals
{
    /// <summary>The CLDR plural category of the whole number <paramref name="n"/> in <paramref name="language"/>.</summary>
    public static string Category(string language, long n)
    {
        n = Math.Abs(n);
        long n10 = n % 10, n100 = n % 100;
        return language switch
        {
            // one and other, "one" only for 1
            "en" or "de" or "nl" or "sv" or "da" or "no" or "fi" or "et" or "it" or "es" or "el" or "hu" or "bg"
                or "tr" or "sq" or "ca" or "eu" or "gl" => n == 1 ? "one" : "other",
            // French counts 0 as singular (European Portuguese, the network's, does not; Brazilian would)
            "fr" => n is 0 or 1 ? "one" : "other",
            "pt" => n == 1 ? "one" : "other",
            // Icelandic and Macedonian: 1, 21, 31 ... but not 11
            "is" or "mk" => n10 == 1 && n100 != 11 ? "one" : "other",
            "pl" => n == 1 ? "one" : n10 is >= 2 and <= 4 && n100 is < 12 or > 14 ? "few" : "many",
            "cs" or "sk" => n == 1 ? "one" : n is >= 2 and <= 4 ? "few" : "other",
            "hr" or "sr" or "bs" => n10 == 1 && n100 != 11 ? "one" : n10 is >= 2 and <= 4 && n100 is < 12 or > 14 ? "few" : "other",
            "uk" or "ru" or "be" => n10 == 1 && n100 != 11 ? "one" : n10 is >= 2 and <= 4 && n100 is < 12 or > 14 ? "few" : "many",
            "sl" => n100 == 1 ? "one" : n100 == 2 ? "two" : n100 is 3 or 4 ? "few" : "other",
            "lt" => n100 is >= 11 and <= 19 ? "other" : n10 == 1 ? "one" : n10 >= 2 ? "few" : "other",
            "lv" => n10 == 0 || n100 is >= 11 and <= 19 ? "zero" : n10 == 1 && n100 != 11 ? "one" : "other",
            "ro" => n == 1 ? "one" : n == 0 || n100 is >= 1 and <= 19 ? "few" : "other",
            "ga" => n == 1 ? "one" : n == 2 ? "two" : n is >= 3 and <= 6 ? "few" : n is >= 7 and <= 10 ? "many" : "other",
            "mt" => n == 1 ? "one" : n == 2 ? "two" : n == 0 || n100 is >= 3 and <= 10 ? "few" : n100 is >= 11 and <= 19 ? "many" : "other",
            _ => n == 1 ? "one" : "other",
        };
    }

    /// <summary>The categories whole numbers fall in for <paramref name="language"/>: the keys a counted text needs.</summary>
    public static IReadOnlyList<string> CategoriesOf(string language) =>
        Enumerable.Range(0, 1000).Select(n => Category(language, n)).Distinct().OrderBy(Order).ToList();

    private static int Order(string category) => Array.IndexOf(["zero", "one", "two", "few", "many", "other"], category);

    /// <summary>
    /// The counted text <paramref name="key"/> for <paramref name="count"/> in the current interface language, the count
    /// written as the reader's culture writes numbers and passed as {0}; <paramref name="more"/> are {1}, {2} ...
    /// A missing category falls back to "other", so a language is never shown a raw key.
    /// </summary>
    public static LocalizedString Plural(this IStringLocalizer text, string key, long count, params object[] more)
    {
        var language = LocalizationSetup.CurrentLanguage;
        object[] arguments = [count.ToString("N0", CultureInfo.CurrentCulture), .. more];
        var found = text[$"{key}.{Category(language, count)}", arguments];
        return found.ResourceNotFound ? text[$"{key}.other", arguments] : found;
    }
}
