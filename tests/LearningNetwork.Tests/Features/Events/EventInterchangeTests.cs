using System.Text;
using System.Text.Json.Nodes;
using LearningNetwork.Data;
using LearningNetwork.Domain;
using LearningNetwork.Features.Interchange;
using LearningNetwork.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LearningNetwork.Tests.Features.Events;

/// <summary>Events in the JSON-LD export, import and harvest (schema.org Event), under the importer's scope rules.</summary>
public sealed class EventInterchangeTests(EventTestApps apps) : IClassFixture<EventTestApps>
{
    [Fact]
    public async Task Events_are_exported_as_schema_org_Event_and_a_harvest_adds_its_own_but_never_changes_a_local_one()
    {
        var app = apps.For(Providers.Sqlite);
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<LearningNetworkDb>();
        var export = await scope.ServiceProvider.GetRequiredService<InterchangeExporter>().ExportAsync(CancellationToken.None);
        var graph = export["@graph"]!.AsArray();
        var events = graph.Where(n => n!["@type"]!.GetValue<string>() == "Event").ToList();
        Assert.Equal(await db.Events.CountAsync(), events.Count);
        var visit = events.Single(n => n!["name"]!.GetValue<string>().StartsWith("Study visit: urban forests", StringComparison.Ordinal))!;
        Assert.Matches(@"^\d{4}-\d\d-\d\dT09:00:00\+0[23]:00$", visit["startDate"]!.GetValue<string>());
        Assert.Equal("https://schema.org/OfflineEventAttendanceMode", visit["eventAttendanceMode"]!.GetValue<string>());
        Assert.Equal("study-visit", visit["additionalType"]!.GetValue<string>());
        var organiser = visit["organizer"]![0]!["@id"]!.GetValue<string>();
        Assert.Contains(graph, n => n!["@id"]?.GetValue<string>() == organiser && n["name"]!.GetValue<string>().Contains("Helsinki", StringComparison.Ordinal));
        Assert.Contains(visit["about"]!.AsArray(), t => t!["termCode"]!.GetValue<string>() == "KMGBF-12");
        var localId = visit["@id"]!.GetValue<string>();

        // A harvested network: its organisation and its event arrive; its attempt to rewrite our own event is skipped.
        var network = new RegisteredNetwork { Slug = "events-harvest-" + Guid.NewGuid().ToString("N")[..6], Name = "Alpine towns", FeedUrl = "https://alpine.example/export.jsonld" };
        db.RegisteredNetworks.Add(network);
        await db.SaveChangesAsync();
        var file = new JsonObject
        {
            ["@context"] = "https://schema.org",
            ["@graph"] = new JsonArray(
                new JsonObject
                {
                    ["@type"] = "GovernmentOrganization", ["@id"] = "https://alpine.example/org/innsbruck", ["name"] = "Innsbruck (harvested)",
                    ["additionalType"] = "municipality", ["address"] = new JsonObject { ["addressCountry"] = "AT" }, ["knowsLanguage"] = new JsonArray("de"),
                },
                new JsonObject
                {
                    ["@type"] = "Event", ["@id"] = "https://alpine.example/events/alpine-meadows", ["name"] = "Alpine meadows day",
                    ["description"] = "Mowing, grazing and flowers above the tree line.", ["inLanguage"] = "de",
                    ["startDate"] = "2031-07-04T09:00:00+02:00", ["endDate"] = "2031-07-04T17:00:00+02:00", ["additionalType"] = "study-visit",
                    ["additionalProperty"] = new JsonArray(new JsonObject { ["@type"] = "PropertyValue", ["propertyID"] = "timeZone", ["value"] = "Europe/Vienna" }),
                    ["location"] = new JsonObject { ["@type"] = "Place", ["name"] = "Nordkette, Innsbruck", ["address"] = new JsonObject { ["addressCountry"] = "AT" } },
                    ["organizer"] = new JsonObject { ["@id"] = "https://alpine.example/org/innsbruck" },
                },
                new JsonObject
                {
                    ["@type"] = "Event", ["@id"] = localId, ["name"] = "Taken over", ["inLanguage"] = "en", ["startDate"] = "2031-01-01T10:00:00Z",
                    ["organizer"] = new JsonObject { ["@id"] = "https://alpine.example/org/innsbruck" },
                }),
        };
        var importer = scope.ServiceProvider.GetRequiredService<InterchangeImporter>();
        var report = await importer.ImportAsync(new MemoryStream(Encoding.UTF8.GetBytes(file.ToJsonString())), ImportScope.HarvestOf(network), false, CancellationToken.None);
        Assert.True(report.Ok, report.ToString());
        Assert.Equal(1, report.Created.GetValueOrDefault("events"));
        Assert.Contains(report.Skipped, s => s.StartsWith(localId, StringComparison.Ordinal));
        var harvested = await db.Events.AsNoTracking().SingleAsync(e => e.ExternalId == "https://alpine.example/events/alpine-meadows");
        Assert.Equal(network.Id, harvested.OriginNetworkId);
        Assert.Equal("Europe/Vienna", harvested.TimeZone);
        Assert.Equal(new DateTime(2031, 7, 4, 7, 0, 0, DateTimeKind.Utc), harvested.StartsAt);
        Assert.Equal(EventKind.StudyVisit, harvested.Kind);
        Assert.DoesNotContain(await db.Events.AsNoTracking().Select(e => e.Title).ToListAsync(), t => t == "Taken over");

        // A partner's API key writes no event: the whole import is refused, nothing written.
        var helsinki = await db.Partners.Where(p => p.Slug == "helsinki").Select(p => p.Id).SingleAsync();
        var keyFile = new JsonObject
        {
            ["@context"] = "https://schema.org",
            ["@graph"] = new JsonArray(new JsonObject
            {
                ["@type"] = "Event", ["@id"] = "urn:example:event:by-key", ["name"] = "By key", ["inLanguage"] = "fi", ["startDate"] = "2031-01-01T10:00:00Z",
                ["organizer"] = new JsonObject { ["@id"] = organiser },
            }),
        };
        var refused = await importer.ImportAsync(new MemoryStream(Encoding.UTF8.GetBytes(keyFile.ToJsonString())), ImportScope.OfPartner(helsinki), false, CancellationToken.None);
        Assert.False(refused.Ok);
        Assert.NotEmpty(refused.Refused);
        Assert.False(await db.Events.AnyAsync(e => e.ExternalId == "urn:example:event:by-key"));
    }

