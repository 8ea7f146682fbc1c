using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace LearningNetwork.Features.Translation;

/// <summary>
/// Apertium (Debian's <c>apertium</c> and its pair packages) run as a process per call: <c>apertium -u -f html MODE</c>,
/// text on stdin, translation on stdout. The modes are discovered once from <c>apertium -l</c> — never a fixed list — and
/// read as language pairs (<c>eng-spa</c>, <c>fr-es</c>, <c>eng-hbs_HR</c> = English to Croatian; other variants and
/// non-pair modes are ignored). A pair with no mode goes through the first of <c>Apertium:Pivots</c> (Spanish, then
/// English) reachable both ways from it, so French reaches English as fr→es→en. <c>-u</c> drops the marks of unknown
/// words (they stay as written); generation and transfer marks (<c>#</c>, <c>@</c>) are removed too. Each call is bounded by
/// <c>CallTimeout</c> (the process is killed) and by <c>MaxCharactersPerCall</c> (longer texts go paragraph by paragraph).
/// When the program is missing there is no route at all, and the site says so.
/// </summary>
public sealed partial class ApertiumTranslator(IOptions<MachineTranslationOptions> options, ILogger<ApertiumTranslator> log) : IMachineTranslator, IDisposable
{
    private readonly SemaphoreSlim _discovery = new(1, 1);
    private IReadOnlyDictionary<(string From, string To), string>? _modes;

    public void Dispose() => _discovery.Dispose();

    public string Name => "Apertium";

    /// <summary>Three-letter codes of Apertium's modes to the site's two-letter ones (Serbo-Croatian as Croatian).</summary>
    private static readonly Dictionary<string, string> Iso3 = new(StringComparer.Ordinal)
    {
        ["eng"] = "en", ["spa"] = "es", ["fra"] = "fr", ["por"] = "pt", ["ron"] = "ro", ["ita"] = "it", ["cat"] = "ca", ["swe"] = "sv",
        ["dan"] = "da", ["nob"] = "nb", ["nno"] = "nn", ["slv"] = "sl", ["hbs"] = "hr", ["hbs_HR"] = "hr", ["hrv"] = "hr", ["bul"] = "bg",
        ["mkd"] = "mk", ["pol"] = "pl", ["deu"] = "de", ["nld"] = "nl", ["ces"] = "cs", ["slk"] = "sk", ["ell"] = "el", ["est"] = "et",
        ["fin"] = "fi", ["hun"] = "hu", ["lit"] = "lt", ["lav"] = "lv", ["mlt"] = "mt", ["gle"] = "ga", ["glg"] = "gl", ["eus"] = "eu",
        ["isl"] = "is", ["afr"] = "af", ["rus"] = "ru", ["ukr"] = "uk", ["bel"] = "be",
    };

    /// <summary>The pairs the installed modes give, from language to language, with the mode to run.</summary>
    public async Task<IReadOnlyDictionary<(string From, string To), string>> ModesAsync(CancellationToken ct)
    {
        if (_modes is { } known) return known;
        await _discovery.WaitAsync(ct);
        try
        {
            if (_modes is { } again) return again;
            var modes = new Dictionary<(string, string), string>();
            try
            {
                var listing = await RunAsync(["-l"], "", ct);
                foreach (var line in listing.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    var parts = line.Split('-');
                    if (parts.Length != 2) continue;
                    if (Code(parts[0], source: true) is not { } from || Code(parts[1], source: false) is not { } to || from == to) continue;
                    // A bare pair wins over a variant that maps to the same languages (hbs_HR is the Croatian of hbs).
                    if (!modes.ContainsKey((from, to)) || !parts[1].Contains('_', StringComparison.Ordinal)) modes[(from, to)] = line;
                }
                log.LogInformation("Apertium: {Count} language pairs installed ({Pairs})", modes.Count, string.Join(", ", modes.Keys.Select(k => k.Item1 + "→" + k.Item2)));
            }
            catch (MachineTranslationException e)
            {
                log.LogWarning("Apertium is not available ({Reason}); machine translation is off on this node", e.Message);
            }
            _modes = modes;
            return modes;
        }
        finally
        {
            _discovery.Release();
        }
    }

