using System.Runtime.InteropServices;
using LearningNetwork.Domain;

namespace LearningNetwork.Features.Marketplace;

/// <summary>
/// The in-memory matching index of one node: every offer and request as language-neutral features, with posting lists
/// from each concept, target and habitat to the items that carry it, so that a query scores only the items that share
/// something with it. Scores are a weighted sum of topic (cosine of IDF-weighted concepts), targets (with the crosswalk
/// between frameworks), habitats (with the EUNIS hierarchy) and the kind of help, plus small bonuses for geography and
/// history; a missing shared language lowers a score rather than hiding the match, and says so.
/// Thread-safe: writers and readers take one lock; a query costs milliseconds (bench/LearningNetwork.Bench).
/// </summary>
public sealed class MatchIndex
{
    /// <summary>Weights of the parts of a score; together with the bonuses they reach 1.</summary>
    private const double TopicWeight = 0.55, TargetWeight = 0.20, HabitatWeight = 0.10, KindWeight = 0.07;
    private const double BioregionBonus = 0.015, NeighbourBonus = 0.02, SimilarBonus = 0.01, HistoryBonus = 0.015, PracticeBonus = 0.02;
    /// <summary>A match below this relevance (topic, targets, habitats) is noise, whatever else it shares.</summary>
    private const double MinimumRelevance = 0.04;
    private const double LanguageGapFactor = 0.6, FormatFactor = 0.85, TimeFactor = 0.8;
    private const double NeighbourKm = 300;
    /// <summary>The most the bonuses can add to a score: bioregion, neighbour (more than same country), similar
    /// territory, history, practices. With the relevance and the factors, a bound no full score can exceed.</summary>
    private const double MaxBonus = BioregionBonus + NeighbourBonus + SimilarBonus + HistoryBonus + PracticeBonus;
    /// <summary>Covers the rounding of a sum taken in another order: a bound is never below the score it bounds.</summary>
    private const double BoundSlack = 1e-9;
    /// <summary>Covers the rounding of a cosine's denominator (a product of two floats) in a bound taken term by term.</summary>
    private const double RelativeSlack = 1e-6;
    /// <summary>Postings read in a query's first phase (at least; a thirty-second of the side when larger). Settable so the
    /// exactness tests, whose markets are small, also run the second phase.</summary>
    internal int FirstPhasePostings { get; init; } = 1024;

    private readonly object _sync = new();
    private readonly Side _offers = new();
    private readonly Side _requests = new();
    private readonly Dictionary<int, MatchPartner> _partners = [];
    private readonly Dictionary<string, int> _df = new(StringComparer.Ordinal);
    private int _documents;
    private int _normalisedAt;
    private readonly HashSet<(int, int)> _successfulPairs = [];
    private readonly Dictionary<int, int> _activeOffersByPartner = [];
    private IReadOnlyDictionary<string, string[]> _crosswalk = new Dictionary<string, string[]>();
    private ConceptFacets _facets = ConceptFacets.None;
    /// <summary>Every link of the crosswalk has its way back (as <c>TargetCrosswalk.Build</c> makes it): then a request's
    /// target that an offer serves through the crosswalk is on one of the offer's posting lists.</summary>
    private bool _crosswalkSymmetric = true;
    private MatchQueryStats _lastQuery;
    private readonly Dictionary<string, int> _languageBits = new(StringComparer.Ordinal);
    /// <summary>An ordinal per concept ever indexed (never reused): slots keep their concepts as ordinals, so that an exact
    /// dot product reads two int arrays instead of hashing the query's concepts into each item's dictionary.</summary>
    private readonly Dictionary<string, int> _conceptIds = new(StringComparer.Ordinal);
    /// <summary>An ordinal per partner id that owns an item (never reused): a query caches each partner's bonus bound by it.</summary>
    private readonly Dictionary<int, int> _partnerOrdinals = [];
    private readonly List<int> _partnerIds = [];

    public int OfferCount { get { lock (_sync) return _offers.Live; } }
    public int RequestCount { get { lock (_sync) return _requests.Live; } }
    /// <summary>Emptied slots whose posting entries are still there: the owner rebuilds the index when they outgrow the live ones.</summary>
    public int DeadSlots { get { lock (_sync) return _offers.Items.Count - _offers.Live + _requests.Items.Count - _requests.Live; } }

    /// <summary>What the last OffersFor or RequestsFor read and scored (the bench reports it).</summary>
    internal MatchQueryStats LastQuery { get { lock (_sync) return _lastQuery; } }

    /// <summary>Targets related across frameworks (both ways): a request for KMGBF 12 meets an offer for NRR Art. 8.</summary>
    public void SetCrosswalk(IReadOnlyDictionary<string, string[]> crosswalk)
    {
        lock (_sync)
        {
            _crosswalk = crosswalk;
            _crosswalkSymmetric = crosswalk.All(l => l.Value.All(r => crosswalk.TryGetValue(r, out var back) && back.Contains(l.Key, StringComparer.Ordinal)));
        }
    }

    /// <summary>The facets of concepts (species group, problem, measure, habitat) that tell a near miss from an answer.
    /// Scoring only: a near miss's score is multiplied by a factor of at most 1, so the retrieval's bounds hold.</summary>
    public void SetFacets(ConceptFacets facets)
    {
        lock (_sync) _facets = facets;
    }

    public void SetPartner(MatchPartner partner)
    {
        lock (_sync)
        {
            _partners[partner.Id] = partner;
            partner.Norm = Norm(partner.Concepts);
        }
    }

    /// <summary>Two partners who closed an exchange with an outcome of solved or partly solved.</summary>
    public void AddSuccessfulExchange(int a, int b)
    {
        lock (_sync) _successfulPairs.Add(a < b ? (a, b) : (b, a));
    }

    public void ClearSuccessfulExchanges()
    {
        lock (_sync) _successfulPairs.Clear();
    }

    public void SetOffer(MatchItem offer) => Set(_offers, offer, isOffer: true);
    public void SetRequest(MatchItem request) => Set(_requests, request, isOffer: false);
    public void RemoveOffer(int id) => Remove(_offers, id, isOffer: true);
    public void RemoveRequest(int id) => Remove(_requests, id, isOffer: false);

    public MatchItem? Offer(int id) { lock (_sync) return _offers.Get(id); }
    public MatchItem? Request(int id) { lock (_sync) return _requests.Get(id); }

    /// <summary>The open offers that best answer a request, best first.</summary>
    public IReadOnlyList<Match> OffersFor(MatchItem request, DateOnly today, int take) =>
        Infrastructure.Operations.AppMetrics.TimeMatch(() => Rank(request, _offers, "offer", today, take, requestSide: true));

    /// <summary>The open requests an offer could answer, best first.</summary>
    public IReadOnlyList<Match> RequestsFor(MatchItem offer, DateOnly today, int take) =>
        Infrastructure.Operations.AppMetrics.TimeMatch(() => Rank(offer, _requests, "request", today, take, requestSide: false));

