using LearningNetwork.Data;
using LearningNetwork.Domain;
using Microsoft.EntityFrameworkCore;

namespace LearningNetwork.Features.Commitments;

/// <summary>How far an indicator has come.</summary>
public static class IndicatorProgress
{
    /// <summary>
    /// The share of the way from the baseline to the target that the latest value has covered, from 0 to 1: a value that
    /// went the wrong way counts as 0, one beyond the target as 1. Works for targets below the baseline (less pesticide)
    /// as for targets above it. Null when nothing has been reported.
    /// </summary>
    public static double? Share(double baseline, double target, double? latest)
    {
        if (latest is not { } value || target == baseline) return null;
        return Math.Clamp((value - baseline) / (target - baseline), 0, 1);
    }

    /// <summary>The latest report: the one measured last, and of two on the same day the one reported last.</summary>
    public static ProgressReport? Latest(IEnumerable<ProgressReport> reports) =>
        reports.OrderByDescending(r => r.Date).ThenByDescending(r => r.Id).FirstOrDefault();
}

/// <summary>One commitment as the figures see it.</summary>
public sealed record CommitmentFacts(int Id, int PartnerId, PartnerType PartnerType, string Country, IReadOnlyList<string> Targets,
    IReadOnlyList<IndicatorFacts> Indicators);

/// <summary>One indicator as the figures see it: its progress (null without reports) and how many reports it has.</summary>
public sealed record IndicatorFacts(int Id, double? Progress, int Reports);

/// <summary>The contribution to one target.</summary>
/// <param name="Target">framework:code.</param>
/// <param name="Partners">Partners with at least one commitment serving the target.</param>
/// <param name="Regions">Of those, regions.</param>
/// <param name="Municipalities">Of those, municipalities.</param>
/// <param name="Commitments">Commitments serving the target.</param>
/// <param name="Indicators">Indicators of those commitments.</param>
/// <param name="ReportedIndicators">Indicators with at least one progress report.</param>
/// <param name="AverageProgress">Mean progress (0-1) of the reported indicators; null when none is reported.</param>
public sealed record TargetFigures(string Target, int Partners, int Regions, int Municipalities, int Commitments, int Indicators,
    int ReportedIndicators, double? AverageProgress);

/// <summary>The contribution of the partners of one country.</summary>
/// <param name="Country">ISO 3166-1 alpha-2 of the committing partners.</param>
/// <param name="Partners">Partners with at least one commitment.</param>
/// <param name="Regions">Of those, regions.</param>
/// <param name="Municipalities">Of those, municipalities.</param>
/// <param name="Commitments">Their commitments.</param>
/// <param name="Indicators">Indicators of those commitments.</param>
/// <param name="Reports">Progress reports on those indicators.</param>
/// <param name="AverageProgress">Mean progress (0-1) of the reported indicators; null when none is reported.</param>
public sealed record CountryFigures(string Country, int Partners, int Regions, int Municipalities, int Commitments, int Indicators,
    int Reports, double? AverageProgress);

/// <summary>The network's totals, and its figures per target (most partners first) and per country (by code).</summary>
public sealed record NetworkFigures(int Commitments, int Partners, int Countries, int Indicators, int Reports, double? AverageProgress,
    IReadOnlyList<TargetFigures> PerTarget, IReadOnlyList<CountryFigures> PerCountry);

