using LearningNetwork.Domain;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace LearningNetwork.Data;

/// <summary>
/// The one DbContext of the app, used directly by pages, endpoints and services. The model is kept portable
/// across SQLite and PostgreSQL: no provider-specific column types, instants stored as UTC DateTime.
/// </summary>
public sealed class LearningNetworkDb(DbContextOptions<LearningNetworkDb> options) : IdentityDbContext<UserAccount>(options), IDataProtectionKeyContext
{
    /// <summary>Data-protection keys (antiforgery, cookies) in the database, so that every node shares them.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<Country> Countries => Set<Country>();
    public DbSet<Language> Languages => Set<Language>();
    public DbSet<NutsRegion> NutsRegions => Set<NutsRegion>();
    public DbSet<Subdivision> Subdivisions => Set<Subdivision>();
    public DbSet<SubdivisionName> SubdivisionNames => Set<SubdivisionName>();
    public DbSet<BiogeographicalRegion> BiogeographicalRegions => Set<BiogeographicalRegion>();
    public DbSet<GemetConcept> GemetConcepts => Set<GemetConcept>();
    public DbSet<GemetLabel> GemetLabels => Set<GemetLabel>();
    public DbSet<GemetDefinition> GemetDefinitions => Set<GemetDefinition>();
    public DbSet<GemetRelation> GemetRelations => Set<GemetRelation>();
    public DbSet<GemetGroup> GemetGroups => Set<GemetGroup>();
    public DbSet<GemetGroupLabel> GemetGroupLabels => Set<GemetGroupLabel>();
    public DbSet<GemetMembership> GemetMemberships => Set<GemetMembership>();
    public DbSet<PolicyFramework> PolicyFrameworks => Set<PolicyFramework>();
    public DbSet<PolicyTarget> PolicyTargets => Set<PolicyTarget>();
    public DbSet<EunisHabitat> EunisHabitats => Set<EunisHabitat>();
    public DbSet<CicesCategory> CicesCategories => Set<CicesCategory>();
    public DbSet<ReferenceDataSet> ReferenceDataSets => Set<ReferenceDataSet>();

    public DbSet<Partner> Partners => Set<Partner>();
    public DbSet<PartnerMember> PartnerMembers => Set<PartnerMember>();
    public DbSet<MembershipApplication> MembershipApplications => Set<MembershipApplication>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<PersonProfile> PersonProfiles => Set<PersonProfile>();
    public DbSet<Invitation> Invitations => Set<Invitation>();

    public DbSet<Practice> Practices => Set<Practice>();
    public DbSet<PracticeText> PracticeTexts => Set<PracticeText>();
    public DbSet<PracticeTag> PracticeTags => Set<PracticeTag>();
    public DbSet<BuildingBlock> BuildingBlocks => Set<BuildingBlock>();
    public DbSet<BuildingBlockText> BuildingBlockTexts => Set<BuildingBlockText>();
    public DbSet<PracticeResult> PracticeResults => Set<PracticeResult>();
    public DbSet<PracticeAttachment> PracticeAttachments => Set<PracticeAttachment>();
    public DbSet<PracticeAttachmentContent> PracticeAttachmentContents => Set<PracticeAttachmentContent>();
    public DbSet<PracticeTransfer> PracticeTransfers => Set<PracticeTransfer>();
    public DbSet<PracticeRevision> PracticeRevisions => Set<PracticeRevision>();

    public DbSet<Commitment> Commitments => Set<Commitment>();
    public DbSet<CommitmentTarget> CommitmentTargets => Set<CommitmentTarget>();
    public DbSet<CommitmentIndicator> CommitmentIndicators => Set<CommitmentIndicator>();
    public DbSet<ProgressReport> ProgressReports => Set<ProgressReport>();

    public DbSet<Event> Events => Set<Event>();
    public DbSet<EventTag> EventTags => Set<EventTag>();
    public DbSet<EventOrganiser> EventOrganisers => Set<EventOrganiser>();
    public DbSet<EventRegistration> EventRegistrations => Set<EventRegistration>();
    public DbSet<CalendarFeedToken> CalendarFeedTokens => Set<CalendarFeedToken>();

    public DbSet<TargetTextRevision> TargetTextRevisions => Set<TargetTextRevision>();

    public DbSet<Offer> Offers => Set<Offer>();
    public DbSet<OfferTag> OfferTags => Set<OfferTag>();
    public DbSet<HelpRequest> Requests => Set<HelpRequest>();
    public DbSet<RequestTag> RequestTags => Set<RequestTag>();
    public DbSet<RequestStep> RequestSteps => Set<RequestStep>();
    public DbSet<RequestFeedback> RequestFeedback => Set<RequestFeedback>();
    public DbSet<Conversation> Conversations => Set<Conversation>();
    public DbSet<ConversationMessage> ConversationMessages => Set<ConversationMessage>();
    public DbSet<Notification> Notifications => Set<Notification>();
    public DbSet<MatchAlertSubscription> MatchAlertSubscriptions => Set<MatchAlertSubscription>();

