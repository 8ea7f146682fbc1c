namespace LearningNetwork.Domain;

/// <summary>
/// A partner's public commitment to act for one or more policy targets, measured by its own indicators, each with a
/// baseline and a target value and date; the partner reports progress on them over time. Commitments are public from
/// the moment they are saved: they are the partner's own word, not content that moderators validate.
/// </summary>
public sealed class Commitment
{
    public int Id { get; set; }
    public int PartnerId { get; set; }
    public Partner? Partner { get; set; }
    /// <summary>ISO 639-1 code of the language <see cref="Title"/> and <see cref="Description"/> are written in.</summary>
    public required string Language { get; set; }
    public required string Title { get; set; }
    public required string Description { get; set; }
    /// <summary>When the work starts: no progress can be reported for a day before it.</summary>
    public DateOnly StartDate { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public string? CreatedBy { get; set; }
    public bool IsDemo { get; set; }
    /// <summary>Changes with every saved edit: an edit made on an older version is a conflict, shown, not saved.</summary>
    public Guid Version { get; set; } = Guid.NewGuid();

    public List<CommitmentTarget> Targets { get; set; } = [];
    public List<CommitmentIndicator> Indicators { get; set; } = [];
}

/// <summary>A target the commitment serves, as framework:code of the policy reference data (kmgbf:2, nrr:8, eubds:r7).</summary>
public sealed class CommitmentTarget
{
    public int CommitmentId { get; set; }
    public required string Code { get; set; }
}

/// <summary>
/// What the partner measures to show its progress: a label in the commitment's language, a unit from the fixed list
/// <see cref="IndicatorUnits"/> (so that figures can be compared and added up), where it started and where it wants to be.
/// </summary>
public sealed class CommitmentIndicator
{
    public int Id { get; set; }
    public int CommitmentId { get; set; }
    /// <summary>Indicators keep their identity by position across edits, so their reports stay with them.</summary>
    public int Position { get; set; }
    public required string Label { get; set; }
    /// <summary>One of <see cref="IndicatorUnits.All"/>.</summary>
    public required string Unit { get; set; }
    public double Baseline { get; set; }
    public DateOnly BaselineDate { get; set; }
    /// <summary>The value aimed at; never equal to the baseline (progress is the share of the way between them).</summary>
    public double Target { get; set; }
    public DateOnly TargetDate { get; set; }
    public List<ProgressReport> Reports { get; set; } = [];
}

/// <summary>
/// A value of an indicator measured on a date, reported by the committing organisation. Its unit is the indicator's;
/// its date is on or after the commitment's start and the indicator's baseline date, and not in the future.
/// </summary>
public sealed class ProgressReport
{
    public int Id { get; set; }
    public int IndicatorId { get; set; }
    public double Value { get; set; }
    public DateOnly Date { get; set; }
    public string? Note { get; set; }
    /// <summary>The person (user id) or API key (apikey:{id}) that reported it.</summary>
    public string? ReportedBy { get; set; }
    public DateTime CreatedAt { get; set; }
}

/// <summary>The units an indicator can be measured in. Codes are stored and used in the API; names are localized.</summary>
public static class IndicatorUnits
{
    public static readonly IReadOnlyList<string> All = ["ha", "km2", "km", "m", "m2", "trees", "percent", "count", "species", "pairs", "people"];
}
