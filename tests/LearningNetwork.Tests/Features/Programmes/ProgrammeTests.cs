using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using LearningNetwork.Data;
using LearningNetwork.Domain;
using LearningNetwork.Features.Programmes;
using LearningNetwork.Tests.Features.Helpdesk;
using LearningNetwork.Tests.Features.Practices;
using LearningNetwork.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LearningNetwork.Tests.Features.Programmes;

/// <summary>One seeded app per provider for the whole class, with a clock the follow-up test moves on (and back).</summary>
public sealed class ProgrammeApps : IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<(TestApp App, MovableClock Clock)>> _apps = new();

    public (TestApp App, MovableClock Clock) For(string provider) => _apps.GetOrAdd(provider, p => new Lazy<(TestApp, MovableClock)>(() =>
    {
        var clock = new MovableClock();
        // The reminder job is run by the test, not by its timer.
        var app = new TestApp(p, new Dictionary<string, string?>(Mailbox.Settings()) { ["Programmes:ReminderInterval"] = "00:00:00" },
            services => services.AddSingleton<TimeProvider>(clock));
        _ = app.Server;
        return (app, clock);
    })).Value;

    public void Dispose()
    {
        foreach (var app in _apps.Values.Where(a => a.IsValueCreated)) app.Value.App.Dispose();
    }
}

public sealed class ProgrammeTests(ProgrammeApps apps) : IClassFixture<ProgrammeApps>
{
    public static TheoryData<string> Providers => Infrastructure.Providers.All;

    private static LearningNetworkDb Db(IServiceScope scope) => scope.ServiceProvider.GetRequiredService<LearningNetworkDb>();

    /// <summary>A partner with an active English offer of at least two themes (not the given one), the themes as English labels.</summary>
    private static async Task<(string Slug, int Id, string Themes)> HelperAsync(TestApp app, string notSlug)
    {
        using var scope = app.Services.CreateScope();
        var db = Db(scope);
        var offer = await db.Offers.Include(o => o.Tags).Include(o => o.Partner)
            .Where(o => o.State == OfferState.Active && o.Language == "en" && o.Partner!.Slug != notSlug && o.Tags.Count(t => t.Scheme == MarketTagSchemes.Theme) >= 2)
            .OrderBy(o => o.Id).FirstAsync();
        var ids = offer.Tags.Where(t => t.Scheme == MarketTagSchemes.Theme).Select(t => int.Parse(t.Code, CultureInfo.InvariantCulture)).ToList();
        var labels = await db.GemetLabels.Where(l => ids.Contains(l.ConceptId) && l.Language == "en").OrderBy(l => l.ConceptId).Select(l => l.Label).ToListAsync();
        return (offer.Partner!.Slug, offer.PartnerId, string.Join("; ", labels));
    }

    private static Dictionary<string, string> ApplyForm(int partnerId, string title, string themes, string kind = "peer-review") => new()
    {
        ["Form.Partner"] = partnerId.ToString(CultureInfo.InvariantCulture), ["Form.Kind"] = kind, ["Form.Title"] = title,
        ["Form.Description"] = "We ask peers to look at how our plan for green infrastructure is carried out at mid-term.",
        ["Form.Subject"] = "plan", ["Form.Focus"] = "Are the targets realistic, and is the monitoring good enough?", ["Form.Language"] = "en", ["Form.Themes"] = themes,
        ["Form.Targets[0]"] = "kmgbf:12",
    };

    private static async Task<Programme> ProgrammeAsync(TestApp app, string title)
    {
        using var scope = app.Services.CreateScope();
        return await Db(scope).Programmes.AsNoTracking().Include(p => p.Peers).Include(p => p.Recommendations).Include(p => p.FollowUps).SingleAsync(p => p.Title == title);
    }

