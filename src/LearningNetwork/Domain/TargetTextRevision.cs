namespace LearningNetwork.Domain;

/// <summary>
/// One saved version of the plain-language explanation of a framework item (a target, commitment or article) in one
/// language, written by the network's editors (moderators and network admins). The explanations ship with the site
/// (Features/Targets/Content/{framework}-{language}.json, "revision 0"); the newest revision of an item in a language
/// replaces the shipped text in that language. Revisions are only ever added, never changed or removed, so they are
/// the item's history.
/// </summary>
public sealed class TargetTextRevision
{
    public int Id { get; set; }
    /// <summary>kmgbf, eubds, nrr, habitats or birds; with <see cref="Code"/> a <see cref="PolicyTarget"/>, referred to by code.</summary>
    public required string Framework { get; set; }
    public required string Code { get; set; }
    /// <summary>ISO 639-1 code of the language the text is written in.</summary>
    public required string Language { get; set; }

    /// <summary>
    /// 1, 2, … per framework, code and language; the shipped text is 0. Unique with them: of two edits made on the same
    /// version, only the first is saved, the second is a conflict.
    /// </summary>
    public int Version { get; set; }

    /// <summary>The item's short title in this language; null in English, where the official title is the name.</summary>
    public string? Title { get; set; }
    public required string Officer { get; set; }
    public required string DecisionMaker { get; set; }
    public required string Citizen { get; set; }
    /// <summary>What a region can do: one action a line.</summary>
    public required string Region { get; set; }
    /// <summary>What a municipality can do: one action a line.</summary>
    public required string Municipality { get; set; }
    public string? Deadline { get; set; }
    public string? Figures { get; set; }

    /// <summary>The user id of the editor.</summary>
    public string? EditedBy { get; set; }
    public DateTime EditedAt { get; set; }
    /// <summary>What changed and why, in the editor's words.</summary>
    public required string Note { get; set; }
}
