using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using LearningNetwork.Data;
using LearningNetwork.Domain;
using LearningNetwork.Features.Accounts;
using LearningNetwork.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LearningNetwork.Tests.Robustness;

/// <summary>
/// One app (SQLite, demo network) and one person with every right a form can ask for: a network admin who is also an
/// organisation admin of a demo partner that has practices, commitments, offers and requests — the values that fill
/// the forms' route parameters.
/// </summary>
public sealed class RobustApp : IAsyncLifetime
{
    public const string Collection = "Robustness";

    public TestApp App { get; } = new(Providers.Sqlite, new Dictionary<string, string?>(Mailbox.Settings()) { ["Api:RequestsPerMinute"] = "0" });
    public HttpClient Admin { get; private set; } = null!;
    public string AdminEmail { get; private set; } = "";
    public Dictionary<string, string> Values { get; } = [];

    public async Task InitializeAsync()
    {
        Admin = await TestPeople.WithRoleAsync(App, Roles.NetworkAdmin);
        using var scope = App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<LearningNetworkDb>();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<UserAccount>>();
        var admin = await db.Users.Where(u => u.Email!.StartsWith("networkadmin-")).OrderBy(u => u.Id).FirstAsync();
        AdminEmail = admin.Email!;
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        if (!await roles.RoleExistsAsync(Roles.OrganisationAdmin)) await roles.CreateAsync(new IdentityRole(Roles.OrganisationAdmin));
        await users.AddToRoleAsync(admin, Roles.OrganisationAdmin);
        var partner = await db.Partners.Where(p => db.Practices.Any(x => x.PartnerId == p.Id) && db.Commitments.Any(c => c.PartnerId == p.Id)
                                                   && db.Offers.Any(o => o.PartnerId == p.Id) && db.Requests.Any(r => r.PartnerId == p.Id))
            .OrderBy(p => p.Id).Select(p => p.Id).FirstAsync();
        db.PartnerMembers.Add(new PartnerMember { PartnerId = partner, UserId = admin.Id, Role = OrganisationRole.OrganisationAdmin });
        await db.SaveChangesAsync();
        // Signed in again, so that the cookie carries both roles.
        await SignInAgainAsync();
        Values["partnerId"] = partner.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Values["practice"] = await db.Practices.Where(p => p.PartnerId == partner).OrderBy(p => p.Id).Select(p => p.Slug).FirstAsync();
        Values["practice-id"] = (await db.Practices.Where(p => p.PartnerId == partner).OrderBy(p => p.Id).Select(p => p.Id).FirstAsync()).ToString(System.Globalization.CultureInfo.InvariantCulture);
        Values["commitment"] = (await db.Commitments.Where(c => c.PartnerId == partner).OrderBy(c => c.Id).Select(c => c.Id).FirstAsync()).ToString(System.Globalization.CultureInfo.InvariantCulture);
        Values["event"] = await db.Events.OrderBy(e => e.Id).Select(e => e.Slug).FirstAsync();
        // A demo programme: the admin is a network admin, so every coordinator form of its page is open to them.
        Values["programme"] = await db.Programmes.OrderBy(p => p.Id).Select(p => p.Slug).FirstAsync();
        // A demo news item, and a newsletter draft for the coordinators' send form.
        Values["news"] = await db.NewsItems.OrderBy(n => n.Id).Select(n => n.Slug).FirstAsync();
        var newsletter = new NewsletterIssue
        {
            Title = "Robustness newsletter", Language = "en", Introduction = "A draft.", State = NewsletterState.Draft, CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow,
        };
        db.NewsletterIssues.Add(newsletter);
        await db.SaveChangesAsync();
        Values["newsletter"] = newsletter.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Values["learning-path"] = await db.LearningPaths.OrderBy(p => p.Id).Select(p => p.Slug).FirstAsync();
        Values["offers"] = await db.Offers.Where(o => o.PartnerId == partner).OrderBy(o => o.Id).Select(o => o.Slug).FirstAsync();
        Values["requests"] = await db.Requests.Where(o => o.PartnerId == partner).OrderBy(o => o.Id).Select(o => o.Slug).FirstAsync();
        Values["conversation"] = ((await db.Conversations.OrderBy(c => c.Id).Select(c => (int?)c.Id).FirstOrDefaultAsync()) ?? 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
        Values["network"] = await db.RegisteredNetworks.OrderBy(n => n.Id).Select(n => n.Slug).FirstOrDefaultAsync() ?? "no-such-network";
        Values["application"] = ((await db.MembershipApplications.OrderBy(a => a.Id).Select(a => (int?)a.Id).FirstOrDefaultAsync()) ?? 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
        // An open abuse report, for the moderators' decision form.
        var report = new AbuseReport
        {
            ContentType = "practice", ContentKey = Values["practice"], ContentTitle = "Robustness report", Reason = ReportReason.Other,
            Text = "Robustness report", CreatedAt = DateTime.UtcNow, Status = ReportStatus.Open,
        };
        db.AbuseReports.Add(report);
        await db.SaveChangesAsync();
        Values["report"] = report.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        // A helpdesk question of the admin's organisation, asked by the admin: every handler of its page (answer, accept, close) is theirs.
        var question = new HelpdeskQuestion
        {
            Slug = "robustness-question", UserId = admin.Id, PartnerId = partner, Title = "Robustness question", Body = "A question the robustness test posts every kind of input to.",
            Language = "en", CountryCode = "NL", AskedAt = DateTime.UtcNow, DueAt = DateTime.UtcNow.AddDays(7), UpdatedAt = DateTime.UtcNow,
        };
        db.HelpdeskQuestions.Add(question);
        await db.SaveChangesAsync();
        Values["question"] = question.Slug;
    }

    /// <summary>A new session for the admin (some forms end the one they are posted in, as they should).</summary>
    public async Task SignInAgainAsync()
    {
        Admin = App.Client();
        var signedIn = await Admin.SubmitAsync("/en/account/sign-in", new Dictionary<string, string> { ["Form.Email"] = AdminEmail, ["Form.Password"] = TestPeople.Password });
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
    }

    /// <summary>Whether the admin's session still holds.</summary>
    public async Task<bool> SignedInAsync() => (await Admin.GetAsync("/en/account/profile")).StatusCode == HttpStatusCode.OK;

    public Task DisposeAsync()
    {
        App.Dispose();
        return Task.CompletedTask;
    }
}

/// <summary>The robustness tests share one app and take turns on it.</summary>
[CollectionDefinition(RobustApp.Collection)]
public sealed class RobustAppGroup : ICollectionFixture<RobustApp>;

/// <summary>
/// "No input yields a 500": every form of every page, as a signed-in person with every right, posted blank,
/// whitespace-only, far too long and with hostile strings. All failures are collected, so one run lists every 500.
/// </summary>
[Collection(RobustApp.Collection)]
public sealed partial class FormRobustnessTests(RobustApp fixture)
{
    private const int RandomPostsPerForm = 5;

    /// <summary>The URLs of a page: its route template with the fixture's values. A new route parameter needs a value here.</summary>
    private IEnumerable<string> Urls(PageForms.PostPage page, string lang = "en")
    {
        var folder = page.RelativePath.Split('/')[2];
        var types = page.Template.Contains("{type", StringComparison.Ordinal) ? new[] { "offers", "requests" } : [""];
        foreach (var type in types)
        {
            string? missing = null;
            var url = "/" + ParameterRegex().Replace(page.Template, m =>
            {
                var name = m.Groups[1].Value;
                string? value = name switch
                {
                    "lang" => lang,
                    "partnerId" => fixture.Values["partnerId"],
                    "type" => type,
                    "framework" => "kmgbf",
                    "code" when folder == "Targets" => "2",
                    "code" when folder == "Errors" => "404",
                    "handler" => "",
                    "contentKind" => "practice",
                    "contentId" => fixture.Values["practice-id"],
                    "slug" => folder switch
                    {
                        "Practices" => fixture.Values["practice"],
                        "Networks" => fixture.Values["network"],
                        "Events" => fixture.Values["event"],
                        "Helpdesk" => fixture.Values["question"],
                        "Programmes" => fixture.Values["programme"],
                        "News" => fixture.Values["news"],
                        "LearningPaths" => fixture.Values["learning-path"],
                        "Marketplace" => fixture.Values[type.Length > 0 ? type : page.RelativePath.Contains("Offer", StringComparison.Ordinal) ? "offers" : "requests"],
                        _ => null,
                    },
                    "id" => folder switch
                    {
                        "Commitments" => fixture.Values["commitment"],
                        "Membership" => fixture.Values["application"],
                        "Marketplace" => fixture.Values["conversation"],
                        "Moderation" => fixture.Values["report"],
                        "News" => fixture.Values["newsletter"],
                        _ => null,
                    },
                    _ => null,
                };
                missing ??= value is null ? name : null;
                return value ?? "";
            }).Replace("//", "/", StringComparison.Ordinal).TrimEnd('/');
            Assert.True(missing is null, $"the test has no value for the route parameter '{missing}' of {page.RelativePath}: add one to Urls()");
            yield return url;
        }
    }

    private async Task<(List<PageForm> Forms, List<string> Failures)> DiscoverAsync(HttpClient client, string lang = "en", Func<PageForms.PostPage, bool>? include = null)
    {
        var forms = new List<PageForm>();
        var failures = new List<string>();
        foreach (var page in PageForms.All(fixture.App.Services).Where(p => include?.Invoke(p) ?? true))
        {
            foreach (var url in Urls(page, lang))
            {
                var get = await client.GetAsync(url);
                if ((int)get.StatusCode >= 500) failures.Add($"GET {url}: {(int)get.StatusCode}");
                var found = get.IsSuccessStatusCode ? PageForms.Parse(page.RelativePath, url, await get.Content.ReadAsStringAsync()) : [];
                forms.AddRange(found);
                var routeNames = ParameterRegex().Matches(page.Template).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.OrdinalIgnoreCase);
                foreach (var handler in page.Handlers.Where(h => !found.Any(f => PageForms.HandlerOf(f.Action, page.Handlers).Equals(h, StringComparison.OrdinalIgnoreCase))))
                    forms.Add(new PageForm(page.RelativePath, handler.Length == 0 ? url : $"{url}?handler={handler}",
                        PageForms.BoundNames(page.Model, handler).Where(f => !routeNames.Contains(f.Name)).ToList(), false));
            }
        }
        // What ends or removes something goes last, so that the other forms still find what they edit.
        return (forms.OrderBy(f => DestructiveRegex().IsMatch(f.Action) ? 1 : 0).ToList(), failures);
    }

    private static async Task<string> TokenAsync(HttpClient client)
    {
        var html = await client.GetStringAsync("/en/account/profile");
        return WebUtility.HtmlDecode(TokenRegex().Match(html).Groups[1].Value);
    }

    private static HttpContent Body(PageForm form, List<string> values, string token)
    {
        if (!form.Multipart)
            return new FormUrlEncodedContent(form.Fields.Select((f, i) => new KeyValuePair<string, string>(f.Name, values[i]))
                .Append(new("__RequestVerificationToken", token)));
        var multipart = new MultipartFormDataContent();
        for (var i = 0; i < form.Fields.Count; i++)
        {
            if (form.Fields[i].File)
            {
                var file = new ByteArrayContent(Encoding.UTF8.GetBytes(values[i]));
                file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
                multipart.Add(file, form.Fields[i].Name, values[i].Length == 0 ? "x" : "../" + SafeFileName(values[i][..Math.Min(values[i].Length, 60)]) + ".pdf");
            }
            else multipart.Add(new StringContent(values[i]), form.Fields[i].Name);
        }
        multipart.Add(new StringContent(token), "__RequestVerificationToken");
        return multipart;
    }

    /// <summary>A hostile file name the multipart header can carry (quotes and control characters would break the header
    /// on the client's side, before the server sees anything): path parts, spaces and separators stay.</summary>
    private static string SafeFileName(string value) =>
        new(value.Select(c => char.IsLetterOrDigit(c) || "._-+;,/ ".Contains(c) ? c : '_').ToArray());

    [Fact]
    public async Task Every_form_answers_below_500_to_blank_whitespace_overlong_and_hostile_input()
    {
        if (!await fixture.SignedInAsync()) await fixture.SignInAgainAsync();
        var (forms, failures) = await DiscoverAsync(fixture.Admin);
        Assert.True(forms.Count >= 40, $"only {forms.Count} forms found");
        var client = fixture.Admin;
        var token = await TokenAsync(client);
        var endedSessions = new List<string>();
        var rng = Hostile.Rng("forms-2026");
        var posts = 0;
        foreach (var form in forms)
        {
            var variants = new List<(string Kind, List<string> Values)>
            {
                ("empty", form.Fields.Select(_ => "").ToList()),
                ("whitespace", form.Fields.Select(_ => " \t\u00A0\r\n ").ToList()),
                ("over-long", form.Fields.Select((_, i) => Hostile.OverLong(i)).ToList()),
            };
            for (var i = 0; i < RandomPostsPerForm; i++)
                // Half the fields keep what the page put there (a version, a choice), so the hostile half reaches deeper.
                variants.Add(("hostile", form.Fields.Select(f => rng.Next(2) == 0 && f.Value.Length > 0 ? f.Value : rng.NextHostile()).ToList()));
            foreach (var (kind, values) in variants)
            {
                var response = await client.PostAsync(form.Action, Body(form, values, token));
                posts++;
                if ((int)response.StatusCode >= 500)
                    failures.Add($"{form} [{kind}] -> {(int)response.StatusCode} with " +
                                 string.Join("; ", form.Fields.Select((f, j) => $"{f.Name}={Hostile.Show(values[j].Length > 60 ? values[j][..60] + "…" : values[j])}")));
            }
            // The next form is posted with the rights this test is about, not as a visitor whose session a form ended.
            if (!await fixture.SignedInAsync())
            {
                endedSessions.Add(form.ToString());
                await fixture.SignInAgainAsync();
                client = fixture.Admin;
                token = await TokenAsync(client);
            }
        }
        Console.WriteLine($"{forms.Count} forms, {posts} posts; sessions ended by: {string.Join(", ", endedSessions)}");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task An_empty_membership_application_is_answered_with_field_messages_and_keeps_what_was_typed()
    {
        var (client, _) = await TestPeople.RegisteredAsync(fixture.App);
        var html = await client.GetStringAsync("/en/membership/apply");
        var form = PageForms.Parse("apply", "/en/membership/apply", html).Single(f => f.Fields.Any(x => x.Name == "Form.Name"));
        // Every field empty, as a browser sends an untouched form, except the website, which was typed.
        var fields = form.Fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Name == "Form.Website" ? "https://example.org/wetlands" : "")).ToList();
        var response = await client.SubmitAsync("/en/membership/apply", fields.GroupBy(f => f.Key).ToDictionary(g => g.Key, g => g.First().Value));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains("value=\"https://example.org/wetlands\"", page, StringComparison.Ordinal);
        foreach (var field in new[] { "Name", "Type", "Country", "Languages" }) Assert.Contains($"id=\"Form_{field}-error\"", page, StringComparison.Ordinal);
        Assert.Contains("Fill in this field.", page, StringComparison.Ordinal);
    }

