namespace LearningNetwork.Domain;

/// <summary>
/// The kinds of organisation that make up the partnership: authorities and their groupings (region, municipality,
/// association, network, expert body) are full partners; the stakeholders beside them (NGO, university or research
/// institute, business, land manager) join as associate members (<see cref="PartnerTypes.IsAssociate"/>; what each may do is
/// on the About page). Stored by name: members may be added anywhere.
/// </summary>
public enum PartnerType { Region, Municipality, Association, Network, ExpertBody, Ngo, Research, Business, LandManager }

public static class PartnerTypes
{
    /// <summary>Stakeholders that join beside the authorities as associate members.</summary>
    public static bool IsAssociate(PartnerType type) => type is PartnerType.Ngo or PartnerType.Research or PartnerType.Business or PartnerType.LandManager;
}

/// <summary>A member organisation of the network: a region, a municipality, an association, another
/// regional network or an expert body.</summary>
public sealed class Partner
{
    /// <summary>Themes in the writer's own words that map to no GEMET concept ('; '-separated), kept rather than refused (<see cref="LearningNetwork.Features.Themes.ThemeNames"/>).</summary>
    public string? FreeKeywords { get; set; }
    public int Id { get; set; }
    /// <summary>URL-safe, unique, stable: /{lang}/partners/{slug}.</summary>
    public required string Slug { get; set; }
    public required string Name { get; set; }
    /// <summary>The name in the organisation's own language, when it differs.</summary>
    public string? NativeName { get; set; }
    public PartnerType Type { get; set; }
    /// <summary>ISO 3166-1 alpha-2.</summary>
    public required string CountryCode { get; set; }
    /// <summary>NUTS 2024: the region itself, or the NUTS 3 unit a municipality lies in.</summary>
    public string? NutsCode { get; set; }
    public string? LauCode { get; set; }
    /// <summary>ISO 3166-2 subdivision (UA-46), for places outside NUTS or as an alternative to it (docs/regions.md).</summary>
    public string? SubdivisionCode { get; set; }
    public double? Latitude { get; set; }
    public double? Longitude { get; set; }
    public string? Website { get; set; }
    public long? Population { get; set; }
    public double? AreaKm2 { get; set; }
    /// <summary>Language of Description.</summary>
    public string DescriptionLanguage { get; set; } = "en";
    public string? Description { get; set; }
    /// <summary>Demo content is shown as such on every page where it appears.</summary>
    public bool IsDemo { get; set; }
    /// <summary>The JSON-LD <c>@id</c> it was imported under (docs/interchange.md); null for partners made here.
    /// Importing the same <c>@id</c> again updates this partner instead of adding another.</summary>
    public string? ExternalId { get; set; }
    /// <summary>The registered network it was harvested from (shown as its origin); null for partners imported by hand or made here.</summary>
    public int? OriginNetworkId { get; set; }
    public DateTime CreatedAt { get; set; }
    /// <summary>Changes with every saved edit: an edit made on an older version is a conflict, shown, not saved.</summary>
    public Guid Version { get; set; } = Guid.NewGuid();
    public List<PartnerLanguage> Languages { get; set; } = [];
    public List<PartnerBiogeographicalRegion> BiogeographicalRegions { get; set; } = [];
    public List<PartnerTheme> Themes { get; set; } = [];
}

public sealed class PartnerLanguage
{
    public int PartnerId { get; set; }
    public required string LanguageCode { get; set; }
}

public sealed class PartnerBiogeographicalRegion
{
    public int PartnerId { get; set; }
    public required string RegionCode { get; set; }
}

/// <summary>A theme of expertise: a GEMET concept.</summary>
public sealed class PartnerTheme
{
    public int PartnerId { get; set; }
    public int ConceptId { get; set; }
}
