using System.Globalization;
using System.Text.Json;
using LearningNetwork.Domain;
using LearningNetwork.Features.Marketplace;
using LearningNetwork.Features.Search;
using LearningNetwork.Features.Targets;
using LearningNetwork.ReferenceData;

namespace LearningNetwork.Bench;

/// <summary>
/// A synthetic but realistic marketplace: partners placed in real NUTS 3 regions across Europe, offers and requests whose
/// features follow the distributions the matcher sees in production, built from the app's own reference data:
/// <list type="bullet">
/// <item>tagged themes: 2-5 GEMET concepts, Zipf (s = 0.7) over 400 real ids, the demo practices' themes first by frequency;</item>
/// <item>text concepts (weight <see cref="Matchmaker.TextWeight"/>): 5-15, either a neighbour of a tagged theme (30%) or drawn from
/// the concepts the thesaurus really finds in the demo practices' texts, in proportion to how many texts contain them;</item>
/// <item>every GEMET neighbour (broader, narrower, related) of a tagged theme at <see cref="Matchmaker.NeighbourWeight"/>, as Matchmaker does;</item>
/// <item>0-3 targets (Zipf over the targets the demo practices use, then the rest of KMGBF, NRR, EUBDS), with the app's crosswalk;</item>
/// <item>0-2 EUNIS codes (level 1 weighted as in the demo, half with a level-2 digit), 1-3 exchange languages of the partner;</item>
/// <item>kind and format uniform, 85% open, some offers with a time frame (some run out), half the requests with a deadline.</item>
/// </list>
/// Seeded: the same size gives the same population.
/// </summary>
internal sealed class MatchPopulation
{
    public static readonly DateOnly Today = new(2026, 11, 25);

    /// <summary>Zipf exponent of tagged themes: 0.7 puts the most used concept on ~19% of items, as "urban green" is
    /// on 12 of the 59 demo practices (s = 1 would put it on 44%).</summary>
    private const double ThemeExponent = 0.7;

    public required List<MatchPartner> Partners { get; init; }
    public required Dictionary<string, string[]> Crosswalk { get; init; }
    public required string Source { get; init; }

    private readonly Zipf _themes;
    private readonly List<string> _themePool;
    private readonly Dictionary<string, string[]> _neighbours;
    private readonly Weighted<string> _text;
    private readonly Zipf _targetsZipf;
    private readonly List<string> _targets;
    private readonly Weighted<string> _habitats;
    private readonly Zipf _activity;

    private MatchPopulation(List<string> themePool, Dictionary<string, string[]> neighbours, Weighted<string> text, List<string> targets, Weighted<string> habitats, int partners)
    {
        _themePool = themePool;
        _themes = new Zipf(themePool.Count, ThemeExponent);
        _neighbours = neighbours;
        _text = text;
        _targets = targets;
        _targetsZipf = new Zipf(targets.Count, 1.0);
        _habitats = habitats;
        _activity = new Zipf(partners, 0.7); // a few partners post much, most a little
    }

    public static async Task<MatchPopulation> LoadAsync(string repository, int partnerCount = 2000)
    {
        var files = Path.Combine(repository, "src", "LearningNetwork", "ReferenceData", "files");
        var demo = Path.Combine(repository, "src", "LearningNetwork", "Features", "Practices", "DemoData");

        // GEMET: relations (the neighbours Matchmaker adds) and the themes each concept belongs to.
        var relations = CsvTable.Read(Path.Combine(files, "gemet", "gemet_concepts_relations.csv"), "concept_id");
        int Col(string name) => relations.Column(name);
        var neighbours = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var gemetThemes = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var (_, f) in relations.Rows)
        {
            var id = Intern("gemet:" + f[0]);
            neighbours[id] = new[] { "broader_ids", "narrower_ids", "related_ids" }.SelectMany(c => f[Col(c)].Split('|', StringSplitOptions.RemoveEmptyEntries))
                .Select(n => Intern("gemet:" + n)).Distinct().ToArray();
            gemetThemes[id] = f[Col("theme_ids")].Split('|', StringSplitOptions.RemoveEmptyEntries);
        }

