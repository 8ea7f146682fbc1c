using System.Collections.Frozen;
using System.Globalization;
using LearningNetwork.ReferenceData;

namespace LearningNetwork.Infrastructure.Localization;

/// <summary>A language the interface can be shown in, named in itself.</summary>
public sealed record UiLanguage(string Code, string NativeName, string EnglishName)
{
    /// <summary>The culture of texts (resources) and of sorting.</summary>
    public CultureInfo Culture { get; } = CultureInfo.GetCultureInfo(Code);

    /// <summary>
    /// The culture of dates and numbers. The network is European: English pages use British conventions
    /// (29/11/2026, 24-hour clock) and Portuguese ones Portugal's, not the American ones ICU gives "en" and "pt".
    /// </summary>
    public CultureInfo FormatCulture { get; } = CultureInfo.GetCultureInfo(Code switch { "en" => "en-GB", "pt" => "pt-PT", _ => Code });
}

/// <summary>
/// The interface languages: the official EU languages from the reference data (countries/eu_official_languages.csv)
/// and the languages of the network's pan-European partners outside the EU (<see cref="PanEuropean"/>), read once at
/// start because routing needs them before the database is up. English is the fallback.
/// </summary>
public sealed class SupportedLanguages
{
    public const string Default = "en";

    /// <summary>
    /// Interface languages beyond the EU's 24: Norwegian (Bokmål, under its macro-language code "no" that people
    /// type), Icelandic, Serbian (Cyrillic, its official script), Ukrainian, Albanian, Macedonian and Turkish, for
    /// partners in EFTA, candidate and neighbouring countries. Their names come from the platform's ICU data.
    /// </summary>
    public static readonly IReadOnlyList<string> PanEuropean = ["no", "is", "sr", "uk", "sq", "mk", "tr"];

    private readonly FrozenDictionary<string, UiLanguage> _byCode;

    public SupportedLanguages(IEnumerable<UiLanguage> languages)
    {
        All = languages.OrderBy(l => l.Code, StringComparer.Ordinal).ToList();
        _byCode = All.ToFrozenDictionary(l => l.Code, StringComparer.OrdinalIgnoreCase);
        if (!_byCode.ContainsKey(Default)) throw new InvalidOperationException("English must be an interface language.");
    }

    public IReadOnlyList<UiLanguage> All { get; }

    public bool IsSupported(string? code) => code is not null && _byCode.ContainsKey(code);

    public UiLanguage Get(string code) => _byCode[code];

    public static SupportedLanguages FromReferenceData(string folder)
    {
        var csv = CsvTable.Read(Path.Combine(folder, "countries", "eu_official_languages.csv"), "iso639_1", "name_en", "name_native");
        var eu = csv.Rows.Select(r => new UiLanguage(
            r.Fields[csv.Column("iso639_1")].Trim().ToLowerInvariant(),
            r.Fields[csv.Column("name_native")].Trim(),
            r.Fields[csv.Column("name_en")].Trim()));
        return new SupportedLanguages(eu.Concat(PanEuropean.Select(code =>
        {
            var culture = CultureInfo.GetCultureInfo(code);
            return new UiLanguage(code, culture.TextInfo.ToTitleCase(culture.NativeName.Split(" (")[0]), culture.EnglishName.Split(" (")[0]);
        })));
    }

    /// <summary>The best interface language for an Accept-Language header, or English.</summary>
    public string Negotiate(IEnumerable<Microsoft.Net.Http.Headers.StringWithQualityHeaderValue> acceptLanguage)
    {
        foreach (var entry in acceptLanguage.Where(e => (e.Quality ?? 1) > 0).OrderByDescending(e => e.Quality ?? 1))
        {
            var tag = entry.Value.Value;
            if (string.IsNullOrEmpty(tag)) continue;
            var primary = tag.Split('-')[0];
            if (IsSupported(primary)) return _byCode[primary].Code;
        }
        return Default;
    }
}
