using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using LearningNetwork.Data;
using LearningNetwork.Domain;
using Microsoft.EntityFrameworkCore;

namespace LearningNetwork.Features.Commitments;

/// <summary>
/// The demo commitments (Features/Commitments/DemoData/demo-commitments.json): invented commitments of the demo partners,
/// written in their own languages, with indicators and progress reports. Every code and rule is checked as the form
/// checks it, so a typo stops the seeding with its name. Reports dated after today (the file is fixed, the clock is
/// not) are left out rather than shown as values from the future.
/// </summary>
internal static class CommitmentDemoData
{
    private static string File => Path.Combine(AppContext.BaseDirectory, "Features", "Commitments", "DemoData", "demo-commitments.json");

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { NumberHandling = JsonNumberHandling.Strict };

    private sealed record DemoReport(string Date, double Value, string? Note);

    private sealed record DemoIndicator(string Label, string Unit, double Baseline, string BaselineDate, double Target, string TargetDate, DemoReport[]? Reports);

    private sealed record DemoCommitment(string Partner, string Language, string Title, string Description, string StartDate, string[] Targets,
        DemoIndicator[] Indicators);

    public static async Task<int> SeedAsync(LearningNetworkDb db, TimeProvider clock, CancellationToken ct)
    {
        if (!System.IO.File.Exists(File)) return 0;
        var demo = JsonSerializer.Deserialize<List<DemoCommitment>>(await System.IO.File.ReadAllBytesAsync(File, ct), Json)
                   ?? throw new InvalidDataException($"{File} is empty.");
        var partners = await db.Partners.Where(p => p.IsDemo).ToDictionaryAsync(p => p.Slug, ct);
        var languages = (await db.Languages.Select(l => l.Code).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        var targets = (await db.PolicyTargets.Select(t => t.FrameworkCode + ":" + t.Code).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        var now = clock.GetUtcNow().UtcDateTime;
        var today = DateOnly.FromDateTime(now);

        foreach (var (d, index) in demo.Select((d, i) => (d, i)))
        {
            string Where(string what) => $"Demo commitment {index + 1} ({d.Title}): {what}";
            if (!partners.TryGetValue(d.Partner, out var partner)) throw new InvalidDataException(Where($"unknown partner {d.Partner}."));
            if (!languages.Contains(d.Language)) throw new InvalidDataException(Where($"unknown language {d.Language}."));
            foreach (var t in d.Targets) if (!targets.Contains(t)) throw new InvalidDataException(Where($"unknown target {t}."));
            if (d.Targets.Length == 0 || d.Indicators.Length == 0) throw new InvalidDataException(Where("no target or no indicator."));
            var start = Date(d.StartDate, Where);
            var commitment = new Commitment
            {
                PartnerId = partner.Id, Language = d.Language, Title = d.Title, Description = d.Description, StartDate = start, IsDemo = true,
                CreatedAt = now.AddDays(-30 - index * 11), UpdatedAt = now.AddDays(-index * 11),
                Targets = d.Targets.Distinct().Select(t => new CommitmentTarget { Code = t }).ToList(),
            };
            foreach (var (i, position) in d.Indicators.Select((i, n) => (i, n)))
            {
                if (!IndicatorUnits.All.Contains(i.Unit)) throw new InvalidDataException(Where($"unknown unit {i.Unit}."));
                var baselineDate = Date(i.BaselineDate, Where);
                var targetDate = Date(i.TargetDate, Where);
                if (i.Target == i.Baseline || targetDate <= baselineDate || targetDate <= start)
                    throw new InvalidDataException(Where($"indicator {i.Label}: the target must differ from the baseline and come after it and after the start."));
                var indicator = new CommitmentIndicator
                {
                    Position = position, Label = i.Label, Unit = i.Unit, Baseline = i.Baseline, BaselineDate = baselineDate, Target = i.Target, TargetDate = targetDate,
                };
                foreach (var r in i.Reports ?? [])
                {
                    var date = Date(r.Date, Where);
                    if (date < start || date < baselineDate) throw new InvalidDataException(Where($"indicator {i.Label}: a report on {r.Date} is before the start or the baseline."));
                    if (date > today) continue;
                    indicator.Reports.Add(new ProgressReport { Value = r.Value, Date = date, Note = r.Note, CreatedAt = date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc) });
                }
                commitment.Indicators.Add(indicator);
            }
            db.Commitments.Add(commitment);
        }
        await db.SaveChangesAsync(ct);
        return demo.Count;
    }

    private static DateOnly Date(string text, Func<string, string> where) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d
            : throw new InvalidDataException(where($"{text} is not a date (yyyy-MM-dd)."));
}
