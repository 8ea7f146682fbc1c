using System.Net;
using System.Text.RegularExpressions;
using LearningNetwork.Data;
using LearningNetwork.Tests.Features.Commitments;
using LearningNetwork.Tests.Features.Practices;
using LearningNetwork.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LearningNetwork.Tests.Robustness;

/// <summary>
/// "Two identical submissions at the same moment create one item": every create form carries the key drawn when it
/// was rendered; a double click (two posts at once) or a repeated post makes one item, and the second is led to it.
/// </summary>
public sealed partial class CreateOnceTests
{
    public static TheoryData<string> Providers => Infrastructure.Providers.All;

    /// <summary>The create forms and the hidden key each draws.</summary>
    public static readonly string[] CreateForms =
        ["/en/practices/new", "/en/commitments/new", "/en/marketplace/offers/new", "/en/marketplace/requests/new", "/en/events/new", "/en/helpdesk/ask", "/en/membership/apply"];

    private static async Task<(string Token, string Key)> FormAsync(HttpClient client, string url)
    {
        var html = await client.GetStringAsync(url);
        var token = WebUtility.HtmlDecode(TokenRegex().Match(html).Groups[1].Value);
        var key = KeyRegex().Match(html);
        Assert.True(key.Success, $"{url} draws no IdempotencyKey field");
        return (token, key.Groups[1].Value);
    }

    private static async Task<(HttpResponseMessage A, HttpResponseMessage B)> TwiceAtOnceAsync(HttpClient client, string url, Dictionary<string, string> fields)
    {
        var (token, key) = await FormAsync(client, url);
        var body = new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = token, ["IdempotencyKey"] = key };
        using var start = new SemaphoreSlim(0, 2);
        async Task<HttpResponseMessage> Post()
        {
            await start.WaitAsync();
            return await client.PostAsync(url, new FormUrlEncodedContent(body));
        }
        var a = Task.Run(Post);
        var b = Task.Run(Post);
        start.Release(2);
        return (await a, await b);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Two_identical_practice_and_commitment_submissions_at_the_same_moment_create_one_of_each(string provider)
    {
        using var app = new TestApp(provider, Mailbox.Settings());
        var (member, partnerId, _) = await PracticeTestData.MemberOfAsync(app, "noord-brabant");
        foreach (var url in CreateForms.Where(u => !u.EndsWith("/membership/apply", StringComparison.Ordinal))) await FormAsync(member, url);
        await FormAsync((await TestPeople.RegisteredAsync(app)).Client, "/en/membership/apply");

        var title = $"Hedgerows posted twice {Guid.NewGuid():N}";
        var (p1, p2) = await TwiceAtOnceAsync(member, "/en/practices/new", PracticeTestData.Form(partnerId, title));
        Assert.Equal(HttpStatusCode.Redirect, p1.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, p2.StatusCode);
        Assert.Equal(p1.Headers.Location, p2.Headers.Location);

        var (c1, c2) = await TwiceAtOnceAsync(member, "/en/commitments/new", CommitmentTestData.Form(partnerId, title));
        Assert.Equal(HttpStatusCode.Redirect, c1.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, c2.StatusCode);
        Assert.Equal(c1.Headers.Location, c2.Headers.Location);

        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<LearningNetworkDb>();
        Assert.Equal(1, await db.PracticeTexts.CountAsync(t => t.Title == title));
        Assert.Equal(1, await db.Commitments.CountAsync(c => c.Title == title));
        Assert.Equal(2, await db.IdempotencyKeys.CountAsync());

        // Posted again later with the same key (a retried request, the back button): led to the same item, nothing new.
        var (token, _) = await FormAsync(member, "/en/practices/new");
        var key = (await db.IdempotencyKeys.AsNoTracking().OrderBy(k => k.Id).FirstAsync()).Key;
        var again = await member.PostAsync("/en/practices/new", new FormUrlEncodedContent(new Dictionary<string, string>(PracticeTestData.Form(partnerId, title))
            { ["__RequestVerificationToken"] = token, ["IdempotencyKey"] = key }));
        Assert.Equal(p1.Headers.Location, again.Headers.Location);
        Assert.Equal(1, await db.PracticeTexts.CountAsync(t => t.Title == title));

        // A new form (a new key) is a new item; another person's submission with someone else's key is theirs alone.
        var fresh = await member.SubmitAsync("/en/practices/new", PracticeTestData.Form(partnerId, title));
        Assert.Equal(HttpStatusCode.Redirect, fresh.StatusCode);
        Assert.NotEqual(p1.Headers.Location, fresh.Headers.Location);
        var (other, otherPartner, _) = await PracticeTestData.MemberOfAsync(app, "noord-brabant");
        var (otherToken, _) = await FormAsync(other, "/en/practices/new");
        var theirs = await other.PostAsync("/en/practices/new", new FormUrlEncodedContent(new Dictionary<string, string>(PracticeTestData.Form(otherPartner, title))
            { ["__RequestVerificationToken"] = otherToken, ["IdempotencyKey"] = key }));
        Assert.Equal(HttpStatusCode.Redirect, theirs.StatusCode);
        Assert.NotEqual(p1.Headers.Location, theirs.Headers.Location);
        Assert.Equal(3, await db.PracticeTexts.CountAsync(t => t.Title == title));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_refused_submission_keeps_its_key_and_the_corrected_one_creates_the_item(string provider)
    {
        using var app = new TestApp(provider, Mailbox.Settings());
        var (member, partnerId, _) = await PracticeTestData.MemberOfAsync(app, "noord-brabant");
        var title = $"Hedgerows corrected {Guid.NewGuid():N}";
        var (token, key) = await FormAsync(member, "/en/commitments/new");
        var form = CommitmentTestData.Form(partnerId, title);
        var wrong = new Dictionary<string, string>(form) { ["Form.Title"] = " ", ["__RequestVerificationToken"] = token, ["IdempotencyKey"] = key };
        var refused = await member.PostAsync("/en/commitments/new", new FormUrlEncodedContent(wrong));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains($"value=\"{key}\"", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var corrected = await member.PostAsync("/en/commitments/new", new FormUrlEncodedContent(new Dictionary<string, string>(form) { ["__RequestVerificationToken"] = token, ["IdempotencyKey"] = key }));
        Assert.Equal(HttpStatusCode.Redirect, corrected.StatusCode);
        using var scope = app.Services.CreateScope();
        Assert.Equal(1, await scope.ServiceProvider.GetRequiredService<LearningNetworkDb>().Commitments.CountAsync(c => c.Title == title));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenRegex();

    [GeneratedRegex("name=\"IdempotencyKey\" value=\"([^\"]+)\"")]
    private static partial Regex KeyRegex();
}