    /// <summary>
    /// "Empty, whitespace-only, over-long and malformed fields get a message by the field, in the reader's language, with
    /// everything else kept; required fields are marked": every drawn form of every page, on Polish pages, as the person
    /// with every right. Each form is posted (a) empty and (b) with a distinct Polish text in every field one types into
    /// (the other fields as the page drew them): a refusal (400, 409, or the form again with 200) must show what was typed
    /// in each field it draws again, and an empty one must say what is wrong by a field or in a summary, in Polish (no
    /// English message) and naming the right object. Every control drawn <c>required</c> is also aria-required with its
    /// label marked, and the form says once what the mark means.
    /// </summary>
    [Fact]
    public async Task Every_refused_form_keeps_what_was_typed_says_why_in_the_readers_language_and_marks_required_fields()
    {
        // A fresh session: opening the two-factor page draws an authenticator key, which changes the security stamp and
        // ends the sessions opened before within a minute. The account pages (throttled, or ending the session) are left
        // to the test above.
        await fixture.SignInAgainAsync();
        var (all, failures) = await DiscoverAsync(fixture.Admin, "pl", p => !p.Template.Contains("account/", StringComparison.Ordinal));
        // Forms that end or remove something are posted by the test above; here they would end what the others edit.
        var forms = all.Where(f => f.Html.Length > 0 && !DestructiveRegex().IsMatch(f.Action) && !f.Action.Contains("/account/", StringComparison.Ordinal)).ToList();
        Assert.True(forms.Count >= 25, $"only {forms.Count} forms found");
        var english = EnglishMessages();
        var hint = PolishHint();
        if (!await fixture.SignedInAsync()) await fixture.SignInAgainAsync();
        var client = fixture.Admin;
        var token = await TokenAsync(client);
        foreach (var form in forms)
        {
            foreach (Match control in RequiredControlRegex().Matches(form.Html))
            {
                var id = IdRegex().Match(control.Value).Groups[1].Value;
                if (!control.Value.Contains("aria-required=\"true\"", StringComparison.Ordinal)) failures.Add($"{form}: required {id} is not aria-required");
                if (id.Length > 0 && !Regex.IsMatch(form.Html, $"<label\\b[^>]*for=\"{Regex.Escape(id)}\"[^>]*>.*?class=\"required\".*?</label>", RegexOptions.Singleline))
                    failures.Add($"{form}: the label of required {id} has no visible mark");
                if (!WebUtility.HtmlDecode(form.Html).Contains(hint, StringComparison.Ordinal)) failures.Add($"{form}: no line says what the mark means");
            }

            var empty = await client.PostAsync(form.Action, Body(form, form.Fields.Select(f => form.TypedFields.Contains(f.Name) ? "" : f.Value).ToList(), token));
            var emptyHtml = WebUtility.HtmlDecode(await empty.Content.ReadAsStringAsync());
            if ((int)empty.StatusCode >= 500) failures.Add($"{form} [empty] -> {(int)empty.StatusCode}");
            else if (empty.StatusCode == HttpStatusCode.BadRequest && !emptyHtml.Contains("error-message", StringComparison.Ordinal) && !emptyHtml.Contains("error-summary", StringComparison.Ordinal))
                failures.Add($"{form} [empty] -> 400 without a message by a field");
            foreach (Match message in MessageRegex().Matches(emptyHtml))
            {
                var said = Regex.Replace(message.Groups[message.Groups[1].Success ? 1 : 2].Value, "<[^>]+>", "").Trim();
                if (english.Contains(said)) failures.Add($"{form} [empty] says in English: {said}");
            }
            if (emptyHtml.Contains("Nie udało się zapisać praktyki", StringComparison.Ordinal) && !form.Action.Contains("/practices/", StringComparison.Ordinal))
                failures.Add($"{form} [empty] names a practice");

            var values = form.Fields.Select((f, i) => form.TypedFields.Contains(f.Name) ? $"Łąka kośna {i} żółć" : f.Value).ToList();
            var typed = await client.PostAsync(form.Action, Body(form, values, token));
            if ((int)typed.StatusCode >= 500) { failures.Add($"{form} [typed] -> {(int)typed.StatusCode}"); continue; }
            if (typed.StatusCode is not (HttpStatusCode.BadRequest or HttpStatusCode.Conflict or HttpStatusCode.OK)) continue;
            var html = WebUtility.HtmlDecode(await typed.Content.ReadAsStringAsync());
            for (var i = 0; i < form.Fields.Count; i++)
            {
                var name = form.Fields[i].Name;
                // A field the answer draws again must hold what was typed (the page may answer with other forms too).
                if (!form.TypedFields.Contains(name) || !html.Contains($"name=\"{name}\"", StringComparison.Ordinal)) continue;
                if (!html.Contains(values[i], StringComparison.Ordinal)) failures.Add($"{form} [typed] -> {(int)typed.StatusCode} lost {name}");
            }
            if (!await fixture.SignedInAsync())
            {
                await fixture.SignInAgainAsync();
                client = fixture.Admin;
                token = await TokenAsync(client);
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures.Distinct()));
    }

