using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace LearningNetwork.Features.Translation;

/// <summary>
/// A machine-translation engine. Languages are ISO 639-1 codes (the site's). An engine says which translations it can
/// make — directly or through a pivot language — and makes them; the queue (<see cref="TranslationWorker"/>) is the only
/// caller of <see cref="TranslateAsync"/>, pages only ask <see cref="RouteAsync"/>.
/// </summary>
public interface IMachineTranslator
{
    /// <summary>The engine's name as readers see it in "Machine-translated from Polish by Apertium".</summary>
    string Name { get; }

    /// <summary>The languages a translation from <paramref name="from"/> to <paramref name="to"/> passes through, both ends
    /// included (<c>[fr, es, en]</c> for a pivot), or null when this site cannot make it.</summary>
    Task<IReadOnlyList<string>?> RouteAsync(string from, string to, CancellationToken ct);

    /// <summary>Translates text (Markdown or plain, paragraphs kept). Throws <see cref="MachineTranslationException"/> when the
    /// engine fails, times out or has no route.</summary>
    Task<string> TranslateAsync(string text, string from, string to, CancellationToken ct);
}

public sealed class MachineTranslationException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary><c>MachineTranslation:Engine=none</c>, and what the site says when no engine is configured: no route anywhere.</summary>
public sealed class NoMachineTranslator : IMachineTranslator
{
    public string Name => "none";
    public Task<IReadOnlyList<string>?> RouteAsync(string from, string to, CancellationToken ct) => Task.FromResult<IReadOnlyList<string>?>(null);
    public Task<string> TranslateAsync(string text, string from, string to, CancellationToken ct) =>
        throw new MachineTranslationException("No machine-translation engine is configured on this site.");
}

/// <summary>
/// Keeps what must not be translated out of the engine's reach: code (fenced and inline), link destinations, bare URLs,
/// e-mail addresses and raw HTML tags become empty placeholder tags, and the rest is HTML-escaped, so an engine in its
/// HTML mode treats the placeholders as formatting it carries through. Paragraphs and Markdown punctuation
/// (<c>**</c>, <c>#</c>, list marks) are plain text to the engine and come back in place.
/// </summary>
public static partial class TranslationMarkup
{
    public static string Protect(string text, List<string> kept)
    {
        var result = new StringBuilder(text.Length + 64);
        var at = 0;
        foreach (Match m in ProtectedRegex().Matches(text))
        {
            result.Append(Escape(text[at..m.Index]));
            result.Append("<ln-k i=\"").Append(kept.Count).Append("\"/>");
            kept.Add(m.Value);
            at = m.Index + m.Length;
        }
        result.Append(Escape(text[at..]));
        return result.ToString();
    }

    /// <summary>Only the three characters markup needs; letters stay letters (an entity for "í" is an unknown word to an engine).</summary>
    private static string Escape(string text) =>
        text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);

    /// <summary>Puts the kept pieces back and decodes the engine's HTML escapes; a placeholder the engine lost is simply absent.</summary>
    public static string Restore(string translated, IReadOnlyList<string> kept)
    {
        var result = new StringBuilder(translated.Length + 64);
        var at = 0;
        foreach (Match m in PlaceholderRegex().Matches(translated))
        {
            result.Append(WebUtility.HtmlDecode(translated[at..m.Index]));
            if (int.TryParse(m.Groups[1].ValueSpan, out var i) && i < kept.Count) result.Append(kept[i]);
            at = m.Index + m.Length;
        }
        result.Append(WebUtility.HtmlDecode(translated[at..]));
        return result.ToString();
    }

    /// <summary>Splits text into pieces of at most <paramref name="max"/> characters at paragraph ends (then line ends, then anywhere).</summary>
    public static IEnumerable<string> Chunks(string text, int max)
    {
        var at = 0;
        while (text.Length - at > max)
        {
            var paragraph = text.LastIndexOf("\n\n", at + max - 1, max, StringComparison.Ordinal);
            var line = text.LastIndexOf('\n', at + max - 1, max);
            var cut = paragraph > at ? paragraph + 2 : line > at ? line + 1 : at + max;
            yield return text[at..cut];
            at = cut;
        }
        if (at < text.Length) yield return text[at..];
    }

    [GeneratedRegex(@"```[\s\S]*?```|`[^`\n]+`|\]\([^)\s]*\)|<(?:https?|mailto):[^>\s]+>|https?://[^\s<>()\[\]]+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|</?[A-Za-z][^<>]*>")]
    private static partial Regex ProtectedRegex();

    [GeneratedRegex("<ln-k\\s+i=\"(\\d+)\"\\s*/?>(?:</ln-k>)?")]
    private static partial Regex PlaceholderRegex();
}
