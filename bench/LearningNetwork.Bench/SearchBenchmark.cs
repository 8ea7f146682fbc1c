using System.Diagnostics;
using LearningNetwork.Features.Search;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Store;
using Microsoft.Data.Sqlite;

namespace LearningNetwork.Bench;

internal sealed record SearchFigures(double RebuildSeconds, double IndexMegabytes, double MemoryMegabytes, double P50, double P95,
    double FtsBuildSeconds, double FtsP50, double FtsP95);

/// <summary>
/// Indexes a synthetic corpus of the given size the way the app does (same analyzers, documents and thesaurus), then
/// times 1-3 word queries with two facet filters through <see cref="SiteSearch"/>, and the same queries through SQLite
/// FTS5 (unicode61, diacritics removed) on the same texts, in the same process.
/// </summary>
internal static class SearchBenchmark
{
    /// <summary>What officers search for, in several languages (each query also filters on type and country).</summary>
    private static readonly string[] Queries =
    [
        "peat", "peatland rewetting", "Moor", "Wiedervernässung", "bestuivers", "pollinators meadow", "zone humide", "prairie fauche tardive",
        "invasive species", "specie aliene", "amphibians ponds", "charcas anfibios", "river barriers", "weir removal fish", "dune", "deadwood forest",
        "Totholz", "green roofs", "tree canopy city", "light pollution", "school garden", "citizen science", "grazing sheep", "łąki", "mokřady",
        "hedgerows farmers", "Natura 2000 farmers", "floodplain", "ecological corridor", "pesticide free",
    ];

