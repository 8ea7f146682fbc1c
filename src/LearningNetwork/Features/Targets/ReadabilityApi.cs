using System.Text.Json;
using LearningNetwork.Infrastructure.Localization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;

namespace LearningNetwork.Features.Targets;

/// <summary>The readability of a text in a language.</summary>
/// <param name="Language">The language the text was scored in.</param>
/// <param name="Formula">Flesch, Kandel-Moles, Amstad, Fernández-Huerta, Gulpease or LIX.</param>
/// <param name="Score">The text's value on the formula's scale, to one decimal.</param>
/// <param name="Easy">Whether it reaches the easy level held for citizen texts.</param>
/// <param name="EasyLevel">That level on the formula's scale.</param>
/// <param name="HigherIsEasier">True when a text is easy at <c>easyLevel</c> or more (Flesch-type, Gulpease), false at
/// <c>easyLevel</c> or less (LIX).</param>
public sealed record ReadabilityResult(string Language, string Formula, double Score, bool Easy, double EasyLevel, bool HigherIsEasier);

/// <summary>The body of POST /api/v1/readability.</summary>
/// <param name="Text">The text to score, at most 20,000 characters.</param>
public sealed record ReadabilityRequest(string? Text);

/// <summary>
/// GET /api/v1/readability?lang=&amp;text= and POST /api/v1/readability?lang= with <c>{"text": "..."}</c> (for long
/// texts): the score the editors' form shows beside each audience text, so that a script can recompute it as one types.
/// A pure computation: nothing is stored. Errors are problem details, validation messages in the Accept-Language language.
/// </summary>
public static class ReadabilityApi
{
    public static void MapReadabilityApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/readability").WithTags("Targets");
        group.MapGet("/", (string? lang, string? text, SupportedLanguages languages, IStringLocalizer<SharedResource> strings) => Score(lang, text, languages, strings))
            .WithName("ScoreReadability").WithSummary("The readability of a short text in a language, and whether it is easy enough for citizens.");
        group.MapPost("/", ScorePostedAsync).WithName("ScoreReadabilityOfPostedText")
            .WithSummary("The readability of a text sent as {\"text\": \"...\"}, and whether it is easy enough for citizens.")
            .Accepts<ReadabilityRequest>("application/json")
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(256 * 1024));
    }

    private static async Task<Results<Ok<ReadabilityResult>, ValidationProblem, ProblemHttpResult>> ScorePostedAsync(HttpContext http, string? lang,
        SupportedLanguages languages, IStringLocalizer<SharedResource> strings, CancellationToken ct)
    {
        JsonElement body;
        try
        {
            body = await JsonSerializer.DeserializeAsync<JsonElement>(http.Request.Body, cancellationToken: ct);
        }
        catch (JsonException e)
        {
            return TypedResults.Problem(statusCode: 400, title: "The body is not valid JSON", detail: e.Message);
        }
        catch (BadHttpRequestException e)
        {
            return TypedResults.Problem(statusCode: e.StatusCode, title: "The body could not be read", detail: e.Message);
        }
        if (body.ValueKind != JsonValueKind.Object || !body.TryGetProperty("text", out var text) || text.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
            return TypedResults.Problem(statusCode: 400, title: "The body is not {\"text\": \"...\"}", detail: "Send a JSON object with the text to score as a string.");
        return Score(lang, text.ValueKind == JsonValueKind.String ? text.GetString() : null, languages, strings);
    }

    private static Results<Ok<ReadabilityResult>, ValidationProblem, ProblemHttpResult> Score(string? lang, string? text, SupportedLanguages languages,
        IStringLocalizer<SharedResource> strings)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrEmpty(lang)) errors["lang"] = [strings["Validation.Required"]];
        else if (lang.Length > 8 || !languages.IsSupported(lang)) errors["lang"] = [strings["TargetEdit.BadLanguage"]];
        if (string.IsNullOrWhiteSpace(text)) errors["text"] = [strings["Validation.Required"]];
        else if (text.Length > TargetTextLimits.ReadabilityText) errors["text"] = [strings["Validation.TooLong", TargetTextLimits.ReadabilityText]];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        var language = languages.Get(lang!).Code;
        var score = Readability.Score(text!, language);
        var level = Readability.EasyLevel(language);
        return TypedResults.Ok(new ReadabilityResult(language, score.Formula, score.Value, score.Easy, level.Threshold, level.HigherIsEasier));
    }
}
