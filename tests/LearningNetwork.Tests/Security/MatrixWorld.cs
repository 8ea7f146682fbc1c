using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using LearningNetwork.Data;
using LearningNetwork.Domain;
using LearningNetwork.Features.ApiKeys;
using LearningNetwork.Features.Practices;
using LearningNetwork.Tests.Features.Practices;
using LearningNetwork.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LearningNetwork.Tests.Security;

/// <summary>The six kinds of caller the authorisation matrix tries every route as, in the order of its columns.</summary>
public enum Caller { Anonymous, OtherOrganisation, Member, OrganisationAdmin, Moderator, NetworkAdmin }

/// <summary>
/// The world the authorisation matrix runs in: one seeded app, one signed-in client per <see cref="Caller"/>, and the items
/// the routes' parameters are filled with, all owned by the "member" organisation (A): a published and a draft practice, an
/// attachment of the draft, an offer, a request, a commitment, a conversation it owns, an API key. "Other organisation" is an
/// organisation admin of another demo partner (B, with its own API key), so it has every right in its own organisation and
/// none in A. Moderator and network admin belong to no organisation.
/// </summary>
public sealed partial class MatrixWorld : IAsyncDisposable
{
    private readonly Dictionary<Caller, HttpClient> _clients = [];
    private readonly Dictionary<Caller, string> _emails = [];
    private readonly Dictionary<Caller, string> _tokens = [];
    private readonly Dictionary<Caller, string> _apiKeys = [];

    private readonly TestApp _app;

    private MatrixWorld(TestApp app, WebApplicationFactory<Program> factory) => (_app, App) = (app, factory);

    /// <summary>The app the matrix runs against: a TestApp (SQLite, demo data) whose session stamp is re-checked hourly.</summary>
    public WebApplicationFactory<Program> App { get; }
    public int PartnerA { get; private set; }
    public string PartnerASlug { get; private set; } = "";
    public int PartnerB { get; private set; }
    public int PublishedPracticeId { get; private set; }
    public string PublishedPractice { get; private set; } = "";
    public int DraftPracticeId { get; private set; }
    public string DraftPractice { get; private set; } = "";
    public Guid Attachment { get; private set; }
    public int OfferId { get; private set; }
    public string Offer { get; private set; } = "";
    public int RequestId { get; private set; }
    public string Request { get; private set; } = "";
    public int CommitmentId { get; private set; }
    public int EventId { get; private set; }
    public string Event { get; private set; } = "";
    /// <summary>A helpdesk question of A, asked by the member.</summary>
    public int QuestionId { get; private set; }
    public string Question { get; private set; } = "";
    public string Programme { get; private set; } = "";
    /// <summary>A published news item of A, a newsletter draft, and a GEMET concept (a theme page).</summary>
    public int NewsId { get; private set; }
    public string News { get; private set; } = "";
    public int NewsletterId { get; private set; }
    public int ThemeId { get; private set; }
    public string LearningPath { get; private set; } = "";
    public int LearningStepId { get; private set; }
    public int ConversationId { get; private set; }
    public int ApplicationId { get; private set; }
    public int ReportId { get; private set; }
    public string Network { get; private set; } = "";
    public string NutsCode { get; private set; } = "";

