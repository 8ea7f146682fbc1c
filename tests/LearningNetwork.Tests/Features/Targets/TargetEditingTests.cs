using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using LearningNetwork.Data;
using LearningNetwork.Domain;
using LearningNetwork.Features.Targets;
using LearningNetwork.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace LearningNetwork.Tests.Features.Targets;

public sealed class TargetEditingTests
{
    public static TheoryData<string> Providers => Infrastructure.Providers.All;

    private const string Edit = "/en/targets/kmgbf/12/edit?language=en";
    private const string NewCitizen = "Parks, trees and ponds make towns nice to live in. This target asks for more green space. Each home should have a park close by.";
    private const string HardCitizen = "Biodiversity-inclusive spatial planning necessitates comprehensive intersectoral coordination mechanisms incorporating ecological connectivity considerations.";

    /// <summary>The form filled with the current English explanation of GBF target 12, as the edit page shows it.</summary>
    private static async Task<Dictionary<string, string>> CurrentFormAsync(HttpClient client, string version = "0")
    {
        var e = JsonNode.Parse(await client.GetStringAsync("/api/v1/targets/kmgbf/12?lang=en"))!["explanation"]!;
        string Lines(string name) => string.Join("\n", e[name]!.AsArray().Select(x => x!.GetValue<string>()));
        return new Dictionary<string, string>
        {
            ["Version"] = version,
            ["Form.Officer"] = e["officer"]!.GetValue<string>(), ["Form.DecisionMaker"] = e["decisionMaker"]!.GetValue<string>(),
            ["Form.Citizen"] = e["citizen"]!.GetValue<string>(), ["Form.Region"] = Lines("region"), ["Form.Municipality"] = Lines("municipality"),
            ["Form.Deadline"] = e["deadline"]!.GetValue<string>(), ["Form.Figures"] = e["figures"]!.GetValue<string>(),
            ["Form.Note"] = "Shorter words for citizens.",
        };
    }

