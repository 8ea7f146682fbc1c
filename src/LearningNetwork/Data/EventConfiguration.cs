using LearningNetwork.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LearningNetwork.Data;

internal sealed class EventConfiguration : IEntityTypeConfiguration<Event>, IEntityTypeConfiguration<EventTag>, IEntityTypeConfiguration<EventOrganiser>,
    IEntityTypeConfiguration<EventRegistration>, IEntityTypeConfiguration<CalendarFeedToken>
{
    public void Configure(EntityTypeBuilder<Event> b)
    {
        b.ToTable("Events");
        b.HasKey(x => x.Id);
        b.Property(x => x.Slug).HasMaxLength(120);
        b.HasIndex(x => x.Slug).IsUnique();
        b.Property(x => x.Language).HasMaxLength(8);
        b.Property(x => x.Title).HasMaxLength(250);
        b.Property(x => x.Summary).HasMaxLength(600);
        b.Property(x => x.Description).HasMaxLength(8000);
        b.Property(x => x.TimeZone).HasMaxLength(64);
        b.Property(x => x.Address).HasMaxLength(300);
        b.Property(x => x.CountryCode).HasMaxLength(2);
        b.Property(x => x.OnlineUrl).HasMaxLength(500);
        b.Property(x => x.SlidesUrl).HasMaxLength(500);
        b.Property(x => x.RecordingUrl).HasMaxLength(500);
        b.Property(x => x.ReportUrl).HasMaxLength(500);
        b.Property(x => x.CreatedBy).HasMaxLength(450);
        b.Property(x => x.ExternalId).HasMaxLength(500);
        b.HasIndex(x => x.ExternalId).IsUnique();
        b.Property(x => x.Version).IsConcurrencyToken();
        b.Property(x => x.CancellationNote).HasMaxLength(2000);
        b.HasIndex(x => x.StartsAt);
        b.HasIndex(x => x.PartnerId);
        b.HasOne(x => x.Partner).WithMany().HasForeignKey(x => x.PartnerId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<RegisteredNetwork>().WithMany().HasForeignKey(x => x.OriginNetworkId).OnDelete(DeleteBehavior.SetNull);
        b.HasMany(x => x.Tags).WithOne().HasForeignKey(x => x.EventId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(x => x.CoOrganisers).WithOne().HasForeignKey(x => x.EventId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(x => x.Registrations).WithOne().HasForeignKey(x => x.EventId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<EventTag> b)
    {
        // Codes refer to the reference data without a foreign key, like the rest of user data.
        b.HasKey(x => new { x.EventId, x.Scheme, x.Code });
        b.Property(x => x.Scheme).HasMaxLength(16);
        b.Property(x => x.Code).HasMaxLength(64);
        b.HasIndex(x => new { x.Scheme, x.Code });
    }

    public void Configure(EntityTypeBuilder<EventOrganiser> b)
    {
        b.HasKey(x => new { x.EventId, x.PartnerId });
        b.HasIndex(x => x.PartnerId);
        b.HasOne(x => x.Partner).WithMany().HasForeignKey(x => x.PartnerId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<EventRegistration> b)
    {
        b.ToTable("EventRegistrations");
        b.HasKey(x => x.Id);
        b.Property(x => x.UserId).HasMaxLength(450);
        b.Property(x => x.Language).HasMaxLength(8);
        // One row per person and event: registering twice finds the row instead of adding a second.
        b.HasIndex(x => new { x.EventId, x.UserId }).IsUnique();
        b.HasIndex(x => new { x.EventId, x.State, x.RegisteredAt });
        b.HasIndex(x => x.UserId);
    }

    public void Configure(EntityTypeBuilder<CalendarFeedToken> b)
    {
        b.HasKey(x => x.UserId);
        b.Property(x => x.UserId).HasMaxLength(450);
        b.Property(x => x.TokenHash).HasMaxLength(64);
        b.HasIndex(x => x.TokenHash).IsUnique();
    }
}
