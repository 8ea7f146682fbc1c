namespace LearningNetwork.Domain;

/// <summary>Whether the work a practice describes is still going on (PRACTICE_TEMPLATE: status).</summary>
public enum PracticeStatus { Ongoing, Completed, Discontinued }

/// <summary>Where a practice is in its editorial workflow: draft → submitted → validated → published → archived.</summary>
public enum PracticeStage { Draft, Submitted, Validated, Published, Archived }

public enum GovernanceLevel { Local, Regional, National, CrossBorder }

/// <summary>Who wrote a text in a given language: a person or a machine translation.</summary>
public enum TextOrigin { Human, Machine }

public enum TransferScope { Whole, Blocks }

/// <summary>
/// A good practice or lesson learned, structured by shared/design/PRACTICE_TEMPLATE.md. Language-neutral facts
/// live here; every text lives in <see cref="PracticeText"/> rows, one per language, the original among them.
/// Classifications (themes, habitats, services, targets, regions, funding, SDGs) are <see cref="PracticeTag"/> rows
/// that refer to the reference data by code.
/// </summary>
public sealed class Practice
{
    public int Id { get; set; }
    /// <summary>URL-safe, unique, stable: /{lang}/practices/{slug}.</summary>
    public required string Slug { get; set; }
    public int PartnerId { get; set; }
    public Partner? Partner { get; set; }
    public PracticeStatus Status { get; set; }
    public PracticeStage Stage { get; set; }
    /// <summary>ISO 639-1 code of the language the practice was written in; its text always exists.</summary>
    public required string OriginalLanguage { get; set; }
    public DateOnly? StartDate { get; set; }
    public DateOnly? EndDate { get; set; }

    /// <summary>ISO 3166-1 alpha-2.</summary>
    public required string CountryCode { get; set; }
    public string? NutsCode { get; set; }
    public string? LauCode { get; set; }
    public double? Latitude { get; set; }
    public double? Longitude { get; set; }
    public string? PlaceName { get; set; }
    public GovernanceLevel GovernanceLevel { get; set; }
    /// <summary>Free text: "420 ha", "12 km of river", "35 ponds".</summary>
    public string? Scale { get; set; }

    public double? BudgetEur { get; set; }
    public double? StaffFte { get; set; }
    public int? MonthsToImplement { get; set; }
    public int? ExpectedLifetimeYears { get; set; }
    /// <summary>A person of the owning organisation who answers questions; shown as their profile allows.</summary>
    public string? ContactUserId { get; set; }

    public DateOnly? ReviewBy { get; set; }
    public DateTime? LastReviewedAt { get; set; }
    /// <summary>When the owners were last reminded that the review-by date is near or past.</summary>
    public DateTime? ReminderSentAt { get; set; }
    public DateTime? PublishedAt { get; set; }
    public string? ValidationNote { get; set; }
    public string? ValidatedBy { get; set; }
    public DateTime? ValidatedAt { get; set; }

    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public string? CreatedBy { get; set; }
    public bool IsDemo { get; set; }
    /// <summary>The JSON-LD <c>@id</c> it was imported under (docs/interchange.md); null for practices written here.</summary>
    public string? ExternalId { get; set; }
    /// <summary>The registered network it was harvested from; its page then says so and links to the original (<see cref="ExternalId"/>).</summary>
    public int? OriginNetworkId { get; set; }
    /// <summary>Changes with every saved change: an edit made on an older version is a conflict, shown, not saved.</summary>
    public Guid Version { get; set; } = Guid.NewGuid();

    public List<PracticeText> Texts { get; set; } = [];
    public List<PracticeTag> Tags { get; set; } = [];
    public List<BuildingBlock> Blocks { get; set; } = [];
    public List<PracticeResult> Results { get; set; } = [];
    public List<PracticeContributor> Contributors { get; set; } = [];
    public List<PracticeAttachment> Attachments { get; set; } = [];
}

/// <summary>Every text of a practice in one language. Long fields are Markdown, rendered through the sanitizer.</summary>
public sealed class PracticeText
{
    public int PracticeId { get; set; }
    public required string Language { get; set; }
    public TextOrigin Origin { get; set; }
    /// <summary>A person has read the text against the original (always true for the original itself).</summary>
    public bool Reviewed { get; set; }
    public required string Title { get; set; }
    public required string Summary { get; set; }
    public string? Description { get; set; }
    public string? Challenge { get; set; }
    public string? PolicyBackground { get; set; }
    public string? Objectives { get; set; }
    public string? Actions { get; set; }
    public string? HowBlocksFit { get; set; }
    public string? Stakeholders { get; set; }
    public string? Beneficiaries { get; set; }
    public string? CostsBenefits { get; set; }
    public string? CoBenefits { get; set; }
    public string? SuccessFactors { get; set; }
    public string? Difficulties { get; set; }
    public string? Transferability { get; set; }
    /// <summary>Keywords separated by ';'.</summary>
    public string? Keywords { get; set; }
    public DateTime UpdatedAt { get; set; }
}