    public DbSet<HelpdeskQuestion> HelpdeskQuestions => Set<HelpdeskQuestion>();
    public DbSet<HelpdeskQuestionTag> HelpdeskQuestionTags => Set<HelpdeskQuestionTag>();
    public DbSet<HelpdeskAnswer> HelpdeskAnswers => Set<HelpdeskAnswer>();
    public DbSet<HelpdeskRoute> HelpdeskRoutes => Set<HelpdeskRoute>();

    public DbSet<Programme> Programmes => Set<Programme>();
    public DbSet<ProgrammeTag> ProgrammeTags => Set<ProgrammeTag>();
    public DbSet<ProgrammePeer> ProgrammePeers => Set<ProgrammePeer>();
    public DbSet<ProgrammeRecommendation> ProgrammeRecommendations => Set<ProgrammeRecommendation>();
    public DbSet<ProgrammeFollowUp> ProgrammeFollowUps => Set<ProgrammeFollowUp>();
    public DbSet<ProgrammeMilestone> ProgrammeMilestones => Set<ProgrammeMilestone>();

    public DbSet<LearningPath> LearningPaths => Set<LearningPath>();
    public DbSet<LearningPathText> LearningPathTexts => Set<LearningPathText>();
    public DbSet<LearningPathTag> LearningPathTags => Set<LearningPathTag>();
    public DbSet<LearningPathStep> LearningPathSteps => Set<LearningPathStep>();
    public DbSet<LearningPathFollow> LearningPathFollows => Set<LearningPathFollow>();
    public DbSet<LearningStepDone> LearningStepsDone => Set<LearningStepDone>();

    public DbSet<InstanceSetting> InstanceSettings => Set<InstanceSetting>();
    public DbSet<RegisteredNetwork> RegisteredNetworks => Set<RegisteredNetwork>();
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();
    public DbSet<WebhookSubscription> WebhookSubscriptions => Set<WebhookSubscription>();
    public DbSet<WebhookDelivery> WebhookDeliveries => Set<WebhookDelivery>();
    public DbSet<SearchLogEntry> SearchLog => Set<SearchLogEntry>();
    public DbSet<VocabularyTerm> VocabularyTerms => Set<VocabularyTerm>();

    public DbSet<ConsentRecord> ConsentRecords => Set<ConsentRecord>();
    public DbSet<JobLease> JobLeases => Set<JobLease>();
    public DbSet<AbuseReport> AbuseReports => Set<AbuseReport>();
    public DbSet<TranslationJob> TranslationJobs => Set<TranslationJob>();
    public DbSet<ContentTranslation> ContentTranslations => Set<ContentTranslation>();
    public DbSet<IdempotencyKey> IdempotencyKeys => Set<IdempotencyKey>();

    public DbSet<Follow> Follows => Set<Follow>();
    public DbSet<DigestSubscription> DigestSubscriptions => Set<DigestSubscription>();
    public DbSet<Digest> Digests => Set<Digest>();

    public DbSet<NewsItem> NewsItems => Set<NewsItem>();
    public DbSet<NewsText> NewsTexts => Set<NewsText>();
    public DbSet<NewsTheme> NewsThemes => Set<NewsTheme>();
    public DbSet<NewsletterIssue> NewsletterIssues => Set<NewsletterIssue>();
    public DbSet<NewsletterEntry> NewsletterEntries => Set<NewsletterEntry>();
    public DbSet<NewsletterSubscriber> NewsletterSubscribers => Set<NewsletterSubscriber>();
    public DbSet<NewsletterDelivery> NewsletterDeliveries => Set<NewsletterDelivery>();
    public DbSet<AboutText> AboutTexts => Set<AboutText>();

    /// <summary>Every save also writes the webhook notices of the public changes it holds, and the search-log rows of the
    /// items it changes, in the same transaction (outbox).
    /// Only the asynchronous save does: the app saves asynchronously, and the synchronous callers (data-protection keys)
    /// never touch public content.</summary>
    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        var afterIds = await Features.Webhooks.WebhookOutbox.EnqueueAsync(this, cancellationToken);
        var changed = Features.Search.SearchLogWriter.Changed(this);
        // Other nodes evict cached pages from the same log: a change it does not carry yet gets a row that evicts them all.
        if (Infrastructure.Web.PageCacheTags.NeedsLogAll(this)) changed.Add((Infrastructure.Web.PageCacheTags.LogAll, () => 0));
        if (changed.Count == 0) return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        // New items get their ids on save: the log rows are written right after, in the same transaction.
        var own = Database.CurrentTransaction is null ? await Database.BeginTransactionAsync(cancellationToken) : null;
        try
        {
            var saved = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
            afterIds?.Invoke();
            var at = DateTime.UtcNow;
            SearchLog.AddRange(changed.Select(c => new SearchLogEntry { ItemType = c.Type, ItemId = c.Id(), At = at }).DistinctBy(e => (e.ItemType, e.ItemId)));
            await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
            if (own is not null) await own.CommitAsync(cancellationToken);
            return saved;
        }
        finally
        {
            if (own is not null) await own.DisposeAsync();
        }
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(LearningNetworkDb).Assembly);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Enums are stored by name: readable in SQL, and safe when members are added in the middle.
        configurationBuilder.Properties<Enum>().HaveConversion<string>().HaveMaxLength(32);
    }
}
