// THE AUTHORISATION MATRIX: every route of the app (pages with each of their handlers, and minimal-API endpoints) against
// six callers, with the answer each must get. The routes are read from the routing table, so:
//   - a new endpoint or page handler without a row FAILS this test, with the line to add;
//   - a row whose route is gone fails too.
// TO ADD A ROW, add one line to Rows below:
//     Row("POST /{lang}/things/{id}/edit", "R R A A R A"),
// The key is the HTTP method, the route pattern without its constraints ({id:int} is written {id}, an optional one {x?}),
// and for a page handler other than the default its name ("POST /{lang}/organisation/{partnerId} Invite").
// The six letters are the columns, in this order:
//     anonymous | admin of ANOTHER organisation | member of A | organisation admin of A | moderator | network admin
// A = allowed: any answer but 401/403/404/a redirect to sign-in, and not 5xx (a 400 for an empty form is allowed: it got
//     past the checks); R = refused: 401, 403, 404 (where the app hides what exists) or a redirect to sign-in.
// A 5xx fails every cell. Route values come from the world (MatrixWorld): {slug}, {id}, {partnerId}... are A's items,
// chosen by the words before them; write them yourself with values: "slug=draft id=draft-id" (see Value below), and
// query-string values with a leading ?, and a value in single quotes taken as written: values: "?type='offer' ?key=offer".
// POSTs to pages carry a valid antiforgery token and the row's form fields (none by default: an empty form is enough to
// show the checks ran); POSTs to /api carry "{}" (or the row's json) and, for the three organisation callers, their
// organisation's API key (Bearer), besides the cookie. fresh: "practice" gives each cell its own new draft practice of A
// (its slug and id fill {slug} and {id}), for handlers that consume their item (delete, workflow steps); "attachment",
// "apikey" and "webhook" a new one of those, whose id a form field takes with the value fresh (form: "id=fresh").
// Form values and values may name world items (draft, practice, offer, partner...: see Value below).
// Set LN_MATRIX_PRINT=path to write the observed matrix as rows (a start for new ones; then check each letter by hand).
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.RazorPages.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;

namespace LearningNetwork.Tests.Security;

public sealed partial class AuthorisationMatrixTests
{
    private sealed record MatrixRow(string Key, string Cells, string? Values, string? Form, string? Json, string? Fresh);

    private static MatrixRow Row(string key, string cells, string? values = null, string? form = null, string? json = null, string? fresh = null) =>
        new(key, cells, values, form, json, fresh);