    public static async Task<MatrixWorld> CreateAsync()
    {
        // Sign-in, register and API calls are rate-limited in production; the matrix makes hundreds of calls from one address.
        var app = new TestApp(Providers.Sqlite, new Dictionary<string, string?> { ["Api:RequestsPerMinute"] = "0" });
        // Identity re-checks a session's security stamp once a minute and renews the cookie. In two of the runs that took
        // longer than a minute, the organisation callers (who also send an API key) lost their session at that renewal; it
        // did not happen on a page, a 403 or a 404 alone (reported for investigation with the trust-matrix branch). The
        // matrix is about authorisation, so here the stamp is re-checked hourly and each caller keeps one session.
        var factory = app.WithWebHostBuilder(b => b.ConfigureTestServices(s =>
            s.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromHours(1))));
        _ = factory.Server;
        var world = new MatrixWorld(app, factory);
        await world.SeedAsync();
        return world;
    }

    public HttpClient Client(Caller caller) => _clients[caller];

    /// <summary>The API key of the caller's organisation (Bearer header), for the two organisation callers and A's admin.</summary>
    public string? ApiKey(Caller caller) => _apiKeys.GetValueOrDefault(caller);

    private async Task SeedAsync()
    {
        using (var scope = App.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<LearningNetworkDb>();
            // A: a demo partner that owns a conversation about one of its requests, and also a published practice, an offer
            // and a commitment.
            var owners = await db.Conversations.Where(c => c.RequestId != null).Select(c => c.OwnerPartnerId).Distinct().ToListAsync();
            var a = await db.Partners.Where(p => owners.Contains(p.Id)
                    && db.Practices.Any(x => x.PartnerId == p.Id && x.Stage == PracticeStage.Published)
                    && db.Offers.Any(x => x.PartnerId == p.Id) && db.Commitments.Any(x => x.PartnerId == p.Id))
                .OrderBy(p => p.Id).FirstAsync();
            (PartnerA, PartnerASlug, NutsCode) = (a.Id, a.Slug, a.NutsCode ?? "NL41");
            var conversation = await db.Conversations.Where(c => c.OwnerPartnerId == a.Id && c.RequestId != null).OrderBy(c => c.Id).FirstAsync();
            ConversationId = conversation.Id;
            var request = await db.Requests.SingleAsync(r => r.Id == conversation.RequestId);
            (RequestId, Request) = (request.Id, request.Slug);
            // B: neither A nor the other side of A's conversation.
            PartnerB = await db.Partners.Where(p => p.Id != a.Id && p.Id != conversation.OtherPartnerId).OrderBy(p => p.Id).Select(p => p.Id).FirstAsync();
            var practice = await db.Practices.Where(x => x.PartnerId == a.Id && x.Stage == PracticeStage.Published).OrderBy(x => x.Id).FirstAsync();
            (PublishedPracticeId, PublishedPractice) = (practice.Id, practice.Slug);
            var offer = await db.Offers.Where(x => x.PartnerId == a.Id).OrderBy(x => x.Id).FirstAsync();
            (OfferId, Offer) = (offer.Id, offer.Slug);
            CommitmentId = await db.Commitments.Where(x => x.PartnerId == a.Id).OrderBy(x => x.Id).Select(x => x.Id).FirstAsync();
            // An upcoming event organised by A, open for registration (no limit, cancellable).
            var ev = new Event
            {
                Slug = "matrix-event", PartnerId = a.Id, Kind = EventKind.Workshop, Language = "en", Title = "Matrix workshop", Summary = "A workshop of A.",
                Description = "A workshop the authorisation matrix registers for.", StartsAt = DateTime.UtcNow.AddDays(30), EndsAt = DateTime.UtcNow.AddDays(30).AddHours(3),
                TimeZone = "Europe/Amsterdam", CountryCode = a.CountryCode, Address = "Matrix street 1", CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow,
            };
            db.Events.Add(ev);
            // An open abuse report about A's offer, for the moderators' review pages.
            var report = new AbuseReport
            {
                ContentType = "offer", ContentKey = offer.Slug, ContentTitle = offer.Title, Reason = ReportReason.Spam, Text = "Matrix world report",
                CreatedAt = DateTime.UtcNow, Status = ReportStatus.Open,
            };
            db.AbuseReports.Add(report);
            var news = new NewsItem
            {
                Slug = "matrix-news", PartnerId = a.Id, OriginalLanguage = "en", PublishedAt = DateTime.UtcNow.AddDays(-1), CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow,
                Texts = [new NewsText { Language = "en", Title = "Matrix news", Summary = "News of A.", Body = "News the authorisation matrix edits.", UpdatedAt = DateTime.UtcNow }],
            };
            db.NewsItems.Add(news);
            var newsletter = new NewsletterIssue
            {
                Title = "Matrix newsletter", Language = "en", Introduction = "A draft the matrix tries to send.", State = NewsletterState.Draft,
                CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow, Entries = [new NewsletterEntry { Kind = "practice", ItemId = practice.Id, Position = 0 }],
            };
            db.NewsletterIssues.Add(newsletter);
            await db.SaveChangesAsync();
            ReportId = report.Id;
            (EventId, Event) = (ev.Id, ev.Slug);
            (NewsId, News, NewsletterId) = (news.Id, news.Slug, newsletter.Id);
            ThemeId = await db.GemetConcepts.OrderBy(c => c.Id).Select(c => c.Id).FirstAsync();
        }

        await PersonAsync(Caller.OtherOrganisation, PartnerB, OrganisationRole.OrganisationAdmin);
        await PersonAsync(Caller.Member, PartnerA, OrganisationRole.Member);
        await PersonAsync(Caller.OrganisationAdmin, PartnerA, OrganisationRole.OrganisationAdmin);
        await PersonAsync(Caller.Moderator, null, null, Roles.Moderator);
        await PersonAsync(Caller.NetworkAdmin, null, null, Roles.NetworkAdmin);
        _clients[Caller.Anonymous] = NewClient();

        (DraftPracticeId, DraftPractice) = await NewDraftPracticeAsync();
        using (var scope = App.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<LearningNetworkDb>();
            Attachment = Guid.NewGuid();
            db.PracticeAttachments.Add(new PracticeAttachment
            {
                Id = Attachment, PracticeId = DraftPracticeId, Kind = AttachmentKind.Photo, FileName = "hedge.png", ContentType = "image/png",
                SizeBytes = 8, Width = 1, Height = 1, CreatedAt = DateTime.UtcNow,
            });
            db.PracticeAttachmentContents.Add(new PracticeAttachmentContent { AttachmentId = Attachment, Bytes = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], Thumbnail = [0x89, 0x50, 0x4E, 0x47] });
            var applicant = await db.Users.Where(u => u.Email == _emails[Caller.Member]).Select(u => u.Id).SingleAsync();
            var application = new MembershipApplication
            {
                ApplicantId = applicant, Name = "Matrix Valley Landscape Trust", CountryCode = "NL", NutsCode = "NL41", Languages = "nl",
                Description = "An application the authorisation matrix decides on.", SubmittedAt = DateTime.UtcNow, Status = ApplicationStatus.Submitted,
            };
            db.MembershipApplications.Add(application);
            var network = new RegisteredNetwork { Slug = "matrix-network", Name = "Matrix network", FeedUrl = "https://feeds.invalid/matrix.jsonld" };
            db.RegisteredNetworks.Add(network);
            foreach (var (caller, partner) in new[] { (Caller.OtherOrganisation, PartnerB), (Caller.Member, PartnerA), (Caller.OrganisationAdmin, PartnerA) })
            {
                var (prefix, secret, token) = ApiKeyAuthentication.NewKey();
                db.ApiKeys.Add(new ApiKey { PartnerId = partner, Name = $"matrix {caller}", Prefix = prefix, SecretHash = ApiKeyAuthentication.Hash(secret), Scopes = string.Join(' ', ApiScopes.All), CreatedAt = DateTime.UtcNow });
                _apiKeys[caller] = token;
            }
            var question = new HelpdeskQuestion
            {
                Slug = "matrix-question", UserId = applicant, PartnerId = PartnerA, Title = "Matrix question", Body = "A question the authorisation matrix answers and accepts.",
                Language = "en", CountryCode = "NL", AskedAt = DateTime.UtcNow, DueAt = DateTime.UtcNow.AddDays(7), UpdatedAt = DateTime.UtcNow,
            };
            db.HelpdeskQuestions.Add(question);
            // A peer review A applied for, waiting for the coordinators' decision.
            var programme = new Programme
            {
                Slug = "matrix-programme", Kind = ProgrammeKind.PeerReview, Stage = ProgrammeStage.Applied, PartnerId = PartnerA, Language = "en", Title = "Matrix peer review",
                Description = "A peer review the authorisation matrix decides on.", Subject = ReviewSubject.Plan, Focus = "Everything.", CreatedBy = applicant,
                CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow,
            };
            db.Programmes.Add(programme);
            // A learning path with one step, for following and marking done (coordinators edit it).
            var path = new LearningPath
            {
                Slug = "matrix-path", Language = "en", CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow,
                Texts = [new LearningPathText { Language = "en", Title = "Matrix path", Summary = "A learning path the authorisation matrix follows." }],
                Steps = [new LearningPathStep { Position = 1, Kind = LearningStepKind.Document, Url = "https://example.org/guide", Title = "A guide" }],
            };
            db.LearningPaths.Add(path);
            await db.SaveChangesAsync();
            Programme = programme.Slug;
            (LearningPath, LearningStepId) = (path.Slug, path.Steps[0].Id);
            (ApplicationId, Network, QuestionId, Question) = (application.Id, network.Slug, question.Id, question.Slug);
        }
    }

    /// <summary>A new draft practice of A, made through the form by A's organisation admin: for cells that consume their item.</summary>
    public async Task<(int Id, string Slug)> NewDraftPracticeAsync()
    {
        var title = $"Matrix hedgerows {Guid.NewGuid():N}";
        var response = await Client(Caller.OrganisationAdmin).SubmitAsync("/en/practices/new", PracticeTestData.Form(PartnerA, title));
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"making a draft practice answered {(int)response.StatusCode}");
        using var scope = App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<LearningNetworkDb>();
        var id = await db.PracticeTexts.Where(t => t.Title == title).Select(t => t.PracticeId).SingleAsync();
        return (id, await db.Practices.Where(p => p.Id == id).Select(p => p.Slug).SingleAsync());
    }

    /// <summary>
    /// A new item for one cell of a row whose handler consumes it: "practice" (a draft of A: its slug and id), "attachment"
    /// (of A's draft), "apikey" (of A), "webhook" (a subscription). Returns the id, and the slug of the practice it is in.
    /// </summary>
    public async Task<(string Id, string Slug)> FreshAsync(string kind)
    {
        if (kind == "practice")
        {
            var (practiceId, slug) = await NewDraftPracticeAsync();
            return (practiceId.ToString(System.Globalization.CultureInfo.InvariantCulture), slug);
        }
        using var scope = App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<LearningNetworkDb>();
        switch (kind)
        {
            case "attachment":
                var id = Guid.NewGuid();
                db.PracticeAttachments.Add(new PracticeAttachment
                {
                    Id = id, PracticeId = DraftPracticeId, Kind = AttachmentKind.Document, FileName = "plan.pdf", ContentType = "application/pdf",
                    SizeBytes = 8, CreatedAt = DateTime.UtcNow,
                });
                db.PracticeAttachmentContents.Add(new PracticeAttachmentContent { AttachmentId = id, Bytes = "%PDF-1.4"u8.ToArray() });
                await db.SaveChangesAsync();
                return (id.ToString(), DraftPractice);
            case "apikey":
                var (prefix, secret, _) = ApiKeyAuthentication.NewKey();
                var key = new ApiKey { PartnerId = PartnerA, Name = "matrix spare", Prefix = prefix, SecretHash = ApiKeyAuthentication.Hash(secret), Scopes = ApiScopes.PracticesWrite, CreatedAt = DateTime.UtcNow };
                db.ApiKeys.Add(key);
                await db.SaveChangesAsync();
                return (key.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), "");
            case "webhook":
                var subscription = new WebhookSubscription { Url = "https://hooks.invalid/matrix", Secret = "matrix-secret-0123456789abcdef", CreatedAt = DateTime.UtcNow };
                db.WebhookSubscriptions.Add(subscription);
                await db.SaveChangesAsync();
                return (subscription.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), "");
            default:
                throw new InvalidOperationException($"No fresh item of the kind \"{kind}\" (practice, attachment, apikey, webhook).");
        }
    }

    private async Task PersonAsync(Caller caller, int? partner, OrganisationRole? role, string? siteRole = null)
    {
        using (var scope = App.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<UserAccount>>();
            var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
            var email = $"matrix-{caller.ToString().ToLowerInvariant()}-{Guid.NewGuid():N}@example.org";
            var user = new UserAccount { UserName = email, Email = email, EmailConfirmed = true };
            Assert.True((await users.CreateAsync(user, TestPeople.Password)).Succeeded);
            siteRole ??= role == OrganisationRole.OrganisationAdmin ? Roles.OrganisationAdmin : Roles.Member;
            if (!await roles.RoleExistsAsync(siteRole)) await roles.CreateAsync(new IdentityRole(siteRole));
            await users.AddToRoleAsync(user, siteRole);
            if (partner is { } p)
            {
                var db = scope.ServiceProvider.GetRequiredService<LearningNetworkDb>();
                db.PartnerMembers.Add(new PartnerMember { PartnerId = p, UserId = user.Id, Role = role!.Value, Since = DateTime.UtcNow });
                await db.SaveChangesAsync();
            }
            _emails[caller] = email;
        }
        _clients[caller] = NewClient();
        await SignInAsync(caller);
    }

    /// <summary>Signs the caller's client (back) in, e.g. after a cell that posted sign-out.</summary>
    public async Task SignInAsync(Caller caller)
    {
        if (caller == Caller.Anonymous) return;
        _tokens.Remove(caller);
        var response = await Client(caller).SubmitAsync("/en/account/sign-in", new Dictionary<string, string> { ["Form.Email"] = _emails[caller], ["Form.Password"] = TestPeople.Password });
        Assert.True(response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location?.OriginalString == "/en/",
            $"{caller} could not sign in: {(int)response.StatusCode} {response.Headers.Location}");
    }

    /// <summary>
    /// A valid antiforgery token for the caller, from a GET of a page that draws a form for them (sign-in for anonymous, change
    /// password for the others). A token is bound to the person and their antiforgery cookie, not to the page, so it is what
    /// a browser would send with any of the person's forms; taken once per sign-in, to keep the matrix fast.
    /// </summary>
    public async Task<string> TokenAsync(Caller caller)
    {
        if (_tokens.TryGetValue(caller, out var token)) return token;
        var html = await Client(caller).GetStringAsync(caller == Caller.Anonymous ? "/en/account/sign-in" : "/en/account/password");
        var match = TokenRegex().Match(html);
        Assert.True(match.Success, $"no antiforgery token for {caller}");
        return _tokens[caller] = WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    private HttpClient NewClient() => App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    public HttpRequestMessage WithApiKey(HttpRequestMessage request, Caller caller)
    {
        if (ApiKey(caller) is { } key) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return request;
    }

    public ValueTask DisposeAsync()
    {
        foreach (var client in _clients.Values) client.Dispose();
        App.Dispose();
        _app.Dispose();
        return ValueTask.CompletedTask;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenRegex();
}
