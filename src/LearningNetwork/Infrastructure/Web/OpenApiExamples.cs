using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace LearningNetwork.Infrastructure.Web;

/// <summary>Examples in the OpenAPI document for the operations clients use most, so the description shows real shapes.</summary>
internal static class OpenApiExamples
{
    private static readonly Dictionary<string, JsonNode> Responses = new()
    {
        ["ListPractices"] = JsonNode.Parse("""
            {"total":55,"page":1,"pageSize":24,"items":[{"id":12,"slug":"peel-natura2000-farmers-hydrological-buffer-zone",
             "title":"Boeren en waterschap samen voor de Peel","url":"https://network.example.eu/en/practices/peel-natura2000-farmers-hydrological-buffer-zone",
             "language":"nl","country":"NL","summary":"...","partner":"Province of Noord-Brabant","status":"ongoing","stage":"published",
             "languages":["en","nl"],"targets":["kmgbf:2","nrr:11"],"transfers":1,"reviewBy":"2027-10-01","overdue":false,"demo":true}]}
            """)!,
        ["ListPartners"] = JsonNode.Parse("""
            {"total":52,"page":1,"pageSize":24,"items":[{"id":1,"slug":"noord-brabant","title":"Province of Noord-Brabant",
             "url":"https://network.example.eu/en/partners/noord-brabant","language":"en","country":"NL","type":"region","nuts":"NL41",
             "languages":["en","nl"],"demo":true}]}
            """)!,
        ["SuggestConcepts"] = JsonNode.Parse("""[{"id":9297,"label":"Feuchtgebiet","language":"de"}]""")!,
        // reasonDetails: the reasons again, with codes and the concepts they name; machineTranslated names the sides that found
        // a concept only through the machine translation of their text (docs/architecture.md, "Matching").
        ["RequestMatches"] = JsonNode.Parse("""
            {"items":[{"offer":{"id":7,"title":"Amphibian monitoring on roads","url":"https://network.example.eu/en/marketplace/offers/amphibian-monitoring",
             "language":"en"},"request":null,"partner":null,"score":0.41,
             "reasons":["Shared themes: monitoring","Found only in the machine translation of the request (written in српски): monitoring","Shared working language: English"],
             "strength":"good","strengthText":"Good match",
             "reasonDetails":[{"kind":"themes","text":"Shared themes: monitoring","concepts":[{"id":"gemet:5346","label":"monitoring","machineTranslated":["request"]}]},
              {"kind":"machine-translated","text":"Found only in the machine translation of the request (written in српски): monitoring",
               "concepts":[{"id":"gemet:5346","label":"monitoring","machineTranslated":["request"]}]},
              {"kind":"language","text":"Shared working language: English","concepts":null}]}],
             "partners":[],"closed":false}
            """)!,
    };

    public static void Add(OpenApiOptions options) => options.AddOperationTransformer((operation, context, _) =>
    {
        var id = operation.OperationId;
        if (id is not null && Responses.TryGetValue(id, out var example)
            && operation.Responses?.TryGetValue("200", out var response) == true && response.Content is { } content)
            foreach (var media in content.Values) media.Example = example.DeepClone();
        return Task.CompletedTask;
    });
}
