using LearningNetwork.Data;
using LearningNetwork.Domain;
using Microsoft.EntityFrameworkCore;

namespace LearningNetwork.ReferenceData;

/// <summary>
/// Reference tables that pages read on every request (the content languages, the policy targets, the names of habitats,
/// ecosystem services and GEMET concepts), read once per node: the loader changes them only at start-up, before this
/// node serves pages. An empty read (a database not initialised yet) is not kept. GEMET's labels are read one language at
/// a time, when a page in it first needs one (about 5,500 a language).
/// </summary>
public sealed class ReferenceCache
{
    private IReadOnlyList<string>? _languageCodes;
    private IReadOnlyList<PolicyTarget>? _targets;
    private IReadOnlyDictionary<string, string>? _habitatNames;
    private IReadOnlyDictionary<string, string>? _serviceNames;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, IReadOnlyDictionary<int, string>> _gemetLabels = new(StringComparer.Ordinal);

    /// <summary>EUNIS habitat codes and their English names.</summary>
    public async Task<IReadOnlyDictionary<string, string>> HabitatNamesAsync(LearningNetworkDb db, CancellationToken ct)
    {
        if (_habitatNames is { } known) return known;
        var names = await db.EunisHabitats.AsNoTracking().ToDictionaryAsync(h => h.Code, h => h.NameEn, StringComparer.Ordinal, ct);
        if (names.Count > 0) _habitatNames = names;
        return names;
    }

    /// <summary>CICES ecosystem service codes and their English names.</summary>
    public async Task<IReadOnlyDictionary<string, string>> ServiceNamesAsync(LearningNetworkDb db, CancellationToken ct)
    {
        if (_serviceNames is { } known) return known;
        var names = await db.CicesCategories.AsNoTracking().ToDictionaryAsync(c => c.Code, c => c.NameEn, StringComparer.Ordinal, ct);
        if (names.Count > 0) _serviceNames = names;
        return names;
    }

    /// <summary>Every GEMET concept's label in one of GEMET's languages (empty for a language it lacks).</summary>
    public async Task<IReadOnlyDictionary<int, string>> GemetLabelsAsync(LearningNetworkDb db, string language, CancellationToken ct)
    {
        if (_gemetLabels.TryGetValue(language, out var known)) return known;
        var labels = await db.GemetLabels.AsNoTracking().Where(l => l.Language == language)
            .Select(l => new { l.ConceptId, l.Label }).ToListAsync(ct);
        var byConcept = new Dictionary<int, string>(labels.Count);
        foreach (var l in labels) byConcept.TryAdd(l.ConceptId, l.Label);
        // Kept only once the English labels exist: a database without GEMET yet must not be remembered as having none.
        if (byConcept.Count > 0 || (language != "en" && (await GemetLabelsAsync(db, "en", ct)).Count > 0)) _gemetLabels[language] = byConcept;
        return byConcept;
    }

    /// <summary>The codes of every content language.</summary>
    public async Task<IReadOnlyList<string>> LanguageCodesAsync(LearningNetworkDb db, CancellationToken ct)
    {
        if (_languageCodes is { } known) return known;
        var codes = await db.Languages.AsNoTracking().Select(l => l.Code).ToListAsync(ct);
        if (codes.Count > 0) _languageCodes = codes;
        return codes;
    }

    /// <summary>Every policy target (untracked rows: callers must not change them).</summary>
    public async Task<IReadOnlyList<PolicyTarget>> TargetsAsync(LearningNetworkDb db, CancellationToken ct)
    {
        if (_targets is { } known) return known;
        var targets = await db.PolicyTargets.AsNoTracking().ToListAsync(ct);
        if (targets.Count > 0) _targets = targets;
        return targets;
    }
}
