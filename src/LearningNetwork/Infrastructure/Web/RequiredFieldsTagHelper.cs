using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Razor.TagHelpers;
using Microsoft.Extensions.Localization;

namespace LearningNetwork.Infrastructure.Web;

/// <summary>
/// Required fields are marked the same way in every form, whoever drew it: each control carrying the <c>required</c>
/// attribute also gets <c>aria-required="true"</c>, its label a visible "*" (hidden from screen readers, which say
/// "required" themselves), and a form with at least one such field says once, at its top, what the "*" means. A form
/// that draws the marks itself (the practice fields) is left as it is. So a field is marked by declaring it
/// <c>required</c> where it is drawn.
/// </summary>
[HtmlTargetElement("form")]
public sealed partial class RequiredFieldsTagHelper(IStringLocalizer<SharedResource> text) : TagHelper
{
    /// <summary>After the framework's form tag helper (antiforgery field, action).</summary>
    public override int Order => 1000;

    public override async Task ProcessAsync(TagHelperContext context, TagHelperOutput output)
    {
        if (!context.AllAttributes.TryGetAttribute("method", out var method) || !string.Equals(method.Value?.ToString(), "post", StringComparison.OrdinalIgnoreCase)) return;
        var content = (await output.GetChildContentAsync()).GetContent();
        var ids = new List<string>();
        var marked = ControlRegex().Replace(content, m =>
        {
            var attributes = m.Groups[2].Value;
            if (!RequiredRegex().IsMatch(attributes)) return m.Value;
            if (IdRegex().Match(attributes) is { Success: true } id) ids.Add(id.Groups[1].Value);
            return attributes.Contains("aria-required", StringComparison.Ordinal) ? m.Value : $"<{m.Groups[1].Value} aria-required=\"true\"{attributes}>";
        });
        if (ids.Count == 0) return;
        foreach (var id in ids.Distinct(StringComparer.Ordinal))
        {
            marked = Regex.Replace(marked, $"(<label\\b[^>]*\\bfor=\"{Regex.Escape(id)}\"[^>]*>)(.*?)(</label>)", m =>
                m.Groups[2].Value.Contains("class=\"required\"", StringComparison.Ordinal) ? m.Value
                    : $"{m.Groups[1].Value}{m.Groups[2].Value}<span class=\"required\" aria-hidden=\"true\"> *</span>{m.Groups[3].Value}",
                RegexOptions.Singleline, TimeSpan.FromSeconds(1));
        }
        var hint = text["Practice.RequiredHint"].Value;
        if (!WebUtility.HtmlDecode(marked).Contains(hint, StringComparison.Ordinal))
            marked = $"<p class=\"hint required-hint\">{WebUtility.HtmlEncode(hint)}</p>" + marked;
        output.Content.SetHtmlContent(marked);
    }

    [GeneratedRegex("<(input|select|textarea)\\b([^>]*)>", RegexOptions.IgnoreCase)]
    private static partial Regex ControlRegex();

    [GeneratedRegex("\\srequired(?:\\s|=|/|$)", RegexOptions.IgnoreCase)]
    private static partial Regex RequiredRegex();

    [GeneratedRegex("\\sid=\"([^\"]+)\"")]
    private static partial Regex IdRegex();
}
