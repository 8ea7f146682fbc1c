using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using LearningNetwork.Data;
using LearningNetwork.Domain;
using LearningNetwork.Features.Accounts;
using LearningNetwork.Infrastructure;
using LearningNetwork.Infrastructure.Localization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace LearningNetwork.Features.News;

/// <summary><c>Newsletter:*</c>: the newsletter queue.</summary>
public sealed class NewsletterOptions
{
    public const string Section = "Newsletter";
    /// <summary>How often a node looks for newsletters to send; 0 turns sending off on this node.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(1);
    /// <summary>How long a node holds a claimed message; past it, the row is left as it is and never sent again (at most once).</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(5);
    /// <summary>A failed send is tried again after this, times the attempts so far.</summary>
    public TimeSpan RetryAfter { get; set; } = TimeSpan.FromMinutes(10);
    public int MaxAttempts { get; set; } = 5;
}

/// <summary>One item of a newsletter as shown: kind (<c>news</c>, <c>practice</c>, <c>event</c>, <c>request</c>), id, title, its language, path after /{lang}/.</summary>
public sealed record NewsletterItem(string Kind, int Id, string Title, string Language, string Path);

/// <summary>
/// What a newsletter can hold and what it holds: the candidates coordinators choose from (the latest news, practices published
/// in the last 90 days, upcoming events, open requests: 20 of each, newest first) and an issue's entries in the reader's
/// language where the item has it (news and practices have language versions; the others are shown as written). Entries
/// whose item is gone or no longer public are left out.
/// </summary>
public sealed class NewsletterComposer(LearningNetworkDb db, TimeProvider clock)
{
    public static readonly string[] Kinds = ["news", "practice", "event", "request"];
    private const int PerKind = 20;

    public async Task<List<NewsletterItem>> CandidatesAsync(string language, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var news = await db.NewsItems.AsNoTracking().Where(n => n.PublishedAt <= now).OrderByDescending(n => n.PublishedAt).Take(PerKind).Select(n => n.Id).ToListAsync(ct);
        var practices = await db.Practices.AsNoTracking().Where(p => p.Stage == PracticeStage.Published && p.PublishedAt > now.AddDays(-90))
            .OrderByDescending(p => p.PublishedAt).Take(PerKind).Select(p => p.Id).ToListAsync(ct);
        var events = await db.Events.AsNoTracking().Where(e => e.StartsAt > now).OrderBy(e => e.StartsAt).Take(PerKind).Select(e => e.Id).ToListAsync(ct);
        var requests = await db.Requests.AsNoTracking().Where(r => r.State != RequestState.Closed).OrderByDescending(r => r.CreatedAt).Take(PerKind).Select(r => r.Id).ToListAsync(ct);
        return await ItemsAsync(news.Select(id => ("news", id)).Concat(practices.Select(id => ("practice", id))).Concat(events.Select(id => ("event", id)))
            .Concat(requests.Select(id => ("request", id))).ToList(), language, ct);
    }

