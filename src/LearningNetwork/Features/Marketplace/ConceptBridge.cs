using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using LearningNetwork.Features.Translation;
using Microsoft.Extensions.Options;

namespace LearningNetwork.Features.Marketplace;

/// <summary>An item's text machine-translated into a language the thesaurus covers well, for its concepts.</summary>
public sealed record BridgedText(string Language, string Text);

/// <summary>
/// The machine-translation bridge of concept extraction (docs/architecture.md, "Matching"): an offer or a request written in a
/// language GEMET and the network vocabulary barely cover (<see cref="MarketplaceOptions.ConceptBridgeLanguages"/>) is also
/// translated by the site's engine (<see cref="IMachineTranslator"/>, <c>MachineTranslation:Engine</c>) into the first of
/// <see cref="MarketplaceOptions.ConceptBridgeTargets"/> it reaches, and the concepts of the translation join those of the
/// original (<see cref="ConceptExtractor"/>). Contract:
/// <list type="bullet">
/// <item>Never on a request's path: <see cref="Translation"/> answers from the cache at once; a text not translated yet is queued
/// and translated in the background, one at a time on a node (the engine runs a process per call), each bounded by
/// <see cref="MarketplaceOptions.ConceptBridgeTimeout"/> and cut to <see cref="MarketplaceOptions.ConceptBridgeMaxCharacters"/>.
/// When one is done <see cref="Version"/> moves on, and the <see cref="Matchmaker"/> re-reads the items that waited for it.</item>
/// <item>Deterministic: the translation is a function of the language and the text (keyed by its SHA-256); a failed or slow
/// translation is remembered as none, so an item's concepts never flip between reads of the same text.</item>
/// <item>No engine (<c>MachineTranslation:Engine=none</c>), no route, an empty language list: nothing is queued, nothing changes.</item>
/// <item>Serbian, Bosnian and Montenegrin go to the engine as Croatian in Latin letters (Apertium's pairs are Serbo-Croatian).</item>
/// </list>
/// Per node and in memory (<see cref="MarketplaceOptions.ConceptBridgeCacheSize"/> texts, then the cache starts again).
/// </summary>
public sealed class ConceptBridge(IMachineTranslator engine, IOptions<MarketplaceOptions> options, ILogger<ConceptBridge> log) : IDisposable
{
    private readonly ConcurrentDictionary<(string Language, string Hash), BridgedText?> _done = new();
    private readonly ConcurrentDictionary<(string Language, string Hash), byte> _queued = new();
    private readonly ConcurrentDictionary<string, Task<IReadOnlyList<string>?>> _routes = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _running = new(1, 1);
    private long _version;

    public void Dispose() => _running.Dispose();

    private static readonly HashSet<string> AsCroatian = new(StringComparer.Ordinal) { "sr", "bs", "me" };

    private readonly HashSet<string> _languages = Split(options.Value.ConceptBridgeLanguages).ToHashSet(StringComparer.Ordinal);

    private static string[] Split(string? list) =>
        (list ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Whether items in this language are read through a translation too (an engine is configured and the language is weak).</summary>
    public bool Bridges(string language) => engine is not NoMachineTranslator && _languages.Contains(language);

    /// <summary>Moves on each time a translation is done (or given up): the matcher re-reads the items that waited for one.</summary>
    public long Version => Interlocked.Read(ref _version);

    /// <summary>Translations queued or running on this node.</summary>
    public int Pending => _queued.Count;

    /// <summary>The key an item's text is known by (its language and the SHA-256 of the text as sent).</summary>
    public static (string Language, string Hash) Key(string language, string text) =>
        (language, Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text))));

    /// <summary>Whether the translation of this text is settled (made, or given up): an item waiting for it can be re-read.</summary>
    public bool Settled((string Language, string Hash) key) => _done.ContainsKey(key);

    /// <summary>
    /// The text's translation when it is made; otherwise null, and <paramref name="waitingFor"/> is the key of the translation
    /// on its way (queued now if it was not), or null when none will come. Never waits for the engine.
    /// </summary>
    public BridgedText? Translation(string language, string text, out (string Language, string Hash)? waitingFor)
    {
        waitingFor = null;
        if (!Bridges(language) || string.IsNullOrWhiteSpace(text)) return null;
        var sent = text.Length > options.Value.ConceptBridgeMaxCharacters ? text[..options.Value.ConceptBridgeMaxCharacters] : text;
        var key = Key(language, sent);
        if (_done.TryGetValue(key, out var known)) return known;
        if (_queued.TryAdd(key, 0))
        {
            if (_queued.Count > Math.Max(1, options.Value.ConceptBridgeMaxQueued))
            {
                _queued.TryRemove(key, out _);
                return null;
            }
            if (_queued.Count == 1) log.LogInformation("Concept bridge: busy");
            _ = Task.Run(() => TranslateAsync(key, sent), CancellationToken.None);
        }
        waitingFor = key;
        return null;
    }

    /// <summary>Waits until nothing is queued or running (tests, the benches); false when <paramref name="timeout"/> passes first.</summary>
    public async Task<bool> IdleAsync(TimeSpan timeout, CancellationToken ct)
    {
        var until = DateTime.UtcNow + timeout;
        while (!_queued.IsEmpty)
        {
            if (DateTime.UtcNow > until) return false;
            await Task.Delay(50, ct);
        }
        return true;
    }

    private async Task TranslateAsync((string Language, string Hash) key, string text)
    {
        BridgedText? result = null;
        await _running.WaitAsync(CancellationToken.None);
        try
        {
            result = await TranslateNowAsync(key.Language, text);
        }
        finally
        {
            _running.Release();
            // Whatever happened, the text is settled (as none when no translation came) and the items waiting for it are re-read.
            if (_done.Count >= Math.Max(1, options.Value.ConceptBridgeCacheSize)) _done.Clear();
            _done[key] = result;
            _queued.TryRemove(key, out _);
            Interlocked.Increment(ref _version);
            if (_queued.IsEmpty) log.LogInformation("Concept bridge: idle ({Count} texts known)", _done.Count);
        }
    }

    /// <summary>The translation into the first target the engine reaches, or null (no route, an engine failure, the time-out).</summary>
    private async Task<BridgedText?> TranslateNowAsync(string language, string text)
    {
        try
        {
            using var deadline = new CancellationTokenSource(options.Value.ConceptBridgeTimeout);
            var source = AsCroatian.Contains(language) ? "hr" : language;
            var input = source == "hr" ? ConceptExtractor.SerbianToLatin(text) : text;
            if (await RouteAsync(source).WaitAsync(deadline.Token) is not { } route) return null;
            var translated = (await engine.TranslateAsync(input, source, route[^1], deadline.Token)).Trim();
            return translated.Length > 0 ? new BridgedText(route[^1], translated) : null;
        }
        catch (Exception e) when (e is MachineTranslationException or OperationCanceledException or TimeoutException or IOException or HttpRequestException)
        {
            log.LogInformation("Concept bridge: translating a {Language} text failed ({Reason}); its concepts come from the original only", language, e.Message);
            return null;
        }
    }

    /// <summary>The route to the first target the engine reaches from the language (asked once per language).</summary>
    private Task<IReadOnlyList<string>?> RouteAsync(string source) =>
        _routes.GetOrAdd(source, async s =>
        {
            foreach (var target in Split(options.Value.ConceptBridgeTargets))
                if (target != s && await engine.RouteAsync(s, target, CancellationToken.None) is { Count: >= 2 } route) return route;
            return null;
        });
}
