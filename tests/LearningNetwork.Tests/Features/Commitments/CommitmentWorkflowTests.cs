using System.Net;
using System.Text.Json.Nodes;
using LearningNetwork.Data;
using LearningNetwork.Domain;
using LearningNetwork.Tests.Features.Practices;
using LearningNetwork.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LearningNetwork.Tests.Features.Commitments;

public sealed class CommitmentWorkflowTests
{
    public static TheoryData<string> Providers => Infrastructure.Providers.All;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_member_commits_reports_progress_and_refused_reports_say_why_in_the_readers_language(string provider)
    {
        using var app = new TestApp(provider, Mailbox.Settings());
        var (member, partnerId, _) = await PracticeTestData.MemberOfAsync(app, "bratislava-region");
        var created = await member.SubmitAsync("/en/commitments/new", CommitmentTestData.Form(partnerId));
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var id = CommitmentTestData.IdFrom(created);
        Assert.Equal($"/en/commitments/{id}?done=created", created.Headers.Location!.OriginalString);
        var meadows = await CommitmentTestData.IndicatorIdAsync(app, id, 0);

        // Public from the moment it is saved; only the committing organisation sees the report link.
        var publicPage = WebUtility.HtmlDecode(await app.Client().GetStringAsync($"/en/commitments/{id}"));
        Assert.Contains("Restore 100 ha of floodplain meadows along the Morava", publicPage, StringComparison.Ordinal);
        Assert.Contains("No progress reported yet", publicPage, StringComparison.Ordinal);
        Assert.DoesNotContain($"/en/commitments/{id}/progress", publicPage, StringComparison.Ordinal);
        Assert.Contains($"/en/commitments/{id}/progress", await member.GetStringAsync($"/en/commitments/{id}"), StringComparison.Ordinal);

        var progress = $"/en/commitments/{id}/progress";
        Dictionary<string, string> Report(string value, string unit, string date) => new()
        {
            ["Indicator"] = meadows.ToString(System.Globalization.CultureInfo.InvariantCulture), ["Value"] = value, ["Unit"] = unit, ["Date"] = date,
            ["Note"] = "Counted from the 2024 aerial survey.",
        };
        var reported = await member.SubmitAsync(progress, Report("35", "ha", "2024-06-30"));
        Assert.Equal(HttpStatusCode.Redirect, reported.StatusCode);
        Assert.StartsWith($"/en/commitments/{id}?done=reported", reported.Headers.Location!.OriginalString, StringComparison.Ordinal);
        var page = WebUtility.HtmlDecode(await app.Client().GetStringAsync($"/en/commitments/{id}"));
        Assert.Contains("25 % of the way from the baseline to the target", page, StringComparison.Ordinal); // (35 - 10) / (110 - 10)
        Assert.Contains("Counted from the 2024 aerial survey.", page, StringComparison.Ordinal);
        Assert.Contains("<svg", page, StringComparison.Ordinal);

        // Bad input: before the commitment started, in another unit, in the future, not a number. Nothing is saved, the typed value stays.
        var early = await member.SubmitAsync(progress, Report("20", "ha", "2023-02-01"));
        Assert.Equal(HttpStatusCode.BadRequest, early.StatusCode);
        var earlyHtml = WebUtility.HtmlDecode(await early.Content.ReadAsStringAsync());
        Assert.Contains("The date is before the commitment started (2023-03-01).", earlyHtml, StringComparison.Ordinal);
        Assert.Contains("value=\"2023-02-01\"", earlyHtml, StringComparison.Ordinal);
        Assert.Contains("aria-invalid=\"true\"", earlyHtml, StringComparison.Ordinal);
        var wrongUnit = await member.SubmitAsync(progress, Report("40", "km", "2025-01-31"));
        Assert.Equal(HttpStatusCode.BadRequest, wrongUnit.StatusCode);
        Assert.Contains("This indicator is measured in hectares (ha): report the value in hectares (ha).",
            WebUtility.HtmlDecode(await wrongUnit.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        var future = await member.SubmitAsync(progress, Report("40", "ha", DateTime.UtcNow.AddDays(3).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Contains("The date is in the future", WebUtility.HtmlDecode(await future.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        var words = await member.SubmitAsync(progress, Report("a lot", "ha", "2025-01-31"));
        Assert.Equal(HttpStatusCode.BadRequest, words.StatusCode);
        // The same refusals in French and German for French and German readers.
        var french = await member.SubmitAsync($"/fr/commitments/{id}/progress", Report("20", "ha", "2023-02-01"));
        Assert.Contains("La date est antérieure au début de l’engagement (2023-03-01).", WebUtility.HtmlDecode(await french.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        var german = await member.SubmitAsync($"/de/commitments/{id}/progress", Report("40", "km", "2025-01-31"));
        Assert.Contains("Dieser Indikator wird in Hektar (ha) gemessen", WebUtility.HtmlDecode(await german.Content.ReadAsStringAsync()), StringComparison.Ordinal);

        // Only the committing organisation reports: another member, a network admin and visitors do not.
        var (stranger, _, _) = await PracticeTestData.MemberOfAsync(app, "hamburg");
        Assert.Equal(HttpStatusCode.Forbidden, (await stranger.GetAsync(progress)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await stranger.SubmitAsync($"/en/commitments/new", Report("50", "ha", "2025-01-31"), progress)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await stranger.GetAsync($"/en/commitments/{id}/edit")).StatusCode);
        var admin = await TestPeople.WithRoleAsync(app, Roles.NetworkAdmin);
        Assert.Equal(HttpStatusCode.Forbidden, (await admin.GetAsync(progress)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"/en/commitments/{id}/edit")).StatusCode);
        var visitor = app.Client();
        var anonymous = await visitor.GetAsync(progress);
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.Contains("/account/sign-in", anonymous.Headers.Location!.OriginalString, StringComparison.Ordinal);
        var anonymousPost = await visitor.PostAsync(progress, new FormUrlEncodedContent(Report("90", "ha", "2025-01-31")));
        Assert.False(anonymousPost.IsSuccessStatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await visitor.GetAsync("/en/commitments/new")).StatusCode);
        var (nobody, _) = await TestPeople.RegisteredAsync(app);
        Assert.Equal(HttpStatusCode.Forbidden, (await nobody.GetAsync("/en/commitments/new")).StatusCode);

        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<LearningNetworkDb>();
            var saved = await db.ProgressReports.Where(r => r.IndicatorId == meadows).ToListAsync();
            Assert.Equal(35, Assert.Single(saved).Value);
            Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "commitment.created" && a.Subject == $"commitment/{id}"));
            Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "commitment.progress-reported" && a.Subject == $"commitment/{id}"));
        }

        // The API and the target's page show it live.
        var list = JsonNode.Parse(await visitor.GetStringAsync("/api/v1/commitments?target=kmgbf:20&country=SK"))!;
        Assert.Equal(1, list["total"]!.GetValue<int>());
        var item = list["items"]![0]!;
        Assert.Equal(id, item["id"]!.GetValue<int>());
        Assert.Equal("SK", item["country"]!.GetValue<string>());
        Assert.Equal("en", item["language"]!.GetValue<string>());
        Assert.EndsWith($"/en/commitments/{id}", item["url"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(["kmgbf:20"], item["targets"]!.AsArray().Select(t => t!.GetValue<string>()));
        var indicator = item["indicators"]![0]!;
        Assert.Equal("ha", indicator["unit"]!.GetValue<string>());
        Assert.Equal(10, indicator["baseline"]!.GetValue<double>());
        Assert.Equal(110, indicator["target"]!.GetValue<double>());
        Assert.Equal("2030-12-31", indicator["targetDate"]!.GetValue<string>());
        Assert.Equal(35, indicator["latest"]!.GetValue<double>());
        Assert.Equal(0.25, indicator["progress"]!.GetValue<double>());
        Assert.Null(item["indicators"]![1]!["latest"]);
        Assert.Null(item["indicators"]![1]!["progress"]);
        var targetPage = WebUtility.HtmlDecode(await visitor.GetStringAsync("/en/targets/kmgbf/20"));
        Assert.Contains("Partners' commitments serving it (1)", targetPage, StringComparison.Ordinal);
        Assert.Contains($"/en/commitments/{id}", targetPage, StringComparison.Ordinal);
        Assert.Equal(1, JsonNode.Parse(await visitor.GetStringAsync("/api/v1/targets/kmgbf/20"))!["commitments"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_rejected_commitment_form_keeps_what_was_typed_and_says_why_next_to_each_field()
    {
        using var app = new TestApp(Infrastructure.Providers.Sqlite, Mailbox.Settings());
        var (member, partnerId, _) = await PracticeTestData.MemberOfAsync(app, "bratislava-region");
        var (_, otherPartner, _) = await PracticeTestData.MemberOfAsync(app, "hamburg");
        var foreign = await member.SubmitAsync("/en/commitments/new", CommitmentTestData.Form(otherPartner, "Written for someone else"));
        Assert.Equal(HttpStatusCode.BadRequest, foreign.StatusCode);
        Assert.Contains("Choose one of your organisations.", WebUtility.HtmlDecode(await foreign.Content.ReadAsStringAsync()), StringComparison.Ordinal);

        var bad = CommitmentTestData.Form(partnerId, "A commitment with mistakes");
        bad["Form.Description"] = "";
        bad["Form.Targets"] = "kmgbf:99";
        bad["Form.Indicators[0].Target"] = "10";
        bad["Form.Indicators[1].Unit"] = "percent";
        bad["Form.Indicators[1].Target"] = "140";
        bad["Form.Indicators[1].TargetDate"] = "2022-01-01";
        var rejected = await member.SubmitAsync("/en/commitments/new", bad);
        Assert.Equal(HttpStatusCode.BadRequest, rejected.StatusCode);
        var html = WebUtility.HtmlDecode(await rejected.Content.ReadAsStringAsync());
        Assert.Contains("A commitment with mistakes", html, StringComparison.Ordinal);
        Assert.Contains("Floodplain meadows restored", html, StringComparison.Ordinal);
        foreach (var message in new[] { "Fill in this field.", "This choice is not in the list", "The target must differ from the baseline.",
                     "A percentage is at most 100.", "The target date must be after the baseline date." })
            Assert.Contains(message, html, StringComparison.Ordinal);
        Assert.Contains("id=\"Form_Indicators_1__Target-error\"", html, StringComparison.Ordinal);

        var german = await member.SubmitAsync("/de/commitments/new", bad);
        Assert.Contains("Ein Prozentwert ist höchstens 100.", WebUtility.HtmlDecode(await german.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        var noIndicator = CommitmentTestData.Form(partnerId);
        foreach (var key in noIndicator.Keys.Where(k => k.StartsWith("Form.Indicators", StringComparison.Ordinal)).ToList()) noIndicator.Remove(key);
        var none = await member.SubmitAsync("/en/commitments/new", noIndicator);
        Assert.Contains("Give at least one indicator", WebUtility.HtmlDecode(await none.Content.ReadAsStringAsync()), StringComparison.Ordinal);

        using var scope = app.Services.CreateScope();
        Assert.Equal(0, await scope.ServiceProvider.GetRequiredService<LearningNetworkDb>().Commitments.CountAsync(c => !c.IsDemo));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task An_edit_keeps_reports_with_their_indicator_and_a_stale_edit_is_a_conflict(string provider)
    {
        using var app = new TestApp(provider, Mailbox.Settings());
        var (alice, partnerId, _) = await PracticeTestData.MemberOfAsync(app, "bratislava-region");
        var (bob, _, _) = await PracticeTestData.MemberOfAsync(app, "bratislava-region");
        var id = CommitmentTestData.IdFrom(await alice.SubmitAsync("/en/commitments/new", CommitmentTestData.Form(partnerId)));
        var meadows = await CommitmentTestData.IndicatorIdAsync(app, id, 0);
        var trees = await CommitmentTestData.IndicatorIdAsync(app, id, 1);
        Assert.Equal(HttpStatusCode.Redirect, (await alice.SubmitAsync($"/en/commitments/{id}/progress",
            new Dictionary<string, string> { ["Indicator"] = meadows.ToString(System.Globalization.CultureInfo.InvariantCulture), ["Value"] = "30", ["Unit"] = "ha", ["Date"] = "2024-03-01" })).StatusCode);

        var edit = $"/en/commitments/{id}/edit";
        Dictionary<string, string> Edited(string version)
        {
            var form = CommitmentTestData.Form(partnerId);
            form["Version"] = version;
            form["Form.Indicators[0].Id"] = meadows.ToString(System.Globalization.CultureInfo.InvariantCulture);
            form["Form.Indicators[1].Id"] = trees.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return form;
        }
        var version = CommitmentTestData.Version(await alice.GetStringAsync(edit));

        var unitChange = Edited(version);
        unitChange["Form.Indicators[0].Unit"] = "km2";
        var refused = await alice.SubmitAsync(edit, unitChange);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("Progress has been reported in hectares (ha): the unit cannot change.", WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        var removal = Edited(version);
        foreach (var key in removal.Keys.Where(k => k.StartsWith("Form.Indicators[0].", StringComparison.Ordinal) && !k.EndsWith(".Id", StringComparison.Ordinal) && !k.EndsWith(".Unit", StringComparison.Ordinal)).ToList())
            removal[key] = "";
        var removed = await alice.SubmitAsync(edit, removal);
        Assert.Equal(HttpStatusCode.BadRequest, removed.StatusCode);
        Assert.Contains("has progress reports: it cannot be removed", WebUtility.HtmlDecode(await removed.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        var lateStart = Edited(version);
        lateStart["Form.StartDate"] = "2024-06-01";
        Assert.Contains("the start date cannot be later", WebUtility.HtmlDecode(await (await alice.SubmitAsync(edit, lateStart)).Content.ReadAsStringAsync()), StringComparison.Ordinal);

        // Bob opens the form, Alice saves a new label and drops the indicator without reports, Bob's save on the old version is a conflict.
        var bobVersion = CommitmentTestData.Version(await bob.GetStringAsync(edit));
        var renamed = Edited(version);
        renamed["Form.Indicators[0].Label"] = "Floodplain meadows restored (mown once a year)";
        foreach (var key in renamed.Keys.Where(k => k.StartsWith("Form.Indicators[1].", StringComparison.Ordinal) && !k.EndsWith(".Unit", StringComparison.Ordinal)).ToList())
            renamed[key] = key.EndsWith(".Id", StringComparison.Ordinal) ? trees.ToString(System.Globalization.CultureInfo.InvariantCulture) : "";
        var saved = await alice.SubmitAsync(edit, renamed);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var bobs = Edited(bobVersion);
        bobs["Form.Title"] = "Bob's title";
        var conflict = await bob.SubmitAsync(edit, bobs);
        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        var conflictHtml = WebUtility.HtmlDecode(await conflict.Content.ReadAsStringAsync());
        Assert.Contains("This commitment was changed while you were editing it", conflictHtml, StringComparison.Ordinal);
        Assert.Contains("Bob's title", conflictHtml, StringComparison.Ordinal);

        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<LearningNetworkDb>();
        var commitment = await db.Commitments.Include(c => c.Indicators).ThenInclude(i => i.Reports).SingleAsync(c => c.Id == id);
        Assert.Equal("Restore 100 ha of floodplain meadows along the Morava", commitment.Title);
        var kept = Assert.Single(commitment.Indicators);
        Assert.Equal(meadows, kept.Id);
        Assert.Equal("Floodplain meadows restored (mown once a year)", kept.Label);
        Assert.Equal(30, Assert.Single(kept.Reports).Value);
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "commitment.edited" && a.Subject == $"commitment/{id}"));
    }
}
