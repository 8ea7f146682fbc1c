using System.Globalization;
using LearningNetwork.Data;
using LearningNetwork.Domain;
using LearningNetwork.Features.Practices;
using LearningNetwork.Infrastructure.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace LearningNetwork.Features.Marketplace;

/// <summary>
/// /{lang}/marketplace/demand, for coordinators: what the network should produce next. The themes and targets most
/// asked for by requests that are not closed, against how many active offers carry them; the gap (requests without an
/// offer on the same theme or target) sorts them; and the open requests whose best match is weak.
/// </summary>
[Authorize(Roles = $"{Roles.Moderator},{Roles.NetworkAdmin}")]
public sealed class DemandModel(LearningNetworkDb db, Matchmaker matchmaker, TimeProvider clock) : PageModel
{
    /// <summary>Below this best score a request counts as unanswered.</summary>
    public const double WeakMatch = 0.3;

    public sealed record DemandRow(string Code, string Label, int Requests, int Offers)
    {
        public int Gap => Math.Max(0, Requests - Offers);
    }

    public IReadOnlyList<DemandRow> Themes { get; private set; } = [];
    public IReadOnlyList<DemandRow> Targets { get; private set; } = [];
    public IReadOnlyList<(string Slug, string Title, string Language, double Best)> Unanswered { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var lang = LocalizationSetup.CurrentLanguage;
        var asked = await db.RequestTags.AsNoTracking().Where(t => t.Scheme == MarketTagSchemes.Theme || t.Scheme == MarketTagSchemes.Target)
            .Where(t => db.Requests.Any(r => r.Id == t.RequestId && r.State != RequestState.Closed))
            .GroupBy(t => new { t.Scheme, t.Code }).Select(g => new { g.Key.Scheme, g.Key.Code, Count = g.Count() }).ToListAsync(ct);
        var offered = (await db.OfferTags.AsNoTracking().Where(t => t.Scheme == MarketTagSchemes.Theme || t.Scheme == MarketTagSchemes.Target)
            .Where(t => db.Offers.Any(o => o.Id == t.OfferId && o.State == OfferState.Active))
            .GroupBy(t => new { t.Scheme, t.Code }).Select(g => new { g.Key.Scheme, g.Key.Code, Count = g.Count() }).ToListAsync(ct))
            .ToDictionary(x => (x.Scheme, x.Code), x => x.Count);
        var thesaurus = await matchmaker.ThesaurusAsync(db, ct);
        List<DemandRow> Rows(string scheme, Func<string, string> label) => asked.Where(a => a.Scheme == scheme)
            .Select(a => new DemandRow(a.Code, label(a.Code), a.Count, offered.GetValueOrDefault((scheme, a.Code))))
            .OrderByDescending(r => r.Gap).ThenByDescending(r => r.Requests).ThenBy(r => r.Label, StringComparer.CurrentCulture).Take(15).ToList();
        Themes = Rows(MarketTagSchemes.Theme, c => thesaurus.Label("gemet:" + c, lang));
        Targets = Rows(MarketTagSchemes.Target, PracticeLabels.TargetBadge);

        var index = await matchmaker.CurrentAsync(db, ct);
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var open = await db.Requests.AsNoTracking().Where(r => r.State == RequestState.Open || r.State == RequestState.InDiscussion)
            .Select(r => new { r.Id, r.Slug, r.Title, r.Language }).ToListAsync(ct);
        Unanswered = open.Select(r => (r.Slug, r.Title, r.Language, Best: index.Request(r.Id) is { } item && index.OffersFor(item, today, 1) is [var best, ..] ? best.Score : 0))
            .Where(r => r.Best < WeakMatch).OrderBy(r => r.Best).ToList();
    }

    /// <summary>Bar width in percent of the largest count of the table.</summary>
    public static string Width(int value, int max) => (max == 0 ? 0 : 100.0 * value / max).ToString("0.#", CultureInfo.InvariantCulture);
}
