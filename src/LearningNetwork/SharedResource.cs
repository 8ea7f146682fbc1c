namespace LearningNetwork;

/// <summary>Marker for the interface strings in Resources/SharedResource.*.resx (one set for the whole site).</summary>
public sealed class SharedResource;