    /// <summary>Partners without an active offer whose expertise and practices fit the item, best first.</summary>
    public IReadOnlyList<Match> PartnersFor(MatchItem item, int take)
    {
        lock (_sync)
        {
            var own = _partners.GetValueOrDefault(item.PartnerId);
            var norm = Norm(item.Concepts);
            if (norm == 0) return [];
            var results = new List<Match>();
            foreach (var p in _partners.Values)
            {
                if (p.Id == item.PartnerId || _activeOffersByPartner.GetValueOrDefault(p.Id) > 0 || p.Norm == 0) continue;
                var (dot, shared) = Dot(item.Concepts, p.Concepts);
                if (dot <= 0) continue;
                var topic = dot / (norm * p.Norm);
                var targets = item.Targets.Count(t => p.PracticeTargets.ContainsKey(t));
                var relevance = TopicWeight * topic + TargetWeight * (item.Targets.Length == 0 ? 0 : (double)targets / item.Targets.Length);
                if (relevance < MinimumRelevance) continue;
                var expertise = shared.OrderByDescending(s => s.Weight).Select(s => s.Concept).Take(4).ToList();
                var reasons = new List<MatchReason> { new(ReasonKind.Expertise, expertise) };
                // The item a partner is proposed for is a request (or a question or a programme described as one).
                MachineTranslated(item, "request", expertise, reasons);
                var practiced = shared.Where(s => p.PracticeConcepts.ContainsKey(s.Concept)).Sum(s => p.PracticeConcepts[s.Concept]);
                var score = relevance;
                if (practiced > 0 || targets > 0)
                {
                    score += PracticeBonus;
                    reasons.Add(new MatchReason(ReasonKind.Practices, [], Math.Max(practiced, item.Targets.Where(p.PracticeTargets.ContainsKey).Sum(t => p.PracticeTargets[t]))));
                }
                score = Place(own, p, reasons, score);
                score = Languages(item.Languages, p.Languages, reasons, score);
                results.Add(new Match("partner", p.Id, p.Slug, p.Name, "", p.Id, Math.Round(Math.Min(score, 1), 4), reasons));
            }
            return results.OrderByDescending(r => r.Score).ThenBy(r => r.Id).Take(take).ToList();
        }
    }

    private List<Match> Rank(MatchItem query, Side side, string type, DateOnly today, int take, bool requestSide)
    {
        lock (_sync)
        {
            if (take <= 0) return [];
            var queryNorm = Norm(query.Concepts);
            var scratch = side.Begin(_conceptIds.Count, _partnerIds.Count);
            var stats = new MatchQueryStats();

            // The query's posting lists, each with the most it can add to the relevance of an item it holds (docs/architecture.md,
            // "Matching"): a concept its best IDF-weighted cosine term, a target or habitat group its share of the similarity.
            var lists = scratch.Lists;
            var factors = scratch.Factors(query.Concepts.Count);
            var keys = scratch.Keys(query.Concepts.Count);
            var n = 0;
            foreach (var (concept, wq) in query.Concepts)
            {
                var idf = Idf(concept);
                var factor = wq * idf * idf;
                keys[n] = concept;
                factors[n] = factor;
                if (_conceptIds.TryGetValue(concept, out var ordinal)) scratch.Position(ordinal, n);
                n++;
                if (!side.Postings.TryGetValue("c:" + concept, out var postings)) continue;
                var bound = queryNorm == 0 ? 0 : TopicWeight * factor * postings.MaxRatio / queryNorm * (1 + RelativeSlack);
                lists.Add(new QueryList(postings, bound, factor, topic: true));
            }
            var targetBounds = scratch.TargetBounds;
            foreach (var t in query.Targets)
            {
                // A request's target counts 1/n through the offers that serve it, ½/n through those serving a crosswalked one.
                // An offer's targets meet requests whose own target count is unknown here: each list may then give them all.
                var share = requestSide ? 1.0 / query.Targets.Length : 1;
                targetBounds[t] = Math.Min(1, targetBounds.GetValueOrDefault(t) + share);
                foreach (var r in _crosswalk.GetValueOrDefault(t) ?? [])
                    targetBounds[r] = Math.Min(1, targetBounds.GetValueOrDefault(r) + (requestSide ? share / 2 : 1));
            }
            foreach (var (t, share) in targetBounds)
                if (side.Postings.TryGetValue("t:" + t, out var postings)) lists.Add(new QueryList(postings, TargetWeight * share * (1 + RelativeSlack), 0, topic: false));
            var habitatBounds = scratch.HabitatBounds;
            foreach (var h in query.Habitats)
            {
                var group = h[..1];
                habitatBounds[group] = Math.Min(1, habitatBounds.GetValueOrDefault(group) + (requestSide ? 1.0 / query.Habitats.Length : 1));
            }
            foreach (var (h, share) in habitatBounds)
                if (side.Postings.TryGetValue("h:" + h, out var postings)) lists.Add(new QueryList(postings, HabitatWeight * share * (1 + RelativeSlack), 0, topic: false));
            // On an offer's side the targets of a request are attributed to lists only through a crosswalk that goes both ways.
            var unlisted = !requestSide && !_crosswalkSymmetric ? TargetWeight : 0;
            lists.Sort(QueryList.ByBound);

            var owner = _partners.GetValueOrDefault(query.PartnerId);
            var ranked = new List<(double Score, MatchItem Item, List<MatchReason> Reasons)>();
            var top = new List<(double Score, int Id)>(take + 1);

            // Phase 1: the lists that can add the most (rare concepts: short lists) give the first top k, whose k-th score
            // is a lower bound of the final one. Their items are bounded as the second phase's are (below), with every list
            // not read here at its maximum.
            var budget = Math.Max(FirstPhasePostings, side.Items.Count / 32);
            var span = CollectionsMarshal.AsSpan(lists);
            var count = 0;
            for (int l = span.Length - 1, read = 0; l >= 0; l--)
            {
                var entries = span[l].Postings.Entries;
                if (read > 0 && read + entries.Count > budget) continue;
                read += entries.Count;
                span[l].First = true;
            }
            double firstUnread = 0, firstUnreadTopic = 0, firstUnreadFactors = 0;
            foreach (ref readonly var list in span)
            {
                if (list.First)
                {
                    var (factor, extra) = (list.Factor, list.Topic ? 0 : list.Bound);
                    foreach (var (slot, wd) in CollectionsMarshal.AsSpan(list.Postings.Entries))
                    {
                        stats.PostingsRead++;
                        scratch.AccumulateFirst(slot, factor * wd, extra);
                    }
                    continue;
                }
                firstUnread += list.Bound;
                if (!list.Topic) continue;
                firstUnreadTopic += list.Bound;
                firstUnreadFactors += list.Factor * list.Postings.MaxWeight;
            }
            var features = CollectionsMarshal.AsSpan(side.Features);
            var phase = scratch.Phase;
            phase.Probe = new SlotFeatures(query, LanguageMask(query.Languages));
            phase.Unread = firstUnread - firstUnreadTopic + unlisted;
            var dots = scratch.Dots;
            var extras = scratch.Extra;
            var todayNumber = today.DayNumber;
            for (var slot = 0; slot < features.Length; slot++)
            {
                if (!scratch.InFirst(slot)) continue;
                stats.Candidates++;
                ref readonly var f = ref features[slot];
                if (!f.Open || f.PartnerId == query.PartnerId || (requestSide ? f.Until : phase.Probe.Until) < todayNumber) continue;
                scratch.Push(ref count, ~slot, FirstBound(query, phase, f, requestSide, queryNorm, dots[slot], extras[slot], firstUnreadTopic, firstUnreadFactors,
                    Bonus(scratch, f.PartnerOrdinal, owner, requestSide)));
            }
            ScoreBest(query, side, scratch, ref count, queryNorm, keys, factors, n, owner, today, take, requestSide, ranked, top, ref stats);

            // Phase 2: with θ the k-th score so far, the lists of the smallest bounds whose sum (with the kind and the bonuses
            // at their maximum) stays below θ cannot make an item reach the top k alone: they are not read. Items of the
            // other lists not seen yet are bounded with the unread lists at their maximum, and only those whose bound
            // reaches θ have their exact relevance taken.
            var threshold = top.Count == take ? top[^1].Score : double.NegativeInfinity;
            var constant = KindWeight + MaxBonus + unlisted;
            double unread = 0, unreadTopic = 0, unreadFactors = 0;
            var essential = 0;
            for (; essential < span.Length; essential++)
            {
                if (span[essential].First) continue; // read in phase 1: every item it holds is decided
                var next = unread + span[essential].Bound;
                if (next + BoundSlack >= MinimumRelevance && next + constant + BoundSlack >= threshold) break;
                unread = next;
                if (!span[essential].Topic) continue;
                unreadTopic += span[essential].Bound;
                // The most an unread concept adds to the dot product of one item: w_q · IDF² times the list's largest weight.
                unreadFactors += span[essential].Factor * span[essential].Postings.MaxWeight;
            }
            phase.Unread = unread - unreadTopic + unlisted;
            for (var l = essential; l < span.Length; l++)
            {
                if (span[l].First) continue;
                var (postings, factor) = (span[l].Postings.Entries, span[l].Factor);
                var extra = span[l].Topic ? 0 : span[l].Bound;
                foreach (var (slot, wd) in CollectionsMarshal.AsSpan(postings))
                {
                    stats.PostingsRead++;
                    scratch.Accumulate(slot, factor * wd, extra);
                }
            }
            // The slots first seen in the second phase, in slot order (the flat per-slot arrays are then read in sequence, not
            // at random): each gets a first bound from its flat features only (no item object read), the lists' bounds where
            // the exact parts are not known yet, the kind and the factors exactly. Those that can reach θ go on the heap with
            // that bound, marked as not exact (~slot); ScoreBest takes the exact relevance and bound of one only when it comes
            // off the heap with its first bound still at or above the k-th score of that moment (lazily: as θ rises, most
            // never need it).
            for (var slot = 0; slot < features.Length; slot++)
            {
                if (!scratch.InSecond(slot)) continue;
                stats.Candidates++;
                ref readonly var f = ref features[slot];
                if (!f.Open || f.PartnerId == query.PartnerId || (requestSide ? f.Until : phase.Probe.Until) < todayNumber) continue;
                var first = FirstBound(query, phase, f, requestSide, queryNorm, dots[slot], extras[slot], unreadTopic, unreadFactors,
                    Bonus(scratch, f.PartnerOrdinal, owner, requestSide));
                if (first < threshold) continue;
                scratch.Push(ref count, ~slot, first);
            }
            ScoreBest(query, side, scratch, ref count, queryNorm, keys, factors, n, owner, today, take, requestSide, ranked, top, ref stats);
            _lastQuery = stats;

            ranked.Sort(static (a, b) => a.Score != b.Score ? b.Score.CompareTo(a.Score) : a.Item.Id.CompareTo(b.Item.Id));
            var results = new List<Match>(Math.Min(take, ranked.Count));
            for (var i = 0; i < ranked.Count && i < take; i++)
            {
                var (score, item, reasons) = ranked[i];
                results.Add(new Match(type, item.Id, item.Slug, item.Title, item.Language, item.PartnerId, Math.Round(score, 4), reasons));
            }
            return results;
        }
    }