    //   key                                                             anon other member admin mod net
    private static readonly MatrixRow[] Rows =
    [
        Row("DELETE /api/v1/practices/{id}",                                   "R R A A R R", fresh: "practice"),
        Row("GET /api/v1/news",                                                "A A A A A A"),
        Row("GET /api/v1/news/{id}",                                           "A A A A A A"),
        Row("GET /feeds/news.atom",                                            "A A A A A A"),
        Row("GET /{lang}/news",                                                "A A A A A A"),
        Row("GET /{lang}/news/new",                                            "R A A A A A"),
        Row("POST /{lang}/news/new",                                           "R A A A A A"),
        Row("GET /{lang}/news/{slug}",                                         "A A A A A A"),
        Row("GET /{lang}/news/{slug}/edit",                                    "R R A A A A"),
        Row("POST /{lang}/news/{slug}/edit",                                   "R R A A A A"),
        Row("GET /{lang}/newsletters",                                         "A A A A A A"),
        Row("POST /{lang}/newsletters Subscribe",                              "R A A A A A"),
        Row("POST /{lang}/newsletters Unsubscribe",                            "R A A A A A"),
        Row("GET /{lang}/newsletters/new",                                     "R R R R A A"),
        Row("POST /{lang}/newsletters/new",                                    "R R R R A A"),
        Row("GET /{lang}/newsletters/{id}",                                    "R R R R A A"),
        Row("POST /{lang}/newsletters/{id} Send",                              "R R R R A A"),
        Row("GET /{lang}/newsletters/unsubscribe",                             "A A A A A A"),
        Row("POST /{lang}/newsletters/unsubscribe",                            "A A A A A A"),
        Row("GET /{lang}/about/edit",                                          "R R R R A A"),
        Row("POST /{lang}/about/edit",                                         "R R R R A A"),
        Row("GET /{lang}/themes/{id}",                                         "A A A A A A"),
        Row("GET /{lang}/account/demo",                                        "R R R R R R"),
        Row("POST /{lang}/account/demo",                                       "R R R R R R"),
        Row("GET /",                                                           "A A A A A A"),
        Row("GET /api/v1/commitments",                                         "A A A A A A"),
        Row("GET /api/v1/commitments/figures",                                 "A A A A A A"),
        Row("GET /api/v1/commitments/partners",                                "A A A A A A"),
        Row("GET /api/v1/commitments/{id}",                                    "A A A A A A"),
        Row("GET /api/v1/concepts",                                            "A A A A A A"),
        Row("GET /api/v1/export",                                              "A A A A A A"),
        Row("GET /api/v1/learning-paths",                                      "A A A A A A"),
        Row("GET /api/v1/learning-paths/{slug}",                               "A A A A A A"),
        Row("GET /api/v1/helpdesk/questions",                                  "A A A A A A"),
        Row("GET /api/v1/helpdesk/questions/{id}",                             "A A A A A A"),
        Row("GET /api/v1/map/partners",                                        "A A A A A A"),
        Row("GET /api/v1/marketplace/map",                                     "A A A A A A"),
        Row("GET /api/v1/offers",                                              "A A A A A A"),
        Row("GET /api/v1/offers/{id}",                                         "A A A A A A"),
        Row("GET /api/v1/offers/{id}/matches",                                 "A A A A A A"),
        Row("GET /api/v1/partners",                                            "A A A A A A"),
        Row("GET /api/v1/partners/{id}",                                       "A A A A A A"),
        Row("GET /api/v1/practices",                                           "A A A A A A"),
        Row("GET /api/v1/practices/{id}",                                      "A A A A A A"),
        Row("GET /api/v1/practices/{id}/jsonld",                               "A A A A A A"),
        Row("GET /api/v1/readability",                                         "A A A A A A"),
        Row("GET /api/v1/regions",                                             "A A A A A A"),
        Row("GET /api/v1/regions/{code}",                                      "A A A A A A"),
        Row("GET /api/v1/requests",                                            "A A A A A A"),
        Row("GET /api/v1/requests/{id}",                                       "A A A A A A"),
        Row("GET /api/v1/requests/{id}/matches",                               "A A A A A A"),
        Row("GET /api/v1/search",                                              "A A A A A A"),
        Row("GET /api/v1/search/suggest",                                      "A A A A A A"),
        Row("GET /api/v1/translations/{kind}/{id}",                            "A A A A A A", values: "kind='offer' id=offer-id ?lang='es'"),
        Row("GET /api/v1/targets",                                             "A A A A A A"),
        Row("GET /api/v1/targets/{framework}/{code}",                          "A A A A A A"),
        Row("GET /errors/{code}",                                              "A A A A A A"),
        Row("GET /feeds/commitments.atom",                                      "A A A A A A"),
        Row("GET /feeds/offers.atom",                                           "A A A A A A"),
        Row("GET /feeds/practices.atom",                                       "A A A A A A"),
        Row("GET /feeds/requests.atom",                                         "A A A A A A"),
        Row("GET /files/practices/{id}",                                       "R R A A A A"),
        Row("GET /files/practices/{id}/thumb",                                 "R R A A A A"),
        Row("GET /health",                                                     "A A A A A A"),
        Row("GET /health/live",                                                "A A A A A A"),
        Row("GET /health/ready",                                               "A A A A A A"),
        Row("GET /open-data/catalog.jsonld",                                   "A A A A A A"),
        Row("GET /open-data/{dataset}.csv",                                    "A A A A A A"),
        Row("GET /metrics",                                                    "R R R R R R"), // loopback without a proxy, or Metrics:Token only
        Row("GET /openapi/{documentName}.json",                                "A A A A A A"),
        Row("GET /robots.txt",                                                 "A A A A A A"),
        Row("GET /sitemap.xml",                                                "A A A A A A"),
        Row("GET /{lang}",                                                     "A A A A A A"),
        Row("GET /{lang}/Index",                                               "A A A A A A"),
        Row("GET /{lang}/Networks",                                            "A A A A A A"),
        Row("GET /{lang}/Networks/Index",                                      "A A A A A A"),
        Row("GET /{lang}/Partners",                                            "A A A A A A"),
        Row("GET /{lang}/Partners/Index",                                      "A A A A A A"),
        Row("GET /{lang}/Practices",                                           "A A A A A A"),
        Row("GET /{lang}/Practices/Index",                                     "A A A A A A"),
        Row("GET /{lang}/about",                                                "A A A A A A"),
        Row("GET /{lang}/accessibility",                                       "A A A A A A"),
        Row("GET /{lang}/account/confirm-email",                               "A A A A A A"),
        Row("GET /{lang}/account/forgot-password",                             "A A A A A A"),
        Row("GET /{lang}/account/message/{kind}",                              "A A A A A A"),
        Row("GET /{lang}/account/password",                                    "R A A A A A"),
        Row("GET /{lang}/account/profile",                                     "R A A A A A"),
        Row("GET /{lang}/account/register",                                    "A A A A A A"),
        Row("GET /{lang}/account/resend-confirmation",                         "A A A A A A"),
        Row("GET /{lang}/account/reset-password",                              "A A A A A A"),
        Row("GET /{lang}/account/sign-in",                                     "A A A A A A"),
        Row("GET /{lang}/account/sign-in-code",                                "R R R R R R"),
        Row("GET /{lang}/account/sign-out",                                    "A A A A A A"),
        Row("GET /{lang}/account/two-factor",                                  "R A A A A A"),
        Row("GET /{lang}/admin/audit",                                         "R R R R A A"),
        Row("GET /{lang}/commitments",                                         "A A A A A A"),
        Row("GET /{lang}/commitments/dashboard",                               "A A A A A A"),
        Row("GET /{lang}/commitments/new",                                     "R A A A R A"),
        Row("GET /{lang}/commitments/{id}",                                    "A A A A A A"),
        Row("GET /{lang}/commitments/{id}/edit",                               "R R A A R A"),
        Row("GET /{lang}/commitments/{id}/progress",                           "R R A A R R"),
        Row("GET /{lang}/glossary",                                            "A A A A A A"),
        Row("GET /{lang}/helpdesk",                                            "A A A A A A"),
        Row("GET /{lang}/helpdesk/ask",                                        "R A A A R A"),
        Row("GET /{lang}/helpdesk/{slug}",                                     "A A A A A A"),
        Row("GET /{lang}/languages",                                           "A A A A A A"),
        Row("GET /{lang}/map",                                                 "A A A A A A"),
        Row("GET /{lang}/marketplace",                                         "A A A A A A"),
        Row("GET /{lang}/marketplace/conversations/{id}",                      "R R A A R R"),
        Row("GET /{lang}/marketplace/demand",                                  "R R R R A A"),
        Row("GET /{lang}/marketplace/offers/{slug}",                           "A A A A A A"),
        Row("GET /{lang}/marketplace/requests/{slug}",                         "A A A A A A"),
        Row("GET /{lang}/marketplace/{type}/new",                              "R A A A R A"),
        Row("GET /{lang}/marketplace/{type}/{slug}/edit",                      "R R A A R A"),
        Row("GET /{lang}/me",                                                   "R A A A A A"),
        Row("GET /{lang}/me/follows",                                          "R A A A A A"),
        Row("POST /{lang}/me/follows Follow",                                  "R A A A A A"),
        Row("POST /{lang}/me/follows Remove",                                  "R A A A A A"),
        Row("POST /{lang}/me/follows Frequency",                               "R A A A A A"),
        Row("GET /{lang}/follows/unsubscribe",                                 "A A A A A A"),
        Row("POST /{lang}/follows/unsubscribe",                                "A A A A A A"),
        Row("GET /{lang}/membership/apply",                                    "R A A A A A"),
        Row("GET /{lang}/membership/review",                                   "R R R R R A"),
        Row("GET /{lang}/membership/review/{id}",                              "R R R R R A"),
        Row("GET /{lang}/network-report",                                      "R R R R A A"), // coordinators; everyone with Report:Public (NetworkReportTests)
        Row("GET /{lang}/network-report/{section}.csv",                        "R R R R A A", values: "section='partners'"),
        Row("GET /{lang}/networks/new",                                        "R R R R R A"),
        Row("GET /{lang}/networks/webhooks",                                   "R R R R R A"),
        Row("GET /{lang}/networks/{slug}",                                     "A A A A A A"),
        Row("GET /{lang}/notifications",                                       "R A A A A A"),
        Row("GET /{lang}/open-data",                                           "A A A A A A"),
        Row("GET /{lang}/organisation/join",                                   "R A A A A A"),
        Row("GET /{lang}/organisation/{partnerId}",                            "R R A A R A"),
        Row("GET /{lang}/organisation/{partnerId}/api-keys",                   "R R R A R A"),
        Row("GET /{lang}/organisation/{partnerId}/edit",                       "R R R A R A"),
        Row("GET /{lang}/partners/{slug}",                                     "A A A A A A"),
        Row("GET /{lang}/practices/new",                                       "R A A A R A"),
        Row("GET /{lang}/practices/review",                                    "R R R R A A"),
        Row("GET /{lang}/practices/{slug}/attachments",                        "R R A A R A"),
        Row("GET /{lang}/practices/{slug}/edit",                               "R R A A R A"),
        Row("GET /{lang}/practices/{slug}/history",                            "R R A A A A"),
        Row("GET /{lang}/practices/{slug}/transfer",                           "R A R R R A", values: "slug=practice"),
        Row("GET /{lang}/practices/{slug}/translate",                          "R R A A R A"),
        Row("GET /{lang}/practices/{slug}/{handler?}",                         "R R A A A A"),
        Row("GET /{lang}/practices/{slug}/{handler?} Print",                   "R R A A A A"),
        Row("GET /{lang}/privacy",                                             "A A A A A A"),
        Row("GET /{lang}/search",                                              "A A A A A A"),
        Row("GET /{lang}/search/terms",                                        "R R R R A A"),
        Row("GET /{lang}/targets",                                             "A A A A A A"),
        Row("GET /{lang}/targets/{framework}/{code}",                          "A A A A A A"),
        Row("GET /{lang}/targets/{framework}/{code}/edit",                     "R R R R A A"),
        Row("GET /{lang}/targets/{framework}/{code}/history",                  "R R R R A A"),
        Row("GET /{lang}/translations/{contentKind}/{contentId}/{handler?}",    "R R A A A A", values: "contentKind='offer' contentId=offer-id"),
        Row("POST /api/v1/commitments/{id}/progress",                          "R R A A R R"),
        Row("POST /api/v1/import",                                             "R R R R R A"),
        Row("POST /api/v1/practices",                                          "R A A A R R"),
        Row("POST /api/v1/readability",                                        "A A A A A A"),
        Row("POST /errors/{code}",                                             "A A A A A A"),
        Row("POST /{lang}/account/forgot-password",                            "A A A A A A"),
        Row("POST /{lang}/account/password",                                   "R A A A A A"),
        Row("POST /{lang}/account/profile",                                    "R A A A A A"),
        Row("POST /{lang}/account/register",                                   "A A A A A A"),
        Row("POST /{lang}/account/resend-confirmation",                        "A A A A A A"),
        Row("POST /{lang}/account/reset-password",                             "A A A A A A"),
        Row("POST /{lang}/account/sign-in",                                    "A A A A A A"),
        Row("POST /{lang}/account/sign-in-code",                               "R R R R R R"),
        Row("POST /{lang}/account/sign-out",                                   "A A A A A A"),
        Row("POST /{lang}/account/two-factor Disable",                         "R A A A A A"),
        Row("POST /{lang}/account/two-factor Enable",                          "R A A A A A"),
        Row("POST /{lang}/commitments/new",                                    "R A A A R A"),
        Row("POST /{lang}/commitments/{id}/edit",                              "R R A A R A"),
        Row("POST /{lang}/commitments/{id}/progress",                          "R R A A R R"),
        Row("POST /{lang}/helpdesk/ask",                                       "R A A A R A"),
        Row("POST /{lang}/helpdesk/{slug} Accept",                             "R R A A R R"), // A's question was asked by the member: only the asker and A's admin decide
        Row("POST /{lang}/helpdesk/{slug} Answer",                             "R A A A R A"),
        Row("POST /{lang}/helpdesk/{slug} Close",                              "R R A A R R"),
        Row("POST /{lang}/marketplace/conversations/{id}",                     "R R A A R R"),
        Row("POST /{lang}/marketplace/offers/{slug} Interest",                 "R A R R R A"),
        Row("POST /{lang}/marketplace/offers/{slug} State",                    "R R A A R A"),
        Row("POST /{lang}/marketplace/requests/{slug} Feedback",               "R R R R R A"), // the network admin acts for the helper: feedback given already is a 409 (moved on), not a refusal
        Row("POST /{lang}/marketplace/requests/{slug} Interest",               "R A R R R A"),
        Row("POST /{lang}/marketplace/requests/{slug} Move",                   "R R A A R A"),
        Row("POST /{lang}/marketplace/{type}/new",                             "R A A A R A"),
        Row("POST /{lang}/marketplace/{type}/{slug}/edit",                     "R R A A R A"),
        Row("GET /api/v1/programmes",                                          "A A A A A A"),
        Row("GET /{lang}/learning-paths",                                      "A A A A A A"),
        Row("GET /{lang}/learning-paths/new",                                  "R R R R A A"), // coordinators assemble paths
        Row("GET /{lang}/learning-paths/{slug}",                               "A A A A A A"),
        Row("GET /{lang}/learning-paths/{slug}/edit",                          "R R R R A A"),
        Row("POST /{lang}/learning-paths/new",                                 "R R R R A A"),
        Row("POST /{lang}/learning-paths/{slug}/edit",                         "R R R R A A"),
        Row("POST /{lang}/learning-paths/{slug} Follow",                       "R A A A A A"), // anyone signed in follows, on their own rows
        Row("POST /{lang}/learning-paths/{slug} Unfollow",                     "R A A A A A"),
        Row("POST /{lang}/learning-paths/{slug} Step",                         "R A A A A A", form: "Step=learning-step&State=done"),
        Row("GET /{lang}/programmes",                                          "A A A A A A"),
        Row("GET /{lang}/programmes/apply",                                    "R A A A R A"),
        Row("GET /{lang}/programmes/{slug}",                                   "A A A A A A"),
        Row("POST /{lang}/programmes/apply",                                   "R A A A R A"),
        Row("POST /{lang}/programmes/{slug} Accept",                           "R R R R A A"), // coordinators decide; an empty form lacks a peer (400)
        Row("POST /{lang}/programmes/{slug} Decline",                          "R R R R A A"),
        Row("POST /{lang}/programmes/{slug} Agenda",                           "R R A A A A"), // A's own programme: its members plan (400 while applied)
        Row("POST /{lang}/programmes/{slug} Milestone",                        "R R A A A A"),
        Row("POST /{lang}/programmes/{slug} MilestoneState",                   "R R A A A A"),
        Row("POST /{lang}/programmes/{slug} Report",                           "R R R R A A"), // the peers (none yet) or coordinators report, never the reviewed partner
        Row("POST /{lang}/programmes/{slug} FollowUp",                         "R R A A R A"), // only the reviewed partner answers (network admins act for any partner)
        Row("POST /{lang}/programmes/{slug} Recommendation",                   "R R A A R A"),
        Row("GET /{lang}/programmes/{slug}/edit",                              "R R A A R A"), // the applicant's organisation edits while applied
        Row("POST /{lang}/programmes/{slug}/edit",                             "R R A A R A"),
        Row("GET /api/v1/events",                                              "A A A A A A"),
        Row("GET /api/v1/events/{id}",                                         "A A A A A A"),
        Row("GET /events/{slug}.ics",                                          "A A A A A A"),
        Row("GET /events/feed/{token}.ics",                                    "R R R R R R", values: "token='not-a-feed-token-of-anybody'"), // a secret address: unknown tokens are 404 for all
        Row("GET /partners/{slug}/events.ics",                                 "A A A A A A"),
        Row("GET /feeds/events.atom",                                          "A A A A A A"),
        Row("GET /{lang}/events",                                              "A A A A A A"),
        Row("GET /{lang}/events/calendar",                                     "R A A A A A"),
        Row("GET /{lang}/events/new",                                          "R A A A R A"),
        Row("GET /{lang}/events/{slug}",                                       "A A A A A A"),
        Row("GET /{lang}/events/{slug}/edit",                                  "R R A A R A"),
        Row("POST /{lang}/events/calendar",                                    "R A A A A A"),
        Row("POST /{lang}/events/new",                                         "R A A A R A"),
        Row("POST /{lang}/events/{slug} Cancel",                               "R A A A A A"),
        Row("POST /{lang}/events/{slug} CancelEvent",                          "R R A A R A"), // the organising partner cancels (an empty note: 400)
        Row("POST /{lang}/events/{slug} Register",                             "R A A A A A"),
        Row("POST /{lang}/events/{slug}/edit",                                 "R R A A R A"),
        Row("POST /{lang}/membership/apply",                                   "R A A A A A"),
        Row("POST /{lang}/membership/review/{id}",                             "R R R R R A"),
        Row("POST /{lang}/networks/new",                                       "R R R R R A"),
        Row("POST /{lang}/networks/webhooks",                                  "R R R R R A"),
        Row("POST /{lang}/networks/webhooks Stop",                             "R R R R R A", form: "id=fresh", fresh: "webhook"),
        Row("POST /{lang}/networks/{slug}",                                    "R R R R R A"),
        Row("POST /{lang}/notifications",                                      "R A A A A A"),
        Row("POST /{lang}/organisation/join",                                  "R A A A A A"),
        Row("POST /{lang}/organisation/{partnerId} Invite",                    "R R R A R R"),
        Row("POST /{lang}/organisation/{partnerId} Role",                      "R R R A R R"),
        Row("POST /{lang}/organisation/{partnerId}/api-keys",                  "R R R A R A"),
        Row("POST /{lang}/organisation/{partnerId}/api-keys Revoke",           "R R R A R A", form: "id=fresh", fresh: "apikey"),
        Row("POST /{lang}/organisation/{partnerId}/edit",                      "R R R A R A"),
        Row("POST /{lang}/practices/new",                                      "R A A A R A"),
        Row("POST /{lang}/practices/{slug}/attachments",                       "R R A A R A"),
        Row("POST /{lang}/practices/{slug}/attachments Remove",                "R R A A R A", form: "id=fresh", fresh: "attachment"),
        Row("POST /{lang}/practices/{slug}/edit",                              "R R A A R A"),
        Row("POST /{lang}/practices/{slug}/transfer",                          "R A R R R A", values: "slug=practice"),
        Row("POST /{lang}/practices/{slug}/translate",                         "R R A A R A"),
        Row("POST /{lang}/practices/{slug}/{handler?} Delete",                 "R R A A R A", fresh: "practice"),
        Row("POST /{lang}/practices/{slug}/{handler?} Move",                   "R R A A R A", form: "step=submit", fresh: "practice"),
        Row("GET /{lang}/account/erased",                                      "A A A A A A"),
        Row("GET /{lang}/account/privacy",                                     "R A A A A A"),
        Row("GET /{lang}/account/privacy/download",                            "R A A A A A"),
        Row("GET /{lang}/admin/reports",                                       "R R R R A A"),
        Row("GET /{lang}/admin/reports/{id}",                                  "R R R R A A"),
        Row("GET /{lang}/admin/suspensions",                                   "R R R R A A"),
        Row("GET /{lang}/report",                                              "R A A A A A", values: "?type='offer' ?key=offer"),
        Row("POST /{lang}/account/privacy Consent",                            "R A A A A A"),
        Row("POST /{lang}/account/privacy Erase",                              "R A A A A A"),
        Row("POST /{lang}/admin/reports/{id}",                                 "R R R R A A"),
        Row("POST /{lang}/admin/reports/{id} Lift",                            "R R R R A A"),
        Row("POST /{lang}/admin/suspensions",                                  "R R R R R R"), // empty form: 404 even for coordinators (ModerationTests lift a real one)
        Row("POST /{lang}/report",                                             "R A A A A A", values: "?type='offer' ?key=offer"),
        Row("POST /{lang}/search/terms",                                       "R R R R A A"),
        Row("POST /{lang}/targets/{framework}/{code}/edit",                    "R R R R A A"),
        Row("POST /{lang}/translations/{contentKind}/{contentId}/{handler?}",   "R R A A A A", values: "contentKind='offer' contentId=offer-id"),
        Row("POST /{lang}/translations/{contentKind}/{contentId}/{handler?} Request", "A A A A A A", values: "contentKind='offer' contentId=offer-id"),
    ];

