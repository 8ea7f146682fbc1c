namespace LearningNetwork.Domain;

/// <summary>open (waiting for an accepted answer) → answered (the asker accepted one) or closed (the asker closed it
/// without); escalated = still open past its promised response time without any answer, coordinators told once.</summary>
public enum QuestionStatus { Open, Answered, Closed, Escalated }

/// <summary>Schemes of helpdesk question tags; codes refer to the reference data like <see cref="MarketTagSchemes"/>.</summary>
public static class QuestionTagSchemes
{
    /// <summary>GEMET concept id.</summary>
    public const string Theme = "theme";
    /// <summary>framework:code of a policy target.</summary>
    public const string Target = "target";
}

/// <summary>
/// A question a member asks the network's helpdesk for their organisation. It is routed to the partners whose expertise
/// fits (<see cref="HelpdeskRoute"/>), answered by members of any partner, and once the asker accepts an answer it is kept
/// as reusable knowledge (the FAQ, the search, the target pages).
/// </summary>
public sealed class HelpdeskQuestion
{
    public int Id { get; set; }
    /// <summary>URL-safe, unique, stable: /{lang}/helpdesk/{slug}.</summary>
    public required string Slug { get; set; }
    /// <summary>The person who asked; null for demo questions and once the person has erased their account.</summary>
    public string? UserId { get; set; }
    /// <summary>The organisation the question was asked for.</summary>
    public int PartnerId { get; set; }
    public Partner? Partner { get; set; }
    public required string Title { get; set; }
    /// <summary>Plain text with paragraphs (rendered through the Markdown sanitizer).</summary>
    public required string Body { get; set; }
    /// <summary>ISO 639-1 code of the language Title and Body are written in.</summary>
    public required string Language { get; set; }
    /// <summary>Where the question comes from: the asking partner's country and NUTS region when it was asked.</summary>
    public required string CountryCode { get; set; }
    public string? NutsCode { get; set; }
    public DateTime AskedAt { get; set; }
    /// <summary>The promised response time: <see cref="AskedAt"/> plus <c>Helpdesk:ResponseWorkingDays</c> working days.</summary>
    public DateTime DueAt { get; set; }
    public QuestionStatus Status { get; set; }
    public int? AcceptedAnswerId { get; set; }
    public DateTime? AnsweredAt { get; set; }
    public DateTime? EscalatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public bool IsDemo { get; set; }
    /// <summary>Changes with every change: accepting or closing on an older version is a conflict, never saved over.</summary>
    public Guid Version { get; set; } = Guid.NewGuid();
    public List<HelpdeskQuestionTag> Tags { get; set; } = [];
    /// <summary>Themes in the writer's own words that map to no GEMET concept ('; '-separated), kept rather than refused (<see cref="LearningNetwork.Features.Themes.ThemeNames"/>).</summary>
    public string? FreeKeywords { get; set; }
    public List<HelpdeskAnswer> Answers { get; set; } = [];
    public List<HelpdeskRoute> Routes { get; set; } = [];
}

public sealed class HelpdeskQuestionTag
{
    public int QuestionId { get; set; }
    public required string Scheme { get; set; }
    public required string Code { get; set; }
}

/// <summary>An answer written by a member for their organisation.</summary>
public sealed class HelpdeskAnswer
{
    public int Id { get; set; }
    public int QuestionId { get; set; }
    /// <summary>The person who answered; null for demo answers and erased accounts.</summary>
    public string? UserId { get; set; }
    public int PartnerId { get; set; }
    public Partner? Partner { get; set; }
    public required string Body { get; set; }
    public required string Language { get; set; }
    public DateTime CreatedAt { get; set; }
    public bool IsDemo { get; set; }
}

/// <summary>
/// One partner a question was routed to when it was asked: its rank, the matcher's score and its reasons (language-neutral
/// codes as JSON, worded in the reader's language by the marketplace's explainer), and how many of its people were told.
/// </summary>
public sealed class HelpdeskRoute
{
    public int QuestionId { get; set; }
    public int PartnerId { get; set; }
    public Partner? Partner { get; set; }
    public int Rank { get; set; }
    public double Score { get; set; }
    /// <summary>JSON array of {"kind","values","number"} (<c>MatchReason</c>).</summary>
    public required string Reasons { get; set; }
    public int PeopleNotified { get; set; }
    public DateTime RoutedAt { get; set; }
}
