using System.Text;

namespace LearningNetwork.Infrastructure;

/// <summary>
/// Unicode normalisation that never throws. string.Normalize throws on a lone surrogate, which UTF-8 cannot carry but a
/// JSON string can ("\ud800"); such a half character is replaced by U+FFFD, as a UTF-8 decoder would, and is no letter.
/// </summary>
public static class UnicodeText
{
    public static string Decomposed(string text) => WellFormed(text).Normalize(NormalizationForm.FormD);

    /// <summary>The text with every lone surrogate replaced by U+FFFD.</summary>
    public static string WellFormed(string text)
    {
        var i = 0;
        for (; i < text.Length; i++)
        {
            if (!char.IsSurrogate(text[i])) continue;
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) { i++; continue; }
            break;
        }
        if (i >= text.Length) return text;
        var sb = new StringBuilder(text.Length);
        for (var j = 0; j < text.Length; j++)
        {
            var c = text[j];
            if (char.IsHighSurrogate(c) && j + 1 < text.Length && char.IsLowSurrogate(text[j + 1])) sb.Append(c).Append(text[++j]);
            else sb.Append(char.IsSurrogate(c) ? '\uFFFD' : c);
        }
        return sb.ToString();
    }
}
