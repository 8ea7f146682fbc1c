using System.Collections.Concurrent;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace LearningNetwork.Infrastructure.Web;

/// <summary>
/// What a page reads from the database that is the same for every reader of one language (a practice with its texts,
/// tags, transfers and the names around it), kept on this node under the page cache's tags (<see cref="PageCacheTags"/>)
/// and evicted by the same writes, at the same moments, on every node (<see cref="PageCacheInvalidation.EvictAsync"/>:
/// this node's saves at once, the others' from the change log). The output cache answers anonymous readers with the
/// whole page; this serves the readers it cannot (signed-in members, a cookie it does not know, a page cache miss):
/// their page is rendered every time, for their rights and header, but no longer reads the same rows again
/// (bench/perf-findings.md, "The uncached practice page": the practice page's queries were two thirds of its time).
/// <para>
/// Contract: the value must not depend on who reads (rights, visibility and anything personal are computed from it per
/// request) and must not be changed by its readers (untracked entities, read-only use). It is as fresh as the page
/// cache: a write evicts the tags it changes; what no tag reaches (another item's title shown here) is at most
/// <see cref="PageCacheOptions.Duration"/> old. A load that overlaps an eviction of one of its tags is used once and not
/// kept, so rows read before a commit are never stored after the eviction that commit caused. Off with the page cache
/// (<c>PageCache:Enabled=false</c>).
/// </para>
/// </summary>
public sealed class PageData(IOptions<PageCacheOptions> options) : IDisposable
{
    /// <summary>Entries kept at most (a practice with its texts is some tens of KB: about 50 MB in all); the least
    /// recently used go first.</summary>
    public const int Capacity = 1024;

    private readonly MemoryCache _entries = new(new MemoryCacheOptions { SizeLimit = Capacity, CompactionPercentage = 0.25 });
    // A clock of evictions: each one takes the next tick, and each tag remembers the tick of its last eviction. An entry
    // is fresh while none of its tags (nor "all") was evicted at or after the tick its load began.
    private long _tick;
    private long _allEvictedAt = -1;
    private readonly ConcurrentDictionary<string, long> _evictedAt = new(StringComparer.Ordinal);

    private sealed record Entry(object Value, string[] Tags, long LoadedFrom);

    /// <summary>The value kept under <paramref name="key"/>, else <paramref name="load"/>'s, kept under the tags it names.</summary>
    /// <param name="key">Names the value whole: the page kind, the item and the reader's language.</param>
    /// <param name="load">Reads the value and says its tags (<see cref="PageCacheTags.Item"/>, <see cref="PageCacheTags.ItemsOf"/>;
    /// every entry is also evicted by <see cref="PageCacheTags.All"/>).</param>
    public async Task<T?> GetAsync<T>(string key, Func<Task<(T? Value, string[] Tags)>> load) where T : class
    {
        if (!options.Value.Enabled) return (await load()).Value;
        if (_entries.TryGetValue(key, out var found) && found is Entry entry && Fresh(entry)) return (T)entry.Value;

        var from = Interlocked.Increment(ref _tick);
        var (value, tags) = await load();
        if (value is null) return null;
        var candidate = new Entry(value, tags, from);
        if (!Fresh(candidate)) return value;
        using var created = _entries.CreateEntry(key);
        created.Value = candidate;
        created.Size = 1;
        created.AbsoluteExpirationRelativeToNow = options.Value.Duration;
        return value;
    }

    /// <summary>Drops what the tags name (<see cref="PageCacheTags.All"/>: everything).</summary>
    public void Evict(IEnumerable<string> tags)
    {
        foreach (var tag in tags)
        {
            var at = Interlocked.Increment(ref _tick);
            if (tag == PageCacheTags.All) InterlockedMax(ref _allEvictedAt, at);
            else _evictedAt.AddOrUpdate(tag, at, (_, before) => Math.Max(before, at));
        }
    }

    private bool Fresh(Entry entry)
    {
        if (Interlocked.Read(ref _allEvictedAt) >= entry.LoadedFrom) return false;
        foreach (var tag in entry.Tags)
            if (_evictedAt.TryGetValue(tag, out var at) && at >= entry.LoadedFrom) return false;
        return true;
    }

    private static void InterlockedMax(ref long target, long value)
    {
        var current = Interlocked.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current) return;
            current = seen;
        }
    }

    /// <summary>Releases the kept values with the app (the container disposes it).</summary>
    public void Dispose() => _entries.Dispose();
}
