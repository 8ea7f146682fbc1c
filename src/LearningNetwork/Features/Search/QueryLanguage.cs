namespace LearningNetwork.Features.Search;

/// <summary>
/// The language a query is taken to be in: the reader's language (the interface language of the page, or the API's
/// <c>lang</c>), unless the query's letters say otherwise — Greek letters are Greek; Cyrillic letters are the reader's language
/// when it is written in Cyrillic (Bulgarian, Ukrainian, Serbian, Macedonian, Russian, Belarusian) and Bulgarian otherwise;
/// Latin letters typed by a reader of a Greek or Cyrillic interface are English. Words alone are not guessed from
/// (a two-word query shows too few stop words, see <see cref="LanguageGuesser"/>): a Spanish query on the English pages
/// is searched as English, and still finds Spanish texts through its folded words and shared concepts.
/// </summary>
public static class QueryLanguage
{
    private static readonly HashSet<string> Cyrillic = new(StringComparer.Ordinal) { "bg", "uk", "sr", "mk", "ru", "be" };

    public static string Of(string text, string reader)
    {
        int latin = 0, greek = 0, cyrillic = 0;
        foreach (var c in text)
        {
            if (!char.IsLetter(c)) continue;
            if (c is >= '\u0370' and <= '\u03FF' or >= '\u1F00' and <= '\u1FFF') greek++;
            else if (c is >= '\u0400' and <= '\u052F') cyrillic++;
            else if (c <= '\u024F') latin++;
        }
        if (greek > latin && greek > cyrillic) return "el";
        if (cyrillic > latin && cyrillic > greek) return Cyrillic.Contains(reader) ? reader : "bg";
        if (latin > 0 && (reader == "el" || (Cyrillic.Contains(reader) && reader != "sr"))) return "en";
        return reader;
    }
}
