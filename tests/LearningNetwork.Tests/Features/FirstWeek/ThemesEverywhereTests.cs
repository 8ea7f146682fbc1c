using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using LearningNetwork.Data;
using LearningNetwork.Domain;
using LearningNetwork.Features.Accounts;
using LearningNetwork.Features.Themes;
using LearningNetwork.Tests.Features.Practices;
using LearningNetwork.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LearningNetwork.Tests.Features.FirstWeek;

/// <summary>Issue "A newcomer's first week", what remained: every theme field reads one's own words, a near spelling is
/// answered with "did you mean", and a practice written through the API reaches the moderators like one from the form.</summary>
public sealed partial class ThemesEverywhereTests
{
    public static TheoryData<string> Providers => Infrastructure.Providers.All;

    [GeneratedRegex("ln_[A-Za-z0-9]+_[A-Za-z0-9_-]+")]
    private static partial Regex TokenRegex();

    private static Dictionary<string, string> Ask(int partnerId, string title, string themes, string? seen) => new Dictionary<string, string>
    {
        ["Form.Partner"] = partnerId.ToString(CultureInfo.InvariantCulture), ["Form.Title"] = title, ["Form.Language"] = "pl", ["Form.Themes"] = themes,
        ["Form.Body"] = "Szukamy partnerów, którzy odtwarzali torfowiska razem z rolnikami i gminami.",
    }.WithSeen(seen);

    private static async Task<(HttpClient Client, string Email)> WithRoleAsync(TestApp app, string role)
    {
        using var scope = app.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<UserAccount>>();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        if (!await roles.RoleExistsAsync(role)) await roles.CreateAsync(new IdentityRole(role));
        var email = $"{role.ToLowerInvariant()}-{Guid.NewGuid():N}@example.org";
        var user = new UserAccount { UserName = email, Email = email, EmailConfirmed = true };
        Assert.True((await users.CreateAsync(user, TestPeople.Password)).Succeeded);
        await users.AddToRoleAsync(user, role);
        var client = app.Client();
        await client.SubmitAsync("/en/account/sign-in", new Dictionary<string, string> { ["Form.Email"] = email, ["Form.Password"] = TestPeople.Password });
        return (client, email);
    }

    [Fact]
    public void A_near_spelling_is_a_typo_inside_the_word_not_an_inflected_ending()
    {
        Assert.True(ThemeNames.IsNearSpelling("torfowsko", "torfowisko"));
        Assert.True(ThemeNames.IsNearSpelling("wetlnd", "wetland"));
        Assert.False(ThemeNames.IsNearSpelling("mokradła", "mokradło"));   // an inflected form, read without asking
        Assert.False(ThemeNames.IsNearSpelling("torfowiska", "torfowisko"));
        Assert.False(ThemeNames.IsNearSpelling("peat", "peat"));
        Assert.False(ThemeNames.IsNearSpelling("łąki kośne", "łąka"));
        Assert.False(ThemeNames.IsNearSpelling("łąki", "gąbki"));         // another word, not a typo
    }