    private static string? Code(string part, bool source)
    {
        if (part.Length == 2 && part.All(char.IsAsciiLetterLower)) return part;
        if (Iso3.TryGetValue(part, out var two)) return source && part.Contains('_', StringComparison.Ordinal) ? null : two;
        return null;
    }

    public async Task<IReadOnlyList<string>?> RouteAsync(string from, string to, CancellationToken ct)
    {
        var modes = await ModesAsync(ct);
        if (from == to) return null;
        if (modes.ContainsKey((from, to))) return [from, to];
        foreach (var pivot in options.Value.Apertium.Pivots.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            if (pivot != from && pivot != to && modes.ContainsKey((from, pivot)) && modes.ContainsKey((pivot, to))) return [from, pivot, to];
        return null;
    }

    public async Task<string> TranslateAsync(string text, string from, string to, CancellationToken ct)
    {
        var route = await RouteAsync(from, to, ct) ?? throw new MachineTranslationException($"Apertium has no route from {from} to {to} on this node.");
        var modes = await ModesAsync(ct);
        var current = text;
        for (var i = 0; i + 1 < route.Count; i++)
        {
            var mode = modes[(route[i], route[i + 1])];
            var output = new StringBuilder(current.Length + 64);
            foreach (var chunk in TranslationMarkup.Chunks(current, Math.Max(100, options.Value.MaxCharactersPerCall)))
            {
                var kept = new List<string>();
                var translated = await RunAsync(["-u", "-f", "html", mode], TranslationMarkup.Protect(chunk, kept), ct);
                output.Append(TranslationMarkup.Restore(translated, kept));
            }
            current = output.ToString();
        }
        // Apertium drops trailing line ends; marks of words it could not generate or transfer are not the reader's business.
        current = current.TrimEnd('\n') + text[text.TrimEnd('\n').Length..];
        return MarksRegex().IsMatch(text) ? current : MarksRegex().Replace(current, "");
    }

    /// <summary>Runs apertium with the arguments, writes the input, returns stdout; kills it past the call time-out.</summary>
    private async Task<string> RunAsync(string[] arguments, string input, CancellationToken ct)
    {
        var start = new ProcessStartInfo(options.Value.Apertium.Path)
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            StandardInputEncoding = new UTF8Encoding(false), StandardOutputEncoding = Encoding.UTF8, StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        start.Environment["LC_ALL"] = "C.UTF-8";
        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (Exception e) when (e is Win32Exception or InvalidOperationException or PlatformNotSupportedException)
        {
            throw new MachineTranslationException($"cannot start {options.Value.Apertium.Path}: {e.Message}", e);
        }
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(options.Value.CallTimeout);
        try
        {
            var stdout = process.StandardOutput.ReadToEndAsync(deadline.Token);
            var stderr = process.StandardError.ReadToEndAsync(deadline.Token);
            await process.StandardInput.WriteAsync(input.AsMemory(), deadline.Token);
            process.StandardInput.Close();
            await process.WaitForExitAsync(deadline.Token);
            var output = await stdout;
            var errors = await stderr;
            if (process.ExitCode != 0)
                throw new MachineTranslationException($"apertium {string.Join(' ', arguments)} exited with {process.ExitCode}: {errors.Trim()[..Math.Min(errors.Trim().Length, 300)]}");
            return output;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new MachineTranslationException($"apertium {string.Join(' ', arguments)} took longer than {options.Value.CallTimeout}; stopped");
        }
        catch (IOException e)
        {
            throw new MachineTranslationException($"apertium {string.Join(' ', arguments)} failed: {e.Message}", e);
        }
        finally
        {
            if (!process.HasExited)
            {
                try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            }
        }
    }

    [GeneratedRegex(@"(?<=^|[\s(""'¿¡])[#@](?=\p{L})", RegexOptions.Multiline)]
    private static partial Regex MarksRegex();
}
