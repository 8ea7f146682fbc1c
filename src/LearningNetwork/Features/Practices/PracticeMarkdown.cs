using Ganss.Xss;
using Markdig;
using Microsoft.AspNetCore.Html;

namespace LearningNetwork.Features.Practices;

/// <summary>
/// Renders the Markdown that partners write into HTML that is safe to show: Markdig turns Markdown into HTML
/// (raw HTML in the source is escaped, not passed through), then the sanitizer keeps only an allow-list of
/// tags and attributes and only http(s) and mailto links. Both steps, because each alone has been bypassed.
/// </summary>
public static class PracticeMarkdown
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .DisableHtml()
        .UsePipeTables()
        .UseEmphasisExtras()
        .UseAutoLinks()
        .Build();

    private static readonly HtmlSanitizer Sanitizer = CreateSanitizer();

    private static HtmlSanitizer CreateSanitizer()
    {
        var sanitizer = new HtmlSanitizer(new HtmlSanitizerOptions
        {
            AllowedTags = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
            {
                "p", "br", "strong", "em", "del", "ins", "sub", "sup", "ul", "ol", "li", "blockquote", "code", "pre", "hr",
                "h3", "h4", "h5", "h6", "a", "table", "thead", "tbody", "tr", "th", "td",
            },
            AllowedAttributes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "href", "title", "start" },
            AllowedSchemes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "http", "https", "mailto" },
            UriAttributes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "href" },
            AllowedCssProperties = new HashSet<string>(),
            AllowedAtRules = new HashSet<AngleSharp.Css.Dom.CssRuleType>(),
        });
        sanitizer.PostProcessNode += (_, e) =>
        {
            // Links written by partners leave the site: they must not pass on the reader's page or rank as ours.
            if (e.Node is AngleSharp.Html.Dom.IHtmlAnchorElement a) a.SetAttribute("rel", "nofollow noopener noreferrer");
        };
        return sanitizer;
    }

    /// <summary>Safe HTML for a Markdown text; empty for null or blank. Headings shift down to h3, below the page's own.</summary>
    /// <remarks>A pure function of the text: remembered (<see cref="Infrastructure.Web.RenderMemo"/>).</remarks>
    public static IHtmlContent Render(string? markdown)
    {
        if (string.IsNullOrWhiteSpace(markdown)) return HtmlString.Empty;
        return Infrastructure.Web.RenderMemo.Get(new RenderKey(markdown), markdown.Length, static key => new HtmlString(RenderNow(key.Markdown)),
            static html => html.Value?.Length ?? 0);
    }

    private sealed record RenderKey(string Markdown);

    private static string RenderNow(string markdown)
    {
        var html = Markdown.ToHtml(markdown, Pipeline);
        html = html.Replace("<h1", "<h3", StringComparison.Ordinal).Replace("</h1>", "</h3>", StringComparison.Ordinal)
                   .Replace("<h2", "<h4", StringComparison.Ordinal).Replace("</h2>", "</h4>", StringComparison.Ordinal);
        return Sanitizer.Sanitize(html);
    }

    /// <summary>Plain text of a Markdown text (for JSON-LD descriptions, snippets and diffs).</summary>
    public static string PlainText(string? markdown) =>
        string.IsNullOrWhiteSpace(markdown) ? "" : Markdown.ToPlainText(markdown, Pipeline).Trim();
}
