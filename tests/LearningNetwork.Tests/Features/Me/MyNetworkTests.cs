using System.Globalization;
using System.Net;
using LearningNetwork.Data;
using LearningNetwork.Domain;
using LearningNetwork.Tests.Features.Practices;
using LearningNetwork.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LearningNetwork.Tests.Features.Me;

/// <summary>/{lang}/me, "My network": anonymous visitors sign in first; a member sees what waits for their organisation.</summary>
public sealed class MyNetworkTests
{
    public static TheoryData<string> Providers => Infrastructure.Providers.All;

    [Fact]
    public async Task Anonymous_visitors_are_sent_to_sign_in_and_brought_back()
    {
        var response = await Infrastructure.Providers.SharedApp(Infrastructure.Providers.Sqlite).Client().GetAsync("/fr/me");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/fr/account/sign-in?returnUrl=%2Ffr%2Fme", response.Headers.Location!.OriginalString);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task The_inbox_shows_a_new_message_from_another_organisation_beside_the_matches_and_reports_due(string provider)
    {
        using var app = new TestApp(provider, Mailbox.Settings());
        var (owner, _, _) = await PracticeTestData.MemberOfAsync(app, "noord-brabant");
        var (helper, helperId, _) = await PracticeTestData.MemberOfAsync(app, "sofia");
        var (offerSlug, offerTitle) = await WithDbAsync(app, db => db.Offers.Where(o => o.Partner!.Slug == "noord-brabant" && o.State == OfferState.Active)
            .OrderBy(o => o.Id).Select(o => new ValueTuple<string, string>(o.Slug, o.Title)).FirstAsync());

        // Someone without an organisation is told what to do next.
        var (newcomer, _) = await TestPeople.RegisteredAsync(app);
        var empty = WebUtility.HtmlDecode(await newcomer.GetStringAsync("/en/me"));
        Assert.Contains("You do not belong to a partner organisation yet", empty, StringComparison.Ordinal);
        Assert.Contains("No conversation yet", empty, StringComparison.Ordinal);
        Assert.Contains("href=\"/en/membership/apply\"", empty, StringComparison.Ordinal);

        var page = $"/en/marketplace/offers/{offerSlug}";
        var interest = await helper.SubmitAsync(page, new Dictionary<string, string>
        {
            ["Partner"] = helperId.ToString(CultureInfo.InvariantCulture), ["Message"] = "We would like to visit your bog restoration in spring.",
        }, page + "?handler=Interest");
        Assert.Equal(HttpStatusCode.Redirect, interest.StatusCode);
        var conversation = interest.Headers.Location!.OriginalString.Split('?')[0];

        var html = WebUtility.HtmlDecode(await owner.GetStringAsync("/en/me"));
        var thread = Item(html, conversation);
        Assert.Contains(offerTitle, thread, StringComparison.Ordinal);
        Assert.Contains("with Sofia", thread, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("1 unread", thread, StringComparison.Ordinal);
        Assert.Contains("We would like to visit your bog restoration in spring.", thread, StringComparison.Ordinal);
        Assert.Contains("they wrote last", thread, StringComparison.Ordinal);
        // Unread conversations come first.
        var firstItem = html.IndexOf("<li", html.IndexOf("<ul class=\"inbox\">", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Equal(firstItem, html.LastIndexOf("<li", html.IndexOf($"href=\"{conversation}\"", StringComparison.Ordinal), StringComparison.Ordinal));
        Assert.StartsWith("<li class=\"unread\">", thread, StringComparison.Ordinal);
        // The offer with its current matches, one click from its page; commitments whose report is due lead to the report form.
        Assert.Contains($"href=\"/en/marketplace/offers/{offerSlug}#matches\"", html, StringComparison.Ordinal);
        Assert.Matches("href=\"/en/commitments/\\d+/progress\"", html);
        Assert.Contains("href=\"/en/me\" aria-current=\"page\"", html, StringComparison.Ordinal);

        // Once the conversation is read, it is no longer unread; the helper's side sees it as theirs.
        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync("/en/notifications")).StatusCode);
        Assert.DoesNotContain("unread", Item(WebUtility.HtmlDecode(await owner.GetStringAsync("/en/me")), conversation), StringComparison.Ordinal);
        var theirs = Item(WebUtility.HtmlDecode(await helper.GetStringAsync("/en/me")), conversation);
        Assert.Contains("your side wrote last", theirs, StringComparison.Ordinal);
    }

    /// <summary>The list item of the inbox that links to the conversation.</summary>
    private static string Item(string html, string conversation)
    {
        var at = html.IndexOf($"href=\"{conversation}\"", StringComparison.Ordinal);
        Assert.True(at >= 0, $"no link to {conversation}");
        var start = html.LastIndexOf("<li", at, StringComparison.Ordinal);
        return html[start..html.IndexOf("</li>", at, StringComparison.Ordinal)];
    }

    private static async Task<T> WithDbAsync<T>(TestApp app, Func<LearningNetworkDb, Task<T>> work)
    {
        using var scope = app.Services.CreateScope();
        return await work(scope.ServiceProvider.GetRequiredService<LearningNetworkDb>());
    }
}
