using System.Diagnostics;
using System.Globalization;
using LearningNetwork.Features.Marketplace;

namespace LearningNetwork.Bench;

internal sealed record Latency(double P50, double P95, double P99, double Max);

internal sealed record MatchDirection(string Query, Latency Ours, Latency Brute, double CandidatesMean, double CandidatesP95, double PostingsMean, double ResultsMean, string LongestPostings,
    EngineWork Work);

/// <summary>What the engine itself read per query (<see cref="MatchQueryStats"/>), means over the timed queries.</summary>
internal sealed record EngineWork(double PostingsRead, double Seen, double Dotted, double DottedP95, double Bounded, double BoundedP95, double Scored);

internal sealed record MatchFigures(int Size, double BuildSeconds, double HeapMegabytes, double IndexMegabytes, double WorkingSetMegabytes,
    int OpenOffers, int OpenRequests, double ConceptsPerItem, MatchDirection Offers, MatchDirection Requests);

/// <summary>
/// Fills a <see cref="MatchIndex"/> with N offers and N requests of a <see cref="MatchPopulation"/>, then times
/// <see cref="MatchIndex.OffersFor"/> (one open request among the N offers) and <see cref="MatchIndex.RequestsFor"/>
/// (one open offer among the N requests), take 10, 500 queries each after 50 of warm-up. The reference in the same run is
/// a brute-force linear scan of the same queries over every item: IDF-weighted cosine of the concept dictionaries plus
/// target overlap, top 10. The candidates each query scores are counted beside the engine (same posting keys, same
/// crosswalk), outside the timed calls, so its API stays as it is.
/// </summary>
internal static class MatchBenchmark
{
    private const int Warmup = 50, Queries = 500, Take = 10;

    /// <summary>With <paramref name="dump"/>, every query's results (ids, scores, reasons) are written there, so that two
    /// versions of the engine can be shown to rank identically (diff the files).</summary>
    public static MatchFigures Run(MatchPopulation population, int size, TextWriter? dump = null)
    {
        var today = MatchPopulation.Today;
        var heapStart = Heap();
        var offers = Enumerable.Range(1, size).Select(i => population.Item(i, offer: true)).ToList();
        var requests = Enumerable.Range(1, size).Select(i => population.Item(i, offer: false)).ToList();
        var heapItems = Heap();

        var watch = Stopwatch.StartNew();
        var index = new MatchIndex();
        index.SetCrosswalk(population.Crosswalk);
        foreach (var p in population.Partners) index.SetPartner(p);
        foreach (var o in offers) index.SetOffer(o);
        foreach (var r in requests) index.SetRequest(r);
        var build = watch.Elapsed.TotalSeconds;
        var heapIndex = Heap();
        var workingSet = Process.GetCurrentProcess().WorkingSet64 / 1024.0 / 1024.0;

        var random = new Random(size);
        var openRequests = requests.Where(r => r.Open).ToList();
        var openOffers = offers.Where(o => o.Open && !(o.Until < today)).ToList();
        var requestQueries = Enumerable.Range(0, Warmup + Queries).Select(_ => openRequests[random.Next(openRequests.Count)]).ToList();
        var offerQueries = Enumerable.Range(0, Warmup + Queries).Select(_ => openOffers[random.Next(openOffers.Count)]).ToList();

        if (dump is not null)
        {
            foreach (var q in requestQueries) Dump(dump, $"{size} offers-for request {q.Id}", index.OffersFor(q, today, Take));
            foreach (var q in offerQueries) Dump(dump, $"{size} requests-for offer {q.Id}", index.RequestsFor(q, today, Take));
        }

        var brute = new BruteForce(offers, requests);
        var offersFor = Direction("OffersFor (a request among N offers)", requestQueries, q => index.OffersFor(q, today, Take).Count,
            q => brute.Rank(q, offers, requestSide: true, today), new Candidates(offers, population.Crosswalk), index);
        var requestsFor = Direction("RequestsFor (an offer among N requests)", offerQueries, q => index.RequestsFor(q, today, Take).Count,
            q => brute.Rank(q, requests, requestSide: false, today), new Candidates(requests, population.Crosswalk), index);
        GC.KeepAlive(index);
        return new MatchFigures(size, build, (heapIndex - heapStart) / 1024.0 / 1024.0, (heapIndex - heapItems) / 1024.0 / 1024.0, workingSet,
            offers.Count(o => o.Open), openRequests.Count, offers.Concat(requests).Average(i => i.Concepts.Count), offersFor, requestsFor);
    }

