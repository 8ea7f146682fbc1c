using System.Text.Json;
using Microsoft.Playwright;

namespace LearningNetwork.BrowserTests;

/// <summary>A person's journeys through the site, in the machine's Chromium, with axe-core checking WCAG 2.1 AA.</summary>
public sealed class Journeys(RunningApp app) : IClassFixture<RunningApp>, IAsyncLifetime
{
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;

    public async Task InitializeAsync()
    {
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }

    /// <summary>BypassCSP only so that the test can inject axe-core; the app's own pages run under their strict policy.</summary>
    private async Task<IPage> NewPageAsync(bool javaScript = true)
    {
        var context = await _browser.NewContextAsync(new BrowserNewContextOptions { BypassCSP = true, JavaScriptEnabled = javaScript, Locale = "en-GB" });
        return await context.NewPageAsync();
    }

    [Fact]
    public async Task Visitor_opens_the_home_page_switches_to_German_and_follows_the_navigation_to_the_partner_directory()
    {
        var page = await NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") errors.Add(message.Text); };

        await page.GotoAsync(app.BaseUrl + "/");
        Assert.EndsWith("/en/", page.Url, StringComparison.Ordinal);
        Assert.Equal("en", await page.GetAttributeAsync("html", "lang"));

        // The header leads to the languages page, which leads to the same page in the chosen language.
        await page.GetByRole(AriaRole.Banner).GetByRole(AriaRole.Link, new() { Name = "Language: English" }).ClickAsync();
        await page.WaitForURLAsync("**/en/languages?**");
        await AssertAccessibleAsync(page);
        await page.GetByRole(AriaRole.Link, new() { Name = "Deutsch", Exact = true }).ClickAsync();
        await page.WaitForURLAsync("**/de/");
        Assert.Equal("de", await page.GetAttributeAsync("html", "lang"));

        var navigation = page.GetByRole(AriaRole.Navigation).First;
        await navigation.GetByRole(AriaRole.Link, new() { Name = "Partner", Exact = true }).ClickAsync();
        await page.WaitForURLAsync("**/de/partners");
        Assert.Equal("de", await page.GetAttributeAsync("html", "lang"));
        var partners = await page.Locator("main a[href^='/de/partners/']").CountAsync();
        Assert.True(partners >= 10, $"{partners} partner links");

        await page.Locator("main a[href^='/de/partners/']").First.ClickAsync();
        await page.WaitForURLAsync("**/de/partners/*");
        Assert.Equal(1, await page.Locator("h1").CountAsync());
        Assert.Empty(errors); // among others: no CSP violation reported by the browser
    }

    [Fact]
    public async Task Map_draws_every_partner_over_the_NUTS_boundaries_without_a_tile_server()
    {
        var page = await NewPageAsync();
        var outside = new List<string>();
        page.Request += (_, request) => { if (!request.Url.StartsWith(app.BaseUrl, StringComparison.Ordinal)) outside.Add(request.Url); };
        await page.GotoAsync(app.BaseUrl + "/en/map");
        var listed = await page.Locator("main section a[href^='/en/partners/']").CountAsync();
        await page.WaitForFunctionAsync($"document.querySelectorAll('.network-map path.leaflet-interactive').length >= {listed}");
        Assert.True(await page.Locator(".network-map path").CountAsync() > listed, "country outlines are drawn too");
        Assert.Empty(outside);

        // A marker opens a popup that links to the partner's page (a synthetic click: markers may overlap).
        await page.EvaluateAsync("() => document.querySelector('.network-map path.leaflet-interactive').dispatchEvent(new MouseEvent('click', { bubbles: true }))");
        var popupLink = page.Locator(".leaflet-popup-content a");
        await popupLink.WaitForAsync();
        Assert.StartsWith("/en/partners/", await popupLink.GetAttributeAsync("href"), StringComparison.Ordinal);
        Assert.Equal("Close", await page.Locator(".leaflet-popup-close-button").GetAttributeAsync("aria-label"));
    }

    [Fact]
    public async Task A_rejected_registration_form_is_accessible_and_keeps_what_was_typed()
    {
        var page = await NewPageAsync(); // the form has no script; JavaScript is on only for axe
        await page.GotoAsync(app.BaseUrl + "/de/account/register");
        await page.FillAsync("#Form_DisplayName", "Jana Novak");
        await page.FillAsync("#Form_Email", "jana.novak@");
        await page.FillAsync("#Form_Password", "kurz");
        await page.GetByRole(AriaRole.Button, new() { Name = "Konto erstellen" }).ClickAsync();
        await page.WaitForSelectorAsync(".error-message");
        Assert.Equal("Jana Novak", await page.InputValueAsync("#Form_DisplayName"));
        Assert.Equal("true", await page.GetAttributeAsync("#Form_Email", "aria-invalid"));
        Assert.Contains("Form_Email-error", await page.GetAttributeAsync("#Form_Email", "aria-describedby") ?? "", StringComparison.Ordinal);
        await AssertAccessibleAsync(page);
    }

