namespace LearningNetwork.Domain;

// Reference data: loaded from ReferenceData/files at start (ReferenceDataLoader), never edited through the
// app. User data refers to it by code, without database foreign keys, so that a new release of a reference
// file can replace its rows without touching what partners wrote.

/// <summary>A European country (ISO 3166-1), with its Eurostat code (EL for Greece, UK for the United Kingdom).</summary>
public sealed class Country
{
    public required string Code { get; set; }
    public required string Alpha3 { get; set; }
    public required string EurostatCode { get; set; }
    public required string NameEn { get; set; }
    public required string NameNative { get; set; }
    /// <summary>ISO 639-1 codes separated by '|', as in the source file.</summary>
    public required string OfficialLanguages { get; set; }
    public required string Group { get; set; }
    public int? EuMemberSince { get; set; }
    public bool InEuropeanEconomicArea { get; set; }
    public string? EeaAgencyStatus { get; set; }
    /// <summary>The bounding box of a country without NUTS regions (subdivisions/country_extents.csv), so that a
    /// point given for it can be checked; countries with NUTS regions are checked against their NUTS 0 outline's box.</summary>
    public double? MinLongitude { get; set; }
    public double? MinLatitude { get; set; }
    public double? MaxLongitude { get; set; }
    public double? MaxLatitude { get; set; }
}

/// <summary>A language content may be written in: the pan-European set of countries/content_languages.csv (the 24 official
/// EU languages, which are also the interface languages, and the other languages of the region; docs/regions.md).</summary>
public sealed class Language
{
    public required string Code { get; set; }
    public required string NameEn { get; set; }
    /// <summary>The language's name in itself: languages are always shown this way, never as flags.</summary>
    public required string NameNative { get; set; }
    public bool IsEuOfficial { get; set; }
}

/// <summary>A NUTS 2024 territorial unit (levels 0-3) with its boundary at 1:60 million.</summary>
public sealed class NutsRegion
{
    public required string Code { get; set; }
    public int Level { get; set; }
    /// <summary>Eurostat country code (EL, UK), not ISO.</summary>
    public required string CountryCode { get; set; }
    public string? ParentCode { get; set; }
    public required string NameLatin { get; set; }
    public required string NameNational { get; set; }
    public int? MountainType { get; set; }
    public int? UrbanType { get; set; }
    public int? CoastalType { get; set; }
    /// <summary>GeoJSON geometry (EPSG:4326), or null where the source has none.</summary>
    public string? Boundary { get; set; }
    public double? MinLongitude { get; set; }
    public double? MinLatitude { get; set; }
    public double? MaxLongitude { get; set; }
    public double? MaxLatitude { get; set; }
    public double? CentroidLongitude { get; set; }
    public double? CentroidLatitude { get; set; }
}

/// <summary>
/// An ISO 3166-2 subdivision of an in-scope country (Debian iso-codes, LGPL-2.1+: subdivisions/iso_3166_2_subdivisions.csv),
/// where partners outside NUTS are placed. No boundary: a representative point (the administrative centre, compiled for the
/// countries without NUTS regions) stands for it on the map and in matching, null where none was compiled.
/// </summary>
public sealed class Subdivision
{
    public required string Code { get; set; }
    /// <summary>ISO 3166-1 alpha-2 (not Eurostat).</summary>
    public required string CountryCode { get; set; }
    /// <summary>As iso-codes words it: Region, District, Parish, City, Entity...</summary>
    public required string Type { get; set; }
    public string? ParentCode { get; set; }
    /// <summary>The name as ISO 3166-2 gives it (romanised where the country's script is not Latin).</summary>
    public required string Name { get; set; }
    public double? Latitude { get; set; }
    public double? Longitude { get; set; }
}

/// <summary>A subdivision's name in a language, where iso-codes translates it (subdivisions/iso_3166_2_names.csv).</summary>
public sealed class SubdivisionName
{
    public required string Code { get; set; }
    public required string Language { get; set; }
    public required string Name { get; set; }
}

