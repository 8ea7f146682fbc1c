using LearningNetwork.Data;
using LearningNetwork.Domain;
using Microsoft.EntityFrameworkCore;

namespace LearningNetwork.Features.Report;

/// <summary>
/// The figures of the network report, per section, over whole UTC quarters (<see cref="ReportPeriod"/>). Every figure is
/// counted by the database: each query filters on the period and groups by year and month (SQLite's strftime and
/// PostgreSQL's date_part alike, through EF Core's translation of <c>DateTime.Year</c>/<c>Month</c>), and the at most
/// 12 × 10 × (a few states) groups are folded into quarters here. A section costs one to four queries, whatever the data;
/// the one exception is the helpdesk's median, which needs each question's time to its first answer: one projected row
/// per question of the period (three instants), never the answers themselves.
/// Only this network's own content counts: partners, offers, requests, events and practices harvested from other networks
/// (<c>OriginNetworkId</c>) are theirs to report.
/// </summary>
public sealed class NetworkReport(LearningNetworkDb db, TimeProvider clock)
{
    /// <summary>The sections in page order; each is a CSV file /{lang}/network-report/{section}.csv.</summary>
    public static readonly IReadOnlyList<string> Sections = ["partners", "countries", "marketplace", "transfers", "events", "reviews", "helpdesk"];

    public Task<ReportTable> SectionAsync(string section, ReportPeriod period, CancellationToken ct) => section switch
    {
        "partners" => PartnersAsync(period, ct),
        "countries" => CountriesAsync(period, ct),
        "marketplace" => MarketplaceAsync(period, ct),
        "transfers" => TransfersAsync(period, ct),
        "events" => EventsAsync(period, ct),
        "reviews" => ReviewsAsync(period, ct),
        "helpdesk" => HelpdeskAsync(period, ct),
        _ => throw new ArgumentOutOfRangeException(nameof(section), section, "Not a section of the report."),
    };

    public async Task<IReadOnlyList<ReportTable>> AllAsync(ReportPeriod period, CancellationToken ct)
    {
        var tables = new List<ReportTable>();
        foreach (var section in Sections) tables.Add(await SectionAsync(section, period, ct)); // one DbContext: one query at a time
        return tables;
    }

    private static readonly PartnerType[] Types = Enum.GetValues<PartnerType>();

    /// <summary>Partners who joined per quarter, by type, and how many there were at each quarter's end. A partner joins
    /// when it is created: its membership accepted, or its import.</summary>
    private async Task<ReportTable> PartnersAsync(ReportPeriod period, CancellationToken ct)
    {
        var local = db.Partners.AsNoTracking().Where(p => p.OriginNetworkId == null);
        var before = await local.CountAsync(p => p.CreatedAt < period.Start, ct);
        var joined = await local.Where(p => p.CreatedAt >= period.Start && p.CreatedAt < period.End)
            .GroupBy(p => new { p.CreatedAt.Year, p.CreatedAt.Month, p.Type })
            .Select(g => new { g.Key.Year, g.Key.Month, g.Key.Type, Count = g.Count() }).ToListAsync(ct);

        var columns = Types.Select(t => new ReportColumn(Features.Partners.PartnersApi.TypeCode(t).Replace('-', '_'), $"PartnerType.{Features.Partners.PartnersApi.TypeCode(t)}"))
            .Append(new ReportColumn("joined", "NetReport.Joined", Charted: true))
            .Append(new ReportColumn("partners_at_end", "NetReport.PartnersAtEnd")).ToList();
        var rows = new List<ReportRow>();
        var running = before;
        foreach (var q in period.Quarters)
        {
            var inQuarter = joined.Where(j => Quarter.Of(j.Year, j.Month) == q).ToList();
            var byType = Types.Select(t => (double?)inQuarter.Where(j => j.Type == t).Sum(j => j.Count)).ToList();
            var total = inQuarter.Sum(j => j.Count);
            running += total;
            rows.Add(new ReportRow(q.Code, q, null, [.. byType, total, running]));
        }
        var whole = new ReportRow("total", null, null, [.. Types.Select(t => (double?)joined.Where(j => j.Type == t).Sum(j => j.Count)), joined.Sum(j => j.Count), running]);
        return new ReportTable("partners", "NetReport.Partners.Caption", columns, rows, whole);
    }

