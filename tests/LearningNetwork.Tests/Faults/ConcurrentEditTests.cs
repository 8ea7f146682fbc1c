using System.Net;
using System.Text.RegularExpressions;
using LearningNetwork.Data;
using LearningNetwork.Tests.Features.Commitments;
using LearningNetwork.Tests.Features.Practices;
using LearningNetwork.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LearningNetwork.Tests.Faults;

/// <summary>
/// Two people editing the same item: both open the edit form on the same Version. Whoever saves second — a moment later,
/// or in the very same instant — gets a clear conflict (409) with what they typed kept, and the first save is not lost.
/// Never two winners, never an error page. The practices write API has no version (no ETag/If-Match): it is
/// last-writer-wins by design and is not tested here.
/// </summary>
[Trait("Category", "Faults")]
public sealed partial class ConcurrentEditTests
{
    public static TheoryData<string> Providers => Infrastructure.Providers.All;

    private const int Races = 3;

    /// <summary>The form's antiforgery token, so that two saves can be sent at the same instant without a page load in between.</summary>
    private static string Token(string html) => WebUtility.HtmlDecode(TokenRegex().Match(html).Groups[1].Value);

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, string url, IDictionary<string, string> fields, string token) =>
        client.PostAsync(url, new FormUrlEncodedContent(new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = token }));

    /// <summary>Both open the form, then both save at once: one is saved, the other is a conflict that keeps its text.</summary>
    private static async Task<(HttpResponseMessage Won, HttpResponseMessage Lost, string WinnerText)> RaceAsync(HttpClient a, HttpClient b, string edit,
        Func<string, string, Dictionary<string, string>> form, string field, Func<string, string> version)
    {
        var aPage = await a.GetStringAsync(edit);
        var bPage = await b.GetStringAsync(edit);
        Assert.Equal(version(aPage), version(bPage));
        var stamp = Guid.NewGuid().ToString("N")[..8];
        var aForm = form(version(aPage), $"A's text {stamp}, typed at the same time as B.");
        var bForm = form(version(bPage), $"B's text {stamp}, typed at the same time as A.");
        var aSave = PostAsync(a, edit, aForm, Token(aPage));
        var bSave = PostAsync(b, edit, bForm, Token(bPage));
        var answers = await Task.WhenAll(aSave, bSave);
        Assert.Equal([HttpStatusCode.Redirect, HttpStatusCode.Conflict], answers.Select(r => r.StatusCode).OrderBy(s => s == HttpStatusCode.Conflict));
        var aWon = answers[0].StatusCode == HttpStatusCode.Redirect;
        var lost = aWon ? answers[1] : answers[0];
        var lostText = (aWon ? bForm : aForm)[field];
        Assert.Contains(lostText, WebUtility.HtmlDecode(await lost.Content.ReadAsStringAsync()), StringComparison.Ordinal); // what the loser typed is kept
        return (aWon ? answers[0] : answers[1], lost, (aWon ? aForm : bForm)[field]);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Two_people_saving_one_practice_get_one_save_and_one_conflict_that_keeps_the_second_persons_text(string provider)
    {
        using var app = new TestApp(provider, Mailbox.Settings());
        var (alice, partnerId, _) = await PracticeTestData.MemberOfAsync(app, "noord-brabant");
        var (bob, _, _) = await PracticeTestData.MemberOfAsync(app, "noord-brabant");
        await alice.SubmitAsync("/en/practices/new", PracticeTestData.Form(partnerId, "Edited by two at once"));
        var slug = await PracticeTestData.SlugAsync(app, "Edited by two at once");
        var edit = $"/en/practices/{slug}/edit";
        Dictionary<string, string> Form(string version, string summary)
        {
            var form = PracticeTestData.Form(partnerId, "Edited by two at once");
            form["Version"] = version;
            form["Form.Summary"] = summary;
            return form;
        }

        // One after the other: A saves, then B's save on the version both opened is a conflict showing A's saved text.
        var aPage = await alice.GetStringAsync(edit);
        var bPage = await bob.GetStringAsync(edit);
        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(alice, edit, Form(PracticeTestData.Version(aPage), "Alice saved this first."), Token(aPage))).StatusCode);
        var conflict = await PostAsync(bob, edit, Form(PracticeTestData.Version(bPage), "Bob typed this on the old version."), Token(bPage));
        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        var html = WebUtility.HtmlDecode(await conflict.Content.ReadAsStringAsync());
        Assert.Contains("changed while you were editing", html, StringComparison.Ordinal);
        Assert.Contains("Alice saved this first.", html, StringComparison.Ordinal);
        Assert.Contains("Bob typed this on the old version.", html, StringComparison.Ordinal);
        Assert.Equal("Alice saved this first.", await SummaryAsync(app, slug));

        // At the same instant: exactly one wins, and its text is what is stored.
        for (var i = 0; i < Races; i++)
        {
            var (_, _, winner) = await RaceAsync(alice, bob, edit, Form, "Form.Summary", PracticeTestData.Version);
            Assert.Equal(winner, await SummaryAsync(app, slug));
        }
    }

    private static async Task<string?> SummaryAsync(TestApp app, string slug)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<LearningNetworkDb>();
        return await db.Practices.Where(p => p.Slug == slug).Join(db.PracticeTexts, p => p.Id, t => t.PracticeId, (p, t) => t.Summary).SingleAsync();
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Two_people_saving_one_offer_or_one_request_get_one_save_and_one_conflict(string provider)
    {
        using var app = new TestApp(provider, Mailbox.Settings());
        var (alice, partnerId, _) = await PracticeTestData.MemberOfAsync(app, "noord-brabant");
        var (bob, _, _) = await PracticeTestData.MemberOfAsync(app, "noord-brabant");
        foreach (var type in new[] { "offers", "requests" })
        {
            var title = $"Two editors, one {type}";
            Dictionary<string, string> Form(string version, string description)
            {
                var form = new Dictionary<string, string>
                {
                    ["Form.Partner"] = partnerId.ToString(System.Globalization.CultureInfo.InvariantCulture), ["Form.Title"] = title,
                    ["Form.Description"] = description, ["Form.Kind"] = "expert-advice", ["Form.Language"] = "en", ["Form.Themes"] = "wetland",
                    ["Form.Languages[0]"] = "en", ["Form.Format"] = "both", ["Form.Cost"] = "free", ["Form.Topic"] = "question", ["Form.Urgency"] = "normal",
                };
                if (version.Length > 0) form["Version"] = version;
                return form;
            }
            var created = await alice.SubmitAsync($"/en/marketplace/{type}/new", Form("", "Advice on rewetting drained peat meadows with farmers."));
            Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
            var page = created.Headers.Location!.OriginalString.Split('?')[0];
            var edit = page + "/edit";

            var aPage = await alice.GetStringAsync(edit);
            var bPage = await bob.GetStringAsync(edit);
            Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(alice, edit, Form(PracticeTestData.Version(aPage), "Alice saved this description first."), Token(aPage))).StatusCode);
            var conflict = await PostAsync(bob, edit, Form(PracticeTestData.Version(bPage), "Bob typed this description on the old version."), Token(bPage));
            Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
            var html = WebUtility.HtmlDecode(await conflict.Content.ReadAsStringAsync());
            Assert.Contains("Someone changed this in the meantime.", html, StringComparison.Ordinal);
            Assert.Contains("Bob typed this description on the old version.", html, StringComparison.Ordinal);
            Assert.Equal("Alice saved this description first.", await DescriptionAsync(app, type, page));

            for (var i = 0; i < Races; i++)
            {
                var (_, _, winner) = await RaceAsync(alice, bob, edit, Form, "Form.Description", PracticeTestData.Version);
                Assert.Equal(winner, await DescriptionAsync(app, type, page));
            }
        }
    }

    private static async Task<string> DescriptionAsync(TestApp app, string type, string page)
    {
        var slug = page.Split('/').Last();
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<LearningNetworkDb>();
        return type == "offers"
            ? await db.Offers.Where(o => o.Slug == slug).Select(o => o.Description).SingleAsync()
            : await db.Requests.Where(r => r.Slug == slug).Select(r => r.Description).SingleAsync();
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Two_people_saving_one_commitment_at_once_get_one_save_and_one_conflict(string provider)
    {
        using var app = new TestApp(provider, Mailbox.Settings());
        var (alice, partnerId, _) = await PracticeTestData.MemberOfAsync(app, "bratislava-region");
        var (bob, _, _) = await PracticeTestData.MemberOfAsync(app, "bratislava-region");
        var id = CommitmentTestData.IdFrom(await alice.SubmitAsync("/en/commitments/new", CommitmentTestData.Form(partnerId)));
        var meadows = (await CommitmentTestData.IndicatorIdAsync(app, id, 0)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var trees = (await CommitmentTestData.IndicatorIdAsync(app, id, 1)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        Dictionary<string, string> Form(string version, string description)
        {
            var form = CommitmentTestData.Form(partnerId);
            form["Version"] = version;
            form["Form.Description"] = description;
            form["Form.Indicators[0].Id"] = meadows;
            form["Form.Indicators[1].Id"] = trees;
            return form;
        }
        for (var i = 0; i < Races; i++)
        {
            var (_, _, winner) = await RaceAsync(alice, bob, $"/en/commitments/{id}/edit", Form, "Form.Description", CommitmentTestData.Version);
            using var scope = app.Services.CreateScope();
            Assert.Equal(winner, await scope.ServiceProvider.GetRequiredService<LearningNetworkDb>().Commitments.Where(c => c.Id == id).Select(c => c.Description).SingleAsync());
        }
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenRegex();
}
