using System.Globalization;
using System.Text;
using LearningNetwork.Data;
using LearningNetwork.Domain;
using LearningNetwork.Features.Practices;
using Microsoft.EntityFrameworkCore;

namespace LearningNetwork.Features.OpenData;

/// <summary>One column of a CSV export: its name, what it holds (a resource key), and how to read it from a row.</summary>
public sealed record CsvColumn<T>(string Name, string DescriptionKey, Func<T, string?> Value);

/// <summary>A dataset of the open-data catalogue: its file name, its title key and its columns (the data dictionary).</summary>
public sealed record DatasetInfo(string Name, string TitleKey, IReadOnlyList<(string Column, string DescriptionKey)> Columns);

/// <summary>
/// The CSV exports of each public type, with the data dictionary that describes their columns. Cells are quoted as
/// RFC 4180 says; a cell that a spreadsheet would run as a formula (starting with = + - @) gets a leading apostrophe.
/// </summary>
public sealed class OpenDataSets(LearningNetworkDb db, TimeProvider clock)
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public sealed record PartnerRow(Partner Partner);
    public sealed record PracticeRow(Practice Practice, PracticeText Original, string PartnerSlug, int Transfers);
    public sealed record CommitmentRow(Commitment Commitment, string PartnerSlug, string Country);
    public sealed record IndicatorRow(CommitmentIndicator Indicator, ProgressReport? Latest);
    public sealed record NewsRow(NewsItem Item, NewsText Original, string? PartnerSlug, string? Country);
    public sealed record EventRow(Event Item, string PartnerSlug);
    public sealed record TransferRow(PracticeTransfer Transfer, string Source, string? Adopted, string Partner);

    public static readonly IReadOnlyList<CsvColumn<PartnerRow>> PartnerColumns =
    [
        new("id", "Dict.Id", r => r.Partner.Id.ToString(Inv)),
        new("slug", "Dict.Slug", r => r.Partner.Slug),
        new("name", "Dict.Name", r => r.Partner.Name),
        new("native_name", "Dict.NativeName", r => r.Partner.NativeName),
        new("type", "Dict.PartnerType", r => Partners.PartnersApi.TypeCode(r.Partner.Type)),
        new("country", "Dict.Country", r => r.Partner.CountryCode),
        new("nuts", "Dict.Nuts", r => r.Partner.NutsCode),
        new("lau", "Dict.Lau", r => r.Partner.LauCode),
        new("latitude", "Dict.Latitude", r => r.Partner.Latitude?.ToString(Inv)),
        new("longitude", "Dict.Longitude", r => r.Partner.Longitude?.ToString(Inv)),
        new("languages", "Dict.Languages", r => string.Join(' ', r.Partner.Languages.Select(l => l.LanguageCode).Order(StringComparer.Ordinal))),
        new("biogeographical_regions", "Dict.Bioregions", r => string.Join(' ', r.Partner.BiogeographicalRegions.Select(b => b.RegionCode).Order(StringComparer.Ordinal))),
        new("gemet_themes", "Dict.Themes", r => string.Join(' ', r.Partner.Themes.Select(t => t.ConceptId).Order())),
        new("website", "Dict.Website", r => r.Partner.Website),
        new("demo", "Dict.Demo", r => r.Partner.IsDemo ? "true" : "false"),
    ];

    public static readonly IReadOnlyList<CsvColumn<PracticeRow>> PracticeColumns =
    [
        new("id", "Dict.Id", r => r.Practice.Id.ToString(Inv)),
        new("slug", "Dict.Slug", r => r.Practice.Slug),
        new("title", "Dict.Title", r => r.Original.Title),
        new("summary", "Dict.Summary", r => r.Original.Summary),
        new("language", "Dict.Language", r => r.Practice.OriginalLanguage),
        new("languages_available", "Dict.LanguagesAvailable", r => string.Join(' ', r.Practice.Texts.Select(t => t.Language).Order(StringComparer.Ordinal))),
        new("partner_slug", "Dict.PartnerSlug", r => r.PartnerSlug),
        new("country", "Dict.Country", r => r.Practice.CountryCode),
        new("nuts", "Dict.Nuts", r => r.Practice.NutsCode),
        new("latitude", "Dict.Latitude", r => r.Practice.Latitude?.ToString(Inv)),
        new("longitude", "Dict.Longitude", r => r.Practice.Longitude?.ToString(Inv)),
        new("status", "Dict.Status", r => PracticesApi.Code(r.Practice.Status)),
        new("stage", "Dict.Stage", r => PracticesApi.Code(r.Practice.Stage)),
        new("governance_level", "Dict.Governance", r => PracticesApi.Code(r.Practice.GovernanceLevel)),
        new("start_date", "Dict.StartDate", r => r.Practice.StartDate?.ToString("yyyy-MM-dd", Inv)),
        new("end_date", "Dict.EndDate", r => r.Practice.EndDate?.ToString("yyyy-MM-dd", Inv)),
        new("budget_eur", "Dict.Budget", r => r.Practice.BudgetEur?.ToString(Inv)),
        new("targets", "Dict.Targets", r => Codes(r.Practice, PracticeTagSchemes.Target)),
        new("gemet_themes", "Dict.Themes", r => Codes(r.Practice, PracticeTagSchemes.Theme)),
        new("eunis_habitats", "Dict.Habitats", r => Codes(r.Practice, PracticeTagSchemes.Habitat)),
        new("cices_services", "Dict.Services", r => Codes(r.Practice, PracticeTagSchemes.Service)),
        new("funding", "Dict.Funding", r => Codes(r.Practice, PracticeTagSchemes.Funding)),
        new("transfers", "Dict.Transfers", r => r.Transfers.ToString(Inv)),
        new("published", "Dict.Published", r => r.Practice.PublishedAt?.ToString("yyyy-MM-dd", Inv)),
        new("review_by", "Dict.ReviewBy", r => r.Practice.ReviewBy?.ToString("yyyy-MM-dd", Inv)),
        new("demo", "Dict.Demo", r => r.Practice.IsDemo ? "true" : "false"),
    ];

    public static readonly IReadOnlyList<CsvColumn<TransferRow>> TransferColumns =
    [
        new("id", "Dict.Id", r => r.Transfer.Id.ToString(Inv)),
        new("source_practice", "Dict.SourcePractice", r => r.Source),
        new("adopting_partner", "Dict.AdoptingPartner", r => r.Partner),
        new("adopted_practice", "Dict.AdoptedPractice", r => r.Adopted),
        new("scope", "Dict.Scope", r => PracticesApi.Code(r.Transfer.Scope)),
        new("transferred_on", "Dict.TransferredOn", r => r.Transfer.TransferredOn.ToString("yyyy-MM-dd", Inv)),
        new("what_changed", "Dict.WhatChanged", r => r.Transfer.WhatChanged),
        new("result", "Dict.TransferResult", r => r.Transfer.Result),
    ];

    public static readonly IReadOnlyList<CsvColumn<CommitmentRow>> CommitmentColumns =
    [
        new("id", "Dict.Id", r => r.Commitment.Id.ToString(Inv)),
        new("title", "Dict.Title", r => r.Commitment.Title),
        new("language", "Dict.Language", r => r.Commitment.Language),
        new("partner_slug", "Dict.PartnerSlug", r => r.PartnerSlug),
        new("country", "Dict.Country", r => r.Country),
        new("start_date", "Dict.StartDate", r => r.Commitment.StartDate.ToString("yyyy-MM-dd", Inv)),
        new("targets", "Dict.Targets", r => string.Join(' ', r.Commitment.Targets.Select(t => t.Code).Order(StringComparer.Ordinal))),
        new("indicators", "Dict.IndicatorCount", r => r.Commitment.Indicators.Count.ToString(Inv)),
        new("average_progress", "Dict.AverageProgress", r => Average(r.Commitment)?.ToString("0.###", Inv)),
        new("updated", "Dict.Updated", r => r.Commitment.UpdatedAt.ToString("yyyy-MM-dd", Inv)),
        new("demo", "Dict.Demo", r => r.Commitment.IsDemo ? "true" : "false"),
    ];

    public static readonly IReadOnlyList<CsvColumn<IndicatorRow>> IndicatorColumns =
    [
        new("id", "Dict.Id", r => r.Indicator.Id.ToString(Inv)),
        new("commitment_id", "Dict.CommitmentId", r => r.Indicator.CommitmentId.ToString(Inv)),
        new("label", "Dict.IndicatorLabel", r => r.Indicator.Label),
        new("unit", "Dict.Unit", r => r.Indicator.Unit),
        new("baseline", "Dict.Baseline", r => r.Indicator.Baseline.ToString(Inv)),
        new("baseline_date", "Dict.BaselineDate", r => r.Indicator.BaselineDate.ToString("yyyy-MM-dd", Inv)),
        new("target", "Dict.TargetValue", r => r.Indicator.Target.ToString(Inv)),
        new("target_date", "Dict.TargetDate", r => r.Indicator.TargetDate.ToString("yyyy-MM-dd", Inv)),
        new("latest", "Dict.Latest", r => r.Latest?.Value.ToString(Inv)),
        new("latest_date", "Dict.LatestDate", r => r.Latest?.Date.ToString("yyyy-MM-dd", Inv)),
        new("progress", "Dict.Progress", r => Commitments.IndicatorProgress.Share(r.Indicator.Baseline, r.Indicator.Target, r.Latest?.Value)?.ToString("0.###", Inv)),
        new("reports", "Dict.ReportCount", r => r.Indicator.Reports.Count.ToString(Inv)),
    ];

    /// <summary>Published news (its date reached), one row each, in its original language; the partner is empty for news of the network itself.</summary>
    public static readonly IReadOnlyList<CsvColumn<NewsRow>> NewsColumns =
    [
        new("id", "Dict.Id", r => r.Item.Id.ToString(Inv)),
        new("slug", "Dict.NewsSlug", r => r.Item.Slug),
        new("title", "Dict.Title", r => r.Original.Title),
        new("summary", "Dict.Summary", r => r.Original.Summary),
        new("language", "Dict.Language", r => r.Item.OriginalLanguage),
        new("languages_available", "Dict.NewsLanguages", r => string.Join(' ', r.Item.Texts.Select(t => t.Language).Order(StringComparer.Ordinal))),
        new("partner_slug", "Dict.NewsPartner", r => r.PartnerSlug),
        new("country", "Dict.Country", r => r.Country),
        new("gemet_themes", "Dict.Themes", r => string.Join(' ', r.Item.Themes.Select(t => t.ConceptId).Order())),
        new("published", "Dict.Published", r => r.Item.PublishedAt.ToString("yyyy-MM-dd", Inv)),
        new("updated", "Dict.Updated", r => r.Item.UpdatedAt.ToString("yyyy-MM-dd", Inv)),
        new("demo", "Dict.Demo", r => r.Item.IsDemo ? "true" : "false"),
    ];

    /// <summary>Start and end in the event's own time zone with their offset (what a reader there sees), the zone named.</summary>
    public static readonly IReadOnlyList<CsvColumn<EventRow>> EventColumns =
    [
        new("id", "Dict.Id", r => r.Item.Id.ToString(Inv)),
        new("slug", "Dict.EventSlug", r => r.Item.Slug),
        new("title", "Dict.Title", r => r.Item.Title),
        new("summary", "Dict.Summary", r => r.Item.Summary),
        new("kind", "Dict.EventKind", r => Marketplace.Codes.Of(r.Item.Kind)),
        new("language", "Dict.Language", r => r.Item.Language),
        new("partner_slug", "Dict.PartnerSlug", r => r.PartnerSlug),
        new("country", "Dict.Country", r => r.Item.CountryCode),
        new("starts", "Dict.EventStarts", r => Local(r.Item.StartsAt, r.Item.TimeZone)),
        new("ends", "Dict.EventEnds", r => Local(r.Item.EndsAt, r.Item.TimeZone)),
        new("time_zone", "Dict.TimeZone", r => r.Item.TimeZone),
        new("gemet_themes", "Dict.Themes", r => string.Join(' ', r.Item.Tags.Where(t => t.Scheme == EventTagSchemes.Theme).Select(t => t.Code).Order(StringComparer.Ordinal))),
        new("status", "Dict.EventStatus", r => r.Item.CancelledAt is null ? "scheduled" : "cancelled"),
        new("updated", "Dict.Updated", r => r.Item.UpdatedAt.ToString("yyyy-MM-dd", Inv)),
        new("demo", "Dict.Demo", r => r.Item.IsDemo ? "true" : "false"),
    ];

    private static string Local(DateTime utc, string timeZone)
    {
        var zone = TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out var found) ? found : TimeZoneInfo.Utc;
        var at = DateTime.SpecifyKind(utc, DateTimeKind.Utc);
        return new DateTimeOffset(at).ToOffset(zone.GetUtcOffset(at)).ToString("yyyy-MM-ddTHH:mmzzz", Inv);
    }

    /// <summary>The average progress of the indicators that have a report (no report is not zero progress), as the dashboard counts it.</summary>
    private static double? Average(Commitment c)
    {
        var shares = c.Indicators.Select(i => Commitments.IndicatorProgress.Share(i.Baseline, i.Target, Commitments.IndicatorProgress.Latest(i.Reports)?.Value))
            .Where(s => s is not null).Select(s => s!.Value).ToList();
        return shares.Count == 0 ? null : shares.Average();
    }

    public static IReadOnlyList<DatasetInfo> Datasets { get; } =
    [
        new("partners", "OpenData.Partners", PartnerColumns.Select(c => (c.Name, c.DescriptionKey)).ToList()),
        new("practices", "OpenData.Practices", PracticeColumns.Select(c => (c.Name, c.DescriptionKey)).ToList()),
        new("transfers", "OpenData.Transfers", TransferColumns.Select(c => (c.Name, c.DescriptionKey)).ToList()),
        new("commitments", "OpenData.Commitments", CommitmentColumns.Select(c => (c.Name, c.DescriptionKey)).ToList()),
        new("indicators", "OpenData.Indicators", IndicatorColumns.Select(c => (c.Name, c.DescriptionKey)).ToList()),
        new("news", "Nav.News", NewsColumns.Select(c => (c.Name, c.DescriptionKey)).ToList()),
        new("events", "Nav.Events", EventColumns.Select(c => (c.Name, c.DescriptionKey)).ToList()),
    ];

    private static string Codes(Practice p, string scheme) => string.Join(' ', p.Tags.Where(t => t.Scheme == scheme).Select(t => t.Code).Order(StringComparer.Ordinal));

    public async Task<string?> CsvAsync(string dataset, CancellationToken ct) => dataset switch
    {
        "partners" => Csv(PartnerColumns, (await db.Partners.AsNoTracking().Include(p => p.Languages).Include(p => p.BiogeographicalRegions).Include(p => p.Themes)
            .AsSplitQuery().OrderBy(p => p.Id).ToListAsync(ct)).Select(p => new PartnerRow(p))),
        "practices" => Csv(PracticeColumns, await PracticeRowsAsync(ct)),
        "transfers" => Csv(TransferColumns, await TransferRowsAsync(ct)),
        "commitments" => Csv(CommitmentColumns, await CommitmentRowsAsync(ct)),
        "indicators" => Csv(IndicatorColumns, (await CommitmentsAsync(ct)).SelectMany(c => c.Indicators.OrderBy(i => i.Position))
            .Select(i => new IndicatorRow(i, Commitments.IndicatorProgress.Latest(i.Reports)))),
        "news" => Csv(NewsColumns, await NewsRowsAsync(ct)),
        "events" => Csv(EventColumns, (await db.Events.AsNoTracking().Include(e => e.Tags).Include(e => e.Partner).AsSplitQuery().OrderBy(e => e.Id).ToListAsync(ct))
            .Select(e => new EventRow(e, e.Partner!.Slug))),
        _ => null,
    };

    private async Task<List<PracticeRow>> PracticeRowsAsync(CancellationToken ct)
    {
        var practices = await db.Practices.AsNoTracking().Where(p => p.Stage == PracticeStage.Published || p.Stage == PracticeStage.Archived)
            .Include(p => p.Texts).Include(p => p.Tags).AsSplitQuery().OrderBy(p => p.Id).ToListAsync(ct);
        var slugs = await db.Partners.AsNoTracking().ToDictionaryAsync(p => p.Id, p => p.Slug, ct);
        var transfers = await db.PracticeTransfers.GroupBy(t => t.SourcePracticeId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        return practices.Select(p => new PracticeRow(p, p.Texts.First(t => t.Language == p.OriginalLanguage), slugs[p.PartnerId], transfers.GetValueOrDefault(p.Id))).ToList();
    }

    private async Task<List<Commitment>> CommitmentsAsync(CancellationToken ct) =>
        await db.Commitments.AsNoTracking().Include(c => c.Targets).Include(c => c.Indicators).ThenInclude(i => i.Reports)
            .AsSplitQuery().OrderBy(c => c.Id).ToListAsync(ct);

    private async Task<List<NewsRow>> NewsRowsAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var news = await db.NewsItems.AsNoTracking().Where(n => n.PublishedAt <= now).Include(n => n.Texts).Include(n => n.Themes).Include(n => n.Partner)
            .AsSplitQuery().OrderBy(n => n.Id).ToListAsync(ct);
        return news.Select(n => new NewsRow(n, n.Texts.FirstOrDefault(t => t.Language == n.OriginalLanguage) ?? n.Texts.OrderBy(t => t.Language, StringComparer.Ordinal).First(),
            n.Partner?.Slug, n.Partner?.CountryCode)).ToList();
    }

    private async Task<List<CommitmentRow>> CommitmentRowsAsync(CancellationToken ct)
    {
        var partners = await db.Partners.AsNoTracking().ToDictionaryAsync(p => p.Id, p => (p.Slug, p.CountryCode), ct);
        return (await CommitmentsAsync(ct)).Select(c => new CommitmentRow(c, partners[c.PartnerId].Slug, partners[c.PartnerId].CountryCode)).ToList();
    }

    private async Task<List<TransferRow>> TransferRowsAsync(CancellationToken ct)
    {
        var visible = await db.Practices.AsNoTracking().Where(p => p.Stage == PracticeStage.Published || p.Stage == PracticeStage.Archived)
            .ToDictionaryAsync(p => p.Id, p => p.Slug, ct);
        var partners = await db.Partners.AsNoTracking().ToDictionaryAsync(p => p.Id, p => p.Slug, ct);
        return (await db.PracticeTransfers.AsNoTracking().OrderBy(t => t.Id).ToListAsync(ct))
            .Where(t => visible.ContainsKey(t.SourcePracticeId))
            .Select(t => new TransferRow(t, visible[t.SourcePracticeId], t.AdoptedPracticeId is { } a && visible.TryGetValue(a, out var s) ? s : null, partners[t.AdoptingPartnerId]))
            .ToList();
    }

    internal static string Csv<T>(IReadOnlyList<CsvColumn<T>> columns, IEnumerable<T> rows)
    {
        var sb = new StringBuilder();
        sb.AppendJoin(',', columns.Select(c => Cell(c.Name))).Append("\r\n");
        foreach (var row in rows) sb.AppendJoin(',', columns.Select(c => Cell(c.Value(row)))).Append("\r\n");
        return sb.ToString();
    }

    internal static string Cell(string? value)
    {
        if (string.IsNullOrEmpty(value)) return "";
        if (value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' && !double.TryParse(value, NumberStyles.Float, Inv, out _)) value = "'" + value;
        return value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
