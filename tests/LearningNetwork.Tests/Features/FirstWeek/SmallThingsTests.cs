using System.Net;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using LearningNetwork.Tests.Features.Practices;
using LearningNetwork.Data;
using LearningNetwork.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LearningNetwork.Tests.Features.FirstWeek;

/// <summary>
/// Issue 18, "Words, titles and small things", checked as classes over the main public pages and the signed-in forms
/// in Polish, Italian, German and Greek: no raw resource key and no bare language code in what a reader sees, each page
/// its own browser title, and Enter in a form sends its first submit button, which must be the form's own action
/// (save, send), never a button that posts elsewhere (remove, add a row).
/// </summary>
public sealed partial class SmallThingsTests
{
    private static readonly string[] Languages = ["pl", "it", "de", "el"];

    /// <summary>Public pages; detail pages are found by following the first link of a list that matches.</summary>
    private static readonly (string Path, string? Detail)[] PublicPages =
    [
        ("", null), ("partners", @"/partners/[a-z0-9-]+$"), ("practices", @"/practices/[a-z0-9-]+$"),
        ("marketplace", @"/marketplace/offers/[a-z0-9-]+$"), ("marketplace?show=requests", @"/marketplace/requests/[a-z0-9-]+$"),
        ("targets", null), ("targets/kmgbf/12", null), ("targets/kmgbf/A", null), ("commitments", @"/commitments/\d+$"), ("commitments/dashboard", null),
        ("search?q=water", null), ("search?q=water&type=offer", null), ("map", null), ("glossary", null), ("open-data", null), ("networks", null),
        ("accessibility", null), ("privacy", null), ("account/sign-in", null), ("account/register", null), ("events", @"/events/[a-z0-9-]+$"),
        ("news", @"/news/[a-z0-9-]+$"), ("helpdesk", @"/helpdesk/[a-z0-9-]+$"), ("programmes", @"/programmes/[a-z0-9-]+$"),
        ("learning-paths", @"/learning-paths/[a-z0-9-]+$"), ("about", null), ("languages", null),
    ];

    /// <summary>Last path segments of pages that are not an item's own (a form, a calendar).</summary>
    private static readonly HashSet<string> NotDetails = ["new", "ask", "apply", "calendar", "dashboard", "review", "demand", "edit"];

    /// <summary>The forms a member of an organisation fills in.</summary>
    private static readonly string[] SignedInForms =
    [
        "practices/new", "marketplace/offers/new", "marketplace/requests/new", "commitments/new", "events/new", "helpdesk/ask",
        "programmes/apply", "account/profile", "me/follows", "news/new", "membership/apply",
    ];

