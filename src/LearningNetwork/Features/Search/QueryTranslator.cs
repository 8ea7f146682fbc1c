using System.Collections.Concurrent;
using LearningNetwork.Features.Translation;
using Microsoft.Extensions.Options;

namespace LearningNetwork.Features.Search;

/// <summary>A search query in another language, made by the machine-translation engine.</summary>
public sealed record QueryTranslation(string Language, string Text);

/// <summary>
/// Translates search queries through the site's machine-translation engine (<see cref="IMachineTranslator"/>), so a query
/// finds texts on topics neither GEMET nor the network's vocabulary names. Contract:
/// <list type="bullet">
/// <item>Targets are the indexed languages the engine reaches from the query's language: the direct pairs first, then each
/// language one pivot further (<c>MachineTranslation:Apertium:Pivots</c>), translated from the pivot's own translation so no
/// step is made twice. At most <see cref="SearchOptions.QueryTranslationLanguages"/> targets.</item>
/// <item>Serbian, Bosnian and Montenegrin queries in Latin letters go to the engine as Croatian (Apertium's pairs are
/// Serbo-Croatian); other languages go as they are.</item>
/// <item>Translations are cached per language and text (<see cref="SearchOptions.QueryTranslationCacheSize"/> entries, then
/// the cache starts again); a translation runs in the background and a search waits for it at most
/// <see cref="SearchOptions.QueryTranslationBudget"/> — past that it answers without it, and the next search of the same words
/// gets it from the cache. At most <see cref="SearchOptions.QueryTranslationsAtOnce"/> queries are translated at once on a
/// node (Apertium runs a process per call); beyond, a query is simply not translated, and not cached as untranslatable.</item>
/// <item>No engine, no route, a failing or slow engine: no translations, never an error.</item>
/// </list>
/// </summary>
public sealed class QueryTranslator(IMachineTranslator engine, IOptions<SearchOptions> options, ILogger<QueryTranslator> log) : IDisposable
{
    private readonly ConcurrentDictionary<(string Language, string Text), Task<IReadOnlyList<QueryTranslation>>> _cache = new();
    private readonly ConcurrentDictionary<string, Task<IReadOnlyList<IReadOnlyList<string>>>> _routes = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _running = new(Math.Max(1, options.Value.QueryTranslationsAtOnce));

    public void Dispose() => _running.Dispose();

    /// <summary>Serbo-Croatian variants the engine knows as Croatian (Latin script only).</summary>
    private static readonly HashSet<string> AsCroatian = new(StringComparer.Ordinal) { "sr", "bs", "me" };

    public bool Enabled => options.Value.QueryTranslation && engine is not NoMachineTranslator;

    /// <summary>
    /// The query in the other languages the engine reaches, waiting at most the budget when <paramref name="wait"/> (a type-ahead
    /// does not wait: it uses what is cached and starts nothing).
    /// </summary>
    public async Task<IReadOnlyList<QueryTranslation>> TranslateAsync(string text, string language, bool wait, CancellationToken ct)
    {
        var words = string.Join(' ', text.Split((char[])[' ', '\t', '\r', '\n'], StringSplitOptions.RemoveEmptyEntries));
        if (!Enabled || words.Length is 0 or > SiteSearch.MaxQueryLength || !words.Any(char.IsLetter)) return [];
        var source = AsCroatian.Contains(language) && !words.Any(c => c is >= '\u0400' and <= '\u04FF') ? "hr" : language;
        var key = (source, words.ToLowerInvariant());
        if (_cache.TryGetValue(key, out var known))
            return known.IsCompletedSuccessfully ? known.Result : wait ? await WithinBudget(known, ct) : [];
        if (!wait || !_running.Wait(0, CancellationToken.None)) return [];
        Task<IReadOnlyList<QueryTranslation>> task;
        try
        {
            var started = new TaskCompletionSource<IReadOnlyList<QueryTranslation>>(TaskCreationOptions.RunContinuationsAsynchronously);
            if (!_cache.TryAdd(key, started.Task))
            {
                _running.Release();
                return _cache.TryGetValue(key, out var other) ? await WithinBudget(other, ct) : [];
            }
            if (_cache.Count > options.Value.QueryTranslationCacheSize) _cache.Clear();
            task = started.Task;
            // Not bound to this request: a translation that outlives the budget still lands in the cache for the next search.
            _ = Task.Run(async () =>
            {
                try
                {
                    started.SetResult(await TranslateNowAsync(words, source));
                }
                catch (Exception e) when (e is MachineTranslationException or OperationCanceledException or IOException or HttpRequestException)
                {
                    log.LogInformation("Query translation from {Language} failed ({Reason}); searching without it", source, e.Message);
                    started.SetResult([]);
                }
                finally
                {
                    _running.Release();
                }
            }, CancellationToken.None);
        }
        catch
        {
            _running.Release();
            throw;
        }
        return await WithinBudget(task, ct);
    }