    /// <summary>The reference the pruned ranking is tested against: every item of the side that shares a concept, a target
    /// (or a crosswalked one) or a habitat group with the query, scored in full, sorted by score, then id.</summary>
    internal IReadOnlyList<Match> RankExhaustive(MatchItem query, bool offers, DateOnly today, int take)
    {
        lock (_sync)
        {
            var side = offers ? _offers : _requests;
            var queryNorm = Norm(query.Concepts);
            var targets = ExpandTargets(query.Targets);
            var groups = query.Habitats.Select(h => h[0]).ToHashSet();
            var owner = _partners.GetValueOrDefault(query.PartnerId);
            var ranked = new List<(double Score, MatchItem Item, List<MatchReason> Reasons)>();
            foreach (var item in side.Items)
            {
                if (item is null || !(item.Concepts.Keys.Any(query.Concepts.ContainsKey) || item.Targets.Any(targets.ContainsKey) || item.Habitats.Any(h => groups.Contains(h[0])))) continue;
                if (!Eligible(query, item, today, offers)) continue;
                double dot = 0;
                foreach (var (concept, wq) in query.Concepts)
                {
                    var idf = Idf(concept);
                    if (item.Concepts.TryGetValue(concept, out var wd)) dot += wq * idf * idf * wd;
                }
                if (Score(query, item, dot, queryNorm, owner, today, offers) is { } scored) ranked.Add(scored);
            }
            return ranked.OrderByDescending(r => r.Score).ThenBy(r => r.Item.Id).Take(take)
                .Select(r => new Match(offers ? "offer" : "request", r.Item.Id, r.Item.Slug, r.Item.Title, r.Item.Language, r.Item.PartnerId, Math.Round(r.Score, 4), r.Reasons))
                .ToList();
        }
    }

    /// <summary>Takes candidates off the heap, best bound first, and scores them in full while a bound can still pass or tie
    /// the k-th score (sorted by score, then id: an item whose bound is below the k-th score can neither pass nor tie it).
    /// A slot with a first bound only (~slot) gets its exact bound when it comes off, and goes back on with it: each bound
    /// on the heap is at least the item's score, so the loop still stops only when no item left can pass or tie.</summary>
    private void ScoreBest(MatchItem query, Side side, Scratch scratch, ref int count, float queryNorm, string[] keys, double[] factors, int n,
        MatchPartner? owner, DateOnly today, int take,
        bool requestSide, List<(double Score, MatchItem Item, List<MatchReason> Reasons)> ranked, List<(double Score, int Id)> top, ref MatchQueryStats stats)
    {
        while (scratch.Pop(ref count, out var slot, out var bound))
        {
            if (top.Count == take && bound < top[^1].Score) break;
            if (slot < 0)
            {
                // A first bound only. First the exact topic (from the slot's ordinals) with the targets and habitats still at
                // their lists' bounds; then, if that can still pass or tie the k-th score, the exact bound; the slot goes back
                // on the heap with it.
                slot = ~slot;
                stats.Dotted++;
                var dot = ExactDot(side, slot, scratch, keys, factors, n);
                ref readonly var f = ref CollectionsMarshal.AsSpan(side.Features)[slot];
                var topic = queryNorm == 0 || f.Norm == 0 ? 0 : dot / (queryNorm * f.Norm) * TopicWeight * (1 + RelativeSlack);
                var bonus = Bonus(scratch, f.PartnerOrdinal, owner, requestSide);
                var flat = FlatBound(query, scratch.Phase.Probe, f, requestSide,
                    topic + Math.Min(scratch.Extra[slot] + scratch.Phase.Unread, TargetWeight + HabitatWeight), bonus);
                if (top.Count == take && flat < top[^1].Score) continue;
                stats.Bounded++;
                if (Bound(query, side.Items[slot], dot, queryNorm, today, requestSide, bonus) is not { } exact || (top.Count == take && exact < top[^1].Score)) continue;
                scratch.Dots[slot] = dot;
                scratch.Push(ref count, slot, exact);
                continue;
            }
            stats.Scored++;
            if (Score(query, side.Items[slot]!, scratch.Dots[slot], queryNorm, owner, today, requestSide) is not { } scored) continue;
            ranked.Add(scored);
            var at = top.Count;
            while (at > 0 && (top[at - 1].Score < scored.Score || (top[at - 1].Score == scored.Score && top[at - 1].Id > scored.Item.Id))) at--;
            top.Insert(at, (scored.Score, scored.Item.Id));
            if (top.Count > take) top.RemoveAt(take);
        }
        count = 0; // what is left can reach neither the top k nor, as θ only grows, a later one
    }

