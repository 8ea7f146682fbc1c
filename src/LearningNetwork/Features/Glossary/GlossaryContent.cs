using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace LearningNetwork.Features.Glossary;

/// <summary>
/// One glossary entry in one language. <see cref="Term"/> is how the language writes it; <see cref="Variants"/> are the
/// other forms to recognise in running text (plurals, inflections, acronyms, spellings). A form in capitals only
/// (OECM, CAP, LIFE) is an acronym and is recognised with its case; every other form ignores case. A <c>*</c> ending a
/// word stands for up to five letters, for inflected endings (<c>usług* ekosystemow*</c>).
/// </summary>
public sealed record GlossaryTerm(string Id, string Term, string[]? Variants, string Definition);

/// <summary>A document the definitions were written from.</summary>
public sealed record GlossarySource(string Title, string Url);

/// <summary>The words the inline explanation needs around a definition, in the reader's language.</summary>
/// <param name="More">The link to the glossary page for a term (its argument is the term).</param>
/// <param name="Close">The button that closes the definition.</param>
public sealed record GlossaryLabels(Func<string, string> More, string Close);

/// <summary>
/// The glossary of policy jargon (Content/glossary-{language}.json), loaded once per process, and the marker that
/// explains terms inline: <see cref="Explain"/> finds the terms in a text and wraps the first occurrence of each in a
/// button that opens its definition.
/// </summary>
/// <remarks>
/// The definition is a <c>popover</c> opened by a <c>popovertarget</c> button: the browser toggles it on click, Enter
/// or Space without any script, closes it on Escape or a click elsewhere, and tells assistive technology whether it is
/// expanded. Nothing appears on mere hover or focus, so no content shows up uninvited over the text (WCAG 1.4.13);
/// a browser without popovers shows the definition inline after the term. The popover stays in the reading order,
/// right after its term.
/// </remarks>
public sealed class GlossaryContent
{
    public const string Fallback = "en";

    private sealed record GlossaryFile(string Language, GlossarySource[]? Sources, GlossaryTerm[] Terms);

    /// <summary>A term of one language with the pattern that finds its forms in running text.</summary>
    private sealed record Recogniser(string Id, Regex Pattern);

    private sealed record Language(GlossaryFile File, Dictionary<string, GlossaryTerm> ById, Recogniser[] Recognisers);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(1);

    /// <summary>Where a term is not explained: links, buttons and form controls (no interactive content inside them),
    /// headings (the page's structure), code, and what is already a term or a definition.</summary>
    private static readonly HashSet<string> Skipped = new(StringComparer.OrdinalIgnoreCase)
    {
        "a", "button", "label", "select", "option", "textarea", "summary", "details", "h1", "h2", "h3", "h4", "h5", "h6",
        "code", "pre", "kbd", "samp", "script", "style", "template", "noscript", "title", "abbr", "dfn", "svg", "math",
        "iframe", "object", "dt",
    };

    private readonly Lazy<Dictionary<string, Language>> _languages;

    public GlossaryContent() : this(Folder) { }

    /// <summary>A glossary read from another folder (tests).</summary>
    public GlossaryContent(string folder)
    {
        _folder = Path.GetFullPath(folder);
        _languages = new(() => Load(folder));
    }

    private readonly string _folder;

    public static string Folder => Path.Combine(AppContext.BaseDirectory, "Features", "Glossary", "Content");

    private static Dictionary<string, Language> Load(string folder)
    {
        var languages = new Dictionary<string, Language>(StringComparer.Ordinal);
        if (!Directory.Exists(folder)) return languages;
        foreach (var path in Directory.GetFiles(folder, "glossary-*.json"))
        {
            var file = JsonSerializer.Deserialize<GlossaryFile>(File.ReadAllBytes(path), Json)
                       ?? throw new InvalidDataException($"{path} is empty.");
            var recognisers = file.Terms.Select(t => new Recogniser(t.Id, Pattern(t))).ToArray();
            languages[file.Language] = new Language(file, file.Terms.ToDictionary(t => t.Id, StringComparer.Ordinal), recognisers);
        }
        return languages;
    }

    /// <summary>The languages the glossary is written in.</summary>
    public IReadOnlyCollection<string> Languages => _languages.Value.Keys;

    /// <summary>Every term in the reader's language, else in English; with the language they are in.</summary>
    public (IReadOnlyList<GlossaryTerm> Terms, string Language) TermsFor(string language) =>
        _languages.Value.TryGetValue(language, out var l) ? (l.File.Terms, language)
        : _languages.Value.TryGetValue(Fallback, out var en) ? (en.File.Terms, Fallback) : ([], Fallback);

    /// <summary>The documents the definitions of a language were written from.</summary>
    public IReadOnlyList<GlossarySource> SourcesFor(string language) =>
        _languages.Value.TryGetValue(language, out var l) ? l.File.Sources ?? [] : [];

