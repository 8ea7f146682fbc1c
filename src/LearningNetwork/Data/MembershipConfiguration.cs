using LearningNetwork.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LearningNetwork.Data;

internal sealed class MembershipConfiguration : IEntityTypeConfiguration<MembershipApplication>, IEntityTypeConfiguration<PartnerMember>,
    IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<MembershipApplication> b)
    {
        b.HasKey(x => x.Id);
        b.Property(x => x.ApplicantId).HasMaxLength(450);
        b.Property(x => x.Name).HasMaxLength(300);
        b.Property(x => x.CountryCode).HasMaxLength(2);
        b.Property(x => x.NutsCode).HasMaxLength(8);
        b.Property(x => x.LauCode).HasMaxLength(20);
        b.Property(x => x.SubdivisionCode).HasMaxLength(10);
        b.Property(x => x.Languages).HasMaxLength(200);
        b.Property(x => x.BiogeographicalRegions).HasMaxLength(100);
        b.Property(x => x.Themes).HasMaxLength(500);
        b.Property(x => x.Website).HasMaxLength(500);
        b.Property(x => x.Description).HasMaxLength(4000);
        b.Property(x => x.DescriptionLanguage).HasMaxLength(8);
        b.Property(x => x.ReviewNote).HasMaxLength(2000);
        b.Property(x => x.ReviewedBy).HasMaxLength(450);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasIndex(x => x.Status);
        b.HasIndex(x => x.ApplicantId);
    }

    public void Configure(EntityTypeBuilder<PartnerMember> b)
    {
        b.HasKey(x => new { x.PartnerId, x.UserId });
        b.Property(x => x.UserId).HasMaxLength(450);
        b.HasIndex(x => x.UserId);
        b.HasOne<Partner>().WithMany().HasForeignKey(x => x.PartnerId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<AuditEntry> b)
    {
        b.HasKey(x => x.Id);
        b.Property(x => x.UserId).HasMaxLength(450);
        b.Property(x => x.Action).HasMaxLength(64);
        b.Property(x => x.Subject).HasMaxLength(200);
        b.Property(x => x.Details).HasMaxLength(4000);
        b.HasIndex(x => x.At);
        b.HasIndex(x => x.Subject);
    }
}

internal sealed class PersonProfileConfiguration : IEntityTypeConfiguration<PersonProfile>
{
    public void Configure(EntityTypeBuilder<PersonProfile> b)
    {
        b.HasKey(x => x.Id);
        b.Property(x => x.UserId).HasMaxLength(450);
        b.HasIndex(x => x.UserId).IsUnique();
        b.HasIndex(x => x.PartnerId);
        b.Property(x => x.Name).HasMaxLength(200);
        b.Property(x => x.JobTitle).HasMaxLength(200);
        b.Property(x => x.Languages).HasMaxLength(200);
        b.Property(x => x.Expertise).HasMaxLength(500);
        b.HasOne<Partner>().WithMany().HasForeignKey(x => x.PartnerId).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class InvitationConfiguration : IEntityTypeConfiguration<Invitation>
{
    public void Configure(EntityTypeBuilder<Invitation> b)
    {
        b.HasKey(x => x.Id);
        b.Property(x => x.Email).HasMaxLength(256);
        b.Property(x => x.TokenHash).HasMaxLength(64);
        b.HasIndex(x => x.TokenHash).IsUnique();
        b.Property(x => x.InvitedBy).HasMaxLength(450);
        b.Property(x => x.AcceptedBy).HasMaxLength(450);
        b.HasOne<Partner>().WithMany().HasForeignKey(x => x.PartnerId).OnDelete(DeleteBehavior.Cascade);
    }
}