    private async Task<IReadOnlyList<QueryTranslation>> WithinBudget(Task<IReadOnlyList<QueryTranslation>> task, CancellationToken ct)
    {
        if (!task.IsCompleted)
        {
            try
            {
                await task.WaitAsync(options.Value.QueryTranslationBudget, ct);
            }
            catch (TimeoutException)
            {
                return [];
            }
        }
        return task.IsCompletedSuccessfully ? task.Result : [];
    }

    private async Task<IReadOnlyList<QueryTranslation>> TranslateNowAsync(string words, string source)
    {
        using var deadline = new CancellationTokenSource(options.Value.QueryTranslationTimeout);
        var routes = await RoutesAsync(source, deadline.Token);
        var done = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        // Direct pairs at once, then each pivoted language from its pivot's translation.
        foreach (var hops in new[] { 2, 3 })
        {
            var steps = routes.Where(r => r.Count == hops).ToList();
            await Task.WhenAll(steps.Select(async route =>
            {
                var (from, to) = (route[^2], route[^1]);
                var input = hops == 2 ? words : done.GetValueOrDefault(from);
                if (input is null) return;
                try
                {
                    var translated = (await engine.TranslateAsync(input, from, to, deadline.Token)).Trim();
                    if (translated.Length > 0) done[to] = translated;
                }
                catch (MachineTranslationException e)
                {
                    log.LogInformation("Query translation {From}→{To} failed ({Reason})", from, to, e.Message);
                }
            }));
        }
        return done.Where(kv => !string.Equals(kv.Value, words, StringComparison.OrdinalIgnoreCase))
            .Select(kv => new QueryTranslation(kv.Key, kv.Value)).OrderBy(t => t.Language, StringComparer.Ordinal).ToList();
    }

    /// <summary>The routes from a language to the indexed ones (direct first), asked of the engine once per language.</summary>
    private Task<IReadOnlyList<IReadOnlyList<string>>> RoutesAsync(string source, CancellationToken ct) =>
        _routes.GetOrAdd(source, async s =>
        {
            var routes = new List<IReadOnlyList<string>>();
            foreach (var target in SearchAnalyzers.Languages.Where(l => l != s))
                if (await engine.RouteAsync(s, target, CancellationToken.None) is { Count: 2 or 3 } route) routes.Add(route);
            // A pivoted language must come from a pivot reached directly (its translation is then made once).
            var direct = routes.Where(r => r.Count == 2).Select(r => r[1]).ToHashSet(StringComparer.Ordinal);
            return routes.Where(r => r.Count == 2 || direct.Contains(r[1])).OrderBy(r => r.Count)
                .ThenBy(r => r[^1] == "en" ? 0 : 1).Take(Math.Max(0, options.Value.QueryTranslationLanguages)).ToList();
        }).WaitAsync(ct);
}
