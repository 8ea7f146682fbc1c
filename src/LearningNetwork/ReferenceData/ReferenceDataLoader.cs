using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using LearningNetwork.Data;
using LearningNetwork.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LearningNetwork.ReferenceData;

/// <summary><c>ReferenceData:Folder</c>: where the shipped reference files are (by default next to the app).</summary>
public sealed class ReferenceDataOptions
{
    public const string Section = "ReferenceData";

    public string Folder { get; set; } = Path.Combine(AppContext.BaseDirectory, "ReferenceData", "files");
}

/// <summary>
/// Loads the reference data sets into the database, idempotently: each set records the SHA-256 of its files,
/// and a start reloads only the sets whose files changed, each in one transaction (delete, insert, record).
/// Every file a set needs is parsed and checked before anything is written; a missing or malformed file is a
/// <see cref="ReferenceDataException"/> naming it, which stops start-up.
/// </summary>
public sealed class ReferenceDataLoader(LearningNetworkDb db, IOptions<ReferenceDataOptions> options, TimeProvider clock,
    ILogger<ReferenceDataLoader> log)
{
    private readonly string _folder = options.Value.Folder;

    private sealed record DataSet(string Name, string[] Files, Func<LearningNetworkDb, CancellationToken, Task> Replace);

    /// <summary>The set GEMET's concepts and labels load as; its recorded hash stands for the labels (<c>Thesaurus.LoadAsync</c>).</summary>
    public const string GemetSet = "gemet";

    private IEnumerable<DataSet> DataSets() =>
    [
        new("countries", ["countries/european_countries.csv", "countries/eu_official_languages.csv", "countries/content_languages.csv",
            "subdivisions/country_extents.csv"], ReplaceCountries),
        new("subdivisions", ["subdivisions/iso_3166_2_subdivisions.csv", "subdivisions/iso_3166_2_names.csv"], ReplaceSubdivisions),
        new("nuts-2024", ["nuts/nuts2024_regions.csv", "nuts/NUTS_RG_60M_2021_4326_LEVL_0.geojson",
            "nuts/NUTS_RG_60M_2024_4326_LEVL_1.geojson", "nuts/NUTS_RG_60M_2024_4326_LEVL_2.geojson",
            "nuts/NUTS_RG_60M_2024_4326_LEVL_3.geojson"], ReplaceNuts),
        new("biogeographical-regions", ["eu_policy/natura2000_biogeographical_regions.csv"], ReplaceBiogeographicalRegions),
        new(GemetSet, ["gemet/gemet_concepts_labels.csv", "gemet/gemet_concepts_relations.csv",
            "gemet/gemet_groups_themes.csv", "gemet/gemet_definitions.csv", "gemet/gemet_labels_network.csv"], ReplaceGemet),
        new("policy", ["gbf/kmgbf_goals_targets.json", "eu_policy/eu_biodiversity_strategy_2030_commitments.json",
            "eu_policy/nature_restoration_regulation_2024_1991.json", "eu_policy/habitats_birds_directives.json"], ReplacePolicy),
        new("classifications", ["classifications/eunis_habitats_level1.csv", "classifications/cices_v5_1_sections_divisions.csv"],
            ReplaceClassifications),
    ];

    /// <summary>Every file is there: called before the database is contacted, so a broken install fails fast.</summary>
    public void CheckFilesExist()
    {
        foreach (var file in DataSets().SelectMany(s => s.Files))
            if (!File.Exists(PathOf(file))) throw new ReferenceDataException(PathOf(file), "the file is missing");
    }

    /// <returns>The names of the sets that were (re)loaded.</returns>
    public async Task<IReadOnlyList<string>> LoadAsync(CancellationToken ct = default)
    {
        CheckFilesExist();
        var loaded = new List<string>();
        foreach (var set in DataSets())
        {
            var hash = Hash(set.Files);
            var current = await db.ReferenceDataSets.AsNoTracking().Where(s => s.Name == set.Name).Select(s => s.ContentHash).FirstOrDefaultAsync(ct);
            if (current == hash) continue;

            var started = clock.GetTimestamp();
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            await LockAsync(ct);
            // Another node may have loaded it while this one waited for the lock.
            current = await db.ReferenceDataSets.AsNoTracking().Where(s => s.Name == set.Name).Select(s => s.ContentHash).FirstOrDefaultAsync(ct);
            if (current == hash) continue;
            await set.Replace(db, ct);
            await db.ReferenceDataSets.Where(s => s.Name == set.Name).ExecuteDeleteAsync(ct);
            db.ReferenceDataSets.Add(new ReferenceDataSet { Name = set.Name, ContentHash = hash, LoadedAt = clock.GetUtcNow().UtcDateTime });
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            db.ChangeTracker.Clear();
            log.LogInformation("Reference data set {Name} loaded in {Elapsed}", set.Name, clock.GetElapsedTime(started));
            loaded.Add(set.Name);
        }
        return loaded;
    }

    /// <summary>On PostgreSQL, nodes starting together take turns; SQLite's write transaction already serialises.</summary>
    private Task LockAsync(CancellationToken ct) => db.Database.IsNpgsql()
        ? db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock(7201001)", ct)
        : Task.CompletedTask;

    private string PathOf(string file) => Path.Combine(_folder, file);

    private string Hash(string[] files)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var file in files)
        {
            sha.AppendData(System.Text.Encoding.UTF8.GetBytes(file));
            sha.AppendData(File.ReadAllBytes(PathOf(file)));
        }
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    private CsvTable Csv(string file, params string[] columns) => CsvTable.Read(PathOf(file), columns);

    private JsonDocument Json(string file)
    {
        var path = PathOf(file);
        if (!File.Exists(path)) throw new ReferenceDataException(path, "the file is missing");
        try { return JsonDocument.Parse(File.ReadAllBytes(path)); }
        catch (JsonException e) { throw new ReferenceDataException(path, $"the JSON is malformed ({e.Message})"); }
    }

    private async Task ReplaceCountries(LearningNetworkDb db, CancellationToken ct)
    {
        var countriesCsv = Csv("countries/european_countries.csv", "iso_alpha2", "iso_alpha3", "eurostat_code", "name_en",
            "name_native", "official_languages", "group", "eu_member_since", "european_economic_area", "eea_agency_status");
        var countries = countriesCsv.Rows.Select(r => new Country
        {
            Code = Code(countriesCsv, r, "iso_alpha2", 2),
            Alpha3 = Code(countriesCsv, r, "iso_alpha3", 3),
            EurostatCode = Code(countriesCsv, r, "eurostat_code", 2),
            NameEn = Text(countriesCsv, r, "name_en"),
            NameNative = Text(countriesCsv, r, "name_native"),
            OfficialLanguages = Field(countriesCsv, r, "official_languages"),
            Group = Text(countriesCsv, r, "group"),
            EuMemberSince = OptionalInt(countriesCsv, r, "eu_member_since"),
            InEuropeanEconomicArea = Field(countriesCsv, r, "european_economic_area") == "1",
            EeaAgencyStatus = Optional(countriesCsv, r, "eea_agency_status"),
        }).ToList();
        // Content languages: the pan-European set (docs/regions.md); the EU's own list (the interface languages) must be in it.
        var languagesCsv = Csv("countries/content_languages.csv", "iso639_1", "name_en", "name_native", "eu_official");
        var languages = languagesCsv.Rows.Select(r => new Language
        {
            Code = Code(languagesCsv, r, "iso639_1", 2),
            NameEn = Text(languagesCsv, r, "name_en"),
            NameNative = Text(languagesCsv, r, "name_native"),
            IsEuOfficial = Field(languagesCsv, r, "eu_official").Trim() == "1",
        }).ToList();
        Unique(countriesCsv, countries.Select(c => c.Code));
        Unique(languagesCsv, languages.Select(l => l.Code));
        var euCsv = Csv("countries/eu_official_languages.csv", "iso639_1");
        foreach (var row in euCsv.Rows)
            if (!languages.Any(l => l.IsEuOfficial && l.Code == Field(euCsv, row, "iso639_1").Trim()))
                throw Bad(euCsv, row, "this official EU language is not an EU official row of content_languages.csv");

        var extentsCsv = Csv("subdivisions/country_extents.csv", "country_code", "min_longitude", "min_latitude", "max_longitude", "max_latitude");
        foreach (var row in extentsCsv.Rows)
        {
            var code = Code(extentsCsv, row, "country_code", 2);
            var country = countries.FirstOrDefault(c => c.Code == code) ?? throw Bad(extentsCsv, row, $"'{code}' is not a country of european_countries.csv");
            country.MinLongitude = Degrees(extentsCsv, row, "min_longitude", 180);
            country.MinLatitude = Degrees(extentsCsv, row, "min_latitude", 90);
            country.MaxLongitude = Degrees(extentsCsv, row, "max_longitude", 180);
            country.MaxLatitude = Degrees(extentsCsv, row, "max_latitude", 90);
            if (country.MinLongitude > country.MaxLongitude || country.MinLatitude > country.MaxLatitude) throw Bad(extentsCsv, row, "the box is upside down");
        }

        await db.Countries.ExecuteDeleteAsync(ct);
        await db.Languages.ExecuteDeleteAsync(ct);
        await BulkInsert.InsertAsync(db, countries, ct);
        await BulkInsert.InsertAsync(db, languages, ct);
    }

    private async Task ReplaceNuts(LearningNetworkDb db, CancellationToken ct)
    {
        var csv = Csv("nuts/nuts2024_regions.csv", "nuts_id", "level", "country_code", "parent_id", "name_latin", "name_national",
            "mountain_type", "urban_type", "coastal_type");
        var regions = csv.Rows.Select(r => new NutsRegion
        {
            Code = Text(csv, r, "nuts_id"),
            Level = RequiredInt(csv, r, "level", 0, 3),
            CountryCode = Code(csv, r, "country_code", 2),
            ParentCode = Optional(csv, r, "parent_id"),
            NameLatin = Text(csv, r, "name_latin"),
            NameNational = Text(csv, r, "name_national"),
            MountainType = OptionalInt(csv, r, "mountain_type"),
            UrbanType = OptionalInt(csv, r, "urban_type"),
            CoastalType = OptionalInt(csv, r, "coastal_type"),
        }).ToList();
        Unique(csv, regions.Select(x => x.Code));
        var byCode = regions.ToDictionary(x => x.Code);
        foreach (var file in new[] { "nuts/NUTS_RG_60M_2021_4326_LEVL_0.geojson", "nuts/NUTS_RG_60M_2024_4326_LEVL_1.geojson",
                     "nuts/NUTS_RG_60M_2024_4326_LEVL_2.geojson", "nuts/NUTS_RG_60M_2024_4326_LEVL_3.geojson" })
        {
            using var doc = Json(file);
            foreach (var (code, geometry) in GeoJson.Features(doc, PathOf(file), "NUTS_ID"))
            {
                if (!byCode.TryGetValue(code, out var region)) continue; // a 2021 country outline with no 2024 unit
                var shape = GeoJson.Measure(geometry, PathOf(file), code);
                region.Boundary = geometry.GetRawText();
                (region.MinLongitude, region.MinLatitude, region.MaxLongitude, region.MaxLatitude) = shape.Bounds;
                (region.CentroidLongitude, region.CentroidLatitude) = shape.Centroid;
            }
        }
        await db.NutsRegions.ExecuteDeleteAsync(ct);
        await BulkInsert.InsertAsync(db, regions, ct);
    }

    private async Task ReplaceSubdivisions(LearningNetworkDb db, CancellationToken ct)
    {
        var csv = Csv("subdivisions/iso_3166_2_subdivisions.csv", "code", "country_code", "type", "parent_code", "name", "latitude", "longitude");
        var rows = csv.Rows.Select(r =>
        {
            var country = Code(csv, r, "country_code", 2);
            var code = Text(csv, r, "code");
            if (!code.StartsWith(country + "-", StringComparison.Ordinal) || code.Length > 10) throw Bad(csv, r, $"'{code}' is not an ISO 3166-2 code of {country}");
            double? lat = Field(csv, r, "latitude").Trim().Length == 0 ? null : Degrees(csv, r, "latitude", 90);
            double? lon = Field(csv, r, "longitude").Trim().Length == 0 ? null : Degrees(csv, r, "longitude", 180);
            if ((lat is null) != (lon is null)) throw Bad(csv, r, "a point needs both latitude and longitude");
            return new Subdivision
            {
                Code = code, CountryCode = country, Type = Text(csv, r, "type"), ParentCode = Optional(csv, r, "parent_code"),
                Name = Text(csv, r, "name"), Latitude = lat, Longitude = lon,
            };
        }).ToList();
        Unique(csv, rows.Select(x => x.Code));
        var codes = rows.Select(x => x.Code).ToHashSet(StringComparer.Ordinal);
        var namesCsv = Csv("subdivisions/iso_3166_2_names.csv", "code", "language", "name");
        var names = namesCsv.Rows.Select(r => new SubdivisionName
        {
            Code = codes.Contains(Text(namesCsv, r, "code")) ? Text(namesCsv, r, "code") : throw Bad(namesCsv, r, "unknown subdivision"),
            Language = Code(namesCsv, r, "language", 2),
            Name = Text(namesCsv, r, "name"),
        }).ToList();
        Unique(namesCsv, names.Select(n => n.Code + "/" + n.Language));
        await db.SubdivisionNames.ExecuteDeleteAsync(ct);
        await db.Subdivisions.ExecuteDeleteAsync(ct);
        await BulkInsert.InsertAsync(db, rows, ct);
        await BulkInsert.InsertAsync(db, names, ct);
    }

    private async Task ReplaceBiogeographicalRegions(LearningNetworkDb db, CancellationToken ct)
    {
        var csv = Csv("eu_policy/natura2000_biogeographical_regions.csv", "code", "name_en", "type");
        var rows = csv.Rows.Select(r => new BiogeographicalRegion
        {
            Code = Text(csv, r, "code"), NameEn = Text(csv, r, "name_en"), Kind = Text(csv, r, "type"),
        }).ToList();
        Unique(csv, rows.Select(x => x.Code));
        await db.BiogeographicalRegions.ExecuteDeleteAsync(ct);
        await BulkInsert.InsertAsync(db, rows, ct);
    }

    private async Task ReplaceGemet(LearningNetworkDb db, CancellationToken ct)
    {
        var labelsCsv = Csv("gemet/gemet_concepts_labels.csv", "concept_id", "en");
        var concepts = new List<GemetConcept>();
        var labels = new List<GemetLabel>();
        foreach (var row in labelsCsv.Rows)
        {
            var id = RequiredInt(labelsCsv, row, "concept_id", 1, int.MaxValue);
            concepts.Add(new GemetConcept { Id = id });
            for (var c = 1; c < labelsCsv.Header.Count; c++)
            {
                var label = row.Fields[c].Trim();
                if (label.Length > 0) labels.Add(new GemetLabel { ConceptId = id, Language = labelsCsv.Header[c], Label = label });
            }
        }
        Unique(labelsCsv, concepts.Select(c => c.Id.ToString(CultureInfo.InvariantCulture)));
        var known = concepts.Select(c => c.Id).ToHashSet();

        // Interface languages GEMET has no labels in (Irish, Croatian, Icelandic, Serbian, Ukrainian, Albanian,
        // Macedonian): the network's own translations of the concepts its content uses, never replacing a GEMET label.
        var networkCsv = Csv("gemet/gemet_labels_network.csv", "concept_id", "language", "label");
        var labelled = labels.Select(l => (l.ConceptId, l.Language)).ToHashSet();
        foreach (var row in networkCsv.Rows)
        {
            var id = RequiredInt(networkCsv, row, "concept_id", 1, int.MaxValue);
            var language = Text(networkCsv, row, "language");
            var label = Field(networkCsv, row, "label").Trim();
            if (known.Contains(id) && label.Length > 0 && labelled.Add((id, language)))
                labels.Add(new GemetLabel { ConceptId = id, Language = language, Label = label });
        }

        var relationsCsv = Csv("gemet/gemet_concepts_relations.csv", "concept_id", "broader_ids", "narrower_ids", "related_ids", "group_ids", "theme_ids");
        var relations = new List<GemetRelation>();
        var memberships = new List<GemetMembership>();
        foreach (var row in relationsCsv.Rows)
        {
            var id = RequiredInt(relationsCsv, row, "concept_id", 1, int.MaxValue);
            if (!known.Contains(id)) throw Bad(relationsCsv, row, $"concept {id} is not in gemet_concepts_labels.csv");
            foreach (var (column, kind) in new[] { ("broader_ids", GemetRelationKind.Broader), ("narrower_ids", GemetRelationKind.Narrower), ("related_ids", GemetRelationKind.Related) })
                foreach (var target in Ids(relationsCsv, row, column).Where(known.Contains).Distinct())
                    relations.Add(new GemetRelation { ConceptId = id, TargetId = target, Kind = kind });
            foreach (var collection in Ids(relationsCsv, row, "group_ids").Concat(Ids(relationsCsv, row, "theme_ids")).Distinct())
                memberships.Add(new GemetMembership { ConceptId = id, GroupId = collection });
        }

        var groupsCsv = Csv("gemet/gemet_groups_themes.csv", "type", "id", "parent_supergroup_id", "en");
        var collections = new List<GemetGroup>();
        var collectionLabels = new List<GemetGroupLabel>();
        var firstLanguageColumn = groupsCsv.Column("parent_supergroup_id") + 1;
        foreach (var row in groupsCsv.Rows)
        {
            var id = RequiredInt(groupsCsv, row, "id", 1, int.MaxValue);
            var kind = Field(groupsCsv, row, "type") switch
            {
                "supergroup" => GemetGroupKind.Supergroup,
                "group" => GemetGroupKind.Group,
                "theme" => GemetGroupKind.Theme,
                var other => throw Bad(groupsCsv, row, $"unknown type '{other}'"),
            };
            collections.Add(new GemetGroup { Id = id, Kind = kind, ParentId = OptionalInt(groupsCsv, row, "parent_supergroup_id") });
            for (var c = firstLanguageColumn; c < groupsCsv.Header.Count; c++)
            {
                var label = row.Fields[c].Trim();
                if (label.Length > 0) collectionLabels.Add(new GemetGroupLabel { GroupId = id, Language = groupsCsv.Header[c], Label = label });
            }
        }
        Unique(groupsCsv, collections.Select(c => c.Id.ToString(CultureInfo.InvariantCulture)));
        var collectionIds = collections.Select(c => c.Id).ToHashSet();
        memberships.RemoveAll(m => !collectionIds.Contains(m.GroupId));

        var definitionsCsv = Csv("gemet/gemet_definitions.csv", "concept_id", "lang", "definition");
        var definitions = new Dictionary<(int, string), GemetDefinition>();
        foreach (var row in definitionsCsv.Rows)
        {
            var id = RequiredInt(definitionsCsv, row, "concept_id", 1, int.MaxValue);
            var text = Field(definitionsCsv, row, "definition").Trim();
            if (!known.Contains(id) || text.Length == 0) continue;
            var lang = Text(definitionsCsv, row, "lang");
            definitions[(id, lang)] = new GemetDefinition { ConceptId = id, Language = lang, Text = text };
        }

        await db.GemetMemberships.ExecuteDeleteAsync(ct);
        await db.GemetGroupLabels.ExecuteDeleteAsync(ct);
        await db.GemetGroups.ExecuteDeleteAsync(ct);
        await db.GemetRelations.ExecuteDeleteAsync(ct);
        await db.GemetDefinitions.ExecuteDeleteAsync(ct);
        await db.GemetLabels.ExecuteDeleteAsync(ct);
        await db.GemetConcepts.ExecuteDeleteAsync(ct);
        await BulkInsert.InsertAsync(db, concepts, ct);
        await BulkInsert.InsertAsync(db, labels, ct);
        await BulkInsert.InsertAsync(db, definitions.Values.ToList(), ct);
        await BulkInsert.InsertAsync(db, relations, ct);
        await BulkInsert.InsertAsync(db, collections, ct);
        await BulkInsert.InsertAsync(db, collectionLabels, ct);
        await BulkInsert.InsertAsync(db, memberships, ct);
    }

    private async Task ReplacePolicy(LearningNetworkDb db, CancellationToken ct)
    {
        var frameworks = new List<PolicyFramework>();
        var targets = new List<PolicyTarget>();
        void Add(string framework, string code, string kind, string title, string? summary, string? section, string? url) =>
            targets.Add(new PolicyTarget
            {
                FrameworkCode = framework, Code = code, Kind = kind, Title = title, Summary = summary, Section = section,
                SourceUrl = url, SortOrder = targets.Count(t => t.FrameworkCode == framework),
            });

        const string kmgbfFile = "gbf/kmgbf_goals_targets.json";
        using (var doc = Json(kmgbfFile))
        {
            var r = new JsonReading(doc.RootElement, PathOf(kmgbfFile));
            var sources = r.Array("source_urls").Select(u => u.GetString()).ToList();
            frameworks.Add(new PolicyFramework
            {
                Code = "kmgbf", Title = r.String("framework"), Reference = r.OptionalString("adopted"),
                SourceUrl = sources.FirstOrDefault() ?? throw r.Bad("source_urls is empty"), Note = r.OptionalString("text_note"), SortOrder = 0,
            });
            foreach (var goal in r.Objects("goals"))
                Add("kmgbf", goal.String("code"), "goal", goal.OptionalString("short_title") ?? goal.String("code"), goal.String("summary"), null, sources.ElementAtOrDefault(1));
            foreach (var target in r.Objects("targets"))
                Add("kmgbf", target.Int("number").ToString(CultureInfo.InvariantCulture), "target", target.String("short_title"),
                    target.String("summary"), target.OptionalString("section"), target.OptionalString("source_url"));
        }

        const string eubdsFile = "eu_policy/eu_biodiversity_strategy_2030_commitments.json";
        using (var doc = Json(eubdsFile))
        {
            var r = new JsonReading(doc.RootElement, PathOf(eubdsFile));
            frameworks.Add(new PolicyFramework
            {
                Code = "eubds", Title = r.String("title"), Reference = r.OptionalString("reference"), SourceUrl = r.String("url"),
                Note = r.OptionalString("note"), SortOrder = 1,
            });
            foreach (var c in r.Objects("commitments"))
                Add("eubds", c.String("id").ToLowerInvariant(), "commitment", c.String("commitment"), null, c.OptionalString("pillar"), r.String("url"));
        }

        const string nrrFile = "eu_policy/nature_restoration_regulation_2024_1991.json";
        using (var doc = Json(nrrFile))
        {
            var r = new JsonReading(doc.RootElement, PathOf(nrrFile));
            frameworks.Add(new PolicyFramework
            {
                Code = "nrr", Title = r.String("title"), Reference = "Regulation (EU) 2024/1991", SourceUrl = r.String("url"),
                Note = r.OptionalString("note"), Objective = r.OptionalString("overall_objective"), SortOrder = 2,
            });
            foreach (var a in r.Objects("articles"))
                Add("nrr", a.Scalar("article"), "article", a.String("title"), a.String("summary"), null, r.String("url"));
        }

        const string directivesFile = "eu_policy/habitats_birds_directives.json";
        using (var doc = Json(directivesFile))
        {
            var root = new JsonReading(doc.RootElement, PathOf(directivesFile));
            var order = 3;
            foreach (var (property, code, reference) in new[] { ("habitats_directive", "habitats", "Directive 92/43/EEC"), ("birds_directive", "birds", "Directive 2009/147/EC") })
            {
                var d = root.Object(property);
                frameworks.Add(new PolicyFramework
                {
                    Code = code, Title = d.String("title"), Reference = reference, SourceUrl = d.String("url"),
                    Note = root.OptionalString("note"), SortOrder = order++,
                });
                foreach (var a in d.Objects("key_articles"))
                    Add(code, "art-" + a.Scalar("article"), "article", a.String("topic"), null, null, d.String("url"));
                foreach (var a in d.Objects("annexes"))
                    Add(code, "annex-" + a.String("annex").ToLowerInvariant(), "annex", a.String("content"), null, null, d.String("url"));
                if (d.Has("annex_I_habitat_groups"))
                    foreach (var g in d.Objects("annex_I_habitat_groups"))
                        Add(code, "habitat-group-" + g.String("code"), "habitat-group", g.String("name"), null, "Annex I", d.String("url"));
            }
        }

        var duplicate = targets.GroupBy(t => (t.FrameworkCode, t.Code)).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new ReferenceDataException(PathOf("eu_policy"), $"the code {duplicate.Key.Code} appears twice in {duplicate.Key.FrameworkCode}");

        await db.PolicyTargets.ExecuteDeleteAsync(ct);
        await db.PolicyFrameworks.ExecuteDeleteAsync(ct);
        await BulkInsert.InsertAsync(db, frameworks, ct);
        await BulkInsert.InsertAsync(db, targets, ct);
    }

    private async Task ReplaceClassifications(LearningNetworkDb db, CancellationToken ct)
    {
        var eunisCsv = Csv("classifications/eunis_habitats_level1.csv", "eunis_version", "code", "name_en");
        var eunis = eunisCsv.Rows.Select(r => new EunisHabitat
        {
            Code = Text(eunisCsv, r, "code"), Version = Text(eunisCsv, r, "eunis_version"), NameEn = Text(eunisCsv, r, "name_en"),
        }).ToList();
        Unique(eunisCsv, eunis.Select(x => x.Code));
        var cicesCsv = Csv("classifications/cices_v5_1_sections_divisions.csv", "code", "level", "parent_code", "name_en");
        var cices = cicesCsv.Rows.Select(r => new CicesCategory
        {
            Code = Text(cicesCsv, r, "code"), Level = Text(cicesCsv, r, "level"), ParentCode = Optional(cicesCsv, r, "parent_code"),
            NameEn = Text(cicesCsv, r, "name_en"),
        }).ToList();
        Unique(cicesCsv, cices.Select(x => x.Code));
        await db.EunisHabitats.ExecuteDeleteAsync(ct);
        await db.CicesCategories.ExecuteDeleteAsync(ct);
        await BulkInsert.InsertAsync(db, eunis, ct);
        await BulkInsert.InsertAsync(db, cices, ct);
    }

    // Field access with errors that name the file, line and column.

    private ReferenceDataException Bad(CsvTable csv, (int Line, string[] Fields) row, string problem) =>
        new(PathOf(FolderOf(csv)), $"line {row.Line}: {problem}");

    private string FolderOf(CsvTable csv) =>
        DataSets().SelectMany(s => s.Files).First(f => Path.GetFileName(f) == csv.File);

    private static string Field(CsvTable csv, (int Line, string[] Fields) row, string column) => row.Fields[csv.Column(column)];

    private string Text(CsvTable csv, (int Line, string[] Fields) row, string column)
    {
        var value = Field(csv, row, column).Trim();
        return value.Length > 0 ? value : throw Bad(csv, row, $"'{column}' is empty");
    }

    private string Code(CsvTable csv, (int Line, string[] Fields) row, string column, int length)
    {
        var value = Text(csv, row, column);
        return value.Length == length && value.All(char.IsAsciiLetter) ? value : throw Bad(csv, row, $"'{column}' is not a {length}-letter code: '{value}'");
    }

    private static string? Optional(CsvTable csv, (int Line, string[] Fields) row, string column)
    {
        var value = Field(csv, row, column).Trim();
        return value.Length > 0 ? value : null;
    }

    private int RequiredInt(CsvTable csv, (int Line, string[] Fields) row, string column, int min, int max) =>
        OptionalInt(csv, row, column) is { } n && n >= min && n <= max ? n : throw Bad(csv, row, $"'{column}' is not a whole number from {min} to {max}");

    private int? OptionalInt(CsvTable csv, (int Line, string[] Fields) row, string column)
    {
        var value = Field(csv, row, column).Trim();
        if (value.Length == 0) return null;
        return int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : throw Bad(csv, row, $"'{column}' is not a number: '{value}'");
    }

    private double Degrees(CsvTable csv, (int Line, string[] Fields) row, string column, double limit)
    {
        var value = Field(csv, row, column).Trim();
        return double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d) && Math.Abs(d) <= limit
            ? d : throw Bad(csv, row, $"'{column}' is not a coordinate within ±{limit}: '{value}'");
    }

    private List<int> Ids(CsvTable csv, (int Line, string[] Fields) row, string column) =>
        Field(csv, row, column).Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(v => int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : throw Bad(csv, row, $"'{column}' holds '{v}', not an id"))
            .ToList();

    private void Unique(CsvTable csv, IEnumerable<string> keys)
    {
        var seen = new HashSet<string>();
        foreach (var key in keys)
            if (!seen.Add(key)) throw new ReferenceDataException(PathOf(FolderOf(csv)), $"the key '{key}' appears twice");
    }
}
