using System.Text.Json;

namespace LearningNetwork.Features.Marketplace;

/// <summary>What a concept says about an exchange: which living things (a species group), which problem (a pressure or
/// threat), which measure (a method or an instrument), which habitat.</summary>
public enum Facet { Species, Problem, Measure, Habitat }

/// <summary>How an offer stands to a request on one facet: both name the same group, both name groups but none in
/// common, or the request names one the offer says nothing of.</summary>
public enum FacetStatus { Same, Other, Missing }

/// <summary>
/// Tells near misses apart (docs/architecture.md, "Matching"). Concepts are assigned to facets and to groups within a facet
/// (Vocabulary/concept-facets.json, with its sources): bats and bat roosts are the species group "bats"; a wind farm and a
/// turbine the problem "wind energy"; fencing, guard dogs and night pens the measure "herd protection". Habitats are the
/// EUNIS level-1 groups of the tagged habitats, or, where none is tagged, of the habitat concepts of the text.
/// <para>An offer that answers a request shares its problem and its measure or habitat; one that shares the species group
/// or the method but names another problem, species group, measure or habitat is a near miss, and its score is multiplied
/// by a factor below 1 for each facet that differs (<see cref="Factor"/>). Only factors at most 1 are applied: the match
/// index's bounds on a score (MatchIndex, top-k retrieval) stay bounds, whatever the facets.</para>
/// Immutable once loaded.
/// </summary>
public sealed class ConceptFacets
{
    /// <summary>The factors of a facet that differs. An answer shares the request's problem and its measure or habitat; the
    /// problem weighs most (an offer on the same species with another problem does not answer), and once the problem is
    /// shared, another measure or habitat no longer makes a near miss, another species group only a little (the same
    /// invasive-species toolkit for plants and for hornets). Another habitat counts where the offer shares the species
    /// group or the method: "the same method in another habitat". Calibrated on the demo set (bench/match-eval), never on
    /// the held-out set.</summary>
    public const double OtherProblem = 0.75, MissingProblem = 0.9, OtherSpecies = 0.8, OtherSpeciesSameProblem = 0.9, MissingSpecies = 0.9,
        OtherMeasure = 0.85, OtherHabitat = 0.85;

    public static string FacetsFile => Path.Combine(AppContext.BaseDirectory, "Features", "Marketplace", "Vocabulary", "concept-facets.json");

    /// <summary>No assignment: every match keeps its score (tests of the other features, and an index not given any).</summary>
    public static readonly ConceptFacets None = new([]);

    private readonly Dictionary<string, (Facet Facet, string Group)[]> _byConcept;

    private sealed record FacetData(Assignment[] Assignments);
    private sealed record Assignment(string Facet, string Group, AssignedConcept[] Concepts);
    private sealed record AssignedConcept(string Id);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private ConceptFacets(Dictionary<string, (Facet, string)[]> byConcept) => _byConcept = byConcept;

    public static ConceptFacets Load(string file)
    {
        if (!File.Exists(file)) return None;
        var data = JsonSerializer.Deserialize<FacetData>(File.ReadAllBytes(file), Json)
                   ?? throw new InvalidDataException($"{file}: no assignments.");
        var byConcept = new Dictionary<string, List<(Facet, string)>>(StringComparer.Ordinal);
        foreach (var a in data.Assignments)
        {
            var facet = Enum.Parse<Facet>(a.Facet, ignoreCase: true);
            foreach (var c in a.Concepts)
            {
                if (!byConcept.TryGetValue(c.Id, out var list)) byConcept[c.Id] = list = [];
                if (!list.Contains((facet, a.Group))) list.Add((facet, a.Group));
            }
        }
        return new ConceptFacets(byConcept.ToDictionary(p => p.Key, p => p.Value.ToArray(), StringComparer.Ordinal));
    }

    public int ConceptCount => _byConcept.Count;

    /// <summary>The facets and groups a concept is assigned to (none for most).</summary>
    public IReadOnlyList<(Facet Facet, string Group)> Of(string concept) => _byConcept.TryGetValue(concept, out var a) ? a : [];

    /// <summary>An item's groups per facet. Only concepts the item's own words or themes carry count (a GEMET neighbour of a
    /// theme, weighted less, does not say what the item is about).</summary>
    public HashSet<string>[] GroupsOf(MatchItem item)
    {
        var groups = new HashSet<string>[4];
        for (var i = 0; i < groups.Length; i++) groups[i] = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (concept, weight) in item.Concepts)
        {
            if (weight < Matchmaker.TextWeight || !_byConcept.TryGetValue(concept, out var assigned)) continue;
            foreach (var (facet, group) in assigned)
                if (facet != Facet.Habitat || item.Habitats.Length == 0) groups[(int)facet].Add(group);
        }
        // The habitats the partner tagged are what it says its habitat is; the text's habitat words only stand in for them.
        foreach (var h in item.Habitats)
            if (h.Length > 0) groups[(int)Facet.Habitat].Add(h[..1]);
        return groups;
    }

    /// <summary>How the offer stands to the request on each facet the request names (in facet order), and the factor of
    /// its score: 1 for an offer that differs on nothing the request names.</summary>
    public (IReadOnlyList<(Facet Facet, FacetStatus Status)> Statuses, double Factor) Compare(MatchItem request, MatchItem offer)
    {
        if (_byConcept.Count == 0) return ([], 1);
        var asked = GroupsOf(request);
        var offered = GroupsOf(offer);
        var statuses = new List<(Facet, FacetStatus)>(4);
        foreach (var facet in Enum.GetValues<Facet>())
        {
            var a = asked[(int)facet];
            var o = offered[(int)facet];
            if (a.Count == 0) continue;
            statuses.Add((facet, o.Count == 0 ? FacetStatus.Missing : a.Overlaps(o) ? FacetStatus.Same : FacetStatus.Other));
        }
        return (statuses, Factor(statuses));
    }

    /// <summary>The product of the factors of the facets that differ (see the constants).</summary>
    public static double Factor(IReadOnlyList<(Facet Facet, FacetStatus Status)> statuses)
    {
        FacetStatus? Status(Facet f)
        {
            foreach (var s in statuses) if (s.Facet == f) return s.Status;
            return null;
        }
        var sameProblem = Status(Facet.Problem) == FacetStatus.Same;
        var nearMiss = Status(Facet.Species) == FacetStatus.Same || Status(Facet.Measure) == FacetStatus.Same;
        var factor = 1.0;
        foreach (var (facet, status) in statuses)
            factor *= (facet, status) switch
            {
                (Facet.Problem, FacetStatus.Other) => OtherProblem,
                (Facet.Problem, FacetStatus.Missing) => MissingProblem,
                (Facet.Species, FacetStatus.Other) => sameProblem ? OtherSpeciesSameProblem : OtherSpecies,
                (Facet.Species, FacetStatus.Missing) => MissingSpecies,
                (Facet.Measure, FacetStatus.Other) => sameProblem ? 1 : OtherMeasure,
                (Facet.Habitat, FacetStatus.Other) => !sameProblem && nearMiss ? OtherHabitat : 1,
                _ => 1,
            };
        return factor;
    }
}
