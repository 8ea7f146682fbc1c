using System.Text.Json;

namespace LearningNetwork.Features.Targets;

/// <summary>
/// The plain-language explanation of one target or article, in one language. Title is the item's short title in that
/// language (the official titles in the reference data are English); the English files leave it out.
/// </summary>
public sealed record TargetText(string Code, string Officer, string DecisionMaker, string Citizen, string[] Region, string[] Municipality,
    string? Deadline, string? Figures, string[]? Crosswalk, string? Title = null);

/// <summary>
/// The written explanations of targets (Content/{framework}-{language}.json): for the officer, the decision-maker and
/// the citizen, with what regions and municipalities can do and the crosswalk to other frameworks. Loaded once per
/// process from the files shipped with the app; a target without a text in the reader's language shows the English
/// one with a note. Editors improve the texts through the site: <see cref="TargetExplanations"/> lays their newest
/// revisions (in the database) over these files. The crosswalk is not edited: it stays the files'.
/// </summary>
public sealed class TargetContent
{
    private sealed record ContentFile(string Framework, string Language, string? Source, TargetText[] Targets);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly Lazy<Dictionary<(string Framework, string Language), (string? Source, Dictionary<string, TargetText> Texts)>> _files = new(Load);

    public static string Folder => Path.Combine(AppContext.BaseDirectory, "Features", "Targets", "Content");

    private static Dictionary<(string, string), (string?, Dictionary<string, TargetText>)> Load()
    {
        var files = new Dictionary<(string, string), (string?, Dictionary<string, TargetText>)>();
        if (!Directory.Exists(Folder)) return files;
        foreach (var path in Directory.GetFiles(Folder, "*.json"))
        {
            var file = JsonSerializer.Deserialize<ContentFile>(File.ReadAllBytes(path), Json)
                       ?? throw new InvalidDataException($"{path} is empty.");
            files[(file.Framework, file.Language)] = (file.Source, file.Targets.ToDictionary(t => t.Code, StringComparer.Ordinal));
        }
        return files;
    }

    /// <summary>The text shipped in this very language (no fallback), with its file's source note.</summary>
    public (TargetText Text, string? Source)? Shipped(string framework, string code, string language) =>
        _files.Value.TryGetValue((framework, language), out var file) && file.Texts.TryGetValue(code, out var text) ? (text, file.Source) : null;

    /// <summary>The text in the reader's language, else English; with the language it is in and its source note.
    /// Only the shipped files: pages and the API read through <see cref="TargetExplanations"/>, which adds the editors' revisions.</summary>
    public (TargetText Text, string Language, string? Source)? Find(string framework, string code, string language)
    {
        foreach (var l in new[] { language, "en" })
            if (_files.Value.TryGetValue((framework, l), out var file) && file.Texts.TryGetValue(code, out var text)) return (text, l, file.Source);
        return null;
    }

    /// <summary>The item's short title written in this very language (no fallback), when its content file has one.</summary>
    public string? TitleIn(string framework, string code, string language) =>
        _files.Value.TryGetValue((framework, language), out var file) && file.Texts.TryGetValue(code, out var text)
        && !string.IsNullOrWhiteSpace(text.Title) ? text.Title : null;

    /// <summary>Every item whose crosswalk names this one: the crosswalk is shown both ways.</summary>
    public IEnumerable<string> LinkingTo(string framework, string code) =>
        _files.Value.Where(f => f.Key.Language == "en")
            .SelectMany(f => f.Value.Texts.Values.Where(t => t.Crosswalk?.Contains($"{framework}:{code}") == true).Select(t => $"{f.Key.Framework}:{t.Code}"));
}

/// <summary>The crosswalk as a lookup for the marketplace's matcher: each item to the items of other frameworks it is
/// linked with, both ways.</summary>
public static class TargetCrosswalk
{
    public static Dictionary<string, string[]> Build(TargetContent content, IEnumerable<string> codes)
    {
        var links = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var code in codes)
        {
            var parts = code.Split(':', 2);
            if (parts.Length != 2) continue;
            var related = (content.Find(parts[0], parts[1], "en")?.Text.Crosswalk ?? []).Concat(content.LinkingTo(parts[0], parts[1]));
            foreach (var r in related.Where(r => r != code))
            {
                if (!links.TryGetValue(code, out var set)) links[code] = set = new HashSet<string>(StringComparer.Ordinal);
                set.Add(r);
                if (!links.TryGetValue(r, out var back)) links[r] = back = new HashSet<string>(StringComparer.Ordinal);
                back.Add(code);
            }
        }
        return links.ToDictionary(l => l.Key, l => l.Value.Order(StringComparer.Ordinal).ToArray(), StringComparer.Ordinal);
    }
}
