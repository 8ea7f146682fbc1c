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
        && content.TitleIn(t.FrameworkCode, t.Code, lang) is { } title
            ? TargetLabels.Local(text, t, title)
            : PracticeLabels.TargetLabel(t);
}