    public static async Task<SearchFigures> RunAsync(SyntheticCorpus corpus, int size)
    {
        var folder = System.IO.Directory.CreateTempSubdirectory("ln-bench-index-").FullName;
        var sqlite = Path.Combine(folder, "fts.db");
        try
        {
            // Streamed, not kept: the memory figure is the searching process's, not the generator's.
            var watch = Stopwatch.StartNew();
            using (var directory = FSDirectory.Open(Path.Combine(folder, "index")))
            {
                var config = new IndexWriterConfig(SearchAnalyzers.Version, SearchAnalyzers.PerField()) { OpenMode = OpenMode.CREATE, RAMBufferSizeMB = 128 };
                using (var writer = new IndexWriter(directory, config))
                {
                    Parallel.ForEach(corpus.Items(size).Select((item, i) => (item, i)), new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, entry =>
                    {
                        var ((language, title, body, country, themes, targets), i) = entry;
                        var d = SearchDocuments.Base("practice", i + 1, $"p-{i}", language, country, null);
                        var concepts = new HashSet<string>(StringComparer.Ordinal);
                        SearchDocuments.Text(corpus.Thesaurus, d, language, title, body, concepts);
                        d.Add(new StoredField("stitle_" + language, title));
                        d.Add(new StoredField("ssummary_" + language, body.Length > 300 ? body[..300] : body));
                        foreach (var t in themes) { SearchDocuments.Facet(d, "theme", t); concepts.Add("gemet:" + t); }
                        foreach (var t in targets) SearchDocuments.Facet(d, "target", t);
                        SearchDocuments.Concepts(d, concepts);
                        writer.AddDocument(d);
                    });
                    writer.Commit();
                }
                var rebuild = watch.Elapsed.TotalSeconds;
                var bytes = new DirectoryInfo(Path.Combine(folder, "index")).GetFiles().Sum(f => f.Length);

                using var reader = DirectoryReader.Open(directory);
                var index = new StaticIndex(new IndexSearcher(reader), corpus.Thesaurus);
                var search = new SiteSearch(index);
                GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
                GC.WaitForPendingFinalizers();
                var memory = Process.GetCurrentProcess().WorkingSet64 / 1024.0 / 1024.0;
                var random = new Random(7);
                var requests = Enumerable.Range(0, 600).Select(_ => (Q: Queries[random.Next(Queries.Length)], Country: corpus.Countries[random.Next(corpus.Countries.Count)])).ToList();
                foreach (var (q, c) in requests.Take(100)) search.Search(Request(q, c)); // warm-up
                var times = new List<double>();
                foreach (var (q, c) in requests.Skip(100))
                {
                    var t = Stopwatch.GetTimestamp();
                    search.Search(Request(q, c));
                    times.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
                }

                var (ftsBuild, ftsTimes) = await Fts5Async(sqlite, corpus.Items(size), requests);
                return new SearchFigures(rebuild, bytes / 1024.0 / 1024.0, memory, Percentile(times, 50), Percentile(times, 95),
                    ftsBuild, Percentile(ftsTimes, 50), Percentile(ftsTimes, 95));
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            System.IO.Directory.Delete(folder, true);
        }
    }

    private static SearchRequest Request(string q, string country) => new(q, "en", new Dictionary<string, IReadOnlyList<string>>
    {
        ["type"] = ["practice"], ["country"] = [country],
    });

    private static async Task<(double Build, List<double> Times)> Fts5Async(string file, IEnumerable<(string Language, string Title, string Body, string Country, string[] Themes, string[] Targets)> items,
        List<(string Q, string Country)> requests)
    {
        var watch = Stopwatch.StartNew();
        await using var connection = new SqliteConnection($"Data Source={file}");
        await connection.OpenAsync();
        await using (var create = connection.CreateCommand())
        {
            create.CommandText = "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; CREATE VIRTUAL TABLE docs USING fts5(title, body, lang UNINDEXED, country UNINDEXED, type UNINDEXED, tokenize='unicode61 remove_diacritics 2');";
            await create.ExecuteNonQueryAsync();
        }
        await using (var tx = await connection.BeginTransactionAsync())
        {
            await using var insert = connection.CreateCommand();
            insert.CommandText = "INSERT INTO docs(title, body, lang, country, type) VALUES ($t, $b, $l, $c, 'practice')";
            var t = insert.Parameters.Add("$t", SqliteType.Text);
            var b = insert.Parameters.Add("$b", SqliteType.Text);
            var l = insert.Parameters.Add("$l", SqliteType.Text);
            var c = insert.Parameters.Add("$c", SqliteType.Text);
            foreach (var item in items)
            {
                (t.Value, b.Value, l.Value, c.Value) = (item.Title, item.Body, item.Language, item.Country);
                await insert.ExecuteNonQueryAsync();
            }
            await tx.CommitAsync();
        }
        var build = watch.Elapsed.TotalSeconds;
        await using var query = connection.CreateCommand();
        query.CommandText = "SELECT rowid FROM docs WHERE docs MATCH $q AND country = $c AND type = 'practice' ORDER BY rank LIMIT 20";
        var qp = query.Parameters.Add("$q", SqliteType.Text);
        var cp = query.Parameters.Add("$c", SqliteType.Text);
        await using var count = connection.CreateCommand();
        count.CommandText = "SELECT count(*) FROM docs WHERE docs MATCH $q AND country = $c AND type = 'practice'";
        var qc = count.Parameters.Add("$q", SqliteType.Text);
        var cc = count.Parameters.Add("$c", SqliteType.Text);
        var times = new List<double>();
        foreach (var (q, country, i) in requests.Select((r, i) => (r.Q, r.Country, i)))
        {
            // Words quoted and OR-ed: FTS5 syntax never fails, and any word may match, as ours.
            var match = string.Join(" OR ", q.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(w => "\"" + w.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""));
            var t = Stopwatch.GetTimestamp();
            (qp.Value, cp.Value, qc.Value, cc.Value) = (match, country, match, country);
            await using (var rows = await query.ExecuteReaderAsync()) while (await rows.ReadAsync()) { }
            await count.ExecuteScalarAsync();
            if (i >= 100) times.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
        }
        return (build, times);
    }

    private static double Percentile(List<double> values, int p)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(p / 100.0 * sorted.Count) - 1, 0, sorted.Count - 1)];
    }

    /// <summary>An index over a fixed reader, as the benchmark needs it.</summary>
    private sealed class StaticIndex(IndexSearcher searcher, Thesaurus thesaurus) : ISearchIndex
    {
        public bool Ready => true;
        public Thesaurus Thesaurus => thesaurus;
        public T Search<T>(Func<IndexSearcher, T> search) => search(searcher);
    }
}