    /// <summary>The items named, in the order given, in <paramref name="language"/> where they have it; missing or hidden ones are left out.</summary>
    public async Task<List<NewsletterItem>> ItemsAsync(IReadOnlyList<(string Kind, int Id)> wanted, string language, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        List<int> Ids(string kind) => wanted.Where(w => w.Kind == kind).Select(w => w.Id).ToList();
        var found = new Dictionary<(string, int), NewsletterItem>();
        var newsIds = Ids("news");
        if (newsIds.Count > 0)
        {
            var rows = await db.NewsItems.AsNoTracking().Where(n => newsIds.Contains(n.Id) && n.PublishedAt <= now).Select(n => new { n.Id, n.Slug, n.OriginalLanguage }).ToListAsync(ct);
            var texts = (await db.NewsTexts.AsNoTracking().Where(t => newsIds.Contains(t.NewsItemId)).Select(t => new { t.NewsItemId, t.Language, t.Title }).ToListAsync(ct)).ToLookup(t => t.NewsItemId);
            foreach (var r in rows)
            {
                var t = texts[r.Id].FirstOrDefault(x => x.Language == language) ?? texts[r.Id].FirstOrDefault(x => x.Language == r.OriginalLanguage) ?? texts[r.Id].First();
                found[("news", r.Id)] = new NewsletterItem("news", r.Id, t.Title, t.Language, $"news/{r.Slug}");
            }
        }
        var practiceIds = Ids("practice");
        if (practiceIds.Count > 0)
        {
            var rows = await db.Practices.AsNoTracking().Where(p => practiceIds.Contains(p.Id) && (p.Stage == PracticeStage.Published || p.Stage == PracticeStage.Archived))
                .Select(p => new { p.Id, p.Slug, p.OriginalLanguage }).ToListAsync(ct);
            var texts = (await db.PracticeTexts.AsNoTracking().Where(t => practiceIds.Contains(t.PracticeId)).Select(t => new { t.PracticeId, t.Language, t.Title }).ToListAsync(ct)).ToLookup(t => t.PracticeId);
            foreach (var r in rows)
            {
                var t = texts[r.Id].FirstOrDefault(x => x.Language == language) ?? texts[r.Id].FirstOrDefault(x => x.Language == r.OriginalLanguage) ?? texts[r.Id].FirstOrDefault();
                found[("practice", r.Id)] = new NewsletterItem("practice", r.Id, t?.Title ?? r.Slug, t?.Language ?? r.OriginalLanguage, $"practices/{r.Slug}");
            }
        }
        var eventIds = Ids("event");
        if (eventIds.Count > 0)
            foreach (var e in await db.Events.AsNoTracking().Where(e => eventIds.Contains(e.Id)).Select(e => new { e.Id, e.Slug, e.Title, e.Language }).ToListAsync(ct))
                found[("event", e.Id)] = new NewsletterItem("event", e.Id, e.Title, e.Language, $"events/{e.Slug}");
        var requestIds = Ids("request");
        if (requestIds.Count > 0)
            foreach (var r in await db.Requests.AsNoTracking().Where(r => requestIds.Contains(r.Id)).Select(r => new { r.Id, r.Slug, r.Title, r.Language }).ToListAsync(ct))
                found[("request", r.Id)] = new NewsletterItem("request", r.Id, r.Title, r.Language, $"marketplace/requests/{r.Slug}");
        return wanted.Where(found.ContainsKey).Select(w => found[w]).ToList();
    }

    /// <summary>An issue's items in its entries' order.</summary>
    public Task<List<NewsletterItem>> ItemsAsync(NewsletterIssue issue, string language, CancellationToken ct) =>
        ItemsAsync(issue.Entries.OrderBy(e => e.Position).Select(e => (e.Kind, e.ItemId)).ToList(), language, ct);
}

/// <summary>
/// The token of a newsletter's unsubscribe link: the person's id protected by the app's data-protection keys with the
/// newsletter's own purpose (a digest's token does not stop the newsletter, nor the other way round).
/// </summary>
public sealed class NewsletterTokens(IDataProtectionProvider protection)
{
    private readonly IDataProtector _protector = protection.CreateProtector("LearningNetwork.Newsletter.Unsubscribe.v1");

    public string For(string userId) => WebEncoders.Base64UrlEncode(_protector.Protect(Encoding.UTF8.GetBytes(userId)));

    public string? Read(string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 2000) return null;
        try
        {
            return Encoding.UTF8.GetString(_protector.Unprotect(WebEncoders.Base64UrlDecode(token)));
        }
        catch (Exception e) when (e is CryptographicException or FormatException)
        {
            return null;
        }
    }
}

/// <summary>Subscribing and sending: the one place the newsletter's subscribers and queue are written.</summary>
public sealed class NewsletterBook(LearningNetworkDb db, TimeProvider clock)
{
    public Task<bool> IsSubscribedAsync(string userId, CancellationToken ct) => db.NewsletterSubscribers.AnyAsync(s => s.UserId == userId, ct);

