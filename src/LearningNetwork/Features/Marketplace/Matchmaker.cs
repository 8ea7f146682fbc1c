using System.Collections.Concurrent;
using System.Globalization;
using LearningNetwork.Data;
using LearningNetwork.Domain;
using LearningNetwork.Features.Practices;
using LearningNetwork.Features.Search;
using LearningNetwork.Features.Targets;
using Microsoft.EntityFrameworkCore;

namespace LearningNetwork.Features.Marketplace;

/// <summary>
/// This node's <see cref="MatchIndex"/>, loaded from the database on first use and kept current by the search log
/// (every save of an offer, request, partner or practice writes a row in the same transaction): before answering, the
/// node applies the rows it has not seen, so a match never comes from a stale copy, whichever node wrote the change.
/// Items in a language the thesaurus barely covers are read through a machine translation as well (<see cref="ConceptBridge"/>):
/// until it is made (in the background) they match on their own words, and the index re-reads them once it is.
/// </summary>
public sealed class Matchmaker(ISearchIndex search, TargetContent content, ConceptBridge bridge, ILogger<Matchmaker> log) : IDisposable
{
    /// <summary>Weights of the concepts of an item before IDF: tagged by the partner, found in its text, one step away
    /// in GEMET from a tagged one.</summary>
    public const float ThemeWeight = 1f, TextWeight = 0.5f, NeighbourWeight = 0.3f;

    /// <summary>The facets of concepts (Vocabulary/concept-facets.json), read once: shipped data, not edited at run time.</summary>
    private static readonly Lazy<ConceptFacets> Facets = new(() => ConceptFacets.Load(ConceptFacets.FacetsFile));

    private readonly SemaphoreSlim _gate = new(1, 1);
    private MatchIndex? _index;
    private long _cursor = -1;
    private Thesaurus? _thesaurus;
    private volatile ConceptExtractor? _extractor;
    private List<(int, int)>? _relations;
    /// <summary>Indexed offers and requests whose text's translation was not made yet, with the key it is known by.</summary>
    private readonly ConcurrentDictionary<(string Kind, int Id), (string Language, string Hash)> _waiting = new();
    private long _bridgeVersion;

    public void Dispose() => _gate.Dispose();

