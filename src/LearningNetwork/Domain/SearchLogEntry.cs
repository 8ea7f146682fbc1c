namespace LearningNetwork.Domain;

/// <summary>
/// "This item changed": appended in the same transaction as the change (by <see cref="Data.LearningNetworkDb"/>), and
/// replayed by every node into its own search index from its own cursor. The index is a cache of the database.
/// </summary>
public sealed class SearchLogEntry
{
    public long Id { get; set; }
    /// <summary>partner or practice.</summary>
    public required string ItemType { get; set; }
    public int ItemId { get; set; }
    public DateTime At { get; set; }
}

/// <summary>A term a moderator added to the search vocabulary: a label of a concept in one language.</summary>
public sealed class VocabularyTerm
{
    public int Id { get; set; }
    /// <summary>gemet:{id}, ln:{slug} of the shipped vocabulary, or ln:custom-{slug} for a concept made here.</summary>
    public required string Concept { get; set; }
    public required string Language { get; set; }
    public required string Term { get; set; }
    public DateTime CreatedAt { get; set; }
    public string? CreatedBy { get; set; }
}
