using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using CsCheck;
using LearningNetwork.Features.Practices;
using LearningNetwork.Features.Search;
using Microsoft.Extensions.DependencyInjection;

namespace LearningNetwork.Tests.Robustness;

/// <summary>The Markdown renderer and the site search, given random text: they never throw, and the HTML never carries script.</summary>
[Collection(RobustApp.Collection)]
public sealed partial class TextRobustnessTests(RobustApp fixture)
{
    private static readonly string[] MarkdownParts =
    [
        "# Title\n", "## Sub\n", "* item\n", "1. first\n", "> quote\n", "```\ncode\n```\n", "`code`", "**bold**", "_em_", "~~del~~", "---\n", "\n\n", "| a | b |\n|---|---|\n| 1 | 2 |\n",
        "[x](javascript:alert(1))", "[x]( JaVaScRiPt:alert(1) )", "[x](&#106;avascript:alert(1))", "[x](java\tscript:alert(1))", "[x](data:text/html,<script>alert(1)</script>)",
        "![i](x\" onerror=\"alert(1))", "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "<svg onload=alert(1)>", "<a href=\"javascript:alert(1)\">x</a>",
        "<javascript:alert(1)>", "<https://example.org/a?b=\"onmouseover=alert(1)>", "www.example.org", "https://example.org/<script>", "[a]: javascript:alert(1)\n[b][a]",
        "<details open ontoggle=alert(1)>", "<iframe src=javascript:alert(1)>", "<style>*{}</style>", "&lt;script&gt;", "\\<script>", "[x](vbscript:msgbox(1))",
        "<!-- <script> -->", "<<script>script>", "[x](https://example.org \"t\" onclick=\"alert(1)\")", "mailto:a@b.c", "\u202Etxt.exe", "\0",
    ];

    private static readonly Gen<string> Markdown = Gen.OneOf(
        Gen.Int[0, MarkdownParts.Length - 1].Array[1, 12].Select(ix => string.Concat(ix.Select(i => MarkdownParts[i]))),
        Gen.Select(Gen.Int[0, MarkdownParts.Length - 1].Array[1, 6], Hostile.Random.Array[1, 6], (ix, hostile) =>
            string.Concat(ix.Zip(hostile, (i, h) => MarkdownParts[i] + h))),
        Hostile.Random);

    [Fact]
    public void Random_Markdown_renders_without_throwing_and_without_script()
    {
        Hostile.ForAll(Markdown, "markdown-2026", 2000, markdown =>
        {
            var html = PracticeMarkdown.Render(markdown).ToString()!;
            _ = PracticeMarkdown.PlainText(markdown);
            Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
            foreach (Match tag in TagRegex().Matches(html))
            {
                var decoded = WebUtility.HtmlDecode(tag.Value);
                Assert.DoesNotMatch(@"(?i)(java|vb)script\s*:|(href|src)\s*=\s*[""']?\s*data\s*:", decoded);
                Assert.DoesNotMatch(@"(?i)\son[a-z]+\s*=", decoded);
            }
        });
    }

    private static readonly string[] QueryParts =
    [
        "\"", "\"unbalanced", "\"a phrase\"", "*", "*land", "?eat", "wet*", "~", "~2", "^10", "[a TO z]", "{* TO *}", "[0 TO 99999999999999999999]", "a:b", "title:x",
        "AND", "OR", "NOT", "&&", "||", "!", "(", ")", "((((", "))))", "+", "-", "\\", "/", "/regex.*/", ":", "{", "}", "[", "]", "^", " ", "meadow", "łąka", "Wiese",
        "wetland restoration", "hedge", "\u0000", "😀", "\u200F", "\uD800",
    ];

    private static readonly Gen<string> Query = Gen.OneOf(
        Gen.Select(Gen.Int[0, QueryParts.Length - 1].Array[1, 10], Gen.Bool, (ix, spaced) => string.Join(spaced ? " " : "", ix.Select(i => QueryParts[i]))),
        Gen.Int[0, QueryParts.Length - 1].Array[1, 60].Select(ix => string.Concat(ix.Select(i => QueryParts[i]))),
        Hostile.Random);

    private static readonly string[] Languages = ["en", "de", "pl", "fr", "", "xx", "EN", "../", "de-DE"];

    [Fact]
    public async Task Random_search_queries_never_throw()
    {
        var index = fixture.App.Services.GetRequiredService<ISearchIndex>();
        var started = Stopwatch.StartNew();
        while (!index.Ready && started.Elapsed < TimeSpan.FromSeconds(120)) await Task.Delay(200);
        Assert.True(index.Ready, "the search index did not get ready");
        var search = fixture.App.Services.CreateScope().ServiceProvider.GetRequiredService<SiteSearch>();
        var gen = Gen.Select(Query, Gen.Int[0, Languages.Length - 1], Gen.Int[1, 3], Hostile.Random, (q, l, page, filter) => (q, Languages[l], page, filter));
        await Hostile.ForAllAsync(gen, "search-2026", 400, c =>
        {
            var filters = new Dictionary<string, IReadOnlyList<string>> { ["country"] = [c.filter], ["theme"] = [c.filter, "1"], ["type"] = ["practice"] };
            var result = search.Search(new SearchRequest(c.q, c.Item2, c.page % 2 == 0 ? filters : new Dictionary<string, IReadOnlyList<string>>(), c.page, 20));
            Assert.True(result.Total >= 0);
            return Task.CompletedTask;
        });
    }

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex TagRegex();
}