    /// <summary>A term's entry in the reader's language, else in English.</summary>
    public (GlossaryTerm Term, string Language)? Define(string id, string language)
    {
        foreach (var l in new[] { language, Fallback })
            if (_languages.Value.TryGetValue(l, out var file) && file.ById.TryGetValue(id, out var term)) return (term, l);
        return null;
    }

    /// <summary>
    /// Explains, in HTML written by <paramref name="input"/>'s author in <paramref name="textLanguage"/>, the first
    /// occurrence of every term not yet in <paramref name="explained"/> (which it adds them to), with the definition in
    /// <paramref name="readerLanguage"/> or English. Whole words only, case ignored except for acronyms; never inside a
    /// tag, an attribute, a link, a button, a heading, code, or an earlier explanation.
    /// </summary>
    /// <param name="input">Sanitized HTML when <paramref name="isHtml"/>, else plain text (returned HTML-encoded).</param>
    /// <param name="isHtml">Whether <paramref name="input"/> is HTML.</param>
    /// <param name="textLanguage">The language the input is written in: the forms of its terms are recognised.</param>
    /// <param name="readerLanguage">The language of the page: the definitions are in it where written, else in English.</param>
    /// <param name="explained">The ids of the terms already explained on the page; the ones explained here are added.</param>
    /// <param name="labels">The words around a definition, in the reader's language.</param>
    /// <returns>HTML.</returns>
    /// <remarks>
    /// A pure function of its arguments (this glossary's folder is read once), so the result and the terms it explained
    /// are remembered (<see cref="Infrastructure.Web.RenderMemo"/>) under all of them: the text, both languages, the
    /// terms explained before it on the page and the labels' words. A page whose texts have not changed explains them
    /// in the same order every time and finds every field remembered.
    /// </remarks>
    public string Explain(string? input, bool isHtml, string textLanguage, string readerLanguage, ISet<string> explained, GlossaryLabels labels)
    {
        if (string.IsNullOrEmpty(input)) return "";
        var before = explained.Count == 0 ? "" : string.Join('\u001f', explained.Order(StringComparer.Ordinal));
        var key = new ExplainKey(_folder, input, isHtml, textLanguage, readerLanguage, before, labels.Close, labels.More("\u0001"));
        var (html, added) = Infrastructure.Web.RenderMemo.Get(key, input.Length + before.Length, k =>
        {
            var now = new HashSet<string>(explained, StringComparer.Ordinal);
            var result = ExplainNow(k.Input, k.IsHtml, k.TextLanguage, k.ReaderLanguage, now, labels);
            now.ExceptWith(explained);
            return (result, now.ToArray());
        }, r => r.Item1.Length + r.Item2.Sum(id => id.Length));
        foreach (var id in added) explained.Add(id);
        return html;
    }

    private sealed record ExplainKey(string Folder, string Input, bool IsHtml, string TextLanguage, string ReaderLanguage, string ExplainedBefore,
        string Close, string More);

    private string ExplainNow(string input, bool isHtml, string textLanguage, string readerLanguage, HashSet<string> explained, GlossaryLabels labels)
    {
        if (!_languages.Value.TryGetValue(textLanguage, out var language)
            || !language.Recognisers.Any(r => !explained.Contains(r.Id) && r.Pattern.IsMatch(input)))
            return isHtml ? input : Encode(input);

        var parser = new HtmlParser();
        var document = parser.ParseDocument("<!DOCTYPE html><html><body></body></html>");
        var root = document.CreateElement("div");
        if (isHtml) foreach (var node in parser.ParseFragment(input, root).ToArray()) root.AppendChild(node);
        else root.AppendChild(document.CreateTextNode(input));

        var texts = new List<IText>();
        CollectTexts(root, texts);
        var changed = false;
        foreach (var text in texts) changed |= ExplainIn(text, language, readerLanguage, explained, labels);
        return changed || !isHtml ? root.InnerHtml : input;
    }

    private static void CollectTexts(INode node, List<IText> texts)
    {
        foreach (var child in node.ChildNodes)
        {
            if (child is IText text) texts.Add(text);
            else if (child is IElement element && !Skipped.Contains(element.LocalName) && !element.HasAttribute("popover")
                     && !element.ClassList.Contains("gloss")) CollectTexts(element, texts);
        }
    }