    private static MatchDirection Direction(string name, List<MatchItem> queries, Func<MatchItem, int> ours, Func<MatchItem, int> brute, Candidates candidates,
        MatchIndex index)
    {
        var results = new List<int>();
        var work = new List<MatchQueryStats>();
        // The engine's own counts, taken in the timed loop (a lock and a copy: nothing next to a query).
        var times = Time(queries, q => { results.Add(ours(q)); work.Add(index.LastQuery); });
        var bruteTimes = Time(queries, q => brute(q));
        var counted = queries.Skip(Warmup).Select(candidates.Count).ToList();
        var timed = work.Skip(Warmup).ToList();
        return new MatchDirection(name, times, bruteTimes, counted.Average(c => c.Distinct), Percentile(counted.Select(c => (double)c.Distinct).ToList(), 95),
            counted.Average(c => c.Postings), results.Skip(Warmup).Average(), candidates.Longest(6),
            new EngineWork(timed.Average(w => w.PostingsRead), timed.Average(w => w.Candidates), timed.Average(w => w.Dotted),
                Percentile(timed.Select(w => (double)w.Dotted).ToList(), 95), timed.Average(w => w.Bounded),
                Percentile(timed.Select(w => (double)w.Bounded).ToList(), 95), timed.Average(w => w.Scored)));
    }

    private static void Dump(TextWriter dump, string query, IReadOnlyList<Match> matches)
    {
        dump.WriteLine(query);
        foreach (var m in matches)
            dump.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {m.Type} {m.Id} {m.Score:R} ") +
                string.Join(" ", m.Reasons.Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Kind}[{string.Join(",", r.Values)}]{r.Number:R}"))));
    }

    private static Latency Time(List<MatchItem> queries, Action<MatchItem> query)
    {
        foreach (var q in queries.Take(Warmup)) query(q);
        var times = new List<double>(Queries);
        foreach (var q in queries.Skip(Warmup))
        {
            var t = Stopwatch.GetTimestamp();
            query(q);
            times.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
        }
        return new Latency(Percentile(times, 50), Percentile(times, 95), Percentile(times, 99), times.Max());
    }