/// <summary>A Natura 2000 biogeographical region (Article 17 reporting code, e.g. ATL, MMED).</summary>
public sealed class BiogeographicalRegion
{
    public required string Code { get; set; }
    public required string NameEn { get; set; }
    /// <summary>terrestrial or marine.</summary>
    public required string Kind { get; set; }
}

/// <summary>A GEMET concept; its labels, definitions and relations are separate rows.</summary>
public sealed class GemetConcept
{
    public int Id { get; set; }
    public List<GemetLabel> Labels { get; set; } = [];
}

public sealed class GemetLabel
{
    public int ConceptId { get; set; }
    /// <summary>GEMET's language code (en, de, en-US, zh-CN...).</summary>
    public required string Language { get; set; }
    public required string Label { get; set; }
}

public sealed class GemetDefinition
{
    public int ConceptId { get; set; }
    public required string Language { get; set; }
    public required string Text { get; set; }
}

public enum GemetRelationKind { Broader, Narrower, Related }

public sealed class GemetRelation
{
    public int ConceptId { get; set; }
    public int TargetId { get; set; }
    public GemetRelationKind Kind { get; set; }
}

public enum GemetGroupKind { Supergroup, Group, Theme }

/// <summary>A GEMET supergroup, group or theme (the three ways GEMET groups its concepts).</summary>
public sealed class GemetGroup
{
    public int Id { get; set; }
    public GemetGroupKind Kind { get; set; }
    public int? ParentId { get; set; }
}

public sealed class GemetGroupLabel
{
    public int GroupId { get; set; }
    public required string Language { get; set; }
    public required string Label { get; set; }
}

/// <summary>A concept's membership of a GEMET group or theme.</summary>
public sealed class GemetMembership
{
    public int ConceptId { get; set; }
    public int GroupId { get; set; }
}

/// <summary>A policy framework: kmgbf, eubds, nrr, habitats or birds (the codes used in URLs).</summary>
public sealed class PolicyFramework
{
    public required string Code { get; set; }
    public required string Title { get; set; }
    public string? Reference { get; set; }
    public required string SourceUrl { get; set; }
    /// <summary>
    /// The source file's caveat for maintainers (for example: paraphrased, check the official text), in English. Pages
    /// do not show it: readers get the localized note of the targets pages (Targets.SourceNote.*).
    /// </summary>
    public string? Note { get; set; }
    public string? Objective { get; set; }
    public int SortOrder { get; set; }
}

/// <summary>
/// One item of a framework that partners can serve: a KMGBF goal or target, a Strategy commitment, a
/// Regulation or Directive article, an annex or an Annex I habitat group. Code is unique per framework and
/// URL-safe (12, A, p1, 8, art-6, annex-i, habitat-group-9).
/// </summary>
public sealed class PolicyTarget
{
    public int Id { get; set; }
    public required string FrameworkCode { get; set; }
    public required string Code { get; set; }
    public required string Kind { get; set; }
    public string? Section { get; set; }
    public required string Title { get; set; }
    public string? Summary { get; set; }
    public string? SourceUrl { get; set; }
    public int SortOrder { get; set; }
}

/// <summary>A EUNIS habitat type (level 1 for now).</summary>
public sealed class EunisHabitat
{
    public required string Code { get; set; }
    public required string Version { get; set; }
    public required string NameEn { get; set; }
}

/// <summary>A CICES V5.1 section or division.</summary>
public sealed class CicesCategory
{
    public required string Code { get; set; }
    public required string Level { get; set; }
    public string? ParentCode { get; set; }
    public required string NameEn { get; set; }
}

/// <summary>What was loaded of one reference data set, so that a start loads only what changed.</summary>
public sealed class ReferenceDataSet
{
    public required string Name { get; set; }
    public required string ContentHash { get; set; }
    public DateTime LoadedAt { get; set; }
}
