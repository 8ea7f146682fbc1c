using LearningNetwork.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LearningNetwork.Data;

internal sealed class InterchangeConfiguration : IEntityTypeConfiguration<InstanceSetting>, IEntityTypeConfiguration<RegisteredNetwork>,
    IEntityTypeConfiguration<ApiKey>, IEntityTypeConfiguration<WebhookSubscription>, IEntityTypeConfiguration<WebhookDelivery>,
    IEntityTypeConfiguration<SearchLogEntry>, IEntityTypeConfiguration<VocabularyTerm>
{
    public void Configure(EntityTypeBuilder<InstanceSetting> b)
    {
        b.HasKey(x => x.Key);
        b.Property(x => x.Key).HasMaxLength(64);
        b.Property(x => x.Value).HasMaxLength(2000);
    }

    public void Configure(EntityTypeBuilder<RegisteredNetwork> b)
    {
        b.HasKey(x => x.Id);
        b.Property(x => x.Slug).HasMaxLength(120);
        b.HasIndex(x => x.Slug).IsUnique();
        b.Property(x => x.Name).HasMaxLength(300);
        b.Property(x => x.Scope).HasMaxLength(2000);
        b.Property(x => x.Countries).HasMaxLength(500);
        b.Property(x => x.Themes).HasMaxLength(1000);
        b.Property(x => x.Website).HasMaxLength(500);
        b.Property(x => x.FeedUrl).HasMaxLength(1000);
        b.Property(x => x.ETag).HasMaxLength(300);
        b.Property(x => x.LastModified).HasMaxLength(100);
        b.Property(x => x.LastOutcome).HasMaxLength(4000);
        b.Property(x => x.LeaseHolder).HasMaxLength(100);
    }

    public void Configure(EntityTypeBuilder<ApiKey> b)
    {
        b.HasKey(x => x.Id);
        b.Property(x => x.Name).HasMaxLength(200);
        b.Property(x => x.Prefix).HasMaxLength(32);
        b.HasIndex(x => x.Prefix).IsUnique();
        b.Property(x => x.SecretHash).HasMaxLength(64);
        b.Property(x => x.Scopes).HasMaxLength(500);
        b.Property(x => x.CreatedBy).HasMaxLength(450);
        b.HasOne<Partner>().WithMany().HasForeignKey(x => x.PartnerId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<WebhookSubscription> b)
    {
        b.HasKey(x => x.Id);
        b.Property(x => x.Url).HasMaxLength(1000);
        b.Property(x => x.Secret).HasMaxLength(200);
        b.Property(x => x.Description).HasMaxLength(500);
    }

    public void Configure(EntityTypeBuilder<WebhookDelivery> b)
    {
        b.HasKey(x => x.Id);
        b.Property(x => x.Event).HasMaxLength(64);
        b.Property(x => x.LastStatus).HasMaxLength(500);
        b.HasIndex(x => new { x.DeliveredAt, x.Abandoned, x.NextAttemptAt });
        b.HasOne<WebhookSubscription>().WithMany().HasForeignKey(x => x.SubscriptionId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<SearchLogEntry> b)
    {
        b.HasKey(x => x.Id);
        b.Property(x => x.ItemType).HasMaxLength(16);
    }

    public void Configure(EntityTypeBuilder<VocabularyTerm> b)
    {
        b.HasKey(x => x.Id);
        b.Property(x => x.Concept).HasMaxLength(120);
        b.Property(x => x.Language).HasMaxLength(8);
        b.Property(x => x.Term).HasMaxLength(200);
        b.Property(x => x.CreatedBy).HasMaxLength(450);
        b.HasIndex(x => new { x.Language, x.Term }).IsUnique();
    }
}
