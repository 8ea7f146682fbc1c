namespace LearningNetwork.Domain;

/// <summary>
/// Another regional network registered with ours: we harvest its public content from its JSON-LD endpoint, keep
/// the items as theirs (their <c>@id</c>, their origin shown), and see their edits and deletions on the next harvest.
/// </summary>
public sealed class RegisteredNetwork
{
    public int Id { get; set; }
    public required string Slug { get; set; }
    public required string Name { get; set; }
    /// <summary>What the network covers, in a sentence (its members, region, focus).</summary>
    public string? Scope { get; set; }
    /// <summary>ISO 3166-1 alpha-2 codes separated by '|'.</summary>
    public string Countries { get; set; } = "";
    /// <summary>GEMET concept ids separated by '|'.</summary>
    public string Themes { get; set; } = "";
    /// <summary>Themes in the writer's own words that map to no GEMET concept ('; '-separated), kept rather than refused (<see cref="LearningNetwork.Features.Themes.ThemeNames"/>).</summary>
    public string? FreeKeywords { get; set; }
    public int? MemberCount { get; set; }
    public string? Website { get; set; }
    /// <summary>Its schema.org JSON-LD endpoint (docs/interchange.md), harvested whole each time.</summary>
    public required string FeedUrl { get; set; }
    public bool Enabled { get; set; } = true;
    public DateTime CreatedAt { get; set; }

    // Harvest state: conditional requests, the outcome, and the lease that keeps one node harvesting at a time.
    public string? ETag { get; set; }
    public string? LastModified { get; set; }
    public DateTime? LastHarvestAt { get; set; }
    public DateTime? LastSuccessAt { get; set; }
    public string? LastOutcome { get; set; }
    public DateTime? NextHarvestAt { get; set; }
    public DateTime? LeaseUntil { get; set; }
    public string? LeaseHolder { get; set; }
}
