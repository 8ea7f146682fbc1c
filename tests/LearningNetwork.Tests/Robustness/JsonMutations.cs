using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace LearningNetwork.Tests.Robustness;

/// <summary>
/// Random JSON and mutations of real documents: fields dropped, retyped (a string becomes a number, an object an
/// array), given hostile values, array items duplicated, keys written twice, and the text cut short.
/// </summary>
public static partial class JsonMutations
{
    private static readonly string[] Keys =
    [
        "@context", "@graph", "@id", "@type", "additionalType", "name", "description", "inLanguage", "about", "termCode", "additionalProperty",
        "propertyID", "value", "unitText", "indicator", "date", "note", "unit", "url", "identifier", "address", "geo", "latitude", "longitude",
        "dateModified", "datePublished", "creator", "publisher", "sourceOrganization", "isBasedOn", "hasPart", "text", "lang", "x",
    ];

    public static JsonNode? Random(Random rng, int depth = 3) => rng.Next(depth <= 0 ? 6 : 9) switch
    {
        0 => null,
        1 => JsonValue.Create(rng.Next(2) == 0),
        2 => JsonValue.Create(rng.Pick(Hostile.Values)),
        3 => JsonValue.Create(rng.Next()),
        4 => JsonValue.Create(rng.Next(3) switch { 0 => double.MaxValue, 1 => -rng.NextDouble() * 1e300, _ => rng.NextInt64(long.MinValue, long.MaxValue) }),
        5 => JsonValue.Create(rng.NextHostile()),
        6 or 7 => new JsonObject(Enumerable.Range(0, rng.Next(6)).Select(_ => rng.Next(3) == 0 ? rng.NextHostile() : rng.Pick(Keys)).Distinct()
            .Select(k => new KeyValuePair<string, JsonNode?>(k, Random(rng, depth - 1)))),
        _ => new JsonArray(Enumerable.Range(0, rng.Next(5)).Select(_ => Random(rng, depth - 1)).ToArray()),
    };

    /// <summary>The document after <paramref name="count"/> random mutations, as text (some texts are no longer JSON at all).</summary>
    public static string Mutate(JsonNode document, Random rng, int count)
    {
        var root = document.DeepClone();
        for (var i = 0; i < count; i++)
        {
            var nodes = Descendants(root).ToList();
            var node = nodes[rng.Next(nodes.Count)];
            var parent = node.Parent;
            switch (rng.Next(7))
            {
                case 0 when parent is JsonObject o: o.Remove(node.GetPropertyName()); break;                      // drop a field
                case 0 when parent is JsonArray a: a.Remove(node); break;
                case 1 when parent is not null: node.ReplaceWith(Random(rng, 2)); break;                            // retype
                case 2 when parent is not null: node.ReplaceWith(JsonValue.Create(rng.NextHostile())); break;      // hostile text
                case 3 when parent is JsonArray a: a.Add(node.DeepClone()); break;                                   // duplicate an item
                case 4 when parent is not null: node.ReplaceWith(JsonValue.Create(rng.Next(2) == 0 ? -1 : 1e300)); break; // numbers out of range
                case 5 when node is JsonObject o: o[rng.NextHostile() + "x"] = Random(rng, 1); break;              // unknown field
                case 6 when parent is not null: node.ReplaceWith(new JsonArray(node.DeepClone())); break;           // wrapped in an array
            }
        }
        var text = root.ToJsonString();
        switch (rng.Next(8))
        {
            case 0: text = KeyRegex().Replace(text, m => m.Value + "1," + m.Value, 1); break; // a key written twice
            case 1: text = text[..rng.Next(text.Length)]; break;                           // cut short
        }
        return text;
    }

    private static IEnumerable<JsonNode> Descendants(JsonNode node)
    {
        yield return node;
        var children = node switch
        {
            JsonObject o => o.Select(p => p.Value),
            JsonArray a => a.AsEnumerable(),
            _ => [],
        };
        foreach (var child in children.ToList())
            if (child is not null)
                foreach (var d in Descendants(child)) yield return d;
    }

    [GeneratedRegex("\"(name|@id|@type|value)\":")]
    private static partial Regex KeyRegex();
}
