using System.Globalization;
using LearningNetwork.Data;
using LearningNetwork.Features.Marketplace;
using LearningNetwork.Features.Search;
using Microsoft.EntityFrameworkCore;

namespace LearningNetwork.Features.Themes;

/// <summary>What a theme field said: the GEMET concepts it names, the words kept as free keywords, and which typed
/// words were understood as which concept (a synonym, an inflected form, a near spelling).
/// <see cref="NearSpellings"/> are the typed words read as a concept only because they are one or two edits away from its label
/// (a typo, or another word): the label is what a form offers as "did you mean".</summary>
public sealed record ThemeReading(List<int> Concepts, List<string> Keywords, List<(string Typed, string Label)> Understood)
{
    public List<(string Typed, int Concept, string Label)> NearSpellings { get; } = [];
}

/// <summary>A theme field of a form, read: its concepts, its free keywords ('; '-joined, or null), and the message by the
/// field when it cannot be saved as it is: a resource key and its argument (the first message only).</summary>
public sealed record ThemeField(List<int> Concepts, string? Keywords, string? ErrorKey, string? ErrorArg)
{
    public bool Ok => ErrorKey is null;
}

/// <summary>
/// Themes are GEMET concepts, typed by people in their own words separated by semicolons: a GEMET label in their
/// language or English is taken as it is; any other words go through the thesaurus (<see cref="Thesaurus"/>: GEMET's
/// labels in every language, analysed, so inflected forms match, plus the network's vocabulary of synonyms and terms
/// GEMET lacks, each tied to its nearest GEMET concepts), then one or two edits away (near spellings); what still maps to
/// no concept is kept as a free keyword, never refused. The type-ahead (<see cref="ConceptsApi"/>) only helps.
/// </summary>
public sealed class ThemeNames(LearningNetworkDb db, Matchmaker matchmaker, LearningNetwork.ReferenceData.ReferenceCache reference)
{
    /// <summary>The longest free keyword kept (the tag columns hold 64 characters).</summary>
    public const int MaxKeyword = 64;

    public const int MaxThemes = 20;