    /// <summary>Partners per country at the end of the period, and how many of them joined during it.</summary>
    private async Task<ReportTable> CountriesAsync(ReportPeriod period, CancellationToken ct)
    {
        var countries = await db.Partners.AsNoTracking().Where(p => p.OriginNetworkId == null && p.CreatedAt < period.End)
            .GroupBy(p => p.CountryCode)
            .Select(g => new { Country = g.Key, Partners = g.Count(), Joined = g.Count(p => p.CreatedAt >= period.Start) }).ToListAsync(ct);
        var columns = new List<ReportColumn> { new("partners_at_end", "NetReport.PartnersAtEnd", Charted: true), new("joined", "NetReport.Joined") };
        var rows = countries.OrderByDescending(c => c.Partners).ThenBy(c => c.Country, StringComparer.Ordinal)
            .Select(c => new ReportRow(c.Country, null, c.Country, [c.Partners, c.Joined])).ToList();
        var whole = new ReportRow("total", null, null, [countries.Sum(c => c.Partners), countries.Sum(c => c.Joined)]);
        return new ReportTable("countries", "NetReport.Countries.Caption", columns, rows, whole);
    }

    /// <summary>Offers and requests posted, interests expressed (a conversation opened on an offer or a request), and
    /// requests closed, by outcome, each in the quarter it happened.</summary>
    private async Task<ReportTable> MarketplaceAsync(ReportPeriod period, CancellationToken ct)
    {
        var (start, end) = (period.Start, period.End);
        var offers = await db.Offers.AsNoTracking().Where(o => o.OriginNetworkId == null && o.CreatedAt >= start && o.CreatedAt < end)
            .GroupBy(o => new { o.CreatedAt.Year, o.CreatedAt.Month }).Select(g => new Monthly(g.Key.Year, g.Key.Month, g.Count())).ToListAsync(ct);
        var requests = await db.Requests.AsNoTracking().Where(r => r.OriginNetworkId == null && r.CreatedAt >= start && r.CreatedAt < end)
            .GroupBy(r => new { r.CreatedAt.Year, r.CreatedAt.Month }).Select(g => new Monthly(g.Key.Year, g.Key.Month, g.Count())).ToListAsync(ct);
        var interests = await db.Conversations.AsNoTracking().Where(c => c.CreatedAt >= start && c.CreatedAt < end)
            .GroupBy(c => new { c.CreatedAt.Year, c.CreatedAt.Month }).Select(g => new Monthly(g.Key.Year, g.Key.Month, g.Count())).ToListAsync(ct);
        var closed = await db.Requests.AsNoTracking()
            .Where(r => r.OriginNetworkId == null && r.State == RequestState.Closed && r.ClosedAt >= start && r.ClosedAt < end)
            .GroupBy(r => new { r.ClosedAt!.Value.Year, r.ClosedAt!.Value.Month, r.Outcome })
            .Select(g => new { g.Key.Year, g.Key.Month, g.Key.Outcome, Count = g.Count() }).ToListAsync(ct);

        List<Monthly> Closed(RequestOutcome? outcome) => closed.Where(c => c.Outcome == outcome).Select(c => new Monthly(c.Year, c.Month, c.Count)).ToList();
        var series = new[] { offers, requests, interests, Closed(RequestOutcome.Solved), Closed(RequestOutcome.Partly), Closed(RequestOutcome.NotSolved), Closed(null) };
        var columns = new List<ReportColumn>
        {
            new("offers_posted", "NetReport.OffersPosted", Charted: true), new("requests_posted", "NetReport.RequestsPosted", Charted: true),
            new("interests_expressed", "NetReport.Interests", Charted: true), new("requests_closed_solved", "NetReport.ClosedSolved"),
            new("requests_closed_partly", "NetReport.ClosedPartly"), new("requests_closed_not_solved", "NetReport.ClosedNotSolved"),
            new("requests_closed_without_outcome", "NetReport.ClosedNoOutcome"),
        };
        return CountsPerQuarter("marketplace", "NetReport.Marketplace.Caption", columns, series, period);
    }