    /// <summary>Open, not the asker's own, and not an offer that has run out.</summary>
    private static bool Eligible(MatchItem query, MatchItem? item, DateOnly today, bool requestSide)
    {
        if (item is null || !item.Open || item.PartnerId == query.PartnerId) return false;
        var offer = requestSide ? item : query;
        return offer.Until is not { } until || until >= today;
    }

    /// <summary>The topic's dot product of an occupied slot, summed in the query's order: from the slot's concept ordinals (no
    /// string hashed) when the query has at most <see cref="Scratch.OrderedTerms"/> concepts, else through the item's dictionary.</summary>
    private static double ExactDot(Side side, int slot, Scratch scratch, string[] keys, double[] factors, int n)
    {
        if (n <= Scratch.OrderedTerms && side.Vectors[slot] is { } vector) return scratch.Dot(vector, factors);
        double dot = 0;
        var concepts = side.Items[slot]!.Concepts;
        for (var i = 0; i < n; i++)
            if (concepts.TryGetValue(keys[i], out var wd)) dot += factors[i] * wd;
        return dot;
    }

    /// <summary>A bound on the final score of an eligible candidate: its relevance, kind and factors exactly, the bonuses at
    /// the partner's bound (<see cref="Bonus"/>); null when it is not eligible or below the minimum relevance. <paramref name="dot"/> is the topic's dot
    /// product summed in the query's order (<see cref="ExactDot"/>), as <see cref="Score"/> needs it bit for bit.</summary>
    private double? Bound(MatchItem query, MatchItem? item, double dot, float queryNorm, DateOnly today, bool requestSide, double bonus)
    {
        if (!Eligible(query, item, today, requestSide)) return null;
        var request = requestSide ? query : item!;
        var offer = requestSide ? item! : query;
        var topic = queryNorm == 0 || item!.Norm == 0 ? 0 : dot / (queryNorm * item.Norm);
        var relevance = TopicWeight * topic + TargetWeight * TargetSimilarity(request.Targets, offer.Targets, null)
                        + HabitatWeight * HabitatSimilarity(request.Habitats, offer.Habitats, null);
        if (relevance < MinimumRelevance) return null;
        return Factors(request, offer, relevance + KindWeight * KindSimilarity(request.Kind, offer.Kind) + bonus) + BoundSlack;
    }

    /// <summary>The most the bonuses can add to the score of an item of the partner with this ordinal, cached for the query:
    /// place (bioregion, neighbour or same country, similar territory) and history exactly as <see cref="Score"/> adds them,
    /// practices at their maximum when the provider has practices on any concept (else <see cref="Score"/> never adds it).
    /// Without both partners known, <see cref="Score"/> adds none.</summary>
    private double Bonus(Scratch scratch, int ordinal, MatchPartner? owner, bool requestSide)
    {
        if (scratch.CachedBonus(ordinal, out var bonus)) return bonus;
        bonus = 0;
        var other = ordinal < 0 ? null : _partners.GetValueOrDefault(_partnerIds[ordinal]);
        if (owner is not null && other is not null)
        {
            foreach (var region in owner.Bioregions)
                if (Array.IndexOf(other.Bioregions, region) >= 0) { bonus += BioregionBonus; break; }
            if (Distance(owner, other) is { } d && d <= NeighbourKm) bonus += NeighbourBonus;
            else if (owner.Country == other.Country) bonus += NeighbourBonus / 2;
            if (owner.Type == other.Type && owner.Population is > 0 && other.Population is > 0
                && Math.Max(owner.Population.Value, other.Population.Value) <= 3 * Math.Min(owner.Population.Value, other.Population.Value)) bonus += SimilarBonus;
            if (_successfulPairs.Contains(owner.Id < other.Id ? (owner.Id, other.Id) : (other.Id, owner.Id))) bonus += HistoryBonus;
            if ((requestSide ? other : owner).PracticeConcepts.Count > 0) bonus += PracticeBonus;
        }
        if (ordinal >= 0) scratch.CacheBonus(ordinal, bonus);
        return bonus;
    }

    /// <summary>The first bound of a slot seen in a phase, from its flat features and what the phase's lists gave it: the
    /// part of its dot product from the lists read (summed in their order: the bound carries a slack), the bounds of the
    /// target and habitat lists it is on. The unread concepts add at most their lists' bounds (each from the list's largest
    /// weight / norm), and at most their largest weights over this item's own norm: the smaller of the two bounds the topic;
    /// the unread target and habitat lists add their bounds.</summary>
    private static double FirstBound(MatchItem query, PhaseBounds phase, in SlotFeatures f, bool requestSide, float queryNorm, double dot, double extra,
        double unreadTopic, double unreadFactors, double bonus)
    {
        double topic;
        if (queryNorm == 0 || f.Norm == 0) topic = unreadTopic;
        else
        {
            var denominator = queryNorm * f.Norm;
            topic = Math.Min(dot / denominator * TopicWeight * (1 + RelativeSlack) + unreadTopic,
                (dot + unreadFactors) / denominator * TopicWeight * (1 + RelativeSlack));
        }
        return FlatBound(query, phase.Probe, f, requestSide, topic + Math.Min(extra + phase.Unread, TargetWeight + HabitatWeight), bonus);
    }

    /// <summary>A bound from a slot's flat features: the given bound of the relevance, the kind exactly, the partner's bonus
    /// bound (<see cref="Bonus"/>), the language (no shared bit: no shared language), format and time factors exactly, capped at 1.</summary>
    private static double FlatBound(MatchItem query, in SlotFeatures probe, in SlotFeatures f, bool requestSide, double relevance, double bonus)
    {
        var bound = relevance + bonus + KindWeight * (requestSide ? KindSimilarity(query.Kind, f.Kind) : KindSimilarity(f.Kind, query.Kind));
        if ((f.Languages & probe.Languages) == 0) bound *= LanguageGapFactor;
        if (!FormatsFit(requestSide ? query.Format : f.Format, requestSide ? f.Format : query.Format)) bound *= FormatFactor;
        if (requestSide ? query.Until is not null && f.From > query.Until.Value.DayNumber : probe.From > f.Until) bound *= TimeFactor;
        return Math.Min(bound, 1) + BoundSlack;
    }

