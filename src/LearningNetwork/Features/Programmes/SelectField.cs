using LearningNetwork.Features.Partners;

namespace LearningNetwork.Features.Programmes;

/// <summary>One labelled select of the programme forms, with its hint and error linked for screen readers.</summary>
public sealed record SelectField(string Name, string Label, IReadOnlyList<FilterChoice> Choices, string? Selected, string? Error, string? Empty = null, string? Hint = null);
