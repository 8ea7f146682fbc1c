using System.Data.Common;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using LearningNetwork.Data;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace LearningNetwork.Infrastructure.Web;

/// <summary>
/// Evicts the cached answers a write changes, whatever wrote it: an interceptor of every save (tracked changes, mapped
/// to tags by <see cref="PageCacheTags"/>) and of every bulk <c>ExecuteUpdate</c>/<c>ExecuteDelete</c> (by table: one
/// of public content evicts everything). Eviction waits for the commit when a transaction is open (evicting before it
/// would let a request cache the old rows again) and is dropped on a rollback. Other nodes evict from the change log
/// (<see cref="PageCacheReplay"/>), which also evicts once more here, closing the window of a render that read the
/// old rows before the commit and stored them after the first eviction. The same evictions drop the rows pages keep
/// between requests (<see cref="PageData"/>).
/// </summary>
public sealed partial class PageCacheInvalidation(IOutputCacheStore store, PageData data, IHttpContextAccessor http, ILogger<PageCacheInvalidation> log)
    : ISaveChangesInterceptor, IDbTransactionInterceptor, IDbCommandInterceptor
{
    private sealed class Pending
    {
        public List<Func<IEnumerable<string>>> Saving = [];
        public HashSet<string> Committed = [];
    }

    private readonly ConditionalWeakTable<DbContext, Pending> _pending = new();

    public InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Collect(eventData.Context);
        return result;
    }

    public ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Collect(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        AfterSaveAsync(eventData.Context).AsTask().GetAwaiter().GetResult();
        return result;
    }

    public async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        await AfterSaveAsync(eventData.Context);
        return result;
    }

    public void SaveChangesFailed(DbContextErrorEventData eventData)
    {
        if (eventData.Context is { } db && _pending.TryGetValue(db, out var pending)) pending.Saving.Clear();
    }

    public Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        SaveChangesFailed(eventData);
        return Task.CompletedTask;
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) =>
        FlushAsync(eventData.Context).AsTask().GetAwaiter().GetResult();

    public async Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default) =>
        await FlushAsync(eventData.Context);

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData)
    {
        if (eventData.Context is { } db && _pending.TryGetValue(db, out var pending)) pending.Committed.Clear();
    }

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        TransactionRolledBack(transaction, eventData);
        return Task.CompletedTask;
    }

    public int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
    {
        AfterBulkAsync(command, eventData, result).AsTask().GetAwaiter().GetResult();
        return result;
    }

    public async ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        await AfterBulkAsync(command, eventData, result);
        return result;
    }

    private void Collect(DbContext? db)
    {
        if (db is null) return;
        // A request that writes (a GET that confirms an address, records a view, queues a translation) must run every time:
        // its answer is not stored (PageCache reads this mark).
        if (http.HttpContext is { } context) context.Items[PageCache.WroteKey] = true;
        _pending.GetOrCreateValue(db).Saving.AddRange(PageCacheTags.Changed(db));
    }

    private async ValueTask AfterSaveAsync(DbContext? db)
    {
        if (db is null || !_pending.TryGetValue(db, out var pending) || pending.Saving.Count == 0) return;
        foreach (var tags in pending.Saving) pending.Committed.UnionWith(tags());
        pending.Saving.Clear();
        if (db.Database.CurrentTransaction is null) await FlushAsync(db);
    }

    private async ValueTask AfterBulkAsync(DbCommand command, CommandExecutedEventData eventData, int rows)
    {
        if (rows == 0 || eventData.Context is not { } db) return;
        if (eventData.CommandSource is not (CommandSource.ExecuteUpdate or CommandSource.ExecuteDelete)) return;
        var table = BulkTable().Match(command.CommandText);
        if (table.Success && PageCacheTags.IsUnseenTable(db, table.Groups[1].Value)) return;
        _pending.GetOrCreateValue(db).Committed.Add(PageCacheTags.All);
        if (db.Database.CurrentTransaction is null) await FlushAsync(db);
    }

    private async ValueTask FlushAsync(DbContext? db)
    {
        if (db is null || !_pending.TryGetValue(db, out var pending) || pending.Committed.Count == 0) return;
        var tags = pending.Committed.Contains(PageCacheTags.All) ? [PageCacheTags.All] : pending.Committed.ToList();
        pending.Committed.Clear();
        await EvictAsync(tags);
    }

    /// <summary>Evicts the tags; a store out of reach (Redis) is logged, never fails the write that was committed.</summary>
    public async ValueTask EvictAsync(IEnumerable<string> tags)
    {
        // The page data first: a page rendered after the store's eviction must not be built from rows kept before it.
        data.Evict(tags);
        foreach (var tag in tags)
        {
            try
            {
                await store.EvictByTagAsync(tag, CancellationToken.None);
            }
            catch (Exception e)
            {
                log.LogWarning(e, "Could not evict cached pages tagged {Tag}", tag);
            }
        }
    }

    [GeneratedRegex("""^\s*(?:UPDATE|DELETE\s+FROM)\s+"?([A-Za-z0-9_]+)"?""", RegexOptions.IgnoreCase)]
    private static partial Regex BulkTable();
}

