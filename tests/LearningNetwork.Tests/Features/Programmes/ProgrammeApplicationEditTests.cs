using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using LearningNetwork.Data;
using LearningNetwork.Domain;
using LearningNetwork.Features.Search;
using LearningNetwork.Tests.Features.Practices;
using LearningNetwork.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LearningNetwork.Tests.Features.Programmes;

/// <summary>The applying organisation edits its application while it is "applied" (nobody else may); programmes are found by
/// the site search and are in the applicant's personal-data download.</summary>
public sealed partial class ProgrammeApplicationEditTests(ProgrammeApps apps) : IClassFixture<ProgrammeApps>
{
    public static TheoryData<string> Providers => Infrastructure.Providers.All;

    private static Dictionary<string, string> Form(int partnerId, string title, string themes, string focus) => new()
    {
        ["Form.Partner"] = partnerId.ToString(CultureInfo.InvariantCulture), ["Form.Kind"] = "peer-review", ["Form.Title"] = title,
        ["Form.Description"] = "We ask peers to look at how our plan for wet grasslands is carried out at mid-term.",
        ["Form.Subject"] = "plan", ["Form.Focus"] = focus, ["Form.Language"] = "en", ["Form.Themes"] = themes, ["Form.Targets[0]"] = "kmgbf:2",
    };

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task The_applicant_edits_its_application_until_the_decision_another_organisation_may_not_and_search_finds_it(string provider)
    {
        var (app, _) = apps.For(provider);
        string themes;
        using (var scope = app.Services.CreateScope())
            themes = await scope.ServiceProvider.GetRequiredService<LearningNetworkDb>().GemetLabels.Where(l => l.ConceptId == 12161 && l.Language == "en").Select(l => l.Label).SingleAsync();
        var (applicant, partnerId, applicantEmail) = await PracticeTestData.MemberOfAsync(app, "noord-brabant");
        var (outsider, _, _) = await PracticeTestData.MemberOfAsync(app, "helsinki");
        var coordinator = await TestPeople.WithRoleAsync(app, Roles.Moderator);
        var token = "kw" + Guid.NewGuid().ToString("N")[..8];
        var applied = await applicant.SubmitAsync("/en/programmes/apply", Form(partnerId, $"Peer review of our wet grasslands {token}", themes, "Are the water levels right?"));
        Assert.Equal(HttpStatusCode.Redirect, applied.StatusCode);
        var page = applied.Headers.Location!.OriginalString.Split('?')[0];
        var edit = page + "/edit";

        // The applicant sees the way to edit; another organisation's member does not, and is refused on the form and on a post.
        Assert.Contains($"href=\"{edit}\"", await applicant.GetStringAsync(page), StringComparison.Ordinal);
        Assert.DoesNotContain($"href=\"{edit}\"", await outsider.GetStringAsync(page), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await outsider.GetAsync(edit)).StatusCode);
        var version = VersionRegex().Match(await applicant.GetStringAsync(edit)).Groups[1].Value;
        var forged = new Dictionary<string, string>(Form(partnerId, "Taken over by another organisation", themes, "Anything at all here."))
        {
            ["Version"] = version, ["__RequestVerificationToken"] = await outsider.AntiforgeryTokenAsync(page),
        };
        Assert.Equal(HttpStatusCode.Forbidden, (await outsider.PostAsync(edit, new FormUrlEncodedContent(forged))).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await app.Client().GetAsync(edit)).StatusCode); // anonymous: sign in
        Assert.DoesNotContain("Taken over", await app.Client().GetStringAsync(page), StringComparison.Ordinal);

        // A refused edit keeps what was typed; a good one is saved.
        var refused = await applicant.SubmitAsync(edit, new Dictionary<string, string>(Form(partnerId, "", themes, "Short")) { ["Version"] = version });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var title = $"Peer review of our wet meadows {token}";
        var saved = await applicant.SubmitAsync(edit, new Dictionary<string, string>(Form(partnerId, title, themes, "Are the water levels and the mowing dates right?")) { ["Version"] = version });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal($"{page}?done=edited", saved.Headers.Location!.OriginalString);
        var shown = WebUtility.HtmlDecode(await app.Client().GetStringAsync(page));
        Assert.Contains(title, shown, StringComparison.Ordinal);
        Assert.Contains("mowing dates", shown, StringComparison.Ordinal);
        // The version it was drawn from is gone: a second save on it is a conflict, never saved over.
        var stale = await applicant.SubmitAsync(edit, new Dictionary<string, string>(Form(partnerId, "Stale edit " + token, themes, "Stale focus text.")) { ["Version"] = version });
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);

        // The site search finds it, by its new title, as a programme.
        var search = app.Services.GetRequiredService<SearchIndex>();
        for (var i = 0; i < 300 && !search.Ready; i++) await Task.Delay(100);
        await search.CatchUpAsync(CancellationToken.None);
        var found = JsonNode.Parse(await app.Client().GetStringAsync($"/api/v1/search?q={token}&lang=en&type=programme"))!;
        var hit = found["items"]!.AsArray().Single()!;
        Assert.Equal("programme", (string)hit["type"]!);
        Assert.Equal(title, (string)hit["title"]!);
        Assert.EndsWith(page, (string)hit["url"]!, StringComparison.Ordinal);
        Assert.Contains("Programme", WebUtility.HtmlDecode(await app.Client().GetStringAsync($"/en/search?q={token}")), StringComparison.Ordinal);

        // The applicant's personal-data download names the programme they applied for.
        var download = await applicant.GetStringAsync("/en/account/privacy/download");
        var programmes = JsonNode.Parse(download)!["programmesApplied"]!.AsArray();
        Assert.Contains(programmes, p => (string)p!["slug"]! == page.Split('/')[^1]);

        // Once the coordinators have decided, the application is no longer edited: the form leads back, a post is a conflict.
        var decide = WebUtility.HtmlDecode(await coordinator.GetStringAsync(page));
        var decided = await coordinator.SubmitAsync(page, new Dictionary<string, string>
        {
            ["Note"] = "Not this year: the peers are busy.", ["Version"] = VersionRegex().Match(decide).Groups[1].Value,
        }, page + "?handler=Decline");
        Assert.Equal(HttpStatusCode.Redirect, decided.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await applicant.GetAsync(edit)).StatusCode);
        var afterDecision = await applicant.SubmitAsync(page, new Dictionary<string, string>(Form(partnerId, "Too late " + token, themes, "Too late to change.")) { ["Version"] = version }, edit);
        Assert.Equal(HttpStatusCode.Conflict, afterDecision.StatusCode);
        Assert.DoesNotContain("Too late", await app.Client().GetStringAsync(page), StringComparison.Ordinal);
    }

    [GeneratedRegex("name=\"Version\" value=\"([^\"]+)\"")]
    private static partial Regex VersionRegex();
}
