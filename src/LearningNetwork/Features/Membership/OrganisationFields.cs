using LearningNetwork.Features.Partners;

namespace LearningNetwork.Features.Membership;

/// <summary>What the _OrganisationFields partial draws: the typed values, their errors, and the choices.</summary>
public sealed record OrganisationFields(ApplicationForm Form, IReadOnlyDictionary<string, string> Errors, IReadOnlyList<FilterChoice> Countries,
    IReadOnlyList<FilterChoice> Languages, IReadOnlyList<FilterChoice> Biogeographical)
{
    /// <summary>The suggestions of the subdivision field (the subdivisions of the countries without NUTS regions).</summary>
    public IReadOnlyList<FilterChoice> Subdivisions { get; init; } = [];
}
