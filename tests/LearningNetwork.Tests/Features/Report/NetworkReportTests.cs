using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using LearningNetwork.Data;
using LearningNetwork.Domain;
using LearningNetwork.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LearningNetwork.Tests.Features.Report;

/// <summary>
/// The network report on a small data set of our own in 2001–2002, years the demo network leaves empty, so every figure
/// per quarter is known exactly; the page's tables against the CSV files; who may read it; bad periods.
/// </summary>
public sealed partial class NetworkReportTests
{
    public static TheoryData<string> Providers => Infrastructure.Providers.All;

    private const string Period = "from=2001-01&to=2002-12";

    private static DateTime At(int year, int month, int day, int hour = 12, int minute = 0) => new(year, month, day, hour, minute, 0, DateTimeKind.Utc);

    /// <summary>What the test puts in, and where each item must be counted (quarters of 2001 unless said).</summary>
    private static async Task SeedAsync(TestApp app)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<LearningNetworkDb>();
        Partner NewPartner(string slug, PartnerType type, string country, DateTime created) =>
            new() { Slug = slug, Name = "Report test " + slug, Type = type, CountryCode = country, CreatedAt = created };
        // Partners: Q1 a region (FI) and, one minute before Q2, a municipality (FI); Q2 at its first instant a region (PT);
        // Q4 an association (PT).
        var fi1 = NewPartner("rt-fi-1", PartnerType.Region, "FI", At(2001, 2, 10));
        var fi2 = NewPartner("rt-fi-2", PartnerType.Municipality, "FI", At(2001, 3, 31, 23, 59));
        var pt1 = NewPartner("rt-pt-1", PartnerType.Region, "PT", At(2001, 4, 1, 0, 0));
        var pt2 = NewPartner("rt-pt-2", PartnerType.Association, "PT", At(2001, 12, 31, 23, 0));
        db.Partners.AddRange(fi1, fi2, pt1, pt2);
        await db.SaveChangesAsync();

        // Marketplace: offers Q1 ×2 and Q3 ×1; requests posted Q1 ×3, one closed solved in Q2, one closed not solved in Q3,
        // one still open; an interest (a conversation) in Q2.
        Offer NewOffer(string slug, DateTime at) => new()
        {
            Slug = slug, PartnerId = fi1.Id, Language = "en", Title = slug, Description = slug, CreatedAt = at, UpdatedAt = at,
        };
        db.Offers.AddRange(NewOffer("rt-offer-1", At(2001, 1, 5)), NewOffer("rt-offer-2", At(2001, 3, 1)), NewOffer("rt-offer-3", At(2001, 8, 1)));
        HelpRequest NewRequest(string slug, DateTime at, RequestState state, RequestOutcome? outcome, DateTime? closed) => new()
        {
            Slug = slug, PartnerId = pt1.Id, Language = "pt", Title = slug, Description = slug, CreatedAt = at, UpdatedAt = at,
            State = state, Outcome = outcome, ClosedAt = closed,
        };
        var solved = NewRequest("rt-request-1", At(2001, 1, 20), RequestState.Closed, RequestOutcome.Solved, At(2001, 5, 2));
        db.Requests.AddRange(solved, NewRequest("rt-request-2", At(2001, 2, 20), RequestState.Closed, RequestOutcome.NotSolved, At(2001, 9, 30)),
            NewRequest("rt-request-3", At(2001, 3, 20), RequestState.Open, null, null));
        await db.SaveChangesAsync();
        db.Conversations.Add(new Conversation { RequestId = solved.Id, OwnerPartnerId = pt1.Id, OtherPartnerId = fi1.Id, CreatedAt = At(2001, 4, 15), LastMessageAt = At(2001, 4, 15) });

        // Practices: one published in Q3; transfers of the whole practice in Q2 and in Q1 2002, of blocks in Q2.
        var practice = await db.Practices.Where(p => p.OriginNetworkId == null).OrderBy(p => p.Id).FirstAsync();
        practice.PublishedAt = At(2001, 7, 15);
        PracticeTransfer NewTransfer(DateOnly on, TransferScope scope) => new()
        {
            SourcePracticeId = practice.Id, AdoptingPartnerId = fi2.Id, Scope = scope, TransferredOn = on, WhatChanged = "report test", CreatedAt = At(2001, 1, 1),
        };
        db.PracticeTransfers.AddRange(NewTransfer(new DateOnly(2001, 5, 5), TransferScope.Whole), NewTransfer(new DateOnly(2001, 6, 30), TransferScope.Blocks),
            NewTransfer(new DateOnly(2002, 1, 1), TransferScope.Whole));

