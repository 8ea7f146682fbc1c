using System.Globalization;
using System.Text;
using LearningNetwork.Data;
using LearningNetwork.Domain;
using LearningNetwork.Features.Accounts;
using LearningNetwork.Infrastructure;
using LearningNetwork.Infrastructure.Localization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace LearningNetwork.Features.Follows;

/// <summary><c>Follows:*</c>: the digests.</summary>
public sealed class FollowsOptions
{
    public const string Section = "Follows";

    /// <summary>How often a node looks for digests to send; 0 turns the digests off on this node.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(15);
    /// <summary>A failed send is tried again after this, times the attempts so far.</summary>
    public TimeSpan RetryAfter { get; set; } = TimeSpan.FromMinutes(15);
    /// <summary>Attempts of one digest before it is left as failed (its items then come in the next period's digest).</summary>
    public int MaxAttempts { get; set; } = 5;
    /// <summary>At most this many follows per person.</summary>
    public int MaxFollows { get; set; } = 200;
}

/// <summary>
/// Sends each person with a daily or weekly digest what is new for what they follow since their last one, in their
/// interface language, through <see cref="MailSender"/> (the SMTP path), with a one-click unsubscribe link and the
/// List-Unsubscribe / List-Unsubscribe-Post header fields (RFC 8058). Hosted on every node. A digest is claimed by
/// inserting its <see cref="Digest"/> row — (person, period) is unique — before it is composed, so whatever the nodes and
/// runs, each period's digest is composed and sent once; an empty one is recorded and not sent. A failed SMTP exchange
/// marks the row failed and a later run claims it again with a conditional update (Failed → Sending), up to
/// <see cref="FollowsOptions.MaxAttempts"/>; the period's window is stored on the row, so a retry sends the same items.
/// </summary>
public sealed class DigestSender(IServiceScopeFactory scopes, IOptions<FollowsOptions> options, TimeProvider clock, ILogger<DigestSender> log) : BackgroundService
{
    private const int PerRun = 200;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.Interval <= TimeSpan.Zero) return;
        try
        {
            await Task.Delay(TimeSpan.FromMinutes(1), clock, stoppingToken); // let start-up (migrations, seeding) finish first
            using var timer = new PeriodicTimer(options.Value.Interval, clock);
            do
            {
                try
                {
                    var sent = await SendDueAsync(stoppingToken);
                    if (sent > 0) log.LogInformation("Sent {Count} digests", sent);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    log.LogWarning(e, "Digests failed; trying again at the next interval");
                }
            } while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // stopping
        }
    }

    /// <summary>The period a digest of this frequency belongs to at <paramref name="now"/>: the day, or the week by its Monday.</summary>
    public static string PeriodOf(DigestFrequency frequency, DateTime now)
    {
        var day = DateOnly.FromDateTime(now);
        if (frequency == DigestFrequency.Daily) return "daily:" + day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var monday = day.AddDays(-(((int)day.DayOfWeek + 6) % 7));
        return "weekly:" + monday.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    }

    /// <summary>Claims, composes and sends the digests due now, then retries failed ones; returns how many were sent.</summary>
    public async Task<int> SendDueAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var daily = PeriodOf(DigestFrequency.Daily, now);
        var weekly = PeriodOf(DigestFrequency.Weekly, now);
        List<DigestSubscription> due;
        List<Digest> retries;
        using (var scope = scopes.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<LearningNetworkDb>();
            due = await db.DigestSubscriptions.AsNoTracking()
                .Where(s => s.Frequency != DigestFrequency.Off && db.Follows.Any(f => f.UserId == s.UserId)
                            && !db.Digests.Any(d => d.UserId == s.UserId && d.Period == (s.Frequency == DigestFrequency.Daily ? daily : weekly)))
                .OrderBy(s => s.CoveredUntil).Take(PerRun).ToListAsync(ct);
            retries = await db.Digests.AsNoTracking()
                .Where(d => d.State == DigestState.Failed && d.RetryAt <= now && d.Attempts < options.Value.MaxAttempts)
                .OrderBy(d => d.RetryAt).Take(PerRun).ToListAsync(ct);
        }

        var sent = 0;
        foreach (var s in due)
        {
            var digest = new Digest
            {
                UserId = s.UserId, Period = PeriodOf(s.Frequency, now), Since = s.CoveredUntil, Until = now,
                State = DigestState.Sending, Attempts = 1, ClaimedAt = now,
            };
            if (!await ClaimAsync(digest, ct)) continue;
            if (await SendAsync(digest, ct)) sent++;
        }
        foreach (var r in retries)
        {
            using (var scope = scopes.CreateScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<LearningNetworkDb>();
                var claimed = await db.Digests.Where(d => d.Id == r.Id && d.State == DigestState.Failed && d.Attempts == r.Attempts)
                    .ExecuteUpdateAsync(u => u.SetProperty(d => d.State, DigestState.Sending).SetProperty(d => d.Attempts, r.Attempts + 1).SetProperty(d => d.ClaimedAt, now), ct);
                if (claimed == 0) continue;
            }
            r.Attempts++;
            if (await SendAsync(r, ct)) sent++;
        }
        return sent;
    }

    /// <summary>Inserts the digest's row; false when another node or run holds (person, period) already.</summary>
    private async Task<bool> ClaimAsync(Digest digest, CancellationToken ct)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<LearningNetworkDb>();
        db.Digests.Add(digest);
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateException)
        {
            return false; // the unique (person, period) index: someone else claimed it
        }
    }

    /// <summary>Composes and sends a claimed digest and records the outcome; true when a message went out.</summary>
    private async Task<bool> SendAsync(Digest digest, CancellationToken ct)
    {
        using var scope = scopes.CreateScope();
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<LearningNetworkDb>();
        var now = clock.GetUtcNow().UtcDateTime;
        var subscription = await db.DigestSubscriptions.AsNoTracking().FirstOrDefaultAsync(s => s.UserId == digest.UserId, ct);
        var address = await db.Users.AsNoTracking().Where(u => u.Id == digest.UserId && u.EmailConfirmed && u.SuspendedAt == null)
            .Select(u => u.Email).FirstOrDefaultAsync(ct);
        IReadOnlyList<DigestItem> items = [];
        if (subscription is { Frequency: not DigestFrequency.Off } && address is not null)
        {
            var follows = await db.Follows.AsNoTracking().Where(f => f.UserId == digest.UserId).ToListAsync(ct);
            items = await services.GetRequiredService<DigestComposer>().ComposeAsync(follows, subscription.Language, digest.Since, digest.Until, ct);
        }
        if (items.Count == 0)
        {
            await RecordAsync(db, digest, DigestState.Empty, 0, null, ct);
            return false;
        }
        try
        {
            var (subject, body, html, headers) = Message(services, subscription!.Language, digest, items);
            await services.GetRequiredService<MailSender>().SendAsync(address!, subject, body, html, headers, ct);
        }
        catch (Exception failure) when (failure is not OperationCanceledException)
        {
            log.LogWarning(failure, "The digest {Id} could not be sent (attempt {Attempt})", digest.Id, digest.Attempts);
            await db.Digests.Where(d => d.Id == digest.Id).ExecuteUpdateAsync(u => u.SetProperty(d => d.State, DigestState.Failed)
                .SetProperty(d => d.RetryAt, now + options.Value.RetryAfter * digest.Attempts), CancellationToken.None);
            return false;
        }
        await RecordAsync(db, digest, DigestState.Sent, items.Count, now, CancellationToken.None);
        return true;
    }

    /// <summary>Marks the digest done and moves the person's cursor to its end (never back).</summary>
    private static async Task RecordAsync(LearningNetworkDb db, Digest digest, DigestState state, int items, DateTime? sentAt, CancellationToken ct)
    {
        await db.Digests.Where(d => d.Id == digest.Id).ExecuteUpdateAsync(u => u.SetProperty(d => d.State, state).SetProperty(d => d.Items, items)
            .SetProperty(d => d.SentAt, sentAt).SetProperty(d => d.RetryAt, (DateTime?)null), ct);
        await db.DigestSubscriptions.Where(s => s.UserId == digest.UserId && s.CoveredUntil < digest.Until)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.CoveredUntil, digest.Until), ct);
    }

    /// <summary>The digest's subject, plain-text and HTML bodies (the same content: a multipart/alternative message) and
    /// unsubscribe header fields, in <paramref name="language"/>. Every text in the HTML is encoded: titles are members' words.</summary>
    internal static (string Subject, string Body, string Html, Dictionary<string, string> Headers) Message(IServiceProvider services, string language, Digest digest,
        IReadOnlyList<DigestItem> items)
    {
        var text = services.GetRequiredService<IStringLocalizer<SharedResource>>();
        var links = services.GetRequiredService<SiteLinks>();
        var languages = services.GetRequiredService<SupportedLanguages>();
        if (!languages.IsSupported(language)) language = SupportedLanguages.Default;
        var ui = languages.Get(language);
        var unsubscribe = links.To(language, "follows/unsubscribe", new Dictionary<string, string?> { ["token"] = services.GetRequiredService<UnsubscribeTokens>().For(digest.UserId) });
        var (previousUi, previous) = (CultureInfo.CurrentUICulture, CultureInfo.CurrentCulture);
        try
        {
            CultureInfo.CurrentUICulture = ui.Culture;
            CultureInfo.CurrentCulture = ui.FormatCulture;
            static string H(string s) => System.Net.WebUtility.HtmlEncode(s);
            var body = new StringBuilder();
            var html = new StringBuilder();
            var subject = text["Digest.Subject", ReaderDates.Day(digest.Until)].Value;
            var intro = text["Digest.Intro", ReaderDates.Day(digest.Since)].Value;
            body.AppendLine(intro).AppendLine();
            html.Append("<!DOCTYPE html><html lang=\"").Append(H(language)).Append("\"><head><meta charset=\"utf-8\"><title>").Append(H(subject))
                .Append("</title></head><body><p>").Append(H(intro)).Append("</p>");
            foreach (var group in items.GroupBy(i => i.Kind))
            {
                var heading = text[$"Digest.Kind.{group.Key}"].Value;
                body.AppendLine(heading);
                html.Append("<h2>").Append(H(heading)).Append("</h2><ul>");
                foreach (var item in group)
                {
                    var url = links.To(language, item.Path);
                    body.Append("- ").AppendLine(item.Title).Append("  ").AppendLine(url);
                    html.Append("<li><a href=\"").Append(H(url)).Append("\" lang=\"").Append(H(item.Language)).Append("\">").Append(H(item.Title)).Append("</a></li>");
                }
                body.AppendLine();
                html.Append("</ul>");
            }
            var manage = links.To(language, "me/follows");
            body.AppendLine(text["Digest.Manage", manage]);
            body.AppendLine(text["Digest.Unsubscribe", unsubscribe]);
            html.Append("<hr><p>").Append(H(text["Digest.Manage", manage].Value)).Append("</p><p><a href=\"").Append(H(unsubscribe)).Append("\">")
                .Append(H(text["Unsubscribe.Confirm"].Value)).Append("</a></p></body></html>");
            var headers = new Dictionary<string, string>
            {
                ["List-Unsubscribe"] = $"<{unsubscribe}>",
                ["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click",
            };
            return (subject, body.ToString(), html.ToString(), headers);
        }
        finally
        {
            (CultureInfo.CurrentUICulture, CultureInfo.CurrentCulture) = (previousUi, previous);
        }
    }
}
