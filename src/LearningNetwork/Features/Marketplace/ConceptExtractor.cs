using System.Globalization;
using System.Text;
using System.Text.Json;
using LearningNetwork.Features.Search;

namespace LearningNetwork.Features.Marketplace;

/// <summary>
/// The concepts an offer's or a request's own words are about, for matching and its reasons: the thesaurus's labels
/// found in the text (Features/Search/Thesaurus), kept only when they are right in sense, not only in spelling
/// (docs/architecture.md, "Matching"):
/// <list type="number">
/// <item>the words match, not only the stems: a stemmer that cuts "przestały" (stopped) and "przestępstwo" (offence), or
/// "elektryczne" and "elektrownia", to one stem does not make the text about crime or power plants. The text's word must
/// share most of its letters, from the start, with the label's word (or contain it whole, as a compound does);</item>
/// <item>a label naming unrelated concepts in one language ("Vertrag": contract, treaty) counts only for the senses that
/// a concept found elsewhere in the text is related to (GEMET broader, narrower, related), else the sense the network
/// vocabulary gives it, otherwise not at all;</item>
/// <item>generic concepts (region, income, management, ...) and mistranslated GEMET labels are never read into a text
/// (Vocabulary/concept-senses.json, with its sources).</item>
/// </list>
/// Immutable once built; one per thesaurus.
/// </summary>
public sealed class ConceptExtractor
{
    private readonly Thesaurus _thesaurus;
    private readonly Dictionary<string, HashSet<string>> _related;
    private readonly HashSet<string> _generic;
    private readonly HashSet<(string Concept, string Language, string Label)> _wrongLabels;
    private readonly Dictionary<(string Concept, string Language), string> _labels;

    public static string SensesFile => Path.Combine(AppContext.BaseDirectory, "Features", "Marketplace", "Vocabulary", "concept-senses.json");

    private sealed record Senses(GenericConcept[] Generic, LabelCorrection[] LabelCorrections);
    private sealed record GenericConcept(int Id);
    private sealed record LabelCorrection(int Id, string Language, string Wrong, string Right);
    private sealed record NetworkVocabulary(NetworkConcept[] Concepts);
    private sealed record NetworkConcept(string Id, int[]? Gemet);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <param name="thesaurus">The labels of every language.</param>
    /// <param name="relations">GEMET relations (broader, narrower, related) between concept ids, either way.</param>
    /// <param name="sensesFile">Vocabulary/concept-senses.json.</param>
    /// <param name="vocabularyFolder">The network vocabulary (its concepts' links to GEMET relate them too).</param>
    public static ConceptExtractor Load(Thesaurus thesaurus, IEnumerable<(int From, int To)> relations, string sensesFile, string vocabularyFolder)
    {
        var related = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        void Link(string a, string b)
        {
            if (!related.TryGetValue(a, out var set)) related[a] = set = new HashSet<string>(StringComparer.Ordinal);
            set.Add(b);
        }
        foreach (var (from, to) in relations)
        {
            var a = "gemet:" + from.ToString(CultureInfo.InvariantCulture);
            var b = "gemet:" + to.ToString(CultureInfo.InvariantCulture);
            Link(a, b);
            Link(b, a);
        }
        if (Directory.Exists(vocabularyFolder))
            foreach (var file in Directory.GetFiles(vocabularyFolder, "network-vocabulary*.json"))
                foreach (var c in JsonSerializer.Deserialize<NetworkVocabulary>(File.ReadAllBytes(file), Json)?.Concepts ?? [])
                    foreach (var g in c.Gemet ?? [])
                    {
                        var b = "gemet:" + g.ToString(CultureInfo.InvariantCulture);
                        Link(c.Id, b);
                        Link(b, c.Id);
                    }
        var senses = File.Exists(sensesFile) ? JsonSerializer.Deserialize<Senses>(File.ReadAllBytes(sensesFile), Json) : null;
        return new ConceptExtractor(thesaurus, related,
            (senses?.Generic ?? []).Select(g => "gemet:" + g.Id.ToString(CultureInfo.InvariantCulture)).ToHashSet(StringComparer.Ordinal),
            (senses?.LabelCorrections ?? []).ToList());
    }