    public async Task SubscribeAsync(string userId, string language, CancellationToken ct)
    {
        var row = await db.NewsletterSubscribers.AsTracking().FirstOrDefaultAsync(s => s.UserId == userId, ct);
        if (row is null) db.NewsletterSubscribers.Add(new NewsletterSubscriber { UserId = userId, Language = language, SubscribedAt = clock.GetUtcNow().UtcDateTime });
        else row.Language = language;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // subscribed at the same moment from another tab: the person is subscribed either way
        }
    }

    /// <summary>Stops the newsletter for the person, and drops what is still queued for them.</summary>
    public async Task UnsubscribeAsync(string userId, CancellationToken ct)
    {
        await db.NewsletterSubscribers.Where(s => s.UserId == userId).ExecuteDeleteAsync(ct);
        await db.NewsletterDeliveries.Where(d => d.UserId == userId && d.State == DeliveryState.Pending).ExecuteDeleteAsync(ct);
    }

    /// <summary>
    /// Sends a draft: marks it sent (only if it is still the draft of <paramref name="version"/>) and queues one message per
    /// subscriber, in one transaction; returns the number queued, or null when it had moved on (sent by someone else, edited).
    /// </summary>
    public async Task<int?> SendAsync(int issueId, Guid version, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var claimed = await db.NewsletterIssues.Where(i => i.Id == issueId && i.State == NewsletterState.Draft && i.Version == version)
            .ExecuteUpdateAsync(u => u.SetProperty(i => i.State, NewsletterState.Sent).SetProperty(i => i.SentAt, now).SetProperty(i => i.UpdatedAt, now)
                .SetProperty(i => i.Version, Guid.NewGuid()), ct);
        if (claimed == 0) return null;
        var subscribers = await db.NewsletterSubscribers.AsNoTracking().Select(s => s.UserId).ToListAsync(ct);
        db.NewsletterDeliveries.AddRange(subscribers.Select(u => new NewsletterDelivery
        {
            NewsletterIssueId = issueId, UserId = u, State = DeliveryState.Pending, NextAttemptAt = now,
        }));
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return subscribers.Count;
    }
}

