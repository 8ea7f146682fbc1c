namespace LearningNetwork.Domain;

/// <summary>Where a request to translate one item into one language stands.</summary>
public enum TranslationJobStatus { Queued, Running, Done, Failed }

/// <summary>
/// A reader's request to translate one item (all its translatable fields) into one language: a row of the work table
/// that <c>TranslationWorker</c> processes on whichever node claims it first. Holds nothing about who asked.
/// </summary>
public sealed class TranslationJob
{
    public long Id { get; set; }
    /// <summary><c>practice</c>, <c>offer</c>, <c>request</c>, <c>partner</c> or <c>conversation</c> (its messages).</summary>
    public required string ContentKind { get; set; }
    public int ContentId { get; set; }
    public required string TargetLanguage { get; set; }
    public TranslationJobStatus Status { get; set; }
    public int Attempts { get; set; }
    public DateTime RequestedAt { get; set; }
    /// <summary>While running: the node's lease; a lease that ran out (the node died) lets another node claim the row again.</summary>
    public DateTime? LeaseUntil { get; set; }
    public DateTime? FinishedAt { get; set; }
    /// <summary>The engine's name once done (<c>Apertium</c>, <c>LibreTranslate</c>).</summary>
    public string? Engine { get; set; }
    /// <summary>Why the last attempt failed, for the operators' log and coordinators; never shown to readers.</summary>
    public string? Error { get; set; }
}

/// <summary>
/// The translation of one field of one item, keyed by the item, the field, both languages and the SHA-256 of the source
/// text it was made from: an edit of the original changes the hash, so a stale translation is never shown as current.
/// Made by an engine (a draft), it may be corrected and marked reviewed by the owning organisation.
/// </summary>
public sealed class ContentTranslation
{
    public long Id { get; set; }
    public required string ContentKind { get; set; }
    public int ContentId { get; set; }
    /// <summary><c>title</c>, <c>summary</c>, <c>description</c>…; for a conversation <c>message-{id}</c>.</summary>
    public required string Field { get; set; }
    public required string SourceLanguage { get; set; }
    public required string TargetLanguage { get; set; }
    /// <summary>Lower-case hex SHA-256 of the source text as translated.</summary>
    public required string SourceHash { get; set; }
    public required string Text { get; set; }
    /// <summary>The engine that made the draft (<c>Apertium</c>, <c>LibreTranslate</c>).</summary>
    public required string Engine { get; set; }
    public DateTime TranslatedAt { get; set; }
    public bool Reviewed { get; set; }
    /// <summary>The organisation whose member corrected and reviewed it (who exactly is in the audit log).</summary>
    public int? ReviewedByPartnerId { get; set; }
    public DateTime? ReviewedAt { get; set; }
}
