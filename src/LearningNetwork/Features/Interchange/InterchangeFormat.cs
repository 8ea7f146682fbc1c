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
    public const string GemetSet = "https://www.eionet.europa.eu/gemet/";
    public const string EunisSet = "https://eunis.eea.europa.eu/habitats.jsp";
    public const string CicesSet = "https://cices.eu/";

    public const string GovernanceLevel = "governanceLevel";
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
