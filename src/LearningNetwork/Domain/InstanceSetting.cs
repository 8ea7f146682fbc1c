namespace LearningNetwork.Domain;

/// <summary>A setting of this installation kept in the database, shared by all its nodes (for example its instance id).</summary>
public sealed class InstanceSetting
{
    public required string Key { get; set; }
    public required string Value { get; set; }
}
