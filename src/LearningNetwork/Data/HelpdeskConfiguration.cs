using LearningNetwork.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LearningNetwork.Data;

internal sealed class HelpdeskConfiguration : IEntityTypeConfiguration<HelpdeskQuestion>, IEntityTypeConfiguration<HelpdeskQuestionTag>,
    IEntityTypeConfiguration<HelpdeskAnswer>, IEntityTypeConfiguration<HelpdeskRoute>
{
    public void Configure(EntityTypeBuilder<HelpdeskQuestion> b)
    {
        b.ToTable("HelpdeskQuestions");
        b.HasKey(x => x.Id);
        b.Property(x => x.Slug).HasMaxLength(120);
        b.HasIndex(x => x.Slug).IsUnique();
        b.Property(x => x.UserId).HasMaxLength(450);
        b.Property(x => x.Title).HasMaxLength(250);
        b.Property(x => x.Body).HasMaxLength(8000);
        b.Property(x => x.Language).HasMaxLength(8);
        b.Property(x => x.CountryCode).HasMaxLength(2);
        b.Property(x => x.NutsCode).HasMaxLength(10);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasIndex(x => new { x.Status, x.DueAt });
        b.HasIndex(x => x.PartnerId);
        b.HasIndex(x => x.UserId);
        b.HasOne(x => x.Partner).WithMany().HasForeignKey(x => x.PartnerId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(x => x.Tags).WithOne().HasForeignKey(x => x.QuestionId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(x => x.Answers).WithOne().HasForeignKey(x => x.QuestionId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(x => x.Routes).WithOne().HasForeignKey(x => x.QuestionId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<HelpdeskQuestionTag> b)
    {
        b.ToTable("HelpdeskQuestionTags");
        b.HasKey(x => new { x.QuestionId, x.Scheme, x.Code });
        b.Property(x => x.Scheme).HasMaxLength(16);
        b.Property(x => x.Code).HasMaxLength(64);
        b.HasIndex(x => new { x.Scheme, x.Code });
    }

    public void Configure(EntityTypeBuilder<HelpdeskAnswer> b)
    {
        b.ToTable("HelpdeskAnswers");
        b.HasKey(x => x.Id);
        b.Property(x => x.UserId).HasMaxLength(450);
        b.Property(x => x.Body).HasMaxLength(8000);
        b.Property(x => x.Language).HasMaxLength(8);
        b.HasIndex(x => new { x.QuestionId, x.CreatedAt });
        b.HasIndex(x => x.UserId);
        b.HasOne(x => x.Partner).WithMany().HasForeignKey(x => x.PartnerId).OnDelete(DeleteBehavior.Restrict);
    }

    public void Configure(EntityTypeBuilder<HelpdeskRoute> b)
    {
        b.ToTable("HelpdeskRoutes");
        b.HasKey(x => new { x.QuestionId, x.PartnerId });
        b.Property(x => x.Reasons).HasMaxLength(4000);
        b.HasOne(x => x.Partner).WithMany().HasForeignKey(x => x.PartnerId).OnDelete(DeleteBehavior.Restrict);
    }
}
