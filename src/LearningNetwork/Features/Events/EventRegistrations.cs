using System.Globalization;
using LearningNetwork.Data;
using LearningNetwork.Domain;
using LearningNetwork.Features.Accounts;
using LearningNetwork.Infrastructure;
using LearningNetwork.Infrastructure.Localization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace LearningNetwork.Features.Events;

public enum RegistrationOutcome { Registered, WaitingList, AlreadyRegistered, AlreadyWaiting, Closed, Cancelled, NotRegistered, CancellationClosed }

/// <summary>What a registration or cancellation did; <see cref="Promoted"/> is the registration that got the freed place.</summary>
public sealed record RegistrationResult(RegistrationOutcome Outcome, EventRegistration? Promoted = null);

/// <summary>
/// Registers people for events and cancels, with a waiting list. Every change runs in one transaction that starts by
/// changing the event's <see cref="Event.RegistrationStamp"/>: that update takes the event row's write lock (PostgreSQL row
/// lock, SQLite's database write lock), so the changes of one event are decided one at a time, on fresh counts — never two
/// people in the last place, and each cancellation that frees a place promotes exactly one waiting person (the one who
/// asked first). E-mails (confirmation, waiting list, promotion) are sent after the commit, in the language each person
/// registered in; a failed e-mail is logged and never undoes the registration.
/// </summary>
public sealed class EventRegistrations(LearningNetworkDb db, MailSender mail, SiteLinks links, IStringLocalizer<SharedResource> text, TimeProvider clock,
    ILogger<EventRegistrations> log)
{
    /// <summary>Whether registration is open now: before the deadline (or the start) of an event that has not started.</summary>
    public static bool RegistrationOpen(Event e, DateTime now) => e.CancelledAt is null && now < (e.RegistrationDeadline ?? e.StartsAt) && now < e.StartsAt;

    /// <summary>Whether a registration may still be cancelled now.</summary>
    public static bool CancellationOpen(Event e, DateTime now) => e.CancelledAt is null && now < (e.CancellationDeadline ?? e.StartsAt) && now < e.StartsAt;

    /// <summary>Whether the organiser may still cancel the event: not cancelled yet, and not over.</summary>
    public static bool EventCancellable(Event e, DateTime now) => e.CancelledAt is null && now < e.EndsAt;

    /// <summary>
    /// The organiser cancels the event (the caller checked it may: <see cref="EventEditor.CanEditAsync"/>). The event stays,
    /// marked cancelled with the organiser's note; its iCalendar SEQUENCE goes up so that calendars take the cancellation over
    /// the copy they hold. Inside the event's write lock, so a registration decided at the same moment is either refused or
    /// among those told. Everyone holding a place or waiting is e-mailed once, in the language they registered in, after the
    /// commit: a second cancellation (another click, another node) finds the event cancelled, or loses on its Version, and
    /// sends nothing. False when it was already cancelled or is over.
    /// </summary>
    public async Task<bool> CancelEventAsync(int eventId, string note, string? userId, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        List<(string UserId, string Language)> told;
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            var e = await db.Events.AsTracking().FirstOrDefaultAsync(x => x.Id == eventId, ct);
            if (e is null || !EventCancellable(e, now)) return false;
            (e.CancelledAt, e.CancellationNote, e.UpdatedAt) = (now, note, now);
            e.Sequence++;
            e.Version = Guid.NewGuid();
            e.RegistrationStamp = Guid.NewGuid();
            db.AuditEntries.Add(new AuditEntry { At = now, UserId = userId, Action = "event.cancelled", Subject = $"event/{e.Slug}" });
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateConcurrencyException)
            {
                return false;
            }
            told = (await db.EventRegistrations.AsNoTracking()
                    .Where(r => r.EventId == eventId && r.UserId != null && (r.State == RegistrationState.Registered || r.State == RegistrationState.Waiting))
                    .OrderBy(r => r.Id).Select(r => new { r.UserId, r.Language }).ToListAsync(ct))
                .Select(r => (r.UserId!, r.Language)).ToList();
            await tx.CommitAsync(ct);
        }
        foreach (var (person, language) in told) await MailAsync(eventId, person, language, "Cancelled", ct);
        return true;
    }

    public async Task<RegistrationResult> RegisterAsync(int eventId, string userId, string language, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var result = await InEventLockAsync(eventId, async e =>
        {
            var mine = await db.EventRegistrations.AsTracking().FirstOrDefaultAsync(r => r.EventId == eventId && r.UserId == userId, ct);
            if (mine?.State == RegistrationState.Registered) return new RegistrationResult(RegistrationOutcome.AlreadyRegistered);
            if (mine?.State == RegistrationState.Waiting) return new RegistrationResult(RegistrationOutcome.AlreadyWaiting);
            if (!RegistrationOpen(e, now)) return new RegistrationResult(RegistrationOutcome.Closed);
            var taken = await db.EventRegistrations.CountAsync(r => r.EventId == eventId && r.State == RegistrationState.Registered, ct);
            var state = e.Capacity is { } capacity && taken >= capacity ? RegistrationState.Waiting : RegistrationState.Registered;
            if (mine is null)
            {
                mine = new EventRegistration { EventId = eventId, UserId = userId };
                db.EventRegistrations.Add(mine);
            }
            (mine.State, mine.RegisteredAt, mine.CancelledAt, mine.PromotedAt, mine.ReminderSentAt, mine.Language) = (state, now, null, null, null, language);
            await db.SaveChangesAsync(ct);
            return new RegistrationResult(state == RegistrationState.Registered ? RegistrationOutcome.Registered : RegistrationOutcome.WaitingList);
        }, ct);
        if (result.Outcome is RegistrationOutcome.Registered or RegistrationOutcome.WaitingList)
            await MailAsync(eventId, userId, language, result.Outcome == RegistrationOutcome.Registered ? "Registered" : "Waiting", ct);
        return result;
    }

    public async Task<RegistrationResult> CancelAsync(int eventId, string userId, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var result = await InEventLockAsync(eventId, async e =>
        {
            var mine = await db.EventRegistrations.AsNoTracking().FirstOrDefaultAsync(r => r.EventId == eventId && r.UserId == userId, ct);
            if (mine is null || mine.State == RegistrationState.Cancelled) return new RegistrationResult(RegistrationOutcome.NotRegistered);
            if (!CancellationOpen(e, now)) return new RegistrationResult(RegistrationOutcome.CancellationClosed);
            await db.EventRegistrations.Where(r => r.Id == mine.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.State, RegistrationState.Cancelled).SetProperty(r => r.CancelledAt, now), ct);
            EventRegistration? promoted = null;
            if (mine.State == RegistrationState.Registered)
            {
                var taken = await db.EventRegistrations.CountAsync(r => r.EventId == eventId && r.State == RegistrationState.Registered, ct);
                if (e.Capacity is null || taken < e.Capacity)
                {
                    promoted = await db.EventRegistrations.AsNoTracking().Where(r => r.EventId == eventId && r.State == RegistrationState.Waiting)
                        .OrderBy(r => r.RegisteredAt).ThenBy(r => r.Id).FirstOrDefaultAsync(ct);
                    if (promoted is not null)
                        await db.EventRegistrations.Where(r => r.Id == promoted.Id)
                            .ExecuteUpdateAsync(s => s.SetProperty(r => r.State, RegistrationState.Registered).SetProperty(r => r.PromotedAt, now), ct);
                }
            }
            return new RegistrationResult(RegistrationOutcome.Cancelled, promoted);
        }, ct);
        if (result.Promoted is { UserId: { } promotedUser } p) await MailAsync(eventId, promotedUser, p.Language, "Promoted", ct);
        return result;
    }

    /// <summary>Runs <paramref name="decide"/> in a transaction holding the event's write lock; null event → NotRegistered/Closed is the caller's 404.</summary>
    private async Task<RegistrationResult> InEventLockAsync(int eventId, Func<Event, Task<RegistrationResult>> decide, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var locked = await db.Events.Where(e => e.Id == eventId).ExecuteUpdateAsync(s => s.SetProperty(e => e.RegistrationStamp, Guid.NewGuid()), ct);
        if (locked == 0) return new RegistrationResult(RegistrationOutcome.Closed);
        var e = await db.Events.AsNoTracking().FirstAsync(x => x.Id == eventId, ct);
        var result = await decide(e);
        await tx.CommitAsync(ct);
        return result;
    }

    /// <summary>The registration e-mail of one kind (Registered, Waiting, Promoted, Reminder) to one person, in their language.</summary>
    internal async Task MailAsync(int eventId, string userId, string language, string kind, CancellationToken ct)
    {
        try
        {
            var address = await db.Users.AsNoTracking().Where(u => u.Id == userId && u.EmailConfirmed).Select(u => u.Email).FirstOrDefaultAsync(ct);
            var e = await db.Events.AsNoTracking().Include(x => x.Partner).FirstOrDefaultAsync(x => x.Id == eventId, ct);
            if (address is null || e is null) return;
            await SendAsync(mail, links, text, e, address, language, kind, ct);
        }
        catch (Exception failure) when (failure is not OperationCanceledException)
        {
            log.LogWarning(failure, "The {Kind} e-mail for event {Event} could not be sent", kind, eventId);
        }
    }

    internal static async Task SendAsync(MailSender mail, SiteLinks links, IStringLocalizer<SharedResource> text, Event e, string address, string language,
        string kind, CancellationToken ct)
    {
        var (previousUi, previous) = (CultureInfo.CurrentUICulture, CultureInfo.CurrentCulture);
        try
        {
            CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = new CultureInfo(language);
            var zone = EventTimes.Find(e.TimeZone) ?? TimeZoneInfo.Utc;
            var when = text["Event.TimeIn", EventTimes.Format(e.StartsAt, zone), EventTimes.City(e.TimeZone)];
            var where = e.Address ?? e.OnlineUrl ?? "";
            var link = links.To(language, $"events/{e.Slug}");
            var subject = text[$"Mail.Event{kind}.Subject", e.Title];
            // The organiser's note on a cancellation is the fifth value; the other mails leave it out.
            var body = text[$"Mail.Event{kind}.Body", e.Title, when, where, link, e.CancellationNote ?? ""];
            await mail.SendAsync(address, subject, body, ct);
        }
        finally
        {
            (CultureInfo.CurrentUICulture, CultureInfo.CurrentCulture) = (previousUi, previous);
        }
    }
}