    private static async Task<string> ErrorsAsync(HttpResponseMessage response) =>
        $"{(int)response.StatusCode}: " + string.Join(" | ", System.Text.RegularExpressions.Regex.Matches(WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()),
            "class=\"error-message\"[^>]*>([^<]*)<").Select(m => m.Groups[1].Value));

    private static async Task<HttpResponseMessage> StepAsync(HttpClient client, string page, string handler, Dictionary<string, string> fields)
    {
        var html = await client.GetStringAsync(page);
        fields.TryAdd("Version", PracticeTestData.Version(html));
        return await client.SubmitAsync(page, fields, page + "?handler=" + handler);
    }

    /// <summary>Moves a follow-up's due date to a minute ago.</summary>
    private static async Task DueNowAsync(TestApp app, int followUp)
    {
        using var scope = app.Services.CreateScope();
        var at = DateTime.UtcNow.AddMinutes(-1);
        await Db(scope).ProgrammeFollowUps.Where(f => f.Id == followUp).ExecuteUpdateAsync(s => s.SetProperty(f => f.DueAt, at));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_peer_review_goes_from_application_through_suggested_peers_and_report_to_its_12_month_follow_up(string provider)
    {
        var (app, clock) = apps.For(provider);
        var (helperSlug, helperId, themes) = await HelperAsync(app, "noord-brabant");
        var (expert, _, expertEmail) = await PracticeTestData.MemberOfAsync(app, helperSlug);
        var (applicant, applicantPartner, applicantEmail) = await PracticeTestData.MemberOfAsync(app, "noord-brabant");
        var coordinator = await TestPeople.WithRoleAsync(app, Roles.Moderator);
        try
        {
            // The partner applies.
            var title = $"Peer review of our green plan {Guid.NewGuid():N}"[..50];
            var applied = await applicant.SubmitAsync("/en/programmes/apply", ApplyForm(applicantPartner, title, themes));
            Assert.True(applied.StatusCode == HttpStatusCode.Redirect, await ErrorsAsync(applied));
            var programme = await ProgrammeAsync(app, title);
            Assert.Equal(ProgrammeStage.Applied, programme.Stage);
            var page = $"/en/programmes/{programme.Slug}";
            Assert.Equal($"{page}?done=applied", applied.Headers.Location!.OriginalString);

            // Coordinators see peers suggested by the marketplace's matcher, with reasons; the applicant does not decide.
            var view = WebUtility.HtmlDecode(await coordinator.GetStringAsync(page));
            Assert.Contains("Peers suggested by the matching", view, StringComparison.Ordinal);
            Assert.Contains($"value=\"{helperId}\"", view, StringComparison.Ordinal);
            Assert.Contains("Shared themes:", view, StringComparison.Ordinal);
            Assert.DoesNotContain("Peers suggested by the matching", WebUtility.HtmlDecode(await applicant.GetStringAsync(page)), StringComparison.Ordinal);
            var accept = new Dictionary<string, string> { ["Peer"] = helperId.ToString(CultureInfo.InvariantCulture) };
            Assert.Equal(HttpStatusCode.Forbidden, (await StepAsync(applicant, page, "Accept", new(accept))).StatusCode);
            // The applicant's own organisation is never a peer.
            Assert.Equal(HttpStatusCode.BadRequest,
                (await StepAsync(coordinator, page, "Accept", new() { ["Peer"] = applicantPartner.ToString(CultureInfo.InvariantCulture) })).StatusCode);
            var oldVersion = PracticeTestData.Version(await coordinator.GetStringAsync(page));
            var accepted = await StepAsync(coordinator, page, "Accept", new(accept));
            Assert.True(accepted.StatusCode == HttpStatusCode.Redirect, await ErrorsAsync(accepted));
            programme = await ProgrammeAsync(app, title);
            Assert.Equal(ProgrammeStage.Accepted, programme.Stage);
            var peer = Assert.Single(programme.Peers);
            Assert.Equal(helperId, peer.PartnerId);
            Assert.True(peer.Score > 0);
            Assert.Contains("Themes", peer.Reasons, StringComparison.Ordinal);
            Assert.Contains(title, (await Mailbox.LatestToAsync(app, expertEmail)).Subject, StringComparison.Ordinal);
            // A decision taken on the version before is a conflict.
            Assert.Equal(HttpStatusCode.Conflict, (await StepAsync(coordinator, page, "Decline", new() { ["Note"] = "Too late", ["Version"] = oldVersion })).StatusCode);
            Assert.Contains("Shared themes:", WebUtility.HtmlDecode(await app.Client().GetStringAsync(page)), StringComparison.Ordinal);

            // The peer reports with recommendations, one row each; the follow-ups are scheduled at 6 and 12 months.
            Assert.Equal(HttpStatusCode.Forbidden, (await StepAsync(applicant, page, "Report", new() { ["Report"] = "We reviewed ourselves and liked it a lot.", ["Recommendations"] = "x" })).StatusCode);
            var reported = await StepAsync(expert, page, "Report", new()
            {
                ["Report"] = "The plan has strong backing; monitoring counts trees rather than habitats.",
                ["Recommendations"] = "Monitor habitats, not only trees.\n- Give districts a budget for green projects.\n",
            });
            Assert.True(reported.StatusCode == HttpStatusCode.Redirect, await ErrorsAsync(reported));
            programme = await ProgrammeAsync(app, title);
            Assert.Equal(ProgrammeStage.Reported, programme.Stage);
            Assert.Equal(["Monitor habitats, not only trees.", "Give districts a budget for green projects."],
                programme.Recommendations.OrderBy(r => r.Position).Select(r => r.Text).ToArray());
            Assert.Equal([6, 12], programme.FollowUps.OrderBy(f => f.Months).Select(f => f.Months).ToArray());
            var six = programme.FollowUps.Single(f => f.Months == 6);
            var twelve = programme.FollowUps.Single(f => f.Months == 12);
            var answer = new Dictionary<string, string> { ["FollowUp"] = six.Id.ToString(CultureInfo.InvariantCulture), ["FollowUpAnswer"] = "We started habitat monitoring in twelve parks.", ["FollowUpLanguage"] = "en" };
            // Not due yet.
            Assert.Equal(HttpStatusCode.BadRequest, (await StepAsync(applicant, page, "FollowUp", new(answer))).StatusCode);

            Assert.Equal(HttpStatusCode.Forbidden, (await StepAsync(expert, page, "FollowUp", new(answer))).StatusCode);

            // Six months on: one reminder, answered by the applicant (a peer may not answer for them). The job runs on the moved
            // clock; the pages then run on today's (sessions do not last months), with the follow-up's due date moved back instead.
            var reminders = app.Services.GetRequiredService<ProgrammeReminders>();
            clock.Ahead = TimeSpan.FromDays(184);
            Assert.True(await reminders.RemindDueAsync(CancellationToken.None) >= 1);
            Assert.Equal(0, await reminders.RemindDueAsync(CancellationToken.None));
            clock.Ahead = TimeSpan.Zero;
            await DueNowAsync(app, six.Id);
            Assert.Contains(title, (await Mailbox.LatestToAsync(app, applicantEmail)).Subject, StringComparison.Ordinal);
            var answered = await StepAsync(applicant, page, "FollowUp", new(answer));
            Assert.True(answered.StatusCode == HttpStatusCode.Redirect, await ErrorsAsync(answered));

            // Twelve months on: the 12-month reminder e-mail, then the answer completes the programme.
            clock.Ahead = TimeSpan.FromDays(368);
            Assert.True(await reminders.RemindDueAsync(CancellationToken.None) >= 1);
            var reminder = await Mailbox.LatestToAsync(app, applicantEmail, 2);
            Assert.Contains("Follow-up due", reminder.Subject, StringComparison.Ordinal);
            Assert.Contains("Twelve months after the report", reminder.TextBody, StringComparison.Ordinal);
            Assert.Contains(page, reminder.TextBody, StringComparison.Ordinal);
            clock.Ahead = TimeSpan.Zero;
            await DueNowAsync(app, twelve.Id);
            answer["FollowUp"] = twelve.Id.ToString(CultureInfo.InvariantCulture);
            answer["FollowUpAnswer"] = "A year on, the district budgets are in next year's draft.";
            Assert.Equal(HttpStatusCode.Redirect, (await StepAsync(applicant, page, "FollowUp", new(answer))).StatusCode);
            Assert.Equal(HttpStatusCode.BadRequest, (await StepAsync(applicant, page, "FollowUp", new(answer))).StatusCode); // once

            // Recommendations marked taken up by the reviewed partner only.
            var first = programme.Recommendations.OrderBy(r => r.Position).First().Id.ToString(CultureInfo.InvariantCulture);
            Assert.Equal(HttpStatusCode.Forbidden, (await StepAsync(expert, page, "Recommendation", new() { ["Recommendation"] = first, ["State"] = "yes" })).StatusCode);
            Assert.Equal(HttpStatusCode.Redirect, (await StepAsync(applicant, page, "Recommendation", new() { ["Recommendation"] = first, ["State"] = "yes" })).StatusCode);
            programme = await ProgrammeAsync(app, title);
            Assert.Equal(ProgrammeStage.Completed, programme.Stage);
            Assert.True(programme.Recommendations.Single(r => r.Position == 1).TakenUp);
            var shown = WebUtility.HtmlDecode(await app.Client().GetStringAsync(page));
            Assert.Contains("We started habitat monitoring in twelve parks.", shown, StringComparison.Ordinal);
            Assert.Contains("A year on, the district budgets", shown, StringComparison.Ordinal);
            Assert.Contains("Recommendations taken up: 1 of 2", shown, StringComparison.Ordinal);
        }
        finally
        {
            clock.Ahead = TimeSpan.Zero;
        }
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Nobody_writes_for_a_programme_their_organisation_does_not_take_part_in(string provider)
    {
        var (app, _) = apps.For(provider);
        var (_, _, themes) = await HelperAsync(app, "malopolska");
        var (applicant, applicantPartner, _) = await PracticeTestData.MemberOfAsync(app, "malopolska");
        var (outsider, outsiderPartner, _) = await PracticeTestData.MemberOfAsync(app, "flevoland");
        var title = $"Study visit to Flevoland {Guid.NewGuid():N}"[..40];

        // Applying for another organisation, or with a closed request that is not the applicant's: refused with a message.
        var forOther = ApplyForm(outsiderPartner, title, themes);
        Assert.Equal(HttpStatusCode.BadRequest, (await applicant.SubmitAsync("/en/programmes/apply", forOther)).StatusCode);
        string otherRequest;
        using (var scope = app.Services.CreateScope())
            otherRequest = await Db(scope).Requests.Where(r => r.State == RequestState.Closed && r.PartnerId != applicantPartner).OrderBy(r => r.Id).Select(r => r.Slug).FirstAsync();
        var withRequest = ApplyForm(applicantPartner, title, themes);
        withRequest["Form.Request"] = otherRequest;
        var refused = await applicant.SubmitAsync("/en/programmes/apply", withRequest);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("Only a closed request of the applying organisation", WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync()), StringComparison.Ordinal);

        // A study visit hosted by the outsider's organisation: the host plans it, a third organisation does not.
        var visit = ApplyForm(applicantPartner, title, themes, "study-visit");
        (visit["Form.SecondPartner"], visit["Form.StartsOn"], visit["Form.EndsOn"]) = (outsiderPartner.ToString(CultureInfo.InvariantCulture), "2027-05-03", "2027-05-05");
        Assert.Equal(HttpStatusCode.Redirect, (await applicant.SubmitAsync("/en/programmes/apply", visit)).StatusCode);
        var page = $"/en/programmes/{(await ProgrammeAsync(app, title)).Slug}";
        var coordinator = await TestPeople.WithRoleAsync(app, Roles.NetworkAdmin);
        Assert.Equal(HttpStatusCode.Redirect, (await StepAsync(coordinator, page, "Accept", [])).StatusCode);
        var (third, _, _) = await PracticeTestData.MemberOfAsync(app, "catalonia");
        var milestone = new Dictionary<string, string> { ["MilestoneTitle"] = "Programme agreed", ["MilestoneDue"] = "2027-04-01" };
        Assert.Equal(HttpStatusCode.Forbidden, (await StepAsync(third, page, "Milestone", new(milestone))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await StepAsync(third, page, "Agenda", new() { ["Agenda"] = "Not ours" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await StepAsync(third, page, "Report", new() { ["Report"] = "A report nobody asked us for.", ["Recommendations"] = "None" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await StepAsync(outsider, page, "Decline", new() { ["Note"] = "No" })).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await StepAsync(outsider, page, "Milestone", new(milestone))).StatusCode);
        // A milestone id of another programme is not found within this one.
        int foreign;
        using (var scope = app.Services.CreateScope())
            foreign = await Db(scope).ProgrammeMilestones.Where(m => !Db(scope).Programmes.Any(p => p.Id == m.ProgrammeId && p.Title == title)).Select(m => m.Id).FirstAsync();
        Assert.Equal(HttpStatusCode.BadRequest,
            (await StepAsync(applicant, page, "MilestoneState", new() { ["Milestone"] = foreign.ToString(CultureInfo.InvariantCulture), ["State"] = "done" })).StatusCode);
        // Anonymous: sent to sign in.
        var anonymous = await app.Client().SubmitAsync("/en/account/sign-in", new Dictionary<string, string> { ["Agenda"] = "x" }, page + "?handler=Agenda");
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.Contains("/account/sign-in", anonymous.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task The_api_lists_programmes_in_the_list_shape_with_filters(string provider)
    {
        var (app, _) = apps.For(provider);
        var all = JsonNode.Parse(await app.Client().GetStringAsync("/api/v1/programmes?pageSize=200"))!;
        Assert.True(all["total"]!.GetValue<int>() >= 4);
        Assert.Equal(1, all["page"]!.GetValue<int>());
        var twinnings = JsonNode.Parse(await app.Client().GetStringAsync("/api/v1/programmes?kind=twinning"))!["items"]!.AsArray();
        var twinning = twinnings.Single(i => i!["slug"]!.GetValue<string>() == "gemellaggio-toscana-ljubljana-corridoi-ecologici")!;
        Assert.Equal("it", twinning["language"]!.GetValue<string>());
        Assert.Equal("IT", twinning["country"]!.GetValue<string>());
        Assert.Equal("twinning", twinning["kind"]!.GetValue<string>());
        Assert.EndsWith("/en/programmes/gemellaggio-toscana-ljubljana-corridoi-ecologici", twinning["url"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.All(twinnings, i => Assert.Equal("twinning", i!["kind"]!.GetValue<string>()));
        var reported = JsonNode.Parse(await app.Client().GetStringAsync("/api/v1/programmes?kind=peer-review&stage=reported"))!["items"]!.AsArray();
        var barcelona = reported.Single(i => i!["slug"]!.GetValue<string>() == "peer-review-barcelona-urban-nature-plan")!;
        Assert.Equal(3, barcelona["recommendations"]!.GetValue<int>());
        Assert.Equal(3, barcelona["peers"]!.AsArray().Count);
        var bad = await app.Client().GetAsync("/api/v1/programmes?kind=holiday");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("application/problem+json", bad.Content.Headers.ContentType!.MediaType);
        // The pages: the list filtered by kind, the demo peer review with its answered 6-month follow-up, the partner's page.
        var list = WebUtility.HtmlDecode(await app.Client().GetStringAsync("/en/programmes?kind=study-visit"));
        Assert.Contains("/en/programmes/studienreise-hamburg-kopenhagen-gruendaecher", list, StringComparison.Ordinal);
        Assert.DoesNotContain("/en/programmes/gemellaggio-toscana", list, StringComparison.Ordinal);
        var detail = WebUtility.HtmlDecode(await app.Client().GetStringAsync("/en/programmes/peer-review-barcelona-urban-nature-plan"));
        Assert.Contains("Hemos empezado un seguimiento", detail, StringComparison.Ordinal);
        Assert.Contains("/en/programmes/gemellaggio-toscana-ljubljana-corridoi-ecologici", await app.Client().GetStringAsync("/en/partners/ljubljana"), StringComparison.Ordinal);
    }
}
