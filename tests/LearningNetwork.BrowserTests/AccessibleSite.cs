using System.Text.Json;
using Microsoft.Playwright;

namespace LearningNetwork.BrowserTests;

/// <summary>
/// One app, one Chromium and two browser contexts (a visitor's and a signed-in coordinator's) shared by every test of
/// <see cref="AccessibilityInEveryLanguage"/>, so that checking ~25 page types in three languages stays quick.
/// </summary>
public sealed class AccessibleSite : IAsyncLifetime
{
    public RunningApp App { get; } = new();
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;
    private readonly Lock _gate = new();
    private Task<IBrowserContext>? _signedIn;

    /// <summary>The visitor's context. BypassCSP only so that the test can inject axe-core; the pages run under their strict policy.</summary>
    public IBrowserContext Visitor { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var app = App.InitializeAsync();
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        Visitor = await NewContextAsync();
        await app;
    }

    private Task<IBrowserContext> NewContextAsync() =>
        _browser.NewContextAsync(new BrowserNewContextOptions { BypassCSP = true, Locale = "en-GB", ViewportSize = new() { Width = 1280, Height = 900 } });

    /// <summary>A network coordinator (the create-admin verb, its one-time password), who may write for every organisation.</summary>
    public Task<IBrowserContext> SignedInAsync()
    {
        // A sign-in that failed (a loaded machine timing out) is tried again by the next test instead of failing them all.
        lock (_gate) return _signedIn = _signedIn is null || _signedIn.IsFaulted || _signedIn.IsCanceled ? SignInAsync() : _signedIn;
    }

    private async Task<IBrowserContext> SignInAsync()
    {
        var email = $"coordinator-{Guid.NewGuid():N}@example.org";
        var password = (await App.VerbAsync("create-admin", email)).Trim().Split(' ').Last();
        var context = await NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(App.BaseUrl + "/en/account/sign-in");
        await page.FillAsync("#Form_Email", email);
        await page.FillAsync("#Form_Password", password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForSelectorAsync("text=Signed in as");
        await Journeys.ReplaceOneTimePasswordAsync(page, password);
        await page.CloseAsync();
        return context;
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
        await App.DisposeAsync();
    }

    /// <summary>axe-core's WCAG 2.0/2.1 A and AA rules on the page as it is now: one line per violation, with up to three of its elements.</summary>
    public static async Task<List<string>> AxeViolationsAsync(IPage page)
    {
        await page.AddScriptTagAsync(new() { Path = Path.Combine(AppContext.BaseDirectory, "Vendor", "axe.min.js") });
        var result = await page.EvaluateAsync<JsonElement>(
            "async () => { const r = await axe.run(document, { resultTypes: ['violations'], runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });" +
            " return r.violations.map(v => v.id + ': ' + v.help + ' @ ' + v.nodes.map(n => n.target.join(' ')).slice(0, 3).join(', ')); }");
        return result.EnumerateArray().Select(v => v.GetString()!).ToList();
    }
}
