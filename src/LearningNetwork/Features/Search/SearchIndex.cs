using System.Globalization;
using LearningNetwork.Data;
using LearningNetwork.Domain;
using LearningNetwork.Infrastructure;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Store;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using LuceneDirectory = Lucene.Net.Store.Directory;

namespace LearningNetwork.Features.Search;

/// <summary>
/// This node's Lucene index under <c>Storage:Root/search</c>: a cache of the database, kept current by replaying the
/// search log from a cursor that is committed with the index itself (so a crash never skips or half-applies a change).
/// A missing, corrupt or cursor-less index is rebuilt from the database. Searches read through a SearcherManager that
/// is refreshed after every applied batch.
/// </summary>
/// <summary>The seam of the search engine (ARCHITECTURE.md principle 6): what queries need of an index.</summary>
public interface ISearchIndex
{
    bool Ready { get; }
    Thesaurus Thesaurus { get; }
    T Search<T>(Func<IndexSearcher, T> search);
}

public sealed class SearchIndex(IServiceScopeFactory scopes, IOptions<StorageOptions> storage, IOptions<SearchOptions> options, ILogger<SearchIndex> log)
    : ISearchIndex, IDisposable
{
    private const string CursorKey = "cursor";
    private readonly SemaphoreSlim _gate = new(1, 1);
    private LuceneDirectory? _directory;
    private IndexWriter? _writer;
    private SearcherManager? _searchers;
    private Thesaurus? _thesaurus;

    /// <summary>This node's index folder: <c>Search:Folder</c>, absolute or under <c>Storage:Root</c>. Each node needs its own
    /// (one writer per folder): nodes that share a storage root each name another folder.</summary>
    public string Folder => Path.IsPathRooted(options.Value.Folder) ? options.Value.Folder : storage.Value.PathTo(options.Value.Folder);
    /// <summary>The last search-log id applied; -1 until the index is open.</summary>
    public long Cursor { get; private set; } = -1;
    /// <summary>Whether the index is open and holds everything up to <see cref="Cursor"/>: false while a missing index is
    /// first built (its searcher shows nothing yet), so callers answer "still opening" instead of "no results", and the
    /// page cache stores no answer read from a half-built index.</summary>
    public bool Ready => _open;
    private volatile bool _open;
    /// <summary>Raised once a batch of changes is searchable (after the refresh), on the thread that applied it.</summary>
    public event Action? Applied;
    public Thesaurus Thesaurus => _thesaurus ?? throw new InvalidOperationException("The search index is not open yet.");

    /// <summary>Opens the index, rebuilding it from the database when it is missing, corrupt or has no cursor.</summary>
    public async Task OpenAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            if (_writer is not null) return;
            using (var scope = scopes.CreateScope())
                _thesaurus = await Thesaurus.LoadAsync(scope.ServiceProvider.GetRequiredService<LearningNetworkDb>(), ct);
            long? cursor = null;
            try
            {
                System.IO.Directory.CreateDirectory(Folder);
                _directory = FSDirectory.Open(Folder);
                if (DirectoryReader.IndexExists(_directory))
                {
                    using var reader = DirectoryReader.Open(_directory);
                    if (reader.IndexCommit.UserData.TryGetValue(CursorKey, out var text) && long.TryParse(text, CultureInfo.InvariantCulture, out var c)) cursor = c;
                }
                OpenWriter();
            }
            catch (Exception e) when (e is CorruptIndexException or IndexFormatTooOldException or IndexFormatTooNewException or IOException or EndOfStreamException)
            {
                log.LogWarning(e, "The search index in {Folder} cannot be read; rebuilding it", Folder);
                Close();
                System.IO.Directory.Delete(Folder, recursive: true);
                System.IO.Directory.CreateDirectory(Folder);
                _directory = FSDirectory.Open(Folder);
                OpenWriter();
                cursor = null;
            }
            if (cursor is { } known) Cursor = known;
            else await RebuildLockedAsync(ct);
            _open = true;
        }
        finally
        {
            _gate.Release();
        }
    }

    private void OpenWriter()
    {
        var config = new IndexWriterConfig(SearchAnalyzers.Version, SearchAnalyzers.PerField()) { OpenMode = OpenMode.CREATE_OR_APPEND };
        _writer = new IndexWriter(_directory, config);
        _searchers = new SearcherManager(_writer, applyAllDeletes: true, searcherFactory: null);
    }

    /// <summary>Empties the index and indexes everything again (start-up repair, the reindex verb).</summary>
    public async Task RebuildAsync(CancellationToken ct)
    {
        await OpenAsync(ct);
        await _gate.WaitAsync(ct);
        try
        {
            await RebuildLockedAsync(ct);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task RebuildLockedAsync(CancellationToken ct)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<LearningNetworkDb>();
        // The cursor first: what changes while we rebuild is replayed afterwards, at worst twice, never missed.
        var cursor = await db.SearchLog.MaxAsync(e => (long?)e.Id, ct) ?? 0;
        var started = DateTime.UtcNow;
        _writer!.DeleteAll();
        var documents = new SearchDocuments(db, Thesaurus);
        var practiceIds = await db.Practices.AsNoTracking().Select(p => p.Id).ToListAsync(ct);
        var partnerIds = await db.Partners.AsNoTracking().Select(p => p.Id).ToListAsync(ct);
        var count = 0;
        foreach (var batch in practiceIds.Chunk(500))
        {
            foreach (var (key, doc) in await documents.BuildAsync(batch, [], ct)) _writer.AddDocument(doc);
            count += batch.Length;
            db.ChangeTracker.Clear();
        }
        foreach (var batch in partnerIds.Chunk(500))
        {
            foreach (var (key, doc) in await documents.BuildAsync([], batch, ct)) _writer.AddDocument(doc);
            count += batch.Length;
            db.ChangeTracker.Clear();
        }
        foreach (var batch in (await db.Offers.AsNoTracking().Select(o => o.Id).ToListAsync(ct)).Chunk(500))
        {
            foreach (var (key, doc) in await documents.BuildAsync([], [], ct, offerIds: batch)) _writer.AddDocument(doc);
            count += batch.Length;
            db.ChangeTracker.Clear();
        }
        foreach (var batch in (await db.Requests.AsNoTracking().Select(r => r.Id).ToListAsync(ct)).Chunk(500))
        {
            foreach (var (key, doc) in await documents.BuildAsync([], [], ct, requestIds: batch)) _writer.AddDocument(doc);
            count += batch.Length;
            db.ChangeTracker.Clear();
        }
        foreach (var batch in (await db.Events.AsNoTracking().Select(e => e.Id).ToListAsync(ct)).Chunk(500))
        {
            foreach (var (key, doc) in await documents.BuildAsync([], [], ct, eventIds: batch)) _writer.AddDocument(doc);
            count += batch.Length;
            db.ChangeTracker.Clear();
        }
        foreach (var batch in (await db.HelpdeskQuestions.AsNoTracking().Where(q => q.Status == QuestionStatus.Answered).Select(q => q.Id).ToListAsync(ct)).Chunk(500))
        {
            foreach (var (key, doc) in await documents.BuildAsync([], [], ct, questionIds: batch)) _writer.AddDocument(doc);
            count += batch.Length;
            db.ChangeTracker.Clear();
        }
        foreach (var batch in (await db.NewsItems.AsNoTracking().Select(n => n.Id).ToListAsync(ct)).Chunk(500))
        {
            foreach (var (key, doc) in await documents.BuildAsync([], [], ct, newsIds: batch)) _writer.AddDocument(doc);
            count += batch.Length;
            db.ChangeTracker.Clear();
        }
        foreach (var batch in (await db.Commitments.AsNoTracking().Select(c => c.Id).ToListAsync(ct)).Chunk(500))
        {
            foreach (var (key, doc) in await documents.BuildAsync([], [], ct, commitmentIds: batch)) _writer.AddDocument(doc);
            count += batch.Length;
            db.ChangeTracker.Clear();
        }
        foreach (var batch in (await db.Programmes.AsNoTracking().Select(p => p.Id).ToListAsync(ct)).Chunk(500))
        {
            foreach (var (key, doc) in await documents.BuildAsync([], [], ct, programmeIds: batch)) _writer.AddDocument(doc);
            count += batch.Length;
            db.ChangeTracker.Clear();
        }
        Commit(cursor);
        log.LogInformation("Search index rebuilt: {Count} items in {Seconds:0.0} s", count, (DateTime.UtcNow - started).TotalSeconds);
    }

    /// <summary>Applies the search log after the cursor, in batches; returns how many log rows were applied.</summary>
    public async Task<int> CatchUpAsync(CancellationToken ct)
    {
        if (_writer is null) return 0;
        await _gate.WaitAsync(ct);
        try
        {
            using var scope = scopes.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<LearningNetworkDb>();
            var applied = 0;
            while (true)
            {
                var entries = await db.SearchLog.AsNoTracking().Where(e => e.Id > Cursor).OrderBy(e => e.Id).Take(1000).ToListAsync(ct);
                if (entries.Count == 0) return applied;
                if (entries.Any(e => e.ItemType == SearchLogWriter.Vocabulary))
                {
                    // The vocabulary changed (a moderator added a term): every document's concepts may change.
                    _thesaurus = await Thesaurus.LoadAsync(db, ct);
                    await RebuildLockedAsync(ct);
                    applied += entries.Count;
                    continue;
                }
                var practices = entries.Where(e => e.ItemType == "practice").Select(e => e.ItemId).Distinct().ToList();
                var partners = entries.Where(e => e.ItemType == "partner").Select(e => e.ItemId).Distinct().ToList();
                // A partner's name shows on its practices' results: re-index those too.
                if (partners.Count > 0) practices.AddRange(await db.Practices.AsNoTracking().Where(p => partners.Contains(p.PartnerId)).Select(p => p.Id).ToListAsync(ct));
                var offers = entries.Where(e => e.ItemType == "offer").Select(e => e.ItemId).Distinct().ToList();
                var requests = entries.Where(e => e.ItemType == "request").Select(e => e.ItemId).Distinct().ToList();
                if (partners.Count > 0)
                {
                    offers.AddRange(await db.Offers.AsNoTracking().Where(o => partners.Contains(o.PartnerId)).Select(o => o.Id).ToListAsync(ct));
                    requests.AddRange(await db.Requests.AsNoTracking().Where(r => partners.Contains(r.PartnerId)).Select(r => r.Id).ToListAsync(ct));
                }
                var events = entries.Where(e => e.ItemType == "event").Select(e => e.ItemId).ToList();
                if (partners.Count > 0) events.AddRange(await db.Events.AsNoTracking().Where(e => partners.Contains(e.PartnerId)).Select(e => e.Id).ToListAsync(ct));
                var questions = entries.Where(e => e.ItemType == "question").Select(e => e.ItemId).ToList();
                if (partners.Count > 0)
                    questions.AddRange(await db.HelpdeskQuestions.AsNoTracking().Where(q => partners.Contains(q.PartnerId) && q.Status == QuestionStatus.Answered).Select(q => q.Id).ToListAsync(ct));
                var news = entries.Where(e => e.ItemType == "news").Select(e => e.ItemId).ToList();
                if (partners.Count > 0) news.AddRange(await db.NewsItems.AsNoTracking().Where(n => n.PartnerId != null && partners.Contains(n.PartnerId.Value)).Select(n => n.Id).ToListAsync(ct));
                var commitments = entries.Where(e => e.ItemType == "commitment").Select(e => e.ItemId).ToList();
                if (partners.Count > 0) commitments.AddRange(await db.Commitments.AsNoTracking().Where(c => partners.Contains(c.PartnerId)).Select(c => c.Id).ToListAsync(ct));
                news = news.Distinct().ToList();
                commitments = commitments.Distinct().ToList();
                var programmes = entries.Where(e => e.ItemType == "programme").Select(e => e.ItemId).ToList();
                if (partners.Count > 0)
                    programmes.AddRange(await db.Programmes.AsNoTracking().Where(p => partners.Contains(p.PartnerId) || (p.SecondPartnerId != null && partners.Contains(p.SecondPartnerId.Value)))
                        .Select(p => p.Id).ToListAsync(ct));
                programmes = programmes.Distinct().ToList();
                offers = offers.Distinct().ToList();
                requests = requests.Distinct().ToList();
                events = events.Distinct().ToList();
                questions = questions.Distinct().ToList();
                var built = await new SearchDocuments(db, Thesaurus).BuildAsync(practices.Distinct().ToList(), partners, ct, offers, requests, events, questions, news, commitments, programmes);
                foreach (var key in practices.Distinct().Select(id => SearchDocuments.KeyOf("practice", id)).Concat(partners.Select(id => SearchDocuments.KeyOf("partner", id)))
                    .Concat(offers.Select(id => SearchDocuments.KeyOf("offer", id))).Concat(requests.Select(id => SearchDocuments.KeyOf("request", id)))
                    .Concat(events.Select(id => SearchDocuments.KeyOf("event", id))).Concat(questions.Select(id => SearchDocuments.KeyOf("question", id)))
                    .Concat(news.Select(id => SearchDocuments.KeyOf("news", id))).Concat(commitments.Select(id => SearchDocuments.KeyOf("commitment", id)))
                    .Concat(programmes.Select(id => SearchDocuments.KeyOf("programme", id))))
                {
                    var term = new Term(SearchDocuments.Key, key);
                    if (built.TryGetValue(key, out var doc)) _writer.UpdateDocument(term, doc);
                    else _writer.DeleteDocuments(term); // deleted, or not public (any more)
                }
                Commit(entries[^1].Id);
                applied += entries.Count;
                db.ChangeTracker.Clear();
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private void Commit(long cursor)
    {
        _writer!.SetCommitData(new Dictionary<string, string> { [CursorKey] = cursor.ToString(CultureInfo.InvariantCulture) });
        _writer.Commit();
        _searchers!.MaybeRefreshBlocking();
        Cursor = cursor; // after the refresh: whoever reads the cursor (the page cache's replay) finds the change searchable
        Applied?.Invoke();
    }

    /// <summary>Runs a search on the current snapshot of the index.</summary>
    public T Search<T>(Func<IndexSearcher, T> search)
    {
        var searchers = _searchers ?? throw new InvalidOperationException("The search index is not open yet.");
        var searcher = searchers.Acquire();
        try
        {
            return Infrastructure.Operations.AppMetrics.TimeSearch(() => search(searcher));
        }
        finally
        {
            searchers.Release(searcher);
        }
    }

    private void Close()
    {
        _open = false;
        _searchers?.Dispose();
        _searchers = null;
        _writer?.Dispose();
        _writer = null;
        _directory?.Dispose();
        _directory = null;
    }

    public void Dispose()
    {
        Close();
        _gate.Dispose();
    }
}

/// <summary>Opens (or rebuilds) the index at start, then applies the search log every half second: a change is searchable within a second or so.</summary>
public sealed class SearchIndexer(SearchIndex index, IOptions<SearchOptions> options, TimeProvider clock, ILogger<SearchIndexer> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await index.OpenAsync(stoppingToken);
                    break;
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    log.LogWarning(e, "The search index could not be opened; trying again in 5 s");
                    await Task.Delay(TimeSpan.FromSeconds(5), clock, stoppingToken);
                }
            }
            using var timer = new PeriodicTimer(options.Value.ReplayInterval, clock);
            do
            {
                try
                {
                    await index.CatchUpAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    log.LogWarning(e, "Applying the search log failed; trying again");
                }
            } while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // stopping
        }
    }
}