    /// <summary>Practices published and transfers recorded (the whole practice or some building blocks), in the quarter of
    /// their publication and of the transfer's own date. A transfer is counted under the practice it took up, when that
    /// practice is this network's.</summary>
    private async Task<ReportTable> TransfersAsync(ReportPeriod period, CancellationToken ct)
    {
        var (start, end, startDay, endDay) = (period.Start, period.End, period.StartDay, period.EndDay);
        var published = await db.Practices.AsNoTracking().Where(p => p.OriginNetworkId == null && p.PublishedAt >= start && p.PublishedAt < end)
            .GroupBy(p => new { p.PublishedAt!.Value.Year, p.PublishedAt!.Value.Month }).Select(g => new Monthly(g.Key.Year, g.Key.Month, g.Count())).ToListAsync(ct);
        var transfers = await db.PracticeTransfers.AsNoTracking()
            .Where(t => t.TransferredOn >= startDay && t.TransferredOn < endDay)
            .Where(t => db.Practices.Any(p => p.Id == t.SourcePracticeId && p.OriginNetworkId == null))
            .GroupBy(t => new { t.TransferredOn.Year, t.TransferredOn.Month, t.Scope })
            .Select(g => new { g.Key.Year, g.Key.Month, g.Key.Scope, Count = g.Count() }).ToListAsync(ct);
        List<Monthly> Of(TransferScope scope) => transfers.Where(t => t.Scope == scope).Select(t => new Monthly(t.Year, t.Month, t.Count)).ToList();
        var columns = new List<ReportColumn>
        {
            new("practices_published", "NetReport.PracticesPublished", Charted: true), new("transfers_whole", "NetReport.TransfersWhole", Charted: true),
            new("transfers_blocks", "NetReport.TransfersBlocks", Charted: true),
        };
        return CountsPerQuarter("transfers", "NetReport.Transfers.Caption", columns, [published, Of(TransferScope.Whole), Of(TransferScope.Blocks)], period);
    }

    /// <summary>Events that started in the quarter, the people registered for them with a place, those left on the waiting
    /// list and the registrations cancelled. Attendance is not recorded, so a participant is a registration with a place.</summary>
    private async Task<ReportTable> EventsAsync(ReportPeriod period, CancellationToken ct)
    {
        var (start, end) = (period.Start, period.End);
        var events = db.Events.AsNoTracking().Where(e => e.OriginNetworkId == null && e.StartsAt >= start && e.StartsAt < end);
        var held = await events.GroupBy(e => new { e.StartsAt.Year, e.StartsAt.Month })
            .Select(g => new Monthly(g.Key.Year, g.Key.Month, g.Count())).ToListAsync(ct);
        var registrations = await (from r in db.EventRegistrations.AsNoTracking()
                                   join e in events on r.EventId equals e.Id
                                   group r by new { e.StartsAt.Year, e.StartsAt.Month, r.State } into g
                                   select new { g.Key.Year, g.Key.Month, g.Key.State, Count = g.Count() }).ToListAsync(ct);
        List<Monthly> Of(RegistrationState state) => registrations.Where(r => r.State == state).Select(r => new Monthly(r.Year, r.Month, r.Count)).ToList();
        var columns = new List<ReportColumn>
        {
            new("events", "NetReport.Events", Charted: true), new("participants", "NetReport.Participants", Charted: true),
            new("waiting_list", "NetReport.WaitingList"), new("cancelled_registrations", "NetReport.Cancelled"),
        };
        return CountsPerQuarter("events", "NetReport.Events.Caption", columns,
            [held, Of(RegistrationState.Registered), Of(RegistrationState.Waiting), Of(RegistrationState.Cancelled)], period);
    }

