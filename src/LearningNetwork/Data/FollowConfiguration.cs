using LearningNetwork.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LearningNetwork.Data;

internal sealed class FollowConfiguration : IEntityTypeConfiguration<Follow>, IEntityTypeConfiguration<DigestSubscription>, IEntityTypeConfiguration<Digest>
{
    public void Configure(EntityTypeBuilder<Follow> b)
    {
        b.HasKey(x => x.Id);
        b.Property(x => x.UserId).HasMaxLength(450);
        b.Property(x => x.Key).HasMaxLength(1000);
        b.HasIndex(x => new { x.UserId, x.Kind, x.Key }).IsUnique();
    }

    public void Configure(EntityTypeBuilder<DigestSubscription> b)
    {
        b.HasKey(x => x.UserId);
        b.Property(x => x.UserId).HasMaxLength(450);
        b.Property(x => x.Language).HasMaxLength(8);
        b.HasIndex(x => x.Frequency);
    }

    public void Configure(EntityTypeBuilder<Digest> b)
    {
        b.HasKey(x => x.Id);
        b.Property(x => x.UserId).HasMaxLength(450);
        b.Property(x => x.Period).HasMaxLength(32);
        // The claim: one digest per person and period, whatever the nodes.
        b.HasIndex(x => new { x.UserId, x.Period }).IsUnique();
        b.HasIndex(x => new { x.State, x.RetryAt });
    }
}
