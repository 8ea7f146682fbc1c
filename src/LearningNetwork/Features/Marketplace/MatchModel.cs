using LearningNetwork.Domain;

namespace LearningNetwork.Features.Marketplace;

/// <summary>
/// What the matcher knows of an offer or a request: language-neutral features only (concepts, targets, habitats,
/// exchange languages), so that a request in Polish meets an offer in English on what they are about.
/// </summary>
public sealed class MatchItem
{
    public int Id { get; init; }
    public required string Slug { get; init; }
    public int PartnerId { get; init; }
    public required string Title { get; init; }
    public required string Language { get; init; }
    public ExchangeKind Kind { get; init; }
    public ExchangeFormat Format { get; init; }
    /// <summary>An active offer; a request that is open or in discussion. Others are never proposed.</summary>
    public bool Open { get; init; }
    /// <summary>Offers: the time frame. Requests: <see cref="Until"/> is the deadline.</summary>
    public DateOnly? From { get; init; }
    public DateOnly? Until { get; init; }
    /// <summary>GEMET and network concepts ("gemet:1234") with their weight before IDF: a tagged theme 1, a concept
    /// found in the text less, a broader or narrower concept of a theme less still.</summary>
    public required Dictionary<string, float> Concepts { get; init; }
    /// <summary>The text concepts found only in the text's machine translation (<see cref="ConceptBridge"/>), not in its own words.</summary>
    public IReadOnlySet<string> Bridged { get; init; } = new HashSet<string>();
    /// <summary>The concepts the partner tagged itself: the ones a reason names first.</summary>
    public required HashSet<string> Themes { get; init; }
    public required string[] Targets { get; init; }
    public required string[] Habitats { get; init; }
    public required string[] Languages { get; init; }
    /// <summary>Euclidean norm of the IDF-weighted concept vector, set when the item is indexed.</summary>
    public float Norm { get; set; }
}

/// <summary>What the matcher knows of a partner: where it is, what it speaks, what it knows and has done.</summary>
public sealed class MatchPartner
{
    public int Id { get; init; }
    public required string Slug { get; init; }
    public required string Name { get; init; }
    public PartnerType Type { get; init; }
    public required string Country { get; init; }
    public string? Nuts { get; init; }
    public double? Latitude { get; init; }
    public double? Longitude { get; init; }
    public long? Population { get; init; }
    public required string[] Bioregions { get; init; }
    public required string[] Languages { get; init; }
    /// <summary>Its themes of expertise (weight 1) and the themes of its published practices (less).</summary>
    public required Dictionary<string, float> Concepts { get; init; }
    /// <summary>How many of its published practices carry each concept (tagged theme) and each target.</summary>
    public required Dictionary<string, int> PracticeConcepts { get; init; }
    public required Dictionary<string, int> PracticeTargets { get; init; }
    public float Norm { get; set; }
}

/// <summary>Why two things match. Codes and names stay language-neutral here; <see cref="MatchExplainer"/> puts them
/// into the reader's language. <see cref="MachineTranslated"/> follows a <see cref="Themes"/> or <see cref="Expertise"/> reason
/// and names those of its concepts that one side has only through the machine translation of its text
/// (<see cref="MatchItem.Bridged"/>); its values are the side ("request" or "offer"), the language the text is written in,
/// then the concepts.</summary>
public enum ReasonKind { Kind, Themes, Targets, Habitats, Language, LanguageGap, Bioregion, Neighbour, SameCountry, SimilarTerritory, History, Practices, Format, Expertise, Facets, MachineTranslated }

public sealed record MatchReason(ReasonKind Kind, IReadOnlyList<string> Values, double Number = 0);

/// <summary>One ranked match: the other side (offer, request or partner), its score in [0, 1] and the reasons.</summary>
public sealed record Match(string Type, int Id, string Slug, string Title, string Language, int PartnerId, double Score, IReadOnlyList<MatchReason> Reasons);
