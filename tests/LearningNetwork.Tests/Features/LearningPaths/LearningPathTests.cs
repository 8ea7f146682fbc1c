using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using LearningNetwork.Data;
using LearningNetwork.Domain;
using LearningNetwork.Tests.Features.Practices;
using LearningNetwork.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LearningNetwork.Tests.Features.LearningPaths;

/// <summary>One seeded app per provider for the tests that write (the read-only ones use the shared app).</summary>
public sealed class LearningPathApps : IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<TestApp>> _apps = new();

    public TestApp For(string provider) => _apps.GetOrAdd(provider, p => new Lazy<TestApp>(() =>
    {
        var app = new TestApp(p, Mailbox.Settings());
        _ = app.Server;
        return app;
    })).Value;

    public void Dispose()
    {
        foreach (var app in _apps.Values.Where(a => a.IsValueCreated)) app.Value.Dispose();
    }
}

public sealed partial class LearningPathTests(LearningPathApps apps) : IClassFixture<LearningPathApps>
{
    public static TheoryData<string> Providers => Infrastructure.Providers.All;

    private static string Html(string html) => WebUtility.HtmlDecode(html);

    private static Dictionary<string, string> PathForm(string title, string steps, string language = "en") => new()
    {
        ["Form.Language"] = language, ["Form.Title"] = title,
        ["Form.Summary"] = "A short path through peatland rewetting: the target, two practices and the regulation.",
        ["Form.Themes"] = ThemeLabel, ["Form.Targets[0]"] = "kmgbf:2", ["Form.Steps"] = steps,
    };

    private static string ThemeLabel = "";

    private static async Task ThemeAsync(TestApp app)
    {
        using var scope = app.Services.CreateScope();
        ThemeLabel = await scope.ServiceProvider.GetRequiredService<LearningNetworkDb>().GemetLabels.Where(l => l.ConceptId == 12161 && l.Language == "en")
            .Select(l => l.Label).SingleAsync();
    }

