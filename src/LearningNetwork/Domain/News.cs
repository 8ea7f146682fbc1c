namespace LearningNetwork.Domain;

/// <summary>
/// A news item of the network (capability "effective communication"): published by a coordinator for the network as a
/// whole (no partner) or by a member of a partner for that partner. Its language-neutral facts live here; its texts are
/// one <see cref="NewsText"/> per language, the first written being the original. Public from <see cref="PublishedAt"/> on
/// (a date in the future holds it back until then).
/// </summary>
public sealed class NewsItem
{
    public int Id { get; set; }
    /// <summary>URL-safe, unique, stable: /{lang}/news/{slug}.</summary>
    public required string Slug { get; set; }
    /// <summary>The partner it is news of; null for news of the network itself (coordinators only).</summary>
    public int? PartnerId { get; set; }
    public Partner? Partner { get; set; }
    /// <summary>ISO 639-1 code of the text written first.</summary>
    public required string OriginalLanguage { get; set; }
    /// <summary>UTC; the published date shown and the order of the lists.</summary>
    public DateTime PublishedAt { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public string? CreatedBy { get; set; }
    public bool IsDemo { get; set; }
    /// <summary>Changes with every saved edit: an edit made on an older version is a conflict, shown, not saved.</summary>
    public Guid Version { get; set; } = Guid.NewGuid();
    public List<NewsText> Texts { get; set; } = [];
    public List<NewsTheme> Themes { get; set; } = [];
    /// <summary>Themes in the writer's own words that map to no GEMET concept ('; '-separated), kept rather than refused (<see cref="LearningNetwork.Features.Themes.ThemeNames"/>).</summary>
    public string? FreeKeywords { get; set; }
}

/// <summary>A news item's texts in one language. Summary is plain text; Body is Markdown, rendered through the sanitizer.</summary>
public sealed class NewsText
{
    public int NewsItemId { get; set; }
    public required string Language { get; set; }
    public required string Title { get; set; }
    public required string Summary { get; set; }
    public required string Body { get; set; }
    public DateTime UpdatedAt { get; set; }
}

/// <summary>A theme of a news item: a GEMET concept id (like the rest of user data, without a foreign key).</summary>
public sealed class NewsTheme
{
    public int NewsItemId { get; set; }
    public int ConceptId { get; set; }
}

/// <summary>Draft: being composed by coordinators; Sent: handed to the queue (its deliveries exist) and archived on the site.</summary>
public enum NewsletterState { Draft, Sent }

/// <summary>
/// A newsletter: a coordinator's introduction (in one language) and a chosen list of news, new practices, upcoming events
/// and open requests (<see cref="NewsletterEntry"/>). Sending it writes one <see cref="NewsletterDelivery"/> per subscriber in
/// the same transaction that marks it sent, so a newsletter is sent to its subscribers of that moment once.
/// </summary>
public sealed class NewsletterIssue
{
    public int Id { get; set; }
    public required string Title { get; set; }
    public required string Language { get; set; }
    public required string Introduction { get; set; }
    public NewsletterState State { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public DateTime? SentAt { get; set; }
    public string? CreatedBy { get; set; }
    public Guid Version { get; set; } = Guid.NewGuid();
    public List<NewsletterEntry> Entries { get; set; } = [];
}

/// <summary>One item of a newsletter: its kind (<c>news</c>, <c>practice</c>, <c>event</c>, <c>request</c>) and id, in order.</summary>
public sealed class NewsletterEntry
{
    public int NewsletterIssueId { get; set; }
    public required string Kind { get; set; }
    public int ItemId { get; set; }
    public int Position { get; set; }
}

/// <summary>A person who opted in to the newsletter, and the interface language it is written to them in.</summary>
public sealed class NewsletterSubscriber
{
    public required string UserId { get; set; }
    public required string Language { get; set; }
    public DateTime SubscribedAt { get; set; }
}

/// <summary>Pending: to send; Sending: claimed by a node until <see cref="NewsletterDelivery.LeaseUntil"/>; Sent; Failed: left after the last attempt.</summary>
public enum DeliveryState { Pending, Sending, Sent, Failed }

/// <summary>
/// One newsletter to one subscriber: the queue. (issue, person) is unique. A node claims a row with a conditional update
/// (Pending and due → Sending with a lease); a failed SMTP exchange puts it back to Pending with a later
/// <see cref="NextAttemptAt"/>; a row left Sending by a node that died mid-send is never sent again (at most once).
/// </summary>
public sealed class NewsletterDelivery
{
    public long Id { get; set; }
    public int NewsletterIssueId { get; set; }
    public required string UserId { get; set; }
    public DeliveryState State { get; set; }
    public int Attempts { get; set; }
    public DateTime NextAttemptAt { get; set; }
    public DateTime? LeaseUntil { get; set; }
    public DateTime? SentAt { get; set; }
}

/// <summary>
/// A section of the About page written by coordinators in one interface language (<c>who</c>, <c>steer</c>, <c>join</c>,
/// <c>funders</c>, <c>contact</c>); Markdown. A language without its own text shows the shipped one.
/// </summary>
public sealed class AboutText
{
    public required string Section { get; set; }
    public required string Language { get; set; }
    public required string Text { get; set; }
    public DateTime UpdatedAt { get; set; }
    public string? UpdatedBy { get; set; }
}
