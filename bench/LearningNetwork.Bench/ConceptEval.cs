using System.Globalization;
using System.Text.Json;
using LearningNetwork.Features.Marketplace;
using LearningNetwork.Features.Search;
using LearningNetwork.Features.Translation;
using LearningNetwork.ReferenceData;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace LearningNetwork.Bench;

/// <summary>
/// Precision (and recall) of the concepts the marketplace finds in an offer's or a request's text
/// (<see cref="ConceptExtractor"/>), on the judged sample bench/concept-eval/texts.json: each text lists the concepts
/// really in it ("concepts") and, for the record, concepts an extractor proposed that a reader judged wrong ("wrong").
/// A concept found that is in neither list is unjudged and counts as wrong; it is printed so that it can be judged.
/// </summary>
internal static class ConceptEval
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private sealed record Sample(string Id, string Lang, string Text, string[] Concepts, string[]? Wrong);

    public static async Task<Thesaurus> LoadThesaurusAsync(string repository)
    {
        var gemet = CsvTable.Read(Path.Combine(repository, "src", "LearningNetwork", "ReferenceData", "files", "gemet", "gemet_concepts_labels.csv"), "concept_id");
        var labels = new List<(int, string, string)>();
        foreach (var (_, fields) in gemet.Rows)
            for (var i = 1; i < fields.Length && i < gemet.Header.Count; i++)
                if (fields[i].Length > 0) labels.Add((int.Parse(fields[0], CultureInfo.InvariantCulture), gemet.Header[i], fields[i]));
        // The labels the network ships for languages GEMET lacks (hr, sr, uk, mk, sq, is, ga), as the reference data loads them.
        var network = CsvTable.Read(Path.Combine(repository, "src", "LearningNetwork", "ReferenceData", "files", "gemet", "gemet_labels_network.csv"), "concept_id");
        foreach (var (_, f) in network.Rows)
            if (f.Length >= 3 && f[2].Length > 0) labels.Add((int.Parse(f[0], CultureInfo.InvariantCulture), f[1], f[2]));
        return await Thesaurus.LoadAsync(labels, Path.Combine(repository, "src", "LearningNetwork", "Features", "Search", "Vocabulary"), CancellationToken.None);
    }

    /// <summary>The extractor as the app builds it, with GEMET's relations read from the reference files.</summary>
    public static ConceptExtractor LoadExtractor(string repository, Thesaurus thesaurus)
    {
        var table = CsvTable.Read(Path.Combine(repository, "src", "LearningNetwork", "ReferenceData", "files", "gemet", "gemet_concepts_relations.csv"), "concept_id");
        int Col(string name) => table.Header.ToList().IndexOf(name);
        var relations = new List<(int, int)>();
        foreach (var (_, f) in table.Rows)
        {
            var id = int.Parse(f[0], CultureInfo.InvariantCulture);
            foreach (var col in new[] { Col("broader_ids"), Col("narrower_ids"), Col("related_ids") })
                foreach (var other in f[col].Split('|', StringSplitOptions.RemoveEmptyEntries))
                    relations.Add((id, int.Parse(other, CultureInfo.InvariantCulture)));
        }
        var src = Path.Combine(repository, "src", "LearningNetwork", "Features");
        return ConceptExtractor.Load(thesaurus, relations, Path.Combine(src, "Marketplace", "Vocabulary", "concept-senses.json"), Path.Combine(src, "Search", "Vocabulary"));
    }

    /// <summary>
    /// The extractor's Find through the machine-translation bridge as the app runs it (<see cref="ConceptBridge"/>, Apertium as
    /// installed, the default <see cref="MarketplaceOptions"/>): every text of a bridged language is translated first (one at a
    /// time, as a node does), then each text's concepts are those of the original and of its translation.
    /// </summary>
    public static async Task<Func<string, string, HashSet<string>>> BridgedAsync(ConceptExtractor extractor, IEnumerable<(string Language, string Text)> texts, TextWriter output)
    {
        var engine = new ApertiumTranslator(Options.Create(new MachineTranslationOptions()), NullLogger<ApertiumTranslator>.Instance);
        var bridge = new ConceptBridge(engine, Options.Create(new MarketplaceOptions()), NullLogger<ConceptBridge>.Instance);
        var started = System.Diagnostics.Stopwatch.StartNew();
        var queued = 0;
        foreach (var (language, text) in texts)
            if (bridge.Translation(language, text, out var waiting) is null && waiting is not null) queued++;
        var idle = await bridge.IdleAsync(TimeSpan.FromMinutes(30), CancellationToken.None);
        var pairs = string.Join(", ", (await engine.ModesAsync(CancellationToken.None)).Keys.Select(k => k.From + "→" + k.To).Order(StringComparer.Ordinal));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Bridge: Apertium pairs {pairs}; {queued} texts translated in {started.Elapsed.TotalSeconds:0.0} s{(idle ? "" : " (not all: time-out)")}."));
        output.WriteLine();
        return (language, text) => extractor.Find(language, text, bridge.Translation(language, text, out _), out _);
    }

    public static async Task<int> RunAsync(string repository, string file, bool show, TextWriter output, bool bridged = false)
    {
        var samples = JsonSerializer.Deserialize<Sample[]>(await File.ReadAllBytesAsync(file), Json)!;
        var thesaurus = await LoadThesaurusAsync(repository);
        var extractor = LoadExtractor(repository, thesaurus);
        Func<string, string, HashSet<string>> find = bridged ? await BridgedAsync(extractor, samples.Select(s => (s.Lang, s.Text)), output) : extractor.Find;
        var rows = new List<(string Lang, int Found, int Right, int Judged, int Recalled)>();
        var errors = new List<string>();
        foreach (var s in samples)
        {
            var found = find(s.Lang, s.Text).Order(StringComparer.Ordinal).ToList();
            // Generic concepts (region, management...) are left out on purpose: judged right, but not counted in recall.
            var gold = s.Concepts.Where(c => !extractor.IsGeneric(c)).ToHashSet(StringComparer.Ordinal);
            var right = found.Count(gold.Contains);
            rows.Add((s.Lang, found.Count, right, gold.Count, right));
            string Name(string c) => $"{c} {thesaurus.Label(c, "en")} / {thesaurus.Label(c, s.Lang)}";
            if (show) output.WriteLine($"{s.Id}\t{string.Join(" | ", found.Select(c => (gold.Contains(c) ? "+" : (s.Wrong ?? []).Contains(c) ? "-" : "?") + Name(c)))}\t MISSED: {string.Join(" | ", gold.Where(g => !found.Contains(g)).Select(Name))}");
            foreach (var c in found.Where(c => !gold.Contains(c)))
                errors.Add($"| {s.Id} | {Name(c)} | {((s.Wrong ?? []).Contains(c) ? "judged wrong" : "unjudged")} |");
        }
        output.WriteLine("Recall counts the judged concepts that are not generic (Features/Marketplace/Vocabulary/concept-senses.json).");
        output.WriteLine($"Sample: {samples.Length} texts in {rows.Select(r => r.Lang).Distinct().Count()} languages, {rows.Sum(r => r.Judged)} judged concepts.");
        output.WriteLine();
        output.WriteLine("| language | texts | concepts found | right | precision | recall |");
        output.WriteLine("|---|---:|---:|---:|---:|---:|");
        void Line(string name, IEnumerable<(string Lang, int Found, int Right, int Judged, int Recalled)> set)
        {
            var list = set.ToList();
            var found = list.Sum(r => r.Found);
            var right = list.Sum(r => r.Right);
            var judged = list.Sum(r => r.Judged);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {list.Count} | {found} | {right} | {(found == 0 ? 0 : (double)right / found):0.000} | {(judged == 0 ? 0 : (double)right / judged):0.000} |"));
        }
        foreach (var g in rows.GroupBy(r => r.Lang).OrderBy(g => g.Key, StringComparer.Ordinal)) Line(g.Key, g);
        Line("**all**", rows);
        output.WriteLine();
        output.WriteLine($"Concepts found that are not in the text ({errors.Count}):");
        output.WriteLine();
        output.WriteLine("| text | concept (en / text's language) | |");
        output.WriteLine("|---|---|---|");
        foreach (var e in errors) output.WriteLine(e);
        return 0;
    }
}
