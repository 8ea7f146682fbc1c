using System.Net;
using System.Net.Http.Headers;
using LearningNetwork.Data;
using LearningNetwork.Domain;
using LearningNetwork.Features.Interchange;
using LearningNetwork.Infrastructure.Outbound;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LearningNetwork.Features.Networks;

/// <summary><c>Networks:*</c>: harvesting of registered networks.</summary>
public sealed class NetworkOptions
{
    public const string Section = "Networks";

    /// <summary>How often each network is harvested; 0 turns scheduled harvesting off on this node.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);
    /// <summary>How long one feed may take, headers and body.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(60);
    /// <summary>A feed larger than this (decompressed; for an Atom feed, the feed and the documents it links to together) is refused without being read further.</summary>
    public long MaxBytes { get; set; } = InterchangeImporter.MaxBytes;
}

/// <summary>
/// Pulls each registered network's JSON-LD and imports it as theirs. Conditional requests (ETag, Last-Modified) make
/// an unchanged feed cost a 304. A feed that fails (timeout, HTML, too large, malformed, a broken item) changes nothing,
/// is reported on the network's page (its reason to network admins only), and never holds up the other networks. A lease
/// taken with a conditional update makes one node harvest a network at a time however many nodes run this. Every request
/// goes through <see cref="SafeHttp"/>: public addresses only, https outside Development, redirects bounded, every body
/// read through a cap counted after decompression.
/// </summary>
public sealed class NetworkHarvester(IServiceScopeFactory scopes, IHttpClientFactory http, IOptions<NetworkOptions> options, TimeProvider clock,
    OutboundPolicy policy, ILogger<NetworkHarvester> log) : BackgroundService
{
    public const string HttpClientName = "harvest";
    private readonly string _node = Clip($"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}", 100);

    private static string Clip(string text, int max) => text.Length <= max ? text : text[..max];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.Interval;
        if (interval <= TimeSpan.Zero) return;
        try
        {
            await Task.Delay(TimeSpan.FromMinutes(1), clock, stoppingToken);
            using var timer = new PeriodicTimer(TimeSpan.FromMinutes(Math.Clamp(interval.TotalMinutes / 4, 1, 15)), clock);
            do
            {
                try
                {
                    await HarvestDueAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    log.LogWarning(e, "Harvesting failed; trying again at the next tick");
                }
            } while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // stopping
        }
    }

    /// <summary>Harvests every enabled network whose next harvest is due.</summary>
    public async Task HarvestDueAsync(CancellationToken ct)
    {
        List<int> due;
        using (var scope = scopes.CreateScope())
        {
            var now = clock.GetUtcNow().UtcDateTime;
            due = await scope.ServiceProvider.GetRequiredService<LearningNetworkDb>().RegisteredNetworks
                .Where(n => n.Enabled && (n.NextHarvestAt == null || n.NextHarvestAt <= now)).Select(n => n.Id).ToListAsync(ct);
        }
        foreach (var id in due) await HarvestAsync(id, ct);
    }

    /// <summary>Harvests one network now, unless another node holds its lease. Returns the outcome written on the network.</summary>
    public async Task<string?> HarvestAsync(int networkId, CancellationToken ct)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<LearningNetworkDb>();
        var now = clock.GetUtcNow().UtcDateTime;
        var leaseUntil = now + options.Value.Timeout + TimeSpan.FromMinutes(5);
        var claimed = await db.RegisteredNetworks.Where(n => n.Id == networkId && (n.LeaseUntil == null || n.LeaseUntil < now))
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.LeaseUntil, leaseUntil).SetProperty(n => n.LeaseHolder, _node), ct);
        if (claimed == 0) return null; // another node is harvesting it
        var network = await db.RegisteredNetworks.FirstAsync(n => n.Id == networkId, ct);
        string outcome;
        var success = false;
        try
        {
            (outcome, success) = await FetchAndImportAsync(network, scope.ServiceProvider, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            outcome = $"failed: {e.Message}";
            log.LogWarning(e, "Harvest of network {Network} failed", network.Slug);
        }
        db.ChangeTracker.Clear();
        var done = clock.GetUtcNow().UtcDateTime;
        var fresh = await db.RegisteredNetworks.FirstAsync(n => n.Id == networkId, ct);
        fresh.LastHarvestAt = done;
        if (success)
        {
            fresh.LastSuccessAt = done;
            fresh.ETag = network.ETag;
            fresh.LastModified = network.LastModified;
        }
        fresh.LastOutcome = outcome.Length > 4000 ? outcome[..4000] : outcome;
        fresh.NextHarvestAt = done + (options.Value.Interval > TimeSpan.Zero ? options.Value.Interval : TimeSpan.FromHours(1));
        fresh.LeaseUntil = null;
        fresh.LeaseHolder = null;
        await db.SaveChangesAsync(CancellationToken.None);
        log.LogInformation("Harvested network {Network}: {Outcome}", network.Slug, outcome);
        return fresh.LastOutcome;
    }

    /// <summary>
    /// The JSON-LD documents an Atom feed's entries link to (rel alternate, type application/ld+json), as one @graph.
    /// <paramref name="budget"/> is what is left of the byte limit after the feed itself: the documents share it.
    /// </summary>
    private async Task<(System.Text.Json.Nodes.JsonObject? Document, string? Problem)> AtomToJsonLdAsync(HttpClient client, Stream atom, long budget, CancellationToken ct)
    {
        var links = new List<string>();
        try
        {
            using var reader = System.Xml.XmlReader.Create(atom, new System.Xml.XmlReaderSettings
            {
                DtdProcessing = System.Xml.DtdProcessing.Prohibit, XmlResolver = null, MaxCharactersInDocument = options.Value.MaxBytes,
            });
            while (reader.Read())
                if (reader is { NodeType: System.Xml.XmlNodeType.Element, LocalName: "link", NamespaceURI: "http://www.w3.org/2005/Atom" }
                    && reader.GetAttribute("type") == "application/ld+json" && reader.GetAttribute("href") is { } href
                    && Uri.TryCreate(href, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
                    links.Add(href);
        }
        catch (System.Xml.XmlException e)
        {
            return (null, $"the Atom feed is not well-formed XML ({e.Message}); nothing changed");
        }
        var nodes = new Dictionary<string, System.Text.Json.Nodes.JsonNode>(StringComparer.Ordinal);
        foreach (var link in links.Distinct().Take(500))
        {
            System.Text.Json.Nodes.JsonNode? doc;
            try
            {
                using var response = await client.GetAsync(link, HttpCompletionOption.ResponseHeadersRead, ct);
                if (!response.IsSuccessStatusCode) return (null, $"{link} answered HTTP {(int)response.StatusCode}; nothing changed");
                using var body = await SafeHttp.ReadCappedAsync(response.Content, budget, ct);
                budget -= body.Length;
                doc = System.Text.Json.Nodes.JsonNode.Parse(body);
            }
            catch (ResponseTooLargeException)
            {
                return (null, "the feed's documents are larger than the limit; stopped reading; nothing changed");
            }
            catch (HttpRequestException e)
            {
                return (null, $"could not fetch {link} ({Reason(e)}); nothing changed");
            }
            catch (System.Text.Json.JsonException e)
            {
                return (null, $"{link} is not JSON ({e.Message}); nothing changed");
            }
            var graph = doc?["@graph"] as System.Text.Json.Nodes.JsonArray ?? (doc is System.Text.Json.Nodes.JsonObject o ? new System.Text.Json.Nodes.JsonArray(o.DeepClone()) : []);
            foreach (var node in graph.OfType<System.Text.Json.Nodes.JsonObject>())
                if (node["@id"] is System.Text.Json.Nodes.JsonValue id && id.TryGetValue<string>(out var key)) nodes[key] = node.DeepClone();
        }
        return (new System.Text.Json.Nodes.JsonObject
        {
            ["@context"] = "https://schema.org", ["@graph"] = new System.Text.Json.Nodes.JsonArray(nodes.Values.Select(n => (System.Text.Json.Nodes.JsonNode?)n).ToArray()),
        }, null);
    }

    /// <summary>What went wrong with a request, for the network admins: the policy's refusal rather than its wrapper's words.</summary>
    private static string Reason(HttpRequestException e) => e.InnerException is OutboundRefusedException refused ? refused.Message : e.Message;

    private async Task<(string Outcome, bool Success)> FetchAndImportAsync(RegisteredNetwork network, IServiceProvider services, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(options.Value.Timeout);
        if (!Uri.TryCreate(network.FeedUrl, UriKind.Absolute, out var feedUri) || feedUri.Scheme is not ("http" or "https"))
            return ("the feed address is not an http or https address; nothing changed", false);
        if (feedUri.Scheme == "http" && !policy.MayUseHttp(feedUri.IdnHost, feedUri.Port))
            return ("the feed address is not https: only https feeds are harvested; nothing changed", false);
        var client = http.CreateClient(HttpClientName);
        using var request = new HttpRequestMessage(HttpMethod.Get, network.FeedUrl);
        request.Headers.Accept.ParseAdd("application/ld+json");
        request.Headers.Accept.ParseAdd("application/json;q=0.9");
        request.Headers.Accept.ParseAdd("application/atom+xml;q=0.8");
        if (network.ETag is not null) request.Headers.TryAddWithoutValidation("If-None-Match", network.ETag);
        if (network.LastModified is not null) request.Headers.TryAddWithoutValidation("If-Modified-Since", network.LastModified);
        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return ($"timed out after {options.Value.Timeout.TotalSeconds:0} s; nothing changed", false);
        }
        catch (HttpRequestException e)
        {
            return ($"could not reach the feed ({Reason(e)}); nothing changed", false);
        }
        using (response)
        {
            if (response.StatusCode == HttpStatusCode.NotModified) return ("not modified since the last harvest", true);
            if (!response.IsSuccessStatusCode) return ($"the feed answered HTTP {(int)response.StatusCode}; nothing changed", false);
            var type = response.Content.Headers.ContentType?.MediaType ?? "";
            var atom = type is "application/atom+xml" or "application/xml" or "text/xml";
            if (!atom && !(type.EndsWith("json", StringComparison.OrdinalIgnoreCase) || type.EndsWith("+json", StringComparison.OrdinalIgnoreCase)))
                return ($"the feed is {(type.Length == 0 ? "of no declared type" : type)}, not JSON-LD or Atom; nothing changed", false);
            MemoryStream body;
            try
            {
                body = await SafeHttp.ReadCappedAsync(response.Content, options.Value.MaxBytes, timeout.Token);
            }
            catch (ResponseTooLargeException)
            {
                return ("the feed is larger than the limit; stopped reading; nothing changed", false);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                return ($"the feed did not finish within {options.Value.Timeout.TotalSeconds:0} s; nothing changed", false);
            }
            catch (HttpRequestException e)
            {
                return ($"the feed broke off ({Reason(e)}); nothing changed", false);
            }
            await using var owned = body;
            var prune = true;
            if (atom)
            {
                // An Atom feed lists the latest changes, each entry linking to its JSON-LD: fetch those into one document,
                // and remove nothing, since a feed of changes is not the whole content.
                System.Text.Json.Nodes.JsonObject? document;
                string? problem;
                try
                {
                    (document, problem) = await AtomToJsonLdAsync(client, body, options.Value.MaxBytes - body.Length, timeout.Token);
                }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                {
                    return ($"the feed's documents did not arrive within {options.Value.Timeout.TotalSeconds:0} s; nothing changed", false);
                }
                if (document is null) return (problem!, false);
                body.SetLength(0);
                await System.Text.Json.JsonSerializer.SerializeAsync(body, document, cancellationToken: ct);
                body.Position = 0;
                prune = false;
            }
            var report = await services.GetRequiredService<InterchangeImporter>().ImportAsync(body, network, prune, ct);
            if (!report.Ok) return (report.ToString(), false);
            network.ETag = response.Headers.ETag?.ToString();
            network.LastModified = response.Content.Headers.LastModified?.ToString("R");
            return (report.ToString(), true);
        }
    }
}
