namespace LearningNetwork.Domain;

/// <summary>What kind of help changes hands: what an offer gives, and what a request asks for. The codes
/// (expert-advice, study-visit, ...) are the interchange format's <c>additionalType</c> (PRODUCT.md).</summary>
public enum ExchangeKind { ExpertAdvice, StudyVisit, PeerReview, Mentoring, Training, Tool }

/// <summary>What a request is about: a question, a plan to review, a species or habitat problem, a partner for a
/// project, or cross-border and international cooperation in regional planning.</summary>
public enum RequestTopic { Question, PlanReview, SpeciesHabitat, ProjectPartner, Cooperation }

public enum ExchangeFormat { Online, OnSite, Both }

public enum CostTerms { Free, Expenses, Fee }

/// <summary>An offer is active (matched and listed), paused (listed, not matched) or closed (kept for the record).</summary>
public enum OfferState { Active, Paused, Closed }

/// <summary>open → in discussion → matched → in progress → closed with an outcome. Every step is a <see cref="RequestStep"/>.</summary>
public enum RequestState { Open, InDiscussion, Matched, InProgress, Closed }

public enum RequestOutcome { Solved, Partly, NotSolved }

public enum Urgency { Low, Normal, High }

/// <summary>Schemes of marketplace tags; codes refer to the reference data like <see cref="PracticeTagSchemes"/>.</summary>
public static class MarketTagSchemes
{
    /// <summary>GEMET concept id.</summary>
    public const string Theme = "theme";
    /// <summary>framework:code of a policy target.</summary>
    public const string Target = "target";
    /// <summary>EUNIS habitat code.</summary>
    public const string Habitat = "habitat";
    /// <summary>ISO 639-1 code of a language the exchange can happen in.</summary>
    public const string Language = "language";
}