    private static async Task<(string Practice1, string Practice2)> PracticesAsync(TestApp app)
    {
        using var scope = app.Services.CreateScope();
        var slugs = await scope.ServiceProvider.GetRequiredService<LearningNetworkDb>().Practices.Where(p => p.Stage == PracticeStage.Published)
            .OrderBy(p => p.Id).Select(p => p.Slug).Take(2).ToListAsync();
        return (slugs[0], slugs[1]);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Demo_paths_are_listed_by_theme_and_target_read_in_the_readers_language_and_on_target_pages_and_in_the_api(string provider)
    {
        var app = Infrastructure.Providers.SharedApp(provider);
        var client = app.Client();
        var list = Html(await client.GetStringAsync("/en/learning-paths"));
        Assert.Contains("Rewetting drained peatlands", list, StringComparison.Ordinal);
        Assert.Contains("Nature in streets and parks", list, StringComparison.Ordinal);
        // A path serves a target it is tagged with or explains in a step.
        var byTarget = Html(await client.GetStringAsync("/en/learning-paths?target=kmgbf%3A2"));
        Assert.Contains("Rewetting drained peatlands", byTarget, StringComparison.Ordinal);
        Assert.DoesNotContain("Nature in streets and parks", byTarget, StringComparison.Ordinal);
        var byTheme = Html(await client.GetStringAsync("/en/learning-paths?theme=8815"));
        Assert.Contains("Nature in streets and parks", byTheme, StringComparison.Ordinal);
        Assert.DoesNotContain("Rewetting drained peatlands", byTheme, StringComparison.Ordinal);
        // A filter that is not understood is said so and ignored, never a 500.
        var bad = await client.GetAsync("/en/learning-paths?theme=peat&target=x");
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);

        // The German version in German; Spanish readers of the peat path get the original, said so.
        var german = Html(await client.GetStringAsync("/de/learning-paths/rewetting-drained-peatlands"));
        Assert.Contains("<h1 lang=\"de\">Entwässerte Moore wiedervernässen</h1>", german, StringComparison.Ordinal);
        Assert.Contains("8 Schritte", german, StringComparison.Ordinal);
        var spanish = Html(await client.GetStringAsync("/es/learning-paths/rewetting-drained-peatlands"));
        Assert.Contains("<h1 lang=\"en\">Rewetting drained peatlands</h1>", spanish, StringComparison.Ordinal);
        // The steps in order, linked to the pages of the reader's language; anonymous readers are asked to sign in to follow.
        var english = Html(await client.GetStringAsync("/en/learning-paths/nature-in-streets-and-parks"));
        var steps = StepLinkRegex().Matches(english).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal("/en/targets/kmgbf/12", steps[0]);
        Assert.Contains("/en/practices/vienna-meadows-instead-of-lawns-parks-council-housing", steps);
        Assert.Contains(steps, s => s.StartsWith("/en/events/", StringComparison.Ordinal));
        Assert.Contains("/en/account/sign-in?returnUrl=/en/learning-paths/nature-in-streets-and-parks", english, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/en/learning-paths/no-such-path")).StatusCode);

        // Target pages list the paths serving them.
        var target = Html(await client.GetStringAsync("/en/targets/kmgbf/12"));
        Assert.Contains("Learning paths on this target", target, StringComparison.Ordinal);
        Assert.Contains("/en/learning-paths/nature-in-streets-and-parks", target, StringComparison.Ordinal);

        // The API: the list shape of PRODUCT.md, a path with its steps in order.
        var api = JsonNode.Parse(await client.GetStringAsync("/api/v1/learning-paths?target=kmgbf:12&lang=de"))!;
        Assert.Equal(1, (int)api["total"]!);
        var item = api["items"]![0]!;
        Assert.Equal("nature-in-streets-and-parks", (string)item["slug"]!);
        Assert.Equal("Natur in Straßen und Parks", (string)item["title"]!);
        Assert.Equal("de", (string)item["language"]!);
        Assert.EndsWith("/de/learning-paths/nature-in-streets-and-parks", (string)item["url"]!, StringComparison.Ordinal);
        Assert.True((int)item["id"]! > 0);
        var detail = JsonNode.Parse(await client.GetStringAsync("/api/v1/learning-paths/rewetting-drained-peatlands"))!;
        Assert.Equal("en", (string)detail["language"]!);
        Assert.Equal(4, detail["texts"]!.AsArray().Count);
        var apiSteps = detail["steps"]!.AsArray();
        Assert.Equal(8, apiSteps.Count);
        Assert.Equal(["target", "target", "document", "practice"], apiSteps.Take(4).Select(s => (string)s!["kind"]!).ToArray());
        Assert.Equal("https://eur-lex.europa.eu/eli/reg/2024/1991/oj", (string)apiSteps[2]!["url"]!);
        var missing = await client.GetAsync("/api/v1/learning-paths/no-such-path");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/v1/learning-paths?theme=peat")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/v1/learning-paths?lang=xx")).StatusCode);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_coordinator_assembles_a_path_and_adds_a_language_version_others_may_not_and_readers_see_the_change_at_once(string provider)
    {
        var app = apps.For(provider);
        var (p1, p2) = await PracticesAsync(app);
        await ThemeAsync(app);
        var coordinator = await TestPeople.WithRoleAsync(app, Roles.Moderator);
        var (member, _, _) = await PracticeTestData.MemberOfAsync(app, "noord-brabant");
        var anonymous = app.Client();
        var title = "Peat path " + Guid.NewGuid().ToString("N")[..8];
        var steps = $"target: kmgbf:2\npractice: {p1}\npractice: https://example.org/en/practices/{p2}\ndocument: https://eur-lex.europa.eu/eli/reg/2024/1991/oj | Nature restoration regulation";

        // Only coordinators assemble paths: a member gets 403 on the form and on a post, anonymous people are sent to sign in.
        Assert.Equal(HttpStatusCode.Forbidden, (await member.GetAsync("/en/learning-paths/new")).StatusCode);
        var token = await member.AntiforgeryTokenAsync("/en/learning-paths");
        var forged = new Dictionary<string, string>(PathForm(title, steps)) { ["__RequestVerificationToken"] = token };
        Assert.Equal(HttpStatusCode.Forbidden, (await member.PostAsync("/en/learning-paths/new", new FormUrlEncodedContent(forged))).StatusCode);
        var anonymousGet = await anonymous.GetAsync("/en/learning-paths/new");
        Assert.Equal(HttpStatusCode.Redirect, anonymousGet.StatusCode);
        Assert.Contains("/account/sign-in", anonymousGet.Headers.Location!.OriginalString, StringComparison.Ordinal);

        // A line that is not a step is named, and what was typed comes back.
        var refused = await coordinator.SubmitAsync("/en/learning-paths/new", PathForm(title, "target: kmgbf:2\npractice: no-such-practice"));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var refusedHtml = Html(await refused.Content.ReadAsStringAsync());
        Assert.Contains("Line 2 is not a step", refusedHtml, StringComparison.Ordinal);
        Assert.Contains("practice: no-such-practice", refusedHtml, StringComparison.Ordinal);

        var created = await coordinator.SubmitAsync("/en/learning-paths/new", PathForm(title, steps));
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var location = created.Headers.Location!.OriginalString;
        var slug = location.Split('/')[3].Split('?')[0];
        var page = $"/en/learning-paths/{slug}";
        var read = Html(await anonymous.GetStringAsync(page));
        Assert.Contains(title, read, StringComparison.Ordinal);
        Assert.Contains("4 steps", read, StringComparison.Ordinal);
        Assert.Contains($"/en/practices/{p2}", read, StringComparison.Ordinal);

        // The member may not edit it either (403), whatever they post.
        Assert.Equal(HttpStatusCode.Forbidden, (await member.GetAsync($"{page}/edit")).StatusCode);
        var editForged = new Dictionary<string, string>(PathForm("Taken over", steps)) { ["__RequestVerificationToken"] = token, ["Version"] = Guid.NewGuid().ToString() };
        Assert.Equal(HttpStatusCode.Forbidden, (await member.PostAsync($"{page}/edit", new FormUrlEncodedContent(editForged))).StatusCode);

        // A German version; the English one stays; anonymous readers (cached page) see the change at once.
        var editPage = $"{page}/edit?language=de";
        var version = VersionRegex().Match(await coordinator.GetStringAsync(editPage)).Groups[1].Value;
        var germanTitle = "Moorpfad " + title[^8..];
        var german = new Dictionary<string, string>(PathForm(germanTitle, steps + "\ntarget: kmgbf:8", "de")) { ["Version"] = version };
        var saved = await coordinator.SubmitAsync(editPage, german, $"{page}/edit");
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Contains(germanTitle, Html(await anonymous.GetStringAsync($"/de/learning-paths/{slug}")), StringComparison.Ordinal);
        var english = Html(await anonymous.GetStringAsync(page));
        Assert.Contains(title, english, StringComparison.Ordinal);
        Assert.Contains("5 steps", english, StringComparison.Ordinal);
        Assert.Contains("Also written in:", english, StringComparison.Ordinal);

        // A save made on the version seen before that edit is a conflict, never saved over.
        var stale = new Dictionary<string, string>(PathForm("Stale title", steps)) { ["Version"] = version };
        var conflict = await coordinator.SubmitAsync(editPage, stale, $"{page}/edit");
        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        Assert.Contains("Stale title", Html(await conflict.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.DoesNotContain("Stale title", Html(await anonymous.GetStringAsync(page)), StringComparison.Ordinal);
        Assert.Contains(title, Html(await anonymous.GetStringAsync("/api/v1/learning-paths/" + slug)), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_member_follows_a_path_marks_steps_done_and_sees_their_progress_on_the_path_and_on_me_and_nobody_elses(string provider)
    {
        var app = apps.For(provider);
        var (member, _, email) = await PracticeTestData.MemberOfAsync(app, "noord-brabant");
        var (other, _, _) = await PracticeTestData.MemberOfAsync(app, "noord-brabant");
        const string page = "/en/learning-paths/nature-in-streets-and-parks";
        var html = Html(await member.GetStringAsync(page));
        Assert.Contains("Follow this path", html, StringComparison.Ordinal);
        var stepIds = StepIdRegex().Matches(html).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(8, stepIds.Count);

        Assert.Equal(HttpStatusCode.Redirect, (await member.SubmitAsync(page, new Dictionary<string, string>(), page + "?handler=Follow")).StatusCode);
        Assert.Contains("0 of 8 steps done", Html(await member.GetStringAsync(page)), StringComparison.Ordinal);
        foreach (var step in stepIds.Take(2))
            Assert.Equal(HttpStatusCode.Redirect, (await member.SubmitAsync(page, new Dictionary<string, string> { ["Step"] = step, ["State"] = "done" }, page + "?handler=Step")).StatusCode);
        // Marking a step twice counts it once.
        await member.SubmitAsync(page, new Dictionary<string, string> { ["Step"] = stepIds[0], ["State"] = "done" }, page + "?handler=Step");
        Assert.Contains("2 of 8 steps done", Html(await member.GetStringAsync(page)), StringComparison.Ordinal);
        var me = Html(await member.GetStringAsync("/en/me"));
        Assert.Contains("Learning paths you follow", me, StringComparison.Ordinal);
        Assert.Contains("Nature in streets and parks</a> — 2 of 8 steps done", me, StringComparison.Ordinal);
        await member.SubmitAsync(page, new Dictionary<string, string> { ["Step"] = stepIds[1], ["State"] = "open" }, page + "?handler=Step");
        Assert.Contains("1 of 8 steps done", Html(await member.GetStringAsync(page)), StringComparison.Ordinal);

        // Someone else's progress is their own; a step of another path is not found here; anonymous posts go to sign in.
        Assert.Contains("You do not follow any learning path yet.", Html(await other.GetStringAsync("/en/me")), StringComparison.Ordinal);
        Assert.DoesNotContain("steps done", Html(await other.GetStringAsync(page)), StringComparison.Ordinal);
        var otherStep = StepIdRegex().Match(Html(await member.GetStringAsync("/en/learning-paths/rewetting-drained-peatlands"))).Groups[1].Value;
        Assert.Equal(HttpStatusCode.NotFound,
            (await member.SubmitAsync(page, new Dictionary<string, string> { ["Step"] = otherStep, ["State"] = "done" }, page + "?handler=Step")).StatusCode);
        var anonymous = app.Client();
        var token = await anonymous.AntiforgeryTokenAsync("/en/account/sign-in");
        var anonymousPost = await anonymous.PostAsync(page + "?handler=Follow", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
        Assert.Equal(HttpStatusCode.Redirect, anonymousPost.StatusCode);
        Assert.Contains("/account/sign-in", anonymousPost.Headers.Location!.OriginalString, StringComparison.Ordinal);

        // Stopping forgets the progress.
        await member.SubmitAsync(page, new Dictionary<string, string>(), page + "?handler=Unfollow");
        Assert.Contains("You do not follow any learning path yet.", Html(await member.GetStringAsync("/en/me")), StringComparison.Ordinal);
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<LearningNetworkDb>();
        var userId = await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
        Assert.False(await db.LearningStepsDone.AnyAsync(d => d.UserId == userId));
        Assert.False(await db.LearningPathFollows.AnyAsync(f => f.UserId == userId));
    }

    [GeneratedRegex("<a href=\"(/en/(?:targets|practices|events)/[^\"]+)\" lang=")]
    private static partial Regex StepLinkRegex();

    [GeneratedRegex("name=\"Step\" value=\"(\\d+)\"")]
    private static partial Regex StepIdRegex();

    [GeneratedRegex("name=\"Version\" value=\"([^\"]+)\"")]
    private static partial Regex VersionRegex();
}