/// <summary>
/// Evicts on this node what other nodes changed: reads the change log (the search log, plus <see cref="PageCacheTags.LogAll"/>
/// rows) after its cursor every <c>Search:ReplayInterval</c>, like each node's search index does. Starts at the end
/// of the log: a node that just started has nothing cached. It follows this node's search index: a row is replayed
/// once the index has applied it (while the index is open), so that search results cached between a write and the
/// index catching up are evicted again once the index has it, on the node that wrote too.
/// </summary>
public sealed class PageCacheReplay(IServiceScopeFactory scopes, PageCacheInvalidation invalidation, Features.Search.SearchIndex search,
    Microsoft.Extensions.Options.IOptions<Features.Search.SearchOptions> options, DatabaseStatus status, TimeProvider clock,
    ILogger<PageCacheReplay> log) : BackgroundService
{
    private long _cursor = -1;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Answers that read the index (search, lists with a word filter) are evicted as soon as this node's index has a
        // change, not at the next tick: a search cached between the write and the index catching up shows the old results.
        search.Applied += EvictLists;
        try
        {
            using var timer = new PeriodicTimer(options.Value.ReplayInterval, clock);
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                if (!status.IsReady) continue;
                try
                {
                    await ReplayAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    log.LogDebug(e, "Reading the change log for the page cache failed; trying again");
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // stopping
        }
    }

    private void EvictLists() => invalidation.EvictAsync([PageCacheTags.Lists]).AsTask().GetAwaiter().GetResult();

    public override void Dispose()
    {
        search.Applied -= EvictLists;
        base.Dispose();
    }

    private async Task ReplayAsync(CancellationToken ct)
    {
        using var scope = scopes.CreateScope();
        // The change log as the read side sees it (ReadDb: a standby when one is configured): a change is evicted once the
        // standby that renders the lists has it, so a list rendered from the standby before it caught up (and stored after
        // the writer's own eviction) is evicted again, not kept for PageCache:Duration.
        var db = scope.ServiceProvider.GetRequiredKeyedService<LearningNetworkDb>(ReadDb.Key);
        if (_cursor < 0)
        {
            _cursor = await db.SearchLog.MaxAsync(e => (long?)e.Id, ct) ?? 0;
            return;
        }
        var upTo = search.Ready ? search.Cursor : long.MaxValue;
        var entries = await db.SearchLog.AsNoTracking().Where(e => e.Id > _cursor && e.Id <= upTo).OrderBy(e => e.Id).Take(1000)
            .Select(e => new { e.Id, e.ItemType, e.ItemId }).ToListAsync(ct);
        if (entries.Count == 0) return;
        var tags = entries.SelectMany(e => PageCacheTags.OfLogEntry(e.ItemType, e.ItemId)).ToHashSet();
        await invalidation.EvictAsync(tags.Contains(PageCacheTags.All) ? [PageCacheTags.All] : tags);
        _cursor = entries[^1].Id;
    }
}
