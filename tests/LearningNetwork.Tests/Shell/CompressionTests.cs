using System.IO.Compression;
using System.Net;

namespace LearningNetwork.Tests.Shell;

/// <summary>
/// Static assets and the public map boundaries are served compressed (the page-weight budget: at most 100 KB of
/// JavaScript as served, bench/page-weight); pages and the JSON API never are, so that no response that carries an
/// antiforgery token or a reader's data beside echoed input reveals it through its compressed size (BREACH).
/// </summary>
public sealed class CompressionTests
{
    [Theory]
    [InlineData("/lib/leaflet/leaflet.js", "br", 100 * 1024)]
    [InlineData("/lib/leaflet/leaflet.js", "gzip", 100 * 1024)]
    [InlineData("/css/site.css", "br", 10 * 1024)]
    [InlineData("/api/v1/regions?level=0", "gzip", 1024 * 1024)]
    public async Task Assets_and_public_boundaries_are_served_compressed_when_the_browser_accepts_it(string path, string encoding, int budget)
    {
        var client = Infrastructure.Providers.SharedApp(Infrastructure.Providers.Sqlite).Client();
        var plain = await client.GetByteArrayAsync(path);
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.TryAddWithoutValidation("Accept-Encoding", encoding);
        var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([encoding], response.Content.Headers.ContentEncoding);
        Assert.Contains("Accept-Encoding", response.Headers.Vary);
        var body = await response.Content.ReadAsByteArrayAsync();
        Assert.True(body.Length < plain.Length / 2 && body.Length <= budget, $"{path}: {body.Length} bytes compressed, {plain.Length} plain");
        await using Stream decoder = encoding == "br" ? new BrotliStream(new MemoryStream(body), CompressionMode.Decompress) : new GZipStream(new MemoryStream(body), CompressionMode.Decompress);
        using var decoded = new MemoryStream();
        await decoder.CopyToAsync(decoded);
        Assert.Equal(plain, decoded.ToArray());
    }

    [Theory]
    [InlineData("/en/")]
    [InlineData("/en/account/sign-in")]
    [InlineData("/en/search?q=water")]
    [InlineData("/api/v1/partners")]
    [InlineData("/api/v1/map/partners")]
    public async Task Pages_and_the_JSON_API_are_never_compressed(string path)
    {
        var client = Infrastructure.Providers.SharedApp(Infrastructure.Providers.Sqlite).Client();
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.TryAddWithoutValidation("Accept-Encoding", "br, gzip");
        var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(response.Content.Headers.ContentEncoding);
    }
}
