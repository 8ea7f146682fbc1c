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

    public int OfferCount { get { lock (_sync) return _offers.Live; } }
    public int RequestCount { get { lock (_sync) return _requests.Live; } }
    /// <summary>Emptied slots whose posting entries are still there: the owner rebuilds the index when they outgrow the live ones.</summary>
    public int DeadSlots { get { lock (_sync) return _offers.Items.Count - _offers.Live + _requests.Items.Count - _requests.Live; } }

    /// <summary>Targets related across frameworks (both ways): a request for KMGBF 12 meets an offer for NRR Art. 8.</summary>
    public void SetCrosswalk(IReadOnlyDictionary<string, string[]> crosswalk)
    {
        lock (_sync) _crosswalk = crosswalk;
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
                var reasons = new List<MatchReason>
                {
                    new(ReasonKind.Expertise, shared.OrderByDescending(s => s.Weight).Select(s => s.Concept).Take(4).ToList()),
                };
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
            var scratch = side.Begin();
            // Topic: accumulate IDF² · w_q · w_d along the posting lists of the query's concepts.
            foreach (var (concept, wq) in query.Concepts)
            {
                if (!side.Postings.TryGetValue("c:" + concept, out var postings)) continue;
                var idf = Idf(concept);
                var factor = wq * idf * idf;
                foreach (var (slot, wd) in CollectionsMarshal.AsSpan(postings))
                {
                    scratch.Touch(slot);
                    scratch.Dots[slot] += factor * wd;
                }
            }
            // Items that share only a target or a habitat are candidates too.
            foreach (var t in ExpandTargets(query.Targets).Keys)
                if (side.Postings.TryGetValue("t:" + t, out var postings)) foreach (var (slot, _) in CollectionsMarshal.AsSpan(postings)) scratch.Touch(slot);
            foreach (var h in query.Habitats)
                if (side.Postings.TryGetValue("h:" + h[..1], out var postings)) foreach (var (slot, _) in CollectionsMarshal.AsSpan(postings)) scratch.Touch(slot);

            // Most candidates share only a common concept or target: their relevance is cheap, their reasons are not.
            // So each candidate first gets a bound on its final score (its relevance, kind and factors exactly, every
            // bonus at its maximum), and only the best bounds are scored in full, until no bound can reach the top.
            var count = 0;
            foreach (var slot in scratch.Touched)
            {
                var item = side.Items[slot];
                if (item is null || !item.Open || item.PartnerId == query.PartnerId) continue;
                var request = requestSide ? query : item;
                var offer = requestSide ? item : query;
                if (offer.Until is { } until && until < today) continue; // the offer has run out
                var topic = queryNorm == 0 || item.Norm == 0 ? 0 : scratch.Dots[slot] / (queryNorm * item.Norm);
                var relevance = TopicWeight * topic + TargetWeight * TargetSimilarity(request.Targets, offer.Targets, null)
                                + HabitatWeight * HabitatSimilarity(request.Habitats, offer.Habitats, null);
                if (relevance < MinimumRelevance) continue;
                var bound = relevance + KindWeight * KindSimilarity(request.Kind, offer.Kind) + MaxBonus;
                if (!SharesLanguage(request.Languages, offer.Languages)) bound *= LanguageGapFactor;
                if (!FormatsFit(request.Format, offer.Format)) bound *= FormatFactor;
                if (request.Until is { } deadline && offer.From is { } from && from > deadline) bound *= TimeFactor;
                scratch.Bounds[count] = Math.Min(bound, 1) + BoundSlack;
                scratch.Slots[count++] = slot;
            }

            var owner = _partners.GetValueOrDefault(query.PartnerId);
            var ranked = new List<(double Score, MatchItem Item, List<MatchReason> Reasons)>();
            var top = new List<(double Score, int Id)>(take + 1);
            scratch.Heapify(count);
            while (scratch.Pop(ref count, out var slot, out var bound))
            {
                // Sorted by score, then id: an item whose bound is below the k-th score can neither pass nor tie it.
                if (top.Count == take && bound < top[^1].Score) break;
                if (Score(query, side.Items[slot]!, scratch.Dots[slot], queryNorm, owner, today, requestSide) is not { } scored) continue;
                ranked.Add(scored);
                var at = top.FindIndex(t => t.Score < scored.Score || (t.Score == scored.Score && t.Id > scored.Item.Id));
                top.Insert(at < 0 ? top.Count : at, (scored.Score, scored.Item.Id));
                if (top.Count > take) top.RemoveAt(take);
            }
            return ranked.OrderByDescending(r => r.Score).ThenBy(r => r.Item.Id).Take(take)
                .Select(r => new Match(type, r.Item.Id, r.Item.Slug, r.Item.Title, r.Item.Language, r.Item.PartnerId, Math.Round(r.Score, 4), r.Reasons))
                .ToList();
        }
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
        if (topic > 0) reasons.Add(new MatchReason(ReasonKind.Themes, SharedConcepts(request, offer)));
        if (targetCodes.Count > 0) reasons.Add(new MatchReason(ReasonKind.Targets, targetCodes));
        if (habitatCodes.Count > 0) reasons.Add(new MatchReason(ReasonKind.Habitats, habitatCodes));

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
            side.Slots[item.Id] = slot;
            side.Live++;
            foreach (var (c, w) in item.Concepts) side.Post("c:" + c, slot, w);
            foreach (var t in item.Targets) side.Post("t:" + t, slot, 1);
            foreach (var h in item.Habitats.Select(h => h[..1]).Distinct()) side.Post("h:" + h, slot, 1);
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
        foreach (var p in _partners.Values) p.Norm = Norm(p.Concepts);
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
        side.Live--;
        _documents--;
        foreach (var c in old.Concepts.Keys)
            if (_df.TryGetValue(c, out var n)) { if (n <= 1) _df.Remove(c); else _df[c] = n - 1; }
        if (isOffer && old.Open && _activeOffersByPartner.TryGetValue(old.PartnerId, out var count)) _activeOffersByPartner[old.PartnerId] = count - 1;
    }

    private sealed class Side
    {
        public readonly List<MatchItem?> Items = [];
        public readonly Dictionary<int, int> Slots = [];
        public readonly Dictionary<string, List<(int Slot, float Weight)>> Postings = new(StringComparer.Ordinal);
        public int Live;
        private readonly Scratch _scratch = new();

        /// <summary>The query buffers, emptied, as large as the side (queries hold the index's lock: one at a time).</summary>
        public Scratch Begin()
        {
            _scratch.Reset(Items.Count);
            return _scratch;
        }

        public MatchItem? Get(int id) => Slots.TryGetValue(id, out var slot) ? Items[slot] : null;

        public void Post(string key, int slot, float weight)
        {
            if (!Postings.TryGetValue(key, out var list)) Postings[key] = list = [];
            list.Add((slot, weight));
        }
    }

    /// <summary>Per-slot buffers of a query, kept between queries so that one costs no allocation in proportion to the
    /// side: the accumulated dot products, which slots were touched, and a max-heap of (bound, slot) for the candidates.</summary>
    private sealed class Scratch
    {
        public double[] Dots = [];
        public double[] Bounds = [];
        public int[] Slots = [];
        public readonly List<int> Touched = [];
        private int[] _stamp = [];
        private int _query;

        public void Reset(int size)
        {
            if (Dots.Length < size)
            {
                var capacity = Math.Max(size, Dots.Length * 2);
                Dots = new double[capacity];
                Bounds = new double[capacity];
                Slots = new int[capacity];
                _stamp = new int[capacity];
                _query = 0;
            }
            if (++_query == int.MaxValue)
            {
                Array.Clear(_stamp);
                _query = 1;
            }
            Touched.Clear();
        }

        /// <summary>Makes the slot a candidate of this query, its dot product starting at 0.</summary>
        public void Touch(int slot)
        {
            if (_stamp[slot] == _query) return;
            _stamp[slot] = _query;
            Dots[slot] = 0;
            Touched.Add(slot);
        }

        public void Heapify(int count)
        {
            for (var i = count / 2 - 1; i >= 0; i--) SiftDown(i, count);
        }

        /// <summary>The candidate with the highest bound, removed from the heap.</summary>
        public bool Pop(ref int count, out int slot, out double bound)
        {
            if (count == 0) { slot = 0; bound = 0; return false; }
            (slot, bound) = (Slots[0], Bounds[0]);
            count--;
            (Slots[0], Bounds[0]) = (Slots[count], Bounds[count]);
            SiftDown(0, count);
            return true;
        }

        private void SiftDown(int i, int count)
        {
            while (true)
            {
                var child = 2 * i + 1;
                if (child >= count) return;
                if (child + 1 < count && Bounds[child + 1] > Bounds[child]) child++;
                if (Bounds[child] <= Bounds[i]) return;
                (Bounds[i], Bounds[child]) = (Bounds[child], Bounds[i]);
                (Slots[i], Slots[child]) = (Slots[child], Slots[i]);
                i = child;
            }
        }
    }
}
