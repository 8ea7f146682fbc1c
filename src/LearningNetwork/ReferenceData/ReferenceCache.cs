using LearningNetwork.Data;
using LearningNetwork.Domain;
using Microsoft.EntityFrameworkCore;

namespace LearningNetwork.ReferenceData;

/// <summary>
/// Small reference tables that pages read whole on every request (the content languages, the policy targets), read once
/// per node: the loader changes them only at start-up, before this node serves pages. An empty read (a database not
/// initialised yet) is not kept.
/// </summary>
public sealed class ReferenceCache
{
    private IReadOnlyList<string>? _languageCodes;
    private IReadOnlyList<PolicyTarget>? _targets;

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