/// <summary><c>Search:*</c>.</summary>
public sealed class SearchOptions
{
    public const string Section = "Search";

    /// <summary>This node's index folder, absolute or relative to <c>Storage:Root</c>; never shared by two nodes.</summary>
    public string Folder { get; set; } = "search";

    /// <summary>How often each node applies the search log to its index.</summary>
    public TimeSpan ReplayInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Whether queries are also searched in the languages the machine-translation engine reaches (<see cref="QueryTranslator"/>).</summary>
    public bool QueryTranslation { get; set; } = true;

    /// <summary>How long a search waits for its query's translations; past it, it answers without them (they are cached when they come).</summary>
    public TimeSpan QueryTranslationBudget { get; set; } = TimeSpan.FromMilliseconds(1500);

    /// <summary>How long the translations of one query may take in the background before they are given up.</summary>
    public TimeSpan QueryTranslationTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Languages a query is translated into at most (the engine's direct pairs first).</summary>
    public int QueryTranslationLanguages { get; set; } = 4;

    /// <summary>Queries translated at once on a node; beyond, a query is searched untranslated.</summary>
    public int QueryTranslationsAtOnce { get; set; } = 2;

    /// <summary>Translated queries kept in memory on a node.</summary>
    public int QueryTranslationCacheSize { get; set; } = 5000;
}