    [Fact]
    public async Task Correct_words_inflected_forms_and_phrases_are_read_without_asking_and_typos_are_offered_their_label()
    {
        using var app = new TestApp(Infrastructure.Providers.Sqlite);
        using var scope = app.Services.CreateScope();
        var themes = scope.ServiceProvider.GetRequiredService<ThemeNames>();
        // The words of the Polish journey and of the examples: nothing to ask about.
        foreach (var (language, text) in new[] { ("pl", "torfowisko; mokradła; zielona infrastruktura; łąki kośne pod lasem; wypas; łąki; koszenie"),
                     ("it", "falciatura; pascolo"), ("en", "grassland; river; lake; tourism; peat") })
        {
            var near = (await themes.ReadAsync(text, language, default)).NearSpellings;
            Assert.True(near.Count == 0, string.Join(", ", near.Select(n => n.Typed + " → " + n.Label)));
        }
        var typo = await themes.ReadAsync("torfowsko", "pl", default);
        Assert.True(typo.NearSpellings.Count == 1, string.Join(", ", typo.Understood.Select(n => n.Typed + " → " + n.Label)));
        Assert.Equal("torfowisko", typo.NearSpellings[0].Label);
        Assert.Equal("wetland", Assert.Single((await themes.ReadAsync("wetlnd", "en", default)).NearSpellings).Label);
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Helpdesk_questions_and_expert_profiles_keep_unmapped_words_as_free_keywords_instead_of_refusing_them(string provider)
    {
        using var app = new TestApp(provider, Mailbox.Settings());
        var (member, partnerId, _) = await PracticeTestData.MemberOfAsync(app, "noord-brabant");
        var title = "Torfowiska i rolnicy " + Guid.NewGuid().ToString("N")[..6];
        var asked = await member.SubmitAsync("/pl/helpdesk/ask", Ask(partnerId, title, "torfowisko; łąki kośne pod lasem", ""));
        Assert.Equal(HttpStatusCode.Redirect, asked.StatusCode);

        var profile = new Dictionary<string, string>
        {
            ["Form.Name"] = "Anna Nowak", ["Form.JobTitle"] = "", ["Form.Languages"] = "pl", ["Form.Expertise"] = "torfowisko; łąki kośne pod lasem", ["Form.ExpertiseSeen"] = "",
            ["Form.NameVisibility"] = "Public", ["Form.JobTitleVisibility"] = "Public", ["Form.OrganisationVisibility"] = "Public",
            ["Form.LanguagesVisibility"] = "Members", ["Form.ExpertiseVisibility"] = "Members",
        };
        Assert.Equal(HttpStatusCode.Redirect, (await member.SubmitAsync("/pl/account/profile", profile)).StatusCode);
        var again = WebUtility.HtmlDecode(await member.GetStringAsync("/pl/account/profile"));
        Assert.Contains("łąki kośne pod lasem", again, StringComparison.Ordinal); // shown again as written
        Assert.Contains("data-typeahead=\"concepts\"", again, StringComparison.Ordinal);

        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<LearningNetworkDb>();
        var question = await db.HelpdeskQuestions.Include(q => q.Tags).SingleAsync(q => q.Title == title);
        Assert.Contains(question.Tags, t => t.Scheme == QuestionTagSchemes.Theme && t.Code == "6081"); // torfowisko: the network's peatland, GEMET peat
        Assert.Equal("łąki kośne pod lasem", question.FreeKeywords);
        var page = WebUtility.HtmlDecode(await member.GetStringAsync($"/pl/helpdesk/{question.Slug}"));
        Assert.Contains("łąki kośne pod lasem", page, StringComparison.Ordinal); // the asker's own words on the question's page
        var person = await db.PersonProfiles.SingleAsync(p => p.Name == "Anna Nowak");
        Assert.Contains("6081", person.Expertise.Split('|'));
        Assert.Equal("łąki kośne pod lasem", person.FreeKeywords);
    }

    [Theory, MemberData(nameof(Infrastructure.Providers.NotData), MemberType = typeof(Infrastructure.Providers))]
    public async Task A_misspelt_theme_is_answered_with_did_you_mean_in_the_readers_language_and_everything_typed_is_kept(string provider)
    {
        using var app = new TestApp(provider, Mailbox.Settings());
        var (member, partnerId, _) = await PracticeTestData.MemberOfAsync(app, "noord-brabant");
        var title = "Mokradła w gminie " + Guid.NewGuid().ToString("N")[..6];
        var first = await member.SubmitAsync("/pl/helpdesk/ask", Ask(partnerId, title, "torfowsko; wypas", ""));
        Assert.Equal(HttpStatusCode.BadRequest, first.StatusCode);
        var page = WebUtility.HtmlDecode(await first.Content.ReadAsStringAsync());
        Assert.Contains("Czy chodziło o: torfowisko?", page, StringComparison.Ordinal);      // by the field, in Polish
        Assert.Contains("value=\"torfowsko; wypas\"", page, StringComparison.Ordinal);       // the input kept as typed
        Assert.Contains(title, page, StringComparison.Ordinal);                              // and the rest of the form
        Assert.Contains("name=\"Form.ThemesSeen\" value=\"torfowsko; wypas\"", page, StringComparison.Ordinal);

        // Corrected, it is read as the concept.
        var corrected = await member.SubmitAsync("/pl/helpdesk/ask", Ask(partnerId, title, "torfowisko; wypas", "torfowsko; wypas"));
        Assert.Equal(HttpStatusCode.Redirect, corrected.StatusCode);
        // Sent again unchanged, the person's own word is kept as they wrote it.
        var ownTitle = title + " bis";
        Assert.Equal(HttpStatusCode.BadRequest, (await member.SubmitAsync("/pl/helpdesk/ask", Ask(partnerId, ownTitle, "torfowsko", ""))).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await member.SubmitAsync("/pl/helpdesk/ask", Ask(partnerId, ownTitle, "torfowsko", "torfowsko"))).StatusCode);

        // The membership form, the issue's own example, does the same.
        var (applicant, _) = await TestPeople.RegisteredAsync(app);
        var name = "Gmina Torfowa " + Guid.NewGuid().ToString("N")[..6];
        var application = new Dictionary<string, string>
        {
            ["Form.Name"] = name, ["Form.Type"] = "municipality", ["Form.Country"] = "PL", ["Form.Nuts"] = "PL214", ["Form.Lau"] = "",
            ["Form.Latitude"] = "50,06", ["Form.Longitude"] = "19,94", ["Form.Languages"] = "pl", ["Form.Biogeographical"] = "CON",
            ["Form.Themes"] = "torfowsko; zielona infrastruktura", ["Form.ThemesSeen"] = "", ["Form.Website"] = "",
            ["Form.Description"] = "Gmina, która chroni łąki i torfowiska razem z rolnikami.",
        };
        var refused = WebUtility.HtmlDecode(await (await applicant.SubmitAsync("/pl/membership/apply", application)).Content.ReadAsStringAsync());
        Assert.Contains("Czy chodziło o: torfowisko?", refused, StringComparison.Ordinal);
        Assert.Contains(name, refused, StringComparison.Ordinal);

        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<LearningNetworkDb>();
        var read = await db.HelpdeskQuestions.Include(q => q.Tags).SingleAsync(q => q.Title == title);
        Assert.Contains(read.Tags, t => t.Scheme == QuestionTagSchemes.Theme && t.Code == "6081");
        Assert.Null(read.FreeKeywords);
        var own = await db.HelpdeskQuestions.Include(q => q.Tags).SingleAsync(q => q.Title == ownTitle);
        Assert.Equal("torfowsko", own.FreeKeywords);
        Assert.DoesNotContain(own.Tags, t => t.Scheme == QuestionTagSchemes.Theme);
        Assert.False(await db.MembershipApplications.AnyAsync(a => a.Name == name)); // nothing saved while asking
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task A_practice_written_through_the_API_is_e_mailed_to_the_moderators_and_its_author_hears_where_it_went(string provider)
    {
        using var app = new TestApp(provider, Mailbox.Settings());
        var (owner, partnerId, ownerEmail) = await PracticeTestData.MemberOfAsync(app, "noord-brabant");
        var (moderator, moderatorEmail) = await WithRoleAsync(app, Roles.Moderator);
        var made = await owner.SubmitAsync($"/en/organisation/{partnerId}/api-keys", new Dictionary<string, string> { ["Name"] = "GIS portal", ["Scopes"] = "practices:write" });
        var token = TokenRegex().Match(WebUtility.HtmlDecode(await made.Content.ReadAsStringAsync())).Value;
        var system = app.Client();
        system.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var title = "Ponds for tree frogs " + Guid.NewGuid().ToString("N")[..6];
        var practice = new JsonObject
        {
            ["@type"] = "CreativeWork", ["additionalType"] = "GoodPractice", ["@id"] = "https://gis.brabant.example/p/" + Guid.NewGuid().ToString("N"), ["name"] = title,
            ["description"] = "Written by the region's own system.", ["inLanguage"] = "en",
            ["about"] = new JsonArray(new JsonObject { ["@type"] = "DefinedTerm", ["termCode"] = "KMGBF-2" }),
        };
        var created = await system.PostAsync("/api/v1/practices", new StringContent(practice.ToJsonString(), Encoding.UTF8, new MediaTypeHeaderValue("application/ld+json")));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var slug = JsonNode.Parse(await created.Content.ReadAsStringAsync())!["slug"]!.GetValue<string>();

        var waits = await Mailbox.LatestToAsync(app, moderatorEmail);
        Assert.Contains(title, waits.Subject, StringComparison.Ordinal);
        Assert.Contains("/practices/" + slug, waits.TextBody, StringComparison.Ordinal);

        var modPage = await moderator.GetStringAsync($"/en/practices/{slug}");
        var returned = await moderator.SubmitAsync($"/en/practices/{slug}",
            new Dictionary<string, string> { ["Version"] = PracticeTestData.Version(modPage), ["Note"] = "Please add the number of ponds dug." }, $"/en/practices/{slug}/move?step=return");
        Assert.Equal(HttpStatusCode.Redirect, returned.StatusCode);
        var told = await Mailbox.LatestToAsync(app, ownerEmail);   // the person who made the key, still a member of the partner
        Assert.Contains("returned", told.Subject, StringComparison.Ordinal);
        Assert.Contains(title, told.Subject, StringComparison.Ordinal);
        Assert.Contains("Please add the number of ponds dug.", told.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_target_page_offers_to_commit_to_that_target_and_the_form_opens_with_it_ticked()
    {
        using var app = new TestApp(Infrastructure.Providers.Sqlite, Mailbox.Settings());
        var target = WebUtility.HtmlDecode(await app.Client().GetStringAsync("/pl/targets/kmgbf/2"));
        Assert.Contains("href=\"/pl/commitments/new?target=kmgbf%3A2\"", target, StringComparison.Ordinal);
        var (member, _, _) = await PracticeTestData.MemberOfAsync(app, "noord-brabant");
        var form = await member.GetStringAsync("/pl/commitments/new?target=kmgbf%3A2");
        Assert.Matches("<input[^>]*value=\"kmgbf:2\"[^>]*checked|<input[^>]*checked[^>]*value=\"kmgbf:2\"", form);
        Assert.DoesNotMatch("<input[^>]*value=\"kmgbf:3\"[^>]*checked", form);
        Assert.DoesNotMatch("checked", Regex.Match(await member.GetStringAsync("/pl/commitments/new?target=nowhere%3A1"), "Form.Targets.*").Value.Contains("checked=\"checked\"", StringComparison.Ordinal) ? "checked" : "");
    }

    [Fact]
    public async Task A_commitment_starting_in_the_future_is_refused_with_the_reason_in_the_readers_language()
    {
        // Its progress could never be reported (a report is dated from the start to today): it is recorded once it has started.
        using var app = new TestApp(Infrastructure.Providers.Sqlite, Mailbox.Settings());
        var (member, partnerId, _) = await PracticeTestData.MemberOfAsync(app, "bratislava-region");
        var form = Commitments.CommitmentTestData.Form(partnerId);
        form["Form.StartDate"] = DateTime.UtcNow.AddYears(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var refused = await member.SubmitAsync("/pl/commitments/new", form);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var page = WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync());
        Assert.Contains("Początek jest w przyszłości", page, StringComparison.Ordinal);
        Assert.Contains("Restore 100 ha of floodplain meadows along the Morava", page, StringComparison.Ordinal); // the rest kept
    }
}

internal static class SeenFields
{
    /// <summary>The form as a browser sends it: the hidden field beside the theme field (null: a client that sends none).</summary>
    public static Dictionary<string, string> WithSeen(this Dictionary<string, string> form, string? seen)
    {
        if (seen is not null) form["Form.ThemesSeen"] = seen;
        return form;
    }
}