/// <summary>A partner's offer of expertise: advice, a study visit it hosts, a peer review, mentoring, training, a tool.</summary>
public sealed class Offer
{
    /// <summary>Themes in the writer's own words that map to no GEMET concept ('; '-separated), kept rather than refused (<see cref="LearningNetwork.Features.Themes.ThemeNames"/>).</summary>
    public string? FreeKeywords { get; set; }
    public int Id { get; set; }
    /// <summary>URL-safe, unique, stable: /{lang}/marketplace/offers/{slug}.</summary>
    public required string Slug { get; set; }
    public int PartnerId { get; set; }
    public Partner? Partner { get; set; }
    public ExchangeKind Kind { get; set; }
    /// <summary>ISO 639-1 code of the language Title and Description are written in.</summary>
    public required string Language { get; set; }
    public required string Title { get; set; }
    /// <summary>Markdown, rendered through the sanitizer.</summary>
    public required string Description { get; set; }
    public ExchangeFormat Format { get; set; }
    /// <summary>How many exchanges it can take on per year; null when not limited.</summary>
    public int? Capacity { get; set; }
    public DateOnly? AvailableFrom { get; set; }
    public DateOnly? AvailableUntil { get; set; }
    public CostTerms Cost { get; set; }
    public string? CostNote { get; set; }
    public OfferState State { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public string? CreatedBy { get; set; }
    public bool IsDemo { get; set; }
    /// <summary>The JSON-LD <c>@id</c> it was imported under; null for offers made here.</summary>
    public string? ExternalId { get; set; }
    public int? OriginNetworkId { get; set; }
    /// <summary>Changes with every saved edit: an edit made on an older version is a conflict, shown, not saved.</summary>
    public Guid Version { get; set; } = Guid.NewGuid();
    public List<OfferTag> Tags { get; set; } = [];
    /// <summary>People of the partner involved, shown as their profiles allow.</summary>
    public List<OfferPerson> People { get; set; } = [];
}

public sealed class OfferTag
{
    public int OfferId { get; set; }
    public required string Scheme { get; set; }
    public required string Code { get; set; }
}

public sealed class OfferPerson
{
    public int OfferId { get; set; }
    public int PersonProfileId { get; set; }
}

/// <summary>A partner's request for help with a concrete problem. Named HelpRequest in code (Request is HTTP's);
/// "request" everywhere users see it.</summary>
public sealed class HelpRequest
{
    /// <summary>Themes in the writer's own words that map to no GEMET concept ('; '-separated), kept rather than refused (<see cref="LearningNetwork.Features.Themes.ThemeNames"/>).</summary>
    public string? FreeKeywords { get; set; }
    public int Id { get; set; }
    /// <summary>URL-safe, unique, stable: /{lang}/marketplace/requests/{slug}.</summary>
    public required string Slug { get; set; }
    public int PartnerId { get; set; }
    public Partner? Partner { get; set; }
    public RequestTopic Topic { get; set; }
    /// <summary>The kind of help sought.</summary>
    public ExchangeKind Kind { get; set; }
    public required string Language { get; set; }
    public required string Title { get; set; }
    public required string Description { get; set; }
    public ExchangeFormat Format { get; set; }
    public Urgency Urgency { get; set; }
    public DateOnly? Deadline { get; set; }
    public RequestState State { get; set; }
    public RequestOutcome? Outcome { get; set; }
    /// <summary>The offer it was matched with, when the match came from one.</summary>
    public int? MatchedOfferId { get; set; }
    /// <summary>The organisation that helps, once matched.</summary>
    public int? MatchedPartnerId { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public DateTime? ClosedAt { get; set; }
    public string? CreatedBy { get; set; }
    /// <summary>When partners with matching offers were last told about it (the daily alert sends each request once).</summary>
    public bool AlertSent { get; set; }
    public bool IsDemo { get; set; }
    public string? ExternalId { get; set; }
    public int? OriginNetworkId { get; set; }
    public Guid Version { get; set; } = Guid.NewGuid();
    public List<RequestTag> Tags { get; set; } = [];
    public List<RequestStep> Steps { get; set; } = [];
    public List<RequestFeedback> Feedback { get; set; } = [];
}

public sealed class RequestTag
{
    public int RequestId { get; set; }
    public required string Scheme { get; set; }
    public required string Code { get; set; }
}

/// <summary>One step of a request's lifecycle: who moved it to which state, when, with what note.</summary>
public sealed class RequestStep
{
    public int Id { get; set; }
    public int RequestId { get; set; }
    public RequestState State { get; set; }
    public DateTime At { get; set; }
    public string? UserId { get; set; }
    /// <summary>The organisation the person acted for.</summary>
    public int? PartnerId { get; set; }
    public string? Note { get; set; }
}

public enum FeedbackSide { Requester, Provider }

/// <summary>What one side says of a closed exchange: a rating from 1 to 5 and a text.</summary>
public sealed class RequestFeedback
{
    public int RequestId { get; set; }
    public FeedbackSide Side { get; set; }
    public int PartnerId { get; set; }
    public int Rating { get; set; }
    public required string Text { get; set; }
    public DateTime At { get; set; }
}

/// <summary>A thread between two organisations about a request or an offer, opened by an expression of interest.
/// Only members of the two organisations read it.</summary>
public sealed class Conversation
{
    public int Id { get; set; }
    public int? RequestId { get; set; }
    public int? OfferId { get; set; }
    /// <summary>The organisation that owns the request or offer.</summary>
    public int OwnerPartnerId { get; set; }
    /// <summary>The organisation that expressed interest.</summary>
    public int OtherPartnerId { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime LastMessageAt { get; set; }
    public List<ConversationMessage> Messages { get; set; } = [];
}

public sealed class ConversationMessage
{
    public int Id { get; set; }
    public int ConversationId { get; set; }
    /// <summary>The organisation it was written for.</summary>
    public int PartnerId { get; set; }
    public string? UserId { get; set; }
    public required string Text { get; set; }
    public DateTime At { get; set; }
}

/// <summary>An in-app notification. The text is drawn in the reader's language from <see cref="Kind"/> and <see cref="Subject"/>.</summary>
public sealed class Notification
{
    public long Id { get; set; }
    public required string UserId { get; set; }
    /// <summary>interest, message, step, new-request.</summary>
    public required string Kind { get; set; }
    /// <summary>The title of the item it is about, in its own language.</summary>
    public required string Subject { get; set; }
    /// <summary>The page it leads to, without the language prefix (/marketplace/requests/x).</summary>
    public required string Path { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? ReadAt { get; set; }
}

/// <summary>A person who asked to hear, at most daily, of new requests that match their organisation's offers.</summary>
public sealed class MatchAlertSubscription
{
    public required string UserId { get; set; }
    public DateTime? LastSentAt { get; set; }
}
