using System.Text.Json;
using Microsoft.Playwright;

namespace LearningNetwork.BrowserTests;

/// <summary>
/// Every page type in English, German and Finnish (long compound words) against axe-core's WCAG 2.1 AA rules, at a
/// 320 CSS px viewport (WCAG 1.4.10 reflow, what 400% zoom of a 1280 px window gives), and by keyboard alone with a
/// visible focus indicator (2.4.7) and a skip link first (2.4.1). What the accessibility statement claims rests on these.
/// </summary>
public sealed class AccessibilityInEveryLanguage(AccessibleSite site) : IClassFixture<AccessibleSite>
{
    /// <summary>
    /// The page types a visitor reaches, as paths after /{lang}/; Follow names the first link of a list whose target is
    /// checked too (a partner, a practice, an offer, a request, a commitment), so the demo data's slugs are not retyped.
    /// </summary>
    private static readonly (string Path, string? Follow)[] PageTypes =
    [
        ("", null),
        ("partners", "main .partner-list a[href*='/partners/']"),
        ("practices", "main .practice-card a[href*='/practices/']"),
        ("marketplace", "main a[href*='/marketplace/offers/']:not([href$='/new'])"),
        ("marketplace?show=requests", "main a[href*='/marketplace/requests/']:not([href$='/new'])"),
        ("targets", null),
        ("targets/kmgbf/12", null),
        ("commitments", "main .commitment-cards a[href*='/commitments/']"),
        ("commitments/dashboard", null),
        ("search?q=water", null),
        ("map", null),
        ("glossary", null),
        ("open-data", null),
        ("networks", null),
        ("accessibility", null),
        ("privacy", null),
        ("account/sign-in", null),
        ("account/register", null),
        ("events", "main .card-title a[href*='/events/']"),
        ("helpdesk", "main a[href*='/helpdesk/']:not([href$='/ask'])"),
        ("programmes", "main .programme-list a[href*='/programmes/']"),
        ("about", null),
    ];

    /// <summary>The forms a signed-in person fills in.</summary>
    private static readonly string[] SignedInForms = ["practices/new", "marketplace/offers/new", "marketplace/requests/new", "membership/apply", "commitments/new",
        "events/new", "helpdesk/ask", "programmes/apply"];

    /// <summary>Where reflow is checked: each kind of layout (lists with filters, details, forms, tables, the map, long prose).</summary>
    private static readonly string[] ReflowPages =
    [
        "", "partners", "practices", "marketplace", "targets", "targets/kmgbf/12", "commitments", "commitments/dashboard",
        "search?q=water", "map", "glossary", "open-data", "accessibility", "account/register", "events", "helpdesk", "programmes", "about",
    ];

