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
}
