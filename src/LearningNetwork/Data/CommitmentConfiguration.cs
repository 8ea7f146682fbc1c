using LearningNetwork.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LearningNetwork.Data;

internal sealed class CommitmentConfiguration : IEntityTypeConfiguration<Commitment>, IEntityTypeConfiguration<CommitmentTarget>,
    IEntityTypeConfiguration<CommitmentIndicator>, IEntityTypeConfiguration<ProgressReport>
{
    public void Configure(EntityTypeBuilder<Commitment> b)
    {
        b.HasKey(x => x.Id);
        b.Property(x => x.Language).HasMaxLength(8);
        b.Property(x => x.Title).HasMaxLength(250);
        b.Property(x => x.Description).HasMaxLength(8000);
        b.Property(x => x.CreatedBy).HasMaxLength(450);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasIndex(x => x.PartnerId);
        b.HasOne(x => x.Partner).WithMany().HasForeignKey(x => x.PartnerId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(x => x.Targets).WithOne().HasForeignKey(x => x.CommitmentId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(x => x.Indicators).WithOne().HasForeignKey(x => x.CommitmentId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<CommitmentTarget> b)
    {
        // Targets refer to the reference data by code, without a foreign key, like the rest of user data.
        b.HasKey(x => new { x.CommitmentId, x.Code });
        b.Property(x => x.Code).HasMaxLength(64);
        b.HasIndex(x => x.Code);
    }

    public void Configure(EntityTypeBuilder<CommitmentIndicator> b)
    {
        b.HasKey(x => x.Id);
        b.HasIndex(x => new { x.CommitmentId, x.Position });
        b.Property(x => x.Label).HasMaxLength(250);
        b.Property(x => x.Unit).HasMaxLength(16);
        b.HasMany(x => x.Reports).WithOne().HasForeignKey(x => x.IndicatorId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<ProgressReport> b)
    {
        b.HasKey(x => x.Id);
        b.HasIndex(x => new { x.IndicatorId, x.Date });
        b.Property(x => x.Note).HasMaxLength(2000);
        b.Property(x => x.ReportedBy).HasMaxLength(450);
    }
}
