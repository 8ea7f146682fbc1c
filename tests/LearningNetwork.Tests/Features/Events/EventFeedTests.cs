using System.Net;
using LearningNetwork.Data;
using LearningNetwork.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace LearningNetwork.Tests.Features.Events;

public sealed class EventFeedTests
{
    /// <summary>A title or summary may hold characters XML 1.0 cannot carry (pasted control characters, an imported
    /// feed's): the events feed leaves them out instead of failing with a 500, as the other feeds do.</summary>
    [Fact]
    public async Task Characters_xml_cannot_carry_are_left_out_of_the_events_feed()
    {
        using var app = new TestApp(Providers.Sqlite);
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<LearningNetworkDb>();
            var e = await db.Events.OrderByDescending(e => e.UpdatedAt).FirstAsync();
            e.Title = "Bell\u0007 and form feed\u000c in a title";
            e.Summary += " \u0001";
            e.UpdatedAt = DateTime.UtcNow;
            await db.SaveChangesAsync();
        }
        var response = await app.Client().GetAsync("/feeds/events.atom");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var atom = System.Xml.Linq.XDocument.Parse(await response.Content.ReadAsStringAsync());
        System.Xml.Linq.XNamespace a = "http://www.w3.org/2005/Atom";
        Assert.Contains(atom.Root!.Elements(a + "entry"), entry => entry.Element(a + "title")!.Value == "Bell and form feed in a title");
    }

    /// <summary>Events are public items like news and commitments: in the open data (CSV with its dictionary, the catalogue)
    /// and announced to webhook subscribers when they change, a cancellation included.</summary>
    [Fact]
    public async Task Events_are_in_the_open_data_and_announced_by_webhook()
    {
        using var app = new TestApp(Providers.Sqlite);
        var client = app.Client();
        int count, cancelledId;
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<LearningNetworkDb>();
            db.WebhookSubscriptions.Add(new LearningNetwork.Domain.WebhookSubscription { Url = "https://subscriber.example.org/hook", Secret = "s3cret-for-the-test", CreatedAt = DateTime.UtcNow });
            await db.SaveChangesAsync();
            var e = await db.Events.OrderBy(e => e.Id).FirstAsync(e => e.CancelledAt == null);
            e.CancelledAt = DateTime.UtcNow;
            e.UpdatedAt = DateTime.UtcNow;
            await db.SaveChangesAsync();
            cancelledId = e.Id;
            count = await db.Events.CountAsync();
            var delivery = await db.WebhookDeliveries.SingleAsync(d => d.Event == "event.updated");
            Assert.Contains($"\"slug\":\"{e.Slug}\"", delivery.Payload, StringComparison.Ordinal);
            Assert.Contains("\"type\":\"event\"", delivery.Payload, StringComparison.Ordinal);
        }

        var rows = OpenDataTests.ReadCsv(await client.GetStringAsync("/open-data/events.csv"));
        var dictionary = LearningNetwork.Features.OpenData.OpenDataSets.Datasets.Single(d => d.Name == "events").Columns.Select(c => c.Column).ToList();
        Assert.Equal(dictionary, rows[0]);
        Assert.Equal(count, rows.Count - 1);
        var items = rows.Skip(1).Select(r => rows[0].Zip(r).ToDictionary(x => x.First, x => x.Second)).ToList();
        Assert.Equal("cancelled", items.Single(r => r["id"] == cancelledId.ToString(System.Globalization.CultureInfo.InvariantCulture))["status"]);
        Assert.All(items, r => Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}[+-]\d{2}:\d{2}$", r["starts"]));
        Assert.Contains(items, r => r["time_zone"] == "Europe/Helsinki" && (r["starts"].EndsWith("+02:00", StringComparison.Ordinal) || r["starts"].EndsWith("+03:00", StringComparison.Ordinal)));
        var page = System.Net.WebUtility.HtmlDecode(await client.GetStringAsync("/pl/open-data"));
        foreach (var column in dictionary) Assert.Contains($"<code>{column}</code>", page, StringComparison.Ordinal);
    }

    /// <summary>Words a theme field could not map are kept as the author's own (issue 18) and shown with the themes.</summary>
    [Fact]
    public async Task An_events_and_a_news_items_own_words_show_with_their_themes()
    {
        using var app = new TestApp(Providers.Sqlite);
        string eventSlug, newsSlug;
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<LearningNetworkDb>();
            var e = await db.Events.OrderBy(e => e.Id).FirstAsync();
            e.FreeKeywords = "łąki kośne pod lasem";
            var n = await db.NewsItems.OrderBy(n => n.Id).FirstAsync(n => n.PublishedAt <= DateTime.UtcNow);
            n.FreeKeywords = "prati da sfalcio";
            await db.SaveChangesAsync();
            (eventSlug, newsSlug) = (e.Slug, n.Slug);
        }
        var client = app.Client();
        Assert.Contains("łąki kośne pod lasem", System.Net.WebUtility.HtmlDecode(await client.GetStringAsync($"/en/events/{eventSlug}")), StringComparison.Ordinal);
        Assert.Contains("prati da sfalcio", System.Net.WebUtility.HtmlDecode(await client.GetStringAsync($"/en/news/{newsSlug}")), StringComparison.Ordinal);
    }
}
