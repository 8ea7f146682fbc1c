using LearningNetwork.Data;
using LearningNetwork.Infrastructure.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace LearningNetwork.Features.Translation;

/// <summary>
/// /{lang}/translations/{contentKind}/{contentId}: the translation of an item into the page's language.
/// POST …/request (anyone who may read the item, signed in or not, within <c>MachineTranslation:RequestsPerHour</c>) queues
/// a machine translation and leads back to the item. GET and POST of the page itself are the review: members of the
/// owning organisation, moderators and network admins correct the draft field by field and save it as reviewed; anyone
/// else gets 403 (the item is found however it is named, and the right is checked on it here, for every write).
/// </summary>
public sealed class ReviewModel(MachineTranslations translations, TranslationRequestLimiter limiter, LearningNetworkDb db) : PageModel
{
    public const int MaxText = 100000;

    public TranslatableItem Item { get; private set; } = null!;
    public TranslationState State { get; private set; } = null!;
    public IReadOnlyDictionary<string, string> LanguageNames { get; private set; } = new Dictionary<string, string>();
    [BindProperty] public Dictionary<string, string> Texts { get; set; } = [];
    /// <summary>The hashes of the originals the reviewer saw: a changed original is a conflict, not a silent save.</summary>
    [BindProperty] public Dictionary<string, string> Hashes { get; set; } = [];
    public Dictionary<string, string> Errors { get; } = [];
    public bool Saved { get; private set; }
    public bool Conflict { get; private set; }

    public async Task<IActionResult> OnPostRequestAsync(string contentKind, int contentId, CancellationToken ct)
    {
        var item = await translations.FindAsync(contentKind, contentId, User, ct);
        if (item is null) return NotFound();
        if (!limiter.TryAcquire(HttpContext)) return StatusCode(StatusCodes.Status429TooManyRequests);
        var lang = LocalizationSetup.CurrentLanguage;
        var outcome = await translations.RequestAsync(item, lang, ct);
        var note = outcome switch { RequestOutcome.Queued or RequestOutcome.AlreadyQueued => "queued", RequestOutcome.Busy => "busy", _ => "done" };
        return LocalRedirect($"/{lang}/{item.Path}?translation={note}#translation");
    }

    public async Task<IActionResult> OnGetAsync(string contentKind, int contentId, bool? saved, CancellationToken ct)
    {
        if (await LoadAsync(contentKind, contentId, ct) is { } refused) return refused;
        foreach (var f in Item.Fields) Texts[f.Name] = State.Text(f.Name) ?? "";
        Saved = saved == true;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string contentKind, int contentId, CancellationToken ct)
    {
        if (await LoadAsync(contentKind, contentId, ct) is { } refused) return refused;
        var fields = Item.Fields.Where(f => f.Language != State.Target).ToList();
        if (fields.Any(f => Hashes.GetValueOrDefault(f.Name) != f.Hash))
        {
            Conflict = true;
            Response.StatusCode = StatusCodes.Status409Conflict;
            return Page();
        }
        foreach (var f in fields.Where(f => (Texts.GetValueOrDefault(f.Name)?.Length ?? 0) > MaxText)) Errors[f.Name] = "Validation.TooLong";
        if (Errors.Count > 0)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        var texts = fields.ToDictionary(f => f.Name, f => Infrastructure.UnicodeText.Decomposed(Texts.GetValueOrDefault(f.Name) ?? ""));
        await translations.SaveReviewAsync(Item, State.Target, texts, User, ct);
        return LocalRedirect($"/{LocalizationSetup.CurrentLanguage}/translations/{Item.Kind}/{Item.Id}?saved=true");
    }

    private async Task<IActionResult?> LoadAsync(string contentKind, int contentId, CancellationToken ct)
    {
        if (User.Identity?.IsAuthenticated != true) return Challenge();
        var item = await translations.FindAsync(contentKind, contentId, User, ct);
        if (item is null) return NotFound();
        if (!await translations.MayReviewAsync(User, item, ct)) return Forbid();
        Item = item;
        State = await translations.StateAsync(item, LocalizationSetup.CurrentLanguage, ct);
        LanguageNames = await db.Languages.AsNoTracking().ToDictionaryAsync(l => l.Code, l => l.NameNative, ct);
        return null;
    }

    /// <summary>The resource key naming a field.</summary>
    public string FieldKey(string field) =>
        Item.Kind == "practice" ? MachineTranslations.PracticeFields.FirstOrDefault(f => f.Field == field).Key ?? "Practice.Description"
        : field == "title" ? "Practice.Title" : field.StartsWith("message-", StringComparison.Ordinal) ? "MT.Message" : "Practice.Description";
}
