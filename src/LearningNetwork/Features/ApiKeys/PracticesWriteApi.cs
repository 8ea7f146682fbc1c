using System.Globalization;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using LearningNetwork.Data;
using LearningNetwork.Domain;
using LearningNetwork.Features.Interchange;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace LearningNetwork.Features.ApiKeys;

public sealed record PracticeWritten(int Id, string Slug, string Stage, string Url);

/// <summary>
/// The write API for partners' own systems, with an API key of scope <c>practices:write</c>:
/// <c>POST /api/v1/practices</c> takes one practice in the interchange format (docs/interchange.md) and creates it
/// (submitted for validation, as from the form) or updates it (same <c>@id</c>); <c>DELETE /api/v1/practices/{id}</c>
/// removes one that is not public. A key acts only for its own partner's practices: the importer runs with
/// <see cref="ImportScope.OfPartner"/>, so a practice found by its external id or by this site's own @id for it must be the
/// key's partner's, and the body writes one practice, no partner, transfer, offer or request. Every change is audited.
/// </summary>
public static class PracticesWriteApi
{
    public static void AddApiKeys(this WebApplicationBuilder builder) =>
        builder.Services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, ApiKeyAuthentication>(ApiKeyAuthentication.SchemeName, null);

    public static void MapPracticesWriteApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/practices").WithTags("Practices")
            .RequireAuthorization(p => p.AddAuthenticationSchemes(ApiKeyAuthentication.SchemeName).RequireClaim(ApiKeyAuthentication.ScopeClaim, ApiScopes.PracticesWrite));
        group.MapPost("/", WriteAsync).WithName("WritePractice")
            .WithSummary("Create or update one of your partner's practices (API key with scope practices:write).")
            .Accepts<JsonElement>("application/ld+json", "application/json")
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(5 * 1024 * 1024));
        group.MapDelete("/{id:int}", DeleteAsync).WithName("DeletePractice").WithSummary("Delete one of your partner's practices (API key with scope practices:write).");
    }

    private static int PartnerOf(ClaimsPrincipal user) => int.Parse(user.FindFirstValue(ApiKeyAuthentication.PartnerClaim)!, CultureInfo.InvariantCulture);

    private static async Task<Results<Created<PracticeWritten>, Ok<PracticeWritten>, ProblemHttpResult>> WriteAsync(HttpContext http, ClaimsPrincipal user,
        LearningNetworkDb db, InterchangeIds ids, InterchangeImporter importer, TimeProvider clock, Moderation.WaitingMail waiting, CancellationToken ct)
    {
        var partnerId = PartnerOf(user);
        var partner = await db.Partners.AsNoTracking().FirstAsync(p => p.Id == partnerId, ct);
        var partnerRef = await ids.PartnerAsync(partner, ct);
        JsonNode? node;
        try
        {
            node = await JsonNode.ParseAsync(http.Request.Body, cancellationToken: ct);
        }
        catch (JsonException e)
        {
            return Problem(422, "The body is not valid JSON", e.Message);
        }
        if (node is not JsonObject practice || practice["additionalType"]?.GetValueKind() != JsonValueKind.String || practice["additionalType"]!.GetValue<string>() != InterchangeFormat.PracticeType)
            return Problem(422, "Not a practice", "Send one node with \"@type\": \"CreativeWork\" and \"additionalType\": \"GoodPractice\" (docs/interchange.md).");
        practice["@type"] = "CreativeWork";
        var author = practice["author"] is JsonObject a && a["@id"] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;
        if (author is not null && author != partnerRef) return Problem(403, "Not your partner's practice", $"This key writes for {partnerRef} only.");
        practice["author"] = new JsonObject { ["@id"] = partnerRef };
        var document = new JsonObject { ["@context"] = "https://schema.org", ["@graph"] = new JsonArray(practice.DeepClone()) };
        importer.StageOfNewPractices = PracticeStage.Submitted; // as from the form: new practices wait for a moderator
        var report = await importer.ImportAsync(new MemoryStream(Encoding.UTF8.GetBytes(document.ToJsonString())), ImportScope.OfPartner(partnerId), false, ct);
        if (report.Refused.Count > 0)
            return TypedResults.Problem(statusCode: 403, title: "Not your partner's practice", detail: $"This key writes {partnerRef}'s own practices only.",
                extensions: new Dictionary<string, object?> { ["problems"] = report.Refused });
        if (!report.Ok)
            return TypedResults.Problem(statusCode: 422, title: "The practice was not saved", detail: $"{report.Problems.Count} problem(s).",
                extensions: new Dictionary<string, object?> { ["problems"] = report.Problems });
        var savedId = report.Practices.Values.Single(); // the row the importer wrote, however it found it
        var saved = await db.Practices.FirstAsync(p => p.Id == savedId, ct);
        var existed = !report.Created.ContainsKey("practices");
        var action = !existed ? "practice.created-by-api" : report.Updated.ContainsKey("practices") ? "practice.updated-by-api" : null; // unchanged: nothing to audit
        if (!existed) saved.CreatedBy = user.FindFirstValue(ClaimTypes.NameIdentifier);
        if (action is not null)
            db.AuditEntries.Add(new AuditEntry
            {
                At = clock.GetUtcNow().UtcDateTime, UserId = null, Action = action, Subject = $"practice/{saved.Slug}", Details = user.FindFirstValue(ClaimTypes.NameIdentifier),
            });
        await db.SaveChangesAsync(ct);
        // As from the form: a new practice waits for validation, and the moderators hear of it at once.
        if (!existed && saved.Stage == PracticeStage.Submitted)
        {
            var title = await db.PracticeTexts.AsNoTracking().Where(t => t.PracticeId == saved.Id && t.Language == saved.OriginalLanguage)
                .Select(t => t.Title).FirstOrDefaultAsync(ct) ?? saved.Slug;
            await waiting.PracticeWaitsAsync(title, saved.Slug, ct);
        }
        var written = new PracticeWritten(saved.Id, saved.Slug, Practices.PracticesApi.Code(saved.Stage), $"{http.Request.Scheme}://{http.Request.Host}/en/practices/{saved.Slug}");
        return existed ? TypedResults.Ok(written) : TypedResults.Created($"/api/v1/practices/{saved.Id}", written);
    }

    /// <summary>Deletes one of the key's partner's practices that is not public (a draft, submitted, or sent back): a published or
    /// archived practice is part of the network's record (others link to it, transfers name it), and leaves only through
    /// its page, by a person. Another partner's practice, or one harvested from a network, is not found.</summary>
    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(int id, ClaimsPrincipal user, LearningNetworkDb db, TimeProvider clock, CancellationToken ct)
    {
        var practice = await db.Practices.FirstOrDefaultAsync(p => p.Id == id, ct);
        if (practice is null || practice.PartnerId != PartnerOf(user) || practice.OriginNetworkId is not null) return Problem(404, "Not found", $"Your partner has no practice {id}.");
        if (practice.Stage is PracticeStage.Published or PracticeStage.Archived)
            return Problem(409, "Published practices are not deleted through the API", $"Practice {id} is public; archive or delete it on its page.");
        db.Practices.Remove(practice);
        db.AuditEntries.Add(new AuditEntry
        {
            At = clock.GetUtcNow().UtcDateTime, Action = "practice.deleted-by-api", Subject = $"practice/{practice.Slug}", Details = user.FindFirstValue(ClaimTypes.NameIdentifier),
        });
        await db.SaveChangesAsync(ct);
        return TypedResults.NoContent();
    }

    private static ProblemHttpResult Problem(int status, string title, string detail) => TypedResults.Problem(statusCode: status, title: title, detail: detail);
}