    [Fact]
    public async Task A_new_municipality_applies_a_network_admin_admits_it_and_it_appears_in_the_directory_and_on_the_map()
    {
        var page = await NewPageAsync();
        var email = $"clerk-{Guid.NewGuid():N}@example.org";
        const string password = "linden heron meadow brook";
        var name = "Občina Bled " + Guid.NewGuid().ToString("N")[..6];

        await RegisterAndSignInAsync(page, "Meta Clerk", email, password);
        // The header's link (the home page has one too, in its "join the network" section).
        await page.GetByRole(AriaRole.Banner).GetByRole(AriaRole.Link, new() { Name = "Apply for membership" }).ClickAsync();
        await page.WaitForURLAsync("**/membership/apply");
        await AssertAccessibleAsync(page);

        await page.FillAsync("#Form_Name", name);
        await page.SelectOptionAsync("#Form_Type", "municipality");
        await page.SelectOptionAsync("#Form_Country", "SI");
        await page.FillAsync("#Form_Nuts", "SI042");
        await page.FillAsync("#Form_Latitude", "46.37");
        await page.FillAsync("#Form_Longitude", "14.11");
        await page.GetByLabel("Slovenian", new() { Exact = true }).CheckAsync();
        await page.FillAsync("#Form_Themes", "lake; tourism");
        await page.FillAsync("#Form_Description", "An Alpine lake town that balances tourism with nature.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send the application" }).ClickAsync();
        await page.WaitForSelectorAsync("text=waits for the coordinators");
        await page.GotoAsync(app.BaseUrl + "/fr/account/profile");
        await AssertAccessibleAsync(page);

        // The coordinator: an admin made with the create-admin verb, with its one-time password.
        var admin = await CoordinatorAsync();
        await admin.GetByRole(AriaRole.Link, new() { Name = "Review applications" }).ClickAsync();
        await admin.GetByRole(AriaRole.Link, new() { Name = name }).ClickAsync();
        await AssertAccessibleAsync(admin);
        await admin.GetByLabel("Accept: the organisation becomes a partner").CheckAsync();
        await admin.GetByRole(AriaRole.Button, new() { Name = "Record the decision" }).ClickAsync();
        await admin.WaitForURLAsync("**/membership/review");

