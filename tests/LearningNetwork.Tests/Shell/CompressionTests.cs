using System.IO.Compression;
using System.Net;

namespace LearningNetwork.Tests.Shell;

/// <summary>
/// Static assets and the public map boundaries are served compressed (the page-weight budget: at most 100 KB of
/// JavaScript as served, bench/page-weight); so are the anonymous pages and API reads the page cache stores, which hold
/// no token and nothing of a reader. A page that carries an antiforgery token, and whatever a signed-in person is shown,
/// never is, so that no secret beside echoed input is revealed by a compressed size (BREACH).
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
    [InlineData("/en/search?q=water")]
    [InlineData("/api/v1/partners")]
    [InlineData("/api/v1/map/partners")]
    public async Task Anonymous_pages_and_API_reads_without_a_token_are_compressed(string path)
    {
        var client = Infrastructure.Providers.SharedApp(Infrastructure.Providers.Sqlite).CreateClient(new() { HandleCookies = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.TryAddWithoutValidation("Accept-Encoding", "br, gzip");
        var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["br"], response.Content.Headers.ContentEncoding);
    }

    [Fact]
    public async Task A_page_with_an_antiforgery_token_is_never_compressed()
    {
        var client = Infrastructure.Providers.SharedApp(Infrastructure.Providers.Sqlite).Client();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/en/account/sign-in");
        request.Headers.TryAddWithoutValidation("Accept-Encoding", "br, gzip");
        var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(response.Content.Headers.ContentEncoding);
    }

    [Theory]
    [InlineData("/en/")]
    [InlineData("/en/search?q=water")]
    [InlineData("/api/v1/partners")]
    public async Task What_a_signed_in_person_is_shown_is_never_compressed(string path)
    {
        var client = await Infrastructure.TestPeople.WithRoleAsync(Infrastructure.Providers.SharedApp(Infrastructure.Providers.Sqlite), LearningNetwork.Domain.Roles.Member);
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.TryAddWithoutValidation("Accept-Encoding", "br, gzip");
        var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(response.Content.Headers.ContentEncoding);
    }
}
