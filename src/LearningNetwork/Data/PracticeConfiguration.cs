using LearningNetwork.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LearningNetwork.Data;

internal sealed class PracticeConfiguration : IEntityTypeConfiguration<Practice>, IEntityTypeConfiguration<PracticeText>,
    IEntityTypeConfiguration<PracticeTag>, IEntityTypeConfiguration<BuildingBlock>, IEntityTypeConfiguration<BuildingBlockText>,
    IEntityTypeConfiguration<PracticeResult>, IEntityTypeConfiguration<PracticeContributor>, IEntityTypeConfiguration<PracticeAttachment>,
    IEntityTypeConfiguration<PracticeTransfer>, IEntityTypeConfiguration<PracticeTransferBlock>, IEntityTypeConfiguration<PracticeRevision>,
    IEntityTypeConfiguration<PracticeAttachmentContent>
{
    public void Configure(EntityTypeBuilder<Practice> b)
    {
        b.HasKey(x => x.Id);
        b.Property(x => x.Slug).HasMaxLength(120);
        b.HasIndex(x => x.Slug).IsUnique();
        b.Property(x => x.OriginalLanguage).HasMaxLength(8);
        b.Property(x => x.CountryCode).HasMaxLength(2);
        b.Property(x => x.NutsCode).HasMaxLength(8);
        b.Property(x => x.LauCode).HasMaxLength(20);
        b.Property(x => x.PlaceName).HasMaxLength(200);
        b.Property(x => x.Scale).HasMaxLength(200);
        b.Property(x => x.ContactUserId).HasMaxLength(450);
        b.Property(x => x.CreatedBy).HasMaxLength(450);
        b.Property(x => x.ValidatedBy).HasMaxLength(450);
        b.Property(x => x.ValidationNote).HasMaxLength(2000);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.Property(x => x.ExternalId).HasMaxLength(500);
        b.HasIndex(x => x.ExternalId).IsUnique();
        b.HasOne<RegisteredNetwork>().WithMany().HasForeignKey(x => x.OriginNetworkId).OnDelete(DeleteBehavior.SetNull);
        b.HasIndex(x => new { x.Stage, x.PublishedAt });
        b.HasIndex(x => x.CountryCode);
        b.HasIndex(x => x.PartnerId);
        b.HasIndex(x => x.ReviewBy);
        b.HasOne(x => x.Partner).WithMany().HasForeignKey(x => x.PartnerId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(x => x.Texts).WithOne().HasForeignKey(x => x.PracticeId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(x => x.Tags).WithOne().HasForeignKey(x => x.PracticeId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(x => x.Blocks).WithOne().HasForeignKey(x => x.PracticeId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(x => x.Results).WithOne().HasForeignKey(x => x.PracticeId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(x => x.Contributors).WithOne().HasForeignKey(x => x.PracticeId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(x => x.Attachments).WithOne().HasForeignKey(x => x.PracticeId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<PracticeText> b)
    {
        b.HasKey(x => new { x.PracticeId, x.Language });
        b.Property(x => x.Language).HasMaxLength(8);
        b.Property(x => x.Title).HasMaxLength(250);
        b.Property(x => x.Summary).HasMaxLength(600);
        b.Property(x => x.Keywords).HasMaxLength(1000);
        b.HasIndex(x => x.Language);
    }

    public void Configure(EntityTypeBuilder<PracticeTag> b)
    {
        b.HasKey(x => new { x.PracticeId, x.Scheme, x.Code });
        b.Property(x => x.Scheme).HasMaxLength(16);
        b.Property(x => x.Code).HasMaxLength(64);
        b.HasIndex(x => new { x.Scheme, x.Code });
    }

    public void Configure(EntityTypeBuilder<BuildingBlock> b)
    {
        b.HasKey(x => x.Id);
        b.HasIndex(x => new { x.PracticeId, x.Position });
        b.HasMany(x => x.Texts).WithOne().HasForeignKey(x => x.BuildingBlockId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<BuildingBlockText> b)
    {
        b.HasKey(x => new { x.BuildingBlockId, x.Language });
        b.Property(x => x.Language).HasMaxLength(8);
        b.Property(x => x.Title).HasMaxLength(250);
    }

    public void Configure(EntityTypeBuilder<PracticeResult> b)
    {
        b.HasKey(x => x.Id);
        b.HasIndex(x => new { x.PracticeId, x.Position });
        b.Property(x => x.Label).HasMaxLength(250);
        b.Property(x => x.Unit).HasMaxLength(40);
        b.Property(x => x.Indicator).HasMaxLength(64);
    }

    public void Configure(EntityTypeBuilder<PracticeContributor> b)
    {
        b.HasKey(x => new { x.PracticeId, x.PartnerId });
        b.HasOne<Partner>().WithMany().HasForeignKey(x => x.PartnerId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<PracticeAttachment> b)
    {
        b.HasKey(x => x.Id);
        b.HasIndex(x => x.PracticeId);
        b.Property(x => x.FileName).HasMaxLength(200);
        b.Property(x => x.ContentType).HasMaxLength(100);
        b.Property(x => x.Caption).HasMaxLength(300);
        b.Property(x => x.Credit).HasMaxLength(200);
        b.Property(x => x.Licence).HasMaxLength(100);
        b.Property(x => x.CreatedBy).HasMaxLength(450);
    }

    public void Configure(EntityTypeBuilder<PracticeTransfer> b)
    {
        b.HasKey(x => x.Id);
        b.HasIndex(x => x.SourcePracticeId);
        b.HasIndex(x => x.AdoptedPracticeId);
        b.Property(x => x.WhatChanged).HasMaxLength(4000);
        b.Property(x => x.Result).HasMaxLength(4000);
        b.Property(x => x.RecordedBy).HasMaxLength(450);
        b.HasOne<Practice>().WithMany().HasForeignKey(x => x.SourcePracticeId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Practice>().WithMany().HasForeignKey(x => x.AdoptedPracticeId).OnDelete(DeleteBehavior.SetNull);
        b.HasOne<Partner>().WithMany().HasForeignKey(x => x.AdoptingPartnerId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(x => x.Blocks).WithOne().HasForeignKey(x => x.TransferId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<PracticeTransferBlock> b)
    {
        b.HasKey(x => new { x.TransferId, x.BuildingBlockId });
        b.HasOne<BuildingBlock>().WithMany().HasForeignKey(x => x.BuildingBlockId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<PracticeRevision> b)
    {
        b.HasKey(x => x.Id);
        b.HasIndex(x => new { x.PracticeId, x.Number }).IsUnique();
        b.Property(x => x.UserId).HasMaxLength(450);
        b.Property(x => x.Action).HasMaxLength(32);
        b.Property(x => x.Note).HasMaxLength(2000);
        b.HasOne(x => x.Practice).WithMany().HasForeignKey(x => x.PracticeId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<PracticeAttachmentContent> b)
    {
        b.HasKey(x => x.AttachmentId);
        b.HasOne<PracticeAttachment>().WithOne().HasForeignKey<PracticeAttachmentContent>(x => x.AttachmentId).OnDelete(DeleteBehavior.Cascade);
    }
}