/// <summary>Schemes of <see cref="PracticeTag"/>: each names the reference data its codes come from.</summary>
public static class PracticeTagSchemes
{
    /// <summary>GEMET concept id.</summary>
    public const string Theme = "theme";
    /// <summary>EUNIS habitat code.</summary>
    public const string Habitat = "habitat";
    /// <summary>CICES section or division code.</summary>
    public const string Service = "service";
    /// <summary>framework:code of a policy target (kmgbf:2, nrr:8, habitats:art-6).</summary>
    public const string Target = "target";
    /// <summary>Natura 2000 biogeographical region code.</summary>
    public const string Bioregion = "bioregion";
    /// <summary>One of <see cref="FundingSources.All"/>.</summary>
    public const string Funding = "funding";
    /// <summary>Sustainable Development Goal number, 1-17.</summary>
    public const string Sdg = "sdg";
}

public static class FundingSources
{
    public static readonly IReadOnlyList<string> All = ["life", "interreg", "cap", "erdf", "horizon", "national", "own-budget", "private", "other"];
}

public sealed class PracticeTag
{
    public int PracticeId { get; set; }
    public required string Scheme { get; set; }
    public required string Code { get; set; }
}

/// <summary>A part of a practice that can be reused on its own (PANORAMA's building blocks).</summary>
public sealed class BuildingBlock
{
    public int Id { get; set; }
    public int PracticeId { get; set; }
    public int Position { get; set; }
    public List<BuildingBlockText> Texts { get; set; } = [];
}

public sealed class BuildingBlockText
{
    public int BuildingBlockId { get; set; }
    public required string Language { get; set; }
    public required string Title { get; set; }
    public string? Description { get; set; }
    public string? EnablingFactors { get; set; }
    public string? LessonsLearned { get; set; }
}

/// <summary>A quantified result: a value with its unit, optionally a baseline and the indicator it moves.</summary>
public sealed class PracticeResult
{
    public int Id { get; set; }
    public int PracticeId { get; set; }
    public int Position { get; set; }
    /// <summary>What was measured, in the practice's original language.</summary>
    public required string Label { get; set; }
    public double Value { get; set; }
    public required string Unit { get; set; }
    public double? Baseline { get; set; }
    public int? Year { get; set; }
    /// <summary>One of <see cref="ResultIndicators.All"/>, or null.</summary>
    public string? Indicator { get; set; }
}

/// <summary>Indicators a result can be tied to: GBF headline indicators and Nature Restoration Regulation indicators.</summary>
public static class ResultIndicators
{
    public static readonly IReadOnlyList<string> All =
    [
        "gbf-a1", "gbf-b1", "nrr-urban-tree-canopy", "nrr-urban-green-space", "grassland-butterfly-index", "farmland-bird-index",
        "common-forest-bird-index", "pollinator-index", "river-connectivity", "peatland-rewetted-area", "deadwood", "high-diversity-landscape-features",
    ];
}

public sealed class PracticeContributor
{
    public int PracticeId { get; set; }
    public int PartnerId { get; set; }
}

public enum AttachmentKind { Photo, Document }

/// <summary>A photo or document of a practice; its bytes are a <see cref="PracticeAttachmentContent"/> row with the same Id.</summary>
public sealed class PracticeAttachment
{
    public Guid Id { get; set; }
    public int PracticeId { get; set; }
    public AttachmentKind Kind { get; set; }
    /// <summary>The uploaded name, cleaned; shown escaped, never used as a path.</summary>
    public required string FileName { get; set; }
    /// <summary>Detected from the content, not taken from the upload.</summary>
    public required string ContentType { get; set; }
    public long SizeBytes { get; set; }
    public int? Width { get; set; }
    public int? Height { get; set; }
    public string? Caption { get; set; }
    public string? Credit { get; set; }
    public string? Licence { get; set; }
    public DateTime CreatedAt { get; set; }
    public string? CreatedBy { get; set; }
}

/// <summary>
/// A partner transferred or adapted a practice: all of it or some of its building blocks, what it changed,
/// when, and with what result. Optionally the adopting partner's own practice that came of it.
/// </summary>
public sealed class PracticeTransfer
{
    public int Id { get; set; }
    public int SourcePracticeId { get; set; }
    public int AdoptingPartnerId { get; set; }
    public int? AdoptedPracticeId { get; set; }
    public TransferScope Scope { get; set; }
    public DateOnly TransferredOn { get; set; }
    public required string WhatChanged { get; set; }
    public string? Result { get; set; }
    public DateTime CreatedAt { get; set; }
    public string? RecordedBy { get; set; }
    public List<PracticeTransferBlock> Blocks { get; set; } = [];
}

public sealed class PracticeTransferBlock
{
    public int TransferId { get; set; }
    public int BuildingBlockId { get; set; }
}

/// <summary>
/// The bytes of an attachment and of its thumbnail, in the database rather than on a node's disk, so that every node
/// behind the load balancer serves every file and a backup of the database is a backup of the files.
/// </summary>
public sealed class PracticeAttachmentContent
{
    public Guid AttachmentId { get; set; }
    public required byte[] Bytes { get; set; }
    public byte[]? Thumbnail { get; set; }
}

/// <summary>One saved state of a practice: who, when, what happened, and the whole practice as JSON.</summary>
public sealed class PracticeRevision
{
    public int Id { get; set; }
    public int PracticeId { get; set; }
    public Practice? Practice { get; set; }
    public int Number { get; set; }
    public DateTime At { get; set; }
    public string? UserId { get; set; }
    /// <summary>created, edited, translated, submitted, validated, returned, published, archived, reviewed, attachment.</summary>
    public required string Action { get; set; }
    public string? Note { get; set; }
    public required string Snapshot { get; set; }
}
