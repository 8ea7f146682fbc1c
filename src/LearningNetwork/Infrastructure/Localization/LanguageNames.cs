using System.Collections.Concurrent;
using System.Globalization;

namespace LearningNetwork.Infrastructure.Localization;

/// <summary>
/// Languages named in the reader's language ("Polish" on an English page, "polonais" on a French one), from the
/// platform's ICU data, which names every ISO 639-1 language in every interface language. The language switcher
/// keeps native names (a reader looks for their own language there); filters and labels use these.
/// </summary>
public static class LanguageNames
{
    private static readonly ConcurrentDictionary<(string Code, string Reader), string> Cache = new();

    /// <summary>The name of the language <paramref name="code"/> for the current reader, capitalised as a list item.</summary>
    public static string Of(string? code) => string.IsNullOrEmpty(code) ? "" : Cache.GetOrAdd((code, LocalizationSetup.CurrentLanguage), Name);

    /// <summary>Names for codes, by code.</summary>
    public static Dictionary<string, string> For(IEnumerable<string> codes) => codes.Distinct().ToDictionary(c => c, Of);

    /// <summary>Choices for a language field, in the reader's alphabetical order.</summary>
    public static List<Features.Partners.FilterChoice> Choices(IEnumerable<string> codes) =>
        codes.Distinct().Select(c => new Features.Partners.FilterChoice(c, Of(c)))
            .OrderBy(c => c.Label, StringComparer.Create(CultureInfo.CurrentCulture, ignoreCase: true)).ToList();

    private static string Name((string Code, string Reader) key)
    {
        try
        {
            // ICU names a culture in the current UI culture's language; a fresh instance, as instances cache their name
            var name = new CultureInfo(key.Code, useUserOverride: false).DisplayName;
            if (name.Length == 0 || string.Equals(name, key.Code, StringComparison.OrdinalIgnoreCase)) return key.Code;
            var reader = CultureInfo.GetCultureInfo(key.Reader);
            return reader.TextInfo.ToUpper(name[0]) + name[1..];
        }
        catch (CultureNotFoundException)
        {
            return key.Code;
        }
    }
}
