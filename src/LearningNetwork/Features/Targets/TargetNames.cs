using LearningNetwork.Domain;
using LearningNetwork.Features.Practices;
using LearningNetwork.Infrastructure.Localization;
using Microsoft.Extensions.Localization;

namespace LearningNetwork.Features.Targets;

/// <summary>
/// A framework item named for the reader wherever it is listed (filters, forms, practices, commitments): with the
/// short title of the reader's language when a content file has one ("Cible 12 : …"), else the official English label.
/// The targets pages themselves also show the English title beside (see TargetLabels).
/// </summary>
public sealed class TargetNames(TargetContent content, IStringLocalizer<SharedResource> text)
{
    public string Label(PolicyTarget t) =>
        LocalizationSetup.CurrentLanguage is var lang && lang != SupportedLanguages.Default
        && (content.TitleIn(t.FrameworkCode, t.Code, lang) ?? GoalTitle(text, t)) is { } title
            ? TargetLabels.Local(text, t, title)
            : PracticeLabels.TargetLabel(t);

    /// <summary>The short title of a GBF goal (A–D) in the reader's language: goals have no content file, their four titles
    /// are interface texts (Targets.Goal.A…D). Null for anything else.</summary>
    public static string? GoalTitle(IStringLocalizer text, PolicyTarget t) =>
        t is { FrameworkCode: "kmgbf", Kind: "goal" } && text[$"Targets.Goal.{t.Code}"] is { ResourceNotFound: false } title ? title.Value : null;
}
