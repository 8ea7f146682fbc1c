using LearningNetwork.Data;
using LearningNetwork.Domain;
using LearningNetwork.Features.Practices;
using LearningNetwork.Infrastructure.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace LearningNetwork.Features.Marketplace;

/// <summary>
/// /{lang}/marketplace/requests/{slug}: a request with its lifecycle so far, the ranked offers (and partners) that could
/// answer it with their reasons, and what the reader may do: express interest for their organisation, or, for the
/// owner, move it along (in discussion, matched, in progress, closed with an outcome and feedback); the helping
/// organisation gives its feedback once it is closed. Every post checks the rights again: 401 without an account,
/// 403 for someone who does not act for the right organisation.
/// </summary>
public sealed class RequestModel(LearningNetworkDb db, Matchmaker matchmaker, MatchExplainer explainer, MarketplaceEditor editor, TimeProvider clock,
    IStringLocalizer<SharedResource> text, LearningNetwork.Features.Translation.MachineTranslations translations) : ExchangePage(db, matchmaker, explainer, editor, clock, translations)
{
    public HelpRequest Item { get; private set; } = null!;
    public Partner? Helper { get; private set; }
    public IReadOnlyList<MatchCandidate> Candidates { get; private set; } = [];
    public IReadOnlyDictionary<int, string> StepPartners { get; private set; } = new Dictionary<int, string>();
    public IReadOnlyList<RequestState> NextStates => Rights.IsOwner ? MarketplaceEditor.Transitions[Item.State]
        : Rights.IsMatched && Item.State == RequestState.Matched ? [RequestState.InProgress] : [];
    public string? Done { get; private set; }

    [BindProperty] public string? Partner { get; set; }
    [BindProperty] public string? Message { get; set; }
    [BindProperty] public string? To { get; set; }
    [BindProperty] public Guid Version { get; set; }
    [BindProperty] public string? Note { get; set; }
    [BindProperty] public string? MatchWith { get; set; }
    [BindProperty] public string? Outcome { get; set; }
    [BindProperty] public string? Rating { get; set; }
    [BindProperty] public string? Feedback { get; set; }

    public async Task<IActionResult> OnGetAsync(string slug, string? done, CancellationToken ct)
    {
        if (!await LoadAsync(slug, ct)) return NotFound();
        Done = done is "interest" or "moved" or "feedback" ? done : null;
        return Page();
    }

    public async Task<IActionResult> OnPostInterestAsync(string slug, CancellationToken ct)
    {
        if (!await LoadAsync(slug, ct)) return NotFound();
        if (User.Identity?.IsAuthenticated != true) return Challenge();
        if (InterestedFor.Count == 0) return Forbid();
        var tracked = await Db.Requests.FirstAsync(r => r.Id == Item.Id, ct);
        var (conversation, errors) = await Editor.ExpressInterestAsync(tracked, null, Partner, Message, Rights.ActingFor, PracticeEditor.UserId(User), ct);
        if (conversation is null) return Invalid(errors);
        return LocalRedirect($"/{LocalizationSetup.CurrentLanguage}/marketplace/conversations/{conversation.Id}?done=interest");
    }

    public async Task<IActionResult> OnPostMoveAsync(string slug, CancellationToken ct)
    {
        if (!await LoadAsync(slug, ct)) return NotFound();
        if (User.Identity?.IsAuthenticated != true) return Challenge();
        if (!Rights.IsOwner && !Rights.IsMatched) return Forbid();
        var to = Codes.Parse<RequestState>(To);
        if (to is null) return Invalid(new Dictionary<string, string> { ["To"] = text["Validation.UnknownChoice"] });
        var tracked = await Db.Requests.Include(r => r.Feedback).FirstAsync(r => r.Id == Item.Id, ct);
        var (outcome, errors) = await Editor.MoveAsync(tracked, to.Value, Rights, Version, new StepInput(Note, MatchWith, Outcome, Rating, Feedback), PracticeEditor.UserId(User), ct);
        return outcome switch
        {
            MarketOutcome.Done => LocalRedirect($"/{LocalizationSetup.CurrentLanguage}/marketplace/requests/{slug}?done=moved"),
            MarketOutcome.NotAllowed => Forbid(),
            MarketOutcome.Conflict => Invalid(new Dictionary<string, string> { ["To"] = text["Market.Conflict"] }, StatusCodes.Status409Conflict),
            _ => Invalid(errors),
        };
    }

    public async Task<IActionResult> OnPostFeedbackAsync(string slug, CancellationToken ct)
    {
        if (!await LoadAsync(slug, ct)) return NotFound();
        if (User.Identity?.IsAuthenticated != true) return Challenge();
        if (!Rights.IsMatched) return Forbid();
        var tracked = await Db.Requests.Include(r => r.Feedback).FirstAsync(r => r.Id == Item.Id, ct);
        var (outcome, errors) = await Editor.GiveProviderFeedbackAsync(tracked, Rights, Rating, Feedback, PracticeEditor.UserId(User), ct);
        return outcome switch
        {
            MarketOutcome.Done => LocalRedirect($"/{LocalizationSetup.CurrentLanguage}/marketplace/requests/{slug}?done=feedback"),
            MarketOutcome.NotAllowed => Forbid(),
            MarketOutcome.Conflict => Invalid(new Dictionary<string, string> { ["Feedback"] = text["Market.Conflict"] }, StatusCodes.Status409Conflict),
            _ => Invalid(errors),
        };
    }

    private PageResult Invalid(Dictionary<string, string> errors, int status = StatusCodes.Status400BadRequest)
    {
        Errors = errors;
        Response.StatusCode = status;
        return Page();
    }

    private async Task<bool> LoadAsync(string slug, CancellationToken ct)
    {
        var request = await Db.Requests.AsNoTracking().Include(r => r.Tags).Include(r => r.Steps).Include(r => r.Feedback).AsSplitQuery()
            .FirstOrDefaultAsync(r => r.Slug == slug, ct);
        if (request is null) return false;
        Item = request;
        Rights = await Editor.RightsAsync(User, request.PartnerId, request.MatchedPartnerId, ct);
        await LoadCommonAsync(request.PartnerId, request.Tags.Select(t => (t.Scheme, t.Code)), request.Description, request.Id, null, ct, request.FreeKeywords);
        await TranslateAsync("request", request.Id, request.Title, request.Description, request.Language, ct);
        if (request.MatchedPartnerId is { } helper) Helper = await Db.Partners.AsNoTracking().FirstOrDefaultAsync(p => p.Id == helper, ct);
        var stepPartners = request.Steps.Where(s => s.PartnerId != null).Select(s => s.PartnerId!.Value).Distinct().ToList();
        StepPartners = await Db.Partners.AsNoTracking().Where(p => stepPartners.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Name, ct);
        if (Version == Guid.Empty) Version = request.Version; // a post keeps the version it was made on
        if (request.State != RequestState.Closed)
        {
            // A closed request is never matched again.
            var index = await IndexAsync(ct);
            if (index.Request(request.Id) is { } item)
            {
                Matches = await ExplainAsync(index.OffersFor(item, Today, 10), ct);
                PartnerMatches = await ExplainAsync(index.PartnersFor(item, 5), ct);
            }
            if (Rights.IsOwner) Candidates = await Editor.CandidatesAsync(request, ct);
        }
        return true;
    }
}
