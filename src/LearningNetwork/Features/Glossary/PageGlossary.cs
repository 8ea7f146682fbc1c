using System.Text.Encodings.Web;
using LearningNetwork.Infrastructure.Localization;
using Microsoft.AspNetCore.Html;
using Microsoft.Extensions.Localization;

namespace LearningNetwork.Features.Glossary;

/// <summary>
/// The glossary of the page being rendered (scoped: one per request): explains each term at its first occurrence on the
/// page, in the reader's language, and remembers it so that later texts of the same page leave it plain. Views call it
/// in document order, so "first" is first in reading order.
/// </summary>
public sealed class PageGlossary(GlossaryContent content, IStringLocalizer<SharedResource> localizer)
{
    private readonly HashSet<string> _explained = new(StringComparer.Ordinal);
    private GlossaryLabels? _labels;

    /// <summary>The ids of the terms explained so far on this page.</summary>
    public IReadOnlyCollection<string> Explained => _explained;

    /// <summary>Sanitized HTML (such as <c>PracticeMarkdown.Render</c>'s) written in <paramref name="textLanguage"/>, with its terms explained.</summary>
    public IHtmlContent Explain(IHtmlContent? html, string textLanguage)
    {
        if (html is null) return HtmlString.Empty;
        string source;
        if (html is HtmlString s) source = s.Value ?? "";
        else
        {
            using var writer = new StringWriter();
            html.WriteTo(writer, HtmlEncoder.Default);
            source = writer.ToString();
        }
        return new HtmlString(content.Explain(source, isHtml: true, textLanguage, LocalizationSetup.CurrentLanguage, _explained, Labels));
    }

    /// <summary>Plain text written in <paramref name="textLanguage"/>, encoded, with its terms explained.</summary>
    public IHtmlContent Explain(string? text, string textLanguage) =>
        string.IsNullOrEmpty(text) ? HtmlString.Empty
        : new HtmlString(content.Explain(text, isHtml: false, textLanguage, LocalizationSetup.CurrentLanguage, _explained, Labels));

    private GlossaryLabels Labels => _labels ??= new GlossaryLabels(term => localizer["Glossary.More", term], localizer["Glossary.Close"]);
}
