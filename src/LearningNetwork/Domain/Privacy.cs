namespace LearningNetwork.Domain;

/// <summary>
/// What a person agreed to, and when: the privacy notice exactly as they were shown it (its text, in their language, and
/// the SHA-256 of that text), at registration and each time they accept a changed notice. Rows are only added; they go
/// with the account when it is erased.
/// </summary>
public sealed class ConsentRecord
{
    public long Id { get; set; }
    public required string UserId { get; set; }
    /// <summary>What was agreed to: <c>privacy-notice</c>.</summary>
    public required string Document { get; set; }
    /// <summary>The notice's version label (<c>PrivacyNotice.Version</c>) when it was agreed to.</summary>
    public required string Version { get; set; }
    /// <summary>The language the text was shown in (ISO 639-1).</summary>
    public required string Language { get; set; }
    /// <summary>Hex SHA-256 of <see cref="Text"/>: two records with the same hash agreed to the same words.</summary>
    public required string TextHash { get; set; }
    public required string Text { get; set; }
    /// <summary><c>registration</c> or <c>accepted-change</c>.</summary>
    public required string Occasion { get; set; }
    public DateTime At { get; set; }
}

/// <summary>
/// A cluster-wide job's lease: a node runs the job only after claiming the row with a conditional update (the lease ran
/// out), so several nodes never run it at once; <see cref="LastRunAt"/> says when it last finished.
/// </summary>
public sealed class JobLease
{
    /// <summary>The job's name, such as <c>audit-retention</c>.</summary>
    public required string Name { get; set; }
    public DateTime LeaseUntil { get; set; }
    public string? Holder { get; set; }
    public DateTime? LastRunAt { get; set; }
}