    [Theory]
    [InlineData("en")]
    [InlineData("de")]
    [InlineData("fi")]
    public async Task Every_page_type_has_no_axe_violations(string lang)
    {
        var page = await site.Visitor.NewPageAsync();
        var problems = new List<string>();
        foreach (var (path, follow) in PageTypes)
        {
            await OpenAsync(page, $"/{lang}/{path}");
            problems.AddRange(await AxeAsync(page));
            if (follow is null) continue;
            var href = await page.Locator(follow).First.GetAttributeAsync("href");
            Assert.False(string.IsNullOrEmpty(href), $"{page.Url}: no link {follow}");
            await OpenAsync(page, href);
            problems.AddRange(await AxeAsync(page));
        }
        await page.CloseAsync();
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Theory]
    [InlineData("en")]
    [InlineData("de")]
    [InlineData("fi")]
    public async Task Signed_in_forms_have_no_axe_violations(string lang)
    {
        var page = await (await site.SignedInAsync()).NewPageAsync();
        var problems = new List<string>();
        foreach (var path in SignedInForms)
        {
            await OpenAsync(page, $"/{lang}/{path}");
            Assert.Equal(1, await page.Locator("main form[method='post']").CountAsync());
            problems.AddRange(await AxeAsync(page));
        }
        // The member's home, which only a signed-in person sees.
        await OpenAsync(page, $"/{lang}/me");
        problems.AddRange(await AxeAsync(page));
        // The network report, which the signed-in coordinator reads (its SVG charts and their tables).
        await OpenAsync(page, $"/{lang}/network-report");
        problems.AddRange(await AxeAsync(page));
        await page.CloseAsync();
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Theory]
    [InlineData("en")]
    [InlineData("de")]
    [InlineData("fi")]
    public async Task Page_types_reflow_at_320_CSS_pixels_without_horizontal_scrolling(string lang)
    {
        var page = await site.Visitor.NewPageAsync();
        await page.SetViewportSizeAsync(320, 640);
        var problems = new List<string>();
        foreach (var path in ReflowPages)
        {
            await OpenAsync(page, $"/{lang}/{path}");
            var overflow = await page.EvaluateAsync<JsonElement>(
                """
                () => {
                  const width = window.innerWidth, scroll = document.scrollingElement.scrollWidth;
                  if (scroll <= width + 1) return null;
                  // the deepest elements that stick out, to name the culprit
                  const out = [...document.body.querySelectorAll('*')].filter(e => e.getBoundingClientRect().right > width + 1 && e.getClientRects().length > 0)
                    .filter(e => ![...e.children].some(c => c.getBoundingClientRect().right > width + 1));
                  return scroll + ' > ' + width + ': ' + out.slice(0, 4).map(e => e.tagName.toLowerCase() + (e.className && typeof e.className === 'string' ? '.' + e.className.trim().replace(/\s+/g, '.') : '') + ' "' + (e.textContent || '').trim().slice(0, 40) + '"').join('; ');
                }
                """);
            if (overflow.ValueKind == JsonValueKind.String) problems.Add($"{page.Url}: {overflow.GetString()}");
        }
        await page.CloseAsync();
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Theory]
    [InlineData("/en/")]
    [InlineData("/en/partners")]
    [InlineData("/fi/partners")]
    [InlineData("/de/open-data")] // its tables scroll in focusable regions
    public async Task Tabbing_starts_at_the_skip_link_and_every_focused_element_shows_a_visible_focus_indicator(string path)
    {
        var page = await site.Visitor.NewPageAsync();
        await OpenAsync(page, path);
        // Each focusable element's look unfocused, to compare with its look when the keyboard lands on it.
        var focusable = await page.EvaluateAsync<int>(
            """
            () => {
              const look = e => { const s = getComputedStyle(e); return [s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow, s.backgroundColor, s.borderColor, s.color].join('|'); };
              const all = [...document.querySelectorAll('a[href], button, input, select, textarea, summary, [tabindex]')].filter(e => e.tabIndex >= 0 && !e.disabled);
              all.forEach((e, i) => { e.dataset.a11yIndex = i; e.dataset.a11yLook = look(e); });
              return all.length;
            }
            """);
        Assert.True(focusable > 10, $"{focusable} focusable elements");

        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("skip-link", await page.EvaluateAsync<string>("() => document.activeElement.className"));
        var problems = new List<string>();
        var seen = new HashSet<string>();
        for (var i = 0; i < focusable + 5; i++)
        {
            var state = await page.EvaluateAsync<JsonElement>(
                """
                () => {
                  const e = document.activeElement;
                  if (!e || e === document.body) return { end: true };
                  const s = getComputedStyle(e);
                  const now = [s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow, s.backgroundColor, s.borderColor, s.color].join('|');
                  const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2;
                  const shadow = s.boxShadow !== 'none';
                  const r = e.getBoundingClientRect();
                  const onScreen = r.width > 0 && r.height > 0 && r.right > 0 && r.bottom > 0 && r.left < innerWidth && r.top < innerHeight;
                  return { end: false, id: e.dataset.a11yIndex ?? '?', name: e.tagName.toLowerCase() + ' "' + (e.textContent || e.name || e.id || '').trim().slice(0, 30) + '"',
                           visible: now !== e.dataset.a11yLook && (outline || shadow), onScreen };
                }
                """);
            if (state.GetProperty("end").GetBoolean()) break;
            var id = state.GetProperty("id").GetString()!;
            if (!seen.Add(id)) break; // back at the start: the whole page has been walked
            var name = state.GetProperty("name").GetString();
            if (!state.GetProperty("visible").GetBoolean()) problems.Add($"{name}: no visible focus indicator");
            if (!state.GetProperty("onScreen").GetBoolean()) problems.Add($"{name}: focused but not on screen");
            await page.Keyboard.PressAsync("Tab");
        }
        Assert.True(seen.Count >= focusable * 9 / 10, $"the keyboard reached {seen.Count} of {focusable} focusable elements");
        Assert.True(problems.Count == 0, string.Join("\n", problems));

        // The skip link takes the keyboard to the main content.
        await OpenAsync(page, path);
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.PressAsync("Enter");
        Assert.Equal("main", await page.EvaluateAsync<string>("() => document.activeElement.id"));
        await page.CloseAsync();
    }

    [Theory]
    [InlineData("en", "Accessibility statement")]
    [InlineData("de", "Erklärung zur Barrierefreiheit")]
    [InlineData("fr", "Déclaration d'accessibilité")]
    public async Task The_accessibility_statement_follows_the_EU_model(string lang, string title)
    {
        var page = await site.Visitor.NewPageAsync();
        await OpenAsync(page, $"/{lang}/accessibility");
        Assert.Equal(title, await page.InnerTextAsync("h1"));
        Assert.DoesNotContain("Accessibility.", await page.InnerTextAsync("main"), StringComparison.Ordinal); // no key without a text
        // The sections of the model statement of Implementing Decision (EU) 2018/1523, in its order.
        var sections = await page.EvalOnSelectorAllAsync<string[]>("main h2[id]", "hs => hs.map(h => h.id)");
        Assert.Equal(["compliance-status", "non-accessible-content", "preparation", "feedback", "enforcement"], sections);
        Assert.Contains("axe-core", await page.InnerTextAsync("#preparation + dl + p"), StringComparison.Ordinal);
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}$", await page.GetAttributeAsync("main time[datetime]", "datetime") ?? "");
        Assert.Empty(await AxeAsync(page));
        await page.CloseAsync();
    }

    private async Task OpenAsync(IPage page, string pathAndQuery)
    {
        var response = await page.GotoAsync(site.App.BaseUrl + pathAndQuery);
        Assert.True(response is { Ok: true }, $"{pathAndQuery}: {response?.Status}");
        if (pathAndQuery.Contains("/map", StringComparison.Ordinal))
            await page.WaitForFunctionAsync("document.querySelectorAll('.network-map path.leaflet-interactive').length > 0");
    }

    private static async Task<List<string>> AxeAsync(IPage page) =>
        (await AccessibleSite.AxeViolationsAsync(page)).Select(v => $"{page.Url}: {v}").ToList();
}
