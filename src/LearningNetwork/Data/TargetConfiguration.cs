using LearningNetwork.Domain;
using LearningNetwork.Features.Targets;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LearningNetwork.Data;

internal sealed class TargetConfiguration : IEntityTypeConfiguration<TargetTextRevision>
{
    public void Configure(EntityTypeBuilder<TargetTextRevision> b)
    {
        b.HasKey(x => x.Id);
        // The item refers to the reference data by code, without a foreign key, like the rest of user data.
        b.Property(x => x.Framework).HasMaxLength(16);
        b.Property(x => x.Code).HasMaxLength(40);
        b.Property(x => x.Language).HasMaxLength(8);
        // One row per version of a text: two edits made on the same version cannot both be saved.
        b.HasIndex(x => new { x.Framework, x.Code, x.Language, x.Version }).IsUnique();
        b.Property(x => x.Title).HasMaxLength(TargetTextLimits.Title);
        b.Property(x => x.Officer).HasMaxLength(TargetTextLimits.Officer);
        b.Property(x => x.DecisionMaker).HasMaxLength(TargetTextLimits.DecisionMaker);
        b.Property(x => x.Citizen).HasMaxLength(TargetTextLimits.Citizen);
        b.Property(x => x.Region).HasMaxLength(TargetTextLimits.Actions);
        b.Property(x => x.Municipality).HasMaxLength(TargetTextLimits.Actions);
        b.Property(x => x.Deadline).HasMaxLength(TargetTextLimits.Deadline);
        b.Property(x => x.Figures).HasMaxLength(TargetTextLimits.Figures);
        b.Property(x => x.EditedBy).HasMaxLength(450);
        b.Property(x => x.Note).HasMaxLength(TargetTextLimits.Note);
    }
}
