using System.Net;
using LearningNetwork.Data;
using LearningNetwork.Domain;
using LearningNetwork.Tests.Features.Practices;
using LearningNetwork.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LearningNetwork.Tests.Robustness;

/// <summary>
/// "A repeated or outdated action says 'this has already moved on — reload' (409) instead of 'your role does not
/// allow this' (403)": a second click on a request step, a stale tab on an offer, feedback given twice. Someone
/// without the right still gets 403.
/// </summary>
[Collection(RobustApp.Collection)]
public sealed class MovedOnTests(RobustApp fixture)
{
    private async Task<(string Slug, string PartnerSlug)> OpenItemAsync(bool request)
    {
        using var scope = fixture.App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<LearningNetworkDb>();
        var item = request
            ? await db.Requests.Where(r => r.State == RequestState.Open).OrderBy(r => r.Id).Select(r => new { r.Slug, Partner = r.Partner!.Slug }).FirstAsync()
            : await db.Offers.Where(o => o.State == OfferState.Active).OrderByDescending(o => o.Id).Select(o => new { o.Slug, Partner = o.Partner!.Slug }).FirstAsync();
        return (item.Slug, item.Partner);
    }

    private static async Task AssertMovedOnAsync(HttpResponseMessage response, string page)
    {
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains("class=\"notice moved-on\" role=\"alert\"", html, StringComparison.Ordinal);
        Assert.Contains($"<a href=\"{page}\">", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_second_click_on_a_request_step_is_a_409_that_says_it_moved_on_with_a_reload_link()
    {
        var (slug, partnerSlug) = await OpenItemAsync(request: true);
        var (owner, _, _) = await PracticeTestData.MemberOfAsync(fixture.App, partnerSlug);
        var page = $"/pl/marketplace/requests/{slug}";
        var version = PracticeTestData.Version(await owner.GetStringAsync(page));
        var step = new Dictionary<string, string> { ["To"] = "in-discussion", ["Version"] = version };
        Assert.Equal(HttpStatusCode.Redirect, (await owner.SubmitAsync(page, step, page + "?handler=Move")).StatusCode);
        var second = await owner.SubmitAsync(page, step, page + "?handler=Move");
        await AssertMovedOnAsync(second, page);
        // In the reader's language.
        Assert.Contains("Odśwież", WebUtility.HtmlDecode(await second.Content.ReadAsStringAsync()), StringComparison.Ordinal);

        // A stale tab asking for a step the request has left behind: moved on too.
        var stale = await owner.SubmitAsync(page, new Dictionary<string, string> { ["To"] = "open", ["Version"] = version }, page + "?handler=Move");
        await AssertMovedOnAsync(stale, page);
        // Someone of another organisation is still refused.
        var (stranger, _, _) = await PracticeTestData.MemberOfAsync(fixture.App, "sofia");
        var current = PracticeTestData.Version(await owner.GetStringAsync(page));
        Assert.Equal(HttpStatusCode.Forbidden, (await stranger.SubmitAsync(page, new Dictionary<string, string> { ["To"] = "open", ["Version"] = current }, page + "?handler=Move")).StatusCode);
        using var scope = fixture.App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<LearningNetworkDb>();
        Assert.Equal(RequestState.InDiscussion, await db.Requests.Where(r => r.Slug == slug).Select(r => r.State).SingleAsync());
    }

    [Fact]
    public async Task Pausing_an_offer_twice_is_a_409_that_says_it_moved_on()
    {
        var (slug, partnerSlug) = await OpenItemAsync(request: false);
        var (owner, _, _) = await PracticeTestData.MemberOfAsync(fixture.App, partnerSlug);
        var page = $"/en/marketplace/offers/{slug}";
        var pause = new Dictionary<string, string> { ["To"] = "paused", ["Version"] = PracticeTestData.Version(await owner.GetStringAsync(page)) };
        Assert.Equal(HttpStatusCode.Redirect, (await owner.SubmitAsync(page, pause, page + "?handler=State")).StatusCode);
        await AssertMovedOnAsync(await owner.SubmitAsync(page, pause, page + "?handler=State"), page);
        // Resumed from a fresh page, so the shared app's offer is as it was.
        var resume = new Dictionary<string, string> { ["To"] = "active", ["Version"] = PracticeTestData.Version(await owner.GetStringAsync(page)) };
        Assert.Equal(HttpStatusCode.Redirect, (await owner.SubmitAsync(page, resume, page + "?handler=State")).StatusCode);
    }
}