    /// <summary>
    /// Peer reviews by the stage they reached in the quarter: applied for (created), accepted or declined (decided), reported,
    /// completed (the 12-month follow-up answered); and their recommendations: made (with the report), and marked taken up or
    /// not by the reviewed partner (when it said so). Study visits and twinnings are not peer reviews and are not counted.
    /// </summary>
    private async Task<ReportTable> ReviewsAsync(ReportPeriod period, CancellationToken ct)
    {
        var (start, end) = (period.Start, period.End);
        var reviews = db.Programmes.AsNoTracking().Where(p => p.Kind == ProgrammeKind.PeerReview);
        var applied = await reviews.Where(p => p.CreatedAt >= start && p.CreatedAt < end).GroupBy(p => new { p.CreatedAt.Year, p.CreatedAt.Month })
            .Select(g => new Monthly(g.Key.Year, g.Key.Month, g.Count())).ToListAsync(ct);
        var decided = await reviews.Where(p => p.DecidedAt >= start && p.DecidedAt < end)
            .GroupBy(p => new { p.DecidedAt!.Value.Year, p.DecidedAt!.Value.Month, p.Stage })
            .Select(g => new { g.Key.Year, g.Key.Month, g.Key.Stage, Count = g.Count() }).ToListAsync(ct);
        var reported = await reviews.Where(p => p.ReportedAt >= start && p.ReportedAt < end).GroupBy(p => new { p.ReportedAt!.Value.Year, p.ReportedAt!.Value.Month })
            .Select(g => new Monthly(g.Key.Year, g.Key.Month, g.Count())).ToListAsync(ct);
        var completed = await (from f in db.ProgrammeFollowUps.AsNoTracking()
                               join p in reviews on f.ProgrammeId equals p.Id
                               where f.Months == 12 && f.AnsweredAt >= start && f.AnsweredAt < end
                               group f by new { f.AnsweredAt!.Value.Year, f.AnsweredAt!.Value.Month } into g
                               select new Monthly(g.Key.Year, g.Key.Month, g.Count())).ToListAsync(ct);
        var made = await (from r in db.ProgrammeRecommendations.AsNoTracking()
                          join p in reviews on r.ProgrammeId equals p.Id
                          where p.ReportedAt >= start && p.ReportedAt < end
                          group r by new { p.ReportedAt!.Value.Year, p.ReportedAt!.Value.Month } into g
                          select new Monthly(g.Key.Year, g.Key.Month, g.Count())).ToListAsync(ct);
        var marked = await (from r in db.ProgrammeRecommendations.AsNoTracking()
                            join p in reviews on r.ProgrammeId equals p.Id
                            where r.TakenUp != null && r.DecidedAt >= start && r.DecidedAt < end
                            group r by new { r.DecidedAt!.Value.Year, r.DecidedAt!.Value.Month, r.TakenUp } into g
                            select new { g.Key.Year, g.Key.Month, g.Key.TakenUp, Count = g.Count() }).ToListAsync(ct);
        List<Monthly> Decided(bool declined) => decided.Where(d => (d.Stage == ProgrammeStage.Declined) == declined).Select(d => new Monthly(d.Year, d.Month, d.Count)).ToList();
        List<Monthly> Marked(bool takenUp) => marked.Where(m => m.TakenUp == takenUp).Select(m => new Monthly(m.Year, m.Month, m.Count)).ToList();
        var columns = new List<ReportColumn>
        {
            new("reviews_applied", "NetReport.ReviewsApplied", Charted: true), new("reviews_accepted", "NetReport.ReviewsAccepted"),
            new("reviews_declined", "NetReport.ReviewsDeclined"), new("reviews_reported", "NetReport.ReviewsReported", Charted: true),
            new("reviews_completed", "NetReport.ReviewsCompleted"), new("recommendations_made", "NetReport.RecommendationsMade"),
            new("recommendations_taken_up", "NetReport.TakenUp", Charted: true), new("recommendations_not_taken_up", "NetReport.NotTakenUp", Charted: true),
        };
        return CountsPerQuarter("reviews", "NetReport.Reviews.Caption", columns,
            [applied, Decided(false), Decided(true), reported, completed, made, Marked(true), Marked(false)], period);
    }