        // Events: one in Q1 with two places taken, one on the waiting list and one cancelled; one in Q4 with one place taken.
        Event NewEvent(string slug, DateTime starts) => new()
        {
            Slug = slug, PartnerId = fi1.Id, Language = "en", Title = slug, Summary = slug, Description = slug, StartsAt = starts,
            EndsAt = starts.AddHours(2), TimeZone = "Europe/Helsinki", CountryCode = "FI", CreatedAt = starts.AddDays(-30), UpdatedAt = starts.AddDays(-30),
        };
        var march = NewEvent("rt-event-1", At(2001, 3, 15));
        var october = NewEvent("rt-event-2", At(2001, 10, 1, 8));
        db.Events.AddRange(march, october);
        await db.SaveChangesAsync();
        EventRegistration Registration(Event e, RegistrationState state) => new() { EventId = e.Id, State = state, RegisteredAt = e.CreatedAt };
        db.EventRegistrations.AddRange(Registration(march, RegistrationState.Registered), Registration(march, RegistrationState.Registered),
            Registration(march, RegistrationState.Waiting), Registration(march, RegistrationState.Cancelled), Registration(october, RegistrationState.Registered));

        // Helpdesk, all asked in Q1: answered first after 2 days (in time, a second answer later changes nothing), after 10 days
        // (late), and never (past due: a miss). Median of 2 and 10: 6.0 days; in time: 1 of 3.
        HelpdeskQuestion Question(string slug, DateTime asked) => new()
        {
            Slug = slug, PartnerId = pt1.Id, Title = slug, Body = slug, Language = "pt", CountryCode = "PT", AskedAt = asked, DueAt = asked.AddDays(7), UpdatedAt = asked,
        };
        var quick = Question("rt-question-1", At(2001, 1, 10));
        var late = Question("rt-question-2", At(2001, 2, 1));
        db.HelpdeskQuestions.AddRange(quick, late, Question("rt-question-3", At(2001, 3, 1)));
        await db.SaveChangesAsync();
        HelpdeskAnswer Answer(HelpdeskQuestion q, DateTime at) => new() { QuestionId = q.Id, PartnerId = fi1.Id, Body = "answer", Language = "en", CreatedAt = at };
        db.HelpdeskAnswers.AddRange(Answer(quick, quick.AskedAt.AddDays(5)), Answer(quick, quick.AskedAt.AddDays(2)), Answer(late, late.AskedAt.AddDays(10)));
        await db.SaveChangesAsync();

