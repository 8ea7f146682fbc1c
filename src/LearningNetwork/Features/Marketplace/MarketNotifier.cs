using System.Globalization;
using LearningNetwork.Data;
using LearningNetwork.Domain;
using LearningNetwork.Features.Accounts;
using LearningNetwork.Infrastructure;
using LearningNetwork.Infrastructure.Localization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace LearningNetwork.Features.Marketplace;

/// <summary>
/// Tells the members of organisations what happened in the marketplace: an in-app notification for each member, saved
/// with the change's own transaction already committed, and an e-mail to each confirmed address, written in the
/// language of the item when the interface speaks it (else English). A failed e-mail is logged, never hides the
/// change: the in-app notification is there either way.
/// </summary>
public sealed class MarketNotifier(LearningNetworkDb db, MailSender mail, IStringLocalizer<SharedResource> text, SupportedLanguages languages,
    SiteLinks links, TimeProvider clock, ILogger<MarketNotifier> log)
{
    public async Task NotifyAsync(IReadOnlyCollection<int> partnerIds, string kind, string subject, string path, string itemLanguage,
        Func<IStringLocalizer, string> body, CancellationToken ct)
    {
        if (partnerIds.Count == 0) return;
        var userIds = await db.PartnerMembers.AsNoTracking().Where(m => partnerIds.Contains(m.PartnerId)).Select(m => m.UserId).Distinct().ToListAsync(ct);
        if (userIds.Count == 0) return;
        var now = clock.GetUtcNow().UtcDateTime;
        var shortSubject = subject.Length > 250 ? subject[..249] + "…" : subject;
        db.Notifications.AddRange(userIds.Select(u => new Notification { UserId = u, Kind = kind, Subject = shortSubject, Path = path, CreatedAt = now }));
        await db.SaveChangesAsync(ct);

        var addresses = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id) && u.EmailConfirmed && u.Email != null).Select(u => u.Email!).ToListAsync(ct);
        if (addresses.Count == 0) return;
        var lang = languages.IsSupported(itemLanguage) ? itemLanguage : "en";
        var (previousUi, previous) = (CultureInfo.CurrentUICulture, CultureInfo.CurrentCulture);
        try
        {
            CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = new CultureInfo(lang);
            var link = links.To(lang, path);
            var mailSubject = text[$"Mail.Market.{kind}.Subject", subject];
            var mailBody = body(text) + "\n\n" + link;
            foreach (var address in addresses) await mail.SendAsync(address, mailSubject, mailBody, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogWarning(e, "Marketplace e-mail about {Path} could not be sent; the in-app notification was saved", path);
        }
        finally
        {
            (CultureInfo.CurrentUICulture, CultureInfo.CurrentCulture) = (previousUi, previous);
        }
    }
}

/// <summary><c>Marketplace:*</c> options.</summary>
public sealed class MarketplaceOptions
{
    public const string Section = "Marketplace";

    /// <summary>How often a node looks for new requests to tell subscribers about; zero turns the alerts off.</summary>
    public TimeSpan AlertInterval { get; set; } = TimeSpan.FromMinutes(15);
    /// <summary>A subscriber hears at most once in this period.</summary>
    public TimeSpan AlertPeriod { get; set; } = TimeSpan.FromDays(1);
    /// <summary>A new request is sent to the partners of its best-matching offers, this many of them at most...</summary>
    public int AlertTopOffers { get; set; } = 5;
    /// <summary>...and only when the match scores at least this.</summary>
    public double AlertMinimumScore { get; set; } = 0.25;

    /// <summary>Languages whose offers and requests are also read through a machine translation (<see cref="ConceptBridge"/>):
    /// those GEMET has no labels in and the network vocabulary covers thinly. Empty turns the bridge off.</summary>
    public string ConceptBridgeLanguages { get; set; } = "sq,bs,hr,me,mk,sr,uk,be,ca,gl,is,ga,cy,lb";
    /// <summary>The well-covered languages the bridge translates into, in order of preference: the first the engine reaches.</summary>
    public string ConceptBridgeTargets { get; set; } = "en,es,fr,de,it,pt,ru";
    /// <summary>How long one item's translation may take once started; past it the item keeps the concepts of its own words.</summary>
    public TimeSpan ConceptBridgeTimeout { get; set; } = TimeSpan.FromSeconds(60);
    /// <summary>The longest part of an item's text (title and description) that is translated.</summary>
    public int ConceptBridgeMaxCharacters { get; set; } = 4000;
    /// <summary>Translations a node keeps in memory (then it starts again), and translations waiting at most.</summary>
    public int ConceptBridgeCacheSize { get; set; } = 20000;
    public int ConceptBridgeMaxQueued { get; set; } = 5000;
}

