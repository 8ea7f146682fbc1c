using LearningNetwork.Domain;

namespace LearningNetwork.Features.Interchange;

/// <summary>
/// The names the interchange format uses beyond plain schema.org properties (docs/interchange.md): the
/// <c>additionalType</c> values of our item types and the <c>propertyID</c>s of <c>additionalProperty</c> values.
/// </summary>
public static class InterchangeFormat
{
    public const string PracticeType = "GoodPractice";
    public const string BlockType = "BuildingBlock";
    public const string TransferType = "PracticeTransfer";
    /// <summary>The additionalType of a partner's commitment (an Action, docs/interchange.md).</summary>
    public const string CommitmentType = "Commitment";
    /// <summary>The schema.org type of a news item and of each of its language versions (docs/interchange.md, "News").</summary>
    public const string NewsType = "NewsArticle";
    /// <summary>A commitment's indicator, and the propertyIDs of the values it refers to: baseline, target, progress reports.</summary>
    public const string Indicator = "indicator";
    public const string Baseline = "baseline";
    public const string TargetValue = "target";
    public const string Progress = "progress";
    public const string GemetSet = "https://www.eionet.europa.eu/gemet/";
    public const string EunisSet = "https://eunis.eea.europa.eu/habitats.jsp";
    public const string CicesSet = "https://cices.eu/";

    public const string GovernanceLevel = "governanceLevel";
    /// <summary>The propertyID of a partner's ISO 3166-2 subdivision identifier (docs/regions.md).</summary>
    public const string Subdivision = "ISO3166-2";
    public const string Stage = "stage";
    public const string Scale = "scale";
    public const string BudgetEur = "budgetEUR";
    public const string StaffFte = "staffFTE";
    public const string MonthsToImplement = "monthsToImplement";
    public const string ExpectedLifetimeYears = "expectedLifetimeYears";
    public const string ReviewBy = "reviewBy";
    public const string Funding = "fundingSource";
    public const string Bioregion = "biogeographicalRegion";
    public const string Demo = "demo";
    public const string Result = "result";
    public const string EnablingFactors = "enablingFactors";
    public const string LessonsLearned = "lessonsLearned";

    // Offers (schema.org Offer) and requests (schema.org Demand) of the marketplace.
    /// <summary>An offer's active | paused | closed, a request's open | in-discussion | matched | in-progress | closed.</summary>
    public const string State = "state";
    /// <summary>A closed request's solved | partly | not-solved.</summary>
    public const string Outcome = "outcome";
    public const string Topic = "topic";
    public const string Urgency = "urgency";
    /// <summary>online | on-site | both.</summary>
    public const string Format = "format";
    /// <summary>An offer's free | expenses | fee.</summary>
    public const string Cost = "cost";
    /// <summary>How many exchanges an offer can take on per year.</summary>
    public const string CapacityPerYear = "capacityPerYear";
    public const string EuroCurrency = "EUR";

    /// <summary>An offer's state as schema.org ItemAvailability, for processors that do not read our <see cref="State"/>.</summary>
    public static string Availability(OfferState state) => state switch
    {
        OfferState.Active => "https://schema.org/InStock",
        OfferState.Paused => "https://schema.org/OutOfStock",
        _ => "https://schema.org/Discontinued",
    };

    /// <summary>The state an ItemAvailability stands for (full IRI, schema: prefix or bare name); null when it is none of ours.</summary>
    public static OfferState? StateOfAvailability(string availability)
    {
        var name = availability.StartsWith("https://schema.org/", StringComparison.Ordinal) ? availability[19..]
            : availability.StartsWith("http://schema.org/", StringComparison.Ordinal) ? availability[18..]
            : availability.StartsWith("schema:", StringComparison.Ordinal) ? availability[7..] : availability;
        return name switch
        {
            "InStock" or "LimitedAvailability" or "OnlineOnly" or "InStoreOnly" => OfferState.Active,
            "OutOfStock" or "SoldOut" or "BackOrder" or "PreOrder" or "PreSale" => OfferState.Paused,
            "Discontinued" => OfferState.Closed,
            _ => null,
        };
    }

    /// <summary>The template's long texts carried as <c>additionalProperty</c>, with how to read and write them.</summary>
    public static readonly IReadOnlyList<(string Key, Func<PracticeText, string?> Get, Action<PracticeText, string?> Set)> TextFields =
    [
        ("challenge", t => t.Challenge, (t, v) => t.Challenge = v),
        ("policyBackground", t => t.PolicyBackground, (t, v) => t.PolicyBackground = v),
        ("objectives", t => t.Objectives, (t, v) => t.Objectives = v),
        ("actions", t => t.Actions, (t, v) => t.Actions = v),
        ("howBlocksFit", t => t.HowBlocksFit, (t, v) => t.HowBlocksFit = v),
        ("stakeholders", t => t.Stakeholders, (t, v) => t.Stakeholders = v),
        ("beneficiaries", t => t.Beneficiaries, (t, v) => t.Beneficiaries = v),
        ("costsBenefits", t => t.CostsBenefits, (t, v) => t.CostsBenefits = v),
        ("coBenefits", t => t.CoBenefits, (t, v) => t.CoBenefits = v),
        ("successFactors", t => t.SuccessFactors, (t, v) => t.SuccessFactors = v),
        ("difficulties", t => t.Difficulties, (t, v) => t.Difficulties = v),
        ("transferability", t => t.Transferability, (t, v) => t.Transferability = v),
    ];
}