    private static async Task<string> HtmlAsync(HttpResponseMessage response) => WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_moderator_edits_an_explanation_and_every_node_shows_it_on_the_page_in_the_api_and_in_the_history(string provider)
    {
        using var app = new TestApp(provider, Mailbox.Settings());
        // A second node on the same database, which has read the shipped text before the edit.
        var sameDatabase = provider == Infrastructure.Providers.Sqlite
            ? new Dictionary<string, string?> { ["Database:SqliteFile"] = Path.Combine(app.StorageRoot, "learning-network.db") }
            : new Dictionary<string, string?> { ["ConnectionStrings:Postgres"] = app.Services.GetRequiredService<IConfiguration>()["ConnectionStrings:Postgres"] };
        using var other = new TestApp(provider, sameDatabase);
        Assert.Contains("Everyone should have nature close to home.", WebUtility.HtmlDecode(await other.Client().GetStringAsync("/en/targets/kmgbf/12")), StringComparison.Ordinal);

        var moderator = await TestPeople.WithRoleAsync(app, Roles.Moderator);
        var page = WebUtility.HtmlDecode(await moderator.GetStringAsync("/en/targets/kmgbf/12"));
        Assert.Contains("href=\"/en/targets/kmgbf/12/edit?language=en\"", page, StringComparison.Ordinal);
        Assert.Contains("href=\"/en/targets/kmgbf/12/history?language=en\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("/en/targets/kmgbf/12/edit", await app.Client().GetStringAsync("/en/targets/kmgbf/12"), StringComparison.Ordinal);

        // The form is prefilled, with the version it was opened on and the readability of each audience text beside it.
        var form = WebUtility.HtmlDecode(await moderator.GetStringAsync(Edit));
        Assert.Contains("Everyone should have nature close to home.</textarea>", form, StringComparison.Ordinal);
        Assert.Contains("name=\"Version\" value=\"0\"", form, StringComparison.Ordinal);
        var shippedScore = Readability.Score("Parks, trees and ponds make towns better places to live. This target asks for more and better green space. Everyone should have nature close to home.", "en");
        Assert.Contains($"Readability (Flesch): {shippedScore.Value.ToString("0.#", CultureInfo.InvariantCulture)}, easy to read", form, StringComparison.Ordinal);
        Assert.Contains("Texts for citizens must reach the easy level: 60 or more on the Flesch scale.", form, StringComparison.Ordinal);
        Assert.Contains("/js/readability.js", form, StringComparison.Ordinal);
        // The form carries its own antiforgery token (a form with an explicit action gets none unless asked).
        var own = form[form.IndexOf("target-text-form", StringComparison.Ordinal)..];
        Assert.Contains("name=\"__RequestVerificationToken\"", own[..own.IndexOf("</form>", StringComparison.Ordinal)], StringComparison.Ordinal);

        var fields = await CurrentFormAsync(moderator);
        fields["Form.Citizen"] = NewCitizen;
        fields["Form.Municipality"] += "\nLet schools adopt a street tree";
        var saved = await moderator.SubmitAsync(Edit, fields);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal("/en/targets/kmgbf/12/history?language=en&saved=1", saved.Headers.Location!.OriginalString);

        // The page and the API of both nodes show the edit: the node that saved it at once, the other once it has read the
        // change log (Search:ReplayInterval; what it kept of the page before the edit, in its page cache or its page data,
        // is evicted then), within a few seconds.
        foreach (var node in new[] { app, other })
        {
            var html = WebUtility.HtmlDecode(await node.Client().GetStringAsync("/en/targets/kmgbf/12"));
            for (var wait = 0; node == other && !html.Contains(NewCitizen, StringComparison.Ordinal) && wait < 100; wait++)
            {
                await Task.Delay(100);
                html = WebUtility.HtmlDecode(await node.Client().GetStringAsync("/en/targets/kmgbf/12"));
            }
            Assert.Contains(NewCitizen, html, StringComparison.Ordinal);
            Assert.Contains("Let schools adopt a street tree", html, StringComparison.Ordinal);
            Assert.Contains("The network's editors last revised this explanation on", html, StringComparison.Ordinal);
            var api = JsonNode.Parse(await node.Client().GetStringAsync("/api/v1/targets/kmgbf/12?lang=en"))!;
            Assert.Equal(NewCitizen, api["explanation"]!["citizen"]!.GetValue<string>());
            Assert.Equal(5, api["explanation"]!["municipality"]!.AsArray().Count);
            Assert.Equal(1, api["explanationVersion"]!.GetValue<int>());
            Assert.Contains("nrr:8", api["crosswalk"]!.AsArray().Select(x => x!.GetValue<string>()));
        }
        // Readers of another language with its own text still get theirs; the edit of the English text does not replace it.
        var french = JsonNode.Parse(await app.Client().GetStringAsync("/api/v1/targets/kmgbf/12?lang=fr"))!;
        Assert.Equal("fr", french["explanationLanguage"]!.GetValue<string>());
        Assert.Equal(0, french["explanationVersion"]!.GetValue<int>());

        // The history lists the edit and the shipped text, and the word-level comparison shows what changed.
        var history = WebUtility.HtmlDecode(await moderator.GetStringAsync(saved.Headers.Location!.OriginalString));
        Assert.Contains("Saved: the text in English is now at version 1.", history, StringComparison.Ordinal);
        Assert.Contains("Shorter words for citizens.", history, StringComparison.Ordinal);
        Assert.Contains("As shipped with the site", history, StringComparison.Ordinal);
        Assert.True(history.IndexOf("Shorter words for citizens.", StringComparison.Ordinal) < history.IndexOf("As shipped with the site", StringComparison.Ordinal));
        Assert.Contains("Differences between version 0 and version 1", history, StringComparison.Ordinal);
        Assert.Contains("<del><span class=\"visually-hidden\">removed: </span>better places </del><ins><span class=\"visually-hidden\">added: </span>nice </ins>to ", history, StringComparison.Ordinal);
        Assert.Contains("Let schools adopt a street tree</ins>", history, StringComparison.Ordinal);
        Assert.DoesNotContain("For the officer who implements it</th>", history, StringComparison.Ordinal); // unchanged fields are not listed

        // A second edit: any two versions compare, here 1 against 2.
        var second = await CurrentFormAsync(moderator, "1");
        second["Form.Deadline"] = "By the end of 2030";
        second["Form.Note"] = "Deadline in words.";
        Assert.Equal(HttpStatusCode.Redirect, (await moderator.SubmitAsync(Edit, second)).StatusCode);
        var compared = WebUtility.HtmlDecode(await moderator.GetStringAsync("/en/targets/kmgbf/12/history?language=en&from=1&to=2"));
        Assert.Contains("Differences between version 1 and version 2", compared, StringComparison.Ordinal);
        Assert.Contains("<th scope=\"row\">Deadline</th>", compared, StringComparison.Ordinal);
        Assert.DoesNotContain("nice to live in", compared[compared.IndexOf("Differences between", StringComparison.Ordinal)..], StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await moderator.GetAsync("/en/targets/kmgbf/12/history?language=en&from=7&to=x")).StatusCode);

        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<LearningNetworkDb>();
            Assert.Equal([1, 2], await db.TargetTextRevisions.Where(r => r.Framework == "kmgbf" && r.Code == "12" && r.Language == "en").OrderBy(r => r.Version).Select(r => r.Version).ToListAsync());
            var audit = await db.AuditEntries.Where(a => a.Action == "target-text.edited" && a.Subject == "target/kmgbf/12").OrderBy(a => a.Id).ToListAsync();
            Assert.Equal(2, audit.Count);
            Assert.Equal("en, version 1: Shorter words for citizens.", audit[0].Details);
        }

        // Another language starts from its shipped text, with the English text beside each field; once saved, Swedish readers get it.
        var swedish = WebUtility.HtmlDecode(await moderator.GetStringAsync("/en/targets/kmgbf/12/edit?language=sv"));
        Assert.Contains("The text in svenska is at version 0", swedish, StringComparison.Ordinal);
        Assert.Contains($"<div class=\"original\" id=\"Form_Citizen-reference\" lang=\"en\"><span class=\"visually-hidden\">English text: </span>{NewCitizen}</div>", swedish, StringComparison.Ordinal);
        Assert.Contains("lang=\"sv\" aria-describedby", swedish, StringComparison.Ordinal);
        var sv = new Dictionary<string, string>
        {
            ["Version"] = "0", ["Form.Title"] = "Mer grönska i städerna", ["Form.Officer"] = "Städer ska få mer och bättre grönområden.",
            ["Form.DecisionMaker"] = "Grönska sänker kostnader för värme och översvämning.", ["Form.Citizen"] = "Parker och träd gör staden bra. Alla ska ha natur nära.",
            ["Form.Region"] = "Stöd kommunernas planer", ["Form.Municipality"] = "Plantera träd\nAnlägg dammar", ["Form.Note"] = "Första svenska texten.",
        };
        Assert.Equal(HttpStatusCode.Redirect, (await moderator.SubmitAsync("/en/targets/kmgbf/12/edit?language=sv", sv)).StatusCode);
        var swedishPage = WebUtility.HtmlDecode(await other.Client().GetStringAsync("/sv/targets/kmgbf/12"));
        Assert.Contains("Parker och träd gör staden bra.", swedishPage, StringComparison.Ordinal);
        Assert.Contains("Mer grönska i städerna", swedishPage, StringComparison.Ordinal);
        Assert.Contains("Mer grönska i städerna", WebUtility.HtmlDecode(await other.Client().GetStringAsync("/sv/targets")), StringComparison.Ordinal);
    }

