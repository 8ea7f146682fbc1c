using System.Globalization;
using System.Text.RegularExpressions;

namespace LearningNetwork.Infrastructure.Localization;

/// <summary>
/// Numbers as the reader types them. Spaces (also no-break and narrow no-break ones) and apostrophes group thousands in
/// every language. Of '.' and ',', the one that is not the page language's decimal separator groups thousands, but only
/// in groups of three digits after a first group that does not start with 0: "1.240.000" and "1.240,5" on a German or
/// Polish page, "1,240,000" on an English one. Otherwise either is a decimal point, as before ("2,5" and "2.5" are the
/// same everywhere); misplaced groups ("1.24.000") or both separators out of the reader's order are not a number.
/// </summary>
public static partial class ReaderNumbers
{
    /// <summary>The number typed; <paramref name="culture"/> null for values that never group thousands (coordinates).</summary>
    public static bool TryParse(string? value, CultureInfo? culture, out double number)
    {
        number = 0;
        if (string.IsNullOrWhiteSpace(value)) return false;
        var text = Spacing().Replace(value.Trim(), "");
        if (text.Length is 0 or > 30) return false;
        if (culture is not null && (culture.NumberFormat.NumberDecimalSeparator == "," ? GroupedWithDots() : GroupedWithCommas()).IsMatch(text))
            text = culture.NumberFormat.NumberDecimalSeparator == "," ? text.Replace(".", "", StringComparison.Ordinal).Replace(',', '.')
                                                                      : text.Replace(",", "", StringComparison.Ordinal);
        else if (text.Contains('.', StringComparison.Ordinal) && text.Contains(',', StringComparison.Ordinal)) return false;
        else text = text.Replace(',', '.');
        return double.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out number)
               && double.IsFinite(number);
    }

    /// <summary>A whole number typed as the reader writes it ("1.200" on a German page, "1 200" on a French one): a
    /// number by <see cref="TryParse"/> without a fraction, within <paramref name="min"/>..<paramref name="max"/>.</summary>
    public static bool TryParseWhole(string? value, CultureInfo culture, long min, long max, out long number)
    {
        number = 0;
        if (!TryParse(value, culture, out var n) || n != Math.Floor(n) || n < min || n > max) return false;
        number = (long)n;
        return true;
    }

    [GeneratedRegex("[\\s\u00A0\u202F'’]")]
    private static partial Regex Spacing();

    [GeneratedRegex("^[+-]?[1-9][0-9]{0,2}(\\.[0-9]{3})+(,[0-9]+)?$")]
    private static partial Regex GroupedWithDots();

    [GeneratedRegex("^[+-]?[1-9][0-9]{0,2}(,[0-9]{3})+(\\.[0-9]+)?$")]
    private static partial Regex GroupedWithCommas();
}
