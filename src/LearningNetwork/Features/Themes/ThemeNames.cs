using System.Globalization;
using LearningNetwork.Data;
using Microsoft.EntityFrameworkCore;

namespace LearningNetwork.Features.Themes;

/// <summary>
/// Themes are GEMET concepts, typed by people as their labels in their own language (or in English) separated by
/// semicolons; the type-ahead (<see cref="ConceptsApi"/>) only helps to type them exactly.
/// </summary>
public sealed class ThemeNames(LearningNetworkDb db)
{
    public const int MaxThemes = 20;

    public static IReadOnlyList<string> Split(string? text) =>
        (text ?? "").Split([';', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.OrdinalIgnoreCase).ToList();

    /// <summary>The concepts named in <paramref name="text"/>, and the names that match no concept.</summary>
    public async Task<(List<int> Concepts, List<string> Unknown)> ResolveAsync(string? text, string language, CancellationToken ct)
    {
        var names = Split(text);
        if (names.Count == 0) return ([], []);
        var lowered = names.Select(n => n.ToLowerInvariant()).ToList();
        var found = await db.GemetLabels.AsNoTracking().Where(l => l.Language == language || l.Language == "en")
            .Where(l => lowered.Contains(l.Label.ToLower())).Select(l => new { l.ConceptId, l.Label }).ToListAsync(ct);
        var unknown = names.Where(n => !found.Any(x => string.Equals(x.Label, n, StringComparison.OrdinalIgnoreCase))).ToList();
        return (found.Select(x => x.ConceptId).Distinct().ToList(), unknown);
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
