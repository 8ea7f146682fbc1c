using System.Globalization;
using System.Text;

namespace LearningNetwork.Infrastructure;

/// <summary>URL-safe slugs: lower-case ASCII letters, digits and hyphens, accents folded, other scripts left out.</summary>
public static class Slugs
{
    public static string From(string text, int max = 80)
    {
        var folded = new StringBuilder(text.Length);
        foreach (var c in UnicodeText.Decomposed(text))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark) continue;
            folded.Append(char.IsAsciiLetterOrDigit(c) ? char.ToLowerInvariant(c) : '-');
        }
        var slug = string.Join('-', folded.ToString().Split('-', StringSplitOptions.RemoveEmptyEntries));
        if (slug.Length > max) slug = slug[..max].TrimEnd('-');
        return slug.Length < 3 ? "item-" + slug : slug;
    }
}