    private ConceptExtractor(Thesaurus thesaurus, Dictionary<string, HashSet<string>> related, HashSet<string> generic, List<LabelCorrection> corrections)
    {
        _thesaurus = thesaurus;
        _related = related;
        _generic = generic;
        _wrongLabels = corrections.Select(c => ("gemet:" + c.Id.ToString(CultureInfo.InvariantCulture), c.Language, Fold(c.Wrong))).ToHashSet();
        _labels = corrections.ToDictionary(c => ("gemet:" + c.Id.ToString(CultureInfo.InvariantCulture), c.Language), c => c.Right);
    }

    public Thesaurus Thesaurus => _thesaurus;

    /// <summary>A concept too general to be a shared theme (a reason never names it).</summary>
    public bool IsGeneric(string concept) => _generic.Contains(concept);

    /// <summary>A concept's label in the reader's language, with GEMET's mistranslations corrected.</summary>
    public string Label(string concept, string language) =>
        _labels.TryGetValue((concept, language), out var right) ? right : _thesaurus.Label(concept, language);

    /// <summary>Two concepts of one sense: the same, or related in GEMET (or through the network vocabulary's link).</summary>
    public bool Related(string a, string b) => a == b || (_related.TryGetValue(a, out var set) && set.Contains(b));

    /// <summary>
    /// The concepts the text is about, and those its machine translation (<see cref="ConceptBridge"/>) is about: every concept
    /// found in the original is kept; <paramref name="bridged"/> gets the ones found only in the translation (their origin, for
    /// reasons). Each text is read with the same checks, in its own language.
    /// </summary>
    public HashSet<string> Find(string language, string text, BridgedText? translation, out HashSet<string> bridged)
    {
        var found = Find(language, text);
        bridged = new HashSet<string>(StringComparer.Ordinal);
        if (translation is null) return found;
        foreach (var c in Find(translation.Language, translation.Text))
            if (found.Add(c)) bridged.Add(c);
        return found;
    }

    /// <summary>The concepts the text is about (see the class comment for what is left out and why).</summary>
    public HashSet<string> Find(string language, string text)
    {
        var matches = new List<Thesaurus.LabelMatch>();
        var offset = 0;
        foreach (var (bridge, script) in Bridges.GetValueOrDefault(language) ?? [(language, Script.AsWritten)])
        {
            var written = script switch
            {
                Script.Cyrillic => SerbianToCyrillic(text), Script.Latin => SerbianToLatin(text), Script.Neighbour => NeighbourLetters(text), _ => text,
            };
            var terms = SearchAnalyzers.TermsWithSurface(SearchAnalyzers.Shared(bridge), SearchAnalyzers.TextField(bridge), written);
            // Positions of each reading apart, so that the senses of one label are grouped within one reading only.
            matches.AddRange(_thesaurus.FindWords(bridge, terms)
                .Where(m => !_generic.Contains(m.Concept) && WordsFit(m, bridge)
                            && !_wrongLabels.Contains((m.Concept, bridge, Fold(string.Join(" ", m.LabelWords)))))
                .Select(m => m with { Position = m.Position + offset }));
            offset += terms.Count + 1;
            if (Endings.ContainsKey(language)) matches.AddRange(FindInflected(language, bridge, written, ref offset));
        }
        // One label (the same words at the same place) naming several concepts: group them into senses (related concepts).
        var groups = matches.GroupBy(m => (m.Position, string.Join("|", m.Stems))).Select(g => g.Select(m => m.Concept).Distinct(StringComparer.Ordinal).ToList()).ToList();
        var clear = new HashSet<string>(StringComparer.Ordinal);
        var unclear = new List<List<List<string>>>();
        foreach (var concepts in groups)
        {
            var senses = SensesOf(concepts);
            if (senses.Count == 1) clear.UnionWith(concepts);
            else unclear.Add(senses);
        }
        var found = new HashSet<string>(clear, StringComparer.Ordinal);
        // An ambiguous label keeps the senses the rest of the text supports; failing that, the sense the network's own
        // vocabulary gives it (curated for this field: "Moor" as peatland, "heide" as heathland); failing that, none.
        foreach (var senses in unclear)
        {
            var supported = senses.Where(sense => sense.Any(c => clear.Any(k => !sense.Contains(k) && Related(c, k)))).ToList();
            if (supported.Count == 0) supported = senses.Where(sense => sense.Any(c => c.StartsWith("ln:", StringComparison.Ordinal))).ToList();
            foreach (var sense in supported) found.UnionWith(sense);
        }
        return found;
    }

