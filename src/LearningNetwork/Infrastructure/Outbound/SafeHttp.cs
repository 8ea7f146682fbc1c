using System.Net;

namespace LearningNetwork.Infrastructure.Outbound;

/// <summary>A response body read past its limit: reading stopped there.</summary>
public sealed class ResponseTooLargeException(long limit) : IOException($"larger than the limit of {limit} bytes; stopped reading")
{
    public long Limit { get; } = limit;
}

/// <summary>
/// The one way the app makes HTTP requests to other servers. Every named client is registered with
/// <see cref="AddOutboundHttpClient"/>, whose handler connects only where <see cref="OutboundPolicy.ConnectAsync"/>
/// allows (public addresses, https outside Development), follows at most <c>Outbound:MaxRedirects</c> redirects (each
/// new connection meets the same check; https never downgrades to http), uses no proxy from the environment, keeps no
/// cookies, and bounds connecting by <c>Outbound:ConnectTimeout</c>. Bodies are read with <see cref="ReadCappedAsync"/>,
/// which counts the bytes after decompression, so a small compressed answer cannot become a large one in memory.
/// </summary>
public static class SafeHttp
{
    public static void AddOutbound(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<OutboundOptions>().Bind(builder.Configuration.GetSection(OutboundOptions.Section))
            .Validate(o => OutboundPolicy.IsValidAllowList(o.AllowPrivateNetworks), "Outbound:AllowPrivateNetworks has an entry that is neither an address, a CIDR block nor a host name.")
            .Validate(o => o.MaxRedirects is >= 0 and <= 20, "Outbound:MaxRedirects must be between 0 and 20.")
            .Validate(o => o.ConnectTimeout > TimeSpan.Zero, "Outbound:ConnectTimeout must be positive.")
            .ValidateOnStart();
        builder.Services.AddSingleton<OutboundPolicy>();
    }

    /// <summary>Registers a named client on the safe handler. <paramref name="followRedirects"/>: for GETs (harvests); never for POSTs.</summary>
    public static IHttpClientBuilder AddOutboundHttpClient(this IServiceCollection services, string name, bool followRedirects, Action<HttpClient> configure) =>
        services.AddHttpClient(name, configure).ConfigurePrimaryHttpMessageHandler(sp => CreateHandler(sp.GetRequiredService<OutboundPolicy>(), followRedirects));

    public static SocketsHttpHandler CreateHandler(OutboundPolicy policy, bool followRedirects)
    {
        var redirects = followRedirects ? policy.Options.MaxRedirects : 0;
        return new SocketsHttpHandler
        {
            ConnectCallback = policy.ConnectAsync,
            ConnectTimeout = policy.Options.ConnectTimeout,
            AllowAutoRedirect = redirects > 0,
            MaxAutomaticRedirections = Math.Max(redirects, 1),
            AutomaticDecompression = DecompressionMethods.All,
            UseProxy = false,
            UseCookies = false,
            MaxResponseHeadersLength = 64, // KiB
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        };
    }

    /// <summary>
    /// Reads a body into memory, at most <paramref name="maxBytes"/> bytes as decompressed: a declared length above the
    /// limit stops before reading, and the count while reading stops as soon as it passes the limit
    /// (<see cref="ResponseTooLargeException"/>); the caller disposes the response, which closes the connection.
    /// </summary>
    public static async Task<MemoryStream> ReadCappedAsync(HttpContent content, long maxBytes, CancellationToken ct)
    {
        if (content.Headers.ContentLength > maxBytes && content.Headers.ContentEncoding.Count == 0) throw new ResponseTooLargeException(maxBytes);
        var body = new MemoryStream();
        await using var stream = await content.ReadAsStreamAsync(ct);
        var buffer = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, maxBytes - body.Length + 1)), ct)) > 0)
        {
            if (body.Length + read > maxBytes)
            {
                await body.DisposeAsync();
                throw new ResponseTooLargeException(maxBytes);
            }
            body.Write(buffer, 0, read);
        }
        body.Position = 0;
        return body;
    }
}
