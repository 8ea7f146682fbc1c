using LearningNetwork.Data;
using LearningNetwork.Domain;
using LearningNetwork.Features.Marketplace;
using LearningNetwork.Features.Partners;
using LearningNetwork.Features.Practices;
using LearningNetwork.Infrastructure.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace LearningNetwork.Features.Helpdesk;

/// <summary>A partner a question was routed to, with the reasons in the reader's language (coordinators only).</summary>
public sealed record RouteView(int Rank, string PartnerName, string PartnerSlug, double Score, int PeopleNotified, IReadOnlyList<string> Reasons);

/// <summary>
/// /{lang}/helpdesk/{slug}: a question, its answers (the accepted one marked and first), the form to answer it for one's
/// organisation, the asker's accept and close buttons, and for coordinators the partners it was routed to and why. Plain
/// forms, no script. Every post checks the rights again: 401 without an account, 403 for someone who may not.
/// </summary>
public sealed class QuestionModel(LearningNetworkDb db, HelpdeskDesk desk, Matchmaker matchmaker, MatchExplainer explainer) : PageModel
{
    public HelpdeskQuestion Item { get; private set; } = null!;
    public QuestionRights Rights { get; private set; } = new(false, false, []);
    public IReadOnlyList<HelpdeskAnswer> Answers { get; private set; } = [];
    public IReadOnlyList<string> ThemeLabels { get; private set; } = [];
    public IReadOnlyList<RouteView> Routes { get; private set; } = [];
    public IReadOnlyList<FilterChoice> Languages { get; private set; } = [];
    public Dictionary<string, string> Errors { get; private set; } = [];
    public string? Done { get; private set; }

    [BindProperty] public string? AnswerPartner { get; set; }
    [BindProperty] public string? AnswerBody { get; set; }
    [BindProperty] public string? AnswerLanguage { get; set; }
    [BindProperty] public string? Answer { get; set; }
    [BindProperty] public Guid Version { get; set; }

    public async Task<IActionResult> OnGetAsync(string slug, string? done, CancellationToken ct)
    {
        if (!await LoadAsync(slug, ct)) return NotFound();
        Done = done is "asked" or "answered" or "accepted" or "closed" ? done : null;
        AnswerLanguage = LocalizationSetup.CurrentLanguage;
        if (Rights.AnswerFor.Count == 1) AnswerPartner = Rights.AnswerFor[0].Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Page();
    }

    public async Task<IActionResult> OnPostAnswerAsync(string slug, CancellationToken ct)
    {
        if (!await LoadAsync(slug, ct)) return NotFound();
        if (User.Identity?.IsAuthenticated != true) return Challenge();
        if (!Rights.CanAnswer) return Forbid();
        var (values, errors) = desk.ValidateAnswer(AnswerPartner, AnswerBody, AnswerLanguage, Rights, Languages.Select(l => l.Value).ToList());
        if (values is null) return Invalid(errors);
        await desk.AnswerAsync(Item, values, PracticeEditor.UserId(User), ct);
        return LocalRedirect($"/{LocalizationSetup.CurrentLanguage}/helpdesk/{slug}?done=answered");
    }

    public async Task<IActionResult> OnPostAcceptAsync(string slug, CancellationToken ct)
    {
        if (!await LoadAsync(slug, ct)) return NotFound();
        if (User.Identity?.IsAuthenticated != true) return Challenge();
        if (!Rights.CanDecide) return Forbid();
        var tracked = await db.HelpdeskQuestions.FirstAsync(q => q.Id == Item.Id, ct);
        var (outcome, errors) = await desk.AcceptAsync(tracked, Answer, Version, Rights, PracticeEditor.UserId(User), ct);
        return Result(slug, outcome, errors, "accepted");
    }

    public async Task<IActionResult> OnPostCloseAsync(string slug, CancellationToken ct)
    {
        if (!await LoadAsync(slug, ct)) return NotFound();
        if (User.Identity?.IsAuthenticated != true) return Challenge();
        if (!Rights.CanDecide) return Forbid();
        var tracked = await db.HelpdeskQuestions.FirstAsync(q => q.Id == Item.Id, ct);
        var (outcome, errors) = await desk.CloseAsync(tracked, Version, Rights, PracticeEditor.UserId(User), ct);
        return Result(slug, outcome, errors, "closed");
    }

    private IActionResult Result(string slug, HelpdeskOutcome outcome, Dictionary<string, string> errors, string done) => outcome switch
    {
        HelpdeskOutcome.Done => LocalRedirect($"/{LocalizationSetup.CurrentLanguage}/helpdesk/{slug}?done={done}"),
        HelpdeskOutcome.NotAllowed => Forbid(),
        HelpdeskOutcome.Conflict => Conflict(errors),
        _ => Invalid(errors),
    };

    /// <summary>The page as saved now, with the saved version, so that a deliberate second try goes through.</summary>
    private PageResult Conflict(Dictionary<string, string> errors)
    {
        Version = Item.Version;
        return Invalid(errors, StatusCodes.Status409Conflict);
    }

    private PageResult Invalid(Dictionary<string, string> errors, int status = StatusCodes.Status400BadRequest)
    {
        Errors = errors;
        Response.StatusCode = status;
        return Page();
    }

    private async Task<bool> LoadAsync(string slug, CancellationToken ct)
    {
        var question = await db.HelpdeskQuestions.AsNoTracking().Include(q => q.Tags).Include(q => q.Partner).Include(q => q.Answers).ThenInclude(a => a.Partner)
            .AsSplitQuery().FirstOrDefaultAsync(q => q.Slug == slug, ct);
        if (question is null) return false;
        Item = question;
        Answers = question.Answers.OrderByDescending(a => a.Id == question.AcceptedAnswerId).ThenBy(a => a.CreatedAt).ThenBy(a => a.Id).ToList();
        Rights = await desk.RightsAsync(User, question, ct);
        if (Version == Guid.Empty) Version = question.Version; // a post keeps the version it was made on
        var lang = LocalizationSetup.CurrentLanguage;
        var thesaurus = await matchmaker.ThesaurusAsync(db, ct);
        ThemeLabels = question.Tags.Where(t => t.Scheme == QuestionTagSchemes.Theme).Select(t => thesaurus.Label("gemet:" + t.Code, lang)).Order(StringComparer.CurrentCulture)
            .Concat(Themes.ThemeNames.Split(question.FreeKeywords)).ToList(); // then the asker's own words, as written
        Languages = LanguageNames.Choices(await db.Languages.AsNoTracking().Select(l => l.Code).ToListAsync(ct));
        if (Rights.IsCoordinator)
        {
            var routes = await db.HelpdeskRoutes.AsNoTracking().Where(r => r.QuestionId == question.Id).Include(r => r.Partner).OrderBy(r => r.Rank).ToListAsync(ct);
            var views = new List<RouteView>();
            foreach (var r in routes)
            {
                var match = new Match("partner", r.PartnerId, r.Partner!.Slug, r.Partner.Name, "", r.PartnerId, r.Score, HelpdeskRouter.Deserialise(r.Reasons));
                views.Add(new RouteView(r.Rank, r.Partner.Name, r.Partner.Slug, r.Score, r.PeopleNotified, await explainer.ExplainAsync(match, lang, ct)));
            }
            Routes = views;
        }
        return true;
    }
}
