using LearningNetwork.Data;
using LearningNetwork.Domain;
using LearningNetwork.Features.Practices;
using LearningNetwork.Infrastructure.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace LearningNetwork.Features.Marketplace;

/// <summary>
/// /{lang}/marketplace/conversations/{id}: the thread between two organisations about a request or an offer. Only the
/// members of those two organisations read and write it (network admins included only when they belong to one):
/// anyone else gets 403, whatever the id they try.
/// </summary>
[Authorize]
public sealed class ConversationModel(LearningNetworkDb db, MarketplaceEditor editor, LearningNetwork.Features.Translation.MachineTranslations translations) : PageModel
{
    public Conversation Thread { get; private set; } = null!;
    public string Title { get; private set; } = "";
    public string ItemLanguage { get; private set; } = "en";
    public string ItemPath { get; private set; } = "";
    public IReadOnlyDictionary<int, string> PartnerNames { get; private set; } = new Dictionary<int, string>();
    public Dictionary<string, string> Errors { get; private set; } = [];
    public string? Done { get; private set; }
    [BindProperty] public string? Message { get; set; }
    /// <summary>?original=1: the messages as written beside an available machine translation.</summary>
    [FromQuery(Name = "original")] public string? OriginalParameter { get; set; }
    public bool Original => OriginalParameter is "1" or "true";
    [FromQuery(Name = "translation")] public string? TranslationOutcome { get; set; }
    /// <summary>The machine translation of the messages into the reader's language.</summary>
    public LearningNetwork.Features.Translation.TranslationPanel? Translation { get; private set; }
    /// <summary>Each message's text as shown and its language, by message id.</summary>
    public Dictionary<int, (string Text, string Language)> Shown { get; } = [];

    public async Task<IActionResult> OnGetAsync(int id, string? done, CancellationToken ct)
    {
        var denied = await LoadAsync(id, ct);
        if (denied is not null) return denied;
        Done = done is "interest" or "sent" ? done : null;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken ct)
    {
        var denied = await LoadAsync(id, ct);
        if (denied is not null) return denied;
        var organisations = await Mine(ct);
        Errors = await editor.PostMessageAsync(Thread, Message, organisations, PracticeEditor.UserId(User), Title, ItemLanguage, ct);
        if (Errors.Count > 0)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        return LocalRedirect($"/{LocalizationSetup.CurrentLanguage}/marketplace/conversations/{id}?done=sent#latest");
    }

    /// <summary>Only the person's own memberships count here: a conversation is private to the two organisations.</summary>
    private async Task<List<Partner>> Mine(CancellationToken ct)
    {
        var userId = PracticeEditor.UserId(User);
        var ids = await db.PartnerMembers.AsNoTracking().Where(m => m.UserId == userId).Select(m => m.PartnerId).ToListAsync(ct);
        return await db.Partners.AsNoTracking().Where(p => ids.Contains(p.Id)).ToListAsync(ct);
    }

    private async Task<IActionResult?> LoadAsync(int id, CancellationToken ct)
    {
        var thread = await db.Conversations.AsNoTracking().Include(c => c.Messages).FirstOrDefaultAsync(c => c.Id == id, ct);
        var mine = (await Mine(ct)).Select(p => p.Id).ToList();
        // The same answer for a missing thread and someone else's: nobody learns which ids exist.
        if (thread is null || (!mine.Contains(thread.OwnerPartnerId) && !mine.Contains(thread.OtherPartnerId))) return Forbid();
        Thread = thread;
        if (thread.RequestId is { } r)
        {
            var request = await db.Requests.AsNoTracking().Where(x => x.Id == r).Select(x => new { x.Title, x.Slug, x.Language }).FirstAsync(ct);
            (Title, ItemLanguage, ItemPath) = (request.Title, request.Language, $"marketplace/requests/{request.Slug}");
        }
        else if (thread.OfferId is { } o)
        {
            var offer = await db.Offers.AsNoTracking().Where(x => x.Id == o).Select(x => new { x.Title, x.Slug, x.Language }).FirstAsync(ct);
            (Title, ItemLanguage, ItemPath) = (offer.Title, offer.Language, $"marketplace/offers/{offer.Slug}");
        }
        var ids = new[] { thread.OwnerPartnerId, thread.OtherPartnerId };
        PartnerNames = await db.Partners.AsNoTracking().Where(p => ids.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Name, ct);
        if (await translations.FindAsync("conversation", id, null, ct) is { } item)
        {
            Translation = await translations.PanelAsync(item, LocalizationSetup.CurrentLanguage, Original, TranslationOutcome, User, ct);
            foreach (var f in item.Fields)
                if (int.TryParse(f.Name.AsSpan("message-".Length), out var messageId)) Shown[messageId] = Translation.Shown(f.Name, f.Text, f.Language);
        }
        return null;
    }
}
