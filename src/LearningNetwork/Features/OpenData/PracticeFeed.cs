using LearningNetwork.Data;
using LearningNetwork.Domain;
using LearningNetwork.Features.Interchange;
using LearningNetwork.Features.Practices;
using LearningNetwork.Infrastructure.Localization;
using Microsoft.EntityFrameworkCore;

namespace LearningNetwork.Features.OpenData;

/// <summary>
/// The Atom feeds of the site, each written by <see cref="AtomFeedWriter"/>, each one query (plus one for translations):
/// <c>/feeds/practices.atom</c>, the 100 most recently changed public practices, each entry linking to its page and to its
/// own JSON-LD (<c>/api/v1/practices/{id}/jsonld</c>), which is what another network's harvester follows;
/// <c>/feeds/offers.atom</c> and <c>/feeds/requests.atom</c>, the open marketplace (active offers; requests not closed);
/// <c>/feeds/commitments.atom</c>, the latest changed commitments. <c>?lang=xx</c> gives texts in that language where a
/// translation exists (a practice's own text; a current translation of an offer's or request's title and description)
/// and links to the pages in that language when the interface speaks it; without it, texts are the originals. Feeds are
/// read through the <see cref="ReadDb"/>: a harvester polls, and an entry one replication delay late is found next time.
/// </summary>
public static class PracticeFeed
{
    private const int Size = 100;

    public static void MapPracticeFeed(this IEndpointRouteBuilder app)
    {
        app.MapGet("/feeds/practices.atom", PracticesAsync).ExcludeFromDescription();
        app.MapGet("/feeds/offers.atom", OffersAsync).ExcludeFromDescription();
        app.MapGet("/feeds/requests.atom", RequestsAsync).ExcludeFromDescription();
        app.MapGet("/feeds/commitments.atom", CommitmentsAsync).ExcludeFromDescription();
        app.MapGet("/api/v1/practices/{id:int}/jsonld", async (int id, InterchangeExporter exporter, CancellationToken ct) =>
                await exporter.ExportPracticeAsync(id, ct) is { } doc
                    ? Results.Text(doc.ToJsonString(), "application/ld+json", System.Text.Encoding.UTF8)
                    : Results.Problem(statusCode: 404, title: "Not found", detail: $"There is no published practice {id}."))
            .WithTags("Practices").WithName("GetPracticeJsonLd").WithSummary("One published practice as schema.org JSON-LD (docs/interchange.md).")
            .Produces(200, contentType: "application/ld+json");
    }

    /// <summary>The text language asked for (null: the originals) and the interface language of the links; false for a malformed ?lang.</summary>
    private static bool Language(HttpContext http, SupportedLanguages languages, out string? text, out string pages)
    {
        text = http.Request.Query["lang"].ToString() is { Length: > 0 } l ? l : null;
        pages = languages.IsSupported(text) ? text! : SupportedLanguages.Default;
        return text is null || PracticeQueryParser.IsLanguageCode(text);
    }

    private static IResult BadLanguage() =>
        Results.Problem(statusCode: 400, title: "Invalid lang", detail: "lang must be an ISO 639-1 code in small letters, such as de.");

    private static string Origin(HttpContext http) => $"{http.Request.Scheme}://{http.Request.Host}";

    private static List<AtomLink> FeedLinks(string origin, string feed, string page, string? lang) =>
    [
        new("self", $"{origin}/feeds/{feed}.atom" + (lang is null ? "" : "?lang=" + lang), AtomFeedWriter.MediaType),
        new("alternate", $"{origin}/{page}", "text/html"),
    ];

    private static async Task<IResult> PracticesAsync(HttpContext http, [FromKeyedServices(ReadDb.Key)] LearningNetworkDb db, SupportedLanguages languages, TimeProvider clock, CancellationToken ct)
    {
        if (!Language(http, languages, out var lang, out var pages)) return BadLanguage();
        var origin = Origin(http);
        var practices = await db.Practices.AsNoTracking().Where(p => p.Stage == PracticeStage.Published || p.Stage == PracticeStage.Archived)
            .OrderByDescending(p => p.UpdatedAt).ThenByDescending(p => p.Id).Take(Size)
            .Select(p => new
            {
                p.Id, p.Slug, p.UpdatedAt, p.ExternalId, p.Partner!.Name,
                Text = p.Texts.Where(t => t.Language == lang).Select(t => new { t.Language, t.Title, t.Summary }).FirstOrDefault()
                       ?? p.Texts.Where(t => t.Language == p.OriginalLanguage).Select(t => new { t.Language, t.Title, t.Summary }).First(),
            })
            .ToListAsync(ct);
        var entries = practices.Select(p => new AtomEntry(p.ExternalId ?? $"{origin}/en/practices/{p.Slug}", p.Text.Title, p.Text.Language, p.UpdatedAt, p.Name,
            p.Text.Summary, [new("alternate", $"{origin}/{pages}/practices/{p.Slug}", "text/html"),
                new("alternate", $"{origin}/api/v1/practices/{p.Id}/jsonld", "application/ld+json")])).ToList();
        return AtomFeedWriter.Result($"{origin}/feeds/practices.atom", "Good practices", null, FeedLinks(origin, "practices", $"{pages}/practices", lang), entries,
            clock.GetUtcNow().UtcDateTime);
    }