    /// <summary>The language, format and time factors applied to a bound, capped at 1 as a score is.</summary>
    private static double Factors(MatchItem request, MatchItem offer, double bound)
    {
        if (!SharesLanguage(request.Languages, offer.Languages)) bound *= LanguageGapFactor;
        if (!FormatsFit(request.Format, offer.Format)) bound *= FormatFactor;
        if (request.Until is { } deadline && offer.From is { } from && from > deadline) bound *= TimeFactor;
        return Math.Min(bound, 1);
    }

    /// <summary>The score of one candidate with its reasons, or null below the minimum relevance.</summary>
    private (double Score, MatchItem Item, List<MatchReason> Reasons)? Score(MatchItem query, MatchItem item, double dot, float queryNorm, MatchPartner? owner,
        DateOnly today, bool requestSide)
    {
        var request = requestSide ? query : item;
        var offer = requestSide ? item : query;
        var topic = queryNorm == 0 || item.Norm == 0 ? 0 : dot / (queryNorm * item.Norm);
        var targetCodes = new List<string>();
        var target = TargetSimilarity(request.Targets, offer.Targets, targetCodes);
        targetCodes = targetCodes.Distinct().ToList();
        var habitatCodes = new List<string>();
        var habitat = HabitatSimilarity(request.Habitats, offer.Habitats, habitatCodes);
        habitatCodes = habitatCodes.Distinct().ToList();
        var relevance = TopicWeight * topic + TargetWeight * target + HabitatWeight * habitat;
        if (relevance < MinimumRelevance) return null;

        var reasons = new List<MatchReason>();
        var score = relevance;
        var kind = KindSimilarity(request.Kind, offer.Kind);
        score += KindWeight * kind;
        if (kind >= 1) reasons.Add(new MatchReason(ReasonKind.Kind, [Codes.Of(offer.Kind)]));
        if (topic > 0)
        {
            var shared = SharedConcepts(request, offer);
            reasons.Add(new MatchReason(ReasonKind.Themes, shared));
            MachineTranslated(request, "request", shared, reasons);
            MachineTranslated(offer, "offer", shared, reasons);
        }
        if (targetCodes.Count > 0) reasons.Add(new MatchReason(ReasonKind.Targets, targetCodes));
        if (habitatCodes.Count > 0) reasons.Add(new MatchReason(ReasonKind.Habitats, habitatCodes));
        // Near misses (ConceptFacets): a factor of at most 1, and a reason saying which facets match and which do not (a
        // facet the offer is silent on is not named; a same habitat is already said by the habitat reason).
        var (facets, facetFactor) = _facets.Compare(request, offer);
        var named = facets.Where(f => f.Status != FacetStatus.Missing && !(f.Facet == Facet.Habitat && f.Status == FacetStatus.Same))
            .Select(f => $"{Codes.Of(f.Status)}:{Codes.Of(f.Facet)}").ToList();
        if (named.Count > 0) reasons.Add(new MatchReason(ReasonKind.Facets, named));

        var other = _partners.GetValueOrDefault(item.PartnerId);
        score = Place(owner, other, reasons, score);
        if (owner is not null && other is not null)
        {
            if (_successfulPairs.Contains(owner.Id < other.Id ? (owner.Id, other.Id) : (other.Id, owner.Id)))
            {
                score += HistoryBonus;
                reasons.Add(new MatchReason(ReasonKind.History, []));
            }
            var provider = requestSide ? other : owner;
            var practiced = offer.Themes.Where(provider.PracticeConcepts.ContainsKey).Sum(c => provider.PracticeConcepts[c])
                            + offer.Targets.Where(provider.PracticeTargets.ContainsKey).Sum(t => provider.PracticeTargets[t]);
            if (practiced > 0 && request.Concepts.Keys.Any(provider.PracticeConcepts.ContainsKey))
            {
                score += PracticeBonus;
                reasons.Add(new MatchReason(ReasonKind.Practices, [], request.Concepts.Keys.Where(provider.PracticeConcepts.ContainsKey).Sum(c => provider.PracticeConcepts[c])));
            }
        }
        score *= facetFactor;
        score = Languages(request.Languages, offer.Languages, reasons, score);
        if (!FormatsFit(request.Format, offer.Format))
        {
            score *= FormatFactor;
            reasons.Add(new MatchReason(ReasonKind.Format, [Codes.Of(request.Format), Codes.Of(offer.Format)]));
        }
        if (request.Until is { } deadline && offer.From is { } from && from > deadline) score *= TimeFactor;
        return (Math.Min(score, 1), item, reasons);
    }

    /// <summary>Geography: the same biogeographical region, neighbouring territory (or the same country), a similar
    /// kind and size of territory. Each adds a little; none is needed.</summary>
    private static double Place(MatchPartner? a, MatchPartner? b, List<MatchReason> reasons, double score)
    {
        if (a is null || b is null) return score;
        var bio = a.Bioregions.Intersect(b.Bioregions, StringComparer.Ordinal).ToList();
        if (bio.Count > 0)
        {
            score += BioregionBonus;
            reasons.Add(new MatchReason(ReasonKind.Bioregion, bio));
        }
        var km = Distance(a, b);
        if (km is { } d && d <= NeighbourKm)
        {
            score += NeighbourBonus;
            reasons.Add(new MatchReason(ReasonKind.Neighbour, [], Math.Round(d)));
        }
        else if (a.Country == b.Country)
        {
            score += NeighbourBonus / 2;
            reasons.Add(new MatchReason(ReasonKind.SameCountry, [a.Country]));
        }
        if (a.Type == b.Type && a.Population is > 0 && b.Population is > 0 && Math.Max(a.Population.Value, b.Population.Value) <= 3 * Math.Min(a.Population.Value, b.Population.Value))
        {
            score += SimilarBonus;
            reasons.Add(new MatchReason(ReasonKind.SimilarTerritory, [Codes.Of(a.Type)]));
        }
        return score;
    }

    private static double Languages(string[] asked, string[] offered, List<MatchReason> reasons, double score)
    {
        var shared = asked.Intersect(offered, StringComparer.Ordinal).ToList();
        if (shared.Count > 0)
        {
            reasons.Add(new MatchReason(ReasonKind.Language, shared));
            return score;
        }
        reasons.Add(new MatchReason(ReasonKind.LanguageGap, [string.Join(",", asked), string.Join(",", offered)]));
        return score * LanguageGapFactor;
    }

    private static double? Distance(MatchPartner a, MatchPartner b)
    {
        if (a.Latitude is not { } lat1 || a.Longitude is not { } lon1 || b.Latitude is not { } lat2 || b.Longitude is not { } lon2) return null;
        const double R = 6371;
        double Rad(double x) => x * Math.PI / 180;
        var dLat = Rad(lat2 - lat1);
        var dLon = Rad(lon2 - lon1);
        var h = Math.Sin(dLat / 2) * Math.Sin(dLat / 2) + Math.Cos(Rad(lat1)) * Math.Cos(Rad(lat2)) * Math.Sin(dLon / 2) * Math.Sin(dLon / 2);
        return 2 * R * Math.Asin(Math.Min(1, Math.Sqrt(h)));
    }

