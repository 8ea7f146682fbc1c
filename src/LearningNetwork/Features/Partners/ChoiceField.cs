namespace LearningNetwork.Features.Partners;

/// <summary>What the _Choice partial draws.</summary>
public sealed record ChoiceField(string Name, string Label, IReadOnlyList<FilterChoice> Choices, string? Selected, bool Invalid, string Error, string? AllLabel);
