using System.Text.Json;
using LearningNetwork.Domain;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LearningNetwork.Features.Interchange;

public static class InterchangeSetup
{
    public static void AddInterchange(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<InterchangeIds>();
        builder.Services.AddScoped<InterchangeExporter>();
        builder.Services.AddScoped<InterchangeImporter>();
    }

    /// <summary>
    /// GET /api/v1/export: the public content as JSON-LD, for anyone. POST /api/v1/import: a JSON-LD file, for network
    /// admins; all or nothing, answered with the report (200), or problem details listing every problem (422).
    /// </summary>
    public static void MapInterchange(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1").WithTags("Interchange");
        group.MapGet("/export", ExportAsync)
            .WithName("Export").WithSummary("The network's public content as schema.org JSON-LD (docs/interchange.md).")
            .Produces(200, contentType: "application/ld+json");
        group.MapPost("/import", ImportAsync).WithName("Import")
            .WithSummary("Import a schema.org JSON-LD file (network admins). All or nothing; idempotent by @id.")
            .RequireAuthorization(policy => policy.RequireRole(Roles.NetworkAdmin))
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(InterchangeImporter.MaxBytes))
            .Accepts<JsonElement>("application/ld+json", "application/json");
    }

    /// <summary>The export with an ETag of its content, so that a harvester's conditional request costs a 304.</summary>
    private static async Task<IResult> ExportAsync(HttpContext http, InterchangeExporter exporter, CancellationToken ct)
    {
        var body = System.Text.Encoding.UTF8.GetBytes((await exporter.ExportAsync(ct)).ToJsonString());
        var etag = $"\"{Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(body))[..32]}\"";
        http.Response.Headers.ETag = etag;
        http.Response.Headers.CacheControl = "no-cache";
        if (http.Request.Headers.IfNoneMatch.Any(v => v == etag)) return Results.StatusCode(StatusCodes.Status304NotModified);
        return Results.Bytes(body, "application/ld+json");
    }

    private static async Task<Results<Ok<ImportResult>, ProblemHttpResult>> ImportAsync(HttpRequest request, InterchangeImporter importer, CancellationToken ct)
    {
        var report = await importer.ImportAsync(request.Body, ct);
        if (!report.Ok)
            return TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "Nothing was imported",
                detail: $"{report.Problems.Count} problem(s); the file changed nothing.",
                extensions: new Dictionary<string, object?> { ["problems"] = report.Problems });
        return TypedResults.Ok(new ImportResult(report.Created, report.Updated, report.Unchanged, report.Skipped));
    }
}

public sealed record ImportResult(IReadOnlyDictionary<string, int> Created, IReadOnlyDictionary<string, int> Updated,
    IReadOnlyDictionary<string, int> Unchanged, IReadOnlyList<string> Skipped);
