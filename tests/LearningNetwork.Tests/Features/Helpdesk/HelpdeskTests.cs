using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using LearningNetwork.Data;
using LearningNetwork.Domain;
using LearningNetwork.Features.Helpdesk;
using LearningNetwork.Features.Search;
using LearningNetwork.Tests.Features.Practices;
using LearningNetwork.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace LearningNetwork.Tests.Features.Helpdesk;

/// <summary>One seeded app per provider for the whole class, with a clock the escalation test moves on (and back).</summary>
public sealed class HelpdeskApps : IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<(TestApp App, MovableClock Clock)>> _apps = new();

    public (TestApp App, MovableClock Clock) For(string provider) => _apps.GetOrAdd(provider, p => new Lazy<(TestApp, MovableClock)>(() =>
    {
        var clock = new MovableClock();
        // The escalation job is run by the test, not by its timer.
        var app = new TestApp(p, new Dictionary<string, string?>(Mailbox.Settings()) { ["Helpdesk:EscalationInterval"] = "00:00:00" },
            services => services.AddSingleton<TimeProvider>(clock));
        _ = app.Server;
        return (app, clock);
    })).Value;

    public void Dispose()
    {
        foreach (var app in _apps.Values.Where(a => a.IsValueCreated)) app.Value.App.Dispose();
    }
}

/// <summary>The system clock, moved on by a test.</summary>
public sealed class MovableClock : TimeProvider
{
    public TimeSpan Ahead { get; set; }
    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + Ahead;
}

public sealed class HelpdeskTests(HelpdeskApps apps) : IClassFixture<HelpdeskApps>
{
    public static TheoryData<string> Providers => Infrastructure.Providers.All;

    private static LearningNetworkDb Db(IServiceScope scope) => scope.ServiceProvider.GetRequiredService<LearningNetworkDb>();

    /// <summary>A partner with an active offer (not the asking partner), the offer's themes as English labels.</summary>
    private static async Task<(string PartnerSlug, int PartnerId, string Themes)> HelperAsync(TestApp app, string notSlug)
    {
        using var scope = app.Services.CreateScope();
        var db = Db(scope);
        var offer = await db.Offers.Include(o => o.Tags).Include(o => o.Partner)
            .Where(o => o.State == OfferState.Active && o.Language == "en" && o.Partner!.Slug != notSlug && o.Tags.Count(t => t.Scheme == MarketTagSchemes.Theme) >= 2)
            .OrderBy(o => o.Id).FirstAsync();
        var ids = offer.Tags.Where(t => t.Scheme == MarketTagSchemes.Theme).Select(t => int.Parse(t.Code, CultureInfo.InvariantCulture)).ToList();
        var labels = await db.GemetLabels.Where(l => ids.Contains(l.ConceptId) && l.Language == "en").OrderBy(l => l.ConceptId).Select(l => l.Label).ToListAsync();
        return (offer.Partner!.Slug, offer.PartnerId, string.Join("; ", labels));
    }

    private static Dictionary<string, string> AskForm(int partnerId, string title, string language, string themes, string body, params string[] targets)
    {
        var form = new Dictionary<string, string>
        {
            ["Form.Partner"] = partnerId.ToString(CultureInfo.InvariantCulture), ["Form.Title"] = title, ["Form.Body"] = body, ["Form.Language"] = language, ["Form.Themes"] = themes,
        };
        foreach (var (t, i) in targets.Select((t, i) => (t, i))) form[$"Form.Targets[{i}]"] = t;
        return form;
    }

    private static async Task<HelpdeskQuestion> QuestionAsync(TestApp app, string title)
    {
        using var scope = app.Services.CreateScope();
        return await Db(scope).HelpdeskQuestions.AsNoTracking().Include(q => q.Routes).Include(q => q.Answers).SingleAsync(q => q.Title == title);
    }

