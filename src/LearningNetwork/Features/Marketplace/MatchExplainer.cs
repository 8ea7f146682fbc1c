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
    private Thesaurus? _thesaurus;

    public async Task<IReadOnlyList<string>> ExplainAsync(Match match, string reader, CancellationToken ct)
    {
        await LoadNamesAsync(ct);
        return match.Reasons.Select(r => Sentence(r, reader)).Where(s => s.Length > 0).ToList();
    }

    private string Sentence(MatchReason r, string reader)
    {
        var culture = CultureInfo.CurrentCulture;
        // Two concepts may carry the same label in the reader's language (GEMET has near-synonyms): a reason names each once.
        string List(IEnumerable<string> names) => string.Join(", ", names.Distinct(StringComparer.Create(culture, CompareOptions.IgnoreCase)));
        return r.Kind switch
        {
            ReasonKind.Kind => text["Market.Reason.Kind", text[$"Market.Kind.{r.Values[0]}"]],
            ReasonKind.Themes => r.Values.Count == 0 ? "" : text["Market.Reason.Themes", List(r.Values.Select(c => Concept(c, reader)))],
            ReasonKind.Expertise => r.Values.Count == 0 ? "" : text["Market.Reason.Expertise", List(r.Values.Select(c => Concept(c, reader)))],
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
            ReasonKind.Format => text["Market.Reason.Format", text[$"Market.Format.{r.Values[0]}"], text[$"Market.Format.{r.Values[1]}"]],
            _ => "",
        };
    }

    private string Concept(string concept, string reader) => _thesaurus!.Label(concept, reader);

    private string Language(string code) => _languages!.GetValueOrDefault(code, code);

    private async Task LoadNamesAsync(CancellationToken ct)
    {
        if (_languages is not null) return;
        _thesaurus = await matchmaker.ThesaurusAsync(db, ct);
        _languages = LanguageNames.For(await db.Languages.AsNoTracking().Select(l => l.Code).ToListAsync(ct));
        _countries = countryNames.ForReader(await db.Countries.AsNoTracking().ToListAsync(ct));
        _habitats = await db.EunisHabitats.AsNoTracking().GroupBy(h => h.Code).Select(g => new { g.Key, Name = g.Min(h => h.NameEn) }).ToDictionaryAsync(h => h.Key, h => h.Name!, ct);
    }
}