        // The demo practices: their themes (by frequency), targets, habitats and texts.
        var themeCount = new Dictionary<string, int>(StringComparer.Ordinal);
        var targetCount = new Dictionary<string, int>(StringComparer.Ordinal);
        var habitatCount = new Dictionary<string, int>(StringComparer.Ordinal);
        var texts = new List<(string Language, string Text)>();
        foreach (var file in Directory.GetFiles(demo, "demo-practices-*.json").Order(StringComparer.Ordinal))
        {
            using var doc = JsonDocument.Parse(await File.ReadAllBytesAsync(file));
            foreach (var p in doc.RootElement.EnumerateArray())
            {
                foreach (var t in p.GetProperty("themes").EnumerateArray()) Count(themeCount, "gemet:" + t.GetInt32().ToString(CultureInfo.InvariantCulture));
                foreach (var t in p.GetProperty("targets").EnumerateArray()) Count(targetCount, t.GetString()!);
                foreach (var h in p.GetProperty("habitats").EnumerateArray()) Count(habitatCount, h.GetString()!);
                foreach (var text in p.GetProperty("texts").EnumerateObject())
                    texts.Add((text.Name, string.Join("\n", text.Value.EnumerateObject().Where(f => f.Value.ValueKind == JsonValueKind.String && f.Name != "origin").Select(f => f.Value.GetString()))));
            }
        }