    [Fact]
    public async Task Events_are_found_by_the_site_search_in_their_language_and_kept_current()
    {
        var app = apps.For(Providers.Sqlite);
        var index = app.Services.GetRequiredService<LearningNetwork.Features.Search.SearchIndex>();
        for (var i = 0; i < 1200 && !index.Ready; i++) await Task.Delay(100);
        Assert.True(index.Ready, "the index opened within 120 s");
        await index.CatchUpAsync(CancellationToken.None);
        var client = app.Client();
        var found = JsonNode.Parse(await client.GetStringAsync("/api/v1/search?q=Stadtplanung&lang=de&type=event"))!;
        Assert.Contains(found["items"]!.AsArray(), h => h!["type"]!.GetValue<string>() == "event"
            && h["url"]!.GetValue<string>().EndsWith("/events/workshop-biodiversitat-in-der-stadtplanung-verankern", StringComparison.Ordinal));
        // A new event is in the index from the next catch-up on.
        var e = await EventTestApps.NewEventAsync(app, "porto");
        await index.CatchUpAsync(CancellationToken.None);
        var fresh = JsonNode.Parse(await client.GetStringAsync("/api/v1/search?q=" + Uri.EscapeDataString(e.Title) + "&lang=en&type=event"))!;
        Assert.Contains(fresh["items"]!.AsArray(), h => h!["url"]!.GetValue<string>().EndsWith("/events/" + e.Slug, StringComparison.Ordinal));
    }
}
