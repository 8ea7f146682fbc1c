using System.Globalization;
using System.Text;
using CsCheck;

namespace LearningNetwork.Tests.Robustness;

/// <summary>
/// Generators of input nobody should send and somebody will: blanks, text far beyond any limit, and strings from a
/// hostile alphabet (RTL marks, NUL, markup, SQL, paths, encoded bytes, emoji, numbers out of range, impossible dates,
/// decimals with commas). The runs use fixed seeds so that a failure in CI is the same failure on a laptop; set
/// CsCheck_Seed to replay one that CsCheck printed, or LN_ROBUST_RANDOM=1 to explore with fresh seeds.
/// </summary>
public static class Hostile
{
    /// <summary>Whole values that have broken parsers somewhere.</summary>
    public static readonly string[] Values =
    [
        "", " ", "\t", "\r\n", "\u00A0", "\u200B", "\u200F", "\u202E", "\0", "\0\0\0", "%00", "\uFEFF",
        "<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", "javascript:alert(1)", "' OR 1=1 --", "'; DROP TABLE Partners; --",
        "../../../../etc/passwd", "..\\..\\windows\\win.ini", "%2e%2e%2f", "{{7*7}}", "${jndi:ldap://x}", "null", "undefined", "true", "[]", "{}",
        "😀", "🏳️‍🌈", "𝕏", "\uD800", "\uDFFF", "\uFFFF", "Ω≈ç√∫", "ÅÄÖ", "łąka", "مرحبا", "שלום", "中文",
        "0", "-0", "-1", "-2147483649", "2147483648", "9223372036854775808", "-9223372036854775809", "99999999999999999999999999999999",
        "1e308", "1e309", "-1e309", "NaN", "Infinity", "-Infinity", "0x7FFFFFFF", "1,5", "1.5", "1.240.000", "1,240,000", "1 240 000", "١٢٣",
        "0000-00-00", "9999-12-31", "0001-01-01", "2024-02-30", "2024-13-01", "31/12/2024", "10000-01-01", "-0001-01-01",
        "00000000-0000-0000-0000-000000000000", "not-a-guid", "http://", "https://", "mailto:", "file:///etc/passwd", "//evil.example",
        "a;b;c", ";;;", "*", "?", "\"", "\"unbalanced", "(", ")", "[", "]", "{", "}", "\\", "/", "+", "-", "!", "~", "^", "&&", "||", ":",
    ];

    /// <summary>Characters to build random strings from: every class above, one by one.</summary>
    public const string Alphabet =
        "aZ09 \t\n\r\0<>\"'&;:/\\.,-+*?!~^()[]{}|%$#@=_`\u00A0\u200B\u200F\u202E\uFEFFéłąßΩ中ش😀\uD83D";

    private static readonly Gen<string> Value = Gen.Int[0, Values.Length - 1].Select(i => Values[i]);

    public static readonly Gen<string> Random =
        Gen.OneOf(
            Value,
            Gen.Char[Alphabet].Array[0, 40].Select(chars => new string(chars)),
            Value.Array[2, 5].Select(parts => string.Concat(parts)),
            Gen.Int.Select(i => i.ToString(CultureInfo.InvariantCulture)),
            Gen.Long.Select(i => i.ToString(CultureInfo.InvariantCulture)),
            Gen.Double.Select(d => d.ToString("R", CultureInfo.InvariantCulture)),
            Gen.Double.Select(d => d.ToString("N", CultureInfo.GetCultureInfo("de-DE"))));

    /// <summary>Over any field's limit: the 5,000-character description and then some.</summary>
    public static string OverLong(int seed) =>
        new StringBuilder().Insert(0, "Ab9 ł<>'\"😀 ", 500 + seed % 7).ToString();

    /// <summary>The fixed seed of a run (or null to explore), and how to say it when a run fails.</summary>
    public static string? Seed(string fixedSeed) =>
        Environment.GetEnvironmentVariable("LN_ROBUST_RANDOM") is not null ? null : Environment.GetEnvironmentVariable("CsCheck_Seed") ?? fixedSeed;

    /// <summary>A deterministic random source for the parts of a run that are plain loops, seeded like the CsCheck ones.</summary>
    public static Random Rng(string fixedSeed)
    {
        var seed = Seed(fixedSeed) ?? Guid.NewGuid().ToString();
        Console.WriteLine($"robustness seed: {seed} (replay with CsCheck_Seed={seed})");
        return new Random(StableHash(seed));
    }

    public static int StableHash(string s)
    {
        unchecked
        {
            var h = (int)2166136261;
            foreach (var c in s) h = (h ^ c) * 16777619;
            return h;
        }
    }

    public static string Pick(this Random rng, IReadOnlyList<string> values) => values[rng.Next(values.Count)];

    /// <summary>
    /// Checks a property on <paramref name="iterations"/> values of a generator, drawn deterministically from the seed, so
    /// that CI runs the same cases every time; a failure names the run's seed, the case and CsCheck's seed of the value.
    /// </summary>
    public static async Task ForAllAsync<T>(Gen<T> gen, string fixedSeed, int iterations, Func<T, Task> property)
    {
        var rng = Rng(fixedSeed);
        for (var i = 0; i < iterations; i++)
        {
            var pcg = new PCG((uint)rng.Next(), (ulong)rng.NextInt64());
            var caseSeed = pcg.ToString();
            var value = gen.Generate(pcg, null, out _);
            try
            {
                await property(value);
            }
            catch (Exception e)
            {
                throw new Xunit.Sdk.XunitException($"case {i} of seed '{Seed(fixedSeed) ?? "(random, printed above)"}' (CsCheck seed {caseSeed}) failed for {Show(value)}:\n{e}");
            }
        }
    }

    public static void ForAll<T>(Gen<T> gen, string fixedSeed, int iterations, Action<T> property) =>
        ForAllAsync(gen, fixedSeed, iterations, v => { property(v); return Task.CompletedTask; }).GetAwaiter().GetResult();

    /// <summary>A value as a C# literal would show it, so that invisible characters can be read in a failure.</summary>
    public static string Show<T>(T value)
    {
        var text = value is System.Collections.IEnumerable e and not string ? string.Join(", ", e.Cast<object>()) : value?.ToString() ?? "null";
        if (text.Length > 400) text = text[..400] + "…";
        var sb = new StringBuilder("\"");
        foreach (var c in text) sb.Append(c is < ' ' or '\u007F' or '\u200B' or '\u200F' or '\u202E' or '\uFEFF' ? $"\\u{(int)c:X4}" : c.ToString());
        return sb.Append('"').ToString();
    }

    /// <summary>One hostile value drawn with the loop's random source (the generator sampled with a seed from it).</summary>
    public static string NextHostile(this Random rng) => Random.Generate(new PCG((uint)rng.Next(), (ulong)rng.NextInt64()), null, out _);
}
