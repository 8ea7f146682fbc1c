using LearningNetwork.ReferenceData;
using System.Globalization;
using LearningNetwork.Data;
using LearningNetwork.Features.Practices;
using LearningNetwork.Features.Search;
using LearningNetwork.Infrastructure.Localization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace LearningNetwork.Features.Marketplace;

/// <summary>
/// Puts the reasons of matches into one reader's language: concept labels from the thesaurus in that language,
/// languages and countries by their own names, targets by their badges, sentences from the resources.
/// The reader's language is the current UI culture (pages) or the API's lang parameter, set as the culture.
/// </summary>
public sealed class MatchExplainer(CountryNames countryNames, LearningNetworkDb db, Matchmaker matchmaker, IStringLocalizer<SharedResource> text)
{
    private Dictionary<string, string>? _languages, _countries, _habitats;
    private ConceptExtractor? _extractor;

    public async Task<IReadOnlyList<string>> ExplainAsync(Match match, string reader, CancellationToken ct)
    {
        await LoadNamesAsync(ct);
        return match.Reasons.Select(r => Sentence(r, reader)).Where(s => s.Length > 0).ToList();
    }

    /// <summary>
    /// The same sentences as <see cref="ExplainAsync"/>, in the same order, each with its code and, for the reasons that name
    /// concepts (themes, expertise, machine-translated), the concepts named with the sides whose text has them only through a
    /// machine translation (the match API's <c>reasonDetails</c>).
    /// </summary>
    public async Task<IReadOnlyList<MatchReasonDto>> DetailsAsync(Match match, string reader, CancellationToken ct)
    {
        await LoadNamesAsync(ct);
        var translated = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var r in match.Reasons.Where(r => r.Kind == ReasonKind.MachineTranslated && r.Values.Count > 2))
            foreach (var c in r.Values.Skip(2))
            {
                if (!translated.TryGetValue(c, out var sides)) translated[c] = sides = [];
                if (!sides.Contains(r.Values[0])) sides.Add(r.Values[0]);
            }
        var details = new List<MatchReasonDto>();
        foreach (var r in match.Reasons)
        {
            var sentence = Sentence(r, reader);
            if (sentence.Length == 0) continue;
            var named = r.Kind switch
            {
                ReasonKind.Themes or ReasonKind.Expertise => Named(r.Values, reader),
                ReasonKind.MachineTranslated => Named(r.Values.Skip(2), reader),
                _ => null,
            };
            details.Add(new MatchReasonDto(Codes.Of(r.Kind), sentence,
                named?.Select(n => new ReasonConceptDto(n.Concept, n.Label, translated.GetValueOrDefault(n.Concept) ?? [])).ToList()));
        }
        return details;
    }

    /// <summary>A match's score as a word ("strong", "good", "possible") and that word in the reader's language.</summary>
    public (string Code, string Text) Strength(double score)
    {
        var word = ExchangePage.Strength(score);
        return (word.ToLowerInvariant(), text[$"Market.Strength.{word}"].Value);
    }

    private string Sentence(MatchReason r, string reader)
    {
        var culture = CultureInfo.CurrentCulture;
        // Two concepts may carry the same label in the reader's language (GEMET has near-synonyms): a reason names each once.
        string List(IEnumerable<string> names) => string.Join(", ", names.Distinct(StringComparer.Create(culture, CompareOptions.IgnoreCase)));
        return r.Kind switch
        {
            ReasonKind.Kind => text["Market.Reason.Kind", text[$"Market.Kind.{r.Values[0]}"]],
            ReasonKind.Themes => Concepts(r.Values, reader) is { Count: > 0 } themes ? text["Market.Reason.Themes", string.Join(", ", themes)] : "",
            ReasonKind.Expertise => Concepts(r.Values, reader) is { Count: > 0 } expertise ? text["Market.Reason.Expertise", string.Join(", ", expertise)] : "",
            ReasonKind.Targets => text["Market.Reason.Targets", List(r.Values.Select(PracticeLabels.TargetBadge))],
            ReasonKind.Habitats => text["Market.Reason.Habitats", List(r.Values.Select(h => _habitats!.TryGetValue(h, out var n) ? $"{n} ({h})" : h))],
            ReasonKind.Language => text["Market.Reason.Language", List(r.Values.Select(Language))],
            ReasonKind.LanguageGap => text["Market.Reason.LanguageGap", List(r.Values[0].Split(',').Select(Language)), List(r.Values[1].Split(',').Select(Language))],
            ReasonKind.Bioregion => text["Market.Reason.Bioregion", List(r.Values.Select(b => text[$"Bioregion.{b}"].Value))],
            ReasonKind.Neighbour => text["Market.Reason.Neighbour", r.Number.ToString("#,0", culture)],
            ReasonKind.SameCountry => text["Market.Reason.SameCountry", _countries!.GetValueOrDefault(r.Values[0], r.Values[0])],
            ReasonKind.SimilarTerritory => text["Market.Reason.Similar", text[$"PartnerType.{r.Values[0]}"]],
            ReasonKind.History => text["Market.Reason.History"],
            ReasonKind.Practices => text["Market.Reason.Practices", r.Number.ToString("#,0", culture)],
            ReasonKind.Facets => Facets(r.Values, culture),
            // Values: the side, the language its text is written in, then the concepts found only in its machine translation.
            ReasonKind.MachineTranslated when r.Values is [var side and ("request" or "offer"), var language, _, ..]
                => Concepts(r.Values.Skip(2), reader) is { Count: > 0 } found
                    ? text[$"Market.Reason.MachineTranslated.{side}", Language(language), string.Join(", ", found)] : "",
            ReasonKind.Format => text["Market.Reason.Format", text[$"Market.Format.{r.Values[0]}"], text[$"Market.Format.{r.Values[1]}"]],
            _ => "",
        };
    }

    /// <summary>What matches and what does not, facet by facet ("Same species group, other problem"): one resource per
    /// facet and status (Market.Facet.same.species...), each written to follow a comma, the first letter raised.</summary>
    private string Facets(IReadOnlyList<string> values, CultureInfo culture)
    {
        var parts = values.Select(v => text[$"Market.Facet.{v.Replace(':', '.')}"].Value).Where(p => p.Length > 0).ToList();
        if (parts.Count == 0) return "";
        var sentence = string.Join(", ", parts);
        return culture.TextInfo.ToUpper(sentence[0]) + sentence[1..];
    }

    /// <summary>
    /// The labels of shared concepts as a reason names them: generic concepts (region, income...) left out, GEMET's
    /// mistranslations corrected, and each concept once: two concepts whose labels read alike in the reader's language
    /// (the same stems: "nietoperz", "nietoperze"; or one label for near-synonyms) are one name.
    /// </summary>
    private List<string> Concepts(IEnumerable<string> concepts, string reader) => Named(concepts, reader).Select(n => n.Label).ToList();

    /// <summary>The concepts a reason names, each with the label it is named by (see <see cref="Concepts"/>).</summary>
    private List<(string Concept, string Label)> Named(IEnumerable<string> concepts, string reader)
    {
        var analyzer = SearchAnalyzers.Shared(reader);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var names = new List<(string, string)>();
        foreach (var c in concepts)
        {
            if (_extractor!.IsGeneric(c)) continue;
            var label = _extractor.Label(c, reader);
            var key = string.Join(" ", SearchAnalyzers.Terms(analyzer, SearchAnalyzers.TextField(reader), label));
            if (seen.Add(key.Length > 0 ? key : label.ToLowerInvariant())) names.Add((c, label));
        }
        return names;
    }

    private string Language(string code) => _languages!.GetValueOrDefault(code, code);

    private async Task LoadNamesAsync(CancellationToken ct)
    {
        if (_languages is not null) return;
        _extractor = await matchmaker.ExtractorAsync(db, ct);
        _languages = LanguageNames.For(await db.Languages.AsNoTracking().Select(l => l.Code).ToListAsync(ct));
        _countries = countryNames.ForReader(await db.Countries.AsNoTracking().ToListAsync(ct));
        _habitats = await db.EunisHabitats.AsNoTracking().GroupBy(h => h.Code).Select(g => new { g.Key, Name = g.Min(h => h.NameEn) }).ToDictionaryAsync(h => h.Key, h => h.Name!, ct);
    }
}
