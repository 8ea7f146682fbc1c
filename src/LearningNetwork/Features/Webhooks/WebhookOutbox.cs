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
    public static async Task EnqueueAsync(LearningNetworkDb db, CancellationToken ct)
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
        if (events.Count == 0) return;
        var subscriptions = await db.WebhookSubscriptions.AsNoTracking().Where(s => s.Active).Select(s => s.Id).ToListAsync(ct);
        if (subscriptions.Count == 0) return;
        var at = DateTime.UtcNow;
        foreach (var (name, type, slug, externalId) in events.Distinct())
        {
            var payload = JsonSerializer.Serialize(new { @event = name, type, slug, externalId, changedAt = at, export = "/api/v1/export" });
            foreach (var subscription in subscriptions)
                db.WebhookDeliveries.Add(new WebhookDelivery { SubscriptionId = subscription, Event = name, Payload = payload, CreatedAt = at, NextAttemptAt = at });
        }
    }

    private static bool IsPublic(PracticeStage stage) => stage is PracticeStage.Published or PracticeStage.Archived;

    /// <summary>Something readers see changed (every saved edit changes the Version).</summary>
    private static bool Changed(EntityEntry<Practice> entry) => entry.Properties.Any(p => p.IsModified && p.Metadata.Name is not
        (nameof(Practice.ReminderSentAt) or nameof(Practice.LastReviewedAt)));
}
