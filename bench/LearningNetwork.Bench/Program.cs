using System.Globalization;
using LearningNetwork.Bench;

// Benchmarks of the project (see bench/README.md). Each prints a Markdown table to paste into bench/results.
var verb = args.Length > 0 ? args[0] : "";
if (verb == "concepts")
    return await ConceptEval.RunAsync(Repository.Root(), args.Length > 1 && !args[1].StartsWith("--", StringComparison.Ordinal) ? args[1] : Path.Combine(Repository.Root(), "bench", "concept-eval", "texts.json"),
        args.Contains("--show"), Console.Out, bridged: args.Contains("--bridge"));
if (verb == "match-set")
    return await MatchSetEval.RunAsync(Repository.Root(), args.Length > 1 && !args[1].StartsWith("--", StringComparison.Ordinal) ? args[1] : Path.Combine(Repository.Root(), "bench", "match-heldout", "heldout.json"),
        args.Contains("--baseline"), Console.Out, facets: !args.Contains("--no-facets"), bridged: args.Contains("--bridge"));
if (verb == "fill-practices" && args.Length > 1)
    return await PracticeFill.RunAsync(Repository.Root(), args, Console.Out);
if (verb is not ("search" or "match"))
{
    Console.Error.WriteLine("usage: LearningNetwork.Bench search [N ...]   (default 10000 100000)");
    Console.Error.WriteLine("       LearningNetwork.Bench concepts [FILE] [--show] [--bridge]   (precision of the concepts found in text; default bench/concept-eval/texts.json)");
    Console.Error.WriteLine("       LearningNetwork.Bench match-set [FILE] [--baseline] [--no-facets] [--bridge]   (P@3, MRR, nDCG@5 of a judged set; default bench/match-heldout/heldout.json)");
    Console.Error.WriteLine("       LearningNetwork.Bench match [N ...] [--dump FILE]   (N offers and N requests; default 10000 100000)");
    Console.Error.WriteLine("       LearningNetwork.Bench fill-practices N (--sqlite FILE | --postgres CONNECTION)   (grows a demo database to N practices, for bench/pages.sh)");
    return 2;
}
// "--dump FILE" (match): every query's results written to FILE, to compare two versions of the engine.
var dumpAt = Array.IndexOf(args, "--dump");
var dumpFile = dumpAt > 0 && dumpAt + 1 < args.Length ? args[dumpAt + 1] : null;
var numbers = args.Skip(1).Where((a, i) => dumpAt < 0 || (i + 1 != dumpAt && i + 1 != dumpAt + 1)).ToList();
var sizes = numbers.Select(a => int.Parse(a, CultureInfo.InvariantCulture)).DefaultIfEmpty(10_000).ToList();
if (numbers.Count == 0) sizes.Add(100_000);
var repository = Repository.Root();

if (verb == "match")
{
    var population = await MatchPopulation.LoadAsync(repository);
    Console.WriteLine($"Machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}, server GC {System.Runtime.GCSettings.IsServerGC}. Population: {population.Source}.");
    Console.WriteLine();
    var figures = new List<MatchFigures>();
    using var dump = dumpFile is null ? null : new StreamWriter(dumpFile);
    foreach (var size in sizes)
    {
        figures.Add(MatchBenchmark.Run(population, size, dump));
        Console.Error.WriteLine($"{size:N0} done");
    }
    MatchBenchmark.Print(figures, Console.Out);
    return 0;
}

var corpus = await SyntheticCorpus.LoadAsync(repository);
Console.WriteLine($"Machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}. Source texts: {corpus.SentenceCount} sentences in {corpus.Languages.Count} languages.");
Console.WriteLine();
Console.WriteLine("| items | rebuild (s) | index size (MB) | memory after open (MB) | p50 (ms) | p95 (ms) | FTS5 build (s) | FTS5 p50 (ms) | FTS5 p95 (ms) |");
Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
foreach (var size in sizes)
{
    var result = await SearchBenchmark.RunAsync(corpus, size);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {size:N0} | {result.RebuildSeconds:0.0} | {result.IndexMegabytes:0} | {result.MemoryMegabytes:0} | {result.P50:0.00} | {result.P95:0.00} | {result.FtsBuildSeconds:0.0} | {result.FtsP50:0.00} | {result.FtsP95:0.00} |"));
}
return 0;

namespace LearningNetwork.Bench
{
    internal static class Repository
    {
        public static string Root()
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "LearningNetwork.slnx"))) return dir.FullName;
            throw new InvalidOperationException("Run from inside the repository.");
        }
    }
}
