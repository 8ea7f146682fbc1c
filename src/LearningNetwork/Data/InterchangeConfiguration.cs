using LearningNetwork.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LearningNetwork.Data;

internal sealed class InterchangeConfiguration : IEntityTypeConfiguration<InstanceSetting>, IEntityTypeConfiguration<RegisteredNetwork>
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
}