        // Tagged themes: the demo's, most used first, then concepts of the nature-related GEMET themes (natural areas,
        // water, agriculture, forestry, urban environment, soil, biology), in a seeded order, up to 400.
        var pool = themeCount.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => Intern(kv.Key)).ToList();
        var seen = pool.ToHashSet(StringComparer.Ordinal);
        var natural = new HashSet<string> { "23", "40", "2", "14", "38", "35", "4" };
        var shuffle = new Random(400);
        foreach (var c in gemetThemes.Where(kv => kv.Value.Any(natural.Contains)).Select(kv => kv.Key).Order(StringComparer.Ordinal).OrderBy(_ => shuffle.Next()).ToList())
        {
            if (pool.Count >= 400) break;
            if (seen.Add(c)) pool.Add(c);
        }

        // Text concepts: what the thesaurus finds in the demo texts, weighted by the number of texts containing each.
        var corpus = await SyntheticCorpus.LoadAsync(repository);
        var textDf = new Dictionary<string, int>(StringComparer.Ordinal);
        var perText = new List<int>();
        foreach (var (language, text) in texts)
        {
            if (!SearchAnalyzers.Languages.Contains(language)) continue;
            var found = corpus.Thesaurus.Find(language, SearchAnalyzers.Shared(language), text);
            perText.Add(found.Count);
            foreach (var c in found) Count(textDf, Intern(c));
        }
        var textPick = new Weighted<string>(textDf.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => (kv.Key, (double)kv.Value)).ToList());

        // Targets: the demo's by frequency, then the remaining KMGBF targets, NRR articles and EUBDS commitments.
        var allTargets = Enumerable.Range(1, 23).Select(i => "kmgbf:" + i.ToString(CultureInfo.InvariantCulture))
            .Concat(JsonCodes(Path.Combine(files, "eu_policy", "nature_restoration_regulation_2024_1991.json"), "articles", "article").Select(a => "nrr:" + a))
            .Concat(JsonCodes(Path.Combine(files, "eu_policy", "eu_biodiversity_strategy_2030_commitments.json"), "commitments", "id").Select(a => "eubds:" + a.ToLowerInvariant()));
        var targets = targetCount.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => kv.Key)
            .Concat(allTargets).Distinct(StringComparer.Ordinal).Select(Intern).ToList();

        // The crosswalk as the app builds it, from the target texts shipped beside the app.
        var crosswalk = Directory.Exists(TargetContent.Folder) ? TargetCrosswalk.Build(new TargetContent(), targets) : new Dictionary<string, string[]>();

        var habitats = new Weighted<string>(habitatCount.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => (kv.Key, (double)kv.Value)).ToList());
        var partners = MakePartners(files, pool, targets, partnerCount);
        var population = new MatchPopulation(pool, neighbours, textPick, targets, habitats, partners.Count)
        {
            Partners = partners, Crosswalk = crosswalk,
            Source = string.Create(CultureInfo.InvariantCulture,
                $"{pool.Count} tagged GEMET concepts ({themeCount.Count} from the demo practices), {textDf.Count} text concepts found in {perText.Count} demo texts " +
                $"(median {perText.Order().ElementAt(perText.Count / 2)} per text), {targets.Count} targets, {crosswalk.Count} crosswalked, {partners.Count} partners in {partners.Select(p => p.Country).Distinct().Count()} countries"),
        };
        return population;
    }

    /// <summary>One offer or request, from its own seeded generator (the i-th item is the same whatever else is made).</summary>
    public MatchItem Item(int id, bool offer)
    {
        var random = new Random(unchecked(id * 7919 + (offer ? 1 : 2) * 104_729 + 20_261_125) & int.MaxValue); // not HashCode: seeded per process
        var partner = Partners[_activity.Next(random)];
        var language = partner.Languages.Contains("en") && random.NextDouble() < 0.3 ? "en" : partner.Languages[0];
        var concepts = new Dictionary<string, float>(StringComparer.Ordinal);
        void Add(string c, float w) { if (!concepts.TryGetValue(c, out var old) || old < w) concepts[c] = w; }

        var themes = new HashSet<string>(StringComparer.Ordinal);
        var wanted = random.Next(2, 6);
        while (themes.Count < wanted) themes.Add(_themePool[_themes.Next(random)]);
        var textCount = random.Next(5, 16);
        var texts = new HashSet<string>(StringComparer.Ordinal);
        var themeList = themes.ToList();
        for (var guard = 0; texts.Count < textCount && guard < 100; guard++)
        {
            if (random.NextDouble() < 0.3)
            {
                var n = _neighbours.GetValueOrDefault(themeList[random.Next(themeList.Count)]) ?? [];
                if (n.Length > 0) texts.Add(n[random.Next(n.Length)]);
            }
            else texts.Add(_text.Next(random));
        }
        foreach (var c in texts) Add(c, Matchmaker.TextWeight);
        foreach (var t in themes)
        {
            Add(t, Matchmaker.ThemeWeight);
            foreach (var n in _neighbours.GetValueOrDefault(t) ?? []) Add(n, Matchmaker.NeighbourWeight);
        }

        var targets = new HashSet<string>(StringComparer.Ordinal);
        var targetCount = random.Next(0, 4);
        while (targets.Count < targetCount) targets.Add(_targets[_targetsZipf.Next(random)]);
        var habitats = new HashSet<string>(StringComparer.Ordinal);
        var habitatCount = random.Next(0, 3);
        while (habitats.Count < habitatCount)
        {
            var h = _habitats.Next(random);
            habitats.Add(random.NextDouble() < 0.5 ? h + random.Next(1, 6).ToString(CultureInfo.InvariantCulture) : h);
        }
        var languages = new List<string> { language };
        var extra = random.Next(0, 3);
        foreach (var l in partner.Languages.Where(l => l != language).OrderBy(_ => random.Next()).Take(extra)) languages.Add(l);

        DateOnly? from = null, until = null;
        if (offer && random.NextDouble() < 0.4)
        {
            from = Today.AddDays(random.Next(-180, 60));
            until = from.Value.AddDays(random.Next(30, 540));
        }
        if (!offer && random.NextDouble() < 0.5) until = Today.AddDays(random.Next(7, 240));

        return new MatchItem
        {
            Id = id, Slug = (offer ? "offer-" : "request-") + id.ToString(CultureInfo.InvariantCulture), PartnerId = partner.Id,
            Title = (offer ? "Offer " : "Request ") + id.ToString(CultureInfo.InvariantCulture), Language = language,
            Kind = (ExchangeKind)random.Next(6), Format = (ExchangeFormat)random.Next(3), Open = random.NextDouble() < 0.85,
            From = from, Until = until, Concepts = concepts, Themes = themes, Targets = targets.ToArray(), Habitats = habitats.ToArray(), Languages = languages.ToArray(),
        };
    }

    private static List<MatchPartner> MakePartners(string files, List<string> pool, List<string> targets, int count)
    {
        // Places: NUTS 3 centroids; a country chosen in proportion to the square root of its number of regions
        // (Germany has 400, but not 30% of the network's members), then one of its regions.
        using var geo = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(files, "nuts", "NUTS_RG_60M_2024_4326_LEVL_3.geojson")));
        var regions = new List<(string Nuts, string Country, double Lat, double Lon)>();
        foreach (var f in geo.RootElement.GetProperty("features").EnumerateArray())
        {
            var props = f.GetProperty("properties");
            var country = props.GetProperty("CNTR_CODE").GetString()! switch { "EL" => "GR", "UK" => "GB", var c => c };
            var (lat, lon) = Centroid(f.GetProperty("geometry"));
            regions.Add((props.GetProperty("NUTS_ID").GetString()!, country, lat, lon));
        }
        var byCountry = regions.GroupBy(r => r.Country).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
        var countryPick = new Weighted<int>(byCountry.Select((g, i) => (i, Math.Sqrt(g.Count()))).ToList());
        var languages = CsvTable.Read(Path.Combine(files, "countries", "european_countries.csv"), "iso_alpha2").Rows
            .ToDictionary(r => r.Fields[0], r => r.Fields[5].Split('|').Where(l => l.Length == 2).ToArray(), StringComparer.Ordinal);
        var euLanguages = CsvTable.Read(Path.Combine(files, "countries", "eu_official_languages.csv"), "iso639_1").Rows.Select(r => r.Fields[0]).ToArray();

        var random = new Random(2000);
        var themes = new Zipf(pool.Count, ThemeExponent);
        var targetZipf = new Zipf(targets.Count, 1.0);
        var partners = new List<MatchPartner>(count);
        for (var i = 1; i <= count; i++)
        {
            var group = byCountry[countryPick.Next(random)].ToList();
            var region = group[random.Next(group.Count)];
            var type = random.NextDouble() switch { < 0.45 => PartnerType.Municipality, < 0.65 => PartnerType.Region, < 0.85 => PartnerType.Association, < 0.9 => PartnerType.Network, _ => PartnerType.ExpertBody };
            long? population = type switch
            {
                PartnerType.Municipality => (long)Math.Exp(random.NextDouble() * Math.Log(1_000_000 / 1_000.0)) * 1_000,
                PartnerType.Region => (long)Math.Exp(random.NextDouble() * Math.Log(10_000_000 / 300_000.0)) * 300_000,
                _ => null,
            };
            var own = languages.GetValueOrDefault(region.Country) ?? [];
            var spoken = new List<string>();
            if (own.Length > 0) spoken.Add(own[0]);
            if (own.Length > 1 && random.NextDouble() < 0.5) spoken.Add(own[1]);
            if (random.NextDouble() < 0.7) spoken.Add("en");
            if (random.NextDouble() < 0.3) spoken.Add(euLanguages[random.Next(euLanguages.Length)]);
            spoken = spoken.Distinct().Take(4).ToList();
            if (spoken.Count == 0) spoken.Add("en");
            var bio = Bioregions.GetValueOrDefault(region.Country) ?? ["CON"];
            var concepts = new Dictionary<string, float>(StringComparer.Ordinal);
            var practiceConcepts = new Dictionary<string, int>(StringComparer.Ordinal);
            var practices = random.Next(0, 6);
            for (var p = 0; p < practices; p++)
                for (var k = random.Next(1, 4); k > 0; k--)
                {
                    var c = pool[themes.Next(random)];
                    practiceConcepts[c] = practiceConcepts.GetValueOrDefault(c) + 1;
                    concepts[c] = 0.6f;
                }
            for (var k = random.Next(3, 9); k > 0; k--) concepts[pool[themes.Next(random)]] = 1f;
            var practiceTargets = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var k = practices == 0 ? 0 : random.Next(0, 5); k > 0; k--)
            {
                var t = targets[targetZipf.Next(random)];
                practiceTargets[t] = practiceTargets.GetValueOrDefault(t) + 1;
            }
            partners.Add(new MatchPartner
            {
                Id = i, Slug = "partner-" + i.ToString(CultureInfo.InvariantCulture), Name = "Partner " + i.ToString(CultureInfo.InvariantCulture), Type = type,
                Country = region.Country, Nuts = region.Nuts,
                Latitude = region.Lat + (random.NextDouble() - 0.5) * 0.2, Longitude = region.Lon + (random.NextDouble() - 0.5) * 0.2,
                Population = population, Bioregions = bio.OrderBy(_ => random.Next()).Take(random.Next(1, Math.Min(2, bio.Length) + 1)).ToArray(),
                Languages = spoken.ToArray(), Concepts = concepts, PracticeConcepts = practiceConcepts, PracticeTargets = practiceTargets,
            });
        }
        return partners;
    }

    /// <summary>Terrestrial Natura 2000 biogeographical regions of each country (EEA map, simplified).</summary>
    private static readonly Dictionary<string, string[]> Bioregions = new(StringComparer.Ordinal)
    {
        ["AT"] = ["ALP", "CON"], ["BE"] = ["ATL", "CON"], ["BG"] = ["ALP", "BLS", "CON"], ["HR"] = ["ALP", "CON", "MED"], ["CY"] = ["MED"],
        ["CZ"] = ["CON", "PAN"], ["DK"] = ["ATL", "CON"], ["EE"] = ["BOR"], ["FI"] = ["BOR", "ALP"], ["FR"] = ["ATL", "CON", "ALP", "MED"],
        ["DE"] = ["ATL", "CON", "ALP"], ["GR"] = ["MED"], ["HU"] = ["PAN"], ["IE"] = ["ATL"], ["IT"] = ["ALP", "CON", "MED"], ["LV"] = ["BOR"],
        ["LT"] = ["BOR"], ["LU"] = ["CON"], ["MT"] = ["MED"], ["NL"] = ["ATL"], ["PL"] = ["CON", "ALP"], ["PT"] = ["ATL", "MED", "MAC"],
        ["RO"] = ["ALP", "CON", "PAN", "STE", "BLS"], ["SK"] = ["ALP", "PAN"], ["SI"] = ["ALP", "CON"], ["ES"] = ["ATL", "MED", "ALP", "MAC"],
        ["SE"] = ["BOR", "ALP", "CON"], ["NO"] = ["BOR", "ALP"], ["IS"] = ["BOR"], ["CH"] = ["ALP", "CON"], ["LI"] = ["ALP"], ["TR"] = ["MED", "BLS", "STE"],
        ["AL"] = ["MED", "ALP"], ["ME"] = ["MED", "ALP"], ["MK"] = ["CON", "ALP"], ["RS"] = ["CON", "PAN", "ALP"], ["XK"] = ["CON", "ALP"],
    };

    private static (double Lat, double Lon) Centroid(JsonElement geometry)
    {
        // The mean vertex of the largest outer ring: near enough to place a partner in its region.
        var polygons = geometry.GetProperty("type").GetString() == "Polygon"
            ? [geometry.GetProperty("coordinates")]
            : geometry.GetProperty("coordinates").EnumerateArray().ToList();
        var ring = polygons.Select(p => p[0]).MaxBy(r => r.GetArrayLength());
        double lat = 0, lon = 0;
        var n = 0;
        foreach (var point in ring.EnumerateArray()) { lon += point[0].GetDouble(); lat += point[1].GetDouble(); n++; }
        return (lat / n, lon / n);
    }

    private static List<string> JsonCodes(string file, string array, string property)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(file));
        return doc.RootElement.GetProperty(array).EnumerateArray().Select(e => e.GetProperty(property).ToString()).ToList();
    }

    private static void Count(Dictionary<string, int> counts, string key) => counts[key] = counts.GetValueOrDefault(key) + 1;

    private static string Intern(string s) => string.Intern(s);

    /// <summary>Ranks 0..n-1 with probability ∝ 1 / (rank + 1)^s.</summary>
    private sealed class Zipf
    {
        private readonly double[] _cumulative;

        public Zipf(int n, double s)
        {
            _cumulative = new double[n];
            double sum = 0;
            for (var i = 0; i < n; i++) _cumulative[i] = sum += 1 / Math.Pow(i + 1, s);
            for (var i = 0; i < n; i++) _cumulative[i] /= sum;
        }

        public int Next(Random random)
        {
            var i = Array.BinarySearch(_cumulative, random.NextDouble());
            return Math.Min(i < 0 ? ~i : i, _cumulative.Length - 1);
        }
    }

    private sealed class Weighted<T>
    {
        private readonly T[] _values;
        private readonly double[] _cumulative;

        public Weighted(List<(T Value, double Weight)> items)
        {
            _values = items.Select(i => i.Value).ToArray();
            _cumulative = new double[items.Count];
            double sum = 0;
            for (var i = 0; i < items.Count; i++) _cumulative[i] = sum += items[i].Weight;
            for (var i = 0; i < items.Count; i++) _cumulative[i] /= sum;
        }

        public T Next(Random random)
        {
            var i = Array.BinarySearch(_cumulative, random.NextDouble());
            return _values[Math.Min(i < 0 ? ~i : i, _values.Length - 1)];
        }
    }
}
