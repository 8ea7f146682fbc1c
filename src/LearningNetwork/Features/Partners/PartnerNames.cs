using LearningNetwork.Domain;
using LearningNetwork.Infrastructure.Localization;

namespace LearningNetwork.Features.Partners;

/// <summary>
/// The one name a partner goes by on every page of one language (issue 18): its English name on English pages, else its
/// own name where it has one (a French reader knows "Stadt Köln" better than "City of Cologne"), as the practice and
/// marketplace lists always did. The partner's own page and the directory give the other name beside it.
/// </summary>
public static class PartnerNames
{
    public static string Of(string name, string? nativeName, string language) =>
        language != SupportedLanguages.Default && !string.IsNullOrWhiteSpace(nativeName) ? nativeName : name;

    /// <summary>The partner's name for the reader of the current page.</summary>
    public static string Of(Partner p) => Of(p.Name, p.NativeName, LocalizationSetup.CurrentLanguage);

    /// <summary>The partner's other name, shown beside the one it goes by on its own page and in the directory; null when it has one name.</summary>
    public static string? Other(string name, string? nativeName, string language) =>
        string.IsNullOrWhiteSpace(nativeName) || nativeName == name ? null : Of(name, nativeName, language) == name ? nativeName : name;
}
