using LearningNetwork.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LearningNetwork.Data;

internal sealed class IdempotencyConfiguration : IEntityTypeConfiguration<IdempotencyKey>
{
    public void Configure(EntityTypeBuilder<IdempotencyKey> b)
    {
        b.HasKey(x => x.Id);
        b.Property(x => x.Key).HasMaxLength(64);
        b.Property(x => x.UserId).HasMaxLength(450);
        b.Property(x => x.Url).HasMaxLength(500);
        // One creation per key and person, whatever the nodes and threads: the second insert fails on this index.
        b.HasIndex(x => new { x.Key, x.UserId }).IsUnique();
        b.HasIndex(x => x.CreatedAt);
    }
}