    /// <summary>Says which of a reason's concepts <paramref name="item"/> has only through the machine translation of its text
    /// (found in the translation, not in its own words nor tagged): a reader then knows the link rests on a translation.</summary>
    private static void MachineTranslated(MatchItem item, string side, IReadOnlyList<string> concepts, List<MatchReason> reasons)
    {
        if (item.Bridged.Count == 0) return;
        var only = concepts.Where(c => item.Bridged.Contains(c) && !item.Themes.Contains(c)).ToList();
        if (only.Count > 0) reasons.Add(new MatchReason(ReasonKind.MachineTranslated, [side, item.Language, .. only]));
    }

    /// <summary>The shared concepts that explain a match, the partners' own themes first, then by weight.</summary>
    private List<string> SharedConcepts(MatchItem request, MatchItem offer)
    {
        var (_, shared) = Dot(request.Concepts, offer.Concepts);
        // A concept that is only a GEMET neighbour of a theme on both sides scores, but explains nothing.
        return shared.Where(s => Math.Max(request.Concepts[s.Concept], offer.Concepts[s.Concept]) >= Matchmaker.TextWeight).OrderByDescending(s => (request.Themes.Contains(s.Concept) ? 1 : 0) + (offer.Themes.Contains(s.Concept) ? 1 : 0))
            .ThenByDescending(s => s.Weight).Select(s => s.Concept).Take(4).ToList();
    }

    private (double Dot, List<(string Concept, double Weight)> Shared) Dot(Dictionary<string, float> a, Dictionary<string, float> b)
    {
        double dot = 0;
        var shared = new List<(string, double)>();
        var (small, large) = a.Count <= b.Count ? (a, b) : (b, a);
        foreach (var (c, w) in small)
        {
            if (!large.TryGetValue(c, out var w2)) continue;
            var idf = Idf(c);
            var part = w * w2 * idf * idf;
            dot += part;
            shared.Add((c, part));
        }
        return (dot, shared);
    }

    /// <summary>Each of the request's targets counts 1 when the offer serves it, ½ when it serves a crosswalked one.
    /// The codes that match are added to <paramref name="codes"/> when one is given.</summary>
    private double TargetSimilarity(string[] asked, string[] offered, List<string>? codes)
    {
        if (asked.Length == 0 || offered.Length == 0) return 0;
        double sum = 0;
        foreach (var t in asked)
        {
            if (Array.IndexOf(offered, t) >= 0) { sum += 1; codes?.Add(t); continue; }
            var related = _crosswalk.GetValueOrDefault(t);
            if (related is null) continue;
            foreach (var r in related)
                if (Array.IndexOf(offered, r) >= 0) { sum += 0.5; codes?.Add(r); break; }
        }
        return sum / asked.Length;
    }

    /// <summary>EUNIS codes are hierarchical: the same code counts 1, the same level-1 group ½.</summary>
    private static double HabitatSimilarity(string[] asked, string[] offered, List<string>? codes)
    {
        if (asked.Length == 0 || offered.Length == 0) return 0;
        double sum = 0;
        foreach (var h in asked)
        {
            string? exact = null;
            foreach (var o in offered)
                if (o == h || (o.Length > h.Length && o.StartsWith(h, StringComparison.Ordinal)) || (h.Length > o.Length && h.StartsWith(o, StringComparison.Ordinal))) { exact = o; break; }
            if (exact is not null) { sum += 1; codes?.Add(exact.Length <= h.Length ? exact : h); continue; }
            foreach (var o in offered)
                if (o[0] == h[0]) { sum += 0.5; codes?.Add(h[..1]); break; }
        }
        return Math.Min(1, sum / asked.Length);
    }

    /// <summary>Help of a neighbouring kind still helps: advice and peer review, mentoring and training, ...</summary>
    private static double KindSimilarity(ExchangeKind asked, ExchangeKind offered)
    {
        if (asked == offered) return 1;
        return (asked, offered) switch
        {
            (ExchangeKind.ExpertAdvice, ExchangeKind.PeerReview) or (ExchangeKind.PeerReview, ExchangeKind.ExpertAdvice) => 0.5,
            (ExchangeKind.ExpertAdvice, ExchangeKind.Mentoring) or (ExchangeKind.Mentoring, ExchangeKind.ExpertAdvice) => 0.5,
            (ExchangeKind.Mentoring, ExchangeKind.Training) or (ExchangeKind.Training, ExchangeKind.Mentoring) => 0.5,
            (ExchangeKind.StudyVisit, ExchangeKind.Training) or (ExchangeKind.Training, ExchangeKind.StudyVisit) => 0.4,
            (ExchangeKind.Tool, ExchangeKind.Training) or (ExchangeKind.Training, ExchangeKind.Tool) => 0.4,
            (ExchangeKind.ExpertAdvice, ExchangeKind.Tool) or (ExchangeKind.Tool, ExchangeKind.ExpertAdvice) => 0.4,
            _ => 0,
        };
    }

    private static bool SharesLanguage(string[] asked, string[] offered)
    {
        foreach (var l in asked)
            if (Array.IndexOf(offered, l) >= 0) return true;
        return false;
    }

    private static bool FormatsFit(ExchangeFormat asked, ExchangeFormat offered) =>
        asked == ExchangeFormat.Both || offered == ExchangeFormat.Both || asked == offered;

