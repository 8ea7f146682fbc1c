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
