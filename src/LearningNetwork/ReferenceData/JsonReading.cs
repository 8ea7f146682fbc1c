using System.Globalization;
using System.Text.Json;

namespace LearningNetwork.ReferenceData;

/// <summary>Reads a reference JSON file's values, turning every surprise into an error that names the file and path.</summary>
internal readonly record struct JsonReading(JsonElement Element, string File, string Path = "$")
{
    public ReferenceDataException Bad(string problem) => new(File, $"at {Path}: {problem}");

    public bool Has(string name) => Element.ValueKind == JsonValueKind.Object && Element.TryGetProperty(name, out _);

    private JsonElement Get(string name) =>
        Element.ValueKind == JsonValueKind.Object && Element.TryGetProperty(name, out var value) ? value : throw Bad($"'{name}' is missing");

    public string String(string name)
    {
        var value = Get(name);
        return value.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(value.GetString())
            ? value.GetString()!.Trim() : throw Bad($"'{name}' is not a non-empty string");
    }

    public string? OptionalString(string name) =>
        Has(name) && Element.GetProperty(name).ValueKind == JsonValueKind.String ? Element.GetProperty(name).GetString() : null;

    /// <summary>A string or a number, as text (article numbers come as both).</summary>
    public string Scalar(string name)
    {
        var value = Get(name);
        return value.ValueKind switch
        {
            JsonValueKind.Number => value.GetRawText(),
            JsonValueKind.String when !string.IsNullOrWhiteSpace(value.GetString()) => value.GetString()!.Trim(),
            _ => throw Bad($"'{name}' is neither a number nor a string"),
        };
    }

    public int Int(string name)
    {
        var value = Get(name);
        return value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var n) ? n : throw Bad($"'{name}' is not a whole number");
    }

    public JsonReading Object(string name)
    {
        var value = Get(name);
        return value.ValueKind == JsonValueKind.Object ? new JsonReading(value, File, $"{Path}.{name}") : throw Bad($"'{name}' is not an object");
    }

    public IEnumerable<JsonElement> Array(string name)
    {
        var value = Get(name);
        return value.ValueKind == JsonValueKind.Array ? value.EnumerateArray().ToList() : throw Bad($"'{name}' is not an array");
    }

    public IEnumerable<JsonReading> Objects(string name)
    {
        var path = Path;
        var file = File;
        return Array(name).Select((item, i) => item.ValueKind == JsonValueKind.Object
            ? new JsonReading(item, file, $"{path}.{name}[{i.ToString(CultureInfo.InvariantCulture)}]")
            : throw new ReferenceDataException(file, $"at {path}.{name}[{i}]: not an object")).ToList();
    }
}
