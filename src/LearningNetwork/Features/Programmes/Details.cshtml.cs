using LearningNetwork.Data;
using LearningNetwork.Domain;
using LearningNetwork.Features.Marketplace;
using LearningNetwork.Features.Partners;
using LearningNetwork.Features.Practices;
using LearningNetwork.Infrastructure.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace LearningNetwork.Features.Programmes;

/// <summary>A partner with the matcher's score and its reasons in the reader's language.</summary>
public sealed record PeerView(int PartnerId, string Name, string Slug, double Score, IReadOnlyList<string> Reasons);

/// <summary>
/// /{lang}/programmes/{slug}: the programme, its peers with the matcher's reasons, agenda, visit event, milestones, report,
/// recommendations and follow-ups; and the forms of whoever may act: coordinators decide on an application (peers suggested
/// by the marketplace's matcher), participants plan, peers (or the host) report, the applying partner answers the follow-ups
/// and marks recommendations. Plain forms, no script. Every post checks the rights again (401 without an account, 403 for
/// someone who may not) and carries the version it was made on: a step on an older version is a 409 showing the page as saved.
/// </summary>
public sealed class DetailsModel(LearningNetworkDb db, ProgrammeDesk desk, ProgrammeMail mail, Matchmaker matchmaker, MatchExplainer explainer) : PageModel
{
    public Programme Item { get; private set; } = null!;
    public ProgrammeRights Rights { get; private set; } = new(false, false, false, false);
    public IReadOnlyList<string> ThemeLabels { get; private set; } = [];
    public IReadOnlyList<PeerView> Peers { get; private set; } = [];
    public IReadOnlyList<PeerView> Suggestions { get; private set; } = [];
    public IReadOnlyList<FilterChoice> OtherPartners { get; private set; } = [];
    public IReadOnlyList<FilterChoice> Languages { get; private set; } = [];
    public string? SourceRequest { get; private set; }
    public Dictionary<string, string> Errors { get; private set; } = [];
    public string? Done { get; private set; }
    public DateTime Now { get; private set; }

    [BindProperty] public Guid Version { get; set; }
    [BindProperty] public List<string> Peer { get; set; } = [];
    [BindProperty] public string? Note { get; set; }
    [BindProperty] public string? Agenda { get; set; }
    [BindProperty] public string? MilestoneTitle { get; set; }
    [BindProperty] public string? MilestoneDue { get; set; }
    [BindProperty] public string? Milestone { get; set; }
    [BindProperty] public string? State { get; set; }
    [BindProperty] public string? Report { get; set; }
    [BindProperty] public string? Recommendations { get; set; }
    [BindProperty] public string? FollowUp { get; set; }
    [BindProperty] public string? FollowUpAnswer { get; set; }
    [BindProperty] public string? FollowUpLanguage { get; set; }
    [BindProperty] public string? Recommendation { get; set; }

    public static readonly IReadOnlySet<string> Outcomes = new HashSet<string>(StringComparer.Ordinal)
        { "applied", "edited", "accepted", "declined", "agenda", "milestone", "reported", "followed-up", "recommendation", "event" };

    public async Task<IActionResult> OnGetAsync(string slug, string? done, CancellationToken ct)
    {
        if (!await LoadAsync(slug, ct)) return NotFound();
        Done = done is not null && Outcomes.Contains(done) ? done : null;
        Agenda = Item.Agenda;
        FollowUpLanguage = Item.Language;
        return Page();
    }

    public Task<IActionResult> OnPostAcceptAsync(string slug, CancellationToken ct) => StepAsync(slug, "accepted", async (p, userId) =>
    {
        var result = await desk.DecideAsync(p, true, Peer, Note, Version, Rights, userId, ct);
        if (result.Item1 == ProgrammeOutcome.Done && p.Kind == ProgrammeKind.PeerReview)
            await mail.TellPeersAsync(p, await db.ProgrammePeers.AsNoTracking().Where(x => x.ProgrammeId == p.Id).Select(x => x.PartnerId).ToListAsync(ct), ct);
        return result;
    }, r => r.CanDecide, ct);

    public Task<IActionResult> OnPostDeclineAsync(string slug, CancellationToken ct) =>
        StepAsync(slug, "declined", (p, userId) => desk.DecideAsync(p, false, [], Note, Version, Rights, userId, ct), r => r.CanDecide, ct);

    public Task<IActionResult> OnPostAgendaAsync(string slug, CancellationToken ct) =>
        StepAsync(slug, "agenda", (p, userId) => desk.SetAgendaAsync(p, Agenda, Version, Rights, userId, ct), r => r.CanPlan, ct);

    public Task<IActionResult> OnPostMilestoneAsync(string slug, CancellationToken ct) =>
        StepAsync(slug, "milestone", (p, userId) => desk.AddMilestoneAsync(p, MilestoneTitle, MilestoneDue, Version, Rights, userId, ct), r => r.CanPlan, ct);

    public Task<IActionResult> OnPostMilestoneStateAsync(string slug, CancellationToken ct) =>
        StepAsync(slug, "milestone", (p, userId) => desk.MarkMilestoneAsync(p, Milestone, State == "done", Version, Rights, userId, ct), r => r.CanPlan, ct);

    public Task<IActionResult> OnPostReportAsync(string slug, CancellationToken ct) =>
        StepAsync(slug, "reported", (p, userId) => desk.ReportAsync(p, Report, Recommendations, Version, Rights, userId, ct), r => r.CanReport, ct);

