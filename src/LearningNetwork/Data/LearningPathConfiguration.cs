using LearningNetwork.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LearningNetwork.Data;

internal sealed class LearningPathConfiguration : IEntityTypeConfiguration<LearningPath>, IEntityTypeConfiguration<LearningPathText>,
    IEntityTypeConfiguration<LearningPathTag>, IEntityTypeConfiguration<LearningPathStep>, IEntityTypeConfiguration<LearningPathFollow>,
    IEntityTypeConfiguration<LearningStepDone>
{
    public void Configure(EntityTypeBuilder<LearningPath> b)
    {
        b.ToTable("LearningPaths");
        b.HasKey(x => x.Id);
        b.Property(x => x.Slug).HasMaxLength(120);
        b.HasIndex(x => x.Slug).IsUnique();
        b.Property(x => x.Language).HasMaxLength(8);
        b.Property(x => x.CreatedBy).HasMaxLength(450);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasIndex(x => x.CreatedBy);
        b.HasMany(x => x.Texts).WithOne().HasForeignKey(x => x.PathId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(x => x.Tags).WithOne().HasForeignKey(x => x.PathId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(x => x.Steps).WithOne().HasForeignKey(x => x.PathId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<LearningPathText> b)
    {
        b.ToTable("LearningPathTexts");
        b.HasKey(x => new { x.PathId, x.Language });
        b.Property(x => x.Language).HasMaxLength(8);
        b.Property(x => x.Title).HasMaxLength(250);
        b.Property(x => x.Summary).HasMaxLength(4000);
    }

    public void Configure(EntityTypeBuilder<LearningPathTag> b)
    {
        b.ToTable("LearningPathTags");
        b.HasKey(x => new { x.PathId, x.Scheme, x.Code });
        b.Property(x => x.Scheme).HasMaxLength(16);
        b.Property(x => x.Code).HasMaxLength(64);
        b.HasIndex(x => new { x.Scheme, x.Code });
    }

    public void Configure(EntityTypeBuilder<LearningPathStep> b)
    {
        b.ToTable("LearningPathSteps");
        b.HasKey(x => x.Id);
        b.Property(x => x.TargetCode).HasMaxLength(64);
        b.Property(x => x.Url).HasMaxLength(2000);
        b.Property(x => x.Title).HasMaxLength(300);
        b.HasIndex(x => new { x.PathId, x.Position });
        b.HasIndex(x => x.TargetCode);
        b.HasOne(x => x.Practice).WithMany().HasForeignKey(x => x.PracticeId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(x => x.Event).WithMany().HasForeignKey(x => x.EventId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<LearningPathFollow> b)
    {
        b.ToTable("LearningPathFollows");
        b.HasKey(x => new { x.PathId, x.UserId });
        b.Property(x => x.UserId).HasMaxLength(450);
        b.HasIndex(x => x.UserId);
        b.HasOne<LearningPath>().WithMany().HasForeignKey(x => x.PathId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<LearningStepDone> b)
    {
        b.ToTable("LearningStepsDone");
        b.HasKey(x => new { x.StepId, x.UserId });
        b.Property(x => x.UserId).HasMaxLength(450);
        b.HasIndex(x => new { x.UserId, x.PathId });
        b.HasOne<LearningPathStep>().WithMany().HasForeignKey(x => x.StepId).OnDelete(DeleteBehavior.Cascade);
    }
}