    private Dictionary<string, double> ExpandTargets(string[] targets)
    {
        var all = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var t in targets)
        {
            all[t] = 1;
            foreach (var r in _crosswalk.GetValueOrDefault(t) ?? []) all.TryAdd(r, 0.5);
        }
        return all;
    }

    /// <summary>A bit per exchange language (the 64th shared by any beyond): two items that share a language share a bit.</summary>
    private ulong LanguageMask(string[] languages)
    {
        ulong mask = 0;
        foreach (var l in languages)
        {
            if (!_languageBits.TryGetValue(l, out var bit)) _languageBits[l] = bit = Math.Min(_languageBits.Count, 63);
            mask |= 1UL << bit;
        }
        return mask;
    }

    private double Idf(string concept) => Math.Log(1 + (_documents + 1.0) / (1 + _df.GetValueOrDefault(concept)));

    private float Norm(Dictionary<string, float> concepts)
    {
        double sum = 0;
        foreach (var (c, w) in concepts)
        {
            var x = w * Idf(c);
            sum += x * x;
        }
        return (float)Math.Sqrt(sum);
    }

    private void Set(Side side, MatchItem item, bool isOffer)
    {
        lock (_sync)
        {
            RemoveLocked(side, item.Id, isOffer);
            foreach (var c in item.Concepts.Keys) _df[c] = _df.GetValueOrDefault(c) + 1;
            _documents++;
            item.Norm = Norm(item.Concepts);
            // Norms depend on the whole corpus (IDF): recompute them all whenever it has grown or shrunk by a tenth
            // since they were last computed, so that the items indexed first are not favoured.
            if (_documents > _normalisedAt * 1.1 + 50 || _documents < _normalisedAt * 0.9 - 50) RenormaliseLocked();
            var slot = side.Items.Count;
            side.Items.Add(item);
            if (!_partnerOrdinals.TryGetValue(item.PartnerId, out var partnerOrdinal))
            {
                _partnerOrdinals[item.PartnerId] = partnerOrdinal = _partnerIds.Count;
                _partnerIds.Add(item.PartnerId);
            }
            side.Features.Add(new SlotFeatures(item, LanguageMask(item.Languages), partnerOrdinal));
            var vector = new ConceptTerm[item.Concepts.Count];
            var j = 0;
            foreach (var (c, w) in item.Concepts)
            {
                if (!_conceptIds.TryGetValue(c, out var ordinal)) _conceptIds[c] = ordinal = _conceptIds.Count;
                vector[j++] = new ConceptTerm(ordinal, w);
            }
            side.Vectors.Add(vector);
            side.Slots[item.Id] = slot;
            side.Live++;
            foreach (var (c, w) in item.Concepts) side.Post("c:" + c, slot, w, item.Norm);
            foreach (var t in item.Targets) side.Post("t:" + t, slot, 1, 0);
            foreach (var h in item.Habitats.Select(h => h[..1]).Distinct()) side.Post("h:" + h, slot, 1, 0);
            if (isOffer && item.Open) _activeOffersByPartner[item.PartnerId] = _activeOffersByPartner.GetValueOrDefault(item.PartnerId) + 1;
        }
    }

    /// <summary>Recomputes every norm with the IDF of the corpus as it is now.</summary>
    public void Renormalise()
    {
        lock (_sync) RenormaliseLocked();
    }

    private void RenormaliseLocked()
    {
        foreach (var item in _offers.Items.Concat(_requests.Items)) if (item is not null) item.Norm = Norm(item.Concepts);
        _offers.RefreshNorms();
        _requests.RefreshNorms();
        foreach (var p in _partners.Values) p.Norm = Norm(p.Concepts);
        _offers.RecomputeMaxRatios();
        _requests.RecomputeMaxRatios();
        _normalisedAt = _documents;
    }

    private void Remove(Side side, int id, bool isOffer)
    {
        lock (_sync) RemoveLocked(side, id, isOffer);
    }

    /// <summary>Empties the slot; its posting entries are skipped from then on and dropped at the next full load.</summary>
    private void RemoveLocked(Side side, int id, bool isOffer)
    {
        if (!side.Slots.Remove(id, out var slot)) return;
        var old = side.Items[slot]!;
        side.Items[slot] = null;
        side.Vectors[slot] = null;
        CollectionsMarshal.AsSpan(side.Features)[slot].Open = false;
        side.Live--;
        _documents--;
        foreach (var c in old.Concepts.Keys)
            if (_df.TryGetValue(c, out var n)) { if (n <= 1) _df.Remove(c); else _df[c] = n - 1; }
        if (isOffer && old.Open && _activeOffersByPartner.TryGetValue(old.PartnerId, out var count)) _activeOffersByPartner[old.PartnerId] = count - 1;
    }

    /// <summary>The slots holding one concept, target or habitat group. For a concept, the largest weight / norm of its items
    /// (as their norms are now; an emptied slot may leave it larger than needed, never smaller): with the query's weight
    /// and the IDF, the most this concept can add to any of its items' cosine.</summary>
    private sealed class PostingList(bool concept)
    {
        public readonly List<(int Slot, float Weight)> Entries = [];
        public readonly bool Concept = concept;
        public double MaxRatio;
        /// <summary>The largest weight ever posted (never lowered: an emptied slot may leave it larger than needed, never smaller).</summary>
        public float MaxWeight;

        public void Raise(float weight, float norm)
        {
            MaxWeight = Math.Max(MaxWeight, weight);
            if (Concept && norm > 0) MaxRatio = Math.Max(MaxRatio, (double)weight / norm);
        }
    }

    /// <summary>One posting list of a query with the most it can add to an item's relevance.</summary>
    private struct QueryList(PostingList postings, double bound, double factor, bool topic)
    {
        public readonly PostingList Postings = postings;
        public readonly double Bound = bound;
        /// <summary>w_q · IDF² of a concept: a posting's weight times this is its term of the dot product.</summary>
        public readonly double Factor = factor;
        public readonly bool Topic = topic;
        /// <summary>Read in the first phase.</summary>
        public bool First;

        public static readonly Comparison<QueryList> ByBound = static (a, b) => a.Bound.CompareTo(b.Bound);
    }

    private sealed class Side
    {
        public readonly List<MatchItem?> Items = [];
        /// <summary>Per slot, what a first bound needs, in one flat array (a query reads it for thousands of slots).</summary>
        public readonly List<SlotFeatures> Features = [];
        /// <summary>Per slot, the item's concepts as (ordinal, weight), in the order of its dictionary.</summary>
        public readonly List<ConceptTerm[]?> Vectors = [];
        public readonly Dictionary<int, int> Slots = [];
        public readonly Dictionary<string, PostingList> Postings = new(StringComparer.Ordinal);
        public int Live;
        private readonly Scratch _scratch = new();

        /// <summary>The query buffers, emptied, as large as the side (queries hold the index's lock: one at a time).</summary>
        public Scratch Begin(int concepts, int partners)
        {
            _scratch.Reset(Items.Count, concepts, partners);
            return _scratch;
        }

        public MatchItem? Get(int id) => Slots.TryGetValue(id, out var slot) ? Items[slot] : null;

        public void Post(string key, int slot, float weight, float norm)
        {
            if (!Postings.TryGetValue(key, out var list)) Postings[key] = list = new PostingList(key.StartsWith("c:", StringComparison.Ordinal));
            list.Entries.Add((slot, weight));
            list.Raise(weight, norm);
        }

        public void RefreshNorms()
        {
            var features = CollectionsMarshal.AsSpan(Features);
            for (var i = 0; i < features.Length; i++)
                if (Items[i] is { } item) features[i].Norm = item.Norm;
        }

        /// <summary>After the norms changed: each concept's largest weight / norm over its live items.</summary>
        public void RecomputeMaxRatios()
        {
            foreach (var list in Postings.Values)
            {
                if (!list.Concept) continue;
                list.MaxRatio = 0;
                foreach (var (slot, weight) in CollectionsMarshal.AsSpan(list.Entries))
                    if (Items[slot] is { } item) list.Raise(weight, item.Norm);
            }
        }
    }

    /// <summary>Per-slot buffers of a query, kept between queries so that one costs no allocation in proportion to the
    /// side: the dot products, which slots were seen (and in which phase), a max-heap of (bound, slot) for the candidates,
    /// the query's lists, and the query's position of each concept ordinal it has.</summary>
    private sealed class Scratch
    {
        /// <summary>A query of at most this many concepts takes exact dot products from the slots' ordinals (a bit per position).</summary>
        public const int OrderedTerms = 64;
        public double[] Dots = [];
        /// <summary>The bounds of the target and habitat lists a second-phase slot is on.</summary>
        public double[] Extra = [];
        private double[] _bounds = [];
        private int[] _slots = [];
        public readonly List<QueryList> Lists = [];
        public readonly Dictionary<string, double> TargetBounds = new(StringComparer.Ordinal);
        public readonly Dictionary<string, double> HabitatBounds = new(StringComparer.Ordinal);
        private string[] _keys = [];
        private double[] _factors = [];
        /// <summary>Per slot: the query's number if seen in the first phase, its negation if first seen in the second.</summary>
        private int[] _mark = [];
        private int _query;
        /// <summary>Per concept ordinal: 1 + its position among the query's concepts, 0 when the query has not got it.</summary>
        private int[] _positions = [];
        private readonly List<int> _positioned = [];
        private readonly double[] _terms = new double[OrderedTerms];
        /// <summary>What a slot's first bound needs beyond its own arrays, for the phase under way.</summary>
        public readonly PhaseBounds Phase = new();

        /// <summary>Per partner ordinal: its bonus bound for this query, valid where the stamp is the query's number.</summary>
        private double[] _bonus = [];
        private int[] _bonusStamp = [];

        public void Reset(int size, int concepts, int partners)
        {
            var renumber = false;
            if (_bonus.Length < partners)
            {
                var capacity = Math.Max(partners, 2 * _bonus.Length);
                _bonus = new double[capacity];
                _bonusStamp = new int[capacity];
                renumber = true;
            }
            if (Dots.Length < size)
            {
                var capacity = Math.Max(size, Dots.Length * 2);
                Dots = new double[capacity];
                Extra = new double[capacity];
                _bounds = new double[capacity];
                _slots = new int[capacity];
                _mark = new int[capacity];
                renumber = true;
            }
            // Queries are numbered so that no buffer needs clearing between two; a new buffer, or the end of the numbers,
            // restarts the numbering with every stamp cleared.
            if (renumber || _query == int.MaxValue - 1)
            {
                Array.Clear(_mark);
                Array.Clear(_bonusStamp);
                _query = 0;
            }
            _query++;
            foreach (var ordinal in _positioned) _positions[ordinal] = 0;
            _positioned.Clear();
            if (_positions.Length < concepts) Array.Resize(ref _positions, Math.Max(concepts, 2 * _positions.Length));
            Lists.Clear();
            TargetBounds.Clear();
            HabitatBounds.Clear();
        }

        public string[] Keys(int n) => _keys.Length >= n ? _keys : _keys = new string[Math.Max(n, 2 * _keys.Length)];
        public double[] Factors(int n) => _factors.Length >= n ? _factors : _factors = new double[Math.Max(n, 2 * _factors.Length)];

        /// <summary>The query's concept number <paramref name="position"/> has this ordinal.</summary>
        public void Position(int ordinal, int position)
        {
            if (position >= OrderedTerms) return; // such a query takes the dictionary path (Bound)
            _positions[ordinal] = position + 1;
            _positioned.Add(ordinal);
        }

        /// <summary>The dot product of the query's factors with a slot's weights, summed in the query's order (the terms are
        /// put at their query position, then added by ascending position): bit for bit the sum of <c>factors[i] · w</c> over
        /// the query's concepts the item has, in the query's order.</summary>
        public double Dot(ConceptTerm[] vector, double[] factors)
        {
            ulong present = 0;
            foreach (var (ordinal, weight) in vector)
            {
                var p = _positions[ordinal] - 1;
                if (p < 0) continue;
                _terms[p] = factors[p] * weight;
                present |= 1UL << p;
            }
            double dot = 0;
            for (; present != 0; present &= present - 1) dot += _terms[System.Numerics.BitOperations.TrailingZeroCount(present)];
            return dot;
        }

        /// <summary>First phase: a slot becomes a candidate, its dot product starting at the given term and its target and
        /// habitat bounds at <paramref name="extra"/>; a slot already seen adds them.</summary>
        public void AccumulateFirst(int slot, double dot, double extra)
        {
            if (_mark[slot] == _query)
            {
                Dots[slot] += dot;
                Extra[slot] += extra;
                return;
            }
            _mark[slot] = _query;
            Dots[slot] = dot;
            Extra[slot] = extra;
        }

        public bool InFirst(int slot) => _mark[slot] == _query;

        public bool CachedBonus(int ordinal, out double bonus)
        {
            var cached = ordinal >= 0 && _bonusStamp[ordinal] == _query;
            bonus = cached ? _bonus[ordinal] : 0;
            return cached;
        }

        public void CacheBonus(int ordinal, double bonus)
        {
            _bonus[ordinal] = bonus;
            _bonusStamp[ordinal] = _query;
        }

        /// <summary>Second phase: a slot not seen in the first becomes a candidate, its dot product starting at the given term
        /// and its target and habitat bounds at <paramref name="extra"/>; a second-phase slot adds them.</summary>
        public void Accumulate(int slot, double dot, double extra)
        {
            var mark = _mark[slot];
            if (mark == -_query)
            {
                Dots[slot] += dot;
                Extra[slot] += extra;
            }
            else if (mark != _query)
            {
                _mark[slot] = -_query;
                Dots[slot] = dot;
                Extra[slot] = extra;
            }
        }

        public bool InSecond(int slot) => _mark[slot] == -_query;

        public void Push(ref int count, int slot, double bound)
        {
            var i = count++;
            while (i > 0)
            {
                var parent = (i - 1) / 2;
                if (_bounds[parent] >= bound) break;
                (_bounds[i], _slots[i]) = (_bounds[parent], _slots[parent]);
                i = parent;
            }
            (_bounds[i], _slots[i]) = (bound, slot);
        }

        /// <summary>The candidate with the highest bound, removed from the heap.</summary>
        public bool Pop(ref int count, out int slot, out double bound)
        {
            if (count == 0) { slot = 0; bound = 0; return false; }
            (slot, bound) = (_slots[0], _bounds[0]);
            count--;
            (_slots[0], _bounds[0]) = (_slots[count], _bounds[count]);
            SiftDown(0, count);
            return true;
        }

        private void SiftDown(int i, int count)
        {
            while (true)
            {
                var child = 2 * i + 1;
                if (child >= count) return;
                if (child + 1 < count && _bounds[child + 1] > _bounds[child]) child++;
                if (_bounds[child] <= _bounds[i]) return;
                (_bounds[i], _bounds[child]) = (_bounds[child], _bounds[i]);
                (_slots[i], _slots[child]) = (_slots[child], _slots[i]);
                i = child;
            }
        }
    }
}

