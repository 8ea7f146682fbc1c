using System.Net;
using System.Net.Http.Headers;
using LearningNetwork.Tests.Infrastructure;

namespace LearningNetwork.Tests.Shell;

public sealed class ApiPoliciesTests
{
    [Fact]
    public async Task Api_answers_carry_an_etag_and_a_client_that_has_the_answer_gets_304()
    {
        var client = Providers.SharedApp(Providers.Sqlite).Client();
        foreach (var path in new[] { "/api/v1/practices?pageSize=5", "/api/v1/partners?country=DE", "/api/v1/export" })
        {
            var first = await client.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
            var etag = first.Headers.ETag;
            Assert.NotNull(etag);
            using var again = new HttpRequestMessage(HttpMethod.Get, path);
            again.Headers.IfNoneMatch.Add(etag);
            var second = await client.SendAsync(again);
            Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
            Assert.Empty(await second.Content.ReadAsByteArrayAsync());
        }
        using var stale = new HttpRequestMessage(HttpMethod.Get, "/api/v1/practices?pageSize=5");
        stale.Headers.IfNoneMatch.Add(new EntityTagHeaderValue("\"stale\""));
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(stale)).StatusCode);
    }

    [Fact]
    public async Task Too_many_api_requests_get_429_with_retry_after_while_pages_stay_open()
    {
        using var app = new TestApp(Providers.Sqlite, new Dictionary<string, string?> { ["Api:RequestsPerMinute"] = "5", ["Seed:Demo"] = "false" });
        var client = app.Client();
        for (var i = 0; i < 5; i++) Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/partners")).StatusCode);
        var limited = await client.GetAsync("/api/v1/partners");
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Equal("application/problem+json", limited.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/en/partners")).StatusCode);
    }
}

public sealed class ApiErrorsTests
{
    [Theory]
    [InlineData("GET", "/api/v1/no-such-thing", 404)]
    [InlineData("POST", "/api/v1/partners", 405)]
    [InlineData("DELETE", "/api/v1/partners/1", 405)]
    [InlineData("POST", "/api/v1/practices", 401)]
    [InlineData("POST", "/api/v1/import", 401)]
    [InlineData("PUT", "/api/v1/export", 405)]
    public async Task Api_errors_are_problem_details_with_the_right_status(string method, string path, int status)
    {
        var client = Providers.SharedApp(Providers.Sqlite).Client();
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = method == "GET" ? null : new StringContent("{\"name\":\"x\"}", System.Text.Encoding.UTF8, "application/json") };
        var response = await client.SendAsync(request);
        Assert.Equal(status, (int)response.StatusCode);
        if (status != 401) Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
