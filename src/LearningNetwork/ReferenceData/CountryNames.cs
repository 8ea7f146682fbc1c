using System.Collections.Frozen;
using LearningNetwork.Domain;
using LearningNetwork.Infrastructure.Localization;
using Microsoft.Extensions.Options;

namespace LearningNetwork.ReferenceData;

/// <summary>
/// Countries named in the reader's language (countries/country_names.csv, from ISO 3166-1 and its iso-codes
/// translations), read once at start. A country or language the file lacks falls back to the English name, then to
/// the code, so a page never shows nothing.
/// </summary>
public sealed class CountryNames
{
    private readonly FrozenDictionary<(string Country, string Language), string> _names;

    public CountryNames(IOptions<ReferenceDataOptions> options)
    {
        var csv = CsvTable.Read(Path.Combine(options.Value.Folder, "countries", "country_names.csv"), "iso_alpha2", "language", "name");
        _names = csv.Rows.ToFrozenDictionary(
            r => (r.Fields[csv.Column("iso_alpha2")], r.Fields[csv.Column("language")]),
            r => r.Fields[csv.Column("name")]);
    }

    /// <summary>The name of <paramref name="code"/> in <paramref name="language"/> (default: the reader's).</summary>
    public string Name(string? code, string? language = null)
    {
        if (string.IsNullOrEmpty(code)) return "";
        language ??= LocalizationSetup.CurrentLanguage;
        return _names.GetValueOrDefault((code, language)) ?? _names.GetValueOrDefault((code, SupportedLanguages.Default)) ?? code;
    }

    /// <summary>Every country of <paramref name="countries"/> named for the reader, by code.</summary>
    public Dictionary<string, string> ForReader(IEnumerable<Country> countries) =>
        countries.ToDictionary(c => c.Code, c => _names.GetValueOrDefault((c.Code, LocalizationSetup.CurrentLanguage)) ?? c.NameEn);

    /// <summary>Choices for a country field, in the reader's alphabetical order.</summary>
    public List<Features.Partners.FilterChoice> Choices(IEnumerable<Country> countries) =>
        ForReader(countries).Select(c => new Features.Partners.FilterChoice(c.Key, c.Value))
            .OrderBy(c => c.Label, StringComparer.Create(System.Globalization.CultureInfo.CurrentCulture, ignoreCase: true)).ToList();
}