    public Task<IActionResult> OnPostFollowUpAsync(string slug, CancellationToken ct) =>
        StepAsync(slug, "followed-up", (p, userId) => desk.AnswerFollowUpAsync(p, FollowUp, FollowUpAnswer, FollowUpLanguage, Version, Rights, userId, ct), r => r.IsApplicant, ct);

    public Task<IActionResult> OnPostRecommendationAsync(string slug, CancellationToken ct) =>
        StepAsync(slug, "recommendation", (p, userId) => desk.MarkRecommendationAsync(p, Recommendation, State, Version, Rights, userId, ct), r => r.IsApplicant, ct);

    private async Task<IActionResult> StepAsync(string slug, string done, Func<Programme, string?, Task<(ProgrammeOutcome, Dictionary<string, string>)>> step,
        Func<ProgrammeRights, bool> may, CancellationToken ct)
    {
        if (!await LoadAsync(slug, ct)) return NotFound();
        if (User.Identity?.IsAuthenticated != true) return Challenge();
        if (!may(Rights)) return Forbid();
        var tracked = await db.Programmes.AsTracking().FirstAsync(p => p.Id == Item.Id, ct);
        var (outcome, errors) = await step(tracked, PracticeEditor.UserId(User));
        switch (outcome)
        {
            case ProgrammeOutcome.Done:
                return LocalRedirect($"/{LocalizationSetup.CurrentLanguage}/programmes/{slug}?done={done}");
            case ProgrammeOutcome.NotAllowed:
                return Forbid();
            default:
                // The page as saved now; a conflict carries the saved version, so that a deliberate second try goes through.
                db.ChangeTracker.Clear();
                var keep = Version;
                await LoadAsync(slug, ct);
                Version = outcome == ProgrammeOutcome.Conflict ? Item.Version : keep;
                Errors = errors;
                Response.StatusCode = outcome == ProgrammeOutcome.Conflict ? StatusCodes.Status409Conflict : StatusCodes.Status400BadRequest;
                return Page();
        }
    }

    private async Task<bool> LoadAsync(string slug, CancellationToken ct)
    {
        var p = await db.Programmes.AsNoTracking().Include(x => x.Tags).Include(x => x.Partner).Include(x => x.SecondPartner).Include(x => x.Event)
            .Include(x => x.Recommendations).Include(x => x.FollowUps).Include(x => x.Milestones).AsSplitQuery().FirstOrDefaultAsync(x => x.Slug == slug, ct);
        if (p is null) return false;
        Item = p;
        Now = HttpContext.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        Rights = await desk.RightsAsync(User, p, ct);
        if (Version == Guid.Empty) Version = p.Version; // a post keeps the version it was made on
        var lang = LocalizationSetup.CurrentLanguage;
        var thesaurus = await matchmaker.ThesaurusAsync(db, ct);
        ThemeLabels = p.Tags.Where(t => t.Scheme == ProgrammeTagSchemes.Theme).Select(t => thesaurus.Label("gemet:" + t.Code, lang)).Order(StringComparer.CurrentCulture)
            .Concat(Themes.ThemeNames.Split(p.FreeKeywords)).ToList(); // then the applicant's own words, as written
        var peers = await db.ProgrammePeers.AsNoTracking().Where(x => x.ProgrammeId == p.Id).Include(x => x.Partner).OrderByDescending(x => x.Score).ToListAsync(ct);
        var views = new List<PeerView>();
        foreach (var x in peers)
            views.Add(new PeerView(x.PartnerId, x.Partner!.Name, x.Partner.Slug, x.Score, await ExplainAsync(x.PartnerId, x.Partner.Slug, x.Partner.Name, x.Score, MatchReasons.Deserialise(x.Reasons), lang, ct)));
        Peers = views;
        if (p.SourceRequestId is { } requestId) SourceRequest = await db.Requests.AsNoTracking().Where(r => r.Id == requestId).Select(r => r.Slug).FirstOrDefaultAsync(ct);
        Languages = LanguageNames.Choices(await db.Languages.AsNoTracking().Select(l => l.Code).ToListAsync(ct));
        if (Rights.CanDecide && p.Stage == ProgrammeStage.Applied)
        {
            var suggestions = await desk.SuggestAsync(p, ct);
            var ids = suggestions.Select(s => s.PartnerId).ToList();
            var partners = await db.Partners.AsNoTracking().Where(x => ids.Contains(x.Id)).ToDictionaryAsync(x => x.Id, ct);
            var list = new List<PeerView>();
            foreach (var s in suggestions.Where(s => partners.ContainsKey(s.PartnerId)))
            {
                var partner = partners[s.PartnerId];
                list.Add(new PeerView(s.PartnerId, partner.Name, partner.Slug, s.Score, await ExplainAsync(s.PartnerId, partner.Slug, partner.Name, s.Score, s.Reasons, lang, ct)));
            }
            Suggestions = list;
            OtherPartners = await db.Partners.AsNoTracking().Where(x => x.Id != p.PartnerId && x.Id != p.SecondPartnerId && !ids.Contains(x.Id)).OrderBy(x => x.Name)
                .Select(x => new FilterChoice(x.Id.ToString(), x.Name)).ToListAsync(ct);
        }
        return true;
    }

    private async Task<IReadOnlyList<string>> ExplainAsync(int partnerId, string slug, string name, double score, IReadOnlyList<MatchReason> reasons, string lang, CancellationToken ct) =>
        reasons.Count == 0 ? [] : await explainer.ExplainAsync(new Match("partner", partnerId, slug, name, "", partnerId, score, reasons), lang, ct);
}
