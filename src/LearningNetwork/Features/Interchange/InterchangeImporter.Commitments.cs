using System.Globalization;
using System.Text.Json;
using LearningNetwork.Domain;
using Microsoft.EntityFrameworkCore;

namespace LearningNetwork.Features.Interchange;

/// <summary>
/// Commitments (docs/interchange.md, "Commitment"): an <c>Action</c> with <c>additionalType</c> <c>Commitment</c>, read and
/// checked with the rest of the file, guarded by the same <see cref="ImportScope"/> (the agent must be a partner the import
/// writes for; a held commitment is changed only where the scope may change it: a harvest only its own network's, a
/// partner's key never), written in the same transaction. The @id is kept in <see cref="Commitment.CreatedBy"/>
/// (<see cref="InterchangeIds.ImportedPrefix"/>), so a re-import finds it and a re-export gives the same @id; a
/// commitment's origin network is its partner's.
/// </summary>
public sealed partial class InterchangeImporter
{
    private sealed record ObservationNode(double Value, DateOnly On, string? Note);

    private sealed record IndicatorNode(int Position, string Label, string Unit, ObservationNode Baseline, ObservationNode Target, List<ObservationNode> Reports);

    private sealed record CommitmentNode(string Id, string Agent, string Language, string Title, string Description, DateOnly Start, List<string> Targets,
        List<IndicatorNode> Indicators, bool Demo, DateTime? Created);

    /// <summary>The longest @id a commitment can keep (CreatedBy holds the prefix and the @id in 450 characters).</summary>
    private const int MaxCommitmentId = 450 - 7;

    private static CommitmentNode? ReadCommitment(NodeReader n, Reference r)
    {
        var id = n.Id();
        if (id is not null && id.Length > MaxCommitmentId) n.Problem("@id", $"a commitment's @id has at most {MaxCommitmentId} characters");
        var agent = n.Ref("agent");
        if (agent is null) n.Problem("agent", "must name the committing organisation as {\"@id\": ...}");
        var title = n.RequiredString("name", 250);
        var description = n.OptionalString("description", 8000) ?? "";
        var language = n.OptionalString("inLanguage", 8) ?? Search.LanguageGuesser.Guess($"{title}. {description}");
        if (language is null) n.Problem("inLanguage", "is missing, and the text does not show its language clearly: give an ISO 639-1 code such as de");
        else if (!Practices.PracticeQueryParser.IsLanguageCode(language)) n.Problem("inLanguage", "must be an ISO 639-1 code such as de");
        var start = n.Date("startTime");
        if (start is null) n.Problem("startTime", "must be the date the work starts (yyyy-MM-dd)");
        var targets = new List<string>();
        foreach (var term in n.TermCodes("about"))
        {
            if (TargetCode(term) is { } code && r.Targets.Contains(code)) targets.Add(code);
            else n.Problem("about", $"{term} is not a target of the policy frameworks (KMGBF-2, NRR-8, EUBDS-P3...)");
        }
        if (targets.Count == 0) n.Problem("about", "a commitment serves at least one target");

        var indicators = new List<IndicatorNode>();
        var demo = false;
        foreach (var value in n.Objects("additionalProperty"))
        {
            var v = new NodeReader(value, n.Name, n.Report);
            var property = v.OptionalString("propertyID", 100);
            if (property == InterchangeFormat.Demo)
            {
                demo = value.TryGetProperty("value", out var flag) && (flag.ValueKind == JsonValueKind.True || flag.ValueKind == JsonValueKind.String && flag.GetString() == "true");
                continue;
            }
            if (property != InterchangeFormat.Indicator) continue;
            var label = v.RequiredString("name", 250);
            var unit = v.OptionalString("unitText", 16);
            if (unit is null || !IndicatorUnits.All.Contains(unit)) v.Problem("additionalProperty indicator unitText", $"must be one of {string.Join(", ", IndicatorUnits.All)}");
            ObservationNode? baseline = null, target = null;
            var reports = new List<ObservationNode>();
            foreach (var o in v.Objects("valueReference"))
            {
                var x = new NodeReader(o, n.Name, n.Report);
                var kind = x.OptionalString("propertyID", 100);
                var number = x.OptionalNumber("value");
                var on = x.Date("observationDate");
                if (number is null || on is null)
                {
                    x.Problem("additionalProperty indicator valueReference", "each value needs a number (value) and a date (observationDate)");
                    continue;
                }
                if (number < 0) x.Problem("additionalProperty indicator valueReference", "no quantity is negative");
                var observation = new ObservationNode(number.Value, DateOnly.FromDateTime(on.Value), x.OptionalString("description", 2000));
                if (kind == InterchangeFormat.Baseline) baseline = observation;
                else if (kind == InterchangeFormat.TargetValue) target = observation;
                else if (kind == InterchangeFormat.Progress) reports.Add(observation);
                else x.Problem("additionalProperty indicator valueReference", $"propertyID is {InterchangeFormat.Baseline}, {InterchangeFormat.TargetValue} or {InterchangeFormat.Progress}");
            }
            if (baseline is null || target is null) { v.Problem("additionalProperty indicator", "needs a baseline and a target value, each with its date"); continue; }
            if (baseline.Value == target.Value) v.Problem("additionalProperty indicator", "the target value differs from the baseline");
            if (target.On <= baseline.On) v.Problem("additionalProperty indicator", "the target date lies after the baseline date");
            if (label is null) continue;
            indicators.Add(new IndicatorNode(indicators.Count, label, unit ?? "", baseline, target, reports));
        }
        if (indicators.Count == 0) n.Problem("additionalProperty", "a commitment has at least one indicator (a PropertyValue with propertyID indicator)");
        if (!n.Ok || id is null || agent is null || title is null || language is null || start is null) return null;
        return new CommitmentNode(id, agent, language, title, description, DateOnly.FromDateTime(start.Value), targets.Distinct().ToList(), indicators, demo, n.Date("dateCreated"));
    }