    public static IReadOnlyList<string> Split(string? text) =>
        (text ?? "").Split([';', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.OrdinalIgnoreCase).ToList();

    /// <summary>
    /// The suffix of the form field (Form.ThemesSeen beside Form.Themes) that carries, hidden, the theme text a "did you mean" was shown for. Posted again unchanged, it
    /// means "I meant what I wrote": the near spellings are then kept as the person's own words (free keywords).
    /// </summary>
    public const string SeenSuffix = "Seen";

    /// <summary>
    /// Reads a form's theme field, as every theme field of the site does: concepts by label, synonym, inflected form or near
    /// spelling; other words kept as free keywords, never refused. It is refused (the field comes back with everything else
    /// kept) only when it has more than <see cref="MaxThemes"/> names, a free keyword longer than <see cref="MaxKeyword"/>,
    /// nothing while <paramref name="required"/>, or a near spelling not yet shown: then the message is "did you mean", with
    /// the labels in <paramref name="language"/>, until the same text comes back with <paramref name="seen"/> (the hidden
    /// field named with <see cref="SeenSuffix"/>, which a form always carries, empty at first). Without it (null: the API, a client with no
    /// person to ask) near spellings are read as their concept.
    /// </summary>
    public async Task<ThemeField> FieldAsync(string? text, string language, bool required, string? seen, CancellationToken ct)
    {
        var names = Split(text);
        if (names.Count > MaxThemes || names.Any(n => n.Length > 200)) return new ThemeField([], null, "Membership.TooManyThemes", null);
        var reading = await ReadAsync(text, language, ct);
        var keywords = reading.Keywords.ToList();
        var concepts = reading.Concepts.ToList();
        if (reading.NearSpellings.Count > 0 && seen is not null)
        {
            if (!string.Equals(Normalised(text), Normalised(seen), StringComparison.Ordinal))
                return new ThemeField(concepts, null, "Themes.DidYouMean", string.Join("; ", reading.NearSpellings.Select(n => n.Label).Distinct()));
            // Shown and sent again unchanged: the person meant their own words. The concepts are those of the other names.
            var near = reading.NearSpellings.Select(n => n.Typed).ToHashSet(StringComparer.OrdinalIgnoreCase);
            var rest = await ReadAsync(string.Join("; ", names.Where(n => !near.Contains(n))), language, ct);
            concepts = rest.Concepts;
            keywords = names.Where(n => near.Contains(n) || rest.Keywords.Contains(n, StringComparer.OrdinalIgnoreCase)).ToList();
        }
        if (keywords.FirstOrDefault(k => k.Length > MaxKeyword) is { } tooLong) return new ThemeField(concepts, null, "Themes.KeywordTooLong", tooLong);
        if (required && concepts.Count == 0 && keywords.Count == 0) return new ThemeField([], null, "Practice.ThemeRequired", null);
        return new ThemeField(concepts, keywords.Count > 0 ? string.Join("; ", keywords) : null, null, null);

        static string Normalised(string? value) => string.Join("; ", Split(value));
    }

    /// <summary>The concepts named in <paramref name="text"/>, and the names that map to no concept.</summary>
    public async Task<(List<int> Concepts, List<string> Unknown)> ResolveAsync(string? text, string language, CancellationToken ct)
    {
        var reading = await ReadAsync(text, language, ct);
        return (reading.Concepts, reading.Keywords);
    }

    /// <summary>Reads a theme field: concepts by label, then through the thesaurus; the rest as free keywords.</summary>
    public async Task<ThemeReading> ReadAsync(string? text, string language, CancellationToken ct)
    {
        var reading = new ThemeReading([], [], []);
        var names = Split(text);
        if (names.Count == 0) return reading;
        var lowered = names.Select(n => n.ToLowerInvariant()).ToList();
        var found = await db.GemetLabels.AsNoTracking().Where(l => l.Language == language || l.Language == "en")
            .Where(l => lowered.Contains(l.Label.ToLower())).Select(l => new { l.ConceptId, l.Label }).ToListAsync(ct);
        Thesaurus? thesaurus = null;
        foreach (var name in names)
        {
            var exact = found.FirstOrDefault(x => string.Equals(x.Label, name, StringComparison.OrdinalIgnoreCase));
            if (exact is not null)
            {
                if (!reading.Concepts.Contains(exact.ConceptId)) reading.Concepts.Add(exact.ConceptId);
                continue;
            }
            thesaurus ??= await matchmaker.ThesaurusAsync(db, ct);
            var (concept, whole, near) = NearLabel(thesaurus, name, language) is { } typo
                ? (thesaurus.GemetOf(typo.Concept)[0], true, typo.Label)
                : Map(thesaurus, name, language);
            if (concept is { } id)
            {
                if (!reading.Concepts.Contains(id)) reading.Concepts.Add(id);
                var label = thesaurus.Label("gemet:" + id.ToString(CultureInfo.InvariantCulture), language);
                reading.Understood.Add((name, label));
                if (near is not null) reading.NearSpellings.Add((name, id, near));
            }
            // Words only part of which a concept covers ("mowing contracts with farmers") are kept as well.
            if (concept is null || !whole) reading.Keywords.Add(name);
        }
        return reading;
    }

    /// <summary>
    /// The GEMET concept the thesaurus finds in a name, in the writer's language, then in English: among the concepts
    /// found exactly (inflected forms, synonyms), else one or two edits away, the one whose label covers most words; and
    /// whether that label covers every word of the name; and, when the name looks like a misspelling of that label, the label
    /// as written in that language (what "did you mean" offers).
    /// </summary>
    private static (int? Concept, bool Whole, string? Near) Map(Thesaurus thesaurus, string name, string language)
    {
        foreach (var l in new[] { language, "en" }.Distinct())
        {
            if (!SearchAnalyzers.IsThesaurusLanguage(l)) continue;
            var analyzer = SearchAnalyzers.Shared(l);
            var stems = SearchAnalyzers.Terms(analyzer, SearchAnalyzers.TextField(l), name);
            if (stems.Count == 0) continue;
            var candidates = thesaurus.Find(l, stems);
            var loose = candidates.Count == 0;
            if (loose) candidates = thesaurus.FindLoose(l, stems);
            var best = candidates.Where(c => thesaurus.GemetOf(c).Count > 0)
                .Select(c => (Concept: c, Covered: SearchAnalyzers.Terms(analyzer, SearchAnalyzers.TextField(l), thesaurus.Label(c, l)).Count))
                .OrderByDescending(x => x.Covered).ThenBy(x => x.Concept, StringComparer.Ordinal).FirstOrDefault();
            if (best.Concept is not null)
            {
                var written = thesaurus.Label(best.Concept, l);
                return (thesaurus.GemetOf(best.Concept)[0], best.Covered >= stems.Count, stems.Count == 1 && IsNearSpelling(name, written) ? written : null);
            }
        }
        return (null, false, null);
    }

    /// <summary>The one-word label, in the writer's language then in English, of which a one-word name that is no label looks
    /// like a misspelling (the fewest edits, then the first label alphabetically), or null. Asked before the stems, since a
    /// stemmer may cut a typo and the word it misspells to one stem ("torfowsko", "torfowisko").</summary>
    private static (string Concept, string Label)? NearLabel(Thesaurus thesaurus, string name, string language)
    {
        if (name.Contains(' ', StringComparison.Ordinal)) return null;
        var languages = new[] { language, "en" }.Distinct().ToList();
        // A label of the thesaurus as it is (the network's own terms are no GEMET label) is no typo of another.
        if (languages.Any(l => thesaurus.LabelsNear(l, name, (a, b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase)).Any())) return null;
        foreach (var l in languages)
        {
            var found = thesaurus.LabelsNear(l, name, IsNearSpelling).ToList();
            if (found.Count > 0)
                return found.OrderBy(f => Edits(f.Label.ToLowerInvariant(), name.ToLowerInvariant())).ThenBy(f => f.Label, StringComparer.Ordinal).First();
        }
        return null;
    }

    /// <summary>
    /// A typo of a one-word label rather than another form of it: one edit away (two for words of eight letters or more), the
    /// same first letter, and differing before its ending
    /// ("torfowsko" for "torfowisko", "wetlnd" for "wetland": the last two letters as the label has them), whereas an inflected
    /// form changes the ending ("mokradła" for "mokradło"), a synonym is further away, and a compound ("Moorvernässung" through "Moor") longer.
    /// </summary>
    internal static bool IsNearSpelling(string typed, string label)
    {
        var a = typed.Trim().ToLowerInvariant();
        var b = label.Trim().ToLowerInvariant();
        if (a == b || a.Contains(' ', StringComparison.Ordinal) || b.Contains(' ', StringComparison.Ordinal) || Math.Min(a.Length, b.Length) < 4) return false;
        // Inflections change the ending; a typo inside the word leaves the ending as the label has it.
        var ending = 0;
        while (ending < Math.Min(a.Length, b.Length) && a[^(ending + 1)] == b[^(ending + 1)]) ending++;
        // A typo seldom touches the first letter, and a short word two edits away is another word ("łąki", "gąbki").
        return ending >= 2 && a[0] == b[0] && Edits(a, b) <= (Math.Min(a.Length, b.Length) >= 8 ? 2 : 1);
    }

    private static int Edits(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        var current = new int[b.Length + 1];
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }

    /// <summary>A theme field's text as a form shows it again: the concepts' labels in <paramref name="language"/>, then the
    /// free keywords as written.</summary>
    public async Task<string> TextAsync(IEnumerable<int> ids, string? keywords, string language, CancellationToken ct) =>
        string.Join("; ", (await LabelsAsync(ids, language, ct)).Values.Concat(Split(keywords)));

    /// <summary>Each concept's label in <paramref name="language"/>, else in English, else its id.</summary>
    public async Task<Dictionary<int, string>> LabelsAsync(IEnumerable<int> ids, string language, CancellationToken ct)
    {
        var list = ids.Distinct().ToList();
        if (list.Count == 0) return [];
        // GEMET changes only with the reference data, at start-up: its labels are read once per node and language.
        var own = await reference.GemetLabelsAsync(db, language, ct);
        var english = await reference.GemetLabelsAsync(db, "en", ct);
        return list.ToDictionary(id => id, id =>
            own.TryGetValue(id, out var label) || english.TryGetValue(id, out label) ? label : id.ToString(CultureInfo.InvariantCulture));
    }
}