        // Peer reviews: one applied in Q1, accepted in Q1, reported in Q2 with three recommendations (one taken up and one not,
        // both said in Q3; one not yet), its 12-month follow-up answered in 2002-Q2; one applied in Q1 and declined in Q2. A
        // study visit applied in Q1 is no peer review.
        Programme Review(string slug, ProgrammeKind kind, ProgrammeStage stage, DateTime applied) => new()
        {
            Slug = slug, Kind = kind, Stage = stage, PartnerId = fi1.Id, Language = "en", Title = slug, Description = slug, Focus = slug, CreatedAt = applied, UpdatedAt = applied,
        };
        var reviewed = Review("rt-review-1", ProgrammeKind.PeerReview, ProgrammeStage.Completed, At(2001, 1, 10));
        (reviewed.DecidedAt, reviewed.ReportedAt) = (At(2001, 2, 1), At(2001, 5, 1));
        reviewed.Recommendations =
        [
            new() { Position = 1, Text = "one", TakenUp = true, DecidedAt = At(2001, 8, 1) },
            new() { Position = 2, Text = "two", TakenUp = false, DecidedAt = At(2001, 8, 2) },
            new() { Position = 3, Text = "three" },
        ];
        reviewed.FollowUps = [new() { Months = 6, DueAt = At(2001, 11, 1) }, new() { Months = 12, DueAt = At(2002, 5, 1), AnsweredAt = At(2002, 5, 2), Answer = "done" }];
        var declined = Review("rt-review-2", ProgrammeKind.PeerReview, ProgrammeStage.Declined, At(2001, 3, 1));
        declined.DecidedAt = At(2001, 4, 2);
        var visit = Review("rt-visit-1", ProgrammeKind.StudyVisit, ProgrammeStage.Accepted, At(2001, 1, 5));
        (visit.SecondPartnerId, visit.DecidedAt) = (pt1.Id, At(2001, 1, 6));
        db.Programmes.AddRange(reviewed, declined, visit);
        await db.SaveChangesAsync();
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task The_report_counts_each_quarter_exactly_and_its_CSV_files_hold_the_page_tables(string provider)
    {
        using var app = new TestApp(provider, Mailbox.Settings());
        await SeedAsync(app);
        var coordinator = await TestPeople.WithRoleAsync(app, Roles.Moderator);
        var page = await coordinator.GetStringAsync($"/en/network-report?{Period}");
        var tables = Tables(page);
        Assert.Equal(["partners", "countries", "marketplace", "transfers", "events", "reviews", "helpdesk"], tables.Keys);

        // quarter → figures in column order; the last row is the whole period
        string[] quarters = ["2001-Q1", "2001-Q2", "2001-Q3", "2001-Q4", "2002-Q1", "2002-Q2", "2002-Q3", "2002-Q4", "total"];
        void Expect(string section, string[] columns, params string[][] rows)
        {
            var table = tables[section];
            Assert.Equal(columns, table.Columns);
            Assert.Equal(rows.Select(r => r[0]), table.Rows.Select(r => r.Code));
            foreach (var row in rows) Assert.Equal(row[1..], table.Rows.Single(r => r.Code == row[0]).Values);
        }
        string[] Q(string quarter, params string[] values) => [quarter, .. values];

        //                 region municipality association network expert_body ngo research business land_manager joined partners_at_end
        Expect("partners", ["region", "municipality", "association", "network", "expert_body", "ngo", "research", "business", "land_manager", "joined", "partners_at_end"],
            Q("2001-Q1", "1", "1", "0", "0", "0", "0", "0", "0", "0", "2", "2"), Q("2001-Q2", "1", "0", "0", "0", "0", "0", "0", "0", "0", "1", "3"), Q("2001-Q3", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "3"),
            Q("2001-Q4", "0", "0", "1", "0", "0", "0", "0", "0", "0", "1", "4"), Q("2002-Q1", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "4"), Q("2002-Q2", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "4"),
            Q("2002-Q3", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "4"), Q("2002-Q4", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "4"), Q("total", "2", "1", "1", "0", "0", "0", "0", "0", "0", "4", "4"));
        Expect("countries", ["partners_at_end", "joined"], Q("FI", "2", "2"), Q("PT", "2", "2"), Q("total", "4", "4"));
        var zero7 = Enumerable.Repeat("0", 7).ToArray();
        Expect("marketplace", ["offers_posted", "requests_posted", "interests_expressed", "requests_closed_solved", "requests_closed_partly",
                "requests_closed_not_solved", "requests_closed_without_outcome"],
            Q("2001-Q1", "2", "3", "0", "0", "0", "0", "0"), Q("2001-Q2", "0", "0", "1", "1", "0", "0", "0"), Q("2001-Q3", "1", "0", "0", "0", "0", "1", "0"),
            Q("2001-Q4", zero7), Q("2002-Q1", zero7), Q("2002-Q2", zero7), Q("2002-Q3", zero7), Q("2002-Q4", zero7),
            Q("total", "3", "3", "1", "1", "0", "1", "0"));
        Expect("transfers", ["practices_published", "transfers_whole", "transfers_blocks"],
            Q("2001-Q1", "0", "0", "0"), Q("2001-Q2", "0", "1", "1"), Q("2001-Q3", "1", "0", "0"), Q("2001-Q4", "0", "0", "0"),
            Q("2002-Q1", "0", "1", "0"), Q("2002-Q2", "0", "0", "0"), Q("2002-Q3", "0", "0", "0"), Q("2002-Q4", "0", "0", "0"), Q("total", "1", "2", "1"));
        Expect("events", ["events", "participants", "waiting_list", "cancelled_registrations"],
            Q("2001-Q1", "1", "2", "1", "1"), Q("2001-Q2", "0", "0", "0", "0"), Q("2001-Q3", "0", "0", "0", "0"), Q("2001-Q4", "1", "1", "0", "0"),
            Q("2002-Q1", "0", "0", "0", "0"), Q("2002-Q2", "0", "0", "0", "0"), Q("2002-Q3", "0", "0", "0", "0"), Q("2002-Q4", "0", "0", "0", "0"),
            Q("total", "2", "3", "1", "1"));
        var zero8 = Enumerable.Repeat("0", 8).ToArray();
        Expect("reviews", ["reviews_applied", "reviews_accepted", "reviews_declined", "reviews_reported", "reviews_completed", "recommendations_made",
                "recommendations_taken_up", "recommendations_not_taken_up"],
            Q("2001-Q1", "2", "1", "0", "0", "0", "0", "0", "0"), Q("2001-Q2", "0", "0", "1", "1", "0", "3", "0", "0"),
            Q("2001-Q3", "0", "0", "0", "0", "0", "0", "1", "1"), Q("2001-Q4", zero8), Q("2002-Q1", zero8), Q("2002-Q2", "0", "0", "0", "0", "1", "0", "0", "0"),
            Q("2002-Q3", zero8), Q("2002-Q4", zero8), Q("total", "2", "1", "1", "1", "1", "3", "1", "1"));
        string[] none = ["0", "0", "", ""];
        Expect("helpdesk", ["questions_asked", "questions_answered", "median_days_to_first_answer", "answered_in_time_percent"],
            Q("2001-Q1", "3", "2", "6.0", "33.3"), Q("2001-Q2", none), Q("2001-Q3", none), Q("2001-Q4", none), Q("2002-Q1", none), Q("2002-Q2", none),
            Q("2002-Q3", none), Q("2002-Q4", none), Q("total", "3", "2", "6.0", "33.3"));
        Assert.Equal(quarters, tables["helpdesk"].Rows.Select(r => r.Code));

        // Each table's CSV (linked from the page, with the period) is the same table: header, rows, figures.
        foreach (var (section, table) in tables)
        {
            var link = $"/en/network-report/{section}.csv?{Period}";
            Assert.Contains($"href=\"{link.Replace("&", "&amp;", StringComparison.Ordinal)}\"", page, StringComparison.Ordinal);
            using var response = await coordinator.GetAsync(link);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
            var csv = ParseCsv(Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync()));
            Assert.Equal([section == "countries" ? "country" : "quarter", .. table.Columns], csv[0]);
            Assert.Equal(table.Rows.Select(r => (string[])[r.Code, .. r.Values]), csv.Skip(1));
        }

