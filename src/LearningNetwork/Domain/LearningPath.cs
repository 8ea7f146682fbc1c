namespace LearningNetwork.Domain;

/// <summary>What a step of a learning path points at. Codes (practice, target, event, document) travel in the editor's
/// step lines, the API and resource keys.</summary>
public enum LearningStepKind { Practice, Target, Event, Document }

/// <summary>Schemes of <see cref="LearningPathTag"/>, like <see cref="ProgrammeTagSchemes"/>.</summary>
public static class LearningPathTagSchemes
{
    /// <summary>GEMET concept id.</summary>
    public const string Theme = "theme";
    /// <summary>framework:code of a policy target.</summary>
    public const string Target = "target";
}

/// <summary>
/// A learning path: an ordered list of steps (practices, target explanations, events, documents) that a coordinator
/// assembles for people who want to learn a topic, with a title and summary in one or more languages (<see cref="Texts"/>;
/// <see cref="Language"/> is the first one written, shown when the reader's is missing), themes and targets. Members follow
/// it and mark steps done (<see cref="LearningPathFollow"/>, <see cref="LearningStepDone"/>: rows no anonymous reader sees).
/// </summary>
public sealed class LearningPath
{
    public int Id { get; set; }
    /// <summary>URL-safe, unique, stable: /{lang}/learning-paths/{slug}.</summary>
    public required string Slug { get; set; }
    /// <summary>ISO 639-1 code of the original language version.</summary>
    public required string Language { get; set; }
    public string? CreatedBy { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public bool IsDemo { get; set; }
    /// <summary>Changes with every saved edit: an edit made on an older version is a conflict (409), never saved over.</summary>
    public Guid Version { get; set; } = Guid.NewGuid();
    public List<LearningPathText> Texts { get; set; } = [];
    public List<LearningPathTag> Tags { get; set; } = [];
    /// <summary>Themes in the writer's own words that map to no GEMET concept ('; '-separated), kept rather than refused (<see cref="LearningNetwork.Features.Themes.ThemeNames"/>).</summary>
    public string? FreeKeywords { get; set; }
    public List<LearningPathStep> Steps { get; set; } = [];
}

/// <summary>The title and summary of a path in one language (one row per path and language).</summary>
public sealed class LearningPathText
{
    public int PathId { get; set; }
    public required string Language { get; set; }
    public required string Title { get; set; }
    public required string Summary { get; set; }
}

public sealed class LearningPathTag
{
    public int PathId { get; set; }
    public required string Scheme { get; set; }
    public required string Code { get; set; }
}

/// <summary>One step, in <see cref="Position"/> order. A practice or event step names its item (the step goes when the item
/// is deleted); a target step names framework:code; a document step is an https link with a title.</summary>
public sealed class LearningPathStep
{
    public int Id { get; set; }
    public int PathId { get; set; }
    public int Position { get; set; }
    public LearningStepKind Kind { get; set; }
    public int? PracticeId { get; set; }
    public Practice? Practice { get; set; }
    public int? EventId { get; set; }
    public Event? Event { get; set; }
    /// <summary>framework:code of a target step.</summary>
    public string? TargetCode { get; set; }
    /// <summary>https link of a document step.</summary>
    public string? Url { get; set; }
    /// <summary>The document's title, in the path's original language.</summary>
    public string? Title { get; set; }
}

/// <summary>A person follows a path (one row per person and path).</summary>
public sealed class LearningPathFollow
{
    public int PathId { get; set; }
    public required string UserId { get; set; }
    public DateTime StartedAt { get; set; }
}

/// <summary>A step a person has marked done (one row per person and step; unmarking deletes it).</summary>
public sealed class LearningStepDone
{
    public int StepId { get; set; }
    public required string UserId { get; set; }
    public int PathId { get; set; }
    public DateTime DoneAt { get; set; }
}