    private static async Task<IResult> OffersAsync(HttpContext http, [FromKeyedServices(ReadDb.Key)] LearningNetworkDb db, SupportedLanguages languages, InterchangeIds ids, TimeProvider clock, CancellationToken ct)
    {
        if (!Language(http, languages, out var lang, out var pages)) return BadLanguage();
        var origin = Origin(http);
        var offers = await db.Offers.AsNoTracking().Where(o => o.State == OfferState.Active)
            .OrderByDescending(o => o.UpdatedAt).ThenByDescending(o => o.Id).Take(Size).Include(o => o.Partner).ToListAsync(ct);
        var translated = await TranslationsAsync(db, "offer", offers.Select(o => o.Id).ToList(), lang, ct);
        var entries = new List<AtomEntry>();
        foreach (var o in offers)
        {
            var (title, description, language) = Texts(translated, o.Id, o.Title, o.Description, o.Language, lang);
            entries.Add(new AtomEntry(await ids.OfferAsync(o, ct), title, language, o.UpdatedAt, o.Partner!.Name, Summary(description),
                [new("alternate", $"{origin}/{pages}/marketplace/offers/{o.Slug}", "text/html"), new("alternate", $"{origin}/api/v1/offers/{o.Id}", "application/json")]));
        }
        return AtomFeedWriter.Result($"{origin}/feeds/offers.atom", "Offers of expertise", null, FeedLinks(origin, "offers", $"{pages}/marketplace", lang), entries,
            clock.GetUtcNow().UtcDateTime);
    }

    private static async Task<IResult> RequestsAsync(HttpContext http, [FromKeyedServices(ReadDb.Key)] LearningNetworkDb db, SupportedLanguages languages, InterchangeIds ids, TimeProvider clock, CancellationToken ct)
    {
        if (!Language(http, languages, out var lang, out var pages)) return BadLanguage();
        var origin = Origin(http);
        var requests = await db.Requests.AsNoTracking().Where(r => r.State != RequestState.Closed)
            .OrderByDescending(r => r.UpdatedAt).ThenByDescending(r => r.Id).Take(Size).Include(r => r.Partner).ToListAsync(ct);
        var translated = await TranslationsAsync(db, "request", requests.Select(r => r.Id).ToList(), lang, ct);
        var entries = new List<AtomEntry>();
        foreach (var r in requests)
        {
            var (title, description, language) = Texts(translated, r.Id, r.Title, r.Description, r.Language, lang);
            entries.Add(new AtomEntry(await ids.RequestAsync(r, ct), title, language, r.UpdatedAt, r.Partner!.Name, Summary(description),
                [new("alternate", $"{origin}/{pages}/marketplace/requests/{r.Slug}", "text/html"), new("alternate", $"{origin}/api/v1/requests/{r.Id}", "application/json")]));
        }
        return AtomFeedWriter.Result($"{origin}/feeds/requests.atom", "Requests for help", null, FeedLinks(origin, "requests", $"{pages}/marketplace", lang), entries,
            clock.GetUtcNow().UtcDateTime);
    }

    private static async Task<IResult> CommitmentsAsync(HttpContext http, [FromKeyedServices(ReadDb.Key)] LearningNetworkDb db, SupportedLanguages languages, InterchangeIds ids, TimeProvider clock, CancellationToken ct)
    {
        // Commitments have no translations yet: ?lang= only chooses the language of the pages linked.
        if (!Language(http, languages, out var lang, out var pages)) return BadLanguage();
        var origin = Origin(http);
        var commitments = await db.Commitments.AsNoTracking().OrderByDescending(c => c.UpdatedAt).ThenByDescending(c => c.Id).Take(Size)
            .Include(c => c.Partner).ToListAsync(ct);
        var entries = new List<AtomEntry>();
        foreach (var c in commitments)
            entries.Add(new AtomEntry(await ids.CommitmentAsync(c, ct), c.Title, c.Language, c.UpdatedAt, c.Partner!.Name, Summary(c.Description),
                [new("alternate", $"{origin}/{pages}/commitments/{c.Id}", "text/html"), new("alternate", $"{origin}/api/v1/commitments/{c.Id}", "application/json")]));
        return AtomFeedWriter.Result($"{origin}/feeds/commitments.atom", "Commitments", null, FeedLinks(origin, "commitments", $"{pages}/commitments", lang), entries,
            clock.GetUtcNow().UtcDateTime);
    }

    /// <summary>The first 400 characters of a Markdown description: a feed reader shows a summary, the page the whole text.</summary>
    private static string Summary(string text) => text.Length <= 400 ? text : text[..399].TrimEnd() + "…";

    /// <summary>The translations into <paramref name="lang"/> of the items' title and description, by item and field (one query).</summary>
    private static async Task<ILookup<(int, string), ContentTranslation>> TranslationsAsync(LearningNetworkDb db, string kind, List<int> ids, string? lang, CancellationToken ct)
    {
        if (lang is null || ids.Count == 0) return Array.Empty<ContentTranslation>().ToLookup(t => (t.ContentId, t.Field));
        return (await db.ContentTranslations.AsNoTracking()
                .Where(t => t.ContentKind == kind && ids.Contains(t.ContentId) && t.TargetLanguage == lang && (t.Field == "title" || t.Field == "description"))
                .ToListAsync(ct))
            .ToLookup(t => (t.ContentId, t.Field));
    }

    /// <summary>The texts in the language asked for when both are translated from the current originals (the hash matches), else the originals.</summary>
    private static (string Title, string Description, string Language) Texts(ILookup<(int, string), ContentTranslation> translated, int id, string title,
        string description, string language, string? lang)
    {
        if (lang is null || lang == language) return (title, description, language);
        string? Current(string field, string source)
        {
            var hash = Translation.MachineTranslations.Hash(source);
            var rows = translated[(id, field)].Where(t => t.SourceHash == hash && t.SourceLanguage == language).ToList();
            return (rows.FirstOrDefault(t => t.Reviewed) ?? rows.FirstOrDefault())?.Text;
        }
        return Current("title", title) is { } t && Current("description", description) is { } d ? (t, d, lang) : (title, description, language);
    }
}