/// <summary>
/// Aggregates the commitments of the network per target and per country: how many partners (and of them regions and
/// municipalities) committed, how many commitments and indicators, and the average progress of the indicators that have
/// been reported on. An indicator without reports counts in "indicators" but not in the average: no report is not zero
/// progress. A commitment serving several targets counts fully for each of them.
/// </summary>
public sealed class CommitmentFigures(LearningNetworkDb db)
{
    /// <summary>The facts of every commitment, optionally of one framework's targets only, in four queries.</summary>
    public async Task<List<CommitmentFacts>> LoadAsync(string? framework, CancellationToken ct)
    {
        var commitments = await db.Commitments.AsNoTracking()
            .Select(c => new { c.Id, c.PartnerId, c.Partner!.Type, c.Partner.CountryCode }).ToListAsync(ct);
        var targets = (await db.CommitmentTargets.AsNoTracking().Select(t => new { t.CommitmentId, t.Code }).ToListAsync(ct))
            .Where(t => framework is null || t.Code.StartsWith(framework + ":", StringComparison.Ordinal))
            .ToLookup(t => t.CommitmentId, t => t.Code);
        var indicators = (await db.CommitmentIndicators.AsNoTracking().Select(i => new { i.Id, i.CommitmentId, i.Baseline, i.Target }).ToListAsync(ct))
            .ToLookup(i => i.CommitmentId);
        var reports = (await db.ProgressReports.AsNoTracking().Select(r => new { r.Id, r.IndicatorId, r.Date, r.Value }).ToListAsync(ct))
            .ToLookup(r => r.IndicatorId);
        return commitments
            .Where(c => framework is null || targets[c.Id].Any())
            .Select(c => new CommitmentFacts(c.Id, c.PartnerId, c.Type, c.CountryCode, targets[c.Id].Order(StringComparer.Ordinal).ToList(),
                indicators[c.Id].Select(i =>
                {
                    var latest = reports[i.Id].OrderByDescending(r => r.Date).ThenByDescending(r => r.Id).FirstOrDefault();
                    return new IndicatorFacts(i.Id, IndicatorProgress.Share(i.Baseline, i.Target, latest?.Value), reports[i.Id].Count());
                }).ToList()))
            .ToList();
    }

    public async Task<NetworkFigures> ComputeAsync(string? framework, CancellationToken ct) => Compute(await LoadAsync(framework, ct));

    /// <summary>The figures of a set of commitments. Targets by number of partners, then by code; countries by code.</summary>
    public static NetworkFigures Compute(IReadOnlyCollection<CommitmentFacts> commitments)
    {
        static double? Average(IEnumerable<IndicatorFacts> indicators)
        {
            var reported = indicators.Where(i => i.Progress is not null).Select(i => i.Progress!.Value).ToList();
            return reported.Count == 0 ? null : reported.Average();
        }
        static (int All, int Regions, int Municipalities) PartnersOf(IEnumerable<CommitmentFacts> cs)
        {
            var partners = cs.Select(c => (c.PartnerId, c.PartnerType)).Distinct().ToList();
            return (partners.Count, partners.Count(p => p.PartnerType == PartnerType.Region), partners.Count(p => p.PartnerType == PartnerType.Municipality));
        }

        var targets = commitments.SelectMany(c => c.Targets.Select(t => (Target: t, Commitment: c))).GroupBy(x => x.Target, StringComparer.Ordinal)
            .Select(g =>
            {
                var cs = g.Select(x => x.Commitment).ToList();
                var (all, regions, municipalities) = PartnersOf(cs);
                var indicators = cs.SelectMany(c => c.Indicators).ToList();
                return new TargetFigures(g.Key, all, regions, municipalities, cs.Count, indicators.Count, indicators.Count(i => i.Reports > 0), Average(indicators));
            })
            .OrderByDescending(t => t.Partners).ThenBy(t => t.Target, StringComparer.Ordinal).ToList();
        var countries = commitments.GroupBy(c => c.Country, StringComparer.Ordinal)
            .Select(g =>
            {
                var (all, regions, municipalities) = PartnersOf(g);
                var indicators = g.SelectMany(c => c.Indicators).ToList();
                return new CountryFigures(g.Key, all, regions, municipalities, g.Count(), indicators.Count, indicators.Sum(i => i.Reports), Average(indicators));
            })
            .OrderBy(c => c.Country, StringComparer.Ordinal).ToList();
        var every = commitments.SelectMany(c => c.Indicators).ToList();
        return new NetworkFigures(commitments.Count, commitments.Select(c => c.PartnerId).Distinct().Count(), countries.Count, every.Count,
            every.Sum(i => i.Reports), Average(every), targets, countries);
    }
}