    /// <summary>The field messages of a page answered instead of a redirect, for the failure message.</summary>
    private static async Task<string> ErrorsAsync(HttpResponseMessage response) =>
        $"{(int)response.StatusCode}: " + string.Join(" | ", System.Text.RegularExpressions.Regex.Matches(WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()),
            "class=\"error-message\"[^>]*>([^<]*)<").Select(m => m.Groups[1].Value));

    private static string Version(string html) => PracticeTestData.Version(html);

    /// <summary>Every message to an address so far (the folder Mailbox reads).</summary>
    private static List<MimeMessage> MailTo(TestApp app, string address)
    {
        var maildir = Environment.GetEnvironmentVariable("LN_TEST_MAILDIR");
        var folder = maildir is not null && Mailbox.SmtpPort is not null ? Path.Combine(maildir, "new") : Path.Combine(app.StorageRoot, "mail");
        if (!Directory.Exists(folder)) return [];
        return Directory.EnumerateFiles(folder).Select(f => MimeMessage.Load(f))
            .Where(m => m.To.Mailboxes.Any(x => string.Equals(x.Address, address, StringComparison.OrdinalIgnoreCase))).ToList();
    }

    private static async Task<(HttpClient Client, string Email)> PlainMemberOfAsync(TestApp app, int partnerId)
    {
        var (client, email) = await TestPeople.RegisteredAsync(app);
        using var scope = app.Services.CreateScope();
        var db = Db(scope);
        var user = await db.Users.SingleAsync(u => u.Email == email);
        db.PartnerMembers.Add(new PartnerMember { PartnerId = partnerId, UserId = user.Id, Role = OrganisationRole.Member });
        await db.SaveChangesAsync();
        return (client, email);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_question_goes_to_the_partners_whose_expertise_fits_never_its_own_is_answered_accepted_and_found_in_another_language(string provider)
    {
        var (app, _) = apps.For(provider);
        var (helperSlug, helperId, themes) = await HelperAsync(app, "noord-brabant");
        var (expert, _, expertEmail) = await PracticeTestData.MemberOfAsync(app, helperSlug);
        var (asker, askerPartner, askerEmail) = await PracticeTestData.MemberOfAsync(app, "noord-brabant");
        var (colleague, colleagueEmail) = await PlainMemberOfAsync(app, askerPartner);
        var coordinator = await TestPeople.WithRoleAsync(app, Roles.Moderator);
        // The helper's demo admin has a profile whose expertise may fit: the expert gets one that fits the question, so they
        // are among the people told (the router tells the members whose expertise fits, or every member when none does).
        using (var scope = app.Services.CreateScope())
        {
            var db = Db(scope);
            var labels = themes.Split("; ");
            var ids = await db.GemetLabels.Where(l => l.Language == "en" && labels.Contains(l.Label)).Select(l => l.ConceptId).Distinct().ToListAsync();
            var user = await db.Users.SingleAsync(u => u.Email == expertEmail);
            db.PersonProfiles.Add(new PersonProfile
            {
                UserId = user.Id, PartnerId = helperId, Name = "Helpdesk expert", UpdatedAt = DateTime.UtcNow,
                Expertise = string.Join('|', ids.Select(i => i.ToString(CultureInfo.InvariantCulture))),
            });
            await db.SaveChangesAsync();
        }

        // Asked by a member of the helper itself: the helper's own offer fits best, but its own organisation never gets it.
        var ownTitle = $"Our own question {Guid.NewGuid():N}";
        Assert.Equal(HttpStatusCode.Redirect, (await expert.SubmitAsync("/en/helpdesk/ask", AskForm(helperId, ownTitle, "en", themes,
            "We would like to hear how other partners have handled exactly this in their territory."))).StatusCode);
        var own = await QuestionAsync(app, ownTitle);
        Assert.DoesNotContain(own.Routes, r => r.PartnerId == helperId);

        // Asked in German by a member of another partner: routed to the helper, whose member is e-mailed; never to the asker's own organisation.
        var title = $"Wie gehen wir das am besten an? {Guid.NewGuid():N}"[..48];
        var asked = await asker.SubmitAsync("/en/helpdesk/ask", AskForm(askerPartner, title, "de", themes,
            "Wir brauchen den Rat eines Partners, der so etwas schon umgesetzt hat, bevor wir im Frühjahr beginnen.", "kmgbf:12"));
        Assert.Equal(HttpStatusCode.Redirect, asked.StatusCode);
        var question = await QuestionAsync(app, title);
        Assert.Equal($"/en/helpdesk/{question.Slug}?done=asked", asked.Headers.Location!.OriginalString);
        Assert.Contains(question.Routes, r => r.PartnerId == helperId);
        Assert.DoesNotContain(question.Routes, r => r.PartnerId == askerPartner);
        Assert.InRange(question.Routes.Count, 1, 5);
        Assert.Equal(Enumerable.Range(1, question.Routes.Count), question.Routes.OrderBy(r => r.Rank).Select(r => r.Rank));
        Assert.True(question.Routes.OrderBy(r => r.Rank).Select(r => r.Score).SequenceEqual(question.Routes.Select(r => r.Score).OrderDescending()));
        var invitation = await Mailbox.LatestToAsync(app, expertEmail);
        Assert.Contains(title, invitation.Subject, StringComparison.Ordinal);
        Assert.Contains($"/helpdesk/{question.Slug}", invitation.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain(MailTo(app, colleagueEmail), m => (m.Subject ?? "").Contains(title, StringComparison.Ordinal));

        // Coordinators see why; nobody else does.
        var page = $"/en/helpdesk/{question.Slug}";
        var coordinatorView = WebUtility.HtmlDecode(await coordinator.GetStringAsync(page));
        Assert.Contains("Routed to", coordinatorView, StringComparison.Ordinal);
        Assert.Contains("Shared themes:", coordinatorView, StringComparison.Ordinal);
        Assert.DoesNotContain("Routed to", WebUtility.HtmlDecode(await expert.GetStringAsync(page)), StringComparison.Ordinal);
        Assert.DoesNotContain("Routed to", WebUtility.HtmlDecode(await app.Client().GetStringAsync(page)), StringComparison.Ordinal);

        // The expert answers; the asker is e-mailed with the answer.
        var answered = await expert.SubmitAsync(page, new Dictionary<string, string>
        {
            ["AnswerPartner"] = helperId.ToString(CultureInfo.InvariantCulture), ["AnswerBody"] = "Start small, with one pilot site, and measure before and after.", ["AnswerLanguage"] = "en",
        }, page + "?handler=Answer");
        Assert.True(answered.StatusCode == HttpStatusCode.Redirect, await ErrorsAsync(answered));
        var told = await Mailbox.LatestToAsync(app, askerEmail);
        Assert.Contains(title, told.Subject, StringComparison.Ordinal);
        Assert.Contains("Start small, with one pilot site", told.TextBody, StringComparison.Ordinal);
        var answerId = (await QuestionAsync(app, title)).Answers.Single().Id.ToString(CultureInfo.InvariantCulture);

        // Only the asker or an organisation admin of the asking organisation accepts.
        var html = await asker.GetStringAsync(page);
        var accept = new Dictionary<string, string> { ["Answer"] = answerId, ["Version"] = Version(html) };
        Assert.Equal(HttpStatusCode.Forbidden, (await expert.SubmitAsync(page, accept, page + "?handler=Accept")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await colleague.SubmitAsync(page, accept, page + "?handler=Accept")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await coordinator.SubmitAsync(page, accept, page + "?handler=Accept")).StatusCode);
        // Anonymous (with a token from a page that has a form): sent to sign in.
        var anonymous = await app.Client().SubmitAsync("/en/account/sign-in", accept, page + "?handler=Accept");
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.Contains("/account/sign-in", anonymous.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await asker.SubmitAsync(page, accept, page + "?handler=Accept")).StatusCode);
        Assert.Equal(QuestionStatus.Answered, (await QuestionAsync(app, title)).Status);
        // An accept made on the version before is a conflict, never saved over.
        Assert.Equal(HttpStatusCode.Conflict, (await asker.SubmitAsync(page, accept, page + "?handler=Accept")).StatusCode);
        var shown = WebUtility.HtmlDecode(await app.Client().GetStringAsync(page));
        Assert.Contains("Accepted answer", shown, StringComparison.Ordinal);

        // Reusable knowledge: in the FAQ, on the target page, and found by an English search although it is German.
        var index = WebUtility.HtmlDecode(await app.Client().GetStringAsync("/en/helpdesk"));
        Assert.Contains($"href=\"/en/helpdesk/{question.Slug}\"", index, StringComparison.Ordinal);
        Assert.Contains($"/en/helpdesk/{question.Slug}", await app.Client().GetStringAsync("/en/targets/kmgbf/12"), StringComparison.Ordinal);
        var search = app.Services.GetRequiredService<SearchIndex>();
        for (var i = 0; i < 1200 && !search.Ready; i++) await Task.Delay(100);
        await search.CatchUpAsync(CancellationToken.None);
        var label = themes.Split("; ")[0];
        var found = JsonNode.Parse(await app.Client().GetStringAsync($"/api/v1/search?q={Uri.EscapeDataString(label)}&lang=en&type=question&pageSize=50"))!;
        var hit = found["items"]!.AsArray().Single(i => i!["id"]!.GetValue<int>() == question.Id)!;
        Assert.Equal("question", hit["type"]!.GetValue<string>());
        Assert.Equal("de", hit["language"]!.GetValue<string>());
        Assert.EndsWith($"/helpdesk/{question.Slug}", hit["url"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_question_nobody_answers_in_the_promised_time_is_escalated_and_the_coordinators_are_emailed_once(string provider)
    {
        var (app, clock) = apps.For(provider);
        var (asker, partnerId, _) = await PracticeTestData.MemberOfAsync(app, "malopolska");
        var themes = (await HelperAsync(app, "malopolska")).Themes;
        async Task<List<string>> CoordinatorsAsync()
        {
            using var scope = app.Services.CreateScope();
            return await Db(scope).Users.Where(u => u.Email!.StartsWith("networkadmin-")).Select(u => u.Email!).ToListAsync();
        }
        var before = await CoordinatorsAsync();
        await TestPeople.WithRoleAsync(app, Roles.NetworkAdmin);
        var coordinatorEmail = (await CoordinatorsAsync()).Except(before).Single();
        var silent = $"Nobody answers this one {Guid.NewGuid():N}";
        var answered = $"Somebody answers this one {Guid.NewGuid():N}";
        foreach (var t in new[] { silent, answered })
            Assert.Equal(HttpStatusCode.Redirect, (await asker.SubmitAsync("/en/helpdesk/ask", AskForm(partnerId, t, "pl", themes, "Prosimy o radę partnerów, którzy mają doświadczenie w tej sprawie."))).StatusCode);
        var (other, otherId, _) = await PracticeTestData.MemberOfAsync(app, "sofia");
        var page = $"/en/helpdesk/{(await QuestionAsync(app, answered)).Slug}";
        Assert.Equal(HttpStatusCode.Redirect, (await other.SubmitAsync(page, new Dictionary<string, string>
        {
            ["AnswerPartner"] = otherId.ToString(CultureInfo.InvariantCulture), ["AnswerBody"] = "We can share our experience next week.", ["AnswerLanguage"] = "en",
        }, page + "?handler=Answer")).StatusCode);

        var job = app.Services.GetRequiredService<HelpdeskEscalation>();
        Assert.Equal(0, await job.EscalateDueAsync(CancellationToken.None)); // not due yet
        Assert.Equal(QuestionStatus.Open, (await QuestionAsync(app, silent)).Status);
        try
        {
            clock.Ahead = TimeSpan.FromDays(8); // five working days are at most seven days
            Assert.True(await job.EscalateDueAsync(CancellationToken.None) >= 1);
            Assert.Equal(0, await job.EscalateDueAsync(CancellationToken.None)); // idempotent
            await Task.WhenAll(job.EscalateDueAsync(CancellationToken.None), job.EscalateDueAsync(CancellationToken.None));
        }
        finally
        {
            clock.Ahead = TimeSpan.Zero;
        }
        var escalated = await QuestionAsync(app, silent);
        Assert.Equal(QuestionStatus.Escalated, escalated.Status);
        Assert.NotNull(escalated.EscalatedAt);
        Assert.Equal(QuestionStatus.Open, (await QuestionAsync(app, answered)).Status); // it has an answer
        var mails = MailTo(app, coordinatorEmail).Where(m => (m.Subject ?? "").Contains(silent, StringComparison.Ordinal)).ToList();
        Assert.Single(mails);
        Assert.Contains($"/helpdesk/{escalated.Slug}", mails[0].TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain(MailTo(app, coordinatorEmail), m => (m.Subject ?? "").Contains(answered, StringComparison.Ordinal));
        Assert.Contains("Escalated to the coordinators", WebUtility.HtmlDecode(await app.Client().GetStringAsync($"/en/helpdesk/{escalated.Slug}")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_input_gets_messages_by_the_fields_in_the_readers_language_keeps_what_was_typed_and_never_a_500()
    {
        var (app, _) = apps.For(Infrastructure.Providers.Sqlite);
        var (member, partnerId, _) = await PracticeTestData.MemberOfAsync(app, "hamburg");
        var partner = partnerId.ToString(CultureInfo.InvariantCulture);

        var empty = await member.SubmitAsync("/en/helpdesk/ask", new Dictionary<string, string> { ["Form.Partner"] = partner });
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        var html = WebUtility.HtmlDecode(await empty.Content.ReadAsStringAsync());
        Assert.Contains("Fill in this field.", html, StringComparison.Ordinal);
        Assert.Contains("Write at least 20 characters.", html, StringComparison.Ordinal);
        Assert.Contains("Name at least one theme.", html, StringComparison.Ordinal);

        var typed = "Wie viel Totholz verträgt ein Stadtwald?";
        var tooLong = await member.SubmitAsync("/en/helpdesk/ask", AskForm(partnerId, typed + new string('x', 300), "de", "no such theme at all", new string('y', 9000), "kmgbf:999"));
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        html = WebUtility.HtmlDecode(await tooLong.Content.ReadAsStringAsync());
        Assert.Contains("Use at most 200 characters.", html, StringComparison.Ordinal);
        Assert.Contains("Use at most 8000 characters.", html, StringComparison.Ordinal);
        Assert.Contains(typed, html, StringComparison.Ordinal); // nothing typed is lost
        Assert.Contains("no such theme at all", html, StringComparison.Ordinal);

        var french = WebUtility.HtmlDecode(await (await member.SubmitAsync("/fr/helpdesk/ask", new Dictionary<string, string> { ["Form.Partner"] = partner, ["Form.Body"] = "court" })).Content.ReadAsStringAsync());
        Assert.Contains("Écrivez au moins 20 caractères.", french, StringComparison.Ordinal);
        Assert.Contains("Remplissez ce champ.", french, StringComparison.Ordinal);

        // Acting for another organisation is refused as a choice; someone without an organisation may not ask.
        var forOther = await member.SubmitAsync("/en/helpdesk/ask", AskForm(partnerId + 1, "A question for another organisation", "en", "bog", "Twenty characters and more, surely enough."));
        Assert.Equal(HttpStatusCode.BadRequest, forOther.StatusCode);
        var (loner, _) = await TestPeople.RegisteredAsync(app);
        Assert.Equal(HttpStatusCode.Forbidden, (await loner.GetAsync("/en/helpdesk/ask")).StatusCode);
        var anonymous = await app.Client().GetAsync("/en/helpdesk/ask");
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.Contains("/account/sign-in", anonymous.Headers.Location!.OriginalString, StringComparison.Ordinal);

        // Answers and accepts: empty and hostile input gets messages, not errors.
        string slug;
        using (var scope = app.Services.CreateScope())
            slug = await Db(scope).HelpdeskQuestions.Where(q => q.IsDemo && q.Status == QuestionStatus.Open).OrderBy(q => q.Id).Select(q => q.Slug).FirstAsync();
        var page = $"/en/helpdesk/{slug}";
        var blank = await member.SubmitAsync(page, new Dictionary<string, string> { ["AnswerPartner"] = partner }, page + "?handler=Answer");
        Assert.Equal(HttpStatusCode.BadRequest, blank.StatusCode);
        Assert.Contains("Write at least 10 characters.", WebUtility.HtmlDecode(await blank.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        var huge = await member.SubmitAsync(page, new Dictionary<string, string> { ["AnswerPartner"] = "x", ["AnswerBody"] = new string('z', 9000), ["AnswerLanguage"] = "zz" }, page + "?handler=Answer");
        Assert.Equal(HttpStatusCode.BadRequest, huge.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.Client().GetAsync("/en/helpdesk/no-such-question")).StatusCode);

        // The API: problem details for what it does not understand.
        var bad = await app.Client().GetAsync("/api/v1/helpdesk/questions?page=0&status=nonsense&theme=abc");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("application/problem+json", bad.Content.Headers.ContentType!.MediaType);
        var missing = await app.Client().GetAsync("/api/v1/helpdesk/questions/999999");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType!.MediaType);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task The_API_lists_questions_in_the_shape_of_the_other_lists_and_the_demo_helpdesk_shows_answered_and_open_questions(string provider)
    {
        var (app, _) = apps.For(provider);
        var client = app.Client();
        var list = JsonNode.Parse(await client.GetStringAsync("/api/v1/helpdesk/questions?status=all&pageSize=50"))!;
        Assert.True(list["total"]!.GetValue<int>() >= 8);
        Assert.Equal(1, list["page"]!.GetValue<int>());
        Assert.Equal(50, list["pageSize"]!.GetValue<int>());
        var items = list["items"]!.AsArray().Select(i => i!).ToList();
        foreach (var field in new[] { "id", "slug", "title", "url", "language", "country", "status", "answers" })
            Assert.All(items, i => Assert.NotNull(i[field]));
        Assert.True(items.Select(i => i["language"]!.GetValue<string>()).Distinct().Count() >= 5);
        Assert.Contains(items, i => i["status"]!.GetValue<string>() == "escalated");
        Assert.Contains(items, i => i["status"]!.GetValue<string>() == "open");

        var answered = JsonNode.Parse(await client.GetStringAsync("/api/v1/helpdesk/questions?status=answered&language=de"))!;
        var first = answered["items"]!.AsArray()[0]!;
        Assert.Equal("answered", first["status"]!.GetValue<string>());
        Assert.Equal("de", first["language"]!.GetValue<string>());
        var details = JsonNode.Parse(await client.GetStringAsync($"/api/v1/helpdesk/questions/{first["id"]!.GetValue<int>()}"))!;
        Assert.Contains(details["answers"]!.AsArray(), a => a!["accepted"]!.GetValue<bool>());
        Assert.Equal(first["url"]!.GetValue<string>(), details["url"]!.GetValue<string>());

        var openApi = await client.GetStringAsync("/openapi/v1.json");
        Assert.Contains("/api/v1/helpdesk/questions", openApi, StringComparison.Ordinal);
        Assert.Contains("/api/v1/helpdesk/questions/{id}", openApi, StringComparison.Ordinal);

        var page = WebUtility.HtmlDecode(await client.GetStringAsync("/en/helpdesk"));
        Assert.Matches("href=\"/en/helpdesk/[a-z0-9-]", page);
        Assert.DoesNotContain("not available yet", page, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("being built", page, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Open questions", page, StringComparison.Ordinal);
        var filtered = WebUtility.HtmlDecode(await client.GetStringAsync("/en/helpdesk?language=fr&theme=nonsense"));
        Assert.Contains("href=\"/en/helpdesk/eclairage-public-chauves-souris-foret-de-soignes\"", filtered, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"/en/helpdesk/jak-chronic-drzewa-podczas-budowy\"", filtered, StringComparison.Ordinal);
        Assert.Contains("This choice is not in the list.", filtered, StringComparison.Ordinal); // the theme filter is marked and ignored
    }
}