    /// <summary>Serbian, Bosnian, Croatian and Montenegrin case endings, in both scripts (declared first: static fields initialise in order).</summary>
    private static readonly string[] SouthSlavic =
    [
        "ima", "ama", "ovi", "ova", "eva", "evi", "om", "em", "og", "oj", "ih", "im", "ju", "a", "e", "i", "o", "u",
        "има", "ама", "ови", "ова", "ева", "еви", "ом", "ем", "ог", "ој", "их", "им", "ју", "а", "е", "и", "о", "у",
    ];

    /// <summary>
    /// Inflectional endings of the weakly covered languages that Lucene has no stemmer for (its fallback only folds and cuts words
    /// to six letters, so "шумите" never meets the label "шума", nor "ispaši" "ispaša"), and of Greek, whose GEMET labels are
    /// often two variants joined by a slash. Written folded (<see cref="Fold"/>: no diacritics, Ukrainian і as и, Serbian ј as й),
    /// tried longest first. From the languages' grammars (noun and adjective case and number endings, the postposed articles of
    /// Macedonian and Albanian), not from any judged sample.
    /// </summary>
    private static readonly Dictionary<string, string[]> Endings = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["uk"] = ["ами", "ями", "ові", "еві", "ого", "ому", "ими", "ах", "ях", "ів", "ов", "ев", "ою", "ею", "ом", "ем", "ей", "ий", "их", "им", "ої", "ої",
            "а", "я", "и", "у", "ю", "о", "е", "ь"],
        ["mk"] = ["ите", "ата", "ото", "ови", "еви", "иња", "ски", "ска", "ско", "от", "та", "то", "те", "ов", "ва", "во", "ве", "он", "на", "но", "не",
            "и", "а", "о", "е"],
        ["sq"] = ["eve", "ave", "ive", "it", "in", "et", "es", "en", "ja", "je", "ni", "ne", "ri", "ra", "re", "ve", "at", "i", "a", "e", "t", "u"],
        ["el"] = ["ων", "ου", "ος", "ης", "ες", "ας", "εσ", "ασ", "οσ", "ησ", "οι", "ια", "α", "η", "ο", "ι", "ε", "σ"],
        ["sr"] = SouthSlavic, ["bs"] = SouthSlavic, ["hr"] = SouthSlavic, ["me"] = SouthSlavic,
    }.ToDictionary(e => e.Key, e => e.Value.Select(Fold).Distinct(StringComparer.Ordinal).OrderByDescending(x => x.Length).ToArray(), StringComparer.Ordinal);

    /// <summary>A word without its ending (folded): words of at least four letters keep a stem of at least three.</summary>
    private static string Stem(string folded, string[] endings)
    {
        if (folded.Length < 4) return folded;
        foreach (var e in endings)
            if (folded.Length - e.Length >= 3 && folded.EndsWith(e, StringComparison.Ordinal)) return folded[..^e.Length];
        return folded;
    }

    private static readonly System.Text.RegularExpressions.Regex Word = new(@"\p{L}+", System.Text.RegularExpressions.RegexOptions.Compiled);

    /// <summary>Labels of <c>Labels</c> language by the stem of their first word, stemmed with <c>Text</c> language's endings.</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string Text, string Labels), Dictionary<string, List<(string Concept, string[] Stems, string[] Words)>>> _inflected = new();

    private Dictionary<string, List<(string Concept, string[] Stems, string[] Words)>> InflectedLabels(string language, string labels) =>
        _inflected.GetOrAdd((language, labels), key =>
        {
            var endings = Endings[key.Text];
            var index = new Dictionary<string, List<(string, string[], string[])>>(StringComparer.Ordinal);
            foreach (var (concept, label) in _thesaurus.LabelsAsWritten(key.Labels))
                // "παρακολούθηση/έλεγχος": GEMET's Greek (and a few other) labels join variants with a slash; each is a label.
                foreach (var variant in label.Split('/', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    var words = Word.Matches(variant).Select(m => m.Value).ToArray();
                    if (words.Length is 0 or > 4 || Fold(words[0]).Length < 4) continue;
                    var stems = words.Select(w => Stem(Fold(w), endings)).ToArray();
                    if (!index.TryGetValue(stems[0], out var list)) index[stems[0]] = list = [];
                    list.Add((concept, stems, words));
                }
            return index;
        });

    /// <summary>
    /// The labels found in a text of a language with <see cref="Endings"/> when both the text's words and the label's are read
    /// without their endings: "шумите" (the forests) meets "шума", "ispaši" meets "ispaša", "monitorimin" "monitorim". The
    /// stems must be equal, word by word (no prefix match: the ending list is the only looseness), and the matches then go
    /// through the same sense checks as the others.
    /// </summary>
    private List<Thesaurus.LabelMatch> FindInflected(string language, string labels, string written, ref int offset)
    {
        var endings = Endings[language];
        var index = InflectedLabels(language, labels);
        var words = Word.Matches(written).Select(m => m.Value).ToArray();
        var stems = words.Select(w => Stem(Fold(w), endings)).ToArray();
        var found = new List<Thesaurus.LabelMatch>();
        for (var i = 0; i < stems.Length; i++)
        {
            if (!index.TryGetValue(stems[i], out var candidates)) continue;
            foreach (var (concept, labelStems, labelWords) in candidates)
            {
                if (i + labelStems.Length > stems.Length || _generic.Contains(concept)) continue;
                var match = true;
                for (var j = 1; j < labelStems.Length && match; j++) match = stems[i + j] == labelStems[j];
                if (!match || _wrongLabels.Contains((concept, labels, Fold(string.Join(" ", labelWords))))) continue;
                found.Add(new Thesaurus.LabelMatch(concept, labelStems, labelWords, words[i..(i + labelStems.Length)], i + offset));
            }
        }
        offset += stems.Length + 1;
        return found;
    }

    private enum Script { AsWritten, Cyrillic, Latin, Neighbour }

    /// <summary>
    /// Languages with few labels of their own read through close relatives as well (the same words, another spelling or
    /// script): Bosnian, Croatian and Serbian through each other's labels in both of Serbian's scripts, Macedonian through
    /// Bulgarian and Serbian, Ukrainian through Russian, Norwegian through Danish and Swedish. The word check
    /// (<see cref="WordsFit"/>) keeps only words that are really the label's, spelled alike.
    /// </summary>
    private static readonly Dictionary<string, (string Language, Script Script)[]> Bridges = new(StringComparer.Ordinal)
    {
        ["bs"] = [("bs", Script.AsWritten), ("hr", Script.Latin), ("sr", Script.Cyrillic)],
        ["hr"] = [("hr", Script.AsWritten), ("sr", Script.Cyrillic)],
        ["sr"] = [("sr", Script.Cyrillic), ("hr", Script.Latin)],
        ["mk"] = [("mk", Script.AsWritten), ("bg", Script.Neighbour), ("sr", Script.AsWritten)],
        ["uk"] = [("uk", Script.AsWritten), ("ru", Script.Neighbour)],
        ["no"] = [("no", Script.AsWritten), ("da", Script.AsWritten), ("sv", Script.AsWritten)],
    };

    private static readonly (string Latin, string Cyrillic)[] Serbian =
    [
        ("lj", "љ"), ("nj", "њ"), ("dž", "џ"), ("a", "а"), ("b", "б"), ("v", "в"), ("g", "г"), ("d", "д"), ("đ", "ђ"), ("e", "е"), ("ž", "ж"),
        ("z", "з"), ("i", "и"), ("j", "ј"), ("k", "к"), ("l", "л"), ("m", "м"), ("n", "н"), ("o", "о"), ("p", "п"), ("r", "р"), ("s", "с"),
        ("t", "т"), ("ć", "ћ"), ("u", "у"), ("f", "ф"), ("h", "х"), ("c", "ц"), ("č", "ч"), ("š", "ш"),
    ];

    /// <summary>Serbian Latin to Cyrillic (one to one, digraphs first); other letters as they are.</summary>
    internal static string SerbianToCyrillic(string text)
    {
        var b = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var lower = char.ToLowerInvariant(text[i]);
            var pair = Serbian.FirstOrDefault(p => p.Latin.Length == 2 && i + 1 < text.Length && lower == p.Latin[0] && char.ToLowerInvariant(text[i + 1]) == p.Latin[1]);
            if (pair.Latin is null) pair = Serbian.FirstOrDefault(p => p.Latin.Length == 1 && p.Latin[0] == lower);
            if (pair.Latin is null) { b.Append(text[i]); continue; }
            b.Append(char.IsUpper(text[i]) ? pair.Cyrillic.ToUpperInvariant() : pair.Cyrillic);
            i += pair.Latin.Length - 1;
        }
        return b.ToString();
    }

    /// <summary>Ukrainian and Macedonian letters as Russian and Bulgarian write them (і → и, ѓ → г), for their analyzers.</summary>
    internal static string NeighbourLetters(string text)
    {
        var b = new StringBuilder(text.Length);
        foreach (var ch in text)
            b.Append(ch switch
            {
                'і' => 'и', 'І' => 'И', 'ї' => 'и', 'є' => 'е', 'Є' => 'Е', 'ґ' => 'г', 'ѓ' => 'г', 'ќ' => 'к', 'ѕ' => 'з', 'ј' => 'й', 'Ј' => 'Й',
                _ => ch,
            });
        return b.ToString();
    }

    /// <summary>Serbian Cyrillic to Latin; other letters as they are.</summary>
    internal static string SerbianToLatin(string text)
    {
        var b = new StringBuilder(text.Length);
        foreach (var ch in text)
        {
            var lower = char.ToLowerInvariant(ch);
            var pair = Serbian.FirstOrDefault(p => p.Cyrillic[0] == lower);
            if (pair.Latin is null) b.Append(ch);
            else b.Append(char.IsUpper(ch) ? string.Concat(char.ToUpperInvariant(pair.Latin[0]), pair.Latin[1..]) : pair.Latin);
        }
        return b.ToString();
    }

    /// <summary>Concepts split into groups of related ones (connected through <see cref="Related"/>).</summary>
    private List<List<string>> SensesOf(List<string> concepts)
    {
        var senses = new List<List<string>>();
        foreach (var c in concepts)
        {
            var joined = senses.Where(s => s.Any(o => Related(c, o))).ToList();
            var merged = new List<string> { c };
            foreach (var s in joined) { merged.AddRange(s); senses.Remove(s); }
            senses.Add(merged);
        }
        return senses;
    }

    private static bool WordsFit(Thesaurus.LabelMatch m, string language)
    {
        // Agglutinative languages change more of a word's end (Finnish "niitto", "niitosta").
        var share = language is "fi" or "et" or "hu" or "tr" ? 0.5 : 0.6;
        for (var i = 0; i < m.TextWords.Length && i < m.LabelWords.Length; i++)
        {
            var a = Fold(m.LabelWords[i]);
            var b = Fold(m.TextWords[i]);
            if (a == b || (a.Length >= 4 && b.Contains(a, StringComparison.Ordinal))) continue;
            var p = 0;
            while (p < a.Length && p < b.Length && a[p] == b[p]) p++;
            if (p < 3 || p < Math.Min(a.Length, b.Length) - 3 || p < share * Math.Max(a.Length, b.Length)) return false;
        }
        return true;
    }

    /// <summary>Lower case without diacritics ("Verträgen" → "vertragen", "ł" → "l", final sigma → sigma).</summary>
    internal static string Fold(string word)
    {
        var d = word.ToLowerInvariant().Normalize(NormalizationForm.FormD);
        var b = new StringBuilder(d.Length);
        foreach (var ch in d)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(ch) == UnicodeCategory.NonSpacingMark) continue;
            // Ukrainian and Macedonian letters as their Russian and Bulgarian neighbours write them (the bridges above).
            b.Append(ch switch
            {
                'ł' => 'l', 'ø' => 'o', 'ß' => 's', 'ς' => 'σ', 'đ' => 'd', 'ı' => 'i',
                'і' => 'и', 'ї' => 'и', 'є' => 'е', 'ґ' => 'г', 'ѓ' => 'г', 'ќ' => 'к', 'ѕ' => 'з', 'ј' => 'й', 'ё' => 'е',
                _ => ch,
            });
        }
        return b.ToString();
    }
}