    /// <summary>The index, with every change committed before this call applied.</summary>
    public async Task<MatchIndex> CurrentAsync(LearningNetworkDb db, CancellationToken ct)
    {
        var latest = await db.SearchLog.MaxAsync(e => (long?)e.Id, ct) ?? 0;
        if (_index is not null && latest <= Volatile.Read(ref _cursor) && (_waiting.IsEmpty || bridge.Version == Interlocked.Read(ref _bridgeVersion))) return _index;
        await _gate.WaitAsync(ct);
        try
        {
            // Every edit leaves the old entry's postings behind: rebuild once they outnumber the live items.
            if (_index is not null && _index.DeadSlots > 1000 + _index.OfferCount + _index.RequestCount) _index = null;
            if (_index is null)
            {
                var started = DateTime.UtcNow;
                var index = new MatchIndex();
                await LoadAllAsync(db, index, ct);
                _index = index;
                Volatile.Write(ref _cursor, latest);
                log.LogInformation("Match index loaded: {Offers} offers, {Requests} requests in {Ms:0} ms; {Waiting} waiting for the concept bridge",
                    index.OfferCount, index.RequestCount, (DateTime.UtcNow - started).TotalMilliseconds, _waiting.Count);
            }
            else if (latest > _cursor)
            {
                await ApplyAsync(db, _index, _cursor, latest, ct);
                Volatile.Write(ref _cursor, latest);
            }
            await ApplyBridgeAsync(db, _index, ct);
            return _index;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The matcher's view of one request or offer, built without the index (for an item not saved yet, or the bench).</summary>
    public async Task<MatchItem> DescribeAsync(LearningNetworkDb db, HelpRequest request, CancellationToken ct) =>
        (await ItemsAsync(db, null, [(request.Id, request.Slug, request.PartnerId, request.Title, request.Description, request.Language, request.Kind, request.Format,
            request.State is RequestState.Open or RequestState.InDiscussion, null, request.Deadline, request.Tags.Select(t => (t.Scheme, t.Code)).ToList())], ct))[0];

    /// <summary>The matcher's view of a helpdesk question: a request for expert advice, in any format, in the given
    /// languages (the question's and the asking organisation's working languages), about its themes, targets and text.</summary>
    public async Task<MatchItem> DescribeAsync(LearningNetworkDb db, HelpdeskQuestion question, IEnumerable<string> languages, CancellationToken ct) =>
        (await ItemsAsync(db, null, [(question.Id, question.Slug, question.PartnerId, question.Title, question.Body, question.Language, ExchangeKind.ExpertAdvice,
            ExchangeFormat.Both, true, null, null, question.Tags.Select(t => (t.Scheme, t.Code))
                .Concat(languages.Distinct().Select(l => (MarketTagSchemes.Language, l))).ToList())], ct))[0];

    /// <summary>The matcher's view of a programme (peer review, study visit, twinning): a request for that kind of help
    /// (a twinning as mentoring), on site, in the given languages, about its themes, targets and text (title, description
    /// and focus).</summary>
    public async Task<MatchItem> DescribeAsync(LearningNetworkDb db, Programme programme, IEnumerable<string> languages, CancellationToken ct) =>
        (await ItemsAsync(db, null, [(programme.Id, programme.Slug, programme.PartnerId, programme.Title, programme.Description + "\n\n" + programme.Focus, programme.Language,
            programme.Kind switch { ProgrammeKind.PeerReview => ExchangeKind.PeerReview, ProgrammeKind.StudyVisit => ExchangeKind.StudyVisit, _ => ExchangeKind.Mentoring },
            ExchangeFormat.OnSite, true, null, null, programme.Tags.Select(t => (t.Scheme, t.Code))
                .Concat(languages.Distinct().Select(l => (MarketTagSchemes.Language, l))).ToList())], ct))[0];

    private async Task LoadAllAsync(LearningNetworkDb db, MatchIndex index, CancellationToken ct)
    {
        var codes = await db.PolicyTargets.AsNoTracking().Select(t => t.FrameworkCode + ":" + t.Code).ToListAsync(ct);
        index.SetCrosswalk(TargetCrosswalk.Build(content, codes));
        index.SetFacets(Facets.Value);
        foreach (var p in await PartnersAsync(db, null, ct)) index.SetPartner(p);
        await LoadHistoryAsync(db, index, ct);
        var offerIds = await db.Offers.AsNoTracking().Select(o => o.Id).ToListAsync(ct);
        foreach (var batch in offerIds.Chunk(2000)) foreach (var o in await OffersAsync(db, batch, ct)) index.SetOffer(o);
        var requestIds = await db.Requests.AsNoTracking().Select(r => r.Id).ToListAsync(ct);
        foreach (var batch in requestIds.Chunk(2000)) foreach (var r in await RequestsAsync(db, batch, ct)) index.SetRequest(r);
        index.Renormalise(); // every item against the same corpus, whatever the order it was loaded in
    }

    private async Task ApplyAsync(LearningNetworkDb db, MatchIndex index, long after, long upTo, CancellationToken ct)
    {
        var entries = await db.SearchLog.AsNoTracking().Where(e => e.Id > after && e.Id <= upTo).Select(e => new { e.ItemType, e.ItemId }).ToListAsync(ct);
        var offers = entries.Where(e => e.ItemType == "offer").Select(e => e.ItemId).Distinct().ToList();
        var requests = entries.Where(e => e.ItemType == "request").Select(e => e.ItemId).Distinct().ToList();
        var partners = entries.Where(e => e.ItemType == "partner").Select(e => e.ItemId).ToHashSet();
        var practices = entries.Where(e => e.ItemType == "practice").Select(e => e.ItemId).Distinct().ToList();
        if (practices.Count > 0)
            partners.UnionWith(await db.Practices.AsNoTracking().Where(p => practices.Contains(p.Id)).Select(p => p.PartnerId).ToListAsync(ct));
        if (partners.Count > 0)
            foreach (var p in await PartnersAsync(db, partners.ToList(), ct)) index.SetPartner(p);
        var loadedOffers = (await OffersAsync(db, offers, ct)).ToDictionary(o => o.Id);
        foreach (var id in offers)
            if (loadedOffers.TryGetValue(id, out var o)) index.SetOffer(o); else index.RemoveOffer(id);
        var loadedRequests = (await RequestsAsync(db, requests, ct)).ToDictionary(r => r.Id);
        foreach (var id in requests)
            if (loadedRequests.TryGetValue(id, out var r)) index.SetRequest(r); else index.RemoveRequest(id);
        if (requests.Count > 0) await LoadHistoryAsync(db, index, ct);
    }

    /// <summary>Re-reads the indexed items whose translation is now settled (made or given up), so they gain its concepts.</summary>
    private async Task ApplyBridgeAsync(LearningNetworkDb db, MatchIndex index, CancellationToken ct)
    {
        var version = bridge.Version;
        if (_waiting.IsEmpty || version == Interlocked.Read(ref _bridgeVersion)) return;
        var settled = _waiting.Where(w => bridge.Settled(w.Value)).Select(w => w.Key).ToList();
        foreach (var key in settled) _waiting.TryRemove(key, out _);
        var offers = settled.Where(k => k.Kind == "offer").Select(k => k.Id).ToList();
        var requests = settled.Where(k => k.Kind == "request").Select(k => k.Id).ToList();
        foreach (var batch in offers.Chunk(2000)) foreach (var o in await OffersAsync(db, batch, ct)) index.SetOffer(o);
        foreach (var batch in requests.Chunk(2000)) foreach (var r in await RequestsAsync(db, batch, ct)) index.SetRequest(r);
        Interlocked.Exchange(ref _bridgeVersion, version);
    }

    private static async Task LoadHistoryAsync(LearningNetworkDb db, MatchIndex index, CancellationToken ct)
    {
        var pairs = await db.Requests.AsNoTracking()
            .Where(r => r.State == RequestState.Closed && r.MatchedPartnerId != null && (r.Outcome == RequestOutcome.Solved || r.Outcome == RequestOutcome.Partly))
            .Select(r => new { r.PartnerId, Other = r.MatchedPartnerId!.Value }).ToListAsync(ct);
        index.ClearSuccessfulExchanges();
        foreach (var p in pairs) index.AddSuccessfulExchange(p.PartnerId, p.Other);
    }

    private async Task<List<MatchItem>> OffersAsync(LearningNetworkDb db, IReadOnlyCollection<int> ids, CancellationToken ct)
    {
        if (ids.Count == 0) return [];
        var offers = await db.Offers.AsNoTracking().Where(o => ids.Contains(o.Id)).Include(o => o.Tags).AsSplitQuery().ToListAsync(ct);
        return await ItemsAsync(db, "offer", offers.Select(o => (o.Id, o.Slug, o.PartnerId, o.Title, o.Description, o.Language, o.Kind, o.Format,
            o.State == OfferState.Active, o.AvailableFrom, o.AvailableUntil, o.Tags.Select(t => (t.Scheme, t.Code)).ToList())).ToList(), ct);
    }

    private async Task<List<MatchItem>> RequestsAsync(LearningNetworkDb db, IReadOnlyCollection<int> ids, CancellationToken ct)
    {
        if (ids.Count == 0) return [];
        var requests = await db.Requests.AsNoTracking().Where(r => ids.Contains(r.Id)).Include(r => r.Tags).AsSplitQuery().ToListAsync(ct);
        return await ItemsAsync(db, "request", requests.Select(r => (r.Id, r.Slug, r.PartnerId, r.Title, r.Description, r.Language, r.Kind, r.Format,
            r.State is RequestState.Open or RequestState.InDiscussion, (DateOnly?)null, r.Deadline, r.Tags.Select(t => (t.Scheme, t.Code)).ToList())).ToList(), ct);
    }

    /// <summary>The matcher's view of rows. <paramref name="kind"/> is "offer" or "request" for indexed items (re-read when their
    /// translation is made), null for an item described on its own (it uses a translation already made, and asks for one for
    /// next time).</summary>
    private async Task<List<MatchItem>> ItemsAsync(LearningNetworkDb db, string? kind,
        List<(int Id, string Slug, int PartnerId, string Title, string Description, string Language, ExchangeKind Kind, ExchangeFormat Format, bool Open,
            DateOnly? From, DateOnly? Until, List<(string Scheme, string Code)> Tags)> rows, CancellationToken ct)
    {
        var extractor = await ExtractorAsync(db, ct);
        var themeIds = rows.SelectMany(r => r.Tags.Where(t => t.Scheme == MarketTagSchemes.Theme)).Select(t => int.TryParse(t.Code, CultureInfo.InvariantCulture, out var id) ? id : 0)
            .Where(id => id > 0).Distinct().ToList();
        var neighbours = (await db.GemetRelations.AsNoTracking().Where(r => themeIds.Contains(r.ConceptId)).Select(r => new { r.ConceptId, r.TargetId }).ToListAsync(ct))
            .ToLookup(r => r.ConceptId, r => r.TargetId);
        var items = new List<MatchItem>(rows.Count);
        foreach (var r in rows)
        {
            var concepts = new Dictionary<string, float>(StringComparer.Ordinal);
            void Add(string c, float w) { if (!concepts.TryGetValue(c, out var old) || old < w) concepts[c] = w; }
            var text = r.Title + "\n" + (PracticeMarkdown.PlainText(r.Description) ?? r.Description);
            var translation = bridge.Translation(r.Language, text, out var waitingFor);
            if (kind is not null)
            {
                if (waitingFor is { } key) _waiting[(kind, r.Id)] = key;
                else _waiting.TryRemove((kind, r.Id), out _);
            }
            var found = extractor.Find(r.Language, text, translation, out var bridged);
            foreach (var c in found) Add(c, TextWeight);
            var themes = new HashSet<string>(StringComparer.Ordinal);
            foreach (var t in r.Tags.Where(t => t.Scheme == MarketTagSchemes.Theme))
            {
                Add("gemet:" + t.Code, ThemeWeight);
                themes.Add("gemet:" + t.Code);
                if (int.TryParse(t.Code, CultureInfo.InvariantCulture, out var id))
                    foreach (var n in neighbours[id]) Add("gemet:" + n.ToString(CultureInfo.InvariantCulture), NeighbourWeight);
            }
            var languages = r.Tags.Where(t => t.Scheme == MarketTagSchemes.Language).Select(t => t.Code).ToList();
            if (languages.Count == 0) languages.Add(r.Language);
            items.Add(new MatchItem
            {
                Id = r.Id, Slug = r.Slug, PartnerId = r.PartnerId, Title = r.Title, Language = r.Language, Kind = r.Kind, Format = r.Format, Open = r.Open,
                From = r.From, Until = r.Until, Concepts = concepts, Themes = themes, Bridged = bridged,
                Targets = r.Tags.Where(t => t.Scheme == MarketTagSchemes.Target).Select(t => t.Code).ToArray(),
                Habitats = r.Tags.Where(t => t.Scheme == MarketTagSchemes.Habitat && t.Code.Length > 0).Select(t => t.Code).ToArray(),
                Languages = languages.Distinct().ToArray(),
            });
        }
        return items;
    }

    private static async Task<List<MatchPartner>> PartnersAsync(LearningNetworkDb db, List<int>? ids, CancellationToken ct)
    {
        var query = db.Partners.AsNoTracking();
        if (ids is not null) query = query.Where(p => ids.Contains(p.Id));
        var partners = await query.Include(p => p.Themes).Include(p => p.Languages).Include(p => p.BiogeographicalRegions).AsSplitQuery().ToListAsync(ct);
        var partnerIds = partners.Select(p => p.Id).ToList();
        var tags = await db.Practices.AsNoTracking()
            .Where(p => partnerIds.Contains(p.PartnerId) && p.Stage == PracticeStage.Published)
            .SelectMany(p => p.Tags.Where(t => t.Scheme == PracticeTagSchemes.Theme || t.Scheme == PracticeTagSchemes.Target), (p, t) => new { p.PartnerId, t.Scheme, t.Code })
            .ToListAsync(ct);
        var byPartner = tags.ToLookup(t => t.PartnerId);
        // Where a partner has no point of its own, its NUTS region's centroid or its ISO 3166-2 subdivision's representative
        // point stands for it, so "neighbouring territory" (within 300 km) works inside and outside NUTS (docs/regions.md).
        var unplaced = partners.Where(p => p.Latitude is null || p.Longitude is null).ToList();
        var nutsCodes = unplaced.Where(p => p.NutsCode != null).Select(p => p.NutsCode!).Distinct().ToList();
        var centroids = nutsCodes.Count == 0 ? [] : (await db.NutsRegions.AsNoTracking()
                .Where(r => nutsCodes.Contains(r.Code) && r.CentroidLatitude != null && r.CentroidLongitude != null)
                .Select(r => new { r.Code, r.CentroidLatitude, r.CentroidLongitude }).ToListAsync(ct))
            .ToDictionary(r => r.Code, r => (Lat: r.CentroidLatitude!.Value, Lon: r.CentroidLongitude!.Value));
        var subdivisionCodes = unplaced.Where(p => p.SubdivisionCode != null).Select(p => p.SubdivisionCode!).Distinct().ToList();
        var subdivisionPoints = subdivisionCodes.Count == 0 ? [] : (await db.Subdivisions.AsNoTracking()
                .Where(s => subdivisionCodes.Contains(s.Code) && s.Latitude != null && s.Longitude != null)
                .Select(s => new { s.Code, s.Latitude, s.Longitude }).ToListAsync(ct))
            .ToDictionary(s => s.Code, s => (Lat: s.Latitude!.Value, Lon: s.Longitude!.Value));
        (double? Lat, double? Lon) PointOf(Partner p) =>
            p is { Latitude: { } la, Longitude: { } lo } ? (la, lo)
            : p.NutsCode is not null && centroids.TryGetValue(p.NutsCode, out var c) ? (c.Lat, c.Lon)
            : p.SubdivisionCode is not null && subdivisionPoints.TryGetValue(p.SubdivisionCode, out var s) ? (s.Lat, s.Lon)
            : (null, null);
        return partners.Select(p =>
        {
            var point = PointOf(p);
            var own = byPartner[p.Id].ToList();
            var practiceConcepts = own.Where(t => t.Scheme == PracticeTagSchemes.Theme).GroupBy(t => "gemet:" + t.Code).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
            var concepts = practiceConcepts.Keys.ToDictionary(c => c, _ => 0.6f, StringComparer.Ordinal);
            foreach (var t in p.Themes) concepts["gemet:" + t.ConceptId.ToString(CultureInfo.InvariantCulture)] = 1f;
            return new MatchPartner
            {
                Id = p.Id, Slug = p.Slug, Name = p.Name, Type = p.Type, Country = p.CountryCode, Nuts = p.NutsCode, Latitude = point.Lat, Longitude = point.Lon,
                Population = p.Population, Bioregions = p.BiogeographicalRegions.Select(b => b.RegionCode).ToArray(),
                Languages = p.Languages.Select(l => l.LanguageCode).ToArray(), Concepts = concepts, PracticeConcepts = practiceConcepts,
                PracticeTargets = own.Where(t => t.Scheme == PracticeTagSchemes.Target).GroupBy(t => t.Code).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal),
            };
        }).ToList();
    }

    /// <summary>The search index's thesaurus once it is open; until then one loaded here.</summary>
    /// <summary>The concept extractor over the current thesaurus (rebuilt when the thesaurus is), with GEMET's relations.</summary>
    public async Task<ConceptExtractor> ExtractorAsync(LearningNetworkDb db, CancellationToken ct)
    {
        var thesaurus = await ThesaurusAsync(db, ct);
        var current = _extractor;
        if (current is not null && ReferenceEquals(current.Thesaurus, thesaurus)) return current;
        _relations ??= (await db.GemetRelations.AsNoTracking().Select(r => new { r.ConceptId, r.TargetId }).ToListAsync(ct)).Select(r => (r.ConceptId, r.TargetId)).ToList();
        current = ConceptExtractor.Load(thesaurus, _relations, ConceptExtractor.SensesFile, Thesaurus.VocabularyFolder);
        _extractor = current;
        return current;
    }

    public async Task<Thesaurus> ThesaurusAsync(LearningNetworkDb db, CancellationToken ct)
    {
        if (search.Ready) return search.Thesaurus;
        return _thesaurus ??= await Thesaurus.LoadAsync(db, ct);
    }
}