    private bool ExplainIn(IText text, Language language, string readerLanguage, HashSet<string> explained, GlossaryLabels labels)
    {
        var data = text.Data;
        // Every occurrence of every term, then the leftmost and longest that do not overlap: an occurrence of a term
        // explained earlier still covers its words, so "restoration" is not explained inside "nature restoration plan".
        var found = new List<(int Index, int Length, string Id)>();
        foreach (var r in language.Recognisers)
            foreach (Match m in r.Pattern.Matches(data)) found.Add((m.Index, m.Length, r.Id));
        if (found.Count == 0) return false;
        var chosen = new List<(int Index, int Length, string Id)>();
        var end = 0;
        foreach (var f in found.OrderBy(f => f.Index).ThenByDescending(f => f.Length))
        {
            if (f.Index < end) continue;
            end = f.Index + f.Length;
            if (explained.Add(f.Id)) chosen.Add(f);
        }
        if (chosen.Count == 0) return false;

        var document = text.Owner!;
        var parent = text.Parent!;
        var at = 0;
        foreach (var (index, length, id) in chosen)
        {
            if (index > at) parent.InsertBefore(document.CreateTextNode(data[at..index]), text);
            parent.InsertBefore(Explanation(document, data.Substring(index, length), id, readerLanguage, labels), text);
            at = index + length;
        }
        if (at < data.Length) parent.InsertBefore(document.CreateTextNode(data[at..]), text);
        parent.RemoveChild(text);
        return true;
    }

    /// <summary><c>&lt;span class="gloss"&gt;&lt;button popovertarget&gt;term&lt;/button&gt;&lt;span popover&gt;definition, link, close&lt;/span&gt;&lt;/span&gt;</c>.</summary>
    private IElement Explanation(IDocument document, string written, string id, string readerLanguage, GlossaryLabels labels)
    {
        var (term, language) = Define(id, readerLanguage)!.Value;
        var popover = $"gloss-{id}";
        var wrapper = document.CreateElement("span");
        wrapper.ClassName = "gloss";

        var button = document.CreateElement("button");
        button.SetAttribute("type", "button");
        button.ClassName = "gloss-term";
        button.SetAttribute("popovertarget", popover);
        button.TextContent = written;
        wrapper.AppendChild(button);

        var definition = document.CreateElement("span");
        definition.Id = popover;
        definition.ClassName = "gloss-def";
        definition.SetAttribute("popover", "auto");
        definition.SetAttribute("lang", readerLanguage);
        var name = document.CreateElement("strong");
        name.ClassName = "gloss-name";
        name.TextContent = term.Term;
        var body = document.CreateElement("span");
        body.ClassName = "gloss-text";
        body.TextContent = term.Definition;
        if (language != readerLanguage)
        {
            name.SetAttribute("lang", language);
            body.SetAttribute("lang", language);
        }
        var more = document.CreateElement("a");
        more.SetAttribute("href", $"/{readerLanguage}/glossary#{id}");
        more.ClassName = "gloss-more";
        more.TextContent = labels.More(term.Term);
        var close = document.CreateElement("button");
        close.SetAttribute("type", "button");
        close.ClassName = "gloss-close";
        close.SetAttribute("popovertarget", popover);
        close.SetAttribute("popovertargetaction", "hide");
        close.TextContent = labels.Close;
        // Spaces between the parts, so that they read (and copy) as words when styles are off.
        foreach (var part in new INode[] { name, document.CreateTextNode(" "), body, document.CreateTextNode(" "), more, document.CreateTextNode(" "), close })
            definition.AppendChild(part);
        wrapper.AppendChild(definition);
        return wrapper;
    }

    /// <summary>The pattern of a term's forms: whole words, case ignored except for acronyms, flexible spacing,
    /// either apostrophe and hyphen, <c>*</c> for an inflected ending.</summary>
    internal static Regex Pattern(GlossaryTerm term)
    {
        var forms = new[] { term.Term }.Concat(term.Variants ?? []).Where(f => !string.IsNullOrWhiteSpace(f))
            .Select(f => f.Trim()).Distinct(StringComparer.Ordinal).OrderByDescending(f => f.Length);
        var alternatives = forms.Select(f => IsAcronym(f) ? $"(?-i:{Form(f)})" : Form(f));
        return new Regex($@"(?<![\p{{L}}\p{{N}}_])(?:{string.Join('|', alternatives)})(?![\p{{L}}\p{{N}}_])",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, MatchTimeout);
    }

    private static bool IsAcronym(string form) => form.Count(char.IsUpper) >= 2 && !form.Any(char.IsLower);

    private static string Form(string form)
    {
        var pattern = new StringBuilder();
        foreach (var c in form)
            pattern.Append(c switch
            {
                '*' => @"\p{L}{0,5}",
                ' ' => @"[\s\u00A0]+",
                '\'' or '’' => "['’]",
                '-' or '‑' => "[-‑]",
                _ => Regex.Escape(c.ToString(CultureInfo.InvariantCulture)),
            });
        return pattern.ToString();
    }

    private static string Encode(string text) =>
        text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal)
            .Replace(">", "&gt;", StringComparison.Ordinal).Replace("\"", "&quot;", StringComparison.Ordinal);
}