    private static long Heap()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    public static double Percentile(List<double> values, int p)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(p / 100.0 * sorted.Count) - 1, 0, sorted.Count - 1)];
    }

    public static void Print(IReadOnlyList<MatchFigures> figures, TextWriter output)
    {
        string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
        output.WriteLine("| offers = requests | open offers | open requests | concepts per item | index build (s) | managed heap, items + index (MB) | of which index (MB) | working set (MB) |");
        output.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var f in figures)
            output.WriteLine(F($"| {f.Size:N0} | {f.OpenOffers:N0} | {f.OpenRequests:N0} | {f.ConceptsPerItem:0.0} | {f.BuildSeconds:0.00} | {f.HeapMegabytes:0} | {f.IndexMegabytes:0} | {f.WorkingSetMegabytes:0} |"));
        output.WriteLine();
        output.WriteLine($"Latency of one query, take {Take}, {Queries} queries after {Warmup} of warm-up (ms). Brute force: the same queries scanning every item (cosine + target overlap).");
        output.WriteLine();
        output.WriteLine("| N | query | candidates scored: mean | p95 | postings read | p50 | p95 | p99 | max | brute force p50 | brute force p95 | brute p95 / ours p95 |");
        output.WriteLine("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var f in figures)
            foreach (var d in new[] { f.Offers, f.Requests })
                output.WriteLine(F($"| {f.Size:N0} | {d.Query} | {d.CandidatesMean:N0} | {d.CandidatesP95:N0} | {d.PostingsMean:N0} | {d.Ours.P50:0.0} | {d.Ours.P95:0.0} | {d.Ours.P99:0.0} | {d.Ours.Max:0.0} | {d.Brute.P50:0.0} | {d.Brute.P95:0.0} | {d.Brute.P95 / d.Ours.P95:0.00} |"));
        output.WriteLine();
        output.WriteLine("What the engine read per query (mean over the timed queries): posting entries, distinct items seen, second-phase items whose exact dot product was taken (\"dotted\": off the heap with a first bound still at or above the k-th score), items whose exact relevance and bound were taken (\"bounded\", every one computed, its share of the side), items scored in full with reasons.");
        output.WriteLine();
        output.WriteLine("| N | query | candidates of the posting lists | postings read | items seen | dotted: mean | dotted: p95 | bounded: mean | bounded: p95 | bounded, share of the side | scored in full |");
        output.WriteLine("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var f in figures)
            foreach (var d in new[] { f.Offers, f.Requests })
                output.WriteLine(F($"| {f.Size:N0} | {d.Query} | {d.CandidatesMean:N0} | {d.Work.PostingsRead:N0} | {d.Work.Seen:N0} | {d.Work.Dotted:N0} | {d.Work.DottedP95:N0} | {d.Work.Bounded:N0} | {d.Work.BoundedP95:N0} | {100 * d.Work.Bounded / f.Size:0.0}% | {d.Work.Scored:N1} |"));
        output.WriteLine();
        foreach (var f in figures)
            foreach (var d in new[] { f.Offers, f.Requests })
                output.WriteLine(F($"Longest posting lists at {f.Size:N0}, {d.Query}: {d.LongestPostings}."));
    }

    /// <summary>The items the engine's posting lists make candidates of a query: those sharing a concept, a target (or a
    /// crosswalked one) or a level-1 habitat group. Counted the way <see cref="MatchIndex"/> gathers them.</summary>
    private sealed class Candidates
    {
        private readonly Dictionary<string, List<int>> _postings = new(StringComparer.Ordinal);
        private readonly int[] _stamp;
        private readonly IReadOnlyDictionary<string, string[]> _crosswalk;
        private int _query;

        public Candidates(List<MatchItem> items, IReadOnlyDictionary<string, string[]> crosswalk)
        {
            _crosswalk = crosswalk;
            _stamp = new int[items.Count];
            for (var i = 0; i < items.Count; i++)
            {
                var item = items[i];
                foreach (var c in item.Concepts.Keys) Post("c:" + c, i);
                foreach (var t in item.Targets) Post("t:" + t, i);
                foreach (var h in item.Habitats.Select(h => h[..1]).Distinct()) Post("h:" + h, i);
            }
        }

        private void Post(string key, int slot)
        {
            if (!_postings.TryGetValue(key, out var list)) _postings[key] = list = [];
            list.Add(slot);
        }

        /// <summary>The longest posting lists, as a share of the items: what makes nearly everything a candidate.</summary>
        public string Longest(int n) => string.Join(", ", _postings.OrderByDescending(p => p.Value.Count).ThenBy(p => p.Key, StringComparer.Ordinal).Take(n)
            .Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Key} {100.0 * p.Value.Count / _stamp.Length:0}%")));

        public (int Distinct, int Postings) Count(MatchItem query)
        {
            _query++;
            int distinct = 0, postings = 0;
            var keys = query.Concepts.Keys.Select(c => "c:" + c)
                .Concat(query.Targets.SelectMany(t => (_crosswalk.GetValueOrDefault(t) ?? []).Prepend(t)).Distinct().Select(t => "t:" + t))
                .Concat(query.Habitats.Select(h => "h:" + h[..1]).Distinct());
            foreach (var key in keys)
            {
                if (!_postings.TryGetValue(key, out var list)) continue;
                postings += list.Count;
                foreach (var slot in list)
                    if (_stamp[slot] != _query) { _stamp[slot] = _query; distinct++; }
            }
            return (distinct, postings);
        }
    }

    /// <summary>The reference: every item scored with the IDF-weighted cosine of the concept dictionaries (the same IDF
    /// and norms as the engine) and the share of the request's targets the offer serves; open, not the asker's own,
    /// offers not run out; top 10 kept in a small sorted buffer.</summary>
    private sealed class BruteForce
    {
        private readonly Dictionary<string, double> _idf2 = new(StringComparer.Ordinal);

        public BruteForce(List<MatchItem> offers, List<MatchItem> requests)
        {
            var df = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var item in offers.Concat(requests))
                foreach (var c in item.Concepts.Keys) df[c] = df.GetValueOrDefault(c) + 1;
            var documents = offers.Count + requests.Count;
            foreach (var (c, n) in df)
            {
                var idf = Math.Log(1 + (documents + 1.0) / (1 + n));
                _idf2[c] = idf * idf;
            }
        }

        public int Rank(MatchItem query, List<MatchItem> items, bool requestSide, DateOnly today)
        {
            var best = new List<(double Score, int Id)>(Take + 1);
            foreach (var item in items)
            {
                if (!item.Open || item.PartnerId == query.PartnerId) continue;
                var offer = requestSide ? item : query;
                var request = requestSide ? query : item;
                if (offer.Until is { } until && until < today) continue;
                double dot = 0;
                var (small, large) = query.Concepts.Count <= item.Concepts.Count ? (query.Concepts, item.Concepts) : (item.Concepts, query.Concepts);
                foreach (var (c, w) in small)
                    if (large.TryGetValue(c, out var w2)) dot += w * w2 * _idf2[c];
                var topic = query.Norm == 0 || item.Norm == 0 ? 0 : dot / (query.Norm * item.Norm);
                var shared = 0;
                foreach (var t in request.Targets) if (Array.IndexOf(offer.Targets, t) >= 0) shared++;
                var score = 0.55 * topic + 0.20 * (request.Targets.Length == 0 ? 0 : (double)shared / request.Targets.Length);
                if (score <= 0 || (best.Count == Take && score <= best[^1].Score)) continue;
                var at = best.FindIndex(b => b.Score < score);
                best.Insert(at < 0 ? best.Count : at, (score, item.Id));
                if (best.Count > Take) best.RemoveAt(Take);
            }
            return best.Count;
        }
    }
}
