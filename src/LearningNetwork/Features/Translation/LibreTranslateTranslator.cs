using System.Net.Http.Json;
using System.Text.Json;
using LearningNetwork.Infrastructure.Outbound;
using Microsoft.Extensions.Options;

namespace LearningNetwork.Features.Translation;

/// <summary>
/// A LibreTranslate-style service (<c>MachineTranslation:LibreTranslate:Url</c>, optional <c>ApiKey</c>):
/// <c>GET /languages</c> → <c>[{"code","name","targets":[…]}]</c> (kept for <c>LanguagesCacheTime</c>), and
/// <c>POST /translate</c> with <c>{"q","source","target","format":"text","api_key"}</c> → <c>{"translatedText"}</c>.
/// Requests go through the app's one outbound client (<see cref="SafeHttp"/>): public addresses only, https outside
/// Development, no redirect followed, bodies read up to 4 MB. Texts longer than <c>MaxCharactersPerCall</c> are sent
/// paragraph by paragraph. A service that cannot be reached offers no route until it answers again.
/// </summary>
public sealed class LibreTranslateTranslator(IHttpClientFactory http, IOptions<MachineTranslationOptions> options, TimeProvider clock,
    ILogger<LibreTranslateTranslator> log) : IMachineTranslator, IDisposable
{
    public const string HttpClientName = "machine-translation";
    private const long MaxBytes = 4 * 1024 * 1024;
    private readonly SemaphoreSlim _refresh = new(1, 1);
    private (IReadOnlyDictionary<string, HashSet<string>> Targets, DateTime Until)? _languages;

    public void Dispose() => _refresh.Dispose();

    public string Name => "LibreTranslate";

    private Uri Endpoint(string path) =>
        new(new Uri(options.Value.LibreTranslate.Url!.TrimEnd('/') + "/"), path);

    private async Task<IReadOnlyDictionary<string, HashSet<string>>> LanguagesAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        if (_languages is { } cached && cached.Until > now) return cached.Targets;
        await _refresh.WaitAsync(ct);
        try
        {
            if (_languages is { } again && again.Until > now) return again.Targets;
            var targets = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
            var keep = options.Value.LibreTranslate.LanguagesCacheTime;
            try
            {
                using var deadline = Deadline(ct);
                using var response = await http.CreateClient(HttpClientName).GetAsync(Endpoint("languages"), HttpCompletionOption.ResponseHeadersRead, deadline.Token);
                response.EnsureSuccessStatusCode();
                await using var body = await SafeHttp.ReadCappedAsync(response.Content, MaxBytes, deadline.Token);
                using var json = await JsonDocument.ParseAsync(body, cancellationToken: deadline.Token);
                foreach (var language in json.RootElement.EnumerateArray())
                {
                    if (language.TryGetProperty("code", out var code) && code.ValueKind == JsonValueKind.String
                        && language.TryGetProperty("targets", out var list) && list.ValueKind == JsonValueKind.Array)
                        targets[code.GetString()!] = [.. list.EnumerateArray().Where(t => t.ValueKind == JsonValueKind.String).Select(t => t.GetString()!)];
                }
            }
            catch (Exception e) when (e is HttpRequestException or IOException or JsonException or InvalidOperationException
                                          || (e is OperationCanceledException && !ct.IsCancellationRequested))
            {
                log.LogWarning("LibreTranslate at {Url}: languages not read ({Reason}); asking again in a minute", options.Value.LibreTranslate.Url, e.Message);
                keep = TimeSpan.FromMinutes(1);
            }
            _languages = (targets, now + keep);
            return targets;
        }
        finally
        {
            _refresh.Release();
        }
    }

    private CancellationTokenSource Deadline(CancellationToken ct)
    {
        var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(options.Value.CallTimeout);
        return deadline;
    }

    public async Task<IReadOnlyList<string>?> RouteAsync(string from, string to, CancellationToken ct)
    {
        if (from == to || string.IsNullOrWhiteSpace(options.Value.LibreTranslate.Url)) return null;
        var languages = await LanguagesAsync(ct);
        return languages.TryGetValue(from, out var targets) && targets.Contains(to) ? [from, to] : null;
    }

    public async Task<string> TranslateAsync(string text, string from, string to, CancellationToken ct)
    {
        if (await RouteAsync(from, to, ct) is null) throw new MachineTranslationException($"LibreTranslate offers no translation from {from} to {to}.");
        var client = http.CreateClient(HttpClientName);
        var result = new System.Text.StringBuilder(text.Length + 64);
        foreach (var chunk in TranslationMarkup.Chunks(text, Math.Max(100, options.Value.MaxCharactersPerCall)))
        {
            using var deadline = Deadline(ct);
            try
            {
                using var response = await client.PostAsJsonAsync(Endpoint("translate"), new TranslateBody(chunk, from, to, "text", options.Value.LibreTranslate.ApiKey), deadline.Token);
                await using var body = await SafeHttp.ReadCappedAsync(response.Content, MaxBytes, deadline.Token);
                if (!response.IsSuccessStatusCode) throw new MachineTranslationException($"LibreTranslate answered HTTP {(int)response.StatusCode}");
                using var json = await JsonDocument.ParseAsync(body, cancellationToken: deadline.Token);
                if (json.RootElement.ValueKind != JsonValueKind.Object || !json.RootElement.TryGetProperty("translatedText", out var translated) || translated.ValueKind != JsonValueKind.String)
                    throw new MachineTranslationException("LibreTranslate's answer has no translatedText");
                result.Append(translated.GetString());
                // The service trims; keep the paragraph break between chunks.
                if (chunk.EndsWith('\n') && !translated.GetString()!.EndsWith('\n')) result.Append(chunk[chunk.TrimEnd('\n').Length..]);
            }
            catch (Exception e) when (e is HttpRequestException or IOException or JsonException)
            {
                throw new MachineTranslationException($"LibreTranslate failed: {e.Message}", e);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                throw new MachineTranslationException($"LibreTranslate took longer than {options.Value.CallTimeout}; stopped");
            }
        }
        return result.ToString();
    }

    private sealed record TranslateBody(
        [property: System.Text.Json.Serialization.JsonPropertyName("q")] string Q,
        [property: System.Text.Json.Serialization.JsonPropertyName("source")] string Source,
        [property: System.Text.Json.Serialization.JsonPropertyName("target")] string Target,
        [property: System.Text.Json.Serialization.JsonPropertyName("format")] string Format,
        [property: System.Text.Json.Serialization.JsonPropertyName("api_key"), System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] string? ApiKey);
}
