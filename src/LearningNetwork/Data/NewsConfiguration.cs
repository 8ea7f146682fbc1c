using LearningNetwork.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LearningNetwork.Data;

internal sealed class NewsConfiguration : IEntityTypeConfiguration<NewsItem>, IEntityTypeConfiguration<NewsText>, IEntityTypeConfiguration<NewsTheme>,
    IEntityTypeConfiguration<NewsletterIssue>, IEntityTypeConfiguration<NewsletterEntry>, IEntityTypeConfiguration<NewsletterSubscriber>,
    IEntityTypeConfiguration<NewsletterDelivery>, IEntityTypeConfiguration<AboutText>
{
    public void Configure(EntityTypeBuilder<NewsItem> b)
    {
        b.ToTable("NewsItems");
        b.HasKey(x => x.Id);
        b.Property(x => x.Slug).HasMaxLength(120);
        b.HasIndex(x => x.Slug).IsUnique();
        b.Property(x => x.OriginalLanguage).HasMaxLength(8);
        b.Property(x => x.CreatedBy).HasMaxLength(450);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasIndex(x => x.PublishedAt);
        b.HasIndex(x => x.PartnerId);
        b.HasOne(x => x.Partner).WithMany().HasForeignKey(x => x.PartnerId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(x => x.Texts).WithOne().HasForeignKey(x => x.NewsItemId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(x => x.Themes).WithOne().HasForeignKey(x => x.NewsItemId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<NewsText> b)
    {
        b.ToTable("NewsTexts");
        b.HasKey(x => new { x.NewsItemId, x.Language });
        b.Property(x => x.Language).HasMaxLength(8);
        b.Property(x => x.Title).HasMaxLength(250);
        b.Property(x => x.Summary).HasMaxLength(600);
        b.Property(x => x.Body).HasMaxLength(20000);
    }

    public void Configure(EntityTypeBuilder<NewsTheme> b)
    {
        b.ToTable("NewsThemes");
        b.HasKey(x => new { x.NewsItemId, x.ConceptId });
        b.HasIndex(x => x.ConceptId);
    }

    public void Configure(EntityTypeBuilder<NewsletterIssue> b)
    {
        b.ToTable("NewsletterIssues");
        b.HasKey(x => x.Id);
        b.Property(x => x.Title).HasMaxLength(250);
        b.Property(x => x.Language).HasMaxLength(8);
        b.Property(x => x.Introduction).HasMaxLength(8000);
        b.Property(x => x.CreatedBy).HasMaxLength(450);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasIndex(x => new { x.State, x.SentAt });
        b.HasMany(x => x.Entries).WithOne().HasForeignKey(x => x.NewsletterIssueId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<NewsletterEntry> b)
    {
        b.ToTable("NewsletterEntries");
        b.HasKey(x => new { x.NewsletterIssueId, x.Kind, x.ItemId });
        b.Property(x => x.Kind).HasMaxLength(16);
    }

    public void Configure(EntityTypeBuilder<NewsletterSubscriber> b)
    {
        b.ToTable("NewsletterSubscribers");
        b.HasKey(x => x.UserId);
        b.Property(x => x.UserId).HasMaxLength(450);
        b.Property(x => x.Language).HasMaxLength(8);
    }

    public void Configure(EntityTypeBuilder<NewsletterDelivery> b)
    {
        b.ToTable("NewsletterDeliveries");
        b.HasKey(x => x.Id);
        b.Property(x => x.UserId).HasMaxLength(450);
        // One message per newsletter and person, whatever the nodes.
        b.HasIndex(x => new { x.NewsletterIssueId, x.UserId }).IsUnique();
        b.HasIndex(x => new { x.State, x.NextAttemptAt });
        b.HasOne<NewsletterIssue>().WithMany().HasForeignKey(x => x.NewsletterIssueId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<AboutText> b)
    {
        b.ToTable("AboutTexts");
        b.HasKey(x => new { x.Section, x.Language });
        b.Property(x => x.Section).HasMaxLength(32);
        b.Property(x => x.Language).HasMaxLength(8);
        b.Property(x => x.Text).HasMaxLength(8000);
        b.Property(x => x.UpdatedBy).HasMaxLength(450);
    }
}
