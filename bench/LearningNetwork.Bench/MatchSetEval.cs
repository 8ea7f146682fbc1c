using System.Globalization;
using System.Text.Json;
using LearningNetwork.Domain;
using LearningNetwork.Features.Marketplace;

namespace LearningNetwork.Bench;

/// <summary>
/// Ranking quality of the matcher on a judged set of its own partners, offers and requests (bench/match-heldout/heldout.json),
/// in process: items are described as the app describes them (concepts found in title and text by the
/// <see cref="ConceptExtractor"/>, habitats, kind, exchange languages; this set tags no themes), indexed in a
/// <see cref="MatchIndex"/>, and each request's top offers scored against the grades: precision@3 (grade ≥ 1, and strict:
/// grade 2), MRR (first grade ≥ 1) and nDCG@5, for all requests and for those whose answers are all in another language;
/// near-miss traps in the top 3 and own-organisation proposals counted. "--baseline" reads concepts as before issue 18
/// (every stem match of a label, no check of sense) and ranks without facets; "--no-facets" ranks without the facets of
/// Vocabulary/concept-facets.json (near misses not told apart); "--bridge" also reads the texts of weakly covered languages
/// through their Apertium translation (<see cref="ConceptBridge"/>), as the app does once the translations are made.
/// </summary>
internal static class MatchSetEval
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private sealed record SetPartner(string Id, string Name, string Country, string Type, double Lat, double Lon, string[] Languages, string[] Bioregions);
    private sealed record SetItem(string Id, string Partner, string Language, string Kind, string[] Habitats, string Title, string Text, string[] Languages,
        Dictionary<string, int>? Grades, Dictionary<string, string>? Traps);
    private sealed record MatchSet(SetPartner[] Partners, SetItem[] Offers, SetItem[] Requests);

    public static async Task<int> RunAsync(string repository, string file, bool baseline, TextWriter output, bool facets = true, bool bridged = false)
    {
        var set = JsonSerializer.Deserialize<MatchSet>(await File.ReadAllBytesAsync(file), Json)!;
        var thesaurus = await ConceptEval.LoadThesaurusAsync(repository);
        var extractor = ConceptEval.LoadExtractor(repository, thesaurus);
        Func<string, string, HashSet<string>> find = baseline
            ? (language, text) => thesaurus.Find(language, Features.Search.SearchAnalyzers.Shared(language), text)
            : bridged ? await ConceptEval.BridgedAsync(extractor, set.Offers.Concat(set.Requests).Select(s => (s.Language, s.Title + "\n" + s.Text)), output)
            : extractor.Find;
        var partnerIds = set.Partners.Select((p, i) => (p.Id, i + 1)).ToDictionary(x => x.Id, x => x.Item2, StringComparer.Ordinal);
        var index = new MatchIndex();
        // As the app's Matchmaker does; "--no-facets" (and "--baseline") rank without them, to measure what they change.
        if (facets && !baseline)
            index.SetFacets(ConceptFacets.Load(Path.Combine(repository, "src", "LearningNetwork", "Features", "Marketplace", "Vocabulary", "concept-facets.json")));
        foreach (var p in set.Partners)
            index.SetPartner(new MatchPartner
            {
                Id = partnerIds[p.Id], Slug = p.Id, Name = p.Name, Type = Enum.Parse<PartnerType>(p.Type, ignoreCase: true), Country = p.Country,
                Latitude = p.Lat, Longitude = p.Lon, Bioregions = p.Bioregions, Languages = p.Languages,
                Concepts = new Dictionary<string, float>(StringComparer.Ordinal), PracticeConcepts = [], PracticeTargets = [],
            });
        MatchItem Item(SetItem s, int id)
        {
            var concepts = find(s.Language, s.Title + "\n" + s.Text).ToDictionary(c => c, _ => Matchmaker.TextWeight, StringComparer.Ordinal);
            return new MatchItem
            {
                Id = id, Slug = s.Id, PartnerId = partnerIds[s.Partner], Title = s.Title, Language = s.Language,
                Kind = Enum.Parse<ExchangeKind>(s.Kind.Replace("-", "", StringComparison.Ordinal), ignoreCase: true), Format = ExchangeFormat.Both, Open = true,
                Concepts = concepts, Themes = [], Targets = [], Habitats = s.Habitats, Languages = s.Languages,
            };
        }
        for (var i = 0; i < set.Offers.Length; i++) index.SetOffer(Item(set.Offers[i], i + 1));
        index.Renormalise();
        var offerLanguage = set.Offers.ToDictionary(o => o.Id, o => o.Language, StringComparer.Ordinal);
        var offerPartner = set.Offers.ToDictionary(o => o.Id, o => o.Partner, StringComparer.Ordinal);
        var today = new DateOnly(2026, 12, 7);
        var rows = new List<(SetItem Request, bool Cross, double P3, double P3Strict, double Rr, double Ndcg, int Traps, int Own, List<Match> Ranked)>();
        for (var i = 0; i < set.Requests.Length; i++)
        {
            var r = set.Requests[i];
            var ranked = index.OffersFor(Item(r, 1000 + i), today, 10).ToList();
            var slugs = ranked.Select(m => m.Slug).ToList();
            var grades = r.Grades ?? [];
            double Precision(int min) => slugs.Take(3).Count(s => grades.GetValueOrDefault(s) >= min) / 3.0;
            var rr = slugs.Select((s, k) => (s, k)).Where(x => grades.GetValueOrDefault(x.s) >= 1).Select(x => 1.0 / (x.k + 1)).FirstOrDefault();
            var dcg = slugs.Take(5).Select((s, k) => (Math.Pow(2, grades.GetValueOrDefault(s)) - 1) / Math.Log2(k + 2)).Sum();
            var idcg = grades.Values.OrderDescending().Take(5).Select((g, k) => (Math.Pow(2, g) - 1) / Math.Log2(k + 2)).Sum();
            var cross = grades.Where(g => g.Value == 2).All(g => offerLanguage[g.Key] != r.Language);
            var traps = slugs.Take(3).Count(s => (r.Traps ?? []).ContainsKey(s) && grades.GetValueOrDefault(s) == 0);
            var own = slugs.Count(s => offerPartner[s] == r.Partner);
            rows.Add((r, cross, Precision(1), Precision(2), rr, idcg == 0 ? 0 : dcg / idcg, traps, own, ranked));
        }
        output.WriteLine($"Set: {Path.GetFileName(file)}: {set.Requests.Length} requests in {set.Requests.Select(r => r.Language).Distinct().Count()} languages over {set.Offers.Length} offers in {set.Offers.Select(o => o.Language).Distinct().Count()} languages; concepts {(baseline ? "as before issue 18 (baseline)" : bridged ? "by the ConceptExtractor, through the machine-translation bridge" : "by the ConceptExtractor")}; facets {(facets && !baseline ? "on" : "off")}.");
        output.WriteLine();
        output.WriteLine("| requests | n | P@3 | P@3 strict | MRR | nDCG@5 | near misses in top 3 | own-organisation proposals |");
        output.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        void Line(string name, IReadOnlyCollection<(SetItem Request, bool Cross, double P3, double P3Strict, double Rr, double Ndcg, int Traps, int Own, List<Match> Ranked)> subset) =>
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {subset.Count} | {subset.Average(r => r.P3):0.000} | {subset.Average(r => r.P3Strict):0.000} | {subset.Average(r => r.Rr):0.000} | {subset.Average(r => r.Ndcg):0.000} | {subset.Sum(r => r.Traps)} | {subset.Sum(r => r.Own)} |"));
        Line("all", rows);
        var crossRows = rows.Where(r => r.Cross).ToList();
        if (crossRows.Count > 0) Line("answers only in other languages", crossRows);
        output.WriteLine();
        output.WriteLine("| request | language | P@3 | MRR | nDCG@5 | top 3 (grade) |");
        output.WriteLine("|---|---|---:|---:|---:|---|");
        foreach (var r in rows)
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {r.Request.Id} | {r.Request.Language} | {r.P3:0.00} | {r.Rr:0.00} | {r.Ndcg:0.00} | {string.Join(", ", r.Ranked.Take(3).Select(m => $"{m.Slug} ({(r.Request.Grades ?? []).GetValueOrDefault(m.Slug)}{((r.Request.Traps ?? []).ContainsKey(m.Slug) ? ", trap" : "")})"))} |"));
        output.WriteLine();
        output.WriteLine("Concepts found in each request (for the misses):");
        output.WriteLine();
        for (var i = 0; i < set.Requests.Length; i++)
        {
            var r = set.Requests[i];
            if (rows[i].Rr >= 1 && rows[i].P3 >= Math.Min(1, (r.Grades ?? []).Count / 3.0) - 1e-9) continue;
            output.WriteLine($"- {r.Id} ({r.Language}): {string.Join(", ", find(r.Language, r.Title + "\n" + r.Text).Select(c => thesaurus.Label(c, "en")))}");
        }
        return 0;
    }
}
