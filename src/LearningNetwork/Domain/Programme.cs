namespace LearningNetwork.Domain;

/// <summary>A peer review (peers from other partners review a partner's policy, plan or site), a study visit (one partner
/// visits another to learn) or a twinning (two partners work together on a plan over a longer time). Codes
/// (peer-review, study-visit, twinning) travel in URLs, the API and resource keys.</summary>
public enum ProgrammeKind { PeerReview, StudyVisit, Twinning }

/// <summary>applied → accepted (coordinators chose the peers) → reported (the report and its recommendations are in; the
/// follow-ups at 6 and 12 months run) → completed (the 12-month follow-up is answered); applied → declined.</summary>
public enum ProgrammeStage { Applied, Accepted, Reported, Completed, Declined }

/// <summary>What a peer review looks at.</summary>
public enum ReviewSubject { Policy, Plan, Site }

/// <summary>Schemes of <see cref="ProgrammeTag"/>; codes refer to the reference data like <see cref="MarketTagSchemes"/>.</summary>
public static class ProgrammeTagSchemes
{
    /// <summary>GEMET concept id.</summary>
    public const string Theme = "theme";
    /// <summary>framework:code of a policy target.</summary>
    public const string Target = "target";
}

/// <summary>
/// A capacity-building programme of the network: a partner (<see cref="PartnerId"/>: the reviewed, visiting or first
/// twinned partner) applies; coordinators accept it and, for a peer review, choose the peers from other partners
/// (suggested by the marketplace's matching, with its reasons); the visit is an <see cref="Event"/>; the report carries
/// recommendations, each of which the applying partner marks taken up or not; it answers follow-up questions 6 and 12
/// months after the report. Study visits and twinnings name a second partner and have milestones.
/// </summary>
public sealed class Programme
{
    public int Id { get; set; }
    /// <summary>URL-safe, unique, stable: /{lang}/programmes/{slug}.</summary>
    public required string Slug { get; set; }
    public ProgrammeKind Kind { get; set; }
    public ProgrammeStage Stage { get; set; }
    /// <summary>The applying partner: the one reviewed, the visitors, the first of the twins. Its members answer the follow-ups.</summary>
    public int PartnerId { get; set; }
    public Partner? Partner { get; set; }
    /// <summary>Study visits: the host; twinnings: the other twin; peer reviews: null (the peers are <see cref="Peers"/>).</summary>
    public int? SecondPartnerId { get; set; }
    public Partner? SecondPartner { get; set; }
    /// <summary>ISO 639-1 code of the language the texts are written in.</summary>
    public required string Language { get; set; }
    public required string Title { get; set; }
    public required string Description { get; set; }
    /// <summary>Peer reviews: whether a policy, a plan or a site is reviewed.</summary>
    public ReviewSubject? Subject { get; set; }
    /// <summary>Peer reviews: what the partner wants reviewed; study visits and twinnings: the plan.</summary>
    public required string Focus { get; set; }
    /// <summary>The planned duration (study visits and twinnings; a peer review's visit dates are its event's).</summary>
    public DateOnly? StartsOn { get; set; }
    public DateOnly? EndsOn { get; set; }
    /// <summary>The agenda of the visit, plain text with paragraphs.</summary>
    public string? Agenda { get; set; }
    /// <summary>The visit, created from the programme on the events pages.</summary>
    public int? EventId { get; set; }
    public Event? Event { get; set; }
    /// <summary>The coordinators' note on accepting or declining.</summary>
    public string? DecisionNote { get; set; }
    public DateTime? DecidedAt { get; set; }
    /// <summary>The review (or final) report, plain text with paragraphs; its recommendations are rows of their own.</summary>
    public string? Report { get; set; }
    public DateTime? ReportedAt { get; set; }
    /// <summary>The closed marketplace request it grew out of.</summary>
    public int? SourceRequestId { get; set; }
    public string? CreatedBy { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public bool IsDemo { get; set; }
    /// <summary>Changes with every stage change and edit: a step taken on an older version is a conflict (409), never saved over.</summary>
    public Guid Version { get; set; } = Guid.NewGuid();
    public List<ProgrammeTag> Tags { get; set; } = [];
    /// <summary>Themes in the writer's own words that map to no GEMET concept ('; '-separated), kept rather than refused (<see cref="LearningNetwork.Features.Themes.ThemeNames"/>).</summary>
    public string? FreeKeywords { get; set; }
    public List<ProgrammePeer> Peers { get; set; } = [];
    public List<ProgrammeRecommendation> Recommendations { get; set; } = [];
    public List<ProgrammeFollowUp> FollowUps { get; set; } = [];
    public List<ProgrammeMilestone> Milestones { get; set; } = [];
}

public sealed class ProgrammeTag
{
    public int ProgrammeId { get; set; }
    public required string Scheme { get; set; }
    public required string Code { get; set; }
}

/// <summary>A peer partner chosen by the coordinators, with the matcher's score and reasons when it was suggested
/// (language-neutral JSON of <c>MatchReason</c>, like the helpdesk's routes).</summary>
public sealed class ProgrammePeer
{
    public int ProgrammeId { get; set; }
    public int PartnerId { get; set; }
    public Partner? Partner { get; set; }
    public double Score { get; set; }
    public required string Reasons { get; set; }
    public DateTime ChosenAt { get; set; }
}

/// <summary>One recommendation of the report; the applying partner marks it taken up (true) or not (false); null = not yet said.</summary>
public sealed class ProgrammeRecommendation
{
    public int Id { get; set; }
    public int ProgrammeId { get; set; }
    public int Position { get; set; }
    public required string Text { get; set; }
    public bool? TakenUp { get; set; }
    public DateTime? DecidedAt { get; set; }
}

/// <summary>The follow-up <see cref="Months"/> (6 or 12) after the report: due then, reminded once by e-mail
/// (<see cref="ReminderSentAt"/>, claimed by a conditional update), answered by the applying partner and kept.</summary>
public sealed class ProgrammeFollowUp
{
    public int Id { get; set; }
    public int ProgrammeId { get; set; }
    public int Months { get; set; }
    public DateTime DueAt { get; set; }
    public DateTime? ReminderSentAt { get; set; }
    public string? Answer { get; set; }
    public string? AnswerLanguage { get; set; }
    public DateTime? AnsweredAt { get; set; }
    public string? AnsweredBy { get; set; }
}

/// <summary>A milestone of a study visit or twinning: a due date, done or not.</summary>
public sealed class ProgrammeMilestone
{
    public int Id { get; set; }
    public int ProgrammeId { get; set; }
    public int Position { get; set; }
    public required string Title { get; set; }
    public DateOnly DueOn { get; set; }
    public DateTime? DoneAt { get; set; }
}
