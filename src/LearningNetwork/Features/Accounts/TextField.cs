using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace LearningNetwork.Features.Accounts;

/// <summary>What the _TextField partial draws: a labelled input with its hint and its errors, linked for screen readers.
/// Passwords are never written back into the page.</summary>
public sealed record TextField(ModelStateDictionary State, string Name, string Label, string? Value, string Type, string AutoComplete, string? Hint)
{
    public string Id => Name.Replace('.', '_');
    /// <summary>Every account field so far must be filled in (drawn with <c>required</c>, marked by RequiredFieldsTagHelper).</summary>
    public bool Required { get; init; } = true;
    public IReadOnlyList<string> Errors => State.TryGetValue(Name, out var entry) ? entry.Errors.Select(e => e.ErrorMessage).ToList() : [];
}