    [Fact]
    public async Task Every_route_answers_each_kind_of_caller_as_the_matrix_says()
    {
        await using var world = await MatrixWorld.CreateAsync();
        var routes = await RoutesAsync(world.App.Services);
        var rows = Rows.ToDictionary(r => r.Key, StringComparer.Ordinal);
        var problems = new List<string>();
        foreach (var key in routes.Keys.Where(k => !rows.ContainsKey(k)).Order(StringComparer.Ordinal))
            problems.Add($"New route without a row: add to AuthorisationMatrixTests.Rows the line  Row(\"{key}\", \"? ? ? ? ? ?\"),  with A or R for each caller.");
        foreach (var key in rows.Keys.Where(k => !routes.ContainsKey(k)).Order(StringComparer.Ordinal))
            problems.Add($"Row for a route that no longer exists: remove or correct Row(\"{key}\", ...).");

        var print = Environment.GetEnvironmentVariable("LN_MATRIX_PRINT");
        var observed = new Dictionary<(string, Caller), string>();
        var cells = new List<(MatrixRow Row, Caller Caller, bool Allowed)>();
        foreach (var key in routes.Keys.Order(StringComparer.Ordinal))
        {
            var row = rows.GetValueOrDefault(key) ?? (print is null ? null : new MatrixRow(key, "R R R R R R", null, null, null, null));
            if (row is null) continue;
            var letters = row.Cells.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (letters.Length != 6 || letters.Any(l => l is not ("A" or "R")))
            {
                problems.Add($"Row(\"{key}\") needs six letters A or R, one per caller; it has \"{row.Cells}\".");
                continue;
            }
            cells.AddRange(Enum.GetValues<Caller>().Select(c => (row, c, letters[(int)c] == "A")));
        }

        // Refusals first, then the allowed writes, so that an allowed cell that changes an item cannot turn a later refusal
        // into a 404 that proves nothing.
        foreach (var (row, caller, allowed) in cells.OrderBy(c => c.Allowed))
        {
            int status;
            string location, detail;
            try { (status, location, detail) = await SendAsync(world, routes[row.Key], row, caller); }
            catch (InvalidOperationException e) { problems.Add($"{row.Key} as {caller}: {e.Message}"); continue; }
            var refused = status is 401 or 403 or 404 || (status is 302 or 303 && location.Contains("/account/sign-in", StringComparison.Ordinal));
            observed[(row.Key, caller)] = status >= 500 ? "!" : refused ? "R" : "A";
            var name = $"{row.Key} as {caller}: {status}{(location.Length > 0 ? " → " + location : "")}";
            if (status >= 500) problems.Add($"{name}: a server error. {detail}");
            else if (allowed && refused) problems.Add($"{name}: refused, but the matrix says allowed.");
            else if (!allowed && !refused) problems.Add($"{name}: ALLOWED, but the matrix says refused.");
        }

        if (print is not null)
        {
            var text = new StringBuilder();
            foreach (var key in routes.Keys.Order(StringComparer.Ordinal))
            {
                var letters = string.Join(' ', Enum.GetValues<Caller>().Select(c => observed.GetValueOrDefault((key, c), "?")));
                text.AppendLine(CultureInfo.InvariantCulture, $"        Row({("\"" + key + "\",").PadRight(72)} \"{letters}\"),");
            }
            await File.WriteAllTextAsync(print, text.ToString());
        }
        Assert.True(problems.Count == 0, $"{problems.Count} problem(s) in the authorisation matrix:\n" + string.Join('\n', problems));
    }

    /// <summary>One route found in the routing table: its pattern (normalised), method and page handler.</summary>
    private sealed record Route(string Method, string Pattern, string? Handler, bool HandlerInRoute);

    /// <summary>Every route of the app by key, read from the routing table: minimal-API endpoints by their HTTP methods, pages by
    /// each handler method of their compiled model (a page without a model answers GET).</summary>
    private static async Task<Dictionary<string, Route>> RoutesAsync(IServiceProvider services)
    {
        var routes = new Dictionary<string, Route>(StringComparer.Ordinal);
        var loader = services.GetRequiredService<PageLoader>();
        foreach (var endpoint in services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var pattern = Normalise(endpoint.RoutePattern);
            var handlerInRoute = endpoint.RoutePattern.GetParameter("handler") is not null;
            if (endpoint.Metadata.GetMetadata<PageActionDescriptor>() is { } page)
            {
                var compiled = await loader.LoadAsync(page, endpoint.Metadata);
                var handlers = compiled.HandlerMethods.Select(h => (h.HttpMethod.ToUpperInvariant(), h.Name)).ToList();
                if (!handlers.Any(h => h.Item1 == "GET")) handlers.Add(("GET", null));
                foreach (var (method, handler) in handlers)
                    routes[$"{method} {pattern}{(handler is null ? "" : " " + handler)}"] = new Route(method, pattern, handler, handlerInRoute);
            }
            else
            {
                var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"];
                foreach (var method in methods) routes[$"{method} {pattern}"] = new Route(method, pattern, null, false);
            }
        }
        return routes;
    }

    /// <summary>The pattern as the rows write it: a leading slash, parameters without constraints or defaults.</summary>
    private static string Normalise(RoutePattern pattern) =>
        "/" + string.Join('/', pattern.PathSegments.Select(s => string.Concat(s.Parts.Select(p => p switch
        {
            RoutePatternLiteralPart literal => literal.Content,
            RoutePatternSeparatorPart separator => separator.Content,
            RoutePatternParameterPart parameter => "{" + (parameter.IsCatchAll ? "*" : "") + parameter.Name + (parameter.IsOptional ? "?" : "") + "}",
            _ => "",
        }))));

    private static async Task<(int Status, string Location, string Detail)> SendAsync(MatrixWorld world, Route route, MatrixRow row, Caller caller)
    {
        var overrides = (row.Values ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(v => v.Split('=', 2)).ToDictionary(v => v[0], v => v[1]);
        (string Id, string Slug) fresh = row.Fresh is null ? ("", "") : await world.FreshAsync(row.Fresh);
        if (row.Fresh is not null)
        {
            if (fresh.Slug.Length > 0) overrides.TryAdd("slug", fresh.Slug);
            overrides.TryAdd("id", fresh.Id);
        }
        var path = FillPattern(world, route, overrides.Where(o => !o.Key.StartsWith('?')).ToDictionary());
        var query = string.Join('&', overrides.Where(o => o.Key.StartsWith('?')).Select(o => $"{o.Key[1..]}={Uri.EscapeDataString(Value(world, o.Value))}"));
        if (query.Length > 0) path += "?" + query;
        var isApi = path.StartsWith("/api/", StringComparison.Ordinal);
        if (route.Handler is not null && !route.HandlerInRoute) path += (path.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "handler=" + route.Handler;
        var client = world.Client(caller);
        using var request = new HttpRequestMessage(new HttpMethod(route.Method), path);
        if (route.Method != "GET" && route.Method != "HEAD")
        {
            if (isApi || !route.Pattern.StartsWith("/{lang}", StringComparison.Ordinal))
                request.Content = new StringContent(row.Json ?? "{}", Encoding.UTF8, "application/json");
            else
            {
                var fields = (row.Form ?? "").Split('&', StringSplitOptions.RemoveEmptyEntries).Select(v => v.Split('=', 2))
                    .ToDictionary(v => v[0], v => v[1] == "fresh" ? fresh.Id : Value(world, Uri.UnescapeDataString(v[1])));
                fields["__RequestVerificationToken"] = await world.TokenAsync(caller);
                request.Content = new FormUrlEncodedContent(fields);
            }
        }
        if (isApi) world.WithApiKey(request, caller);
        using var response = await client.SendAsync(request);
        var location = response.Headers.Location?.OriginalString ?? "";
        var body = (int)response.StatusCode >= 500 ? await response.Content.ReadAsStringAsync() : "";
        var detail = body[..Math.Min(400, body.Length)];
        if (route.Pattern.EndsWith("/account/sign-out", StringComparison.Ordinal) && route.Method == "POST") await world.SignInAsync(caller);
        return ((int)response.StatusCode, location, detail);
    }

    private static string FillPattern(MatrixWorld world, Route route, Dictionary<string, string> overrides)
    {
        var segments = route.Pattern.Split('/');
        for (var i = 0; i < segments.Length; i++)
        {
            var before = i > 0 ? segments[i - 1] : "";
            segments[i] = ParameterRegex().Replace(segments[i], m =>
            {
                var name = m.Groups[1].Value;
                return overrides.TryGetValue(name, out var given) ? Value(world, given)
                    : name == "handler" ? (route.Handler ?? "").ToLowerInvariant()
                    : Value(world, DefaultValue(route.Pattern, name, before));
            });
        }
        return string.Join('/', segments).Replace("//", "/", StringComparison.Ordinal);
    }

    [GeneratedRegex(@"\{\*?([A-Za-z_]+)\??\}")]
    private static partial Regex ParameterRegex();

    /// <summary>Which of the world's items a parameter stands for, from the segment before it.</summary>
    private static string DefaultValue(string pattern, string name, string before) => (name, before) switch
    {
        ("lang", _) => "en",
        ("slug", "practices") => "draft", // hidden from all but A and moderators: reads are checked too
        ("documentName", _) => "v1",
        ("slug", "offers") => "offer",
        ("slug", "events") => "event",
        ("id", "events") => "event-id",
        ("slug", "requests") => "request",
        ("slug", "partners") => "partner-slug",
        ("slug", "networks") => "network",
        ("slug", "helpdesk") => "question",
        ("slug", "programmes") => "programme",
        ("slug", "learning-paths") => "learning-path",
        ("id", "questions") => "question-id",
        ("slug", "{type}") => "offer",
        ("type", _) => "offers",
        ("id", "commitments") => "commitment",
        ("slug", "news") => "news",
        ("id", "news") => "news-id",
        ("id", "newsletters") => "newsletter",
        ("id", "themes") => "theme",
        ("id", "conversations") => "conversation",
        ("id", "review") => "application",
        ("id", "reports") => "report",
        ("id", "practices") when pattern.StartsWith("/files/", StringComparison.Ordinal) => "attachment",
        ("id", "practices") => "practice-id",
        ("id", "offers") => "offer-id",
        ("id", "requests") => "request-id",
        ("id", "partners") => "partner",
        ("partnerId", _) => "partner",
        ("framework", _) => "kmgbf",
        ("code", "regions") => "nuts",
        ("code", "errors") => "400",
        ("code", _) => "1",
        ("dataset", _) => "practices",
        ("kind", _) => "check-email",
        _ => throw new InvalidOperationException($"No value for {{{name}}} in {pattern}: give one with values: \"{name}=...\"."),
    };

    /// <summary>A world item by name, or the text itself.</summary>
    private static string Value(MatrixWorld world, string name) => name switch
    {
        ['\'', .. var literal, '\''] => literal,
        "practice" => world.PublishedPractice,
        "practice-id" => world.PublishedPracticeId.ToString(CultureInfo.InvariantCulture),
        "draft" => world.DraftPractice,
        "draft-id" => world.DraftPracticeId.ToString(CultureInfo.InvariantCulture),
        "attachment" => world.Attachment.ToString(),
        "offer" => world.Offer,
        "offer-id" => world.OfferId.ToString(CultureInfo.InvariantCulture),
        "request" => world.Request,
        "request-id" => world.RequestId.ToString(CultureInfo.InvariantCulture),
        "commitment" => world.CommitmentId.ToString(CultureInfo.InvariantCulture),
        "news" => world.News,
        "news-id" => world.NewsId.ToString(CultureInfo.InvariantCulture),
        "newsletter" => world.NewsletterId.ToString(CultureInfo.InvariantCulture),
        "theme" => world.ThemeId.ToString(CultureInfo.InvariantCulture),
        "event" => world.Event,
        "event-id" => world.EventId.ToString(CultureInfo.InvariantCulture),
        "question" => world.Question,
        "question-id" => world.QuestionId.ToString(CultureInfo.InvariantCulture),
        "programme" => world.Programme,
        "learning-path" => world.LearningPath,
        "learning-step" => world.LearningStepId.ToString(CultureInfo.InvariantCulture),
        "conversation" => world.ConversationId.ToString(CultureInfo.InvariantCulture),
        "application" => world.ApplicationId.ToString(CultureInfo.InvariantCulture),
        "report" => world.ReportId.ToString(CultureInfo.InvariantCulture),
        "partner" => world.PartnerA.ToString(CultureInfo.InvariantCulture),
        "partner-slug" => world.PartnerASlug,
        "network" => world.Network,
        "nuts" => world.NutsCode,
        _ => name,
    };
}
