using LearningNetwork.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LearningNetwork.Data;

internal sealed class CountryConfiguration : IEntityTypeConfiguration<Country>
{
    public void Configure(EntityTypeBuilder<Country> b)
    {
        b.HasKey(x => x.Code);
        b.Property(x => x.Code).HasMaxLength(2);
        b.Property(x => x.Alpha3).HasMaxLength(3);
        b.Property(x => x.EurostatCode).HasMaxLength(2);
        b.HasIndex(x => x.EurostatCode);
    }
}

internal sealed class LanguageConfiguration : IEntityTypeConfiguration<Language>
{
    public void Configure(EntityTypeBuilder<Language> b)
    {
        b.HasKey(x => x.Code);
        b.Property(x => x.Code).HasMaxLength(8);
    }
}

internal sealed class SubdivisionConfiguration : IEntityTypeConfiguration<Subdivision>, IEntityTypeConfiguration<SubdivisionName>
{
    public void Configure(EntityTypeBuilder<Subdivision> b)
    {
        b.HasKey(x => x.Code);
        b.Property(x => x.Code).HasMaxLength(10);
        b.Property(x => x.CountryCode).HasMaxLength(2);
        b.Property(x => x.Type).HasMaxLength(100);
        b.Property(x => x.ParentCode).HasMaxLength(10);
        b.Property(x => x.Name).HasMaxLength(200);
        b.HasIndex(x => x.CountryCode);
    }

    public void Configure(EntityTypeBuilder<SubdivisionName> b)
    {
        b.HasKey(x => new { x.Code, x.Language });
        b.Property(x => x.Code).HasMaxLength(10);
        b.Property(x => x.Language).HasMaxLength(8);
        b.Property(x => x.Name).HasMaxLength(200);
    }
}

internal sealed class NutsRegionConfiguration : IEntityTypeConfiguration<NutsRegion>
{
    public void Configure(EntityTypeBuilder<NutsRegion> b)
    {
        b.HasKey(x => x.Code);
        b.Property(x => x.Code).HasMaxLength(8);
        b.Property(x => x.CountryCode).HasMaxLength(2);
        b.Property(x => x.ParentCode).HasMaxLength(8);
        b.HasIndex(x => x.ParentCode);
        b.HasIndex(x => new { x.CountryCode, x.Level });
    }
}

internal sealed class BiogeographicalRegionConfiguration : IEntityTypeConfiguration<BiogeographicalRegion>
{
    public void Configure(EntityTypeBuilder<BiogeographicalRegion> b)
    {
        b.HasKey(x => x.Code);
        b.Property(x => x.Code).HasMaxLength(8);
    }
}

internal sealed class GemetConfiguration :
    IEntityTypeConfiguration<GemetConcept>, IEntityTypeConfiguration<GemetLabel>, IEntityTypeConfiguration<GemetDefinition>,
    IEntityTypeConfiguration<GemetRelation>, IEntityTypeConfiguration<GemetGroup>,
    IEntityTypeConfiguration<GemetGroupLabel>, IEntityTypeConfiguration<GemetMembership>
{
    public void Configure(EntityTypeBuilder<GemetConcept> b)
    {
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).ValueGeneratedNever();
        b.HasMany(x => x.Labels).WithOne().HasForeignKey(x => x.ConceptId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<GemetLabel> b)
    {
        b.HasKey(x => new { x.ConceptId, x.Language });
        b.Property(x => x.Language).HasMaxLength(8);
        b.HasIndex(x => new { x.Language, x.Label });
    }

    public void Configure(EntityTypeBuilder<GemetDefinition> b)
    {
        b.HasKey(x => new { x.ConceptId, x.Language });
        b.Property(x => x.Language).HasMaxLength(8);
    }

    public void Configure(EntityTypeBuilder<GemetRelation> b)
    {
        b.HasKey(x => new { x.ConceptId, x.Kind, x.TargetId });
        b.HasIndex(x => x.TargetId);
    }

    public void Configure(EntityTypeBuilder<GemetGroup> b)
    {
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).ValueGeneratedNever();
    }

    public void Configure(EntityTypeBuilder<GemetGroupLabel> b)
    {
        b.HasKey(x => new { x.GroupId, x.Language });
        b.Property(x => x.Language).HasMaxLength(8);
    }

    public void Configure(EntityTypeBuilder<GemetMembership> b)
    {
        b.HasKey(x => new { x.ConceptId, x.GroupId });
        b.HasIndex(x => x.GroupId);
    }
}

internal sealed class PolicyConfiguration : IEntityTypeConfiguration<PolicyFramework>, IEntityTypeConfiguration<PolicyTarget>
{
    public void Configure(EntityTypeBuilder<PolicyFramework> b)
    {
        b.HasKey(x => x.Code);
        b.Property(x => x.Code).HasMaxLength(16);
    }

    public void Configure(EntityTypeBuilder<PolicyTarget> b)
    {
        b.HasKey(x => x.Id);
        b.Property(x => x.FrameworkCode).HasMaxLength(16);
        b.Property(x => x.Code).HasMaxLength(32);
        b.Property(x => x.Kind).HasMaxLength(32);
        b.HasIndex(x => new { x.FrameworkCode, x.Code }).IsUnique();
    }
}

internal sealed class ClassificationConfiguration : IEntityTypeConfiguration<EunisHabitat>, IEntityTypeConfiguration<CicesCategory>,
    IEntityTypeConfiguration<ReferenceDataSet>
{
    public void Configure(EntityTypeBuilder<EunisHabitat> b)
    {
        b.HasKey(x => x.Code);
        b.Property(x => x.Code).HasMaxLength(16);
    }

    public void Configure(EntityTypeBuilder<CicesCategory> b)
    {
        b.HasKey(x => x.Code);
        b.Property(x => x.Code).HasMaxLength(16);
    }

    public void Configure(EntityTypeBuilder<ReferenceDataSet> b)
    {
        b.HasKey(x => x.Name);
        b.Property(x => x.Name).HasMaxLength(64);
        b.Property(x => x.ContentHash).HasMaxLength(64);
    }
}