/// <summary>
/// The daily alert: a new request is made known to the members of the partners whose offers match it best, if they
/// opted in, in one e-mail a day at most that lists every new request for them. Each request is claimed by one node
/// (a conditional update of AlertSent), and each subscriber's last sending time is claimed the same way, so several
/// nodes never send twice.
/// </summary>
public sealed class MatchAlerts(IServiceScopeFactory scopes, IOptions<MarketplaceOptions> options, TimeProvider clock,
    ILogger<MatchAlerts> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.AlertInterval <= TimeSpan.Zero) return;
        try
        {
            await Task.Delay(TimeSpan.FromMinutes(1), clock, stoppingToken);
            using var timer = new PeriodicTimer(options.Value.AlertInterval, clock);
            do
            {
                try
                {
                    var sent = await SendDueAsync(stoppingToken);
                    if (sent > 0) log.LogInformation("Sent {Count} match alerts", sent);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    log.LogWarning(e, "Match alerts failed; trying again at the next interval");
                }
            } while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // stopping
        }
    }

    /// <summary>Finds the partners of new requests' best offers, then sends each subscriber whose day is over one
    /// e-mail; returns how many e-mails were sent.</summary>
    public async Task<int> SendDueAsync(CancellationToken ct)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<LearningNetworkDb>();
        var matchmaker = scope.ServiceProvider.GetRequiredService<Matchmaker>();
        var o = options.Value;
        var now = clock.GetUtcNow().UtcDateTime;
        var today = DateOnly.FromDateTime(now);

        // 1. New open requests: each becomes a notification row for the members of the partners of its best offers.
        //    The notification rows are the queue of the e-mail; claiming the request first makes sure only one node does it.
        var fresh = await db.Requests.AsNoTracking().Where(r => !r.AlertSent && r.State == RequestState.Open && !r.IsDemo)
            .OrderBy(r => r.Id).Select(r => new { r.Id, r.Slug, r.Title }).Take(200).ToListAsync(ct);
        if (fresh.Count > 0)
        {
            var index = await matchmaker.CurrentAsync(db, ct);
            foreach (var r in fresh)
            {
                var claimed = await db.Requests.Where(x => x.Id == r.Id && !x.AlertSent).ExecuteUpdateAsync(s => s.SetProperty(x => x.AlertSent, true), ct);
                if (claimed == 0 || index.Request(r.Id) is not { } item) continue;
                var partners = index.OffersFor(item, today, 50).Where(m => m.Score >= o.AlertMinimumScore).Select(m => m.PartnerId).Distinct().Take(o.AlertTopOffers).ToList();
                var subscribers = await db.PartnerMembers.AsNoTracking().Where(m => partners.Contains(m.PartnerId))
                    .Join(db.MatchAlertSubscriptions, m => m.UserId, s => s.UserId, (m, s) => m.UserId).Distinct().ToListAsync(ct);
                db.Notifications.AddRange(subscribers.Select(u => new Notification { UserId = u, Kind = "new-request", Subject = r.Title, Path = $"/marketplace/requests/{r.Slug}", CreatedAt = now }));
                await db.SaveChangesAsync(ct);
            }
        }

        // 2. One e-mail per subscriber whose period is over and who has new-request notifications since the last one.
        var text = scope.ServiceProvider.GetRequiredService<IStringLocalizer<SharedResource>>();
        var mail = scope.ServiceProvider.GetRequiredService<MailSender>();
        var links = scope.ServiceProvider.GetRequiredService<SiteLinks>();
        var languages = scope.ServiceProvider.GetRequiredService<SupportedLanguages>();
        var periodStart = now - o.AlertPeriod;
        var due = await db.MatchAlertSubscriptions.AsNoTracking().Where(s => s.LastSentAt == null || s.LastSentAt <= periodStart).ToListAsync(ct);
        var sent = 0;
        foreach (var s in due)
        {
            var since = s.LastSentAt ?? DateTime.MinValue;
            var items = await db.Notifications.AsNoTracking().Where(n => n.UserId == s.UserId && n.Kind == "new-request" && n.CreatedAt > since)
                .OrderByDescending(n => n.CreatedAt).Take(50).ToListAsync(ct);
            if (items.Count == 0) continue;
            var claimed = await db.MatchAlertSubscriptions.Where(x => x.UserId == s.UserId && x.LastSentAt == s.LastSentAt)
                .ExecuteUpdateAsync(x => x.SetProperty(y => y.LastSentAt, now), ct);
            if (claimed == 0) continue;
            var address = await db.Users.AsNoTracking().Where(u => u.Id == s.UserId && u.EmailConfirmed).Select(u => u.Email).FirstOrDefaultAsync(ct);
            if (address is null) continue;
            // In the first language of the person's organisation that the interface speaks.
            var spoken = await db.Partners.AsNoTracking().Where(p => db.PartnerMembers.Any(m => m.UserId == s.UserId && m.PartnerId == p.Id))
                .SelectMany(p => p.Languages.Select(l => l.LanguageCode)).ToListAsync(ct);
            var lang = spoken.FirstOrDefault(languages.IsSupported) ?? "en";
            var lines = string.Join("\n", items.Select(n => $"- {n.Subject}\n  {links.To(lang, n.Path)}"));
            var (previousUi, previous) = (CultureInfo.CurrentUICulture, CultureInfo.CurrentCulture);
            try
            {
                CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = new CultureInfo(lang);
                await mail.SendAsync(address, text["Mail.MatchAlert.Subject", items.Count], text["Mail.MatchAlert.Body", lines], ct);
            }
            finally
            {
                (CultureInfo.CurrentUICulture, CultureInfo.CurrentCulture) = (previousUi, previous);
            }
            sent++;
        }
        return sent;
    }
}
