using System.Security.Cryptography;
using System.Text;
using LearningNetwork.Data;
using LearningNetwork.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LearningNetwork.Features.Webhooks;

/// <summary><c>Webhooks:*</c>.</summary>
public sealed class WebhookOptions
{
    public const string Section = "Webhooks";

    /// <summary>How often a node looks for deliveries due; 0 turns delivery off on this node.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(15);
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);
}

/// <summary>
/// Delivers the outbox: each notice is POSTed as JSON with <c>X-LN-Event</c>, <c>X-LN-Delivery</c>, <c>X-LN-Timestamp</c>
/// and <c>X-LN-Signature: sha256={HMAC-SHA256(secret, timestamp + "." + body)}</c>. A 2xx answer delivers it; anything
/// else is retried after 30 s, 2 min, 10 min, 1 h, 6 h and 24 h, then given up. Each delivery is claimed with a
/// conditional update, so several nodes never send the same notice twice at once. Requests go through the app's one
/// safe client (<see cref="Infrastructure.Outbound.SafeHttp"/>): public https addresses only, no redirect followed,
/// the answer's body never read; the outcome is shown to network admins only.
/// </summary>
public sealed class WebhookDispatcher(IServiceScopeFactory scopes, IHttpClientFactory http, IOptions<WebhookOptions> options, TimeProvider clock,
    ILogger<WebhookDispatcher> log) : BackgroundService
{
    public const string HttpClientName = "webhooks";
    private static readonly TimeSpan[] Backoff =
        [TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(10), TimeSpan.FromHours(1), TimeSpan.FromHours(6), TimeSpan.FromHours(24)];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.Interval <= TimeSpan.Zero) return;
        try
        {
            using var timer = new PeriodicTimer(options.Value.Interval, clock);
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await DispatchDueAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    log.LogWarning(e, "Webhook delivery failed; trying again at the next tick");
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // stopping
        }
    }

    /// <summary>Sends every delivery that is due; returns how many were delivered.</summary>
    public async Task<int> DispatchDueAsync(CancellationToken ct)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<LearningNetworkDb>();
        var now = clock.GetUtcNow().UtcDateTime;
        var due = await db.WebhookDeliveries.AsNoTracking()
            .Where(d => d.DeliveredAt == null && !d.Abandoned && d.NextAttemptAt <= now && (d.LeaseUntil == null || d.LeaseUntil < now))
            .OrderBy(d => d.Id).Take(100).Select(d => d.Id).ToListAsync(ct);
        var delivered = 0;
        var client = http.CreateClient(HttpClientName);
        foreach (var id in due)
        {
            var lease = now + options.Value.Timeout + TimeSpan.FromMinutes(1);
            var claimed = await db.WebhookDeliveries.Where(d => d.Id == id && d.DeliveredAt == null && (d.LeaseUntil == null || d.LeaseUntil < now))
                .ExecuteUpdateAsync(s => s.SetProperty(d => d.LeaseUntil, lease), ct);
            if (claimed == 0) continue;
            var delivery = await db.WebhookDeliveries.FirstAsync(d => d.Id == id, ct);
            var subscription = await db.WebhookSubscriptions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == delivery.SubscriptionId, ct);
            string status;
            var ok = false;
            if (subscription is null || !subscription.Active) status = "subscription inactive";
            else
            {
                (ok, status) = await SendAsync(client, subscription, delivery, ct);
            }
            delivery.Attempts++;
            delivery.LeaseUntil = null;
            delivery.LastStatus = status.Length > 500 ? status[..500] : status;
            if (ok)
            {
                delivery.DeliveredAt = clock.GetUtcNow().UtcDateTime;
                delivered++;
            }
            else if (subscription is null || !subscription.Active || delivery.Attempts > Backoff.Length) delivery.Abandoned = true;
            else delivery.NextAttemptAt = clock.GetUtcNow().UtcDateTime + Backoff[delivery.Attempts - 1];
            await db.SaveChangesAsync(ct);
        }
        return delivered;
    }

    public static string Signature(string secret, string timestamp, string body) =>
        "sha256=" + Convert.ToHexString(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(timestamp + "." + body))).ToLowerInvariant();

    private async Task<(bool, string)> SendAsync(HttpClient client, WebhookSubscription subscription, WebhookDelivery delivery, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(options.Value.Timeout);
        var timestamp = clock.GetUtcNow().ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var request = new HttpRequestMessage(HttpMethod.Post, subscription.Url) { Content = new StringContent(delivery.Payload, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-LN-Event", delivery.Event);
        request.Headers.Add("X-LN-Delivery", delivery.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add("X-LN-Timestamp", timestamp);
        request.Headers.Add("X-LN-Signature", Signature(subscription.Secret, timestamp, delivery.Payload));
        try
        {
            // Only the status matters: the answer's body is never read (disposing the response drops it).
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            return (response.IsSuccessStatusCode, $"HTTP {(int)response.StatusCode}");
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return (false, "timed out");
        }
        catch (HttpRequestException e)
        {
            return (false, e.InnerException is Infrastructure.Outbound.OutboundRefusedException refused ? refused.Message : e.Message);
        }
    }
}
