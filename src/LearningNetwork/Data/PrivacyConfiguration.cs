using LearningNetwork.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LearningNetwork.Data;

internal sealed class PrivacyConfiguration : IEntityTypeConfiguration<ConsentRecord>, IEntityTypeConfiguration<JobLease>, IEntityTypeConfiguration<AbuseReport>
{
    public void Configure(EntityTypeBuilder<ConsentRecord> b)
    {
        b.HasKey(x => x.Id);
        b.Property(x => x.UserId).HasMaxLength(450);
        b.Property(x => x.Document).HasMaxLength(64);
        b.Property(x => x.Version).HasMaxLength(64);
        b.Property(x => x.Language).HasMaxLength(8);
        b.Property(x => x.TextHash).HasMaxLength(64);
        b.Property(x => x.Text).HasMaxLength(20000);
        b.Property(x => x.Occasion).HasMaxLength(32);
        b.HasIndex(x => new { x.UserId, x.At });
    }

    public void Configure(EntityTypeBuilder<JobLease> b)
    {
        b.HasKey(x => x.Name);
        b.Property(x => x.Name).HasMaxLength(64);
        b.Property(x => x.Holder).HasMaxLength(200);
    }

    public void Configure(EntityTypeBuilder<AbuseReport> b)
    {
        b.HasKey(x => x.Id);
        b.Property(x => x.ContentType).HasMaxLength(32);
        b.Property(x => x.ContentKey).HasMaxLength(300);
        b.Property(x => x.ContentTitle).HasMaxLength(300);
        b.Property(x => x.AuthorId).HasMaxLength(450);
        b.Property(x => x.ReporterId).HasMaxLength(450);
        b.Property(x => x.Text).HasMaxLength(4000);
        b.Property(x => x.DecisionNote).HasMaxLength(2000);
        b.Property(x => x.DecidedBy).HasMaxLength(450);
        b.HasIndex(x => new { x.Status, x.CreatedAt });
        b.HasIndex(x => x.AuthorId);
        b.HasIndex(x => x.ReporterId);
    }
}
