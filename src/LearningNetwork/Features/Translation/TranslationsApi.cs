using LearningNetwork.Infrastructure.Localization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LearningNetwork.Features.Translation;

/// <summary>One field's translation: the text, the language it was translated from, and where it came from.</summary>
public sealed record TranslatedField(string Text, string SourceLanguage, string Engine, bool Reviewed);

/// <summary>
/// The translation of an item into one language: <c>status</c> is <c>not-needed</c>, <c>unavailable</c>, <c>offered</c>
/// (none yet; the item's page can request one), <c>queued</c>, <c>failed</c> or <c>done</c>; <c>fields</c> holds the current
/// translations only (those made from the text as it is now), by field name.
/// </summary>
public sealed record TranslationDocument(string Kind, int Id, string Language, string SourceLanguage, string Status, string? Engine, bool Reviewed,
    string? ReviewedBy, IReadOnlyDictionary<string, TranslatedField> Fields);

public static class TranslationsApi
{
    public static void MapTranslationsApi(this WebApplication app) =>
        app.MapGroup("/api/v1/translations").WithTags("Translations")
            .MapGet("/{kind}/{id:int}", GetAsync).WithName("GetTranslation")
            .WithSummary("The machine or reviewed translation of a practice, offer, request, partner or conversation into ?lang= (required).");

    private static async Task<Results<Ok<TranslationDocument>, ProblemHttpResult>> GetAsync(HttpContext http, MachineTranslations translations,
        SupportedLanguages languages, string kind, int id, string? lang, CancellationToken ct)
    {
        if (!languages.IsSupported(lang))
            return TypedResults.Problem(statusCode: 400, title: "Bad language", detail: "Give ?lang= one of the site's interface languages (two letters).");
        var item = await translations.FindAsync(kind, id, http.User, ct);
        if (item is null) return TypedResults.Problem(statusCode: 404, title: "Not found", detail: $"There is no {kind} {id} you may read.");
        var state = await translations.StateAsync(item, lang!, ct);
        var status = state.Status switch { TranslationStatus.NotNeeded => "not-needed", var s => s.ToString().ToLowerInvariant() };
        return TypedResults.Ok(new TranslationDocument(kind, id, lang!, item.Language, status, state.Engine, state.Reviewed, state.ReviewerName,
            state.Current.ToDictionary(kv => kv.Key, kv => new TranslatedField(kv.Value.Text, kv.Value.SourceLanguage, kv.Value.Engine, kv.Value.Reviewed))));
    }
}