    /// <remarks>Who may edit is decided before the database is asked: not a data test, so on SQLite only (the edits
    /// themselves are tested on both providers above).</remarks>
    [Fact]
    public async Task Only_moderators_and_network_admins_edit_and_read_the_history()
    {
        using var app = new TestApp(Infrastructure.Providers.Sqlite, Mailbox.Settings());
        var (member, _) = await TestPeople.RegisteredAsync(app);
        Assert.Equal(HttpStatusCode.Forbidden, (await member.GetAsync(Edit)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await member.GetAsync("/en/targets/kmgbf/12/history?language=en")).StatusCode);
        var fields = await CurrentFormAsync(member);
        fields["Form.Citizen"] = NewCitizen;
        Assert.Equal(HttpStatusCode.Forbidden, (await member.SubmitAsync("/en/targets/kmgbf/12", fields, Edit)).StatusCode);
        Assert.DoesNotContain("/edit?language=", await member.GetStringAsync("/en/targets/kmgbf/12"), StringComparison.Ordinal);

        var visitor = app.Client();
        foreach (var path in new[] { Edit, "/en/targets/kmgbf/12/history?language=en" })
        {
            var anonymous = await visitor.GetAsync(path);
            Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
            Assert.StartsWith("/en/account/sign-in?returnUrl=", anonymous.Headers.Location!.OriginalString, StringComparison.Ordinal);
        }
        Assert.False((await visitor.PostAsync(Edit, new FormUrlEncodedContent(fields))).IsSuccessStatusCode);

        var admin = await TestPeople.WithRoleAsync(app, Roles.NetworkAdmin);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync(Edit)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/en/targets/kmgbf/12/history?language=en")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/en/targets/kmgbf/99/edit")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/en/targets/nope/1/history")).StatusCode);

