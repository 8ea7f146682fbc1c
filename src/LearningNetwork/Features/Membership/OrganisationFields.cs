using LearningNetwork.Features.Partners;

namespace LearningNetwork.Features.Membership;

/// <summary>What the _OrganisationFields partial draws: the typed values, their errors, and the choices.</summary>
public sealed record OrganisationFields(ApplicationForm Form, IReadOnlyDictionary<string, string> Errors, IReadOnlyList<FilterChoice> Countries,
    IReadOnlyList<FilterChoice> Languages, IReadOnlyList<FilterChoice> Biogeographical);