        await page.GotoAsync(app.BaseUrl + "/en/partners?country=SI&type=municipality");
        await page.GetByRole(AriaRole.Link, new() { Name = name }).ClickAsync();
        Assert.Equal(name, await page.InnerTextAsync("h1"));
        // The applicant is now its organisation's administrator and manages its people.
        await page.GetByRole(AriaRole.Link, new() { Name = "People of the organisation" }).ClickAsync();
        await page.WaitForSelectorAsync("text=Invite a colleague");
        await AssertAccessibleAsync(page);
        await page.GotoAsync(app.BaseUrl + "/en/map");
        Assert.Equal(1, await page.GetByRole(AriaRole.Link, new() { Name = name }).CountAsync());
        await page.WaitForFunctionAsync("document.querySelectorAll('.network-map path.leaflet-interactive').length > 52");
    }

    [Fact]
    public async Task A_person_follows_a_theme_from_its_page_and_a_new_practice_on_it_comes_in_the_next_digest_as_text_and_HTML()
    {
        // A theme: a GEMET concept the type-ahead knows.
        // (The node may still be loading the thesaurus at its first start: asked again until it answers.)
        using var http = new HttpClient();
        JsonElement concept = default;
        for (var i = 0; i < 120 && concept.ValueKind == JsonValueKind.Undefined; i++)
        {
            using var concepts = JsonDocument.Parse(await http.GetStringAsync(app.BaseUrl + "/api/v1/concepts?q=peat&lang=en"));
            if (concepts.RootElement.GetArrayLength() > 0) concept = concepts.RootElement[0].Clone();
            else await Task.Delay(500);
        }
        Assert.NotEqual(JsonValueKind.Undefined, concept.ValueKind);
        var (theme, label) = (concept.GetProperty("id").GetInt32(), concept.GetProperty("label").GetString()!);

        var page = await NewPageAsync(); // the Follow button is a plain form; the page runs axe-core, which needs script
        var email = $"follower-{Guid.NewGuid():N}@example.org";
        await RegisterAndSignInAsync(page, "Fen Follower", email, "bittern reed sedge peat");
        await page.WaitForSelectorAsync("text=Signed in as");
        await page.GotoAsync($"{app.BaseUrl}/en/themes/{theme}");
        await AssertAccessibleAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = $"Follow {label}" }).ClickAsync();
        await page.WaitForURLAsync($"**/en/themes/{theme}");
        Assert.Contains($"You follow {label}.", await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);

        // A practice on the theme arrives (imported, as from another network), then the digest job runs.
        var title = $"Rewetted peat fields {Guid.NewGuid():N}"[..32];
        var file = Path.Combine(Path.GetTempPath(), $"digest-journey-{Guid.NewGuid():N}.jsonld");
        var organisation = $"https://example.org/journey/{Guid.NewGuid():N}";
        await File.WriteAllTextAsync(file, JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["@context"] = "https://schema.org",
            ["@graph"] = new object[]
            {
                new Dictionary<string, object>
                {
                    ["@type"] = "GovernmentOrganization", ["@id"] = organisation, ["name"] = "Journey Fen Region " + title[^6..], ["additionalType"] = "association",
                    ["address"] = new Dictionary<string, object> { ["addressCountry"] = "NL" }, ["knowsLanguage"] = new[] { "en" },
                },
                new Dictionary<string, object>
                {
                    ["@type"] = "CreativeWork", ["additionalType"] = "GoodPractice", ["@id"] = organisation + "/practice", ["name"] = title,
                    ["description"] = "Drained peat fields were rewetted with the farmers.", ["text"] = "Ditches were blocked and water levels raised.",
                    ["inLanguage"] = "en", ["author"] = new Dictionary<string, object> { ["@id"] = organisation },
                    ["about"] = new[] { new Dictionary<string, object> { ["@type"] = "DefinedTerm", ["termCode"] = $"GEMET-{theme}", ["name"] = label } },
                    ["spatialCoverage"] = new Dictionary<string, object> { ["@type"] = "Place", ["name"] = "Fen", ["address"] = new Dictionary<string, object> { ["addressCountry"] = "NL" } },
                },
            },
        }));
        await app.VerbAsync("import", file);
        await app.VerbAsync("send-digests", $"--Site:PublicUrl={app.BaseUrl}");

        MimeKit.MimeMessage? digest = null;
        for (var i = 0; i < 100 && digest is null; i++)
        {
            foreach (var eml in Directory.Exists(app.MailFolder) ? Directory.EnumerateFiles(app.MailFolder, "*.eml") : [])
            {
                var message = await MimeKit.MimeMessage.LoadAsync(eml);
                if (message.To.Mailboxes.Any(m => m.Address == email) && message.TextBody?.Contains(title, StringComparison.Ordinal) == true) digest = message;
            }
            if (digest is null) await Task.Delay(100);
        }
        Assert.NotNull(digest);
        Assert.Contains("New good practices", digest.TextBody, StringComparison.Ordinal);
        Assert.Contains(title, digest.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("List-Unsubscribe=One-Click", digest.Headers["List-Unsubscribe-Post"], StringComparison.Ordinal);

        // The digest's link leads to the practice's page.
        var link = System.Text.RegularExpressions.Regex.Match(digest.TextBody ?? "", @"http://\S+/en/practices/\S+").Value;
        await page.GotoAsync(link);
        Assert.Equal(title, (await page.Locator("h1").InnerTextAsync()).Trim());
    }

    private async Task RegisterAndSignInAsync(IPage page, string name, string email, string password)
    {
        await page.GotoAsync(app.BaseUrl + "/en/account/register");
        await page.FillAsync("#Form_DisplayName", name);
        await page.FillAsync("#Form_Email", email);
        await page.FillAsync("#Form_Password", password);
        await page.FillAsync("#Form_ConfirmPassword", password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create the account" }).ClickAsync();
        await page.WaitForURLAsync("**/account/message/check-email");
        await page.GotoAsync(await ConfirmationLinkAsync(email));
        await page.GotoAsync(app.BaseUrl + "/en/account/sign-in");
        await page.FillAsync("#Form_Email", email);
        await page.FillAsync("#Form_Password", password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
    }

    /// <summary>A network coordinator, made with the create-admin verb and its one-time password, signed in.</summary>
    private async Task<IPage> CoordinatorAsync()
    {
        var adminEmail = $"coordinator-{Guid.NewGuid():N}@example.org";
        var output = await app.VerbAsync("create-admin", adminEmail);
        var adminPassword = output.Trim().Split(' ').Last();
        var admin = await NewPageAsync();
        await admin.GotoAsync(app.BaseUrl + "/en/account/sign-in");
        await admin.FillAsync("#Form_Email", adminEmail);
        await admin.FillAsync("#Form_Password", adminPassword);
        await admin.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await admin.WaitForSelectorAsync("text=Signed in as");
        await ReplaceOneTimePasswordAsync(admin, adminPassword);
        return admin;
    }

    /// <summary>The one-time password of create-admin must be changed first: every page leads to the form until it is.</summary>
    internal static async Task ReplaceOneTimePasswordAsync(IPage page, string oneTimePassword)
    {
        await page.GotoAsync(new Uri(new Uri(page.Url), "/en/").ToString());
        await page.WaitForURLAsync("**/en/account/password");
        await page.FillAsync("#Form_CurrentPassword", oneTimePassword);
        await page.FillAsync("#Form_Password", "a password of my own choosing");
        await page.FillAsync("#Form_ConfirmPassword", "a password of my own choosing");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save the new password" }).ClickAsync();
        try
        {
            await page.WaitForURLAsync("**/account/message/password-changed");
        }
        catch (TimeoutException e)
        {
            // Say where the browser is and what the page says: a refusal shows next to the field, a loaded machine not at all.
            var main = await page.Locator("main").AllInnerTextsAsync();
            throw new TimeoutException($"After saving the new password the browser is at {page.Url}, saying: {string.Join(" ", main)}", e);
        }
    }

    /// <summary>A person who registers, applies for a new organisation and is admitted by the coordinator.</summary>
    private async Task<(IPage Page, string Organisation)> MemberOfNewOrganisationAsync(IPage admin, string prefix, string country, string nuts, string latitude, string longitude, string language, string themes)
    {
        var page = await NewPageAsync();
        var name = prefix + " " + Guid.NewGuid().ToString("N")[..6];
        await RegisterAndSignInAsync(page, "Officer of " + name, $"officer-{Guid.NewGuid():N}@example.org", "hedgerow kingfisher alder brook");
        await page.GotoAsync(app.BaseUrl + "/en/membership/apply");
        await page.FillAsync("#Form_Name", name);
        await page.SelectOptionAsync("#Form_Type", "municipality");
        await page.SelectOptionAsync("#Form_Country", country);
        await page.FillAsync("#Form_Nuts", nuts);
        await page.FillAsync("#Form_Latitude", latitude);
        await page.FillAsync("#Form_Longitude", longitude);
        await page.GetByLabel(language, new() { Exact = true }).CheckAsync();
        await page.GetByLabel("English", new() { Exact = true }).CheckAsync();
        await page.FillAsync("#Form_Themes", themes);
        await page.FillAsync("#Form_Description", "A municipality that works on its rivers and meadows.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send the application" }).ClickAsync();
        await page.WaitForSelectorAsync("text=waits for the coordinators");
        await admin.GotoAsync(app.BaseUrl + "/en/membership/review");
        await admin.GetByRole(AriaRole.Link, new() { Name = name }).ClickAsync();
        await admin.GetByLabel("Accept: the organisation becomes a partner").CheckAsync();
        await admin.GetByRole(AriaRole.Button, new() { Name = "Record the decision" }).ClickAsync();
        await admin.WaitForURLAsync("**/membership/review");
        return (page, name);
    }

    [Fact]
    public async Task A_partner_posts_a_request_sees_matches_with_reasons_another_expresses_interest_and_it_is_closed_with_an_outcome()
    {
        var admin = await CoordinatorAsync();
        var (asker, _) = await MemberOfNewOrganisationAsync(admin, "Gemeinde Auental", "DE", "DE212", "48.10", "11.60", "German", "river");
        var (helper, helperName) = await MemberOfNewOrganisationAsync(admin, "Comune di Valfiume", "IT", "ITH10", "46.50", "11.35", "Italian", "river");

        // The request: a rejected first try keeps what was typed; the saved one shows ranked offers with reasons.
        var title = "Restoring a straightened brook " + Guid.NewGuid().ToString("N")[..6];
        await asker.GotoAsync(app.BaseUrl + "/en/marketplace?show=requests");
        await asker.GetByRole(AriaRole.Link, new() { Name = "Ask for help" }).ClickAsync();
        await asker.WaitForURLAsync("**/marketplace/requests/new");
        await asker.FillAsync("#Form_Title", title);
        await asker.FillAsync("#Form_Description", "Too short");
        await asker.FillAsync("#Form_Themes", "river");
        await asker.GetByRole(AriaRole.Button, new() { Name = "Publish the request" }).ClickAsync();
        await asker.WaitForSelectorAsync("text=Write at least 20 characters.");
        await AssertAccessibleAsync(asker);
        Assert.Equal(title, await asker.InputValueAsync("#Form_Title"));
        await asker.FillAsync("#Form_Description", "Our brook was straightened in the 1960s. We want to give it back its meanders and floodplain, with the farmers along it.");
        await asker.GetByRole(AriaRole.Button, new() { Name = "Publish the request" }).ClickAsync();
        await asker.WaitForSelectorAsync("text=Offers that could help");
        Assert.Equal(title, await asker.InnerTextAsync("h1"));
        var reasons = await asker.InnerTextAsync("#offer-matches-heading + p + ol");
        Assert.Contains("Shared themes:", reasons, StringComparison.Ordinal);
        await AssertAccessibleAsync(asker);
        var requestUrl = asker.Url.Split('?')[0];

        // Another partner says it can help: a conversation opens.
        await helper.GotoAsync(requestUrl);
        await helper.FillAsync("#Message", "We restored 4 km of the Fiume with a floodplain forest; happy to share how.");
        await helper.GetByRole(AriaRole.Button, new() { Name = "Express interest" }).ClickAsync();
        await helper.WaitForSelectorAsync("text=Your interest has been sent");
        await AssertAccessibleAsync(helper);

        // The asker matches it with that partner, then closes it with an outcome and feedback.
        await asker.GotoAsync(requestUrl);
        await asker.SelectOptionAsync("#MatchWith", new SelectOptionValue { Label = helperName });
        await asker.GetByRole(AriaRole.Button, new() { Name = "Mark as matched" }).ClickAsync();
        await asker.WaitForSelectorAsync("text=the new step is recorded");
        await asker.GetByLabel("Partly solved").CheckAsync();
        await asker.GetByLabel("4 out of 5").CheckAsync();
        await asker.FillAsync("#close-Feedback", "Good advice on meanders; the farmers still need convincing.");
        await asker.GetByRole(AriaRole.Button, new() { Name = "Close with an outcome" }).ClickAsync();
        await asker.WaitForSelectorAsync("text=the new step is recorded");
        var lifecycle = await asker.InnerTextAsync(".steps");
        foreach (var step in new[] { "Open", "In discussion", "Matched", "Closed" }) Assert.Contains(step, lifecycle, StringComparison.Ordinal);
        Assert.Contains("Partly solved", await asker.ContentAsync(), StringComparison.Ordinal);
        await AssertAccessibleAsync(asker);
    }

    [Fact]
    public async Task A_Polish_officer_joins_in_her_own_words_asks_for_help_sees_matches_with_reasons_and_another_organisation_answers()
    {
        var admin = await CoordinatorAsync();
        var page = await NewPageAsync();
        var email = $"urzedniczka-{Guid.NewGuid():N}@example.org";
        const string password = "torfowisko mokradło łąka kosa";
        var name = "Gmina Łąkowa " + Guid.NewGuid().ToString("N")[..6];

        // The home page says how to join; registering says that the application comes next.
        await page.GotoAsync(app.BaseUrl + "/pl/");
        await AssertAccessibleAsync(page);
        await page.GetByRole(AriaRole.Main).GetByRole(AriaRole.Link, new() { Name = "Załóż konto" }).ClickAsync();
        await page.WaitForURLAsync("**/pl/account/register");
        Assert.Contains("wniosek o członkostwo", await page.InnerTextAsync("main"), StringComparison.Ordinal);
        await AssertAccessibleAsync(page);
        await page.FillAsync("#Form_DisplayName", "Agnieszka Łęcka");
        await page.FillAsync("#Form_Email", email);
        await page.FillAsync("#Form_Password", password);
        await page.FillAsync("#Form_ConfirmPassword", password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Załóż konto" }).ClickAsync();
        await page.WaitForURLAsync("**/pl/account/message/check-email");
        await page.GotoAsync(await ConfirmationLinkAsync(email));
        await page.GotoAsync(app.BaseUrl + "/pl/account/sign-in");
        await page.FillAsync("#Form_Email", email);
        await page.FillAsync("#Form_Password", password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Zaloguj się" }).ClickAsync();
        await page.WaitForSelectorAsync("text=Zalogowano jako");

        // The application, with themes in her own words: a GEMET label inflected, a network term, a free word.
        await page.GetByRole(AriaRole.Banner).GetByRole(AriaRole.Link, new() { Name = "Złóż wniosek o członkostwo" }).ClickAsync();
        await page.WaitForURLAsync("**/pl/membership/apply");
        await AssertAccessibleAsync(page);
        await page.FillAsync("#Form_Name", name);
        await page.SelectOptionAsync("#Form_Type", "municipality");
        await page.SelectOptionAsync("#Form_Country", "PL");
        await page.FillAsync("#Form_Nuts", "PL214");
        await page.FillAsync("#Form_Latitude", "50,06");
        await page.FillAsync("#Form_Longitude", "19,94");
        await page.CheckAsync("input[name='Form.Languages'][value='pl']");
        await page.FillAsync("#Form_Themes", "torfowisko; mokradła; zielona infrastruktura; łąki kośne");
        await page.FillAsync("#Form_Description", "Gmina pod Krakowem, która chroni łąki i torfowiska razem z rolnikami.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Wyślij wniosek" }).ClickAsync();
        await page.WaitForSelectorAsync("text=czeka na rozpatrzenie przez koordynatorów");
        await AssertAccessibleAsync(page);

        await admin.GotoAsync(app.BaseUrl + "/en/membership/review");
        await admin.GetByRole(AriaRole.Link, new() { Name = name }).ClickAsync();
        await admin.GetByLabel("Accept: the organisation becomes a partner").CheckAsync();
        await admin.GetByRole(AriaRole.Button, new() { Name = "Record the decision" }).ClickAsync();
        await admin.WaitForURLAsync("**/membership/review");

        // Admitted, she is led to her organisation (its people, invitations, API keys), and no longer asked to apply.
        await page.GotoAsync(app.BaseUrl + "/pl/");
        Assert.Equal(0, await page.GetByRole(AriaRole.Banner).GetByRole(AriaRole.Link, new() { Name = "Złóż wniosek o członkostwo" }).CountAsync());
        await page.GetByRole(AriaRole.Banner).GetByRole(AriaRole.Link, new() { Name = "Moja organizacja" }).ClickAsync();
        await page.WaitForURLAsync("**/pl/organisation/*");
        Assert.Contains(name, await page.InnerTextAsync("main"), StringComparison.Ordinal);
        await AssertAccessibleAsync(page);

        // The request: mowing and grazing with farmers; the matches say why, each theme once.
        var title = "Umowy z rolnikami na koszenie i wypas " + Guid.NewGuid().ToString("N")[..6];
        await page.GotoAsync(app.BaseUrl + "/pl/marketplace/requests/new");
        await page.FillAsync("#Form_Title", title);
        await page.FillAsync("#Form_Description", "Szukamy wzorów umów z rolnikami na późne koszenie łąk i wypas owiec na torfowiskach, z dopłatami rolnośrodowiskowymi.");
        await page.FillAsync("#Form_Themes", "wypas; łąki; koszenie");
        await page.GetByRole(AriaRole.Button, new() { Name = "Opublikuj prośbę" }).ClickAsync();
        await page.WaitForSelectorAsync("text=Oferty, które mogą pomóc");
        Assert.Equal(title, await page.InnerTextAsync("h1"));
        var reasons = await page.InnerTextAsync("#offer-matches-heading + p + ol");
        Assert.Contains("Wspólne tematy:", reasons, StringComparison.Ordinal);
        foreach (var line in reasons.Split('\n').Where(l => l.Contains("Wspólne tematy: ", StringComparison.Ordinal)))
        {
            var items = line[(line.IndexOf("Wspólne tematy: ", StringComparison.Ordinal) + 16)..].Split(',').Select(x => x.Trim()).ToList();
            Assert.Equal(items.Count, items.Distinct().Count());
        }
        await AssertAccessibleAsync(page);
        var requestUrl = page.Url.Split('?')[0];

        // Another organisation answers: it says it can help, and she sees it.
        var (helper, helperName) = await MemberOfNewOrganisationAsync(admin, "Comune di Prati", "IT", "ITH10", "46.50", "11.35", "Italian", "falciatura; pascolo");
        await helper.GotoAsync(requestUrl);
        await helper.FillAsync("#Message", "Abbiamo contratti di sfalcio tardivo con dodici aziende agricole: possiamo condividerli.");
        await helper.GetByRole(AriaRole.Button, new() { Name = "Zgłoś zainteresowanie" }).ClickAsync();
        await helper.WaitForSelectorAsync("text=Twoje zainteresowanie zostało przekazane");
        await page.GotoAsync(requestUrl);
        Assert.Contains(helperName, await page.InnerTextAsync("main"), StringComparison.Ordinal);
        await AssertAccessibleAsync(page);
    }

    [Fact]
    public async Task A_member_writes_a_practice_submits_it_a_moderator_validates_it_and_it_is_found_in_the_list()
    {
        // A municipality joins (apply, admitted), so its clerk may write practices for it.
        var page = await NewPageAsync();
        var email = $"officer-{Guid.NewGuid():N}@example.org";
        var name = "Gmina Zakopane " + Guid.NewGuid().ToString("N")[..6];
        await RegisterAndSignInAsync(page, "Ola Officer", email, "tatra meadow chamois pine");
        await page.GotoAsync(app.BaseUrl + "/en/membership/apply");
        await page.FillAsync("#Form_Name", name);
        await page.SelectOptionAsync("#Form_Type", "municipality");
        await page.SelectOptionAsync("#Form_Country", "PL");
        await page.FillAsync("#Form_Nuts", "PL218");
        await page.FillAsync("#Form_Latitude", "49.30");
        await page.FillAsync("#Form_Longitude", "19.95");
        await page.GetByLabel("Polish", new() { Exact = true }).CheckAsync();
        await page.FillAsync("#Form_Themes", "grassland");
        await page.FillAsync("#Form_Description", "A mountain town at the foot of the Tatras.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send the application" }).ClickAsync();
        await page.WaitForSelectorAsync("text=waits for the coordinators");
        var admin = await CoordinatorAsync();
        await admin.GotoAsync(app.BaseUrl + "/en/membership/review");
        await admin.GetByRole(AriaRole.Link, new() { Name = name }).ClickAsync();
        await admin.GetByLabel("Accept: the organisation becomes a partner").CheckAsync();
        await admin.GetByRole(AriaRole.Button, new() { Name = "Record the decision" }).ClickAsync();
        await admin.WaitForURLAsync("**/membership/review");

        // The clerk writes the practice; a first try without results is refused with the reason, keeping the text.
        var title = "Mowing mountain meadows late " + Guid.NewGuid().ToString("N")[..6];
        await page.GotoAsync(app.BaseUrl + "/en/practices");
        await page.GetByRole(AriaRole.Link, new() { Name = "Write a practice" }).ClickAsync();
        await page.WaitForURLAsync("**/practices/new");
        await page.FillAsync("#Form_Title", title);
        await page.FillAsync("#Form_Summary", "Farmers mow hay meadows after 15 July so that plants set seed and ground-nesting birds fledge.");
        await page.FillAsync("#Form_Challenge", "Early silage cuts emptied the meadows of flowers.");
        await page.FillAsync("#Form_Actions", "Contracts with 40 farmers; a mowing calendar; a yearly meadow walk.");
        await page.FillAsync("#Form_Difficulties", "Wet summers pushed mowing into September and some hay rotted.");
        await page.SelectOptionAsync("#Form_GovernanceLevel", "local");
        // The theme type-ahead completes the last term typed, in the page's language, keeping those before it.
        await page.FillAsync("#Form_Themes", "grassland; mowi");
        await page.WaitForFunctionAsync("document.querySelectorAll('#Form_Themes-options option').length > 0");
        Assert.Contains("grassland; mowing", await page.EvalOnSelectorAllAsync<string[]>("#Form_Themes-options option", "os => os.map(o => o.value)"));
        await page.FillAsync("#Form_Themes", "grassland; mowing");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save as draft" }).ClickAsync();
        await page.WaitForSelectorAsync("text=Give at least one result with a figure.");
        await AssertAccessibleAsync(page);
        Assert.Equal(title, await page.InputValueAsync("#Form_Title"));
        await page.FillAsync("#Form_Results_0__Label", "Meadows mown after 15 July");
        await page.FillAsync("#Form_Results_0__Value", "312");
        await page.FillAsync("#Form_Results_0__Unit", "ha");
        await page.FillAsync("#Form_Results_0__Baseline", "40");
        await page.FillAsync("#Form_Blocks_0__Title", "A mowing calendar agreed with farmers");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save as draft" }).ClickAsync();
        await page.WaitForSelectorAsync("text=The practice is saved as a draft");
        await AssertAccessibleAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Submit for validation" }).ClickAsync();
        await page.WaitForSelectorAsync("text=a moderator will validate it");

        // The coordinator validates with a note and publishes.
        await admin.GotoAsync(app.BaseUrl + "/en/practices/review");
        await AssertAccessibleAsync(admin);
        await admin.GetByRole(AriaRole.Link, new() { Name = title }).ClickAsync();
        await admin.FillAsync("#note-validate", "Figures match the municipal monitoring.");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Validate" }).ClickAsync();
        await admin.WaitForSelectorAsync("text=it can now be published");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Publish" }).ClickAsync();
        await admin.WaitForSelectorAsync("text=everyone can read it now");

        // A visitor finds it in the list and reads it.
        var visitor = await NewPageAsync();
        await visitor.GotoAsync(app.BaseUrl + "/en/practices");
        await visitor.FillAsync("#q", title);
        await visitor.GetByRole(AriaRole.Button, new() { Name = "Apply filters" }).ClickAsync();
        await visitor.GetByRole(AriaRole.Link, new() { Name = title }).ClickAsync();
        Assert.Equal(title, await visitor.InnerTextAsync("h1"));
        Assert.Contains("312", await visitor.InnerTextAsync(".results"), StringComparison.Ordinal);
        await AssertAccessibleAsync(visitor);
    }

    [Fact]
    public async Task A_person_registers_for_an_event_receives_the_confirmation_and_downloads_its_calendar_file()
    {
        // An upcoming event with places left and registration open, as the API describes it.
        using var http = new HttpClient();
        var list = JsonDocument.Parse(await http.GetStringAsync(app.BaseUrl + "/api/v1/events?when=upcoming&pageSize=50")).RootElement;
        JsonElement? open = null;
        foreach (var e in list.GetProperty("items").EnumerateArray())
        {
            if (e.GetProperty("capacity").ValueKind != JsonValueKind.Null && e.GetProperty("registered").GetInt32() >= e.GetProperty("capacity").GetInt32()) continue;
            var details = JsonDocument.Parse(await http.GetStringAsync($"{app.BaseUrl}/api/v1/events/{e.GetProperty("id").GetInt32()}")).RootElement;
            if (details.TryGetProperty("registrationDeadline", out var deadline) && deadline.ValueKind == JsonValueKind.String
                && DateTimeOffset.Parse(deadline.GetString()!, System.Globalization.CultureInfo.InvariantCulture) < DateTimeOffset.UtcNow) continue;
            open = e;
            break;
        }
        Assert.True(open.HasValue, "the demo network has no upcoming event open for registration");
        var title = open.Value.GetProperty("title").GetString()!;
        var slug = open.Value.GetProperty("slug").GetString()!;

        var page = await NewPageAsync();
        var email = $"participant-{Guid.NewGuid():N}@example.org";
        await RegisterAndSignInAsync(page, "Participant", email, "sedge meadow otter reed");
        await page.GotoAsync(app.BaseUrl + "/en/events");
        await page.ClickAsync($"main a[href='/en/events/{slug}']");
        await page.WaitForURLAsync($"**/en/events/{slug}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Register", Exact = true }).ClickAsync();
        await page.WaitForSelectorAsync("text=You are registered.");
        await AssertAccessibleAsync(page);

        // The confirmation names the event; the calendar file is valid iCalendar for it.
        var message = await MessageToAsync(email, "You are registered for");
        Assert.Contains(title, message, StringComparison.Ordinal);
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("a[href$='.ics']"));
        var ics = await File.ReadAllTextAsync((await download.PathAsync())!);
        Assert.StartsWith("BEGIN:VCALENDAR\r\n", ics, StringComparison.Ordinal);
        Assert.Contains("BEGIN:VEVENT", ics, StringComparison.Ordinal);
        Assert.Matches(@"DTSTART(;TZID=[^:]+)?:\d{8}T\d{6}", ics);
        Assert.Contains("END:VCALENDAR", ics, StringComparison.Ordinal);
    }

    /// <summary>The text of the first e-mail to an address whose text contains a phrase (the subject may be encoded).</summary>
    private async Task<string> MessageToAsync(string email, string phrase)
    {
        for (var i = 0; i < 100; i++)
        {
            if (Directory.Exists(app.MailFolder))
                foreach (var file in Directory.EnumerateFiles(app.MailFolder, "*.eml"))
                {
                    var message = await MimeKit.MimeMessage.LoadAsync(file);
                    if (!message.To.Mailboxes.Any(m => m.Address == email)) continue;
                    var text = message.Subject + "\n" + message.TextBody;
                    if (text.Contains(phrase, StringComparison.Ordinal)) return text;
                }
            await Task.Delay(100);
        }
        throw new InvalidOperationException($"No e-mail to {email} saying \"{phrase}\"");
    }

    private async Task<string> ConfirmationLinkAsync(string email)
    {
        for (var i = 0; i < 50; i++)
        {
            if (Directory.Exists(app.MailFolder))
                foreach (var file in Directory.EnumerateFiles(app.MailFolder, "*.eml"))
                {
                    var text = await File.ReadAllTextAsync(file);
                    if (!text.Contains(email, StringComparison.Ordinal)) continue;
                    var link = System.Text.RegularExpressions.Regex.Match(text, @"http://\S+confirm-email\S+").Value;
                    if (link.Length > 0) return link;
                }
            await Task.Delay(100);
        }
        throw new InvalidOperationException("No confirmation e-mail for " + email);
    }

    [Fact]
    public async Task A_coordinator_improves_a_targets_citizen_text_watching_its_readability_as_they_type()
    {
        var admin = await CoordinatorAsync();
        await admin.GotoAsync(app.BaseUrl + "/en/targets/kmgbf/7/edit?language=en");
        await AssertAccessibleAsync(admin);
        // The script rescores the citizen text a moment after typing stops, under the page's strict CSP.
        await admin.FillAsync("#Form_Citizen", "Biodiversity-inclusive spatial planning necessitates comprehensive intersectoral coordination mechanisms.");
        await admin.WaitForFunctionAsync("document.getElementById('Form_Citizen-score').textContent.includes('harder than the easy level')");
        await admin.FillAsync("#Form_Note", "Simpler words for citizens.");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Save this version" }).ClickAsync();
        await admin.WaitForSelectorAsync("text=This text is too hard for citizens");
        await AssertAccessibleAsync(admin);
        await admin.FillAsync("#Form_Citizen", "Dirty air, water and soil harm plants and animals. This target asks us to cut this harm. Less waste and fewer sprays help.");
        await admin.WaitForFunctionAsync("document.getElementById('Form_Citizen-score').textContent.includes('easy to read')");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Save this version" }).ClickAsync();
        await admin.WaitForURLAsync("**/history?language=en&saved=1");
        await admin.WaitForSelectorAsync("text=Differences between version 0 and version 1");
        await AssertAccessibleAsync(admin);
        await admin.GotoAsync(app.BaseUrl + "/en/targets/kmgbf/7");
        await admin.WaitForSelectorAsync("text=Less waste and fewer sprays help.");
    }

    [Fact]
    public async Task Directory_filters_work_without_JavaScript()
    {
        var page = await NewPageAsync(javaScript: false);
        await page.GotoAsync(app.BaseUrl + "/en/partners");
        await page.SelectOptionAsync("#type", "municipality");
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply filters" }).ClickAsync();
        await page.WaitForURLAsync("**type=municipality**");
        var cards = await page.Locator(".partner-list .meta").AllInnerTextsAsync();
        Assert.NotEmpty(cards);
        Assert.All(cards, text => Assert.Contains("Municipality", text, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_reader_opens_a_term_s_definition_with_the_keyboard_and_closes_it_with_Escape()
    {
        var page = await NewPageAsync(); // the glossary has no script; JavaScript is on only for axe
        await page.GotoAsync(app.BaseUrl + "/fr/targets/nrr/4");
        const string Selector = "button.gloss-term[popovertarget='gloss-natura-2000']";
        var term = page.Locator(Selector);
        var definition = page.Locator("#gloss-natura-2000");
        Assert.False(await definition.IsVisibleAsync());
        Assert.False(await ExpandedAsync(page, Selector));

        await term.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await definition.WaitForAsync(new() { State = WaitForSelectorState.Visible });
        Assert.Contains("Le réseau de sites protégés", await definition.InnerTextAsync(), StringComparison.Ordinal);
        Assert.True(await ExpandedAsync(page, Selector)); // as the browser tells assistive technology, without any aria-expanded of ours
        await AssertAccessibleAsync(page); // with the definition open

        // Tab moves into the definition (its link to the glossary); Escape closes it and leaves the reader on the term.
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("/fr/glossary#natura-2000", await page.EvaluateAsync<string>("() => document.activeElement.getAttribute('href')"));
        await page.Keyboard.PressAsync("Escape");
        await definition.WaitForAsync(new() { State = WaitForSelectorState.Hidden });
        Assert.Equal("gloss-natura-2000", await page.EvaluateAsync<string>("() => document.activeElement.getAttribute('popovertarget')"));

        // The close button and the link to the glossary work with the mouse too.
        await term.ClickAsync();
        await definition.WaitForAsync(new() { State = WaitForSelectorState.Visible });
        await definition.GetByRole(AriaRole.Button, new() { Name = "Fermer" }).ClickAsync();
        await definition.WaitForAsync(new() { State = WaitForSelectorState.Hidden });
        await term.ClickAsync();
        await definition.GetByRole(AriaRole.Link).ClickAsync();
        await page.WaitForURLAsync("**/fr/glossary#natura-2000");
        Assert.Equal("Natura 2000", await page.Locator("dt:target").InnerTextAsync());
    }

    [Theory]
    [InlineData("/en/")]
    [InlineData("/de/partners")]
    [InlineData("/fr/partners")]
    [InlineData("/en/accessibility")]
    [InlineData("/de/map")]
    [InlineData("/fr/account/register")]
    [InlineData("/en/account/sign-in")]
    [InlineData("/en/no-such-page")]
    [InlineData("/en/practices")]
    [InlineData("/fr/practices?overdue=true")]
    [InlineData("/de/open-data")]
    [InlineData("/en/networks")]
    [InlineData("/de/search?q=Feuchtgebiet")]
    [InlineData("/fr/targets")]
    [InlineData("/en/targets/kmgbf/12")]
    [InlineData("/fr/targets/nrr/4")]
    [InlineData("/en/glossary")]
    [InlineData("/pl/glossary")]
    [InlineData("/en/marketplace")]
    [InlineData("/de/marketplace?show=requests")]
    [InlineData("/fr/marketplace/requests/koeln-strassenbegleitgruen-mahd-schulung")]
    [InlineData("/en/marketplace/offers/buckelwiesen-vertragsnaturschutz-studienbesuch")]
    [InlineData("/en/commitments")]
    [InlineData("/fr/commitments?framework=nrr")]
    [InlineData("/de/commitments/dashboard")]
    public async Task Pages_meet_WCAG_2_1_AA_according_to_axe(string path)
    {
        var page = await NewPageAsync();
        await page.GotoAsync(app.BaseUrl + path);
        await AssertAccessibleAsync(page);
        if (path.Contains("/practices", StringComparison.Ordinal))
        {
            // and one practice's page, and its printable view
            var href = await page.Locator("main .practice-card a[href*='/practices/']").First.GetAttributeAsync("href");
            await page.GotoAsync(app.BaseUrl + href);
            await AssertAccessibleAsync(page);
            await page.GotoAsync(app.BaseUrl + href + "/print");
            await AssertAccessibleAsync(page);
        }
        if (path.Contains("/commitments", StringComparison.Ordinal) && !path.Contains("dashboard", StringComparison.Ordinal))
        {
            // and one commitment's page, with its charts and tables
            var href = await page.Locator("main .commitment-cards a[href*='/commitments/']").First.GetAttributeAsync("href");
            await page.GotoAsync(app.BaseUrl + href);
            await AssertAccessibleAsync(page);
        }
        if (path.EndsWith("/partners", StringComparison.Ordinal))
        {
            // and one partner's page
            var href = await page.Locator("main a[href*='/partners/']").First.GetAttributeAsync("href");
            await page.GotoAsync(app.BaseUrl + href);
            await AssertAccessibleAsync(page);
        }
    }

    /// <summary>Whether Chromium's own accessibility tree (what screen readers get) reports the first match of a selector as expanded.</summary>
    private static async Task<bool> ExpandedAsync(IPage page, string selector)
    {
        var cdp = await page.Context.NewCDPSessionAsync(page);
        var document = (await cdp.SendAsync("DOM.getDocument"))!.Value;
        var node = (await cdp.SendAsync("DOM.querySelector", new() { ["nodeId"] = document.GetProperty("root").GetProperty("nodeId").GetInt32(), ["selector"] = selector }))!.Value;
        var tree = (await cdp.SendAsync("Accessibility.getPartialAXTree", new() { ["nodeId"] = node.GetProperty("nodeId").GetInt32(), ["fetchRelatives"] = false }))!.Value;
        await cdp.DetachAsync();
        var properties = tree.GetProperty("nodes")[0].TryGetProperty("properties", out var p) ? p.EnumerateArray().ToList() : [];
        return properties.Any(x => x.GetProperty("name").GetString() == "expanded" && x.GetProperty("value").GetProperty("value").ValueKind == JsonValueKind.True);
    }

    private static async Task AssertAccessibleAsync(IPage page)
    {
        await page.AddScriptTagAsync(new() { Path = Path.Combine(AppContext.BaseDirectory, "Vendor", "axe.min.js") });
        var result = await page.EvaluateAsync<JsonElement>(
            "async () => { const r = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });" +
            " return r.violations.map(v => v.id + ': ' + v.help + ' @ ' + v.nodes.map(n => n.target.join(' ')).slice(0, 3).join(', ')); }");
        var violations = result.EnumerateArray().Select(v => v.GetString()).ToList();
        Assert.True(violations.Count == 0, $"{page.Url}: {string.Join("\n", violations)}");
    }
}