        using var scope = app.Services.CreateScope();
        Assert.False(await scope.ServiceProvider.GetRequiredService<LearningNetworkDb>().TargetTextRevisions.AnyAsync());
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task An_edit_made_on_an_older_version_is_refused_with_409_and_keeps_what_was_typed(string provider)
    {
        using var app = new TestApp(provider);
        var first = await TestPeople.WithRoleAsync(app, Roles.Moderator);
        var second = await TestPeople.WithRoleAsync(app, Roles.Moderator);
        // Both open version 0; the first saves.
        var mine = await CurrentFormAsync(first);
        var theirs = await CurrentFormAsync(second);
        mine["Form.Citizen"] = NewCitizen;
        Assert.Equal(HttpStatusCode.Redirect, (await first.SubmitAsync(Edit, mine)).StatusCode);

        theirs["Form.Citizen"] = "Green places help us all. This target wants more parks and trees in every town.";
        theirs["Form.Note"] = "My own rewrite of the citizen text.";
        var conflict = await second.SubmitAsync(Edit, theirs);
        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        var html = await HtmlAsync(conflict);
        Assert.Contains("This text was changed while you were editing it", html, StringComparison.Ordinal);
        Assert.Contains("Someone saved version 1 of this text after you opened it.", html, StringComparison.Ordinal);
        Assert.Contains("Green places help us all. This target wants more parks and trees in every town.</textarea>", html, StringComparison.Ordinal);
        Assert.Contains("My own rewrite of the citizen text.</textarea>", html, StringComparison.Ordinal);
        Assert.Contains("name=\"Version\" value=\"1\"", html, StringComparison.Ordinal); // saving again is a deliberate overwrite
        Assert.Contains("<del><span class=\"visually-hidden\">removed: </span>Parks, ", html, StringComparison.Ordinal);

        // A tampered version is a conflict too, never an error page.
        theirs["Version"] = "not a number";
        Assert.Equal(HttpStatusCode.Conflict, (await second.SubmitAsync(Edit, theirs)).StatusCode);

        using (var scope = app.Services.CreateScope())
        {
            var saved = await scope.ServiceProvider.GetRequiredService<LearningNetworkDb>().TargetTextRevisions.SingleAsync();
            Assert.Equal(NewCitizen, saved.Citizen);
        }
        // Saving again from the conflict page replaces the saved version, as version 2.
        theirs["Version"] = "1";
        var again = await second.SubmitAsync(Edit, theirs);
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        Assert.EndsWith("&saved=2", again.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    /// <remarks>A refusal of the form, made before anything is written: not a data test, so on SQLite only.</remarks>
    [Fact]
    public async Task A_citizen_text_that_is_too_hard_is_refused_with_its_score_and_the_level_in_the_editors_language()
    {
        using var app = new TestApp(Infrastructure.Providers.Sqlite);
        var moderator = await TestPeople.WithRoleAsync(app, Roles.Moderator);
        var fields = await CurrentFormAsync(moderator);
        fields["Form.Citizen"] = HardCitizen;
        var refused = await moderator.SubmitAsync(Edit, fields);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var score = Readability.Score(HardCitizen, "en");
        Assert.False(score.Easy);
        var html = await HtmlAsync(refused);
        Assert.Contains($"This text is too hard for citizens: it scores {score.Value.ToString("0.#", CultureInfo.InvariantCulture)} on the Flesch scale, and citizen texts must reach 60 or more.",
            html, StringComparison.Ordinal);
        Assert.Contains($"{HardCitizen}</textarea>", html, StringComparison.Ordinal);
        Assert.Contains("aria-invalid=\"true\"", html, StringComparison.Ordinal);

        // The same refusal for a French editor, about a German text: German's own formula and level, the message in French.
        const string hardGerman = "Die biodiversitätsorientierte Raumplanungsverpflichtung erfordert umfassende sektorübergreifende Koordinierungsmechanismen der zuständigen Verwaltungsbehörden.";
        var german = Readability.Score(hardGerman, "de");
        var de = JsonNode.Parse(await moderator.GetStringAsync("/api/v1/targets/kmgbf/12?lang=de"))!["explanation"]!;
        var deFields = new Dictionary<string, string>
        {
            ["Version"] = "0", ["Form.Title"] = de["title"]!.GetValue<string>(), ["Form.Officer"] = de["officer"]!.GetValue<string>(),
            ["Form.DecisionMaker"] = de["decisionMaker"]!.GetValue<string>(), ["Form.Citizen"] = hardGerman,
            ["Form.Region"] = string.Join("\n", de["region"]!.AsArray().Select(x => x!.GetValue<string>())),
            ["Form.Municipality"] = string.Join("\n", de["municipality"]!.AsArray().Select(x => x!.GetValue<string>())), ["Form.Note"] = "Test",
        };
        var french = await HtmlAsync(await moderator.SubmitAsync("/fr/targets/kmgbf/12/edit?language=de", deFields));
        Assert.Contains($"Ce texte est trop difficile pour les citoyens : il obtient {german.Value.ToString("0.#", CultureInfo.GetCultureInfo("fr"))} sur l’échelle Amstad, et les textes pour les citoyens doivent atteindre 60 ou plus.",
            french, StringComparison.Ordinal);

        // "Check readability" scores what was typed and saves nothing, whatever else is missing.
        fields["Form.Note"] = "";
        var check = new Dictionary<string, string>(fields) { ["check"] = "1" };
        var checkedPage = await moderator.SubmitAsync(Edit, check);
        Assert.Equal(HttpStatusCode.OK, checkedPage.StatusCode);
        var checkedHtml = await HtmlAsync(checkedPage);
        Assert.Contains("Readability checked. Nothing has been saved yet.", checkedHtml, StringComparison.Ordinal);
        Assert.Contains($"Readability (Flesch): {score.Value.ToString("0.#", CultureInfo.InvariantCulture)}, harder than the easy level", checkedHtml, StringComparison.Ordinal);

        // Other refusals: a missing note and missing actions, nothing changed, control characters, a language the network does not have.
        var missing = await CurrentFormAsync(moderator);
        missing["Form.Note"] = " ";
        missing["Form.Region"] = "\n \n";
        var missingHtml = await HtmlAsync(await moderator.SubmitAsync(Edit, missing));
        Assert.Contains("What changed and why: Fill in this field.", missingHtml, StringComparison.Ordinal);
        Assert.Contains("What a region can do: Write at least one action, one a line.", missingHtml, StringComparison.Ordinal);
        var unchanged = await moderator.SubmitAsync(Edit, await CurrentFormAsync(moderator));
        Assert.Equal(HttpStatusCode.BadRequest, unchanged.StatusCode);
        Assert.Contains("Nothing in the text changed, so there is nothing to save.", await HtmlAsync(unchanged), StringComparison.Ordinal);
        var tooMany = await CurrentFormAsync(moderator);
        tooMany["Form.Municipality"] = string.Join("\n", Enumerable.Range(1, 9).Select(i => $"Action {i}"));
        tooMany["Form.Officer"] = new string('a', 4001);
        var tooManyHtml = await HtmlAsync(await moderator.SubmitAsync(Edit, tooMany));
        Assert.Contains("Write at most 8 actions.", tooManyHtml, StringComparison.Ordinal);
        Assert.Contains("Use at most 4000 characters.", tooManyHtml, StringComparison.Ordinal);
        var nul = await CurrentFormAsync(moderator);
        nul["Form.Officer"] += " Null\0 byte.";
        // (ASP.NET Core answers any form holding a NUL character with 404 before the page runs; never a 500.)
        Assert.True((int)(await moderator.SubmitAsync(Edit, nul)).StatusCode < 500);
        var badLanguage = await moderator.GetAsync("/en/targets/kmgbf/12/edit?language=xx");
        Assert.Equal(HttpStatusCode.BadRequest, badLanguage.StatusCode);
        Assert.Contains("Choose one of the network's languages.", await HtmlAsync(badLanguage), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await moderator.GetAsync("/en/targets/kmgbf/12/history?language=" + new string('x', 300))).StatusCode);

        using var scope = app.Services.CreateScope();
        Assert.False(await scope.ServiceProvider.GetRequiredService<LearningNetworkDb>().TargetTextRevisions.AnyAsync());
    }

    [Fact]
    public async Task The_readability_api_scores_a_text_in_its_language_and_refuses_bad_input_with_problem_details()
    {
        var client = Infrastructure.Providers.SharedApp(Infrastructure.Providers.Sqlite).Client();
        var easy = JsonNode.Parse(await client.GetStringAsync("/api/v1/readability?lang=en&text=" + Uri.EscapeDataString(NewCitizen)))!;
        var expected = Readability.Score(NewCitizen, "en");
        Assert.Equal("Flesch", easy["formula"]!.GetValue<string>());
        Assert.Equal(expected.Value, easy["score"]!.GetValue<double>());
        Assert.True(easy["easy"]!.GetValue<bool>());
        Assert.Equal(60, easy["easyLevel"]!.GetValue<double>());
        Assert.True(easy["higherIsEasier"]!.GetValue<bool>());

        var posted = await client.PostAsJsonAsync("/api/v1/readability?lang=sv", new { text = "Kommunen planterar träd. Skolan odlar grönsaker i trädgården." });
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        var lix = JsonNode.Parse(await posted.Content.ReadAsStringAsync())!;
        Assert.Equal("LIX", lix["formula"]!.GetValue<string>());
        Assert.Equal(54, lix["score"]!.GetValue<double>(), 0);
        Assert.False(lix["easy"]!.GetValue<bool>());
        Assert.False(lix["higherIsEasier"]!.GetValue<bool>());

        async Task<JsonNode> ProblemAsync(HttpResponseMessage response)
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        }
        Assert.NotNull((await ProblemAsync(await client.GetAsync("/api/v1/readability?text=Hello")))["errors"]!["lang"]);
        Assert.NotNull((await ProblemAsync(await client.GetAsync("/api/v1/readability?lang=xx&text=Hello")))["errors"]!["lang"]);
        Assert.NotNull((await ProblemAsync(await client.GetAsync("/api/v1/readability?lang=en&text=%20")))["errors"]!["text"]);
        Assert.NotNull((await ProblemAsync(await client.PostAsJsonAsync("/api/v1/readability?lang=en", new { text = new string('a', 20001) })))["errors"]!["text"]);
        await ProblemAsync(await client.PostAsync("/api/v1/readability?lang=en", new StringContent("{not json", System.Text.Encoding.UTF8, "application/json")));
        await ProblemAsync(await client.PostAsJsonAsync("/api/v1/readability?lang=en", new[] { "a list" }));
        await ProblemAsync(await client.PostAsJsonAsync("/api/v1/readability?lang=en", new { text = 42 }));
        // Messages in the reader's language.
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/readability?lang=en");
        request.Headers.AcceptLanguage.ParseAdd("de");
        var german = await ProblemAsync(await client.SendAsync(request));
        Assert.Equal("Füllen Sie dieses Feld aus.", german["errors"]!["text"]![0]!.GetValue<string>());
    }

    [Fact]
    public void Each_language_holds_citizen_texts_to_the_easy_level_of_its_formula()
    {
        Assert.Equal(new ReadabilityLevel("Flesch", 60, true), Readability.EasyLevel("en"));
        Assert.Equal(new ReadabilityLevel("Amstad", 60, true), Readability.EasyLevel("de"));
        Assert.Equal(new ReadabilityLevel("Gulpease", 60, true), Readability.EasyLevel("it"));
        Assert.Equal(new ReadabilityLevel("LIX", 40, false), Readability.EasyLevel("pl"));
        Assert.True(Readability.EasyLevel("sv").IsEasy(40));
        Assert.False(Readability.EasyLevel("sv").IsEasy(40.1));
        Assert.True(Readability.EasyLevel("fr").IsEasy(60));
        Assert.False(Readability.EasyLevel("fr").IsEasy(59.9));
    }
}
