using System.Collections.Concurrent;
using System.Net;
using LearningNetwork.Data;
using LearningNetwork.Domain;
using LearningNetwork.Features.Follows;
using LearningNetwork.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace LearningNetwork.Tests.Features.Follows;

/// <summary>One app per provider for the class; each test has people and practices of its own.</summary>
public sealed class FollowsTestApps : IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<TestApp>> _apps = new();

    public static Dictionary<string, string?> Settings()
    {
        var settings = new Dictionary<string, string?>(Mailbox.Settings());
        settings["Follows:Interval"] = "00:00:00"; // the tests run the digest job themselves
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

public sealed class FollowsTests(FollowsTestApps apps) : IClassFixture<FollowsTestApps>
{
    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_practice_published_on_a_followed_theme_comes_in_the_next_digest_and_only_once(string provider)
    {
        var app = apps.For(provider);
        var (member, email) = await TestPeople.RegisteredAsync(app);
        var theme = await ThemeAsync(app, 0);
        await FollowThemeAsync(member, theme);
        Assert.Contains(await LabelAsync(app, theme), WebUtility.HtmlDecode(await member.GetStringAsync("/en/me/follows")), StringComparison.Ordinal);

        var followed = await PublishedPracticeAsync(app, theme, "Hay meadows mown late for corncrakes");
        var other = await PublishedPracticeAsync(app, await ThemeAsync(app, 1), "Street trees watered by neighbours");
        await app.Service<DigestSender>().SendDueAsync(CancellationToken.None);

        var digest = await Mailbox.LatestToAsync(app, email, atLeast: 2); // the first is the address confirmation
        Assert.StartsWith("New in the Learning Network for what you follow", digest.Subject, StringComparison.Ordinal);
        Assert.Contains("New good practices", digest.TextBody, StringComparison.Ordinal);
        Assert.Contains(followed.Texts[0].Title, digest.TextBody, StringComparison.Ordinal);
        Assert.Contains($"/en/practices/{followed.Slug}", digest.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain(other.Texts[0].Title, digest.TextBody, StringComparison.Ordinal);
        Assert.Equal("List-Unsubscribe=One-Click", digest.Headers["List-Unsubscribe-Post"]);
        Assert.Matches("^<http://localhost:[0-9]+/en/follows/unsubscribe\\?token=[A-Za-z0-9_-]+>$", digest.Headers["List-Unsubscribe"]);

        // Running the job again sends nothing more: the period's digest is recorded.
        await app.Service<DigestSender>().SendDueAsync(CancellationToken.None);
        await Task.Delay(300);
        Assert.Equal(2, CountTo([app], email));
        Assert.Equal(1, await WithDbAsync(app, db => db.Digests.CountAsync(d => d.UserId == db.Users.Single(u => u.Email == email).Id && d.State == DigestState.Sent)));
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task News_of_a_followed_partner_and_on_a_followed_theme_come_under_their_own_heading_in_the_readers_language(string provider)
    {
        var app = apps.For(provider);
        var (member, email) = await TestPeople.RegisteredAsync(app);
        var theme = await ThemeAsync(app, 2);
        var (followedPartner, otherPartner) = await WithDbAsync(app, async db =>
        {
            var ids = await db.Partners.OrderByDescending(p => p.Id).Select(p => p.Id).Take(2).ToListAsync();
            return (ids[0], ids[1]);
        });
        // She follows in German: her digest is written in German.
        foreach (var (kind, key) in new[] { ("Partner", followedPartner), ("Theme", theme) })
            Assert.Equal(HttpStatusCode.Redirect, (await member.SubmitAsync("/de/me/follows",
                new Dictionary<string, string> { ["kind"] = kind, ["key"] = key.ToString(System.Globalization.CultureInfo.InvariantCulture) }, "/de/me/follows?handler=Follow")).StatusCode);

        var tag = Guid.NewGuid().ToString("N")[..6];
        var ofPartner = await NewsAsync(app, followedPartner, null, $"Meadows mown late {tag}", ("de", $"Wiesen spät gemäht {tag}"));
        var onTheme = await NewsAsync(app, null, theme, $"Network assembly on the theme {tag}");
        var unrelated = await NewsAsync(app, otherPartner, await ThemeAsync(app, 3), $"Unrelated news {tag}");
        var later = await NewsAsync(app, followedPartner, theme, $"Held back {tag}", publishedIn: TimeSpan.FromDays(3));
        await app.Service<DigestSender>().SendDueAsync(CancellationToken.None);

        var digest = await Mailbox.LatestToAsync(app, email, atLeast: 2);
        var body = (digest.TextBody ?? "").Replace("\r\n", "\n", StringComparison.Ordinal);
        var heading = body.IndexOf("\nNeuigkeiten\n", StringComparison.Ordinal);
        Assert.True(heading > 0, body);
        var section = body[heading..];
        Assert.Contains($"- Wiesen spät gemäht {tag}\n  http", section, StringComparison.Ordinal);
        Assert.Contains($"/de/news/{ofPartner}", section, StringComparison.Ordinal);
        Assert.Contains($"- Network assembly on the theme {tag}", section, StringComparison.Ordinal);
        Assert.Contains($"/de/news/{onTheme}", section, StringComparison.Ordinal);
        Assert.DoesNotContain($"Meadows mown late {tag}", body, StringComparison.Ordinal);
        Assert.DoesNotContain(unrelated, body, StringComparison.Ordinal);
        Assert.DoesNotContain(later, body, StringComparison.Ordinal);
        // The HTML part marks the English title as English inside the German message.
        Assert.Contains($"lang=\"en\">Network assembly on the theme {tag}</a>", digest.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("<h2>Neuigkeiten</h2>", digest.HtmlBody, StringComparison.Ordinal);
    }

    /// <summary>A news item published a moment ago (or later), of a partner or of the network, on a theme or none; returns its slug.</summary>
    private static Task<string> NewsAsync(TestApp app, int? partner, int? theme, string title, (string Language, string Title)? translation = null, TimeSpan publishedIn = default) =>
        WithDbAsync(app, async db =>
        {
            var now = DateTime.UtcNow;
            var item = new NewsItem
            {
                Slug = "digest-news-" + Guid.NewGuid().ToString("N")[..10], PartnerId = partner, OriginalLanguage = "en", PublishedAt = now + publishedIn,
                CreatedAt = now, UpdatedAt = now,
                Texts = [new NewsText { Language = "en", Title = title, Summary = "Told.", Body = "Told at length." }],
                Themes = theme is { } t ? [new NewsTheme { ConceptId = t }] : [],
            };
            if (translation is { } x) item.Texts.Add(new NewsText { Language = x.Language, Title = x.Title, Summary = "Erzählt.", Body = "Ausführlich erzählt." });
            db.NewsItems.Add(item);
            await db.SaveChangesAsync();
            return item.Slug;
        });

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Two_nodes_running_the_digest_job_at_the_same_time_send_one_digest(string provider)
    {
        var app = apps.For(provider);
        var settings = FollowsTestApps.Settings();
        settings["Storage:Root"] = app.StorageRoot; // the same database (SQLite's file lives there) and the same mail folder
        settings["Search:Folder"] = "search-second-node"; // its own index: one writer per folder
        if (provider == Providers.Postgres) settings["ConnectionStrings:Postgres"] = app.Settings["ConnectionStrings:Postgres"];
        settings["Site:PublicUrl"] = app.Settings["Site:PublicUrl"];
        using var second = new TestApp(provider, settings);
        _ = second.Server;

        var (member, email) = await TestPeople.RegisteredAsync(app);
        var theme = await ThemeAsync(app, 2);
        await FollowThemeAsync(member, theme);
        await PublishedPracticeAsync(app, theme, "Ponds dug again for crested newts");
        for (var round = 0; round < 3; round++)
        {
            var one = app.Service<DigestSender>();
            var two = second.Service<DigestSender>();
            await Task.WhenAll(Task.Run(() => one.SendDueAsync(CancellationToken.None)), Task.Run(() => two.SendDueAsync(CancellationToken.None)),
                Task.Run(() => one.SendDueAsync(CancellationToken.None)), Task.Run(() => two.SendDueAsync(CancellationToken.None)));
        }
        await Mailbox.LatestToAsync(app, email, atLeast: 2);
        await Task.Delay(300);
        Assert.Equal(2, CountTo([app, second], email)); // the confirmation and one digest
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task One_click_unsubscribe_by_POST_without_a_session_stops_the_digests(string provider)
    {
        var app = apps.For(provider);
        var (member, email) = await TestPeople.RegisteredAsync(app);
        var theme = await ThemeAsync(app, 3);
        await FollowThemeAsync(member, theme);
        await PublishedPracticeAsync(app, theme, "Reed beds cut in rotation for bearded tits");
        await app.Service<DigestSender>().SendDueAsync(CancellationToken.None);
        var digest = await Mailbox.LatestToAsync(app, email, atLeast: 2);
        var link = new Uri(digest.Headers["List-Unsubscribe"]!.Trim('<', '>')).PathAndQuery;

        var anonymous = app.Client();
        // Opening the link (as a mail scanner does) changes nothing; a forged token is refused.
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(link)).StatusCode);
        Assert.Equal(DigestFrequency.Weekly, await FrequencyAsync(app, email));
        var forged = await anonymous.PostAsync("/en/follows/unsubscribe?token=" + new string('A', 80), OneClick());
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(DigestFrequency.Weekly, await FrequencyAsync(app, email));

        // The mail program's one-click POST (RFC 8058): no session, no antiforgery token.
        var answer = await anonymous.PostAsync(link, OneClick());
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Contains("you will receive no more digests", await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(DigestFrequency.Off, await FrequencyAsync(app, email));

        // A new period (its claim removed) with a new practice on the theme: nothing is sent.
        await WithDbAsync(app, db => db.Digests.Where(d => d.UserId == db.Users.Single(u => u.Email == email).Id).ExecuteDeleteAsync());
        await PublishedPracticeAsync(app, theme, "Sand martins given a new bank");
        await app.Service<DigestSender>().SendDueAsync(CancellationToken.None);
        await Task.Delay(300);
        Assert.Equal(2, CountTo([app], email));
        // The follows stay; the page shows the digest off.
        Assert.Contains("checked", (await member.GetStringAsync("/en/me/follows")).Split("frequency-Off")[1][..40], StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Another_persons_follows_can_be_neither_read_nor_changed(string provider)
    {
        var app = apps.For(provider);
        var (alice, aliceEmail) = await TestPeople.RegisteredAsync(app);
        var (bob, _) = await TestPeople.RegisteredAsync(app);
        var target = "/en/targets/kmgbf/2";
        var followed = await alice.SubmitAsync(target, new Dictionary<string, string> { ["kind"] = "Target", ["key"] = "kmgbf:2", ["returnUrl"] = target }, "/en/me/follows?handler=Follow");
        Assert.Equal(HttpStatusCode.Redirect, followed.StatusCode);
        Assert.Equal(target, followed.Headers.Location?.OriginalString);
        Assert.Contains("You follow GBF 2", WebUtility.HtmlDecode(await alice.GetStringAsync(target)), StringComparison.Ordinal);
        var aliceId = await WithDbAsync(app, db => db.Users.Where(u => u.Email == aliceEmail).Select(u => u.Id).SingleAsync());
        var followId = await WithDbAsync(app, db => db.Follows.Where(f => f.UserId == aliceId).Select(f => f.Id).SingleAsync());

        Assert.DoesNotContain("GBF 2", await bob.GetStringAsync("/en/me/follows"), StringComparison.Ordinal);
        var removal = await bob.SubmitAsync("/en/me/follows", new Dictionary<string, string> { ["id"] = followId.ToString(System.Globalization.CultureInfo.InvariantCulture) }, "/en/me/follows?handler=Remove");
        Assert.Equal(HttpStatusCode.NotFound, removal.StatusCode);
        Assert.True(await WithDbAsync(app, db => db.Follows.AnyAsync(f => f.Id == followId)));
        await bob.SubmitAsync("/en/me/follows", new Dictionary<string, string> { ["frequency"] = "Daily" }, "/en/me/follows?handler=Frequency");
        Assert.Equal(DigestFrequency.Weekly, await FrequencyAsync(app, aliceEmail));

        // Signed out: the page and its handlers lead to sign-in.
        var anonymous = app.Client();
        var page = await anonymous.GetAsync("/en/me/follows");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Contains("/account/sign-in", page.Headers.Location?.OriginalString, StringComparison.Ordinal);

        // Something that does not exist cannot be followed; her own follow she removes.
        Assert.Equal(HttpStatusCode.BadRequest, (await alice.SubmitAsync(target, new Dictionary<string, string> { ["kind"] = "Target", ["key"] = "kmgbf:999" }, "/en/me/follows?handler=Follow")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await alice.SubmitAsync(target, new Dictionary<string, string> { ["kind"] = "Nothing", ["key"] = "kmgbf:2" }, "/en/me/follows?handler=Follow")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await alice.SubmitAsync("/en/me/follows", new Dictionary<string, string> { ["id"] = followId.ToString(System.Globalization.CultureInfo.InvariantCulture) }, "/en/me/follows?handler=Remove")).StatusCode);
        Assert.False(await WithDbAsync(app, db => db.Follows.AnyAsync(f => f.Id == followId)));
    }

    [Fact]
    public void A_weekly_digest_belongs_to_the_week_of_its_Monday()
    {
        Assert.Equal("weekly:2026-12-07", DigestSender.PeriodOf(DigestFrequency.Weekly, new DateTime(2026, 12, 13, 23, 0, 0, DateTimeKind.Utc)));
        Assert.Equal("weekly:2026-12-07", DigestSender.PeriodOf(DigestFrequency.Weekly, new DateTime(2026, 12, 7, 0, 5, 0, DateTimeKind.Utc)));
        Assert.Equal("daily:2026-12-13", DigestSender.PeriodOf(DigestFrequency.Daily, new DateTime(2026, 12, 13, 23, 0, 0, DateTimeKind.Utc)));
        Assert.Equal("q=meadow&theme=1&theme=2", FollowKeys.NormaliseSearch("?theme=2&page=3&theme=1&q=+meadow+&evil=1"));
        Assert.Null(FollowKeys.NormaliseSearch("page=2"));
    }

    private static FormUrlEncodedContent OneClick() => new(new Dictionary<string, string> { ["List-Unsubscribe"] = "One-Click" });

    private static async Task FollowThemeAsync(HttpClient member, int theme)
    {
        var search = $"/en/search?theme={theme}";
        var followed = await member.SubmitAsync(search, new Dictionary<string, string> { ["kind"] = "Theme", ["key"] = theme.ToString(System.Globalization.CultureInfo.InvariantCulture), ["returnUrl"] = search },
            "/en/me/follows?handler=Follow");
        Assert.Equal(HttpStatusCode.Redirect, followed.StatusCode);
    }

    /// <summary>A GEMET concept no demo item uses, so that only the test's practices are new on it.</summary>
    private static Task<int> ThemeAsync(TestApp app, int index) => WithDbAsync(app, db => db.GemetConcepts
        .Where(c => !db.PracticeTags.Any(t => t.Scheme == "theme" && t.Code == c.Id.ToString()) && db.GemetLabels.Any(l => l.ConceptId == c.Id && l.Language == "en"))
        .OrderByDescending(c => c.Id).Skip(10 + index).Select(c => c.Id).FirstAsync());

    private static Task<string> LabelAsync(TestApp app, int theme) =>
        WithDbAsync(app, db => db.GemetLabels.Where(l => l.ConceptId == theme && l.Language == "en").Select(l => l.Label).FirstAsync());

    private static Task<Practice> PublishedPracticeAsync(TestApp app, int theme, string title) => WithDbAsync(app, async db =>
    {
        var partner = await db.Partners.OrderBy(p => p.Id).FirstAsync();
        var now = DateTime.UtcNow;
        var slug = "digest-" + Guid.NewGuid().ToString("N")[..10];
        var practice = new Practice
        {
            Slug = slug, PartnerId = partner.Id, OriginalLanguage = "en", CountryCode = partner.CountryCode, Stage = PracticeStage.Published,
            CreatedAt = now, UpdatedAt = now, PublishedAt = now,
            Texts = [new PracticeText { Language = "en", Title = title + " " + slug[^4..], Summary = "Tried and told." }],
            Tags = [new PracticeTag { Scheme = "theme", Code = theme.ToString(System.Globalization.CultureInfo.InvariantCulture) }],
        };
        db.Practices.Add(practice);
        await db.SaveChangesAsync();
        return practice;
    });

    private static Task<DigestFrequency> FrequencyAsync(TestApp app, string email) => WithDbAsync(app, db =>
        db.DigestSubscriptions.Where(s => s.UserId == db.Users.Single(u => u.Email == email).Id).Select(s => s.Frequency).SingleAsync());

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
