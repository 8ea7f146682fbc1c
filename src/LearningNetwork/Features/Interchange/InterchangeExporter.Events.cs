using System.Text.Json.Nodes;
using LearningNetwork.Features.Events;
using Microsoft.EntityFrameworkCore;

namespace LearningNetwork.Features.Interchange;

/// <summary>Events in the export (docs/interchange.md, "Event"): schema.org <c>Event</c> nodes (see <see cref="EventJsonLd"/>)
/// whose organizers are the exported partners' <c>@id</c>s; the registrations (personal data) are never exported.</summary>
public sealed partial class InterchangeExporter
{
    private async Task AddEventsAsync(JsonArray graph, Dictionary<int, string> partnerIds, CancellationToken ct)
    {
        var events = await db.Events.AsNoTracking().Include(e => e.Tags).Include(e => e.Partner).Include(e => e.CoOrganisers).ThenInclude(o => o.Partner)
            .AsSplitQuery().OrderBy(e => e.Id).ToListAsync(ct);
        foreach (var e in events)
        {
            if (!partnerIds.ContainsKey(e.PartnerId)) continue;
            e.CoOrganisers.RemoveAll(o => !partnerIds.ContainsKey(o.PartnerId));
            var node = EventJsonLd.For(e, "", await ids.EventAsync(e, ct), p => partnerIds[p.Id]);
            node.Remove("@context");
            node.Remove("url");
            graph.Add(node);
        }
    }
}