    private static HashSet<string> EnglishMessages()
    {
        var english = Strings("");
        var polish = Strings("pl");
        // English texts that are also the Polish ones (names, codes) are no sign of a missing translation.
        return english.Where(e => e.Value.Length > 12 && polish.GetValueOrDefault(e.Key) != e.Value && !e.Value.Contains('{', StringComparison.Ordinal))
            .Select(e => e.Value).ToHashSet(StringComparer.Ordinal);
    }

    private static string PolishHint() => Strings("pl")["Practice.RequiredHint"];

    private static Dictionary<string, string> Strings(string culture)
    {
        var file = Path.Combine(AppProcess.RepositoryRoot, "src", "LearningNetwork", "Resources", culture.Length == 0 ? "SharedResource.resx" : $"SharedResource.{culture}.resx");
        return System.Xml.Linq.XDocument.Load(file).Root!.Elements("data").ToDictionary(d => (string)d.Attribute("name")!, d => (string)d.Element("value")!);
    }

    [GeneratedRegex("<(?:input|select|textarea)\\b[^>]*\\srequired(?:\\s|=|>|/)[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex RequiredControlRegex();

    [GeneratedRegex("\\sid=\"([^\"]+)\"")]
    private static partial Regex IdRegex();

    [GeneratedRegex("<(?:p|span) class=\"error-message\"[^>]*>(.*?)</(?:p|span)>|<div class=\"error-summary\"[^>]*>.*?<(?:p|h2)[^>]*>(.*?)</(?:p|h2)>", RegexOptions.Singleline)]
    private static partial Regex MessageRegex();

    [GeneratedRegex("\\{\\*?\\*?(\\w+)(?::[^{}]*(?:\\{[^}]*\\}[^{}]*)*)?\\??\\}")]
    private static partial Regex ParameterRegex();

    [GeneratedRegex("delete|remove|revoke|stop|disable|role|move|transfer", RegexOptions.IgnoreCase)]
    private static partial Regex DestructiveRegex();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenRegex();
}
