using System.Net;
using System.Text.Json.Nodes;
using LearningNetwork.Data;
using LearningNetwork.Domain;
using LearningNetwork.Tests.Features.Practices;
using LearningNetwork.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LearningNetwork.Tests.Features.Events;

/// <summary>The organiser cancels an event: everyone registered or waiting is e-mailed once; the page, the .ics and the API say so.</summary>
public sealed class EventCancellationTests(EventTestApps apps) : IClassFixture<EventTestApps>
{
    public static TheoryData<string> Providers => Infrastructure.Providers.All;

    private static readonly Dictionary<string, string> None = [];

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task The_organiser_cancels_an_event_everyone_registered_is_told_once_and_the_page_calendar_and_api_say_it_is_cancelled(string provider)
    {
        var app = apps.For(provider);
        var e = await EventTestApps.NewEventAsync(app, capacity: 2);
        var page = $"/en/events/{e.Slug}";
        var (organiser, _, _) = await PracticeTestData.MemberOfAsync(app, "helsinki");
        var (outsider, _, _) = await PracticeTestData.MemberOfAsync(app, "noord-brabant");
        var people = new List<(HttpClient Client, string Email)>();
        for (var i = 0; i < 3; i++)
        {
            var person = await TestPeople.RegisteredAsync(app);
            Assert.Equal(HttpStatusCode.OK, (await person.Client.SubmitAsync(page, None, page + "?handler=Register")).StatusCode);
            await Mailbox.LatestToAsync(app, person.Email, atLeast: 2);
            people.Add(person);
        }
        var icsBefore = await app.Client().GetStringAsync($"/events/{e.Slug}.ics");
        Assert.Contains("SEQUENCE:0\r\n", icsBefore, StringComparison.Ordinal);
        Assert.Contains("STATUS:CONFIRMED\r\n", icsBefore, StringComparison.Ordinal);

        // Only the organising partner cancels: another organisation's member is refused, whatever they post; nothing changes.
        Assert.DoesNotContain("Cancel this event", await outsider.GetStringAsync(page), StringComparison.Ordinal);
        var note = new Dictionary<string, string> { ["CancellationNote"] = "The venue is flooded; we will announce a new date." };
        Assert.Equal(HttpStatusCode.Forbidden, (await outsider.SubmitAsync(page, note, page + "?handler=CancelEvent")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await people[0].Client.SubmitAsync(page, note, page + "?handler=CancelEvent")).StatusCode);
        Assert.Null(await CancelledAtAsync(app, e.Id));
        // A cancellation says why: an empty note is asked for again.
        var empty = await organiser.SubmitAsync(page, new Dictionary<string, string> { ["CancellationNote"] = " " }, page + "?handler=CancelEvent");
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Null(await CancelledAtAsync(app, e.Id));

        Assert.Contains("Cancel this event", await organiser.GetStringAsync(page), StringComparison.Ordinal);
        var cancelled = await organiser.SubmitAsync(page, note, page + "?handler=CancelEvent");
        Assert.Equal(HttpStatusCode.Redirect, cancelled.StatusCode);
        Assert.Equal($"{page}?done=cancelled", cancelled.Headers.Location!.OriginalString);
        Assert.NotNull(await CancelledAtAsync(app, e.Id));

        // The two holding a place and the one waiting are each e-mailed, with the organiser's note.
        foreach (var (_, email) in people)
        {
            var mail = await Mailbox.LatestToAsync(app, email, atLeast: 3);
            Assert.Equal($"Cancelled: {e.Title}", mail.Subject);
            Assert.Contains("The venue is flooded", mail.TextBody, StringComparison.Ordinal);
            Assert.Contains(page, mail.TextBody, StringComparison.Ordinal);
        }
        // A second cancellation is refused as moved on, and mails nobody again.
        Assert.Equal(HttpStatusCode.Conflict, (await organiser.SubmitAsync(page, note, page + "?handler=CancelEvent")).StatusCode);
        await Task.Delay(300);
        Assert.Throws<Xunit.Sdk.XunitException>(() => Mailbox.LatestToAsync(app, people[0].Email, atLeast: 4).GetAwaiter().GetResult());

        // The page says so and takes no registration; the calendar file carries the cancellation with a higher SEQUENCE.
        var shown = WebUtility.HtmlDecode(await app.Client().GetStringAsync(page));
        Assert.Contains("This event was cancelled on", shown, StringComparison.Ordinal);
        Assert.Contains("The venue is flooded", shown, StringComparison.Ordinal);
        var late = await TestPeople.RegisteredAsync(app);
        Assert.Equal(HttpStatusCode.Conflict, (await late.Client.SubmitAsync(page, None, page + "?handler=Register")).StatusCode);
        var ics = await app.Client().GetStringAsync($"/events/{e.Slug}.ics");
        Assert.Contains("SEQUENCE:1\r\n", ics, StringComparison.Ordinal);
        Assert.Contains("STATUS:CANCELLED\r\n", ics, StringComparison.Ordinal);
        Assert.DoesNotContain("STATUS:CONFIRMED", ics, StringComparison.Ordinal);
        var api = JsonNode.Parse(await app.Client().GetStringAsync($"/api/v1/events/{e.Id}"))!;
        Assert.Equal("cancelled", (string)api["event"]!["status"]!);
        Assert.NotNull((string?)api["event"]!["cancelledAt"]);
        var list = JsonNode.Parse(await app.Client().GetStringAsync("/api/v1/events"))!;
        Assert.All(list["items"]!.AsArray().Where(i => (int)i!["id"]! != e.Id), i => Assert.NotNull((string?)i!["status"]));
    }

    private static async Task<DateTime?> CancelledAtAsync(TestApp app, int id)
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<LearningNetworkDb>().Events.Where(x => x.Id == id).Select(x => x.CancelledAt).SingleAsync();
    }
}