    [Fact]
    public async Task No_page_shows_a_raw_resource_key_or_a_bare_language_code_each_has_its_own_title_and_Enter_saves_its_forms()
    {
        using var app = new TestApp(Providers.Sqlite, Mailbox.Settings());
        var (member, _, _) = await PracticeTestData.MemberOfAsync(app, "noord-brabant");
        var visitor = app.Client();
        var english = Strings("");
        var prefixes = english.Keys.Where(k => k.Contains('.', StringComparison.Ordinal)).Select(k => k[..k.IndexOf('.', StringComparison.Ordinal)]).ToHashSet(StringComparer.Ordinal);
        var rawKey = new Regex(@"\b(?:" + string.Join('|', prefixes.Select(Regex.Escape)) + @")\.[A-Z][A-Za-z0-9]*(?:\.[A-Za-z0-9_-]+)*\b");
        var codes = LearningNetwork.Infrastructure.Localization.SupportedLanguages
            .FromReferenceData(Path.Combine(AppContext.BaseDirectory, "ReferenceData", "files")).All.Select(l => l.Code).ToHashSet(StringComparer.Ordinal);
        codes.UnionWith(["no", "is", "sr", "mk", "sq", "bs", "uk", "tr", "ca", "eu", "gl", "lb", "cy", "ru", "ar"]);
        var problems = new List<string>();

        foreach (var lang in Languages)
        {
            var strings = Strings(lang);
            var site = WebUtility.HtmlDecode(strings.GetValueOrDefault("Site.Name", english["Site.Name"]));
            // "Written in {0}" and its kind, with a code where a language name belongs
            var withLanguage = strings.Where(s => s.Key.Contains("Language", StringComparison.Ordinal) && s.Value.Contains("{0}", StringComparison.Ordinal))
                .Select(s => new Regex(Regex.Escape(s.Value).Replace(@"\{0}", @"\b([a-z]{2})\b", StringComparison.Ordinal))).ToList();
            var titles = new Dictionary<string, string>(StringComparer.Ordinal);
            var partnerNames = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal); // slug: name as linked, first page

            var pages = new List<(HttpClient Client, string Url)>();
            foreach (var (path, detail) in PublicPages)
            {
                pages.Add((visitor, $"/{lang}/{path}"));
                if (detail is null) continue;
                var list = await visitor.GetStringAsync($"/{lang}/{path}");
                var first = HrefRegex().Matches(list).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value))
                    .FirstOrDefault(h => h.StartsWith($"/{lang}/", StringComparison.Ordinal) && Regex.IsMatch(h, detail) && !NotDetails.Contains(h[(h.LastIndexOf('/') + 1)..]));
                if (first is null) problems.Add($"/{lang}/{path}: no link to a detail page ({detail})");
                else pages.Add((visitor, first));
            }
            pages.AddRange(SignedInForms.Select(f => (member, $"/{lang}/{f}")));

            foreach (var (client, url) in pages)
            {
                var response = await client.GetAsync(url);
                if (response.StatusCode != HttpStatusCode.OK) { problems.Add($"{url}: {(int)response.StatusCode}"); continue; }
                var html = await response.Content.ReadAsStringAsync();
                var text = Visible(html);

                foreach (Match m in rawKey.Matches(text)) problems.Add($"{url}: raw resource key \"{m.Value}\"");
                foreach (var code in TextNodeRegex().Matches(html).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value).Trim()).Where(codes.Contains).Distinct())
                    problems.Add($"{url}: a bare language code \"{code}\" shown as text");
                foreach (var pattern in withLanguage)
                    foreach (Match m in pattern.Matches(text))
                        if (codes.Contains(m.Groups[1].Value)) problems.Add($"{url}: \"{m.Value}\" names a language by its code");

                // Target names in the reader's language wherever they are listed (every language has the target texts): the
                // official English label only where it is marked as such (lang="en").
                foreach (Match m in EnglishTargetRegex().Matches(html))
                    if (!m.Groups[1].Value.Contains("lang=\"en\"", StringComparison.Ordinal)) problems.Add($"{url}: the target is named in English: \"{WebUtility.HtmlDecode(m.Groups[2].Value).Trim()}\"");
                // A partner is named the same on every page of one language.
                // (a search result is titled with both names, whatever the language: it is found by either)
                foreach (var m in url.Contains("/search", StringComparison.Ordinal) ? Enumerable.Empty<Match>() : PartnerLinkRegex().Matches(html))
                {
                    var name = WebUtility.HtmlDecode(TagRegex().Replace(m.Groups[2].Value, "")).Trim();
                    if (name.Length == 0) continue;
                    var names = partnerNames.TryGetValue(m.Groups[1].Value, out var n) ? n : partnerNames[m.Groups[1].Value] = new(StringComparer.Ordinal);
                    names.TryAdd(name, url);
                }

                var title = WebUtility.HtmlDecode(TitleRegex().Match(html).Groups[1].Value).Trim();
                if (title.Length == 0 || (title == site && PathOf(url) != "")) problems.Add($"{url}: the browser title is \"{title}\", not the page's own");
                // (a search narrowed to one type is the same search: it keeps its title)
                else if (titles.TryGetValue(title, out var other) && !url.Contains("&type=", StringComparison.Ordinal)) problems.Add($"{url}: the browser title \"{title}\" is also {other}'s");
                else titles[title] = url;

                foreach (Match form in FormRegex().Matches(html))
                {
                    var first = SubmitRegex().Match(form.Groups[2].Value);
                    if (!first.Success) continue;
                    var button = first.Value;
                    if (button.Contains("formaction", StringComparison.OrdinalIgnoreCase) || NameRegex().IsMatch(button))
                        problems.Add($"{url}: Enter in the form {ActionRegex().Match(form.Groups[1].Value).Value} presses \"{Visible(button).Trim()}\" ({button[..Math.Min(160, button.Length)]}), not its save button");
                }
            }
            foreach (var (slug, names) in partnerNames.Where(p => p.Value.Count > 1))
                problems.Add($"/{lang}/partners/{slug} is named differently: {string.Join(" | ", names.Select(n => $"\"{n.Key}\" on {n.Value}"))}");
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems.Distinct()));

        static string PathOf(string url) => url[(url.IndexOf('/', 1) + 1)..];
    }

    /// <summary>
    /// "Plurals right": a text that counts says it right for 1 as for 5. A commitment card with one indicator and one
    /// report, in English, German and French (the languages whose words for it were written "{0} indicators").
    /// </summary>
    [Fact]
    public async Task A_commitment_with_one_indicator_and_one_report_is_not_counted_in_the_plural()
    {
        using var app = new TestApp(Providers.Sqlite);
        int id;
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<LearningNetworkDb>();
            var commitment = await db.Commitments.Include(c => c.Indicators).ThenInclude(i => i.Reports).OrderBy(c => c.Id)
                .FirstAsync(c => c.Indicators.Any(i => i.Reports.Count > 0));
            var kept = commitment.Indicators.First(i => i.Reports.Count > 0);
            db.RemoveRange(commitment.Indicators.Where(i => i != kept));
            db.RemoveRange(kept.Reports.Skip(1));
            await db.SaveChangesAsync();
            id = commitment.Id;
        }
        var client = app.Client();
        foreach (var (lang, wrong) in new[] { ("en", "1 indicators"), ("de", "1 Indikatoren"), ("fr", "1 indicateurs") })
        {
            var page = WebUtility.HtmlDecode(await client.GetStringAsync($"/{lang}/commitments?pageSize=100"));
            Assert.Contains($"/{lang}/commitments/{id}\"", page, StringComparison.Ordinal);
            Assert.DoesNotContain(wrong, page, StringComparison.Ordinal);
        }
        Assert.Contains("Indicators: 1; progress reports: 1", WebUtility.HtmlDecode(await client.GetStringAsync("/en/commitments?pageSize=100")), StringComparison.Ordinal);
    }

    private static string Visible(string html) =>
        WebUtility.HtmlDecode(TagRegex().Replace(ScriptRegex().Replace(html, " "), " "));

    private static Dictionary<string, string> Strings(string culture)
    {
        var file = Path.Combine(AppProcess.RepositoryRoot, "src", "LearningNetwork", "Resources",
            culture.Length == 0 ? "SharedResource.resx" : $"SharedResource.{culture}.resx");
        return XDocument.Load(file).Root!.Elements("data").ToDictionary(d => (string)d.Attribute("name")!, d => (string)d.Element("value")!);
    }

    [GeneratedRegex("href=\"([^\"]+)\"")] private static partial Regex HrefRegex();
    [GeneratedRegex("<title>([^<]*)</title>")] private static partial Regex TitleRegex();
    [GeneratedRegex(@"(?s)<(script|style|template)\b[^>]*>.*?</\1>")] private static partial Regex ScriptRegex();
    [GeneratedRegex("<[^>]+>")] private static partial Regex TagRegex();
    /// <summary>The text between two tags, outside code and option lists.</summary>
    [GeneratedRegex(@">([^<>]{1,6})</(?!code|option|kbd|abbr)")] private static partial Regex TextNodeRegex();
    [GeneratedRegex(@"(?s)<form\b([^>]*\bmethod=""post""[^>]*)>(.*?)</form>", RegexOptions.IgnoreCase)] private static partial Regex FormRegex();
    /// <summary>A submit button: a button without a type or of type submit, or an input of type submit or image.</summary>
    [GeneratedRegex(@"(?s)<button\b(?![^>]*\btype=""(?:button|reset)"")[^>]*>.*?</button>|<input\b[^>]*\btype=""(?:submit|image)""[^>]*>", RegexOptions.IgnoreCase)] private static partial Regex SubmitRegex();
    /// <summary>A submit button named for another action than the form's own.</summary>
    [GeneratedRegex(@"^<(?:button|input)\b[^>]*\bname=""[^""]*(?:remove|delete|add|cancel|withdraw)[^""]*""", RegexOptions.IgnoreCase)] private static partial Regex NameRegex();
    [GeneratedRegex(@"action=""[^""]*""")] private static partial Regex ActionRegex();
    /// <summary>An English target label (PracticeLabels.TargetLabel) as the text after a tag (the tag is group 1).</summary>
    [GeneratedRegex(@"(<[^>]*>)([^<]*\b(?:GBF (?:Goal|Target) [0-9A-D]{1,2}|NRR Art\. \d+|EUBDS [A-Z]\d*):[^<]*)")] private static partial Regex EnglishTargetRegex();
    /// <summary>A link to a partner's page from another page: the partner's slug and the link's content.</summary>
    [GeneratedRegex(@"(?s)<a\b[^>]*\bhref=""/[a-z]{2}/partners/([a-z0-9-]+)""[^>]*>(.*?)</a>")] private static partial Regex PartnerLinkRegex();
}
