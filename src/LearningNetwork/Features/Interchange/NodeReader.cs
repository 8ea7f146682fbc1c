using System.Globalization;
using System.Text.Json;

namespace LearningNetwork.Features.Interchange;

/// <summary>
/// Reads the properties of one JSON-LD node leniently where JSON-LD is (a value or an array of values, a string or
/// <c>{"@id"}</c> for a reference) and strictly where we need it (lengths, numbers, dates); every problem goes into the
/// report with the node's name and the field.
/// </summary>
internal sealed class NodeReader(JsonElement node, string name, ImportReport report)
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    private readonly int _problemsBefore = report.Problems.Count;

    public string Name => name;
    public ImportReport Report => report;
    /// <summary>No problem was found in this node (or in anything read through it) so far.</summary>
    public bool Ok => report.Problems.Count == _problemsBefore;

    public void Problem(string field, string message) => report.Problems.Add(new ImportProblem(name, field, message));

    public List<string> Types() => Values("@type").Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!)
        .Select(t => t.StartsWith("https://schema.org/", StringComparison.Ordinal) ? t[19..] : t.StartsWith("schema:", StringComparison.Ordinal) ? t[7..] : t).ToList();

    /// <summary>The node's @id: an absolute IRI of at most 500 characters.</summary>
    public string? Id()
    {
        var id = OptionalString("@id", 500);
        if (id is null) Problem("@id", "every item needs an @id (an absolute IRI) to be imported idempotently");
        else if (!Uri.TryCreate(id, UriKind.Absolute, out _)) Problem("@id", $"{id} is not an absolute IRI");
        else return id;
        return null;
    }

    private IEnumerable<JsonElement> Values(string property, JsonElement? from = null)
    {
        var element = from ?? node;
        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(property, out var value)) yield break;
        if (value.ValueKind == JsonValueKind.Array)
            foreach (var item in value.EnumerateArray()) yield return item;
        else yield return value;
    }

    /// <summary>A nested value: address.addressCountry and the like (the first value at each step).</summary>
    public JsonElement? Path(params string[] steps)
    {
        JsonElement? current = node;
        foreach (var step in steps)
        {
            if (current is not { } c) return null;
            current = Values(step, c).Select(v => (JsonElement?)v).FirstOrDefault();
        }
        return current;
    }

    public string? OptionalString(string property, int max = 1000)
    {
        var value = Values(property).FirstOrDefault();
        if (value.ValueKind == JsonValueKind.Undefined || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind == JsonValueKind.Object && value.TryGetProperty("@value", out var literal)) value = literal;
        if (value.ValueKind != JsonValueKind.String)
        {
            Problem(property, "must be text");
            return null;
        }
        var text = value.GetString()!.Trim();
        if (text.Length > max)
        {
            Problem(property, $"is {text.Length} characters long; at most {max} are accepted");
            return null;
        }
        return text.Length == 0 ? null : text;
    }

    /// <summary>
    /// An address to link to (a website): kept only when it is an absolute http or https URL. Anything else (javascript:,
    /// data:, file:, a relative path) is dropped and noted in the report's Skipped, so that one bad link does not hold up
    /// the rest of a feed, and no page ever links to a script.
    /// </summary>
    public string? OptionalHttpUrl(string property, int max)
    {
        var text = OptionalString(property, max);
        if (text is null) return null;
        if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)) return text;
        report.Skipped.Add($"{name} {property} ({(text.Length > 40 ? text[..40] + "…" : text)} is not an http or https address: dropped)");
        return null;
    }

    public string? RequiredString(string property, int max)
    {
        var before = report.Problems.Count;
        var value = OptionalString(property, max);
        if (value is null && report.Problems.Count == before) Problem(property, "is required");
        return value;
    }

    public double? OptionalNumber(string property)
    {
        var value = Values(property).FirstOrDefault();
        if (value.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null) return null;
        if (value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var d) && double.IsFinite(d)) return d;
        if (value.ValueKind == JsonValueKind.String && double.TryParse(value.GetString(), NumberStyles.Float, Inv, out d) && double.IsFinite(d)) return d;
        Problem(property, "must be a number");
        return null;
    }

    public double? RequiredNumber(string property)
    {
        var before = report.Problems.Count;
        var value = OptionalNumber(property);
        if (value is null && report.Problems.Count == before) Problem(property, "is required");
        return value;
    }

    /// <summary>A date or date-time (yyyy-MM-dd, or ISO 8601), as UTC.</summary>
    public DateTime? Date(string property)
    {
        var text = OptionalString(property, 40);
        if (text is null) return null;
        if (DateTime.TryParse(text, Inv, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var d)) return DateTime.SpecifyKind(d, DateTimeKind.Utc);
        Problem(property, $"{text} is not a date (yyyy-MM-dd)");
        return null;
    }

    /// <summary>Texts: an array of strings, or one string (keywords may also be one comma-separated string).</summary>
    public List<string> Strings(string property)
    {
        var list = new List<string>();
        foreach (var v in Values(property))
        {
            if (v.ValueKind == JsonValueKind.String)
            {
                var text = v.GetString()!;
                list.AddRange(property == "keywords" ? text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : [text.Trim()]);
            }
            else Problem(property, "must be text or a list of texts");
        }
        return list.Where(s => s.Length > 0).Take(200).ToList();
    }

    /// <summary>Language codes: texts, or schema.org <c>Language</c> objects with the code as <c>alternateName</c> (BCP 47, as schema.org advises).</summary>
    public List<string> LanguageCodes(string property)
    {
        var list = new List<string>();
        foreach (var v in Values(property))
        {
            var code = v.ValueKind == JsonValueKind.String ? v.GetString()
                : v.ValueKind == JsonValueKind.Object && v.TryGetProperty("alternateName", out var a) && a.ValueKind == JsonValueKind.String ? a.GetString() : null;
            if (code is null) Problem(property, "must be language codes, as texts or Language objects with alternateName");
            else if (code.Trim().Length > 0) list.Add(code.Trim());
        }
        return list.Distinct(StringComparer.Ordinal).Take(50).ToList();
    }

    public List<JsonElement> Objects(string property) => Values(property).Where(v => v.ValueKind == JsonValueKind.Object).Take(1000).ToList();

    /// <summary>A reference: {"@id": ...} or the IRI as a string.</summary>
    public string? Ref(string property) => Refs(property).FirstOrDefault();

    public List<string> Refs(string property)
    {
        var list = new List<string>();
        foreach (var v in Values(property))
        {
            var id = v.ValueKind == JsonValueKind.String ? v.GetString()
                : v.ValueKind == JsonValueKind.Object && v.TryGetProperty("@id", out var i) && i.ValueKind == JsonValueKind.String ? i.GetString() : null;
            if (id is null || !Uri.TryCreate(id, UriKind.Absolute, out _)) Problem(property, "must be a reference {\"@id\": an absolute IRI}");
            else list.Add(id);
        }
        return list;
    }

    /// <summary>termCode of DefinedTerm values (a plain string counts as a code).</summary>
    public List<string> TermCodes(string property) => Values(property)
        .Select(v => v.ValueKind == JsonValueKind.String ? v.GetString()
            : v.ValueKind == JsonValueKind.Object && v.TryGetProperty("termCode", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null)
        .Where(c => c is not null).Select(c => c!.Trim()).Take(500).ToList();

    /// <summary>PropertyValue entries by propertyID (at <paramref name="path"/>), their values as invariant text.</summary>
    public Dictionary<string, List<string>> PropertyValues(params string[] path)
    {
        var result = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var container = path.Length == 1 ? (JsonElement?)node : Path(path[..^1]);
        if (container is not { } c) return result;
        foreach (var v in Values(path[^1], c))
        {
            if (v.ValueKind != JsonValueKind.Object || !v.TryGetProperty("propertyID", out var id) || id.ValueKind != JsonValueKind.String) continue;
            if (!v.TryGetProperty("value", out var value)) continue;
            var text = value.ValueKind switch
            {
                JsonValueKind.String => value.GetString(),
                JsonValueKind.Number => value.GetRawText(),
                JsonValueKind.True => "true",
                JsonValueKind.False => "false",
                _ => null,
            };
            if (text is null) continue;
            if (!result.TryGetValue(id.GetString()!, out var list)) result[id.GetString()!] = list = [];
            list.Add(text);
        }
        return result;
    }

    public double? Number(Dictionary<string, List<string>> values, string key)
    {
        if (values.GetValueOrDefault(key)?.FirstOrDefault() is not { } text) return null;
        if (double.TryParse(text, NumberStyles.Float, Inv, out var d) && double.IsFinite(d) && Math.Abs(d) < 1e15) return d;
        Problem("additionalProperty " + key, $"{text} is not a number");
        return null;
    }

    public static bool Flag(Dictionary<string, List<string>> values, string key) => values.GetValueOrDefault(key)?.FirstOrDefault() == "true";

    /// <summary>The template's long texts among PropertyValues, each at most 8000 characters.</summary>
    public Dictionary<string, string> TextFields(Dictionary<string, List<string>> values)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, _, _) in InterchangeFormat.TextFields)
            if (values.GetValueOrDefault(key)?.FirstOrDefault() is { Length: > 0 } text)
            {
                if (text.Length > 8000) Problem("additionalProperty " + key, $"is {text.Length} characters long; at most 8000 are accepted");
                else result[key] = text;
            }
        return result;
    }

    /// <summary>Latitude and longitude at property.geo, checked to lie on the globe.</summary>
    public (double? Latitude, double? Longitude) Geo(string property)
    {
        if (Path(property, "geo") is not { ValueKind: JsonValueKind.Object } geo) return (null, null);
        var reader = new NodeReader(geo, name, report);
        var lat = reader.OptionalNumber("latitude");
        var lon = reader.OptionalNumber("longitude");
        if (lat is { } a && lon is { } o && a is >= -90 and <= 90 && o is >= -180 and <= 180) return (a, o);
        if (lat is not null || lon is not null) Problem(property + ".geo", "needs a latitude from -90 to 90 and a longitude from -180 to 180");
        return (null, null);
    }
}