    private static string Fingerprint(Commitment c) => JsonSerializer.Serialize(new object?[]
    {
        c.PartnerId, c.Language, c.Title, c.Description, c.StartDate, c.IsDemo, c.Targets.Select(t => t.Code).Order(StringComparer.Ordinal),
        c.Indicators.OrderBy(i => i.Position).Select(i => new object?[]
        {
            i.Label, i.Unit, i.Baseline, i.BaselineDate, i.Target, i.TargetDate,
            i.Reports.OrderBy(r => r.Date).ThenBy(r => r.Id).Select(r => new object?[] { r.Value, r.Date, r.Note }),
        }),
    });

    /// <summary>Creates or updates the file's commitments (<paramref name="held"/>: the rows they name, see <see cref="GuardAsync"/>);
    /// returns the rows written. An indicator keeps its row by position; its reports are replaced by the file's when they differ.</summary>
    private async Task<HashSet<int>> UpsertCommitmentsAsync(List<CommitmentNode> nodes, Dictionary<string, int> partners, Dictionary<string, int> held,
        ImportReport report, CancellationToken ct)
    {
        if (nodes.Count == 0) return [];
        await CompleteMapAsync(partners, nodes.Select(n => n.Agent), ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var heldIds = held.Values.ToList();
        var rows = await db.Commitments.Include(c => c.Targets).Include(c => c.Indicators).ThenInclude(i => i.Reports)
            .AsSplitQuery().Where(c => heldIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, ct);
        var written = new List<Commitment>();
        foreach (var n in nodes)
        {
            var commitment = held.TryGetValue(n.Id, out var existing) ? rows[existing] : null;
            var created = commitment is null;
            if (commitment is null)
            {
                commitment = new Commitment
                {
                    Language = n.Language, Title = n.Title, Description = n.Description, CreatedAt = n.Created ?? now, UpdatedAt = now,
                    CreatedBy = InterchangeIds.ImportedPrefix + n.Id,
                };
                db.Commitments.Add(commitment);
            }
            var before = created ? null : Fingerprint(commitment);
            commitment.PartnerId = partners[n.Agent];
            commitment.Language = n.Language;
            commitment.Title = n.Title;
            commitment.Description = n.Description;
            commitment.StartDate = n.Start;
            commitment.IsDemo = n.Demo;
            Sync(commitment.Targets, n.Targets, t => t.Code, code => new CommitmentTarget { Code = code });
            commitment.Indicators.RemoveAll(i => i.Position >= n.Indicators.Count);
            foreach (var x in n.Indicators)
            {
                var indicator = commitment.Indicators.FirstOrDefault(i => i.Position == x.Position);
                if (indicator is null) commitment.Indicators.Add(indicator = new CommitmentIndicator { Position = x.Position, Label = x.Label, Unit = x.Unit });
                (indicator.Label, indicator.Unit) = (x.Label, x.Unit);
                (indicator.Baseline, indicator.BaselineDate, indicator.Target, indicator.TargetDate) = (x.Baseline.Value, x.Baseline.On, x.Target.Value, x.Target.On);
                var have = indicator.Reports.OrderBy(r => r.Date).ThenBy(r => r.Id).Select(r => (r.Value, r.Date, r.Note)).ToList();
                var want = x.Reports.OrderBy(r => r.On).Select(r => (r.Value, r.On, r.Note)).ToList();
                if (!have.SequenceEqual(want))
                {
                    indicator.Reports.Clear();
                    indicator.Reports.AddRange(x.Reports.OrderBy(r => r.On).Select(r => new ProgressReport { Value = r.Value, Date = r.On, Note = r.Note, CreatedAt = now }));
                }
            }
            written.Add(commitment);
            if (created) report.Count(report.Created, "commitments");
            else if (before != Fingerprint(commitment))
            {
                commitment.UpdatedAt = now;
                commitment.Version = Guid.NewGuid();
                report.Count(report.Updated, "commitments");
            }
            else report.Count(report.Unchanged, "commitments");
        }
        await db.SaveChangesAsync(ct);
        return written.Select(c => c.Id).ToHashSet();
    }

    /// <summary>A whole feed: the network's commitments it no longer holds go (only imported rows of that network's partners).</summary>
    private async Task PruneCommitmentsAsync(RegisteredNetwork origin, HashSet<int> kept, ImportReport report, CancellationToken ct)
    {
        var gone = await db.Commitments.Where(c => c.Partner!.OriginNetworkId == origin.Id && c.CreatedBy != null
            && c.CreatedBy.StartsWith(InterchangeIds.ImportedPrefix) && !kept.Contains(c.Id)).ToListAsync(ct);
        foreach (var c in gone)
        {
            db.Commitments.Remove(c);
            report.Count(report.Removed, "commitments");
        }
        await db.SaveChangesAsync(ct);
    }

    private async Task<HeldRow?> FindCommitmentAsync(string id, CancellationToken ct)
    {
        var external = InterchangeIds.ImportedPrefix + id;
        var row = await db.Commitments.Where(c => c.CreatedBy == external).Select(c => new HeldRow(c.Id, c.Partner!.OriginNetworkId, c.PartnerId)).FirstOrDefaultAsync(ct);
        if (row is not null) return row;
        if (await ids.LocalSlugAsync("commitments", id, ct) is not { } key || !int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var number)) return null;
        return await db.Commitments.Where(c => c.Id == number && (c.CreatedBy == null || !c.CreatedBy.StartsWith(InterchangeIds.ImportedPrefix)))
            .Select(c => new HeldRow(c.Id, c.Partner!.OriginNetworkId, c.PartnerId)).FirstOrDefaultAsync(ct);
    }
}
