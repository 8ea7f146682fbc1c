using System.Security.Claims;
using System.Text.Json.Nodes;
using LearningNetwork.Data;
using LearningNetwork.Domain;
using LearningNetwork.Features.People;
using LearningNetwork.Features.Themes;
using LearningNetwork.Infrastructure.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace LearningNetwork.Features.Events;

/// <summary>
/// /{lang}/events/{slug}: one event, its times in its own zone and in the reader's (from <c>?tz=</c> or the <c>tz</c>
/// cookie; UTC when the reader has none other than the event's), place on a map or online link, organisers, themes and
/// targets, the calendar file, and registration: a signed-in person registers or cancels with a plain form (no script
/// needed). A past event shows its material and who took part (each person only as their profile allows the reader).
/// </summary>
public sealed class DetailsModel(LearningNetworkDb db, EventCatalogue catalogue, EventRegistrations registrations, EventEditor editor, ThemeNames themes,
    TimeProvider clock, IStringLocalizer<SharedResource> text) : PageModel
{
    public Event Event { get; private set; } = null!;
    public TimeZoneInfo Zone { get; private set; } = TimeZoneInfo.Utc;
    /// <summary>The reader's zone when they chose one other than the event's; null shows UTC instead.</summary>
    public TimeZoneInfo? ReaderZone { get; private set; }
    public (int Registered, int Waiting) Counts { get; private set; }
    public EventRegistration? Mine { get; private set; }
    public int WaitingRank { get; private set; }
    public bool CanEdit { get; private set; }
    public bool IsPast { get; private set; }
    public bool RegistrationOpen { get; private set; }
    public bool CancellationOpen { get; private set; }
    public IReadOnlyDictionary<int, string> ThemeLabels { get; private set; } = new Dictionary<int, string>();
    public IReadOnlyList<VisibleProfile> Participants { get; private set; } = [];
    public IReadOnlyDictionary<int, string> ParticipantOrganisations { get; private set; } = new Dictionary<int, string>();
    public string? Message { get; private set; }
    public string JsonLd { get; private set; } = "{}";

    public async Task<IActionResult> OnGetAsync(string slug, string? done, CancellationToken ct)
    {
        if (!await LoadAsync(slug, ct)) return NotFound();
        Message = done is "created" or "edited" or "cancelled" ? text[$"Event.Done.{done}"].Value : null;
        return Page();
    }

    public async Task<IActionResult> OnPostRegisterAsync(string slug, CancellationToken ct)
    {
        var userId = User.FindFirstValue(ClaimTypes.NameIdentifier);
        if (userId is null) return Challenge();
        var e = await db.Events.AsNoTracking().Where(x => x.Slug == slug).Select(x => new { x.Id }).FirstOrDefaultAsync(ct);
        if (e is null) return NotFound();
        var result = await registrations.RegisterAsync(e.Id, userId, LocalizationSetup.CurrentLanguage, ct);
        return await AnswerAsync(slug, result.Outcome, ct);
    }

    public async Task<IActionResult> OnPostCancelAsync(string slug, CancellationToken ct)
    {
        var userId = User.FindFirstValue(ClaimTypes.NameIdentifier);
        if (userId is null) return Challenge();
        var e = await db.Events.AsNoTracking().Where(x => x.Slug == slug).Select(x => new { x.Id }).FirstOrDefaultAsync(ct);
        if (e is null) return NotFound();
        var result = await registrations.CancelAsync(e.Id, userId, ct);
        return await AnswerAsync(slug, result.Outcome, ct);
    }

    [BindProperty] public string? CancellationNote { get; set; }
    public string? CancellationError { get; private set; }
    public bool Cancellable { get; private set; }

    /// <summary>The organiser (a member of the owning organisation, or a network admin) cancels the event with a note for the
    /// people registered; checked here whatever the page showed: 403 for anyone else, 409 when it is already cancelled or over.</summary>
    public async Task<IActionResult> OnPostCancelEventAsync(string slug, CancellationToken ct)
    {
        if (User.FindFirstValue(ClaimTypes.NameIdentifier) is null) return Challenge();
        if (!await LoadAsync(slug, ct)) return NotFound();
        if (!CanEdit) return Forbid();
        var note = Infrastructure.UnicodeText.WellFormed(CancellationNote?.Replace("\r\n", "\n", StringComparison.Ordinal).Trim() ?? "").Normalize();
        if (!Cancellable)
        {
            Response.StatusCode = StatusCodes.Status409Conflict;
            return Page();
        }
        if (note.Length == 0 || note.Length > MaxCancellationNote)
        {
            CancellationError = note.Length == 0 ? text["Validation.Required"] : text["Validation.TooLong", MaxCancellationNote];
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        if (!await registrations.CancelEventAsync(Event.Id, note, User.FindFirstValue(ClaimTypes.NameIdentifier), ct))
        {
            db.ChangeTracker.Clear();
            await LoadAsync(slug, ct);
            Response.StatusCode = StatusCodes.Status409Conflict;
            return Page();
        }
        return LocalRedirect($"/{LocalizationSetup.CurrentLanguage}/events/{slug}?done=cancelled");
    }

    public const int MaxCancellationNote = 2000;

    /// <summary>The page again with the outcome said in words; a refusal (closed, too late to cancel) is a 409.</summary>
    private async Task<IActionResult> AnswerAsync(string slug, RegistrationOutcome outcome, CancellationToken ct)
    {
        if (!await LoadAsync(slug, ct)) return NotFound();
        Message = text[$"Event.Outcome.{outcome}"];
        if (outcome is RegistrationOutcome.Closed or RegistrationOutcome.CancellationClosed or RegistrationOutcome.NotRegistered)
            Response.StatusCode = StatusCodes.Status409Conflict;
        return Page();
    }

    private async Task<bool> LoadAsync(string slug, CancellationToken ct)
    {
        var e = await catalogue.FindAsync(slug, ct);
        if (e is null) return false;
        Event = e;
        Zone = EventTimes.Find(e.TimeZone) ?? TimeZoneInfo.Utc;
        var reader = EventTimes.Reader(Request);
        ReaderZone = reader is not null && reader.Id != Zone.Id ? reader : null;
        var now = clock.GetUtcNow().UtcDateTime;
        IsPast = e.EndsAt <= now;
        RegistrationOpen = EventRegistrations.RegistrationOpen(e, now);
        CancellationOpen = EventRegistrations.CancellationOpen(e, now);
        Cancellable = EventRegistrations.EventCancellable(e, now);
        Counts = (await catalogue.CountsAsync([e.Id], ct))[e.Id];
        var userId = User.FindFirstValue(ClaimTypes.NameIdentifier);
        if (userId is not null)
        {
            Mine = await db.EventRegistrations.AsNoTracking().FirstOrDefaultAsync(r => r.EventId == e.Id && r.UserId == userId, ct);
            if (Mine?.State == RegistrationState.Waiting)
                WaitingRank = 1 + await db.EventRegistrations.CountAsync(r => r.EventId == e.Id && r.State == RegistrationState.Waiting
                    && (r.RegisteredAt < Mine.RegisteredAt || (r.RegisteredAt == Mine.RegisteredAt && r.Id < Mine.Id)), ct);
            CanEdit = await editor.CanEditAsync(User, e, ct);
        }
        ThemeLabels = await themes.LabelsAsync(e.Tags.Where(t => t.Scheme == EventTagSchemes.Theme).Select(t => int.Parse(t.Code, System.Globalization.CultureInfo.InvariantCulture)),
            LocalizationSetup.CurrentLanguage, ct);
        if (IsPast)
        {
            // Who took part: people who held a place, each shown only as their profile allows this reader.
            var viewer = await ProfileViewer.OfAsync(User, db, ct);
            var held = await db.EventRegistrations.AsNoTracking().Where(r => r.EventId == e.Id && r.State == RegistrationState.Registered)
                .Select(r => new { r.UserId, r.ProfileId }).ToListAsync(ct);
            var users = held.Where(h => h.UserId != null).Select(h => h.UserId!).ToList();
            var profiles = held.Where(h => h.ProfileId != null).Select(h => h.ProfileId!.Value).ToList();
            var found = await db.PersonProfiles.AsNoTracking().Where(p => profiles.Contains(p.Id) || (p.UserId != null && users.Contains(p.UserId))).ToListAsync(ct);
            Participants = found.Select(p => VisibleProfile.For(p, viewer)).Where(p => p is not null).Select(p => p!).OrderBy(p => p.Name, StringComparer.CurrentCulture).ToList();
            var partnerIds = Participants.Where(p => p.PartnerId is not null).Select(p => p.PartnerId!.Value).Distinct().ToList();
            ParticipantOrganisations = await db.Partners.AsNoTracking().Where(p => partnerIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Name, ct);
        }
        JsonLd = EventJsonLd.For(e, EventsApi.Origin(HttpContext)).ToJsonString().Replace("</", "<\\/", StringComparison.Ordinal);
        return true;
    }

    public string When(DateTime utc, TimeZoneInfo zone) => EventTimes.Format(utc, zone);
}
