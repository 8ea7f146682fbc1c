using System.Net;
using LearningNetwork.Data;
using LearningNetwork.Domain;
using LearningNetwork.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LearningNetwork.Tests.Features.Practices;

public sealed class PracticeWorkflowTests
{
    public static TheoryData<string> Providers => Infrastructure.Providers.All;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_member_writes_a_draft_submits_it_a_moderator_validates_it_and_it_is_published(string provider)
    {
        using var app = new TestApp(provider, Mailbox.Settings());
        var (member, partnerId, _) = await PracticeTestData.MemberOfAsync(app, "noord-brabant");
        var created = await member.SubmitAsync("/en/practices/new", PracticeTestData.Form(partnerId));
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var slug = await PracticeTestData.SlugAsync(app, "Hedgerows replanted along the Dommel brook");
        Assert.StartsWith($"/en/practices/{slug}", created.Headers.Location!.OriginalString, StringComparison.Ordinal);

        // A draft is the organisation's own: visitors and other members do not see it.
        Assert.Equal(HttpStatusCode.NotFound, (await app.Client().GetAsync($"/en/practices/{slug}")).StatusCode);
        var (stranger, _) = await TestPeople.RegisteredAsync(app);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/en/practices/{slug}")).StatusCode);
        Assert.DoesNotContain(slug, await app.Client().GetStringAsync("/api/v1/practices?pageSize=200"), StringComparison.Ordinal);

        var page = WebUtility.HtmlDecode(await member.GetStringAsync($"/en/practices/{slug}"));
        Assert.Contains("Stage: Draft", page, StringComparison.Ordinal);
        Assert.Contains("<strong>replanted</strong>", page, StringComparison.Ordinal);
        // Only a moderator validates.
        var memberValidates = await member.SubmitAsync($"/en/practices/{slug}",
            new Dictionary<string, string> { ["Version"] = PracticeTestData.Version(page), ["Note"] = "fine" }, $"/en/practices/{slug}/move?step=validate");
        Assert.Equal(HttpStatusCode.Forbidden, memberValidates.StatusCode);
        var submitted = await member.SubmitAsync($"/en/practices/{slug}",
            new Dictionary<string, string> { ["Version"] = PracticeTestData.Version(page) }, $"/en/practices/{slug}/move?step=submit");
        Assert.Equal(HttpStatusCode.Redirect, submitted.StatusCode);

        var moderator = await TestPeople.WithRoleAsync(app, Roles.Moderator);
        Assert.Contains(slug, await moderator.GetStringAsync("/en/practices/review"), StringComparison.Ordinal);
        var modPage = await moderator.GetStringAsync($"/en/practices/{slug}");
        var noNote = await moderator.SubmitAsync($"/en/practices/{slug}",
            new Dictionary<string, string> { ["Version"] = PracticeTestData.Version(modPage), ["Note"] = " " }, $"/en/practices/{slug}/move?step=validate");
        Assert.Equal(HttpStatusCode.BadRequest, noNote.StatusCode);
        Assert.Contains("Write a note", WebUtility.HtmlDecode(await noNote.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        var validated = await moderator.SubmitAsync($"/en/practices/{slug}",
            new Dictionary<string, string> { ["Version"] = PracticeTestData.Version(modPage), ["Note"] = "Figures checked against the monitoring report." },
            $"/en/practices/{slug}/move?step=validate");
        Assert.Equal(HttpStatusCode.Redirect, validated.StatusCode);
        // The moderator may not edit the practice itself.
        Assert.Equal(HttpStatusCode.Forbidden, (await moderator.GetAsync($"/en/practices/{slug}/edit")).StatusCode);

        var published = await member.SubmitAsync($"/en/practices/{slug}",
            new Dictionary<string, string> { ["Version"] = PracticeTestData.Version(await member.GetStringAsync($"/en/practices/{slug}")) },
            $"/en/practices/{slug}/move?step=publish");
        Assert.Equal(HttpStatusCode.Redirect, published.StatusCode);
        var visitor = app.Client();
        var list = WebUtility.HtmlDecode(await visitor.GetStringAsync("/en/practices?q=hedgerows+dommel"));
        Assert.Contains("Hedgerows replanted along the Dommel brook", list, StringComparison.Ordinal);
        var publicPage = WebUtility.HtmlDecode(await visitor.GetStringAsync($"/en/practices/{slug}"));
        Assert.Contains("Figures checked", await member.GetStringAsync($"/en/practices/{slug}"), StringComparison.Ordinal);
        Assert.DoesNotContain("Editing and validation", publicPage, StringComparison.Ordinal);

        var history = WebUtility.HtmlDecode(await member.GetStringAsync($"/en/practices/{slug}/history"));
        foreach (var step in new[] { "Created", "Submitted", "Validated", "Published" }) Assert.Contains(step, history, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await stranger.GetAsync($"/en/practices/{slug}/history")).StatusCode);

        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<LearningNetworkDb>();
        var saved = await db.Practices.Include(p => p.Tags).Include(p => p.Results).Include(p => p.Blocks).SingleAsync(p => p.Slug == slug);
        Assert.Equal(PracticeStage.Published, saved.Stage);
        Assert.Contains(saved.Tags, t => t.Scheme == PracticeTagSchemes.Target && t.Code == "kmgbf:2");
        Assert.Contains(saved.Tags, t => t.Scheme == PracticeTagSchemes.Theme && t.Code == "3917");
        Assert.Equal(14, saved.Results.Single().Value);
        Assert.Single(saved.Blocks);
        Assert.Equal(4, await db.PracticeRevisions.CountAsync(r => r.PracticeId == saved.Id));
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "practice.validate" && a.Subject == $"practice/{slug}"));
    }

    /// <summary>Issue 18: nobody has to watch their practice's page to learn where it went: its author is told, by a
    /// notification and an e-mail with the moderator's note, when a moderator returns it and when it is published.</summary>
    [Fact]
    public async Task The_author_is_told_when_a_moderator_returns_their_practice_and_when_it_is_published()
    {
        using var app = new TestApp(Infrastructure.Providers.Sqlite, Mailbox.Settings());
        var (author, partnerId, email) = await PracticeTestData.MemberOfAsync(app, "noord-brabant");
        const string title = "Hedgerows for the author to hear of";
        Assert.Equal(HttpStatusCode.Redirect, (await author.SubmitAsync("/pl/practices/new", PracticeTestData.Form(partnerId, title))).StatusCode);
        var slug = await PracticeTestData.SlugAsync(app, title);
        async Task MoveAsync(HttpClient who, string step, string note = "") =>
            Assert.Equal(HttpStatusCode.Redirect, (await who.SubmitAsync($"/pl/practices/{slug}",
                new Dictionary<string, string> { ["Version"] = PracticeTestData.Version(await who.GetStringAsync($"/pl/practices/{slug}")), ["Note"] = note },
                $"/pl/practices/{slug}/move?step={step}")).StatusCode);
        var moderator = await TestPeople.WithRoleAsync(app, Roles.Moderator);

        await MoveAsync(author, "submit");
        await MoveAsync(moderator, "return", "Podaj źródło liczby 14 km.");
        var returned = await Mailbox.LatestToAsync(app, email);
        Assert.Equal($"Twoja praktyka wróciła do poprawy: {title}", returned.Subject);
        Assert.Contains("Podaj źródło liczby 14 km.", returned.TextBody, StringComparison.Ordinal);
        Assert.Contains($"/practices/{slug}", returned.TextBody, StringComparison.Ordinal);

        await MoveAsync(author, "submit");
        await MoveAsync(moderator, "validate", "Źródło sprawdzone.");
        await MoveAsync(moderator, "publish");
        var published = await Mailbox.LatestToAsync(app, email, 2);
        Assert.Equal($"Twoja praktyka została opublikowana: {title}", published.Subject);

        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<LearningNetworkDb>();
        var authorId = await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
        Assert.Equal(["practice-returned", "practice-published"], await db.Notifications.Where(n => n.UserId == authorId).OrderBy(n => n.Id).Select(n => n.Kind).ToListAsync());
    }

    [Fact]
    public async Task Only_members_of_the_owning_organisation_edit_and_a_rejected_form_keeps_what_was_typed()
    {
        using var app = new TestApp(Infrastructure.Providers.Sqlite, Mailbox.Settings());
        Assert.Equal(HttpStatusCode.Redirect, (await app.Client().GetAsync("/en/practices/new")).StatusCode);
        var (nobody, _) = await TestPeople.RegisteredAsync(app);
        Assert.Equal(HttpStatusCode.Forbidden, (await nobody.GetAsync("/en/practices/new")).StatusCode);

        var (member, partnerId, _) = await PracticeTestData.MemberOfAsync(app, "noord-brabant");
        var (other, otherId, _) = await PracticeTestData.MemberOfAsync(app, "hamburg");
        // Writing for an organisation one does not belong to is refused as a bad choice, not saved.
        var foreign = await other.SubmitAsync("/en/practices/new", PracticeTestData.Form(partnerId, "Written for someone else"));
        Assert.Equal(HttpStatusCode.BadRequest, foreign.StatusCode);

        var bad = PracticeTestData.Form(partnerId, "A practice with mistakes");
        bad["Form.Summary"] = "";
        bad["Form.Nuts"] = "DE21";
        bad["Form.Results[0].Value"] = "lots";
        bad["Form.EndDate"] = "2020-01-01";
        bad["Form.Themes"] = "hedge; not a gemet term at all";
        bad["Form.Targets"] = "kmgbf:99";
        bad["Form.Latitude"] = "95";
        var rejected = await member.SubmitAsync("/en/practices/new", bad);
        Assert.Equal(HttpStatusCode.BadRequest, rejected.StatusCode);
        var html = WebUtility.HtmlDecode(await rejected.Content.ReadAsStringAsync());
        Assert.Contains("A practice with mistakes", html, StringComparison.Ordinal);
        Assert.Contains("A dry spring killed", html, StringComparison.Ordinal);
        foreach (var message in new[] { "Fill in this field", "not in the country you chose", "Enter a number", "The end date is before the start date",
                     "not a GEMET term at all", "This choice is not in the list" })
            Assert.Contains(message, html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("aria-invalid=\"true\"", html, StringComparison.Ordinal);

        // French reader: the messages are in French.
        var fr = await member.SubmitAsync("/fr/practices/new", bad);
        Assert.Contains("Saisissez un nombre", WebUtility.HtmlDecode(await fr.Content.ReadAsStringAsync()), StringComparison.Ordinal);

        await member.SubmitAsync("/en/practices/new", PracticeTestData.Form(partnerId, "Owned by Brabant"));
        var slug = await PracticeTestData.SlugAsync(app, "Owned by Brabant");
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/en/practices/{slug}/edit")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await member.GetAsync($"/en/practices/{slug}/edit")).StatusCode);
        Assert.NotEqual(partnerId, otherId);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task An_edit_on_a_stale_version_is_shown_as_a_conflict_and_saves_nothing(string provider)
    {
        using var app = new TestApp(provider, Mailbox.Settings());
        var (alice, partnerId, _) = await PracticeTestData.MemberOfAsync(app, "noord-brabant");
        var (bob, _, _) = await PracticeTestData.MemberOfAsync(app, "noord-brabant");
        await alice.SubmitAsync("/en/practices/new", PracticeTestData.Form(partnerId, "Two editors at once"));
        var slug = await PracticeTestData.SlugAsync(app, "Two editors at once");

        var aliceForm = await alice.GetStringAsync($"/en/practices/{slug}/edit");
        var bobForm = await bob.GetStringAsync($"/en/practices/{slug}/edit");
        var first = PracticeTestData.Form(partnerId, "Two editors at once");
        first["Version"] = PracticeTestData.Version(aliceForm);
        first["Form.Summary"] = "Alice's summary, saved first.";
        Assert.Equal(HttpStatusCode.Redirect, (await alice.SubmitAsync($"/en/practices/{slug}/edit", first)).StatusCode);

        var second = PracticeTestData.Form(partnerId, "Two editors at once");
        second["Version"] = PracticeTestData.Version(bobForm);
        second["Form.Summary"] = "Bob's summary, typed on the old version.";
        var conflict = await bob.SubmitAsync($"/en/practices/{slug}/edit", second);
        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        var html = WebUtility.HtmlDecode(await conflict.Content.ReadAsStringAsync());
        Assert.Contains("changed while you were editing", html, StringComparison.Ordinal);
        Assert.Contains("Alice's summary, saved first.", html, StringComparison.Ordinal); // the saved version is shown
        Assert.Contains("Bob's summary, typed on the old version.", html, StringComparison.Ordinal); // and what Bob typed is kept

        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<LearningNetworkDb>();
            Assert.Equal("Alice's summary, saved first.", await db.PracticeTexts.Where(t => t.Title == "Two editors at once").Select(t => t.Summary).SingleAsync());
        }

        // Saving again from the conflict page (now on the current version) is a deliberate overwrite.
        second["Version"] = PracticeTestData.Version(html);
        Assert.Equal(HttpStatusCode.Redirect, (await bob.SubmitAsync($"/en/practices/{slug}/edit", second)).StatusCode);
        var diff = WebUtility.HtmlDecode(await alice.GetStringAsync($"/en/practices/{slug}/history"));
        Assert.Contains("<del>", diff, StringComparison.Ordinal);
        Assert.Contains("Bob's", diff, StringComparison.Ordinal);
    }
}
