using System.Net;
using LearningNetwork.Data;
using LearningNetwork.Domain;
using LearningNetwork.Features.Events;
using LearningNetwork.Tests.Features.Practices;
using LearningNetwork.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LearningNetwork.Tests.Features.Events;

/// <summary>Registration with capacity and a waiting list: on the pages (no script), by e-mail, and under concurrent cancellations.</summary>
public sealed class EventRegistrationTests(EventTestApps apps) : IClassFixture<EventTestApps>
{
    public static TheoryData<string> Providers => Infrastructure.Providers.All;

    [Fact]
    public async Task A_member_registers_twice_without_harm_a_full_event_puts_the_next_on_the_waiting_list_and_a_cancellation_promotes_them()
    {
        var app = apps.For(Infrastructure.Providers.Sqlite);
        var e = await EventTestApps.NewEventAsync(app, capacity: 1);
        var page = $"/en/events/{e.Slug}";
        var (first, firstEmail) = await TestPeople.RegisteredAsync(app);
        var (second, secondEmail) = await TestPeople.RegisteredAsync(app);

        var registered = await first.SubmitAsync(page, new Dictionary<string, string>(), page + "?handler=Register");
        Assert.Equal(HttpStatusCode.OK, registered.StatusCode);
        Assert.Contains("You are registered. We have sent you a confirmation by e-mail.", WebUtility.HtmlDecode(await registered.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        var confirmation = await Mailbox.LatestToAsync(app, firstEmail, atLeast: 2); // the account's confirmation, then the event's
        Assert.Equal($"You are registered for {e.Title}", confirmation.Subject);
        Assert.Contains("(Helsinki time)", confirmation.TextBody, StringComparison.Ordinal);
        Assert.Contains($"/en/events/{e.Slug}", confirmation.TextBody, StringComparison.Ordinal);

        // Twice: nothing changes, and the page says so.
        var again = await first.SubmitAsync(page, new Dictionary<string, string>(), page + "?handler=Register");
        Assert.Contains("You were already registered: nothing changed.", WebUtility.HtmlDecode(await again.Content.ReadAsStringAsync()), StringComparison.Ordinal);

        // Full: the second person waits, and is told so on the page and by e-mail; the button says "Join the waiting list".
        Assert.Contains("Join the waiting list", await second.GetStringAsync(page), StringComparison.Ordinal);
        var waiting = await second.SubmitAsync(page, new Dictionary<string, string>(), page + "?handler=Register");
        var waitingHtml = WebUtility.HtmlDecode(await waiting.Content.ReadAsStringAsync());
        Assert.Contains("The event is full: you are on the waiting list.", waitingHtml, StringComparison.Ordinal);
        Assert.Contains("You are number 1 on the waiting list.", waitingHtml, StringComparison.Ordinal);
        Assert.Equal($"You are on the waiting list for {e.Title}", (await Mailbox.LatestToAsync(app, secondEmail, atLeast: 2)).Subject);
        var again2 = await second.SubmitAsync(page, new Dictionary<string, string>(), page + "?handler=Register");
        Assert.Contains("You are already on the waiting list: nothing changed.", WebUtility.HtmlDecode(await again2.Content.ReadAsStringAsync()), StringComparison.Ordinal);

        // The first cancels: the second gets the place and an e-mail saying so.
        var cancelled = await first.SubmitAsync(page, new Dictionary<string, string>(), page + "?handler=Cancel");
        Assert.Contains("Your registration is cancelled.", WebUtility.HtmlDecode(await cancelled.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        var promoted = await Mailbox.LatestToAsync(app, secondEmail, atLeast: 3);
        Assert.Equal($"A place freed up: you are registered for {e.Title}", promoted.Subject);
        Assert.Contains("You are registered.", await second.GetStringAsync(page), StringComparison.Ordinal);

        // The reminder job reminds the person holding the place, once.
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<LearningNetworkDb>();
            await db.Events.Where(x => x.Id == e.Id).ExecuteUpdateAsync(s => s.SetProperty(x => x.StartsAt, DateTime.UtcNow.AddHours(5)).SetProperty(x => x.EndsAt, DateTime.UtcNow.AddHours(8)));
        }
        var reminders = app.Service<EventReminders>();
        Assert.True(await reminders.SendDueAsync(CancellationToken.None) >= 1);
        Assert.Equal($"Reminder: {e.Title} starts soon", (await Mailbox.LatestToAsync(app, secondEmail, atLeast: 4)).Subject);
        await reminders.SendDueAsync(CancellationToken.None);
        await Task.Delay(200);
        Assert.Equal($"Reminder: {e.Title} starts soon", (await Mailbox.LatestToAsync(app, secondEmail, atLeast: 4)).Subject);
        Assert.Throws<Xunit.Sdk.XunitException>(() => Mailbox.LatestToAsync(app, secondEmail, atLeast: 5).GetAwaiter().GetResult());

        // Without signing in there is no register button, only a link to sign in; a forged POST is refused.
        var anonymous = app.Client();
        Assert.Contains("Sign in to register", await anonymous.GetStringAsync(page), StringComparison.Ordinal);
        Assert.False((await anonymous.PostAsync(page + "?handler=Register", new FormUrlEncodedContent(new Dictionary<string, string>()))).IsSuccessStatusCode);
    }

    [Fact]
    public async Task Cancelling_after_the_deadline_is_refused_with_a_clear_message_and_registration_closes_at_its_deadline()
    {
        var app = apps.For(Infrastructure.Providers.Sqlite);
        var e = await EventTestApps.NewEventAsync(app, capacity: 10, startsIn: TimeSpan.FromDays(2), cancelUntilBeforeStart: TimeSpan.FromDays(3));
        var page = $"/en/events/{e.Slug}";
        var (member, _) = await TestPeople.RegisteredAsync(app);
        await member.SubmitAsync(page, new Dictionary<string, string>(), page + "?handler=Register");
        Assert.Contains("The deadline for cancelling has passed", await member.GetStringAsync(page), StringComparison.Ordinal);
        var refused = await member.SubmitAsync(page, new Dictionary<string, string>(), page + "?handler=Cancel");
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("The deadline for cancelling has passed: your registration stays.", WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        var french = await member.SubmitAsync($"/fr/events/{e.Slug}", new Dictionary<string, string>(), $"/fr/events/{e.Slug}?handler=Cancel");
        Assert.Contains("La date limite d’annulation est passée", WebUtility.HtmlDecode(await french.Content.ReadAsStringAsync()), StringComparison.Ordinal);

        var closed = await EventTestApps.NewEventAsync(app, startsIn: TimeSpan.FromDays(1), registerUntilBeforeStart: TimeSpan.FromDays(2));
        var (late, _) = await TestPeople.RegisteredAsync(app);
        var lateAnswer = await late.SubmitAsync($"/en/events/{closed.Slug}", new Dictionary<string, string>(), $"/en/events/{closed.Slug}?handler=Register");
        Assert.Equal(HttpStatusCode.Conflict, lateAnswer.StatusCode);
        Assert.Contains("Registration for this event is closed.", WebUtility.HtmlDecode(await lateAnswer.Content.ReadAsStringAsync()), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Concurrent_cancellations_each_promote_exactly_one_waiting_person_in_order(string provider)
    {
        var app = apps.For(provider);
        var e = await EventTestApps.NewEventAsync(app, capacity: 4);
        var people = new List<string>();
        for (var i = 0; i < 9; i++) people.Add((await EventTestApps.PersonAsync(app)).Id);
        foreach (var person in people)
        {
            using var scope = app.Services.CreateScope();
            await scope.ServiceProvider.GetRequiredService<EventRegistrations>().RegisterAsync(e.Id, person, "en", CancellationToken.None);
        }
        // Four hold places, five wait (in the order they asked). All four cancel at the same instant.
        var results = await Task.WhenAll(people.Take(4).Select(async person =>
        {
            using var scope = app.Services.CreateScope();
            return await scope.ServiceProvider.GetRequiredService<EventRegistrations>().CancelAsync(e.Id, person, CancellationToken.None);
        }));
        Assert.All(results, r => Assert.Equal(RegistrationOutcome.Cancelled, r.Outcome));
        // Each cancellation promoted exactly one person, each a different one, in the order they asked.
        Assert.All(results, r => Assert.NotNull(r.Promoted));
        Assert.Equal(4, results.Select(r => r.Promoted!.Id).Distinct().Count());
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<LearningNetworkDb>();
            var rows = await db.EventRegistrations.AsNoTracking().Where(r => r.EventId == e.Id).ToListAsync();
            Assert.Equal(people.Skip(4).Take(4).ToHashSet(), rows.Where(r => r.State == RegistrationState.Registered).Select(r => r.UserId!).ToHashSet());
            Assert.Equal([people[8]], rows.Where(r => r.State == RegistrationState.Waiting).Select(r => r.UserId!));
            Assert.Equal(4, rows.Count(r => r.PromotedAt != null));
        }
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Concurrent_registrations_for_the_last_places_never_overbook(string provider)
    {
        var app = apps.For(provider);
        var e = await EventTestApps.NewEventAsync(app, capacity: 3);
        var people = new List<string>();
        for (var i = 0; i < 8; i++) people.Add((await EventTestApps.PersonAsync(app)).Id);
        var results = await Task.WhenAll(people.Select(async person =>
        {
            using var scope = app.Services.CreateScope();
            return await scope.ServiceProvider.GetRequiredService<EventRegistrations>().RegisterAsync(e.Id, person, "en", CancellationToken.None);
        }));
        Assert.Equal(3, results.Count(r => r.Outcome == RegistrationOutcome.Registered));
        Assert.Equal(5, results.Count(r => r.Outcome == RegistrationOutcome.WaitingList));
    }

    [Fact]
    public async Task A_member_of_the_organising_partner_creates_and_edits_an_event_and_a_member_of_another_partner_cannot()
    {
        var app = apps.For(Infrastructure.Providers.Sqlite);
        var (member, partnerId, _) = await PracticeTestData.MemberOfAsync(app, "helsinki");
        var form = new Dictionary<string, string>
        {
            ["Form.Partner"] = partnerId.ToString(System.Globalization.CultureInfo.InvariantCulture), ["Form.Kind"] = "webinar", ["Form.Language"] = "en",
            ["Form.Title"] = "Webinar on pollinator-friendly parks", ["Form.Summary"] = "How Helsinki mows less and counts more bees.",
            ["Form.Description"] = "One hour on meadows in city parks, with the park managers.", ["Form.TimeZone"] = "Europe/Helsinki",
            ["Form.Starts"] = "2031-05-20T14:00", ["Form.Ends"] = "2031-05-20T15:00", ["Form.OnlineUrl"] = "https://meet.example.org/bees",
            ["Form.Languages"] = "en", ["Form.Targets"] = "kmgbf:11", ["Form.Capacity"] = "100",
        };
        // Bad input: nothing is lost and each field says what is wrong.
        var bad = new Dictionary<string, string>(form) { ["Form.Ends"] = "2031-05-20T13:00", ["Form.OnlineUrl"] = "javascript:alert(1)", ["Form.Capacity"] = "many" };
        var refused = await member.SubmitAsync("/en/events/new", bad);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var refusedHtml = WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync());
        Assert.Contains("The end must be after the start.", refusedHtml, StringComparison.Ordinal);
        Assert.Contains("Enter a full web address starting with https://.", refusedHtml, StringComparison.Ordinal);
        Assert.Contains("Enter a whole number of places", refusedHtml, StringComparison.Ordinal);
        Assert.Contains("value=\"Webinar on pollinator-friendly parks\"", refusedHtml, StringComparison.Ordinal);
        var german = await member.SubmitAsync("/de/events/new", bad);
        Assert.Contains("Das Ende muss nach dem Beginn liegen.", WebUtility.HtmlDecode(await german.Content.ReadAsStringAsync()), StringComparison.Ordinal);

        var created = await member.SubmitAsync("/en/events/new", form);
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var location = created.Headers.Location!.OriginalString;
        Assert.StartsWith("/en/events/webinar-on-pollinator-friendly-parks", location, StringComparison.Ordinal);
        var slug = location.Split('/')[3].Split('?')[0];
        var html = WebUtility.HtmlDecode(await app.Client().GetStringAsync($"/en/events/{slug}?tz=Europe/Lisbon"));
        Assert.Contains("Helsinki time", html, StringComparison.Ordinal);
        Assert.Contains("Lisbon time", html, StringComparison.Ordinal);
        var text = System.Text.RegularExpressions.Regex.Replace(html, "<[^>]+>", "");
        Assert.Contains("20 May 2031 14:00 – 20 May 2031 15:00 (UTC+03:00)", text, StringComparison.Ordinal);
        Assert.Contains("20 May 2031 12:00 – 20 May 2031 13:00 (UTC+01:00)", text, StringComparison.Ordinal);
        Assert.Contains($"href=\"/events/{slug}.ics\"", html, StringComparison.Ordinal);

        // Another partner's member: 403 on the edit page and on a forged POST; a visitor is sent to sign in.
        var (stranger, _, _) = await PracticeTestData.MemberOfAsync(app, "porto");
        Assert.Equal(HttpStatusCode.Forbidden, (await stranger.GetAsync($"/en/events/{slug}/edit")).StatusCode);
        var forged = await stranger.SubmitAsync("/en/events/new", new Dictionary<string, string>(form) { ["Form.Title"] = "Taken over" }, $"/en/events/{slug}/edit");
        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await app.Client().GetAsync($"/en/events/{slug}/edit")).StatusCode);

        // The owner edits; an edit made on the older version afterwards is a conflict that keeps what was typed.
        var editPage = await member.GetStringAsync($"/en/events/{slug}/edit");
        var version = System.Text.RegularExpressions.Regex.Match(editPage, "name=\"Version\" value=\"([^\"]+)\"").Groups[1].Value;
        var edit = new Dictionary<string, string>(form) { ["Form.Title"] = "Webinar on bee-friendly parks", ["Version"] = version };
        Assert.Equal(HttpStatusCode.Redirect, (await member.SubmitAsync($"/en/events/{slug}/edit", edit)).StatusCode);
        var stale = await member.SubmitAsync($"/en/events/{slug}/edit", new Dictionary<string, string>(edit) { ["Form.Title"] = "Stale title" });
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Contains("value=\"Stale title\"", await stale.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<LearningNetworkDb>();
        Assert.Equal("Webinar on bee-friendly parks", await db.Events.Where(x => x.Slug == slug).Select(x => x.Title).SingleAsync());
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "event.edited"));
    }
}

/// <summary>Reading events: the list page and its feed link, the API's list shape, calendar files and feeds, the Atom feed, search.</summary>
public sealed class EventReadingTests(EventTestApps apps) : IClassFixture<EventTestApps>
{
    [Fact]
    public async Task The_list_api_calendar_files_and_feeds_show_the_demo_events()
    {
        var app = apps.For(Infrastructure.Providers.Sqlite);
        var client = app.Client();
        var list = WebUtility.HtmlDecode(await client.GetStringAsync("/en/events"));
        Assert.Contains("<link rel=\"alternate\" type=\"application/atom+xml\" href=\"/feeds/events.atom?lang=en\"", list, StringComparison.Ordinal);
        Assert.Contains("href=\"/en/events/study-visit-urban-forests-and-stormwater-wetlands-in-helsinki\"", list, StringComparison.Ordinal);
        Assert.Contains("Past events", list, StringComparison.Ordinal);
        Assert.DoesNotContain("not available yet", list, StringComparison.OrdinalIgnoreCase);
        var filtered = WebUtility.HtmlDecode(await client.GetStringAsync("/en/events?kind=study-visit&country=FI"));
        Assert.Contains("study-visit-urban-forests-and-stormwater-wetlands-in-helsinki", filtered, StringComparison.Ordinal);
        Assert.DoesNotContain("webinar-solucoes-baseadas", filtered, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/en/events?kind=party&theme=x")).StatusCode); // marked, ignored
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/de/events")).StatusCode);

        // API: the list shape of PRODUCT.md, and one event.
        var json = System.Text.Json.Nodes.JsonNode.Parse(await client.GetStringAsync("/api/v1/events?pageSize=5"))!;
        Assert.True(json["total"]!.GetValue<int>() >= 12);
        Assert.Equal(1, json["page"]!.GetValue<int>());
        Assert.Equal(5, json["pageSize"]!.GetValue<int>());
        var item = json["items"]![0]!;
        foreach (var field in new[] { "id", "slug", "title", "url", "language", "country", "kind", "startDate", "endDate", "timeZone", "calendar" })
            Assert.NotNull(item[field]);
        var helsinki = System.Text.Json.Nodes.JsonNode.Parse(await client.GetStringAsync("/api/v1/events?country=FI&kind=study-visit"))!["items"]![0]!;
        Assert.Equal("Europe/Helsinki", helsinki["timeZone"]!.GetValue<string>());
        Assert.Matches(@"T09:00:00\+0[23]:00$", helsinki["startDate"]!.GetValue<string>());
        var one = await client.GetAsync($"/api/v1/events/{helsinki["id"]}");
        Assert.Equal(HttpStatusCode.OK, one.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/v1/events/999999")).StatusCode);
        var bad = await client.GetAsync("/api/v1/events?kind=party&page=0");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("application/problem+json", bad.Content.Headers.ContentType!.MediaType);
        var openApi = await client.GetStringAsync("/openapi/v1.json");
        Assert.Contains("\"/api/v1/events\"", openApi, StringComparison.Ordinal);
        Assert.Contains("\"/api/v1/events/{id}\"", openApi, StringComparison.Ordinal);

        // Calendar files: one event, 404 for an unknown one, a partner's feed.
        var ics = await client.GetAsync($"/events/{helsinki["slug"]}.ics");
        Assert.Equal(HttpStatusCode.OK, ics.StatusCode);
        Assert.Equal("text/calendar", ics.Content.Headers.ContentType!.MediaType);
        var icsText = await ics.Content.ReadAsStringAsync();
        Assert.StartsWith("BEGIN:VCALENDAR\r\n", icsText, StringComparison.Ordinal);
        Assert.Contains("DTSTART;TZID=Europe/Helsinki:", icsText, StringComparison.Ordinal);
        Assert.Contains("BEGIN:VTIMEZONE\r\nTZID:Europe/Helsinki\r\n", icsText, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/events/no-such-event.ics")).StatusCode);
        var partnerFeed = await client.GetStringAsync("/partners/helsinki/events.ics");
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Count(partnerFeed, "BEGIN:VEVENT")); // the study visit and the webinar (within a year)
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/partners/no-such-partner/events.ics")).StatusCode);

        // Atom: well-formed, with an entry per event.
        var atom = System.Xml.Linq.XDocument.Parse(await client.GetStringAsync("/feeds/events.atom"));
        System.Xml.Linq.XNamespace a = "http://www.w3.org/2005/Atom";
        Assert.Equal(a + "feed", atom.Root!.Name);
        Assert.True(atom.Root.Elements(a + "entry").Count() >= 12);
        Assert.All(atom.Root.Elements(a + "entry"), entry => Assert.NotNull(entry.Element(a + "updated")));

        // The partner's and the target's pages list the events.
        Assert.Contains("/partners/helsinki/events.ics", await client.GetStringAsync("/en/partners/helsinki"), StringComparison.Ordinal);
        Assert.Contains("/en/events/study-visit-urban-forests-and-stormwater-wetlands-in-helsinki", await client.GetStringAsync("/en/targets/kmgbf/12"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_persons_calendar_feed_lists_their_events_behind_a_secret_address()
    {
        var app = apps.For(Infrastructure.Providers.Sqlite);
        var e = await EventTestApps.NewEventAsync(app, "porto", capacity: 5);
        var (member, _) = await TestPeople.RegisteredAsync(app);
        await member.SubmitAsync($"/en/events/{e.Slug}", new Dictionary<string, string>(), $"/en/events/{e.Slug}?handler=Register");
        var made = WebUtility.HtmlDecode(await (await member.SubmitAsync("/en/events/calendar", new Dictionary<string, string>())).Content.ReadAsStringAsync());
        var url = System.Text.RegularExpressions.Regex.Match(made, @"https?://[^""<\s]+/events/feed/[A-Za-z0-9_-]+\.ics").Value;
        Assert.NotEmpty(url);
        var feed = await app.Client().GetStringAsync(Forms.PathAndQuery(url));
        Assert.Contains(e.Title, feed, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await app.Client().GetAsync("/events/feed/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.ics")).StatusCode);
        // A new address ends the old one.
        await member.SubmitAsync("/en/events/calendar", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.NotFound, (await app.Client().GetAsync(Forms.PathAndQuery(url))).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await app.Client().GetAsync("/en/events/calendar")).StatusCode);
    }
}
