using System.Globalization;
using System.Net;
using System.Text.Json;
using LearningNetwork.Data;
using LearningNetwork.Domain;
using LearningNetwork.Features.Marketplace;
using LearningNetwork.Tests.Features.Practices;
using LearningNetwork.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LearningNetwork.Tests.Features.Marketplace;

public sealed class MarketplaceTests
{
    public static TheoryData<string> Providers => Infrastructure.Providers.All;

    /// <summary>A valid request form, about what the given offer is about (its themes named by their English labels).</summary>
    private static async Task<Dictionary<string, string>> RequestLikeAsync(TestApp app, int partnerId, string offerSlug, string language, string[] languages, string title)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<LearningNetworkDb>();
        var offer = await db.Offers.Include(o => o.Tags).SingleAsync(o => o.Slug == offerSlug);
        var themeIds = offer.Tags.Where(t => t.Scheme == MarketTagSchemes.Theme).Select(t => int.Parse(t.Code, CultureInfo.InvariantCulture)).ToList();
        var labels = await db.GemetLabels.Where(l => themeIds.Contains(l.ConceptId) && l.Language == "en").Select(l => l.Label).ToListAsync();
        var form = new Dictionary<string, string>
        {
            ["Form.Partner"] = partnerId.ToString(CultureInfo.InvariantCulture), ["Form.Topic"] = "question", ["Form.Kind"] = Codes.Of(offer.Kind),
            ["Form.Title"] = title, ["Form.Language"] = language, ["Form.Themes"] = string.Join("; ", labels), ["Form.Format"] = "both",
            ["Form.Urgency"] = "normal", ["Form.Description"] = "We need practical advice from a partner who has done this before, within the next months.",
        };
        foreach (var (l, i) in languages.Select((l, i) => (l, i))) form[$"Form.Languages[{i}]"] = l;
        return form;
    }

    private static async Task<string> RequestSlugAsync(TestApp app, string title)
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<LearningNetworkDb>().Requests.Where(r => r.Title == title).Select(r => r.Slug).SingleAsync();
    }

    private static async Task<int> RequestIdAsync(TestApp app, string slug)
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<LearningNetworkDb>().Requests.Where(r => r.Slug == slug).Select(r => r.Id).SingleAsync();
    }

    private static async Task<string> ActiveOfferOfAsync(TestApp app, string partnerSlug)
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<LearningNetworkDb>().Offers
            .Where(o => o.Partner!.Slug == partnerSlug && o.State == OfferState.Active).OrderBy(o => o.Id).Select(o => o.Slug).FirstAsync();
    }

    private static async Task<string> PartnerWithActiveOfferAsync(TestApp app, string language)
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<LearningNetworkDb>().Offers
            .Where(o => o.State == OfferState.Active && o.Language == language && o.Partner!.Slug != "noord-brabant").OrderBy(o => o.Id).Select(o => o.Partner!.Slug).FirstAsync();
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_request_goes_from_open_to_closed_with_an_outcome_and_feedback_from_both_sides_and_every_step_is_recorded(string provider)
    {
        using var app = new TestApp(provider, Mailbox.Settings());
        var helperSlug = await PartnerWithActiveOfferAsync(app, "en");
        var offerSlug = await ActiveOfferOfAsync(app, helperSlug);
        var (owner, ownerId, ownerEmail) = await PracticeTestData.MemberOfAsync(app, "noord-brabant");
        var (helper, helperId, _) = await PracticeTestData.MemberOfAsync(app, helperSlug);
        var (stranger, _, _) = await PracticeTestData.MemberOfAsync(app, "sofia");

        const string title = "Advice wanted on a problem our partner has solved";
        var created = await owner.SubmitAsync("/en/marketplace/requests/new", await RequestLikeAsync(app, ownerId, offerSlug, "en", ["en", "nl"], title));
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var slug = await RequestSlugAsync(app, title);
        var page = $"/en/marketplace/requests/{slug}";

        // The page ranks the offer that is about the same thing, and says why.
        var html = WebUtility.HtmlDecode(await app.Client().GetStringAsync(page));
        Assert.Contains($"/en/marketplace/offers/{offerSlug}", html, StringComparison.Ordinal);
        Assert.Contains("Shared themes:", html, StringComparison.Ordinal);
        Assert.Contains("Shared working language: English", html, StringComparison.Ordinal);

        // Only members of the owning organisation move it; nobody can match it with no conversation yet.
        var version = PracticeTestData.Version(await owner.GetStringAsync(page));
        var strangerMoves = await stranger.SubmitAsync(page, new Dictionary<string, string> { ["To"] = "in-discussion", ["Version"] = version }, page + "?handler=Move");
        Assert.Equal(HttpStatusCode.Forbidden, strangerMoves.StatusCode);

        // The helper expresses interest: a conversation opens, the request is in discussion, the owner gets an e-mail.
        var interest = await helper.SubmitAsync(page, new Dictionary<string, string> { ["Partner"] = helperId.ToString(CultureInfo.InvariantCulture), ["Message"] = "We did exactly this in 2023 and can help." }, page + "?handler=Interest");
        Assert.Equal(HttpStatusCode.Redirect, interest.StatusCode);
        var conversation = interest.Headers.Location!.OriginalString.Split('?')[0];
        Assert.Contains("We did exactly this", WebUtility.HtmlDecode(await owner.GetStringAsync(conversation)), StringComparison.Ordinal);
        var mail = await Mailbox.LatestToAsync(app, ownerEmail);
        Assert.Contains(title, mail.Subject, StringComparison.Ordinal);
        Assert.Contains("We did exactly this", mail.TextBody, StringComparison.Ordinal);
        // Only the two organisations read the conversation.
        Assert.Equal(HttpStatusCode.Forbidden, (await stranger.GetAsync(conversation)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await app.Client().GetAsync(conversation)).StatusCode); // to sign-in

        // Matched with the helper, who then says the work has started.
        html = await owner.GetStringAsync(page);
        var matched = await owner.SubmitAsync(page, new Dictionary<string, string> { ["To"] = "matched", ["Version"] = PracticeTestData.Version(html), ["MatchWith"] = $"partner:{helperId}" }, page + "?handler=Move");
        Assert.Equal(HttpStatusCode.Redirect, matched.StatusCode);
        var started = await helper.SubmitAsync(page, new Dictionary<string, string> { ["To"] = "in-progress", ["Version"] = PracticeTestData.Version(await helper.GetStringAsync(page)) }, page + "?handler=Move");
        Assert.Equal(HttpStatusCode.Redirect, started.StatusCode);
        // The helper may not close it; an old version is a conflict, not an overwrite.
        var helperCloses = await helper.SubmitAsync(page, new Dictionary<string, string> { ["To"] = "closed", ["Version"] = PracticeTestData.Version(await helper.GetStringAsync(page)) }, page + "?handler=Move");
        Assert.Equal(HttpStatusCode.Forbidden, helperCloses.StatusCode);
        var stale = await owner.SubmitAsync(page, new Dictionary<string, string> { ["To"] = "closed", ["Version"] = version, ["Outcome"] = "solved", ["Rating"] = "5", ["Feedback"] = "Great" }, page + "?handler=Move");
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);

        // Closing needs an outcome and the owner's feedback.
        html = await owner.GetStringAsync(page);
        var incomplete = await owner.SubmitAsync(page, new Dictionary<string, string> { ["To"] = "closed", ["Version"] = PracticeTestData.Version(html) }, page + "?handler=Move");
        Assert.Equal(HttpStatusCode.BadRequest, incomplete.StatusCode);
        var body = WebUtility.HtmlDecode(await incomplete.Content.ReadAsStringAsync());
        Assert.Contains("Choose an outcome.", body, StringComparison.Ordinal);
        Assert.Contains("Choose a rating from 1 to 5.", body, StringComparison.Ordinal);
        var closed = await owner.SubmitAsync(page, new Dictionary<string, string>
        {
            ["To"] = "closed", ["Version"] = PracticeTestData.Version(html), ["Outcome"] = "partly", ["Rating"] = "4", ["Feedback"] = "Useful advice, part of it did not fit our soils.",
        }, page + "?handler=Move");
        Assert.Equal(HttpStatusCode.Redirect, closed.StatusCode);
        var provider1 = await helper.SubmitAsync(page, new Dictionary<string, string> { ["Rating"] = "5", ["Feedback"] = "A well prepared partner." }, page + "?handler=Feedback");
        Assert.Equal(HttpStatusCode.Redirect, provider1.StatusCode);
        var provider2 = await helper.SubmitAsync(page, new Dictionary<string, string> { ["Rating"] = "1", ["Feedback"] = "Again" }, page + "?handler=Feedback");
        Assert.Equal(HttpStatusCode.Conflict, provider2.StatusCode); // given already: moved on, not a question of rights

        // A closed request is never matched again and stays closed.
        var id = await RequestIdAsync(app, slug);
        using var matches = JsonDocument.Parse(await app.Client().GetStringAsync($"/api/v1/requests/{id}/matches"));
        Assert.True(matches.RootElement.GetProperty("closed").GetBoolean());
        Assert.Equal(0, matches.RootElement.GetProperty("items").GetArrayLength());
        var reopen = await owner.SubmitAsync(page, new Dictionary<string, string> { ["To"] = "open", ["Version"] = PracticeTestData.Version(await owner.GetStringAsync(page)) }, page + "?handler=Move");
        Assert.Equal(HttpStatusCode.Conflict, reopen.StatusCode); // closed: it has moved on for good

        using var details = JsonDocument.Parse(await app.Client().GetStringAsync($"/api/v1/requests/{id}"));
        Assert.Equal(["open", "in-discussion", "matched", "in-progress", "closed"],
            details.RootElement.GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("state").GetString()!).ToArray());
        Assert.Equal("partly", details.RootElement.GetProperty("outcome").GetString());
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<LearningNetworkDb>();
        Assert.Equal(2, await db.RequestFeedback.CountAsync(f => f.RequestId == id));
        Assert.Equal(helperId, (await db.Requests.SingleAsync(r => r.Id == id)).MatchedPartnerId);
    }

    [Fact]
    public async Task A_request_in_Polish_meets_an_English_offer_through_a_shared_working_language_and_a_language_gap_is_stated_not_hidden()
    {
        using var app = new TestApp(Infrastructure.Providers.Sqlite, Mailbox.Settings());
        var helperSlug = await PartnerWithActiveOfferAsync(app, "en");
        var offerSlug = await ActiveOfferOfAsync(app, helperSlug);
        var (owner, ownerId, _) = await PracticeTestData.MemberOfAsync(app, "malopolska");

        const string polish = "Potrzebujemy porady ekspertów w tej sprawie";
        Assert.Equal(HttpStatusCode.Redirect, (await owner.SubmitAsync("/pl/marketplace/requests/new", await RequestLikeAsync(app, ownerId, offerSlug, "pl", ["pl", "en"], polish))).StatusCode);
        var id = await RequestIdAsync(app, await RequestSlugAsync(app, polish));
        using (var json = JsonDocument.Parse(await app.Client().GetStringAsync($"/api/v1/requests/{id}/matches?lang=en")))
        {
            var top = json.RootElement.GetProperty("items").EnumerateArray().Take(3).ToList();
            var hit = top.Single(m => m.GetProperty("offer").GetProperty("url").GetString()!.EndsWith("/" + offerSlug, StringComparison.Ordinal));
            Assert.Equal("en", hit.GetProperty("offer").GetProperty("language").GetString());
            Assert.Contains(hit.GetProperty("reasons").EnumerateArray(), r => r.GetString() == "Shared working language: English");
        }
        // The same reasons in the reader's language.
        using (var json = JsonDocument.Parse(await app.Client().GetStringAsync($"/api/v1/requests/{id}/matches?lang=de")))
            Assert.Contains(json.RootElement.GetProperty("items")[0].GetProperty("reasons").EnumerateArray(), r => r.GetString()!.StartsWith("Gemeinsame", StringComparison.Ordinal));

        // Only Greek: the offers still come, lower, with the gap said.
        const string greek = "Greek-only request about the same subject";
        Assert.Equal(HttpStatusCode.Redirect, (await owner.SubmitAsync("/en/marketplace/requests/new", await RequestLikeAsync(app, ownerId, offerSlug, "en", ["el"], greek))).StatusCode);
        var greekId = await RequestIdAsync(app, await RequestSlugAsync(app, greek));
        using var gap = JsonDocument.Parse(await app.Client().GetStringAsync($"/api/v1/requests/{greekId}/matches?lang=en"));
        var first = gap.RootElement.GetProperty("items")[0];
        Assert.Contains(first.GetProperty("reasons").EnumerateArray(), r => r.GetString()!.StartsWith("No shared working language: asked in Greek", StringComparison.Ordinal));
        Assert.True(first.GetProperty("score").GetDouble() < 1);
    }

    [Fact]
    public async Task Forms_and_the_API_refuse_bad_input_with_clear_messages_and_nobody_acts_for_another_organisation()
    {
        using var app = new TestApp(Infrastructure.Providers.Sqlite, Mailbox.Settings());
        var (member, partnerId, _) = await PracticeTestData.MemberOfAsync(app, "noord-brabant");
        var empty = await member.SubmitAsync("/en/marketplace/offers/new", new Dictionary<string, string> { ["Form.Partner"] = partnerId.ToString(CultureInfo.InvariantCulture), ["Form.Kind"] = "nonsense", ["Form.Capacity"] = "-3" });
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        var html = WebUtility.HtmlDecode(await empty.Content.ReadAsStringAsync());
        Assert.Contains("Write at least 20 characters.", html, StringComparison.Ordinal);
        Assert.Contains("Choose at least one language.", html, StringComparison.Ordinal);
        Assert.Contains("Enter a whole number from 1 to 1000.", html, StringComparison.Ordinal);
        var french = WebUtility.HtmlDecode(await (await member.SubmitAsync("/fr/marketplace/offers/new", new Dictionary<string, string> { ["Form.Title"] = "x" })).Content.ReadAsStringAsync());
        Assert.Contains("Écrivez au moins 20 caractères.", french, StringComparison.Ordinal);

        // Acting for another organisation: refused as a choice on the form, 403 on someone else's offer.
        var other = await ActiveOfferOfAsync(app, await PartnerWithActiveOfferAsync(app, "en"));
        int otherPartner;
        using (var scope = app.Services.CreateScope())
            otherPartner = await scope.ServiceProvider.GetRequiredService<LearningNetworkDb>().Offers.Where(o => o.Slug == other).Select(o => o.PartnerId).SingleAsync();
        var forOther = await member.SubmitAsync("/en/marketplace/offers/new", new Dictionary<string, string> { ["Form.Partner"] = otherPartner.ToString(CultureInfo.InvariantCulture), ["Form.Title"] = "Not ours" });
        Assert.Equal(HttpStatusCode.BadRequest, forOther.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await member.GetAsync($"/en/marketplace/offers/{other}/edit")).StatusCode);
        var pause = await member.SubmitAsync($"/en/marketplace/offers/{other}", new Dictionary<string, string> { ["To"] = "paused", ["Version"] = Guid.NewGuid().ToString() }, $"/en/marketplace/offers/{other}?handler=State");
        Assert.Equal(HttpStatusCode.Forbidden, pause.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await app.Client().GetAsync("/en/marketplace/offers/new")).StatusCode); // sign in first

        foreach (var url in new[] { "/api/v1/offers?kind=zzz", "/api/v1/requests?page=0", "/api/v1/requests?state=paused", "/api/v1/offers?pageSize=100000", "/api/v1/requests/1/matches?lang=xx", "/api/v1/offers/1/matches?take=0" })
        {
            var response = await app.Client().GetAsync(url);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
        Assert.Equal(HttpStatusCode.NotFound, (await app.Client().GetAsync("/api/v1/requests/999999/matches")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.Client().GetAsync("/en/marketplace/offers/no-such-offer")).StatusCode);
        foreach (var list in new[] { "offers", "requests" })
            Assert.Equal(HttpStatusCode.MethodNotAllowed, (await app.Client().PostAsync($"/api/v1/{list}", new StringContent("{}"))).StatusCode);
    }

    [Fact]
    public async Task A_paused_offer_is_not_proposed_and_a_closed_one_cannot_come_back()
    {
        using var app = new TestApp(Infrastructure.Providers.Sqlite, Mailbox.Settings());
        var helperSlug = await PartnerWithActiveOfferAsync(app, "en");
        var offerSlug = await ActiveOfferOfAsync(app, helperSlug);
        var (owner, ownerId, _) = await PracticeTestData.MemberOfAsync(app, "noord-brabant");
        var (helper, _, _) = await PracticeTestData.MemberOfAsync(app, helperSlug);
        const string title = "Looking for the same expertise";
        await owner.SubmitAsync("/en/marketplace/requests/new", await RequestLikeAsync(app, ownerId, offerSlug, "en", ["en"], title));
        var id = await RequestIdAsync(app, await RequestSlugAsync(app, title));
        async Task<bool> Proposed() => (await app.Client().GetStringAsync($"/api/v1/requests/{id}/matches?take=50")).Contains("/" + offerSlug + "\"", StringComparison.Ordinal);
        Assert.True(await Proposed());

        var page = $"/en/marketplace/offers/{offerSlug}";
        Assert.Equal(HttpStatusCode.Redirect, (await helper.SubmitAsync(page, new Dictionary<string, string> { ["To"] = "paused", ["Version"] = PracticeTestData.Version(await helper.GetStringAsync(page)) }, page + "?handler=State")).StatusCode);
        Assert.False(await Proposed());
        Assert.Equal(HttpStatusCode.Redirect, (await helper.SubmitAsync(page, new Dictionary<string, string> { ["To"] = "closed", ["Version"] = PracticeTestData.Version(await helper.GetStringAsync(page)) }, page + "?handler=State")).StatusCode);
        var resume = await helper.SubmitAsync(page, new Dictionary<string, string> { ["To"] = "active", ["Version"] = PracticeTestData.Version(await helper.GetStringAsync(page)) }, page + "?handler=State");
        Assert.Equal(HttpStatusCode.Conflict, resume.StatusCode); // a closed offer has moved on for good
        Assert.False(await Proposed());
    }

    [Fact]
    public async Task A_new_request_is_sent_once_a_day_at_most_to_subscribers_whose_offers_match_it()
    {
        using var app = new TestApp(Infrastructure.Providers.Sqlite, Mailbox.Settings());
        var helperSlug = await PartnerWithActiveOfferAsync(app, "en");
        var offerSlug = await ActiveOfferOfAsync(app, helperSlug);
        var (owner, ownerId, _) = await PracticeTestData.MemberOfAsync(app, "noord-brabant");
        var (helper, _, helperEmail) = await PracticeTestData.MemberOfAsync(app, helperSlug);
        var (bystander, _, bystanderEmail) = await PracticeTestData.MemberOfAsync(app, "sofia");
        foreach (var client in new[] { helper, bystander })
            Assert.Equal(HttpStatusCode.Redirect, (await client.SubmitAsync("/en/notifications", new Dictionary<string, string> { ["Alerts"] = "true" })).StatusCode);
        // Subscribing starts the day: make it look as if the last e-mail went out yesterday.
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<LearningNetworkDb>();
            await db.MatchAlertSubscriptions.ExecuteUpdateAsync(s => s.SetProperty(x => x.LastSentAt, DateTime.UtcNow.AddDays(-2)));
        }

        const string title = "Who can help us with exactly this?";
        await owner.SubmitAsync("/en/marketplace/requests/new", await RequestLikeAsync(app, ownerId, offerSlug, "en", ["en"], title));
        var alerts = app.Service<MatchAlerts>();
        Assert.Equal(1, await alerts.SendDueAsync(CancellationToken.None));
        var mail = await Mailbox.LatestToAsync(app, helperEmail);
        Assert.Contains(title, mail.TextBody, StringComparison.Ordinal);
        // Once a day at most, and never twice for the same request.
        const string second = "And a second question on the same subject";
        await owner.SubmitAsync("/en/marketplace/requests/new", await RequestLikeAsync(app, ownerId, offerSlug, "en", ["en"], second));
        Assert.Equal(0, await alerts.SendDueAsync(CancellationToken.None));
        Assert.Contains(title, WebUtility.HtmlDecode(await helper.GetStringAsync("/en/notifications")), StringComparison.Ordinal);
        Assert.DoesNotContain(title, WebUtility.HtmlDecode(await bystander.GetStringAsync("/en/notifications")), StringComparison.Ordinal);
        _ = bystanderEmail;
    }

    [Fact]
    public async Task The_demo_marketplace_has_offers_and_requests_in_many_languages_and_coordinators_see_the_demand()
    {
        using var app = new TestApp(Infrastructure.Providers.Sqlite, Mailbox.Settings());
        using var offers = JsonDocument.Parse(await app.Client().GetStringAsync("/api/v1/offers?pageSize=200&state=all"));
        using var requests = JsonDocument.Parse(await app.Client().GetStringAsync("/api/v1/requests?pageSize=200&state=all"));
        Assert.True(offers.RootElement.GetProperty("total").GetInt32() >= 40);
        Assert.True(requests.RootElement.GetProperty("total").GetInt32() >= 25);
        var languages = offers.RootElement.GetProperty("items").EnumerateArray().Concat(requests.RootElement.GetProperty("items").EnumerateArray())
            .Select(i => i.GetProperty("language").GetString()).Distinct().Count();
        Assert.True(languages >= 8, $"{languages} languages");
        Assert.Contains(requests.RootElement.GetProperty("items").EnumerateArray(), i => i.GetProperty("state").GetString() == "closed");

        Assert.Equal(HttpStatusCode.Forbidden, (await (await TestPeople.RegisteredAsync(app)).Client.GetAsync("/en/marketplace/demand")).StatusCode);
        var moderator = await TestPeople.WithRoleAsync(app, Roles.Moderator);
        var demand = WebUtility.HtmlDecode(await moderator.GetStringAsync("/en/marketplace/demand"));
        Assert.Contains("Themes in demand", demand, StringComparison.Ordinal);
        Assert.Contains("<table>", demand, StringComparison.Ordinal);
        var list = WebUtility.HtmlDecode(await app.Client().GetStringAsync("/de/marketplace?show=requests&kind=nonsense"));
        Assert.Contains("Anfragen", list, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Offers_and_requests_are_found_by_search_in_other_languages_and_by_the_marketplace_word_filter()
    {
        using var app = new TestApp(Infrastructure.Providers.Sqlite, Mailbox.Settings());
        // The search index opens in the background: wait for it like a visitor would retry.
        JsonDocument? found = null;
        for (var i = 0; i < 100 && (found is null || found.RootElement.GetProperty("total").GetInt32() == 0); i++)
        {
            found?.Dispose();
            found = JsonDocument.Parse(await app.Client().GetStringAsync("/api/v1/search?q=Posidonia&type=offer&lang=fr"));
            if (found.RootElement.GetProperty("total").GetInt32() == 0) await Task.Delay(200);
        }
        using (found)
        {
            var items = found!.RootElement.GetProperty("items").EnumerateArray().ToList();
            Assert.NotEmpty(items);
            Assert.All(items, i => Assert.Equal("offer", i.GetProperty("type").GetString()));
            Assert.Contains(items, i => i.GetProperty("url").GetString()!.Contains("/fr/marketplace/offers/", StringComparison.Ordinal));
        }
        var list = WebUtility.HtmlDecode(await app.Client().GetStringAsync("/en/marketplace?show=requests&q=" + Uri.EscapeDataString("tree canopy")));
        Assert.Contains("/en/marketplace/requests/", list, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"(?<![0-9])0 requests", list);
    }
}