/// <summary>
/// Sends the queued newsletters, hosted on every node. A message is claimed by a conditional update (Pending and due →
/// Sending, with a lease, attempts + 1), so of several nodes only one sends it; it is then sent through
/// <see cref="MailSender"/> (the SMTP path) as text and HTML in the subscriber's language, with a one-click unsubscribe link
/// and the List-Unsubscribe / List-Unsubscribe-Post header fields (RFC 8058), and marked sent. A failed SMTP exchange puts it
/// back to Pending for later, up to <see cref="NewsletterOptions.MaxAttempts"/>; a row left Sending by a node that died
/// mid-send is never sent again (at most once, like the digests).
/// </summary>
public sealed class NewsletterSender(IServiceScopeFactory scopes, IOptions<NewsletterOptions> options, TimeProvider clock, ILogger<NewsletterSender> log) : BackgroundService
{
    private const int PerRun = 200;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.Interval <= TimeSpan.Zero) return;
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(30), clock, stoppingToken);
            using var timer = new PeriodicTimer(options.Value.Interval, clock);
            do
            {
                try
                {
                    var sent = await SendDueAsync(stoppingToken);
                    if (sent > 0) log.LogInformation("Sent {Count} newsletter messages", sent);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    log.LogWarning(e, "Newsletter sending failed; trying again at the next interval");
                }
            } while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // stopping
        }
    }

    /// <summary>Claims and sends the messages due now; returns how many were sent.</summary>
    public async Task<int> SendDueAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        List<NewsletterDelivery> due;
        using (var scope = scopes.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<LearningNetworkDb>();
            due = await db.NewsletterDeliveries.AsNoTracking().Where(d => d.State == DeliveryState.Pending && d.NextAttemptAt <= now)
                .OrderBy(d => d.NextAttemptAt).ThenBy(d => d.Id).Take(PerRun).ToListAsync(ct);
        }
        var sent = 0;
        var rendered = new Dictionary<(int, string), (string Subject, string Text, string Html)>();
        foreach (var d in due)
        {
            using var scope = scopes.CreateScope();
            var services = scope.ServiceProvider;
            var db = services.GetRequiredService<LearningNetworkDb>();
            var claimed = await db.NewsletterDeliveries.Where(x => x.Id == d.Id && x.State == DeliveryState.Pending && x.Attempts == d.Attempts && x.NextAttemptAt <= now)
                .ExecuteUpdateAsync(u => u.SetProperty(x => x.State, DeliveryState.Sending).SetProperty(x => x.Attempts, d.Attempts + 1)
                    .SetProperty(x => x.LeaseUntil, now + options.Value.Lease), ct);
            if (claimed == 0) continue; // another node has it
            var person = await db.Users.AsNoTracking().Where(u => u.Id == d.UserId && u.EmailConfirmed && u.SuspendedAt == null).Select(u => new { u.Email }).FirstOrDefaultAsync(ct);
            var subscriber = await db.NewsletterSubscribers.AsNoTracking().FirstOrDefaultAsync(s => s.UserId == d.UserId, ct);
            var issue = await db.NewsletterIssues.AsNoTracking().Include(i => i.Entries).FirstOrDefaultAsync(i => i.Id == d.NewsletterIssueId, ct);
            if (person?.Email is null || subscriber is null || issue is null)
            {
                // unsubscribed, erased or suspended since it was queued: nothing goes out
                await db.NewsletterDeliveries.Where(x => x.Id == d.Id).ExecuteUpdateAsync(u => u.SetProperty(x => x.State, DeliveryState.Failed), CancellationToken.None);
                continue;
            }
            try
            {
                var language = services.GetRequiredService<SupportedLanguages>().IsSupported(subscriber.Language) ? subscriber.Language : SupportedLanguages.Default;
                if (!rendered.TryGetValue((issue.Id, language), out var message))
                {
                    var items = await services.GetRequiredService<NewsletterComposer>().ItemsAsync(issue, language, ct);
                    message = rendered[(issue.Id, language)] = Render(services, issue, items, language, "{unsubscribe}");
                }
                var unsubscribe = services.GetRequiredService<SiteLinks>().To(language, "newsletters/unsubscribe",
                    new Dictionary<string, string?> { ["token"] = services.GetRequiredService<NewsletterTokens>().For(d.UserId) });
                var headers = new Dictionary<string, string> { ["List-Unsubscribe"] = $"<{unsubscribe}>", ["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click" };
                await services.GetRequiredService<MailSender>().SendAsync(person.Email, message.Subject, message.Text.Replace("{unsubscribe}", unsubscribe, StringComparison.Ordinal),
                    message.Html.Replace("{unsubscribe}", WebUtility.HtmlEncode(unsubscribe), StringComparison.Ordinal), headers, ct);
            }
            catch (Exception failure) when (failure is not OperationCanceledException)
            {
                log.LogWarning(failure, "Newsletter message {Id} could not be sent (attempt {Attempt})", d.Id, d.Attempts + 1);
                var last = d.Attempts + 1 >= options.Value.MaxAttempts;
                await db.NewsletterDeliveries.Where(x => x.Id == d.Id).ExecuteUpdateAsync(u => u.SetProperty(x => x.State, last ? DeliveryState.Failed : DeliveryState.Pending)
                    .SetProperty(x => x.NextAttemptAt, now + options.Value.RetryAfter * (d.Attempts + 1)).SetProperty(x => x.LeaseUntil, (DateTime?)null), CancellationToken.None);
                continue;
            }
            await db.NewsletterDeliveries.Where(x => x.Id == d.Id).ExecuteUpdateAsync(u => u.SetProperty(x => x.State, DeliveryState.Sent)
                .SetProperty(x => x.SentAt, clock.GetUtcNow().UtcDateTime).SetProperty(x => x.LeaseUntil, (DateTime?)null), CancellationToken.None);
            sent++;
        }
        return sent;
    }

    /// <summary>The issue's subject, text and HTML in <paramref name="language"/>; <paramref name="unsubscribe"/> stands where the link goes.</summary>
    internal static (string Subject, string Text, string Html) Render(IServiceProvider services, NewsletterIssue issue, IReadOnlyList<NewsletterItem> items,
        string language, string unsubscribe)
    {
        var text = services.GetRequiredService<IStringLocalizer<SharedResource>>();
        var links = services.GetRequiredService<SiteLinks>();
        var ui = services.GetRequiredService<SupportedLanguages>().Get(language);
        var (previousUi, previous) = (CultureInfo.CurrentUICulture, CultureInfo.CurrentCulture);
        try
        {
            CultureInfo.CurrentUICulture = ui.Culture;
            CultureInfo.CurrentCulture = ui.FormatCulture;
            var plain = new StringBuilder();
            var html = new StringBuilder();
            static string H(string s) => WebUtility.HtmlEncode(s);
            plain.AppendLine(issue.Title).AppendLine().AppendLine(issue.Introduction).AppendLine();
            html.Append("<!DOCTYPE html><html lang=\"").Append(H(language)).Append("\"><head><meta charset=\"utf-8\"><title>").Append(H(issue.Title)).Append("</title></head><body>")
                .Append("<h1 lang=\"").Append(H(issue.Language)).Append("\">").Append(H(issue.Title)).Append("</h1>")
                .Append("<p lang=\"").Append(H(issue.Language)).Append("\">").Append(H(issue.Introduction).Replace("\n", "<br>", StringComparison.Ordinal)).Append("</p>");
            foreach (var group in items.GroupBy(i => i.Kind))
            {
                var heading = text[$"Newsletter.Kind.{group.Key}"].Value;
                plain.AppendLine(heading);
                html.Append("<h2>").Append(H(heading)).Append("</h2><ul>");
                foreach (var item in group)
                {
                    var url = links.To(language, item.Path);
                    plain.Append("- ").AppendLine(item.Title).Append("  ").AppendLine(url);
                    html.Append("<li><a href=\"").Append(H(url)).Append("\" lang=\"").Append(H(item.Language)).Append("\">").Append(H(item.Title)).Append("</a></li>");
                }
                plain.AppendLine();
                html.Append("</ul>");
            }
            var archive = links.To(language, $"newsletters/{issue.Id.ToString(CultureInfo.InvariantCulture)}");
            plain.AppendLine(text["Newsletter.Online", archive]).AppendLine(text["Newsletter.UnsubscribeLine", unsubscribe]);
            var online = text["Newsletter.Online", "\u0001"].Value.Split('\u0001');
            html.Append("<hr><p>").Append(H(online[0])).Append("<a href=\"").Append(H(archive)).Append("\">").Append(H(archive)).Append("</a>")
                .Append(H(online.Length > 1 ? online[1] : "")).Append("</p>")
                .Append("<p><a href=\"").Append(unsubscribe).Append("\">").Append(H(text["Newsletter.Unsubscribe"].Value)).Append("</a></p></body></html>");
            return (issue.Title, plain.ToString(), html.ToString());
        }
        finally
        {
            (CultureInfo.CurrentUICulture, CultureInfo.CurrentCulture) = (previousUi, previous);
        }
    }
}

public static class NewslettersSetup
{
    public static void AddNewsletters(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<NewsletterOptions>().Bind(builder.Configuration.GetSection(NewsletterOptions.Section));
        builder.Services.AddScoped<NewsletterComposer>();
        builder.Services.AddScoped<NewsletterBook>();
        builder.Services.AddSingleton<NewsletterTokens>();
        builder.Services.AddSingleton<NewsletterSender>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<NewsletterSender>());
    }
}
