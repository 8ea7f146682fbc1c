using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace LearningNetwork.Infrastructure.Outbound;

/// <summary><c>Outbound:*</c>: the rules of every request the app makes to other servers (harvests, webhooks).</summary>
public sealed class OutboundOptions
{
    public const string Section = "Outbound";

    /// <summary>
    /// FOR TESTS ONLY, NEVER IN PRODUCTION: comma-separated addresses the app may reach although they are not public,
    /// each a CIDR block (<c>127.0.0.0/8</c>), an address (<c>127.0.0.1</c>, <c>::1</c>), an address and port
    /// (<c>127.0.0.1:5000</c>, <c>[::1]:5000</c>) or a host name with an optional port (<c>localhost:5000</c>). A URL
    /// whose host is written as such an entry may also be plain http outside Development. Empty by default: only
    /// public addresses, and only https outside Development.
    /// </summary>
    public string? AllowPrivateNetworks { get; set; }
    /// <summary>Redirects followed by a client that follows them (harvests); webhooks follow none.</summary>
    public int MaxRedirects { get; set; } = 5;
    /// <summary>How long establishing one connection may take.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);
}

/// <summary>An outbound request the policy refuses: a non-public address, a non-https URL outside Development, another scheme.</summary>
public sealed class OutboundRefusedException(string message) : IOException(message);

/// <summary>
/// Decides where the app may connect. The real guard is <see cref="ConnectAsync"/>, the connect callback of every
/// outbound handler: it resolves the host itself and connects only to the addresses it checked, so a name that
/// resolves to a private address, a redirect to one and DNS rebinding (a name that answers public at registration and
/// private later) all meet the same check on the address actually connected to. <see cref="CheckAsync"/> gives a
/// person a field message at registration; it can be outdated by the time of the request, which is why it is not the guard.
/// </summary>
public sealed class OutboundPolicy
{
    private sealed record Entry(IPNetwork? Network, string? Host, int Port);

    private readonly Entry[] _allowed;
    private readonly bool _development;

    public OutboundPolicy(IOptions<OutboundOptions> options, IHostEnvironment environment)
    {
        Options = options.Value;
        _development = environment.IsDevelopment();
        _allowed = Parse(Options.AllowPrivateNetworks, out var error) ?? throw new InvalidOperationException(error);
    }

    public OutboundOptions Options { get; }

    /// <summary>Parses <see cref="OutboundOptions.AllowPrivateNetworks"/>; null with an error naming the bad entry.</summary>
    private static Entry[]? Parse(string? list, out string? error)
    {
        error = null;
        var entries = new List<Entry>();
        foreach (var item in (list ?? "").Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (item.Contains('/', StringComparison.Ordinal))
            {
                if (!IPNetwork.TryParse(item, out var block)) return Fail(item, out error);
                entries.Add(new Entry(block, null, 0));
            }
            else if (!item.StartsWith('[') && item.Count(c => c == ':') != 1 && IPAddress.TryParse(item, out var address))
                entries.Add(new Entry(Single(address), null, 0));
            else if (IPEndPoint.TryParse(item, out var endPoint) && (item.StartsWith('[') || !item.Contains("::", StringComparison.Ordinal)))
                entries.Add(new Entry(Single(endPoint.Address), null, endPoint.Port));
            else
            {
                var colon = item.LastIndexOf(':');
                var port = 0;
                var host = colon > 0 && int.TryParse(item[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out port) ? item[..colon] : item;
                if (Uri.CheckHostName(host) != UriHostNameType.Dns || port is < 0 or > 65535) return Fail(item, out error);
                entries.Add(new Entry(null, host, port));
            }
        }
        return [.. entries];

        static IPNetwork Single(IPAddress a)
        {
            a = Normal(a);
            return new IPNetwork(a, a.AddressFamily == AddressFamily.InterNetwork ? 32 : 128);
        }

        static Entry[]? Fail(string item, out string? message)
        {
            message = $"Outbound:AllowPrivateNetworks: \"{item}\" is neither an address, an address and port, a CIDR block nor a host name.";
            return null;
        }
    }

    /// <summary>True when the option parses (for start-up validation).</summary>
    public static bool IsValidAllowList(string? list) => Parse(list, out _) is not null;

    private static IPAddress Normal(IPAddress a) => a.IsIPv4MappedToIPv6 ? a.MapToIPv4() : a;

    private static string Bare(string host) => host.StartsWith('[') && host.EndsWith(']') ? host[1..^1] : host;

    /// <summary>Whether the test-only allow-list admits this host (as written in the URL) at this address and port.</summary>
    private bool Allowed(string host, IPAddress? address, int port) => _allowed.Any(e =>
        (e.Port == 0 || e.Port == port)
        && (e.Host is not null
            ? string.Equals(e.Host, host, StringComparison.OrdinalIgnoreCase)
            : address is not null && Normal(address) is var a && a.AddressFamily == e.Network!.Value.BaseAddress.AddressFamily && e.Network.Value.Contains(a)));

    /// <summary>May this address be connected to, for this host and port?</summary>
    public bool MayConnect(string host, IPAddress address, int port) => PublicAddress.IsPublic(address) || Allowed(Bare(host), address, port);

    /// <summary>
    /// Plain http is for Development only; elsewhere only to a host written in the URL exactly as the test-only
    /// allow-list names it (an address in one of its blocks, or one of its names), never to a public server.
    /// </summary>
    public bool MayUseHttp(string host, int port)
    {
        if (_development) return true;
        host = Bare(host);
        return Allowed(host, IPAddress.TryParse(host, out var literal) ? literal : null, port);
    }

    /// <summary>Resolves a host as the connect callback will: a literal address is itself.</summary>
    public static async Task<IPAddress[]> ResolveAsync(string host, CancellationToken ct)
    {
        host = Bare(host);
        return IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, ct);
    }

