namespace LearningNetwork.Domain;

public enum ApplicationStatus { Submitted, ChangesRequested, Accepted, Rejected }

/// <summary>
/// An organisation's request to join the network, with its official data as the applicant gave it. Lists are
/// kept as the applicant's snapshot ('|'-separated codes); on acceptance they become the partner's rows.
/// </summary>
public sealed class MembershipApplication
{
    /// <summary>Themes in the writer's own words that map to no GEMET concept ('; '-separated), kept rather than refused (<see cref="LearningNetwork.Features.Themes.ThemeNames"/>).</summary>
    public string? FreeKeywords { get; set; }
    public int Id { get; set; }
    public required string ApplicantId { get; set; }
    public ApplicationStatus Status { get; set; }
    public required string Name { get; set; }
    public PartnerType Type { get; set; }
    public required string CountryCode { get; set; }
    public string? NutsCode { get; set; }
    public string? LauCode { get; set; }
    /// <summary>ISO 3166-2 subdivision (UA-46), where the country has no NUTS regions or as an alternative.</summary>
    public string? SubdivisionCode { get; set; }
    public double? Latitude { get; set; }
    public double? Longitude { get; set; }
    public string Languages { get; set; } = "";
    public string BiogeographicalRegions { get; set; } = "";
    public string Themes { get; set; } = "";
    public string? Website { get; set; }
    public required string Description { get; set; }
    /// <summary>Language the description is written in.</summary>
    public string DescriptionLanguage { get; set; } = "en";
    public string? ReviewNote { get; set; }
    public string? ReviewedBy { get; set; }
    public DateTime? ReviewedAt { get; set; }
    public DateTime SubmittedAt { get; set; }
    public int? PartnerId { get; set; }
    /// <summary>Optimistic concurrency: two coordinators deciding at once cannot both win.</summary>
    public Guid Version { get; set; } = Guid.NewGuid();
}

public enum OrganisationRole { Member, OrganisationAdmin }

/// <summary>A person's membership of a partner organisation.</summary>
public sealed class PartnerMember
{
    public int PartnerId { get; set; }
    public required string UserId { get; set; }
    public OrganisationRole Role { get; set; }
    public DateTime Since { get; set; }
}

/// <summary>Who did what, when: one row per change that matters, never updated or deleted by the app.</summary>
public sealed class AuditEntry
{
    public long Id { get; set; }
    public DateTime At { get; set; }
    public string? UserId { get; set; }
    public required string Action { get; set; }
    public required string Subject { get; set; }
    public string? Details { get; set; }
}

/// <summary>An organisation admin's invitation of a colleague by e-mail. Only the token's SHA-256 is stored.</summary>
public sealed class Invitation
{
    public int Id { get; set; }
    public int PartnerId { get; set; }
    public required string Email { get; set; }
    public OrganisationRole Role { get; set; }
    public required string TokenHash { get; set; }
    public required string InvitedBy { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime ExpiresAt { get; set; }
    public DateTime? AcceptedAt { get; set; }
    public string? AcceptedBy { get; set; }
}
