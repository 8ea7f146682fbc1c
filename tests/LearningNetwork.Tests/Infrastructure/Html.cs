using System.Text.RegularExpressions;

namespace LearningNetwork.Tests.Infrastructure;

internal static partial class Html
{
    public static string? HtmlLang(string html) => HtmlLangRegex().Match(html) is { Success: true } m ? m.Groups[1].Value : null;

    public static IReadOnlyList<string> Hrefs(string html, string prefix) =>
        HrefRegex().Matches(html).Select(m => m.Groups[1].Value).Where(h => h.StartsWith(prefix, StringComparison.Ordinal)).Distinct().ToList();

    /// <summary>The visible text lines of a page, without tags, for comparing languages.</summary>
    public static HashSet<string> TextLines(string html) =>
        TagRegex().Replace(html, "\n").Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToHashSet();

    [GeneratedRegex("<html[^>]*\\slang=\"([^\"]+)\"")] private static partial Regex HtmlLangRegex();
    [GeneratedRegex("href=\"([^\"]+)\"")] private static partial Regex HrefRegex();
    [GeneratedRegex("<[^>]*>")] private static partial Regex TagRegex();
}