    /// <summary>
    /// Questions asked in the quarter; those with at least one answer; the median time from asking to the first answer, in
    /// days; and the share answered within the promised time: first answered by its due time, among the questions whose
    /// promise can be judged (answered, or past due at the time of the report) — a question asked yesterday is not a miss.
    /// </summary>
    private async Task<ReportTable> HelpdeskAsync(ReportPeriod period, CancellationToken ct)
    {
        var (start, end) = (period.Start, period.End);
        var now = clock.GetUtcNow().UtcDateTime;
        var questions = await db.HelpdeskQuestions.AsNoTracking().Where(q => q.AskedAt >= start && q.AskedAt < end)
            .Select(q => new Asked(q.AskedAt, q.DueAt, db.HelpdeskAnswers.Where(a => a.QuestionId == q.Id).Min(a => (DateTime?)a.CreatedAt)))
            .ToListAsync(ct);
        var columns = new List<ReportColumn>
        {
            new("questions_asked", "NetReport.QuestionsAsked", Charted: true), new("questions_answered", "NetReport.QuestionsAnswered", Charted: true),
            new("median_days_to_first_answer", "NetReport.MedianDays", FigureKind.Days), new("answered_in_time_percent", "NetReport.InTime", FigureKind.Percent),
        };
        double?[] Figures(IReadOnlyCollection<Asked> asked)
        {
            var waits = asked.Where(a => a.FirstAnswer is not null).Select(a => (a.FirstAnswer!.Value - a.AskedAt).TotalDays).ToList();
            var judged = asked.Where(a => a.FirstAnswer is not null || a.DueAt <= now).ToList();
            var inTime = judged.Count(a => a.FirstAnswer is { } first && first <= a.DueAt);
            return [asked.Count, waits.Count, Median(waits), judged.Count == 0 ? null : Math.Round(100.0 * inTime / judged.Count, 1)];
        }
        var rows = period.Quarters.Select(q => new ReportRow(q.Code, q, null, Figures(questions.Where(a => Quarter.Of(a.AskedAt) == q).ToList()))).ToList();
        return new ReportTable("helpdesk", "NetReport.Helpdesk.Caption", columns, rows, new ReportRow("total", null, null, Figures(questions)));
    }

    internal static double? Median(List<double> values)
    {
        if (values.Count == 0) return null;
        values.Sort();
        var middle = values.Count / 2;
        var median = values.Count % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
        return Math.Round(median, 1);
    }

    private sealed record Monthly(int Year, int Month, int Count);
    private sealed record Asked(DateTime AskedAt, DateTime DueAt, DateTime? FirstAnswer);

    private static ReportTable CountsPerQuarter(string section, string caption, List<ReportColumn> columns, IReadOnlyList<List<Monthly>> series, ReportPeriod period)
    {
        var rows = period.Quarters.Select(q => new ReportRow(q.Code, q, null,
            series.Select(s => (double?)s.Where(m => Quarter.Of(m.Year, m.Month) == q).Sum(m => m.Count)).ToList())).ToList();
        var whole = new ReportRow("total", null, null, series.Select(s => (double?)s.Sum(m => m.Count)).ToList());
        return new ReportTable(section, caption, columns, rows, whole);
    }
}
