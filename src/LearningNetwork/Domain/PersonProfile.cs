namespace LearningNetwork.Domain;

/// <summary>Who may see a field of a person's profile.</summary>
public enum Visibility { Public, Members, Hidden }

/// <summary>
/// An expert's profile: name, role, organisation, languages, expertise (GEMET concepts), each with its own
/// visibility, honoured wherever the profile appears. Demo profiles have no account.
/// </summary>
public sealed class PersonProfile
{
    public int Id { get; set; }
    /// <summary>The account this profile belongs to; null for demo people.</summary>
    public string? UserId { get; set; }
    public int? PartnerId { get; set; }
    public required string Name { get; set; }
    public string? JobTitle { get; set; }
    /// <summary>ISO 639-1 codes, '|'-separated.</summary>
    public string Languages { get; set; } = "";
    /// <summary>GEMET concept ids, '|'-separated.</summary>
    public string Expertise { get; set; } = "";
    /// <summary>Themes in the writer's own words that map to no GEMET concept ('; '-separated), kept rather than refused (<see cref="LearningNetwork.Features.Themes.ThemeNames"/>).</summary>
    public string? FreeKeywords { get; set; }
    public Visibility NameVisibility { get; set; } = Visibility.Members;
    public Visibility JobTitleVisibility { get; set; } = Visibility.Members;
    public Visibility OrganisationVisibility { get; set; } = Visibility.Members;
    public Visibility LanguagesVisibility { get; set; } = Visibility.Members;
    public Visibility ExpertiseVisibility { get; set; } = Visibility.Members;
    public bool IsDemo { get; set; }
    public DateTime UpdatedAt { get; set; }
}
