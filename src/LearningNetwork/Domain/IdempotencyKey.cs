namespace LearningNetwork.Domain;

/// <summary>
/// A create form's submission key: the hidden field a form gets when it is drawn, recorded with the person who sent it
/// and the page of the item its first submission created. A second submission with the same key (a double click, two
/// tabs, a retried request) is led to that item instead of creating another. Kept for a day.
/// </summary>
public sealed class IdempotencyKey
{
    public long Id { get; set; }
    public string Key { get; set; } = "";
    public string UserId { get; set; } = "";
    /// <summary>The local URL of the item created (the redirect the first submission answered).</summary>
    public string Url { get; set; } = "";
    public DateTime CreatedAt { get; set; }
}
