using System.Globalization;
using LearningNetwork.Data;
using LearningNetwork.Features.Marketplace;
using LearningNetwork.Features.Search;
using Microsoft.EntityFrameworkCore;

namespace LearningNetwork.Features.Themes;

/// <summary>What a theme field said: the GEMET concepts it names, the words kept as free keywords, and which typed
/// words were understood as which concept (a synonym, an inflected form, a near spelling).</summary>
public sealed record ThemeReading(List<int> Concepts, List<string> Keywords, List<(string Typed, string Label)> Understood);

/// <summary>
/// Themes are GEMET concepts, typed by people in their own words separated by semicolons: a GEMET label in their
/// language or English is taken as it is; any other words go through the thesaurus (<see cref="Thesaurus"/>: GEMET's
/// labels in every language, analysed, so inflected forms match, plus the network's vocabulary of synonyms and terms
/// GEMET lacks, each tied to its nearest GEMET concepts), then one or two edits away (near spellings); what still maps to
/// no concept is kept as a free keyword, never refused. The type-ahead (<see cref="ConceptsApi"/>) only helps.
/// </summary>
public sealed class ThemeNames(LearningNetworkDb db, Matchmaker matchmaker)
{
    /// <summary>The longest free keyword kept (the tag columns hold 64 characters).</summary>
    public const int MaxKeyword = 64;

    public const int MaxThemes = 20;

    public static IReadOnlyList<string> Split(string? text) =>
        (text ?? "").Split([';', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.OrdinalIgnoreCase).ToList();

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
            var (concept, whole) = Map(thesaurus, name, language);
            if (concept is { } id)
            {
                if (!reading.Concepts.Contains(id)) reading.Concepts.Add(id);
                reading.Understood.Add((name, thesaurus.Label("gemet:" + id.ToString(CultureInfo.InvariantCulture), language)));
            }
            // Words only part of which a concept covers ("mowing contracts with farmers") are kept as well.
            if (concept is null || !whole) reading.Keywords.Add(name);
        }
        return reading;
    }

    /// <summary>
    /// The GEMET concept the thesaurus finds in a name, in the writer's language, then in English: among the concepts
    /// found exactly (inflected forms, synonyms), else one or two edits away, the one whose label covers most words; and
    /// whether that label covers every word of the name.
    /// </summary>
    private static (int? Concept, bool Whole) Map(Thesaurus thesaurus, string name, string language)
    {
        foreach (var l in new[] { language, "en" }.Distinct())
        {
            if (!SearchAnalyzers.IsThesaurusLanguage(l)) continue;
            var analyzer = SearchAnalyzers.Shared(l);
            var stems = SearchAnalyzers.Terms(analyzer, SearchAnalyzers.TextField(l), name);
            if (stems.Count == 0) continue;
            var candidates = thesaurus.Find(l, stems);
            if (candidates.Count == 0) candidates = thesaurus.FindLoose(l, stems);
            var best = candidates.Where(c => thesaurus.GemetOf(c).Count > 0)
                .Select(c => (Concept: c, Covered: SearchAnalyzers.Terms(analyzer, SearchAnalyzers.TextField(l), thesaurus.Label(c, l)).Count))
                .OrderByDescending(x => x.Covered).ThenBy(x => x.Concept, StringComparer.Ordinal).FirstOrDefault();
            if (best.Concept is not null) return (thesaurus.GemetOf(best.Concept)[0], best.Covered >= stems.Count);
        }
        return (null, false);
    }

    /// <summary>Each concept's label in <paramref name="language"/>, else in English, else its id.</summary>
    public async Task<Dictionary<int, string>> LabelsAsync(IEnumerable<int> ids, string language, CancellationToken ct)
    {
        var list = ids.Distinct().ToList();
        var labels = await db.GemetLabels.AsNoTracking().Where(l => list.Contains(l.ConceptId) && (l.Language == language || l.Language == "en"))
            .ToListAsync(ct);
        return list.ToDictionary(id => id, id =>
            (labels.FirstOrDefault(l => l.ConceptId == id && l.Language == language) ?? labels.FirstOrDefault(l => l.ConceptId == id))?.Label
            ?? id.ToString(CultureInfo.InvariantCulture));
    }
}
