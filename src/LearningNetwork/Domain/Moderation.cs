namespace LearningNetwork.Domain;

/// <summary>Why a person reports something.</summary>
public enum ReportReason { Spam, Abuse, Harassment, PersonalData, Misinformation, Copyright, Other }

/// <summary>Open until a moderator decides; then dismissed or acted upon (<see cref="ReportDecision"/>).</summary>
public enum ReportStatus { Open, Closed }

/// <summary>What a moderator decided about a report.</summary>
public enum ReportDecision { Dismissed, ContentHidden, AuthorSuspended }

/// <summary>
/// A signed-in person's report of abusive content: what (a content type and key, as in <c>ReportedContent</c>), why (a
/// reason and a text), and, once a moderator has looked, what they decided. The author is resolved when the report is
/// made, so the moderator can suspend them even if the content is later changed.
/// </summary>
public sealed class AbuseReport
{
    public int Id { get; set; }
    /// <summary>practice, offer, request, partner, message, commitment, target-text.</summary>
    public required string ContentType { get; set; }
    /// <summary>The content's key in its type: a slug, an id, or framework/code for a target text.</summary>
    public required string ContentKey { get; set; }
    /// <summary>A title of the content at the time of the report, for the review list.</summary>
    public string? ContentTitle { get; set; }
    /// <summary>The user id of the person who wrote the content, when the site knows it.</summary>
    public string? AuthorId { get; set; }
    public string? ReporterId { get; set; }
    public ReportReason Reason { get; set; }
    public required string Text { get; set; }
    public DateTime CreatedAt { get; set; }
    public ReportStatus Status { get; set; }
    public ReportDecision? Decision { get; set; }
    public string? DecisionNote { get; set; }
    public string? DecidedBy { get; set; }
    public DateTime? DecidedAt { get; set; }
}
