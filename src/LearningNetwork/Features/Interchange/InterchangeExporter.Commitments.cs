using System.Text.Json.Nodes;
using LearningNetwork.Domain;
using LearningNetwork.Features.Practices;
using Microsoft.EntityFrameworkCore;

namespace LearningNetwork.Features.Interchange;

/// <summary>
/// Commitments in the export (docs/interchange.md, "Commitment"): a schema.org <c>Action</c> with
/// <c>additionalType</c> <c>Commitment</c>, its partner as <c>agent</c>, its targets in <c>about</c>, and each indicator as
/// an <c>additionalProperty</c> <c>PropertyValue</c> (propertyID <c>indicator</c>) whose <c>valueReference</c> lists the
/// baseline, the target and every progress report, each a value on an <c>observationDate</c>.
/// </summary>
public sealed partial class InterchangeExporter
{
    private async Task AddCommitmentsAsync(JsonArray graph, Dictionary<int, string> partnerIds, CancellationToken ct)
    {
        var commitments = await db.Commitments.AsNoTracking().Include(c => c.Targets).Include(c => c.Indicators).ThenInclude(i => i.Reports)
            .AsSplitQuery().OrderBy(c => c.Id).ToListAsync(ct);
        foreach (var c in commitments)
            if (partnerIds.TryGetValue(c.PartnerId, out var partner))
                graph.Add(Commitment(c, await ids.CommitmentAsync(c, ct), partner));
    }

    private static JsonObject Observation(string property, double value, DateOnly on, string? note = null)
    {
        var node = new JsonObject
        {
            ["@type"] = "PropertyValue", ["propertyID"] = property, ["value"] = value, ["observationDate"] = on.ToString("yyyy-MM-dd", Inv),
        };
        if (note is not null) node["description"] = note;
        return node;
    }

    /// <summary>A commitment as a schema.org Action (also what the importer reads back).</summary>
    internal static JsonObject Commitment(Commitment c, string id, string partnerId)
    {
        var indicators = new JsonArray();
        foreach (var i in c.Indicators.OrderBy(i => i.Position))
        {
            var values = new JsonArray { Observation(InterchangeFormat.Baseline, i.Baseline, i.BaselineDate), Observation(InterchangeFormat.TargetValue, i.Target, i.TargetDate) };
            foreach (var r in i.Reports.OrderBy(r => r.Date).ThenBy(r => r.Id)) values.Add(Observation(InterchangeFormat.Progress, r.Value, r.Date, r.Note));
            indicators.Add(new JsonObject
            {
                ["@type"] = "PropertyValue", ["propertyID"] = InterchangeFormat.Indicator, ["position"] = i.Position + 1, ["name"] = i.Label,
                ["unitText"] = i.Unit, ["valueReference"] = values,
            });
        }
        if (c.IsDemo) indicators.Add(Property(InterchangeFormat.Demo, true));
        return new JsonObject
        {
            ["@type"] = "Action",
            ["@id"] = id,
            ["additionalType"] = InterchangeFormat.CommitmentType,
            ["name"] = c.Title,
            ["description"] = c.Description,
            ["inLanguage"] = c.Language,
            ["agent"] = Ref(partnerId),
            ["startTime"] = c.StartDate.ToString("yyyy-MM-dd", Inv),
            ["about"] = new JsonArray(c.Targets.Select(t => t.Code).Order(StringComparer.Ordinal)
                .Select(code => (JsonNode?)new JsonObject { ["@type"] = "DefinedTerm", ["termCode"] = PracticeJsonLd.TermCode(code) }).ToArray()),
            ["actionStatus"] = "ActiveActionStatus",
            ["dateCreated"] = c.CreatedAt.ToString("yyyy-MM-dd", Inv),
            ["additionalProperty"] = indicators,
        };
    }
}
