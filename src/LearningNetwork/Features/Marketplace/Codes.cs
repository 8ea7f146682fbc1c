using System.Collections.Concurrent;
using System.Text;

namespace LearningNetwork.Features.Marketplace;

/// <summary>
/// The codes of enum values on URLs, in the API and in the interchange format: ExpertAdvice is "expert-advice",
/// InDiscussion "in-discussion". Resource keys use the same codes (Market.Kind.expert-advice).
/// </summary>
public static class Codes
{
    private static readonly ConcurrentDictionary<Enum, string> Cache = new();

    public static string Of(Enum value) => Cache.GetOrAdd(value, v =>
    {
        var name = v.ToString();
        var b = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0) b.Append('-');
            b.Append(char.ToLowerInvariant(name[i]));
        }
        return b.ToString();
    });

    /// <summary>The value with this code, or null for anything else (never throws on user input).</summary>
    public static T? Parse<T>(string? code) where T : struct, Enum
    {
        if (string.IsNullOrWhiteSpace(code)) return null;
        foreach (var v in Enum.GetValues<T>())
            if (string.Equals(Of(v), code.Trim(), StringComparison.OrdinalIgnoreCase)) return v;
        return null;
    }

    public static IReadOnlyList<string> All<T>() where T : struct, Enum => Enum.GetValues<T>().Select(v => Of(v)).ToList();
}
