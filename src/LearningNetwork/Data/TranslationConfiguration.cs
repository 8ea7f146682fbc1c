using LearningNetwork.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LearningNetwork.Data;

internal sealed class TranslationConfiguration : IEntityTypeConfiguration<TranslationJob>, IEntityTypeConfiguration<ContentTranslation>
{
    public void Configure(EntityTypeBuilder<TranslationJob> b)
    {
        b.HasKey(x => x.Id);
        b.Property(x => x.ContentKind).HasMaxLength(16);
        b.Property(x => x.TargetLanguage).HasMaxLength(8);
        b.Property(x => x.Status).HasMaxLength(16);
        b.Property(x => x.Engine).HasMaxLength(32);
        b.Property(x => x.Error).HasMaxLength(1000);
        b.HasIndex(x => new { x.Status, x.Id });
        b.HasIndex(x => new { x.ContentKind, x.ContentId, x.TargetLanguage });
    }

    public void Configure(EntityTypeBuilder<ContentTranslation> b)
    {
        b.HasKey(x => x.Id);
        b.Property(x => x.ContentKind).HasMaxLength(16);
        b.Property(x => x.Field).HasMaxLength(40);
        b.Property(x => x.SourceLanguage).HasMaxLength(8);
        b.Property(x => x.TargetLanguage).HasMaxLength(8);
        b.Property(x => x.SourceHash).HasMaxLength(64);
        b.Property(x => x.Text).HasMaxLength(100000);
        b.Property(x => x.Engine).HasMaxLength(32);
        b.HasIndex(x => new { x.ContentKind, x.ContentId, x.Field, x.SourceLanguage, x.TargetLanguage, x.SourceHash }).IsUnique();
        b.HasIndex(x => new { x.ContentKind, x.ContentId, x.TargetLanguage });
    }
}
