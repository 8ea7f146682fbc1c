using LearningNetwork.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LearningNetwork.Data;

internal sealed class ProgrammeConfiguration : IEntityTypeConfiguration<Programme>, IEntityTypeConfiguration<ProgrammeTag>, IEntityTypeConfiguration<ProgrammePeer>,
    IEntityTypeConfiguration<ProgrammeRecommendation>, IEntityTypeConfiguration<ProgrammeFollowUp>, IEntityTypeConfiguration<ProgrammeMilestone>
{
    public void Configure(EntityTypeBuilder<Programme> b)
    {
        b.ToTable("Programmes");
        b.HasKey(x => x.Id);
        b.Property(x => x.Slug).HasMaxLength(120);
        b.HasIndex(x => x.Slug).IsUnique();
        b.Property(x => x.Language).HasMaxLength(8);
        b.Property(x => x.Title).HasMaxLength(250);
        b.Property(x => x.Description).HasMaxLength(8000);
        b.Property(x => x.Focus).HasMaxLength(4000);
        b.Property(x => x.Agenda).HasMaxLength(8000);
        b.Property(x => x.DecisionNote).HasMaxLength(2000);
        b.Property(x => x.Report).HasMaxLength(20000);
        b.Property(x => x.CreatedBy).HasMaxLength(450);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasIndex(x => new { x.Stage, x.Kind });
        b.HasIndex(x => x.PartnerId);
        b.HasIndex(x => x.SecondPartnerId);
        b.HasIndex(x => x.CreatedBy);
        b.HasOne(x => x.Partner).WithMany().HasForeignKey(x => x.PartnerId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(x => x.SecondPartner).WithMany().HasForeignKey(x => x.SecondPartnerId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(x => x.Event).WithMany().HasForeignKey(x => x.EventId).OnDelete(DeleteBehavior.SetNull);
        b.HasMany(x => x.Tags).WithOne().HasForeignKey(x => x.ProgrammeId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(x => x.Peers).WithOne().HasForeignKey(x => x.ProgrammeId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(x => x.Recommendations).WithOne().HasForeignKey(x => x.ProgrammeId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(x => x.FollowUps).WithOne().HasForeignKey(x => x.ProgrammeId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(x => x.Milestones).WithOne().HasForeignKey(x => x.ProgrammeId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<ProgrammeTag> b)
    {
        b.ToTable("ProgrammeTags");
        b.HasKey(x => new { x.ProgrammeId, x.Scheme, x.Code });
        b.Property(x => x.Scheme).HasMaxLength(16);
        b.Property(x => x.Code).HasMaxLength(64);
        b.HasIndex(x => new { x.Scheme, x.Code });
    }

    public void Configure(EntityTypeBuilder<ProgrammePeer> b)
    {
        b.ToTable("ProgrammePeers");
        b.HasKey(x => new { x.ProgrammeId, x.PartnerId });
        b.Property(x => x.Reasons).HasMaxLength(4000);
        b.HasIndex(x => x.PartnerId);
        b.HasOne(x => x.Partner).WithMany().HasForeignKey(x => x.PartnerId).OnDelete(DeleteBehavior.Restrict);
    }

    public void Configure(EntityTypeBuilder<ProgrammeRecommendation> b)
    {
        b.ToTable("ProgrammeRecommendations");
        b.HasKey(x => x.Id);
        b.Property(x => x.Text).HasMaxLength(2000);
        b.HasIndex(x => new { x.ProgrammeId, x.Position });
    }

    public void Configure(EntityTypeBuilder<ProgrammeFollowUp> b)
    {
        b.ToTable("ProgrammeFollowUps");
        b.HasKey(x => x.Id);
        b.Property(x => x.Answer).HasMaxLength(8000);
        b.Property(x => x.AnswerLanguage).HasMaxLength(8);
        b.Property(x => x.AnsweredBy).HasMaxLength(450);
        b.HasIndex(x => new { x.ProgrammeId, x.Months }).IsUnique();
        b.HasIndex(x => new { x.DueAt, x.ReminderSentAt });
    }

    public void Configure(EntityTypeBuilder<ProgrammeMilestone> b)
    {
        b.ToTable("ProgrammeMilestones");
        b.HasKey(x => x.Id);
        b.Property(x => x.Title).HasMaxLength(300);
        b.HasIndex(x => new { x.ProgrammeId, x.Position });
    }
}
