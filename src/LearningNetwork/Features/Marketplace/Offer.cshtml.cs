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
/// /{lang}/marketplace/offers/{slug}: an offer, the open requests it could answer with their reasons, and what the reader
/// may do: express interest for their organisation, or, for the owner, pause, resume or close it.
/// </summary>
public sealed class OfferModel(LearningNetworkDb db, Matchmaker matchmaker, MatchExplainer explainer, MarketplaceEditor editor, TimeProvider clock,
    IStringLocalizer<SharedResource> text, LearningNetwork.Features.Translation.MachineTranslations translations) : ExchangePage(db, matchmaker, explainer, editor, clock, translations)
{
    public Offer Item { get; private set; } = null!;
    public IReadOnlyList<(string Name, string? JobTitle)> People { get; private set; } = [];
    public string? Done { get; private set; }

    [BindProperty] public string? Partner { get; set; }
    [BindProperty] public string? Message { get; set; }
    [BindProperty] public string? To { get; set; }
    [BindProperty] public Guid Version { get; set; }

    public async Task<IActionResult> OnGetAsync(string slug, string? done, CancellationToken ct)
    {
        if (!await LoadAsync(slug, ct)) return NotFound();
        Done = done is "interest" or "moved" or "saved" ? done : null;
        return Page();
    }

    public async Task<IActionResult> OnPostInterestAsync(string slug, CancellationToken ct)
    {
        if (!await LoadAsync(slug, ct)) return NotFound();
        if (User.Identity?.IsAuthenticated != true) return Challenge();
        if (InterestedFor.Count == 0) return Forbid();
        var (conversation, errors) = await Editor.ExpressInterestAsync(null, Item, Partner, Message, Rights.ActingFor, PracticeEditor.UserId(User), ct);
        if (conversation is null) return Invalid(errors);
        return LocalRedirect($"/{LocalizationSetup.CurrentLanguage}/marketplace/conversations/{conversation.Id}?done=interest");
    }

    public async Task<IActionResult> OnPostStateAsync(string slug, CancellationToken ct)
    {
        if (!await LoadAsync(slug, ct)) return NotFound();
        if (User.Identity?.IsAuthenticated != true) return Challenge();
        if (!Rights.IsOwner) return Forbid();
        var to = Codes.Parse<OfferState>(To);
        if (to is null) return Invalid(new Dictionary<string, string> { ["To"] = text["Validation.UnknownChoice"] });
        var tracked = await Db.Offers.FirstAsync(o => o.Id == Item.Id, ct);
        var outcome = await Editor.SetOfferStateAsync(tracked, to.Value, Rights, Version, PracticeEditor.UserId(User), ct);
        return outcome switch
        {
            MarketOutcome.Done => LocalRedirect($"/{LocalizationSetup.CurrentLanguage}/marketplace/offers/{slug}?done=moved"),
            MarketOutcome.Conflict => Invalid(new Dictionary<string, string> { ["To"] = text["Market.Conflict"] }, StatusCodes.Status409Conflict),
            _ => Invalid(new Dictionary<string, string> { ["To"] = text["Market.NotNow"] }),
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
        var offer = await Db.Offers.AsNoTracking().Include(o => o.Tags).Include(o => o.People).AsSplitQuery().FirstOrDefaultAsync(o => o.Slug == slug, ct);
        if (offer is null) return false;
        Item = offer;
        Rights = await Editor.RightsAsync(User, offer.PartnerId, null, ct);
        await LoadCommonAsync(offer.PartnerId, offer.Tags.Select(t => (t.Scheme, t.Code)), offer.Description, null, offer.Id, ct, offer.FreeKeywords);
        await TranslateAsync("offer", offer.Id, offer.Title, offer.Description, offer.Language, ct);
        if (Version == Guid.Empty) Version = offer.Version; // a post keeps the version it was made on
        // People are shown as their profiles allow: to everyone when public, to signed-in members when "members".
        var member = User.Identity?.IsAuthenticated == true;
        var ids = offer.People.Select(p => p.PersonProfileId).ToList();
        People = (await Db.PersonProfiles.AsNoTracking().Where(p => ids.Contains(p.Id)).ToListAsync(ct))
            .Where(p => p.NameVisibility == Visibility.Public || (member && p.NameVisibility == Visibility.Members))
            .Select(p => (p.Name, p.JobTitleVisibility == Visibility.Public || (member && p.JobTitleVisibility == Visibility.Members) ? p.JobTitle : null)).ToList();
        if (offer.State == OfferState.Active)
        {
            var index = await IndexAsync(ct);
            if (index.Offer(offer.Id) is { } item) Matches = await ExplainAsync(index.RequestsFor(item, Today, 10), ct);
        }
        return true;
    }
}
