using LearningNetwork.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LearningNetwork.Data;

internal sealed class PartnerConfiguration : IEntityTypeConfiguration<Partner>
{
    public void Configure(EntityTypeBuilder<Partner> b)
    {
        b.HasKey(x => x.Id);
        b.Property(x => x.Slug).HasMaxLength(120);
        b.HasIndex(x => x.Slug).IsUnique();
        b.Property(x => x.Name).HasMaxLength(300);
        b.Property(x => x.NativeName).HasMaxLength(300);
        b.Property(x => x.CountryCode).HasMaxLength(2);
        b.Property(x => x.NutsCode).HasMaxLength(8);
        b.Property(x => x.LauCode).HasMaxLength(20);
        b.Property(x => x.SubdivisionCode).HasMaxLength(10);
        b.HasIndex(x => x.SubdivisionCode);
        b.Property(x => x.Website).HasMaxLength(500);
        b.Property(x => x.DescriptionLanguage).HasMaxLength(8);
        b.HasIndex(x => x.CountryCode);
        b.HasIndex(x => x.Type);
        b.HasIndex(x => x.Name);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.Property(x => x.ExternalId).HasMaxLength(500);
        b.HasIndex(x => x.ExternalId).IsUnique();
        b.HasOne<RegisteredNetwork>().WithMany().HasForeignKey(x => x.OriginNetworkId).OnDelete(DeleteBehavior.SetNull);
        b.HasMany(x => x.Languages).WithOne().HasForeignKey(x => x.PartnerId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(x => x.BiogeographicalRegions).WithOne().HasForeignKey(x => x.PartnerId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(x => x.Themes).WithOne().HasForeignKey(x => x.PartnerId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class PartnerDetailsConfiguration : IEntityTypeConfiguration<PartnerLanguage>,
    IEntityTypeConfiguration<PartnerBiogeographicalRegion>, IEntityTypeConfiguration<PartnerTheme>
{
    public void Configure(EntityTypeBuilder<PartnerLanguage> b)
    {
        b.HasKey(x => new { x.PartnerId, x.LanguageCode });
        b.Property(x => x.LanguageCode).HasMaxLength(8);
        b.HasIndex(x => x.LanguageCode);
    }

    public void Configure(EntityTypeBuilder<PartnerBiogeographicalRegion> b)
    {
        b.HasKey(x => new { x.PartnerId, x.RegionCode });
        b.Property(x => x.RegionCode).HasMaxLength(8);
    }

    public void Configure(EntityTypeBuilder<PartnerTheme> b)
    {
        b.HasKey(x => new { x.PartnerId, x.ConceptId });
        b.HasIndex(x => x.ConceptId);
    }
}
