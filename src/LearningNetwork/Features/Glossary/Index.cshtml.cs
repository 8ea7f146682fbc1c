using System.Globalization;
using LearningNetwork.Infrastructure.Localization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LearningNetwork.Features.Glossary;

/// <summary>
/// /{lang}/glossary: every term of the glossary, alphabetically in the reader's language (English, marked, where the
/// glossary is not written in it), grouped by initial letter, each with an anchor that the inline definitions link to.
/// </summary>
public sealed class IndexModel(GlossaryContent content) : PageModel
{
    public sealed record LetterGroup(string Letter, string Anchor, IReadOnlyList<GlossaryTerm> Terms);

    /// <summary>The language the terms are in: the reader's, or English.</summary>
    public string Language { get; private set; } = GlossaryContent.Fallback;
    public IReadOnlyList<LetterGroup> Groups { get; private set; } = [];
    public IReadOnlyList<GlossarySource> Sources { get; private set; } = [];
    public int Count { get; private set; }

    public void OnGet()
    {
        var (terms, language) = content.TermsFor(LocalizationSetup.CurrentLanguage);
        Language = language;
        Groups = Group(terms, CultureInfo.GetCultureInfo(language));
        Count = terms.Count;
        Sources = content.SourcesFor(language);
    }

    /// <summary>
    /// Sorted by the language's collation and grouped by initial: letters that differ only by an accent in that
    /// language (French É and E) share a group, letters of their own (Polish Ś) get theirs; figures go first, as "0–9".
    /// </summary>
    internal static IReadOnlyList<LetterGroup> Group(IEnumerable<GlossaryTerm> terms, CultureInfo culture)
    {
        var compare = culture.CompareInfo;
        var groups = new List<(string Letter, List<GlossaryTerm> Terms)>();
        foreach (var term in terms.OrderBy(t => t.Term, StringComparer.Create(culture, ignoreCase: true)))
        {
            var first = term.Term.TrimStart()[..1];
            var letter = char.IsDigit(first[0]) ? "0–9" : Initial(first.ToUpper(culture), compare);
            if (groups.Count > 0 && compare.Compare(groups[^1].Letter, letter, CompareOptions.IgnoreCase | CompareOptions.IgnoreNonSpace) == 0)
                groups[^1].Terms.Add(term);
            else groups.Add((letter, [term]));
        }
        return groups.Select((g, i) => new LetterGroup(g.Letter, $"letter-{i + 1}", g.Terms)).ToList();
    }

    /// <summary>The letter without its accent where the language treats the accented letter as the same letter.</summary>
    private static string Initial(string letter, CompareInfo compare)
    {
        var bare = new string(Infrastructure.UnicodeText.Decomposed(letter)
            .Where(c => CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark).ToArray());
        return bare.Length > 0 && compare.Compare(bare, letter, CompareOptions.IgnoreNonSpace) == 0 ? bare : letter;
    }
}
