using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using System.Xml.Linq;
using LearningNetwork.Data;
using LearningNetwork.Domain;
using LearningNetwork.Features.News;
using LearningNetwork.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace LearningNetwork.Tests.Features.News;

/// <summary>One app per provider for the class; each test makes its own people and items.</summary>
public sealed class NewsTestApps : IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<TestApp>> _apps = new();

    public static Dictionary<string, string?> Settings()
    {
        var settings = new Dictionary<string, string?>(Mailbox.Settings());
        settings["Newsletter:Interval"] = "00:00:00"; // the tests run the sending job themselves
        settings["Follows:Interval"] = "00:00:00";
        return settings;
    }

    public TestApp For(string provider) => _apps.GetOrAdd(provider, p => new Lazy<TestApp>(() =>
    {
        var app = new TestApp(p, Settings());
        _ = app.Server;
        return app;
    })).Value;

    public void Dispose()
    {
        foreach (var app in _apps.Values.Where(a => a.IsValueCreated)) app.Value.Dispose();
    }
}

public sealed class NewsTests(NewsTestApps apps) : IClassFixture<NewsTestApps>
{
    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_coordinator_publishes_news_with_a_second_language_listed_read_by_the_API_and_the_Atom_feed(string provider)
    {
        var app = apps.For(provider);
        var coordinator = await TestPeople.WithRoleAsync(app, Roles.NetworkAdmin);
        var title = $"Network assembly in Tartu {Guid.NewGuid():N}"[..40];
        var created = await coordinator.SubmitAsync("/en/news/new", new Dictionary<string, string>
        {
            ["Form.Partner"] = "", ["Form.Language"] = "en", ["Form.Title"] = title, ["Form.Summary"] = "The partners met & chose three new themes.",
            ["Form.Body"] = "## What was decided\n\nThree themes <script>alert(1)</script> for next year.", ["Form.Themes"] = "", ["Form.Published"] = "",
        });
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var path = created.Headers.Location!.OriginalString.Split('?')[0];
        Assert.StartsWith("/en/news/", path, StringComparison.Ordinal);
        var slug = path["/en/news/".Length..];

        // A German version, added through the edit page's language choice.
        var editPage = await coordinator.GetStringAsync($"/en/news/{slug}/edit?in=de");
        var version = System.Text.RegularExpressions.Regex.Match(editPage, "name=\"Version\" value=\"([0-9a-f-]+)\"").Groups[1].Value;
        var german = await coordinator.SubmitAsync($"/en/news/{slug}/edit?in=de", new Dictionary<string, string>
        {
            ["Version"] = version, ["Form.Language"] = "de", ["Form.Title"] = "Netzwerkversammlung in Tartu", ["Form.Summary"] = "Die Partner haben drei neue Themen gewählt.",
            ["Form.Body"] = "Drei Themen für das nächste Jahr.",
        });
        Assert.Equal(HttpStatusCode.Redirect, german.StatusCode);

        var anonymous = app.Client();
        var page = await anonymous.GetStringAsync(path);
        Assert.Contains(title, page, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>alert", page, StringComparison.Ordinal); // the body is sanitised Markdown
        Assert.Contains("The network", page, StringComparison.Ordinal);
        Assert.Contains("Netzwerkversammlung in Tartu", await anonymous.GetStringAsync($"/de/news/{slug}"), StringComparison.Ordinal);
        Assert.Contains(title, await anonymous.GetStringAsync("/en/news"), StringComparison.Ordinal);
        Assert.Contains("application/atom+xml", await anonymous.GetStringAsync("/en/news"), StringComparison.Ordinal);

        using var list = JsonDocument.Parse(await anonymous.GetStringAsync("/api/v1/news?pageSize=100"));
        Assert.True(list.RootElement.GetProperty("total").GetInt32() >= 1);
        var item = list.RootElement.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("slug").GetString() == slug);
        foreach (var field in new[] { "id", "slug", "title", "url", "language", "country" }) Assert.True(item.TryGetProperty(field, out _), field);
        Assert.Equal("en", item.GetProperty("language").GetString());
        using var one = JsonDocument.Parse(await anonymous.GetStringAsync($"/api/v1/news/{item.GetProperty("id").GetInt32()}"));
        Assert.Equal(["en", "de"], one.RootElement.GetProperty("texts").EnumerateArray().Select(t => t.GetProperty("language").GetString()));
        Assert.Equal(HttpStatusCode.BadRequest, (await anonymous.GetAsync("/api/v1/news?pageSize=0")).StatusCode);
        Assert.Equal("application/problem+json", (await anonymous.GetAsync("/api/v1/news/999999")).Content.Headers.ContentType?.MediaType);

        // The German feed carries the German title, marked as German, and links to German pages.
        var feed = XDocument.Parse(await anonymous.GetStringAsync("/feeds/news.atom?lang=de"));
        XNamespace atom = "http://www.w3.org/2005/Atom";
        var entry = feed.Root!.Elements(atom + "entry").Single(e => e.Element(atom + "id")!.Value.EndsWith("/" + slug, StringComparison.Ordinal));
        Assert.Equal("Netzwerkversammlung in Tartu", entry.Element(atom + "title")!.Value);
        Assert.Equal("de", entry.Element(atom + "title")!.Attribute(XNamespace.Xml + "lang")!.Value);
        Assert.Contains(entry.Elements(atom + "link"), l => l.Attribute("href")!.Value.EndsWith($"/de/news/{slug}", StringComparison.Ordinal));
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_partner_publishes_for_itself_only_and_its_news_is_on_its_page(string provider)
    {
        var app = apps.For(provider);
        var (member, email) = await TestPeople.RegisteredAsync(app);
        var (partnerId, partnerSlug, otherPartner) = await WithDbAsync(app, async db =>
        {
            var partners = await db.Partners.OrderBy(p => p.Id).Take(2).ToListAsync();
            var userId = await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
            db.PartnerMembers.Add(new PartnerMember { PartnerId = partners[0].Id, UserId = userId, Role = OrganisationRole.Member, Since = DateTime.UtcNow });
            await db.SaveChangesAsync();
            return (partners[0].Id, partners[0].Slug, partners[1].Id);
        });
        string Id(int id) => id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Dictionary<string, string> Form(string partner, string title) => new()
        {
            ["Form.Partner"] = partner, ["Form.Language"] = "en", ["Form.Title"] = title, ["Form.Summary"] = "A summary.", ["Form.Body"] = "A body.",
        };
        // Not for the network, not for another partner: the choice is checked on the server, whatever the form offered.
        Assert.Equal(HttpStatusCode.BadRequest, (await member.SubmitAsync("/en/news/new", Form("", "For the network"))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await member.SubmitAsync("/en/news/new", Form(Id(otherPartner), "For someone else"))).StatusCode);
        var title = $"Bats counted in the old mill {Guid.NewGuid():N}"[..40];
        var created = await member.SubmitAsync("/en/news/new", Form(Id(partnerId), title));
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var slug = created.Headers.Location!.OriginalString.Split('?')[0]["/en/news/".Length..];
        Assert.Equal(partnerId, await WithDbAsync(app, db => db.NewsItems.Where(n => n.Slug == slug).Select(n => n.PartnerId).SingleAsync()));
        Assert.Contains(title, await app.Client().GetStringAsync($"/en/partners/{partnerSlug}"), StringComparison.Ordinal);

        // Someone of another organisation may neither open the edit page nor post to it.
        var (stranger, _) = await TestPeople.RegisteredAsync(app);
        Assert.Equal(HttpStatusCode.Forbidden, (await stranger.GetAsync($"/en/news/{slug}/edit")).StatusCode);
        var token = await stranger.AntiforgeryTokenAsync("/en/news");
        var forged = await stranger.PostAsync($"/en/news/{slug}/edit", new FormUrlEncodedContent(new Dictionary<string, string>(Form("", "Hijacked")) { ["__RequestVerificationToken"] = token }));
        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        Assert.Equal(title, await WithDbAsync(app, db => db.NewsTexts.Where(t => t.Language == "en" && db.NewsItems.Any(n => n.Id == t.NewsItemId && n.Slug == slug)).Select(t => t.Title).SingleAsync()));
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_newsletter_goes_once_to_each_subscriber_from_two_nodes_as_text_and_HTML_and_one_click_stops_it(string provider)
    {
        var app = apps.For(provider);
        var settings = NewsTestApps.Settings();
        settings["Storage:Root"] = app.StorageRoot; // the same database and mail folder
        settings["Search:Folder"] = "search-second-node"; // its own index: one writer per folder
        if (provider == Providers.Postgres) settings["ConnectionStrings:Postgres"] = app.Settings["ConnectionStrings:Postgres"];
        settings["Site:PublicUrl"] = app.Settings["Site:PublicUrl"];
        using var second = new TestApp(provider, settings);
        _ = second.Server;

        var (reader, email) = await TestPeople.RegisteredAsync(app);
        Assert.Equal(HttpStatusCode.Redirect, (await reader.SubmitAsync("/en/newsletters", new Dictionary<string, string>(), "/en/newsletters?handler=Subscribe")).StatusCode);
        Assert.Contains("You receive the newsletter", await reader.GetStringAsync("/en/newsletters"), StringComparison.Ordinal);

        var coordinator = await TestPeople.WithRoleAsync(app, Roles.Moderator);
        var newsTitle = $"Otters back in the Vecht {Guid.NewGuid():N}"[..36];
        var newsId = await WithDbAsync(app, async db =>
        {
            var news = new NewsItem
            {
                Slug = "letter-" + Guid.NewGuid().ToString("N")[..10], OriginalLanguage = "en", PublishedAt = DateTime.UtcNow.AddMinutes(-5), CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow,
                Texts = [new NewsText { Language = "en", Title = newsTitle, Summary = "Seen at dawn.", Body = "Seen.", UpdatedAt = DateTime.UtcNow }],
            };
            db.NewsItems.Add(news);
            await db.SaveChangesAsync();
            return news.Id;
        });
        var compose = await coordinator.GetStringAsync("/en/newsletters/new");
        var practice = $"news:{newsId}";
        Assert.Contains($"value=\"{practice}\"", compose, StringComparison.Ordinal); // the latest news are offered
        var title = $"Winter letter {Guid.NewGuid():N}"[..30];
        var draft = await coordinator.SubmitAsync("/en/newsletters/new", new Dictionary<string, string>
        {
            ["Title"] = title, ["Language"] = "en", ["Introduction"] = "What happened <b>this</b> season.", ["Items"] = practice,
        });
        Assert.Equal(HttpStatusCode.Redirect, draft.StatusCode);
        var issuePath = draft.Headers.Location!.OriginalString;
        Assert.Equal(HttpStatusCode.NotFound, (await app.Client().GetAsync(issuePath)).StatusCode); // a draft is the coordinators' alone

        var version = System.Text.RegularExpressions.Regex.Match(await coordinator.GetStringAsync(issuePath), "name=\"version\" value=\"([0-9a-f-]+)\"").Groups[1].Value;
        var fields = new Dictionary<string, string> { ["version"] = version };
        var sent = await coordinator.SubmitAsync(issuePath, fields, issuePath + "?handler=Send");
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        // A second click (a stale tab) has moved on: nothing is queued twice.
        var again = await coordinator.SubmitAsync(issuePath, fields, issuePath + "?handler=Send");
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);

        for (var round = 0; round < 3; round++)
        {
            var one = app.Service<NewsletterSender>();
            var two = second.Service<NewsletterSender>();
            await Task.WhenAll(Task.Run(() => one.SendDueAsync(CancellationToken.None)), Task.Run(() => two.SendDueAsync(CancellationToken.None)),
                Task.Run(() => one.SendDueAsync(CancellationToken.None)), Task.Run(() => two.SendDueAsync(CancellationToken.None)));
        }
        var message = await Mailbox.LatestToAsync(app, email, atLeast: 2);
        await Task.Delay(300);
        Assert.Equal(2, CountTo([app, second], email)); // the address confirmation and one newsletter
        Assert.Equal(title, message.Subject);
        Assert.Contains(newsTitle, message.TextBody, StringComparison.Ordinal);
        Assert.NotNull(message.HtmlBody);
        Assert.Contains(newsTitle, message.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("What happened &lt;b&gt;this&lt;/b&gt; season.", message.HtmlBody, StringComparison.Ordinal); // the coordinators' words, encoded
        Assert.Equal("List-Unsubscribe=One-Click", message.Headers["List-Unsubscribe-Post"]);
        Assert.Contains(title, await app.Client().GetStringAsync("/en/newsletters"), StringComparison.Ordinal); // archived for everyone
        Assert.Contains(title, await app.Client().GetStringAsync(issuePath), StringComparison.Ordinal);

        // One click from the mail program (RFC 8058): no session, no antiforgery token; a forged token is refused.
        var link = new Uri(message.Headers["List-Unsubscribe"]!.Trim('<', '>')).PathAndQuery;
        var oneClick = new FormUrlEncodedContent(new Dictionary<string, string> { ["List-Unsubscribe"] = "One-Click" });
        Assert.Equal(HttpStatusCode.BadRequest, (await app.Client().PostAsync("/en/newsletters/unsubscribe?token=" + new string('A', 80), oneClick)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.Client().PostAsync(link, oneClick)).StatusCode);
        Assert.False(await WithDbAsync(app, db => db.NewsletterSubscribers.AnyAsync(s => s.UserId == db.Users.Single(u => u.Email == email).Id)));
        // The digest's token does not work here (own purpose).
        Assert.Contains("Send me the newsletter", await reader.GetStringAsync("/en/newsletters"), StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task News_and_commitments_are_found_by_the_search_and_a_new_commitment_is_announced_by_webhook_with_its_id(string provider)
    {
        var app = apps.For(provider);
        // Searched by a word the index held when it opened (its spelling correction replaces words it does not know yet);
        // every news item and commitment fits one page of 100.
        var word = "Quokka" + new string(Guid.NewGuid().ToString("N")[..6].Select(c => (char)('g' + (c % 16))).ToArray());
        var (commitmentId, newsSlug) = await WithDbAsync(app, async db =>
        {
            db.WebhookSubscriptions.Add(new WebhookSubscription { Url = "https://example.org/hook", Secret = "s", Active = true, CreatedAt = DateTime.UtcNow });
            await db.SaveChangesAsync();
            var partner = await db.Partners.OrderBy(p => p.Id).FirstAsync();
            var commitment = new Commitment
            {
                PartnerId = partner.Id, Language = "en", Title = $"Restore {word} meadows", Description = "Hay meadows restored.", StartDate = new DateOnly(2026, 1, 1),
                CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow,
            };
            db.Commitments.Add(commitment);
            var news = new NewsItem
            {
                Slug = "search-" + word.ToLowerInvariant(), PartnerId = partner.Id, OriginalLanguage = "en", PublishedAt = DateTime.UtcNow.AddMinutes(-1),
                CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow,
                Texts = [new NewsText { Language = "en", Title = $"{word} seen again in the meadows", Summary = "A rare sight.", Body = "Seen.", UpdatedAt = DateTime.UtcNow }],
            };
            db.NewsItems.Add(news);
            await db.SaveChangesAsync();
            return (commitment.Id, news.Slug);
        });
        var payloads = await WithDbAsync(app, db => db.WebhookDeliveries.Where(d => d.Event == "commitment.published").Select(d => d.Payload).ToListAsync());
        await WithDbAsync(app, db => db.WebhookSubscriptions.Where(s => s.Url == "https://example.org/hook").ExecuteDeleteAsync());
        Assert.Contains(payloads, p => JsonDocument.Parse(p).RootElement.GetProperty("slug").GetString() == commitmentId.ToString(System.Globalization.CultureInfo.InvariantCulture));

        var anonymous = app.Client();
        JsonElement[] hits = [];
        for (var i = 0; i < 240 && hits.Length < 2; i++)
        {
            await Task.Delay(250);
            using var found = JsonDocument.Parse(await anonymous.GetStringAsync("/api/v1/search?q=meadows&type=news&type=commitment&pageSize=100"));
            hits = found.RootElement.GetProperty("items").EnumerateArray().Select(e => e.Clone()).ToArray();
        }
        Assert.Contains(hits, h => h.GetProperty("type").GetString() == "commitment" && h.GetProperty("url").GetString()!.EndsWith($"/commitments/{commitmentId}", StringComparison.Ordinal));
        Assert.Contains(hits, h => h.GetProperty("type").GetString() == "news" && h.GetProperty("url").GetString()!.EndsWith($"/news/{newsSlug}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_demo_panel_signs_in_as_a_network_admin_in_Development_and_does_not_exist_elsewhere()
    {
        using var development = new TestApp(Providers.Sqlite, new Dictionary<string, string?> { [TestApp.EnvironmentSetting] = "Development" });
        var client = development.Client();
        var signIn = await client.GetStringAsync("/en/account/sign-in");
        Assert.Contains("demo-panel", signIn, StringComparison.Ordinal);
        Assert.Contains("Sign in as a network admin", signIn, StringComparison.Ordinal);
        var answer = await client.SubmitAsync("/en/account/sign-in", new Dictionary<string, string> { ["persona"] = "network-admin" }, "/en/account/demo");
        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        Assert.Equal("/en/me", answer.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/en/newsletters/new")).StatusCode); // a coordinator's page
        var member = development.Client();
        Assert.Equal(HttpStatusCode.Redirect, (await member.SubmitAsync("/en/account/sign-in", new Dictionary<string, string> { ["persona"] = "member" }, "/en/account/demo")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await member.GetAsync("/en/newsletters/new")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await development.Client().SubmitAsync("/en/account/sign-in", new Dictionary<string, string> { ["persona"] = "root" }, "/en/account/demo")).StatusCode);

        // Outside Development (the tests' own environment, like production): no panel, and its page and POST are 404.
        using var elsewhere = new TestApp(Providers.Sqlite);
        var outside = elsewhere.Client();
        Assert.DoesNotContain("demo-panel", await outside.GetStringAsync("/en/account/sign-in"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await outside.GetAsync("/en/account/demo")).StatusCode);
        var posted = await outside.SubmitAsync("/en/account/sign-in", new Dictionary<string, string> { ["persona"] = "network-admin" }, "/en/account/demo");
        Assert.Equal(HttpStatusCode.NotFound, posted.StatusCode);
        Assert.DoesNotContain(".AspNetCore.Identity", string.Join(";", posted.Headers.TryGetValues("Set-Cookie", out var c) ? c : []), StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Associate_members_have_their_own_types_in_the_directory_filter_and_the_About_page_says_what_each_may_do(string provider)
    {
        var app = apps.For(provider);
        var slug = "ngo-" + Guid.NewGuid().ToString("N")[..8];
        await WithDbAsync(app, async db =>
        {
            db.Partners.Add(new Partner { Slug = slug, Name = "Friends of the Fen " + slug, Type = PartnerType.Ngo, CountryCode = "NL", CreatedAt = DateTime.UtcNow });
            return await db.SaveChangesAsync();
        });
        var anonymous = app.Client();
        using var ngos = JsonDocument.Parse(await anonymous.GetStringAsync("/api/v1/partners?type=ngo&pageSize=100"));
        var items = ngos.RootElement.GetProperty("items").EnumerateArray().ToList();
        Assert.Contains(items, p => p.GetProperty("slug").GetString() == slug);
        Assert.All(items, p => Assert.Equal("ngo", p.GetProperty("type").GetString()));
        var directory = await anonymous.GetStringAsync("/en/partners?type=ngo");
        Assert.Contains("Friends of the Fen " + slug, directory, StringComparison.Ordinal);
        Assert.Contains("value=\"land-manager\"", directory, StringComparison.Ordinal);
        var about = WebUtility.HtmlDecode(await anonymous.GetStringAsync("/en/about"));
        Assert.Contains("Associate members", about, StringComparison.Ordinal);
        Assert.Contains("University or research institute", about, StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Coordinators_write_the_About_page_in_each_language_and_nobody_else_can(string provider)
    {
        var app = apps.For(provider);
        var (member, _) = await TestPeople.RegisteredAsync(app);
        Assert.Equal(HttpStatusCode.Forbidden, (await member.GetAsync("/de/about/edit")).StatusCode);
        var coordinator = await TestPeople.WithRoleAsync(app, Roles.NetworkAdmin);
        var words = "Gegründet 2024 von zwölf Regionen " + Guid.NewGuid().ToString("N")[..6];
        var saved = await coordinator.SubmitAsync("/de/about/edit", new Dictionary<string, string> { ["Texts[who]"] = words });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Contains(words, await app.Client().GetStringAsync("/de/about"), StringComparison.Ordinal);
        Assert.DoesNotContain(words, await app.Client().GetStringAsync("/en/about"), StringComparison.Ordinal); // each language its own
    }

    /// <summary>How many messages to the address the apps sent (their mail folders, or the SMTP server's maildir).</summary>
    private static int CountTo(IEnumerable<TestApp> nodes, string address)
    {
        var maildir = Environment.GetEnvironmentVariable("LN_TEST_MAILDIR");
        var folders = maildir is not null && Mailbox.SmtpPort is not null ? [Path.Combine(maildir, "new")]
            : nodes.Select(n => Path.Combine(n.Settings.GetValueOrDefault("Storage:Root") ?? n.StorageRoot, "mail")).Distinct().ToList();
        return folders.Where(Directory.Exists).SelectMany(Directory.EnumerateFiles).Select(f => MimeMessage.Load(f))
            .Count(m => m.To.Mailboxes.Any(x => string.Equals(x.Address, address, StringComparison.OrdinalIgnoreCase)));
    }

    private static async Task<T> WithDbAsync<T>(TestApp app, Func<LearningNetworkDb, Task<T>> work)
    {
        using var scope = app.Services.CreateScope();
        return await work(scope.ServiceProvider.GetRequiredService<LearningNetworkDb>());
    }
}