    /// <summary>
    /// The check a form makes before saving an address it will later connect to: a resource key for the field
    /// (<c>Network.BadFeed</c>, <c>Network.NotPublic</c>, <c>Network.HttpsRequired</c>, <c>Network.Unresolved</c>), or null.
    /// Cheap checks come first, the DNS look-up last.
    /// </summary>
    public async Task<string?> CheckAsync(string url, CancellationToken ct)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.IdnHost.Length == 0 || uri.UserInfo.Length > 0)
            return "Network.BadFeed";
        var host = uri.IdnHost;
        if (IPAddress.TryParse(Bare(host), out var literal) && !MayConnect(host, literal, uri.Port)) return "Network.NotPublic";
        if (uri.Scheme == "http" && !MayUseHttp(host, uri.Port)) return "Network.HttpsRequired";
        IPAddress[] addresses;
        try
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
            deadline.CancelAfter(TimeSpan.FromSeconds(10));
            addresses = await ResolveAsync(host, deadline.Token);
        }
        catch (Exception e) when (e is SocketException or ArgumentException || (e is OperationCanceledException && !ct.IsCancellationRequested))
        {
            return "Network.Unresolved";
        }
        if (addresses.Length == 0) return "Network.Unresolved";
        return addresses.All(a => MayConnect(host, a, uri.Port)) ? null : "Network.NotPublic";
    }

    /// <summary>
    /// The connect callback of every outbound handler: refuses a scheme other than http and https, plain http outside
    /// Development (see <see cref="MayUseHttp"/>), and a host any of whose addresses is not public (a name that mixes
    /// public and private answers is refused whole); then connects to the checked addresses in turn, never resolving again.
    /// </summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken ct)
    {
        var host = Bare(context.DnsEndPoint.Host);
        var port = context.DnsEndPoint.Port;
        var scheme = context.InitialRequestMessage.RequestUri?.Scheme;
        if (scheme is not ("http" or "https")) throw new OutboundRefusedException($"{scheme}: only http and https requests are made");
        if (scheme == "http" && !MayUseHttp(host, port)) throw new OutboundRefusedException($"http://{host}: only https addresses are fetched and called");
        var addresses = await ResolveAsync(host, ct);
        if (addresses.Length == 0) throw new OutboundRefusedException($"{host} has no address");
        if (!addresses.All(a => MayConnect(host, a, port))) throw new OutboundRefusedException($"{host} is not an address on the public internet; not connected");
        Exception? last = null;
        foreach (var address in addresses)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, port), ct);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException e)
            {
                socket.Dispose();
                last = e;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }
        throw last!;
    }
}
