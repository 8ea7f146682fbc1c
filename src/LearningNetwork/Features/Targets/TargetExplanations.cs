using LearningNetwork.Data;
using LearningNetwork.Domain;
using Microsoft.EntityFrameworkCore;

namespace LearningNetwork.Features.Targets;

/// <summary>
/// The explanation of an item as a reader gets it: the text, the language it is in (the reader's, else English), the
/// source note of that language's file, and which version it is (0 = as shipped, with no edit date).
/// </summary>
public sealed record TargetExplanation(TargetText Text, string Language, string? Source, int Version, DateTime? EditedAt);

/// <summary>
/// The explanations of framework items as pages and the API show them: the editors' newest revision of an item in a
/// language (<see cref="TargetTextRevision"/>) where there is one, else the shipped text (<see cref="TargetContent"/>);
/// in the reader's language first, then in English. Scoped: the revisions are read once per request, through
/// <see cref="TargetTextOverrides"/>, so every node shows an edit from the next request on.
/// </summary>
public sealed class TargetExplanations(TargetContent content, TargetTextOverrides overrides, LearningNetworkDb db)
{
    private IReadOnlyDictionary<(string Framework, string Code, string Language), TargetTextRevision>? _newest;

    private async ValueTask<IReadOnlyDictionary<(string, string, string), TargetTextRevision>> NewestAsync(CancellationToken ct) =>
        _newest ??= await overrides.CurrentAsync(db, ct);

    /// <summary>The explanation in <paramref name="language"/>, else in English; null when neither is written.</summary>
    public async Task<TargetExplanation?> FindAsync(string framework, string code, string language, CancellationToken ct)
    {
        var newest = await NewestAsync(ct);
        foreach (var l in language == "en" ? ["en"] : new[] { language, "en" })
        {
            var shipped = content.Shipped(framework, code, l);
            if (newest.TryGetValue((framework, code, l), out var revision))
                return new TargetExplanation(ToText(revision, Crosswalk(framework, code, l)), l, shipped?.Source, revision.Version,
                    DateTime.SpecifyKind(revision.EditedAt, DateTimeKind.Utc));
            if (shipped is { } s) return new TargetExplanation(s.Text, l, s.Source, 0, null);
        }
        return null;
    }

    /// <summary>The item's short title written in this very language (no fallback), edited or shipped.</summary>
    public async Task<string?> TitleInAsync(string framework, string code, string language, CancellationToken ct)
    {
        var newest = await NewestAsync(ct);
        if (newest.TryGetValue((framework, code, language), out var revision)) return Blank(revision.Title);
        return content.TitleIn(framework, code, language);
    }

    /// <summary>The crosswalk is language-neutral and not edited: the file of the language, else the English one.</summary>
    public string[]? Crosswalk(string framework, string code, string language) =>
        content.Shipped(framework, code, language)?.Text.Crosswalk ?? content.Shipped(framework, code, "en")?.Text.Crosswalk;

    /// <summary>A revision as the text the pages and the API show.</summary>
    public static TargetText ToText(TargetTextRevision r, string[]? crosswalk) =>
        new(r.Code, r.Officer, r.DecisionMaker, r.Citizen, Lines(r.Region), Lines(r.Municipality), Blank(r.Deadline), Blank(r.Figures), crosswalk, Blank(r.Title));

    /// <summary>Newline-separated actions as a list, without blank lines.</summary>
    public static string[] Lines(string text) =>
        text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToArray();

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}

/// <summary>
/// The newest revision of every edited text, kept per node and checked against the database once per request: the
/// count and the highest id of the revisions are read (two cheap queries on the primary key), and the set is reloaded
/// only when either changed. Revisions are only ever added, so a new one always changes the count, even when ids commit
/// out of order (PostgreSQL sequences); the highest id catches a removal followed by an addition. So a node never shows
/// a text older than the last edit committed before the request began, whichever node saved it.
/// </summary>
public sealed class TargetTextOverrides
{
    private sealed record Snapshot(int Count, int MaxId, IReadOnlyDictionary<(string, string, string), TargetTextRevision> Newest);

    private volatile Snapshot? _current;

    public async Task<IReadOnlyDictionary<(string Framework, string Code, string Language), TargetTextRevision>> CurrentAsync(LearningNetworkDb db, CancellationToken ct)
    {
        var count = await db.TargetTextRevisions.CountAsync(ct);
        var maxId = await db.TargetTextRevisions.MaxAsync(r => (int?)r.Id, ct) ?? 0;
        if (_current is { } c && c.Count == count && c.MaxId == maxId) return c.Newest;
        // Read after the stamp: a revision committed in between is loaded now and reloaded once more next time, never missed.
        var newest = await db.TargetTextRevisions.AsNoTracking()
            .Where(r => r.Version == db.TargetTextRevisions.Where(x => x.Framework == r.Framework && x.Code == r.Code && x.Language == r.Language).Max(x => x.Version))
            .ToListAsync(ct);
        var snapshot = new Snapshot(count, maxId, newest.ToDictionary(r => (r.Framework, r.Code, r.Language)));
        _current = snapshot;
        return snapshot.Newest;
    }
}
