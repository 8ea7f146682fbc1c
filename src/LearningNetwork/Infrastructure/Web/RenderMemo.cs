using Microsoft.Extensions.Caching.Memory;

namespace LearningNetwork.Infrastructure.Web;

/// <summary>
/// Remembers the results of pure rendering steps that pages repeat on every request with the same input: Markdown made
/// safe HTML (<see cref="Features.Practices.PracticeMarkdown"/>) and terms explained by the glossary
/// (<see cref="Features.Glossary.GlossaryContent"/>). Profiling the uncached practice page showed a third of its CPU in
/// these two steps, redone for text that had not changed (bench/perf-findings.md, "The uncached practice page").
/// <para>
/// Contract: only a function of its key may be remembered here: the key holds the whole input (the text itself, not an id
/// or a version of it), so an edited text is a new key and nothing needs evicting; what is not read again ages out.
/// The memory is bounded by <see cref="Budget"/> characters of keys and results together, process-wide, so a node with
/// 100k practices in 31 languages keeps the most read ones and renders the rest as before.
/// </para>
/// </summary>
public static class RenderMemo
{
    /// <summary>Characters held at most (keys and results; about twice as many bytes).</summary>
    public const long Budget = 24L * 1024 * 1024;

    /// <summary>Inputs longer than this are rendered every time: one of them would crowd out hundreds of ordinary fields.</summary>
    public const int LongestInput = 64 * 1024;

    private static readonly MemoryCache Memo = new(new MemoryCacheOptions { SizeLimit = Budget, CompactionPercentage = 0.25 });

    /// <summary><paramref name="make"/>(<paramref name="key"/>), remembered under the key; <paramref name="size"/> is the key's
    /// and the result's length in characters.</summary>
    public static TResult Get<TKey, TResult>(TKey key, int inputLength, Func<TKey, TResult> make, Func<TResult, int> size)
        where TKey : notnull
    {
        if (inputLength > LongestInput) return make(key);
        if (Memo.TryGetValue(key, out var known) && known is TResult result) return result;
        result = make(key);
        using var entry = Memo.CreateEntry(key);
        entry.Value = result;
        entry.Size = inputLength + size(result) + 64;
        entry.SlidingExpiration = TimeSpan.FromHours(1);
        return result;
    }
}