        // The page writes figures as the reader does: a Portuguese page has a decimal comma and its own quarter names.
        var pt = WebUtility.HtmlDecode(await coordinator.GetStringAsync($"/pt/network-report?{Period}"));
        Assert.Contains(">6,0<", pt, StringComparison.Ordinal);
        Assert.Contains("Finlândia", pt, StringComparison.Ordinal);
        // ...while the CSV of any language is the same file.
        Assert.Equal(await coordinator.GetStringAsync($"/en/network-report/helpdesk.csv?{Period}"), await coordinator.GetStringAsync($"/pt/network-report/helpdesk.csv?{Period}"));
    }

    [Fact]
    public async Task The_report_needs_no_script_each_chart_is_a_named_image_with_a_table_and_there_is_a_printable_view()
    {
        using var app = new TestApp(Infrastructure.Providers.Sqlite, Mailbox.Settings());
        var admin = await TestPeople.WithRoleAsync(app, Roles.NetworkAdmin);
        var page = await admin.GetStringAsync("/en/network-report");
        var main = page[page.IndexOf("<main", StringComparison.Ordinal)..page.IndexOf("</main>", StringComparison.Ordinal)];
        Assert.DoesNotContain("<script", main, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<canvas", main, StringComparison.OrdinalIgnoreCase);
        var charts = ChartRegex().Matches(main);
        Assert.Equal(7, charts.Count); // the countries table too: the demo network has partners; the peer reviews since issue 14
        Assert.All(charts, c => Assert.StartsWith("Chart: ", c.Groups[1].Value, StringComparison.Ordinal));
        Assert.Equal(7, Regex.Count(main, "<table "));
        Assert.Equal(7, Regex.Count(main, "<title>Chart: "));
        // The default period: the last 24 months, eight quarters ending with this one.
        var table = Tables(page)["events"];
        Assert.Equal(9, table.Rows.Count);
        var now = DateTime.UtcNow;
        Assert.Equal($"{now.Year}-Q{(now.Month + 2) / 3}", table.Rows[^2].Code);
        // Coordinators find it in the header.
        Assert.Contains("href=\"/en/network-report\"", await admin.GetStringAsync("/en/me"), StringComparison.Ordinal);

        var print = await admin.GetStringAsync("/en/network-report?print=true");
        Assert.Contains("<body class=\"print-view\"", print, StringComparison.Ordinal);
        var css = await admin.GetStringAsync("/css/site.css");
        Assert.Contains(".print-view .filters", css, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Visitors_and_members_are_refused_unless_the_network_makes_the_report_public()
    {
        using (var app = new TestApp(Infrastructure.Providers.Sqlite, Mailbox.Settings()))
        {
            foreach (var path in new[] { "/en/network-report", "/en/network-report/partners.csv", "/en/network-report/nothing.csv" })
            {
                var anonymous = await app.Client().GetAsync(path);
                Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
                Assert.Contains("/account/sign-in", anonymous.Headers.Location?.OriginalString, StringComparison.Ordinal);
            }
            var (member, _) = await TestPeople.RegisteredAsync(app);
            var orgAdmin = await TestPeople.WithRoleAsync(app, Roles.OrganisationAdmin);
            foreach (var client in new[] { member, orgAdmin })
            {
                Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/en/network-report")).StatusCode);
                Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/en/network-report/helpdesk.csv")).StatusCode);
                Assert.DoesNotContain("/network-report", await client.GetStringAsync("/en/me"), StringComparison.Ordinal);
            }
            Assert.DoesNotContain("/network-report", await app.Client().GetStringAsync("/en/"), StringComparison.Ordinal);
        }

        using var open = new TestApp(Infrastructure.Providers.Sqlite, new Dictionary<string, string?>(Mailbox.Settings()) { ["Report:Public"] = "true" });
        var visitor = open.Client();
        Assert.Equal(HttpStatusCode.OK, (await visitor.GetAsync("/en/network-report")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await visitor.GetAsync("/en/network-report/events.csv")).StatusCode);
        Assert.Contains("href=\"/en/network-report\"", await visitor.GetStringAsync("/en/"), StringComparison.Ordinal); // in the footer
    }

    [Fact]
    public async Task A_period_that_cannot_be_shown_is_named_and_the_default_shown_and_an_unknown_table_is_404()
    {
        using var app = new TestApp(Infrastructure.Providers.Sqlite, Mailbox.Settings());
        var admin = await TestPeople.WithRoleAsync(app, Roles.NetworkAdmin);
        foreach (var query in new[] { "from=2024-13", "from=yesterday", "from=2003-01&to=2002-12", "from=1990-01&to=2001-01", "from=" + new string('9', 5000), "to=-0001-01" })
        {
            using var response = await admin.GetAsync($"/en/network-report?{query}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
            Assert.Contains("That period cannot be shown", page, StringComparison.Ordinal);
            Assert.Equal(9, Tables(page)["events"].Rows.Count);
            Assert.Equal(HttpStatusCode.BadRequest, (await admin.GetAsync($"/en/network-report/events.csv?{query}")).StatusCode);
        }
        // Ten whole years are the most: 40 quarters.
        Assert.Equal(41, Tables(await admin.GetStringAsync("/en/network-report?from=1991-02&to=2000-12"))["events"].Rows.Count);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/en/network-report/users.csv")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/en/network-report/partners.json")).StatusCode);
    }

    [Fact]
    public async Task The_report_is_written_in_every_interface_language()
    {
        using var app = new TestApp(Infrastructure.Providers.Sqlite, Mailbox.Settings());
        var admin = await TestPeople.WithRoleAsync(app, Roles.NetworkAdmin);
        var resources = Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "src", "LearningNetwork", "Resources");
        Dictionary<string, string> Texts(string file) => System.Xml.Linq.XDocument.Load(Path.Combine(resources, file)).Root!.Elements("data")
            .Where(d => ((string)d.Attribute("name")!).StartsWith("NetReport.", StringComparison.Ordinal))
            .ToDictionary(d => (string)d.Attribute("name")!, d => (string)d.Element("value")!);
        var english = Texts("SharedResource.resx");
        foreach (var file in Directory.GetFiles(resources, "SharedResource.*.resx"))
        {
            var lang = Path.GetFileName(file).Split('.')[1];
            var texts = Texts(Path.GetFileName(file));
            var html = WebUtility.HtmlDecode(await admin.GetStringAsync($"/{lang}/network-report"));
            Assert.Contains($"<html lang=\"{lang}\"", html, StringComparison.Ordinal);
            Assert.Contains(texts["NetReport.Events.Note"], html, StringComparison.Ordinal);
            foreach (var (key, text) in english.Where(e => e.Value.Length >= 12 && !e.Value.Contains('{', StringComparison.Ordinal) && texts[e.Key] != e.Value))
                Assert.False(html.Contains(text, StringComparison.Ordinal), $"/{lang}/network-report shows {key} in English");
        }
    }

    private sealed record Row(string Code, string[] Values);
    private sealed record Table(string[] Columns, List<Row> Rows);

    /// <summary>The report's tables by section: column names (data-name), rows by code (data-code), figures as data-value
    /// (invariant) — after checking that each cell shows that figure as an English reader writes it.</summary>
    private static Dictionary<string, Table> Tables(string html)
    {
        var tables = new Dictionary<string, Table>();
        foreach (Match t in TableRegex().Matches(html))
        {
            var columns = NameRegex().Matches(t.Groups[2].Value).Select(m => m.Groups[1].Value).ToArray();
            var rows = RowRegex().Matches(t.Groups[2].Value).Select(r => new Row(r.Groups[1].Value,
                CellRegex().Matches(r.Groups[2].Value).Select(c =>
                {
                    var (value, shown) = (c.Groups[1].Value, WebUtility.HtmlDecode(c.Groups[2].Value));
                    if (value.Length == 0) Assert.Equal("–", shown);
                    else if (shown.EndsWith('%')) Assert.Equal(Math.Round(double.Parse(value, CultureInfo.InvariantCulture)), double.Parse(shown[..^1], CultureInfo.InvariantCulture));
                    else Assert.Equal(value, shown.Replace(",", "", StringComparison.Ordinal));
                    return value;
                }).ToArray())).ToList();
            tables[t.Groups[1].Value] = new Table(columns, rows);
        }
        return tables;
    }

    private static List<string[]> ParseCsv(string text)
    {
        var lines = new List<string[]>();
        foreach (var line in text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries))
        {
            Assert.DoesNotContain("\"", line, StringComparison.Ordinal); // codes and numbers: nothing to quote
            lines.Add(line.Split(','));
        }
        return lines;
    }

    [GeneratedRegex("<table class=\"table figures-table report-table\" data-section=\"([a-z]+)\">(.*?)</table>", RegexOptions.Singleline)] private static partial Regex TableRegex();
    [GeneratedRegex("<th scope=\"col\" data-name=\"([a-z_]+)\">")] private static partial Regex NameRegex();
    [GeneratedRegex("<tr data-code=\"([^\"]+)\">(.*?)</tr>", RegexOptions.Singleline)] private static partial Regex RowRegex();
    [GeneratedRegex("<td data-value=\"([^\"]*)\">([^<]*)</td>")] private static partial Regex CellRegex();
    [GeneratedRegex("<svg viewBox=\"[^\"]+\" width=\"[^\"]+\" height=\"[^\"]+\" role=\"img\" aria-label=\"([^\"]+)\">")] private static partial Regex ChartRegex();
}
