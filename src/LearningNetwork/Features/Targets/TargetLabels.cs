using LearningNetwork.Domain;
using LearningNetwork.Features.Practices;
using Microsoft.Extensions.Localization;

namespace LearningNetwork.Features.Targets;

/// <summary>A framework item with its short title in the reader's language, when one is written.</summary>
public sealed record TargetLink(PolicyTarget Target, string? LocalTitle);

/// <summary>
/// How the targets pages name frameworks and items in the reader's language. The official titles in the reference data
/// are English; where a content file of the reader's language has a short title, the item is named with it (the
/// English title stays on the page, marked as English), else the English label is shown as it is.
/// </summary>
public static class TargetLabels
{
    /// <summary>The framework's name as used in the reader's language (the official names differ by language).</summary>
    public static string Framework(IStringLocalizer text, string framework) => framework switch
    {
        "kmgbf" => text["Targets.Framework.kmgbf"],
        "eubds" => text["Targets.Framework.eubds"],
        "nrr" => text["Targets.Framework.nrr"],
        "habitats" => text["Targets.Framework.habitats"],
        "birds" => text["Targets.Framework.birds"],
        _ => PracticeLabels.FrameworkName(framework),
    };

    /// <summary>The item named with a short title written in the reader's language: "Cible 12 : …", "Art. 8 …".</summary>
    public static string Local(IStringLocalizer text, PolicyTarget t, string title) => t.FrameworkCode switch
    {
        "kmgbf" when t.Kind == "goal" => text["Targets.Label.KmgbfGoal", t.Code, title],
        "kmgbf" => text["Targets.Label.KmgbfTarget", t.Code, title],
        "nrr" => text["Targets.Label.Nrr", t.Code, title],
        "eubds" => text["Targets.Label.Eubds", t.Code.ToUpperInvariant(), title],
        _ => title,
    };

    /// <summary>The source note under the official text: what the titles and summaries of this framework are.</summary>
    public static string SourceNote(IStringLocalizer text, string framework) => framework switch
    {
        "kmgbf" => text["Targets.SourceNote.kmgbf"],
        "eubds" => text["Targets.SourceNote.eubds"],
        "nrr" => text["Targets.SourceNote.nrr"],
        _ => text["Targets.SourceNote.directives"],
    };
}
