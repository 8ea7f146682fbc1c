using LearningNetwork.Domain;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace LearningNetwork.Infrastructure.Web;

/// <summary>
/// The tags of cached answers and which tags a change evicts. Every entry is tagged <see cref="All"/>; a page that
/// shows one item (practice, partner) calls <see cref="PageCache.TagItem"/> and is tagged <c>item:{kind}:{id}</c> and
/// <c>items:{kind}</c>; every other answer (lists, home, targets, search, API reads) is tagged <see cref="Lists"/>.
/// A practice saved evicts its page, its partner's page and every list; a partner saved evicts its page, every
/// practice page (they name it) and every list; a change of any other public content evicts everything; what no
/// anonymous reader sees (sessions, audit, notifications, queues) evicts nothing. A type the site does not know here
/// evicts everything, so a new entity can make the cache do more work but never show stale content.
/// </summary>
public static class PageCacheTags
{
    public const string All = "all";
    public const string Lists = "lists";

    /// <summary>The change-log type (<see cref="SearchLogEntry.ItemType"/>) that tells every node to evict all pages.</summary>
    public const string LogAll = "pages";

    public static string Item(string kind, int id) => $"item:{kind}:{id}";
    public static string ItemsOf(string kind) => $"items:{kind}";

    public static readonly string[] OfEveryAnswer = [All, Lists];

    /// <summary>The tags an answer starts with, whatever its path; an item page narrows them (<see cref="PageCache.TagItem"/>).</summary>
    public static IEnumerable<string> OfPath(PathString _) => OfEveryAnswer;

    /// <summary>Entities no anonymous page or public API read shows: their changes evict nothing.</summary>
    private static readonly HashSet<Type> Unseen =
    [
        typeof(Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.DataProtectionKey), typeof(UserAccount), typeof(IdentityRole),
        typeof(IdentityUserRole<string>), typeof(IdentityUserClaim<string>), typeof(IdentityUserLogin<string>), typeof(IdentityUserToken<string>),
        typeof(IdentityRoleClaim<string>), typeof(PartnerMember), typeof(MembershipApplication), typeof(AuditEntry), typeof(Invitation),
        typeof(PracticeRevision), typeof(CalendarFeedToken), typeof(Conversation), typeof(ConversationMessage), typeof(Notification),
        typeof(MatchAlertSubscription), typeof(HelpdeskRoute), typeof(ApiKey), typeof(WebhookSubscription), typeof(WebhookDelivery),
        typeof(SearchLogEntry), typeof(ConsentRecord), typeof(JobLease), typeof(AbuseReport), typeof(TranslationJob),
        typeof(NewsletterSubscriber), typeof(NewsletterDelivery),
        // A person's progress on a learning path is shown to them alone; the paths themselves are public content (evict everything).
        typeof(LearningPathFollow), typeof(LearningStepDone),
    ];

    /// <summary>Practice parts saved alone (a text, a tag, a result): the practice they belong to.</summary>
    private static int? PracticeOf(object entity) => entity switch
    {
        PracticeText t => t.PracticeId,
        PracticeTag t => t.PracticeId,
        BuildingBlock b => b.PracticeId,
        PracticeResult r => r.PracticeId,
        PracticeAttachment a => a.PracticeId,
        PracticeContributor c => c.PracticeId,
        _ => null,
    };

    /// <summary>The tags the tracked changes of a save evict; read before the save (states), ids read after it.</summary>
    public static List<Func<IEnumerable<string>>> Changed(DbContext db)
    {
        var tags = new List<Func<IEnumerable<string>>>();
        foreach (var entry in db.ChangeTracker.Entries())
        {
            if (entry.State is EntityState.Unchanged or EntityState.Detached) continue;
            var entity = entry.Entity;
            switch (entity)
            {
                case Practice practice:
                {
                    var partners = new[] { practice.PartnerId, OriginalOr(entry, nameof(Practice.PartnerId), practice.PartnerId) };
                    tags.Add(() => [Lists, Item("practice", practice.Id), .. partners.Distinct().Select(p => Item("partner", p))]);
                    break;
                }
                case Partner partner:
                    tags.Add(() => [Lists, Item("partner", partner.Id), ItemsOf("practice")]);
                    break;
                default:
                    if (PracticeOf(entity) is { } practiceId) tags.Add(() => [Lists, Item("practice", practiceId), ItemsOf("partner")]);
                    else if (!Unseen.Contains(entity.GetType()) && !IsUnseenSharedType(entry)) tags.Add(() => [All]);
                    break;
            }
        }
        return tags;
    }

    /// <summary>Whether a save holds a change that the search log does not already tell the other nodes about, which
    /// then needs a <see cref="LogAll"/> row (the search log carries practices, partners, offers, requests, events, questions, programmes).</summary>
    public static bool NeedsLogAll(DbContext db) => db.ChangeTracker.Entries().Any(e =>
        e.State is not (EntityState.Unchanged or EntityState.Detached)
        && e.Entity is not (Practice or Partner or PracticeText or Offer or HelpRequest or Event or HelpdeskQuestion or HelpdeskAnswer or VocabularyTerm
            or Programme or ProgrammeRecommendation or ProgrammeTag)
        && !Unseen.Contains(e.Entity.GetType()) && !IsUnseenSharedType(e));

    /// <summary>The tags a row of the change log evicts on a node that did not make the change.</summary>
    public static IEnumerable<string> OfLogEntry(string type, int id) => type switch
    {
        "practice" => [Lists, Item("practice", id), ItemsOf("partner")],
        "partner" => [Lists, Item("partner", id), ItemsOf("practice")],
        _ => [All],
    };

    /// <summary>Whether rows of this table are never shown to anonymous readers (for bulk updates and deletes).</summary>
    public static bool IsUnseenTable(DbContext db, string table) =>
        db.Model.GetEntityTypes().FirstOrDefault(t => string.Equals(t.GetTableName(), table, StringComparison.OrdinalIgnoreCase)) is { } type
        && (Unseen.Contains(type.ClrType) || (type.HasSharedClrType && type.GetTableName() is { } name && name.StartsWith("AspNet", StringComparison.Ordinal)));

    private static bool IsUnseenSharedType(EntityEntry entry) =>
        entry.Metadata.GetTableName() is { } table && table.StartsWith("AspNet", StringComparison.Ordinal);

    private static int OriginalOr(EntityEntry entry, string property, int fallback) =>
        entry.State == EntityState.Modified && entry.Property(property).OriginalValue is int value ? value : fallback;
}
