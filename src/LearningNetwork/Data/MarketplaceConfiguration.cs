using LearningNetwork.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LearningNetwork.Data;

internal sealed class MarketplaceConfiguration : IEntityTypeConfiguration<Offer>, IEntityTypeConfiguration<OfferTag>, IEntityTypeConfiguration<OfferPerson>,
    IEntityTypeConfiguration<HelpRequest>, IEntityTypeConfiguration<RequestTag>, IEntityTypeConfiguration<RequestStep>,
    IEntityTypeConfiguration<RequestFeedback>, IEntityTypeConfiguration<Conversation>, IEntityTypeConfiguration<ConversationMessage>,
    IEntityTypeConfiguration<Notification>, IEntityTypeConfiguration<MatchAlertSubscription>
{
    public void Configure(EntityTypeBuilder<Offer> b)
    {
        b.ToTable("Offers");
        b.HasKey(x => x.Id);
        b.Property(x => x.Slug).HasMaxLength(120);
        b.HasIndex(x => x.Slug).IsUnique();
        b.Property(x => x.Language).HasMaxLength(8);
        b.Property(x => x.Title).HasMaxLength(250);
        b.Property(x => x.Description).HasMaxLength(8000);
        b.Property(x => x.CostNote).HasMaxLength(300);
        b.Property(x => x.CreatedBy).HasMaxLength(450);
        b.Property(x => x.ExternalId).HasMaxLength(500);
        b.HasIndex(x => x.ExternalId).IsUnique();
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasIndex(x => new { x.State, x.UpdatedAt });
        b.HasIndex(x => x.PartnerId);
        b.HasOne(x => x.Partner).WithMany().HasForeignKey(x => x.PartnerId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<RegisteredNetwork>().WithMany().HasForeignKey(x => x.OriginNetworkId).OnDelete(DeleteBehavior.SetNull);
        b.HasMany(x => x.Tags).WithOne().HasForeignKey(x => x.OfferId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(x => x.People).WithOne().HasForeignKey(x => x.OfferId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<OfferTag> b)
    {
        b.HasKey(x => new { x.OfferId, x.Scheme, x.Code });
        b.Property(x => x.Scheme).HasMaxLength(16);
        b.Property(x => x.Code).HasMaxLength(64);
        b.HasIndex(x => new { x.Scheme, x.Code });
    }

    public void Configure(EntityTypeBuilder<OfferPerson> b)
    {
        b.HasKey(x => new { x.OfferId, x.PersonProfileId });
        b.HasOne<PersonProfile>().WithMany().HasForeignKey(x => x.PersonProfileId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<HelpRequest> b)
    {
        b.ToTable("Requests");
        b.HasKey(x => x.Id);
        b.Property(x => x.Slug).HasMaxLength(120);
        b.HasIndex(x => x.Slug).IsUnique();
        b.Property(x => x.Language).HasMaxLength(8);
        b.Property(x => x.Title).HasMaxLength(250);
        b.Property(x => x.Description).HasMaxLength(8000);
        b.Property(x => x.CreatedBy).HasMaxLength(450);
        b.Property(x => x.ExternalId).HasMaxLength(500);
        b.HasIndex(x => x.ExternalId).IsUnique();
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasIndex(x => new { x.State, x.UpdatedAt });
        b.HasIndex(x => x.PartnerId);
        b.HasIndex(x => new { x.AlertSent, x.State });
        b.HasOne(x => x.Partner).WithMany().HasForeignKey(x => x.PartnerId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Offer>().WithMany().HasForeignKey(x => x.MatchedOfferId).OnDelete(DeleteBehavior.SetNull);
        b.HasOne<Partner>().WithMany().HasForeignKey(x => x.MatchedPartnerId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<RegisteredNetwork>().WithMany().HasForeignKey(x => x.OriginNetworkId).OnDelete(DeleteBehavior.SetNull);
        b.HasMany(x => x.Tags).WithOne().HasForeignKey(x => x.RequestId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(x => x.Steps).WithOne().HasForeignKey(x => x.RequestId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(x => x.Feedback).WithOne().HasForeignKey(x => x.RequestId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<RequestTag> b)
    {
        b.ToTable("RequestTags");
        b.HasKey(x => new { x.RequestId, x.Scheme, x.Code });
        b.Property(x => x.Scheme).HasMaxLength(16);
        b.Property(x => x.Code).HasMaxLength(64);
        b.HasIndex(x => new { x.Scheme, x.Code });
    }

    public void Configure(EntityTypeBuilder<RequestStep> b)
    {
        b.ToTable("RequestSteps");
        b.HasKey(x => x.Id);
        b.Property(x => x.UserId).HasMaxLength(450);
        b.Property(x => x.Note).HasMaxLength(2000);
        b.HasIndex(x => new { x.RequestId, x.At });
    }

    public void Configure(EntityTypeBuilder<RequestFeedback> b)
    {
        b.ToTable("RequestFeedback");
        b.HasKey(x => new { x.RequestId, x.Side });
        b.Property(x => x.Text).HasMaxLength(4000);
    }

    public void Configure(EntityTypeBuilder<Conversation> b)
    {
        b.HasKey(x => x.Id);
        b.HasIndex(x => new { x.RequestId, x.OtherPartnerId });
        b.HasIndex(x => new { x.OfferId, x.OtherPartnerId });
        b.HasIndex(x => x.OwnerPartnerId);
        b.HasIndex(x => x.OtherPartnerId);
        b.HasOne<HelpRequest>().WithMany().HasForeignKey(x => x.RequestId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Offer>().WithMany().HasForeignKey(x => x.OfferId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Partner>().WithMany().HasForeignKey(x => x.OwnerPartnerId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Partner>().WithMany().HasForeignKey(x => x.OtherPartnerId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(x => x.Messages).WithOne().HasForeignKey(x => x.ConversationId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<ConversationMessage> b)
    {
        b.HasKey(x => x.Id);
        b.Property(x => x.UserId).HasMaxLength(450);
        b.Property(x => x.Text).HasMaxLength(4000);
        b.HasIndex(x => new { x.ConversationId, x.At });
    }

    public void Configure(EntityTypeBuilder<Notification> b)
    {
        b.HasKey(x => x.Id);
        b.Property(x => x.UserId).HasMaxLength(450);
        b.Property(x => x.Kind).HasMaxLength(32);
        b.Property(x => x.Subject).HasMaxLength(250);
        b.Property(x => x.Path).HasMaxLength(300);
        b.HasIndex(x => new { x.UserId, x.CreatedAt });
    }

    public void Configure(EntityTypeBuilder<MatchAlertSubscription> b)
    {
        b.HasKey(x => x.UserId);
        b.Property(x => x.UserId).HasMaxLength(450);
    }
}
