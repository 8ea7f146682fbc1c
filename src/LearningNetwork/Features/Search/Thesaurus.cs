using System.Text.Json;
using LearningNetwork.Data;
using Lucene.Net.Analysis;
using Microsoft.EntityFrameworkCore;

namespace LearningNetwork.Features.Search;

/// <summary>
/// Finds thesaurus concepts in text, in any language: the GEMET labels of every language and the network's own
/// vocabulary (Vocabulary/network-vocabulary.json, terms GEMET 2016 lacks) are analysed with each language's analyzer,
/// and a text is scanned for those stem sequences. A document carries the concepts found in all its languages; a query
/// carries those found in its language and in English; a shared concept is how a German query finds a Dutch practice,
/// and it is what the results name to explain the match.
/// </summary>
public sealed class Thesaurus
{
    private readonly Dictionary<string, Dictionary<string, List<string[]>>> _byLanguage = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, string>> _labels = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<(string Concept, string[] Stems)>> _index = new(StringComparer.Ordinal);
    /// <summary>The words of each label as written, by language, concept and stems ("|"-joined): what
    /// <see cref="FindWords"/> returns beside the text's own words.</summary>
    private readonly Dictionary<string, string[]> _labelWords = new(StringComparer.Ordinal);
    /// <summary>Single-word labels per language, for typos and compounds in queries.</summary>
    private readonly Dictionary<string, List<(string Concept, string Stem)>> _words = new(StringComparer.Ordinal);
    /// <summary>Every one-word label as written (synonyms too), per language: what a misspelt theme is offered instead.</summary>
    private readonly Dictionary<string, List<(string Concept, string Label)>> _written = new(StringComparer.Ordinal);
    /// <summary>Every label as written (synonyms too), per language: what the marketplace's concept extractor reads inflected
    /// words against (<c>ConceptExtractor</c>, endings of languages without a stemmer).</summary>
    private readonly Dictionary<string, List<(string Concept, string Label)>> _asWritten = new(StringComparer.Ordinal);
    /// <summary>The GEMET concepts a network-vocabulary concept stands closest to, first the nearest (its "gemet" list).</summary>
    private readonly Dictionary<string, int[]> _gemet = new(StringComparer.Ordinal);

    public static string VocabularyFolder => Path.Combine(AppContext.BaseDirectory, "Features", "Search", "Vocabulary");

    private sealed record VocabularyConcept(string Id, int[]? Gemet, Dictionary<string, string[]> Labels);

    private sealed record Vocabulary(VocabularyConcept[] Concepts);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public int ConceptCount => _labels.Count;

    public bool Knows(string concept) => _labels.ContainsKey(concept);

    /// <summary>The concepts (with a GEMET concept to stand for) whose label in <paramref name="language"/> <paramref name="near"/>
    /// accepts for <paramref name="word"/>: what a theme field offers as "did you mean".</summary>
    public IEnumerable<(string Concept, string Label)> LabelsNear(string language, string word, Func<string, string, bool> near)
    {
        if (!_written.TryGetValue(language, out var labels)) yield break;
        foreach (var (concept, label) in labels)
            if (Math.Abs(label.Length - word.Length) <= 2 && near(word, label) && GemetOf(concept).Count > 0)
                yield return (concept, label);
    }

    /// <summary>Every label of a language as written, synonyms too (empty for a language the thesaurus has no labels in).</summary>
    public IReadOnlyList<(string Concept, string Label)> LabelsAsWritten(string language) =>
        _asWritten.TryGetValue(language, out var labels) ? labels : [];

    /// <summary>The concept a label names, in any language (exact, ignoring case), or null.</summary>
    public string? ConceptOf(string label)
    {
        foreach (var (concept, names) in _labels)
            if (names.Values.Any(n => string.Equals(n, label, StringComparison.OrdinalIgnoreCase))) return concept;
        return null;
    }

    public static async Task<Thesaurus> LoadAsync(LearningNetworkDb db, CancellationToken ct)
    {
        var terms = await db.VocabularyTerms.AsNoTracking().Select(t => new { t.Concept, t.Language, t.Term }).ToListAsync(ct);
        // Building analyses every label of every language (about 1.5 s of CPU); a thesaurus is never changed once built, so
        // one built from the same labels, terms and files is reused: a node rebuilding its index after a moderator's term
        // changes nothing else, and the test suite's hundreds of in-process apps share one instead of building their own.
        // Only the reference-data loader writes GEMET's labels, and it records the hash of the files it loaded them from:
        // that hash and the number of labels stand for the labels without reading them (a database without it is read).
        var gemetFiles = await db.ReferenceDataSets.AsNoTracking().Where(s => s.Name == ReferenceData.ReferenceDataLoader.GemetSet)
            .Select(s => s.ContentHash).FirstOrDefaultAsync(ct);
        var gemet = gemetFiles is null ? await ReadLabelsAsync(db, ct) : null;
        using var hash = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        void Append(string text)
        {
            hash.AppendData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(text.AsSpan()));
            hash.AppendData([0xFF, 0xFE]); // a separator no UTF-16 text of these fields produces on its own
        }
        if (gemet is null) { Append(gemetFiles!); Append((await db.GemetLabels.CountAsync(ct)).ToString(System.Globalization.CultureInfo.InvariantCulture)); }
        else foreach (var (conceptId, language, label) in gemet) { Append(conceptId.ToString(System.Globalization.CultureInfo.InvariantCulture)); Append(language); Append(label); }
        Append("terms");
        foreach (var t in terms) { Append(t.Concept); Append(t.Language); Append(t.Term); }
        foreach (var file in VocabularyFiles(VocabularyFolder)) { Append(file); Append(File.GetLastWriteTimeUtc(file).Ticks.ToString(System.Globalization.CultureInfo.InvariantCulture)); }
        var key = Convert.ToHexString(hash.GetHashAndReset());
        if (_last is { } last && last.Key == key) return last.Thesaurus;

