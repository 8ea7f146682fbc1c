using System.Text.Json;
using LearningNetwork.Data;
using LearningNetwork.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace LearningNetwork.Features.Webhooks;

/// <summary>
/// Turns changes to public content into webhook deliveries inside the same SaveChanges, so the notice and the change
/// are committed together or not at all (an outbox). Called by <see cref="LearningNetworkDb"/> before every save.
/// </summary>
internal static class WebhookOutbox
{
    /// <summary>Adds the deliveries; returns what to run once the save has given new items their ids (null: nothing), before
    /// the transaction's second save.</summary>
    public static async Task<Action?> EnqueueAsync(LearningNetworkDb db, CancellationToken ct)
    {
        db.ChangeTracker.DetectChanges();
        var events = new List<(string Event, string Type, string Slug, string? ExternalId)>();
        foreach (var entry in db.ChangeTracker.Entries<Practice>())
        {
            var now = IsPublic(entry.Entity.Stage);
            var before = entry.State == EntityState.Added ? false : IsPublic(entry.OriginalValues.GetValue<PracticeStage>(nameof(Practice.Stage)));
            var name = entry.State switch
            {
                EntityState.Added when now => "practice.published",
                EntityState.Modified when now && !before => "practice.published",
                EntityState.Modified when now && Changed(entry) => "practice.updated",
                EntityState.Modified when !now && before => "practice.removed",
                EntityState.Deleted when before => "practice.removed",
                _ => null,
            };
            if (name is not null) events.Add((name, "practice", entry.Entity.Slug, entry.Entity.ExternalId));
        }
        foreach (var entry in db.ChangeTracker.Entries<Partner>())
        {
            var name = entry.State switch
            {
                EntityState.Added or EntityState.Modified => "partner.updated",
                EntityState.Deleted => "partner.removed",
                _ => null,
            };
            if (name is not null) events.Add((name, "partner", entry.Entity.Slug, entry.Entity.ExternalId));
        }
        // Commitments are public from the moment they are saved (their own word, not validated content); news once saved (its
        // published date may lie ahead: subscribers read the item through the API, which answers once it is out).
        var commitments = new List<(string Event, Commitment Item)>();
        foreach (var entry in db.ChangeTracker.Entries<Commitment>())
        {
            var name = entry.State switch
            {
                EntityState.Added => "commitment.published",
                EntityState.Modified => "commitment.updated",
                EntityState.Deleted => "commitment.removed",
                _ => null,
            };
            if (name is not null) commitments.Add((name, entry.Entity));
        }
        foreach (var entry in db.ChangeTracker.Entries<NewsItem>())
        {
            var name = entry.State switch
            {
                EntityState.Added => "news.published",
                EntityState.Modified => "news.updated",
                EntityState.Deleted => "news.removed",
                _ => null,
            };
            if (name is not null) events.Add((name, "news", entry.Entity.Slug, null));
        }
        // Events are public once saved, as news; a cancellation is a change like any other (the item says it is cancelled).
        foreach (var entry in db.ChangeTracker.Entries<Event>())
        {
            var name = entry.State switch
            {
                EntityState.Added => "event.published",
                EntityState.Modified => "event.updated",
                EntityState.Deleted => "event.removed",
                _ => null,
            };
            if (name is not null) events.Add((name, "event", entry.Entity.Slug, entry.Entity.ExternalId));
        }
        if (events.Count == 0 && commitments.Count == 0) return null;
        var subscriptions = await db.WebhookSubscriptions.AsNoTracking().Where(s => s.Active).Select(s => s.Id).ToListAsync(ct);
        if (subscriptions.Count == 0) return null;
        var at = DateTime.UtcNow;
        // A new commitment has its id (its "slug" in the payload and its page's address) only once saved: its deliveries are
        // written with the payload made again after the first save of the transaction (see LearningNetworkDb.SaveChangesAsync).
        var pending = new List<(WebhookDelivery Delivery, string Event, Commitment Item)>();
        string CommitmentPayload(string name, Commitment c) => JsonSerializer.Serialize(new
        {
            @event = name, type = "commitment", slug = c.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), externalId = (string?)null, changedAt = at,
            export = "/api/v1/export",
        });
        foreach (var (name, c) in commitments)
            foreach (var subscription in subscriptions)
            {
                var delivery = new WebhookDelivery { SubscriptionId = subscription, Event = name, Payload = CommitmentPayload(name, c), CreatedAt = at, NextAttemptAt = at };
                db.WebhookDeliveries.Add(delivery);
                pending.Add((delivery, name, c));
            }
        foreach (var (name, type, slug, externalId) in events.Distinct())
        {
            var payload = JsonSerializer.Serialize(new { @event = name, type, slug, externalId, changedAt = at, export = "/api/v1/export" });
            foreach (var subscription in subscriptions)
                db.WebhookDeliveries.Add(new WebhookDelivery { SubscriptionId = subscription, Event = name, Payload = payload, CreatedAt = at, NextAttemptAt = at });
        }
        return pending.Count == 0 ? null : () =>
        {
            foreach (var (delivery, name, c) in pending) delivery.Payload = CommitmentPayload(name, c);
        };
    }

    private static bool IsPublic(PracticeStage stage) => stage is PracticeStage.Published or PracticeStage.Archived;

    /// <summary>Something readers see changed (every saved edit changes the Version).</summary>
    private static bool Changed(EntityEntry<Practice> entry) => entry.Properties.Any(p => p.IsModified && p.Metadata.Name is not
        (nameof(Practice.ReminderSentAt) or nameof(Practice.LastReviewedAt)));
}
