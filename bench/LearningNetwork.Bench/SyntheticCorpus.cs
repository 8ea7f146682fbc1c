using System.Text.Json;
using System.Text.RegularExpressions;
using LearningNetwork.Features.Search;
using LearningNetwork.ReferenceData;

namespace LearningNetwork.Bench;

/// <summary>
/// A realistic multilingual corpus of any size, made from the demo practices' own sentences: each synthetic item is
/// written in one language, with a title and 6-14 sentences of that language, a country, themes and targets drawn
/// from those the demo uses. Deterministic for a given size (seeded), so runs compare.
/// </summary>
internal sealed partial class SyntheticCorpus
{
    public required Dictionary<string, List<string>> Sentences { get; init; }
    public required Dictionary<string, List<string>> Titles { get; init; }
    public required List<string> Countries { get; init; }
    public required List<string> Themes { get; init; }
    public required List<string> Targets { get; init; }
    public required Thesaurus Thesaurus { get; init; }
    public IReadOnlyList<string> Languages => Sentences.Keys.ToList();
    public int SentenceCount => Sentences.Values.Sum(s => s.Count);

    public static async Task<SyntheticCorpus> LoadAsync(string repository)
    {
        var sentences = new Dictionary<string, List<string>>();
        var titles = new Dictionary<string, List<string>>();
        var countries = new HashSet<string>();
        var themes = new HashSet<string>();
        var targets = new HashSet<string>();
        foreach (var file in Directory.GetFiles(Path.Combine(repository, "src", "LearningNetwork", "Features", "Practices", "DemoData"), "demo-practices-*.json"))
        {
            using var doc = JsonDocument.Parse(await File.ReadAllBytesAsync(file));
            foreach (var p in doc.RootElement.EnumerateArray())
            {
                countries.Add(p.GetProperty("country").GetString()!);
                foreach (var t in p.GetProperty("themes").EnumerateArray()) themes.Add(t.GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture));
                foreach (var t in p.GetProperty("targets").EnumerateArray()) targets.Add(t.GetString()!);
                foreach (var text in p.GetProperty("texts").EnumerateObject())
                {
                    if (!sentences.TryGetValue(text.Name, out var list)) { sentences[text.Name] = list = []; titles[text.Name] = []; }
                    foreach (var field in text.Value.EnumerateObject().Where(f => f.Value.ValueKind == JsonValueKind.String))
                    {
                        if (field.Name == "title") titles[text.Name].Add(field.Value.GetString()!);
                        else if (field.Name is not ("origin")) list.AddRange(SentenceRegex().Split(field.Value.GetString()!).Where(s => s.Length > 30));
                    }
                }
            }
        }
        var gemet = CsvTable.Read(Path.Combine(repository, "src", "LearningNetwork", "ReferenceData", "files", "gemet", "gemet_concepts_labels.csv"), "concept_id");
        var labels = new List<(int, string, string)>();
        foreach (var (_, fields) in gemet.Rows)
            for (var i = 1; i < fields.Length && i < gemet.Header.Count; i++)
                if (fields[i].Length > 0) labels.Add((int.Parse(fields[0], System.Globalization.CultureInfo.InvariantCulture), gemet.Header[i], fields[i]));
        var thesaurus = await Thesaurus.LoadAsync(labels, Path.Combine(repository, "src", "LearningNetwork", "Features", "Search", "Vocabulary"), CancellationToken.None);
        return new SyntheticCorpus
        {
            Sentences = sentences.Where(kv => kv.Value.Count >= 10).ToDictionary(kv => kv.Key, kv => kv.Value),
            Titles = titles, Countries = countries.Order().ToList(), Themes = themes.ToList(), Targets = targets.ToList(), Thesaurus = thesaurus,
        };
    }

    public IEnumerable<(string Language, string Title, string Body, string Country, string[] Themes, string[] Targets)> Items(int count)
    {
        var random = new Random(count);
        var languages = Languages;
        for (var i = 0; i < count; i++)
        {
            var language = languages[random.Next(languages.Count)];
            var pool = Sentences[language];
            var titles = Titles[language];
            var body = string.Join(" ", Enumerable.Range(0, random.Next(6, 15)).Select(_ => pool[random.Next(pool.Count)]));
            yield return (language, titles[random.Next(titles.Count)], body, Countries[random.Next(Countries.Count)],
                Enumerable.Range(0, random.Next(1, 4)).Select(_ => Themes[random.Next(Themes.Count)]).Distinct().ToArray(),
                Enumerable.Range(0, random.Next(1, 4)).Select(_ => Targets[random.Next(Targets.Count)]).Distinct().ToArray());
        }
    }

    [GeneratedRegex(@"(?<=[.!?;])\s+")]
    private static partial Regex SentenceRegex();
}