        gemet ??= await ReadLabelsAsync(db, ct);
        var thesaurus = await LoadAsync(gemet, VocabularyFolder, ct, build: false);
        // Terms moderators added (Features/Search/Terms) join the shipped vocabulary.
        foreach (var t in terms)
            if (SearchAnalyzers.Languages.Contains(t.Language)) thesaurus.Add(t.Concept, t.Language, t.Term);
        thesaurus.Build();
        _last = new Built(key, thesaurus);
        return thesaurus;
    }

    private static async Task<List<(int ConceptId, string Language, string Label)>> ReadLabelsAsync(LearningNetworkDb db, CancellationToken ct) =>
        (await db.GemetLabels.AsNoTracking().Select(l => new { l.ConceptId, l.Language, l.Label }).ToListAsync(ct))
            .Select(l => (l.ConceptId, l.Language, l.Label)).ToList();

    private sealed record Built(string Key, Thesaurus Thesaurus);

    /// <summary>The last thesaurus built from a database, with the key of what it was built from.</summary>
    private static Built? _last;

    private static List<string> VocabularyFiles(string folder) =>
        Directory.Exists(folder) ? Directory.GetFiles(folder, "network-vocabulary*.json").Order(StringComparer.Ordinal).ToList() : [];

    /// <summary>From GEMET labels and the vocabulary files (network-vocabulary*.json) of a folder, without a database (the benchmarks).</summary>
    public static async Task<Thesaurus> LoadAsync(IEnumerable<(int ConceptId, string Language, string Label)> gemet, string vocabularyFolder, CancellationToken ct, bool build = true)
    {
        var thesaurus = new Thesaurus();
        foreach (var (conceptId, language, label) in gemet)
            if (SearchAnalyzers.IsThesaurusLanguage(language)) thesaurus.Add($"gemet:{conceptId}", language, label);
        foreach (var file in VocabularyFiles(vocabularyFolder))
        {
            var vocabulary = JsonSerializer.Deserialize<Vocabulary>(await File.ReadAllBytesAsync(file, ct), Json);
            foreach (var c in vocabulary?.Concepts ?? [])
                if (c.Gemet is { Length: > 0 }) thesaurus._gemet.TryAdd(c.Id, c.Gemet);
            foreach (var c in vocabulary?.Concepts ?? [])
                foreach (var (language, terms) in c.Labels)
                    foreach (var term in terms)
                        if (SearchAnalyzers.IsThesaurusLanguage(language)) thesaurus.Add(c.Id, language, term);
        }
        if (build) thesaurus.Build();
        return thesaurus;
    }

    internal void Add(string concept, string language, string label)
    {
        if (!_labels.TryGetValue(concept, out var names)) _labels[concept] = names = new Dictionary<string, string>(StringComparer.Ordinal);
        names.TryAdd(language, label);
        if (!_byLanguage.TryGetValue(language, out var labels)) _byLanguage[language] = labels = new Dictionary<string, List<string[]>>(StringComparer.Ordinal);
        if (!labels.TryGetValue(concept, out var list)) labels[concept] = list = [];
        list.Add([label]); // analysed in Build, once per language analyzer
    }

    internal void Build()
    {
        foreach (var (language, concepts) in _byLanguage)
        {
            using var analyzer = SearchAnalyzers.For(language);
            var index = new List<(string, string[])>();
            var written = new List<(string, string)>();
            foreach (var (concept, labels) in concepts)
                foreach (var label in labels)
                {
                    if (!label[0].Contains(' ', StringComparison.Ordinal) && label[0].Length >= 4) written.Add((concept, label[0]));
                    var terms = SearchAnalyzers.TermsWithSurface(analyzer, "x", label[0]);
                    var stems = terms.Select(t => t.Term).ToArray();
                    if (stems.Length is > 0 and <= 6)
                    {
                        index.Add((concept, stems));
                        _labelWords.TryAdd(language + "|" + concept + "|" + string.Join("|", stems), terms.Select(t => t.Surface).ToArray());
                    }
                }
            _written[language] = written;
            _asWritten[language] = concepts.SelectMany(c => c.Value.Select(l => (c.Key, l[0]))).ToList();
            _words[language] = index.Where(x => x.Item2.Length == 1 && x.Item2[0].Length >= 4).Select(x => (x.Item1, x.Item2[0])).ToList();
            foreach (var (concept, stems) in index)
            {
                var key = language + "|" + stems[0];
                if (!_index.TryGetValue(key, out var list)) _index[key] = list = [];
                list.Add((concept, stems));
            }
        }
        _byLanguage.Clear();
    }

    /// <summary>The concepts whose label, in <paramref name="language"/>, occurs in these analysed terms.</summary>
    public HashSet<string> Find(string language, IReadOnlyList<string> terms)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < terms.Count; i++)
        {
            if (!_index.TryGetValue(language + "|" + terms[i], out var candidates)) continue;
            foreach (var (concept, stems) in candidates)
            {
                if (i + stems.Length > terms.Count) continue;
                var match = true;
                for (var j = 1; j < stems.Length && match; j++) match = terms[i + j] == stems[j];
                if (match) found.Add(concept);
            }
        }
        return found;
    }

    /// <summary>A label found in a text: its concept, its stems, its words as the label writes them and the words of the
    /// text they were found in, and where (the index of the first term).</summary>
    public sealed record LabelMatch(string Concept, string[] Stems, string[] LabelWords, string[] TextWords, int Position);

    /// <summary>Like <see cref="Find(string, IReadOnlyList{string})"/>, with the words behind each match, so that a caller can
    /// check that a stem match is also a word match (a stemmer that cuts "przestały" and "przestępstwo" to one stem).</summary>
    public List<LabelMatch> FindWords(string language, IReadOnlyList<(string Term, string Surface)> terms)
    {
        var found = new List<LabelMatch>();
        for (var i = 0; i < terms.Count; i++)
        {
            if (!_index.TryGetValue(language + "|" + terms[i].Term, out var candidates)) continue;
            foreach (var (concept, stems) in candidates)
            {
                if (i + stems.Length > terms.Count) continue;
                var match = true;
                for (var j = 1; j < stems.Length && match; j++) match = terms[i + j].Term == stems[j];
                if (!match) continue;
                var words = _labelWords.GetValueOrDefault(language + "|" + concept + "|" + string.Join("|", stems)) ?? stems;
                found.Add(new LabelMatch(concept, stems, words, terms.Skip(i).Take(stems.Length).Select(t => t.Surface).ToArray(), i));
            }
        }
        return found;
    }

    /// <summary>
    /// For query words no label matches exactly: the concepts of a label one or two edits away (typos), or of a label
    /// that begins or ends the word (compounds such as "Moorvernässung", "vismigratie"). Looser than the exact <c>Find</c>,
    /// so queries use it and documents do not.
    /// </summary>
    public HashSet<string> FindLoose(string language, IReadOnlyList<string> terms)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        if (!_words.TryGetValue(language, out var words)) return found;
        foreach (var term in terms.Where(t => t.Length >= 5 && !_index.ContainsKey(language + "|" + t)))
        {
            var maxEdits = term.Length >= 9 ? 2 : 1;
            foreach (var (concept, stem) in words)
            {
                if (stem[0] == term[0] && Math.Abs(stem.Length - term.Length) <= maxEdits && Edits(stem, term, maxEdits) <= maxEdits) found.Add(concept);
                else if (term.Length >= stem.Length + 3 && stem.Length >= 4 && (term.StartsWith(stem, StringComparison.Ordinal) || term.EndsWith(stem, StringComparison.Ordinal)))
                    found.Add(concept);
            }
        }
        return found;
    }

    /// <summary>Levenshtein distance, giving up above <paramref name="max"/>.</summary>
    private static int Edits(string a, string b, int max)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            var best = current[0];
            for (var j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
                best = Math.Min(best, current[j]);
            }
            if (best > max) return max + 1;
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }

    public HashSet<string> Find(string language, Analyzer analyzer, string text) =>
        Find(language, SearchAnalyzers.Terms(analyzer, SearchAnalyzers.TextField(language), text));

    /// <summary>
    /// The GEMET concept ids a thesaurus concept stands for: itself for <c>gemet:N</c>, the "gemet" list of a network
    /// vocabulary concept (nearest first), nothing for a concept GEMET has no term for.
    /// </summary>
    public IReadOnlyList<int> GemetOf(string concept) =>
        concept.StartsWith("gemet:", StringComparison.Ordinal) && int.TryParse(concept.AsSpan(6), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id)
            ? [id]
            : _gemet.TryGetValue(concept, out var ids) ? ids : [];

    /// <summary>A concept's label in the reader's language, else English, else any.</summary>
    public string Label(string concept, string language) =>
        _labels.TryGetValue(concept, out var names)
            ? names.GetValueOrDefault(language) ?? names.GetValueOrDefault("en") ?? names.Values.First()
            : concept;
}
