using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using LearningNetwork.Bench;

// Benchmarks of the project (see bench/README.md). Each prints a Markdown table to paste into bench/results.
if (args.Length == 0 || args[0] != "search")
{
    Console.Error.WriteLine("usage: LearningNetwork.Bench search [N ...]   (default 10000 100000)");
    return 2;
}
var sizes = args.Skip(1).Select(a => int.Parse(a, CultureInfo.InvariantCulture)).DefaultIfEmpty(10_000).ToList();
if (args.Length == 1) sizes.Add(100_000);
var repository = Repository.Root();
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