/// <summary>An item's features that a first bound reads, by value. Days are day numbers; a missing date is the
/// farthest one in the direction that changes nothing (no deadline: never passed; no start: never late).</summary>
internal struct SlotFeatures(MatchItem item, ulong languages, int partnerOrdinal = -1)
{
    public readonly int PartnerOrdinal = partnerOrdinal;
    public bool Open = item.Open;
    public readonly int PartnerId = item.PartnerId;
    public readonly ExchangeKind Kind = item.Kind;
    public readonly ExchangeFormat Format = item.Format;
    public readonly int From = item.From?.DayNumber ?? int.MinValue;
    public readonly int Until = item.Until?.DayNumber ?? int.MaxValue;
    public readonly ulong Languages = languages;
    public float Norm = item.Norm;
}

/// <summary>A query's phase: the bound of the target and habitat lists it does not read (with the unlisted targets), and the
/// query's own flat features.</summary>
internal sealed class PhaseBounds
{
    public double Unread;
    public SlotFeatures Probe;
}

/// <summary>One concept of a slot: its ordinal in the index and its weight before IDF.</summary>
internal readonly record struct ConceptTerm(int Ordinal, float Weight);

/// <summary>What one query read: posting entries, distinct items seen, items whose exact relevance and bound were taken,
/// items scored in full (with their reasons).</summary>
internal struct MatchQueryStats
{
    public int PostingsRead, Candidates, Bounded, Scored;
    /// <summary>Candidates whose exact dot product was taken (off the heap with a first bound at or above the k-th score).</summary>
    public int Dotted;
}
