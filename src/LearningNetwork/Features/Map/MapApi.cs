using System.Text;
using LearningNetwork.Data;
using LearningNetwork.Features.Partners;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace LearningNetwork.Features.Map;

/// <summary>
/// GeoJSON for the maps: NUTS boundaries from the reference data (by level, or one region) and the partners
/// as points. Boundaries change only when the reference data does, so they are cached per node and sent
/// with an ETag.
/// </summary>
public static class MapApi
{
    public static void MapMapApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1").WithTags("Map");
        group.MapGet("/regions", RegionsAsync).WithName("ListRegionBoundaries")
            .WithSummary("NUTS 2024 boundaries of one level (0-3) as a GeoJSON FeatureCollection, optionally for one country.");
        group.MapGet("/regions/{code}", RegionAsync).WithName("GetRegionBoundary").WithSummary("One NUTS region's boundary as a GeoJSON Feature.");
        group.MapGet("/map/partners", PartnersAsync).WithName("ListPartnerLocations")
            .WithSummary("Every partner as a GeoJSON point: its own location, or the centre of its NUTS region.");
    }

    private static async Task<IResult> RegionsAsync(
        HttpContext http, LearningNetworkDb db, IMemoryCache cache, string? level, string? country, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (level is not ("0" or "1" or "2" or "3")) errors["level"] = ["level must be 0, 1, 2 or 3."];
        if (!string.IsNullOrEmpty(country) && !(country.Length == 2 && country.All(char.IsAsciiLetterUpper)))
            errors["country"] = ["country must be a two-letter Eurostat code in capitals, such as DE or EL."];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);

        var n = level![0] - '0';
        var body = await cache.GetOrCreateAsync($"regions:{n}:{country}", async _ =>
        {
            var query = db.NutsRegions.AsNoTracking().Where(r => r.Level == n && r.Boundary != null);
            if (!string.IsNullOrEmpty(country)) query = query.Where(r => r.CountryCode == country);
            var regions = await query.OrderBy(r => r.Code).Select(r => new { r.Code, r.NameLatin, r.Level, r.CountryCode, r.Boundary }).ToListAsync(ct);
            var json = new StringBuilder("{\"type\":\"FeatureCollection\",\"features\":[");
            for (var i = 0; i < regions.Count; i++)
            {
                if (i > 0) json.Append(',');
                AppendFeature(json, regions[i].Code, regions[i].NameLatin, regions[i].Level, regions[i].CountryCode, regions[i].Boundary!);
            }
            return json.Append("]}").ToString();
        });
        return Cached(http, body!);
    }

    private static async Task<IResult> RegionAsync(
        HttpContext http, LearningNetworkDb db, IMemoryCache cache, string code, CancellationToken ct)
    {
        if (code.Length is < 2 or > 8 || !code.All(char.IsAsciiLetterOrDigit))
            return TypedResults.Problem(statusCode: 404, title: "Not found", detail: "There is no NUTS region with this code.");
        var body = await cache.GetOrCreateAsync($"region:{code}", async _ =>
        {
            var r = await db.NutsRegions.AsNoTracking().Where(x => x.Code == code && x.Boundary != null)
                .Select(x => new { x.Code, x.NameLatin, x.Level, x.CountryCode, x.Boundary }).FirstOrDefaultAsync(ct);
            if (r is null) return null;
            var json = new StringBuilder();
            AppendFeature(json, r.Code, r.NameLatin, r.Level, r.CountryCode, r.Boundary!);
            return json.ToString();
        });
        return body is null
            ? TypedResults.Problem(statusCode: 404, title: "Not found", detail: "There is no NUTS region with this code.")
            : Cached(http, body);
    }

    /// <summary>Partner points. Not cached: partners change; the list is small.</summary>
    private static async Task<Ok<PartnerLocations>> PartnersAsync(LearningNetworkDb db, Places places, CancellationToken ct)
    {
        var partners = await db.Partners.AsNoTracking()
            .OrderBy(p => p.Name)
            .Select(p => new { p.Id, p.Slug, p.Name, p.Type, p.CountryCode, p.NutsCode, p.SubdivisionCode, p.Latitude, p.Longitude })
            .ToListAsync(ct);
        var codes = partners.Where(p => p.Latitude is null && p.NutsCode != null).Select(p => p.NutsCode!).Distinct().ToList();
        var centres = await db.NutsRegions.AsNoTracking().Where(r => codes.Contains(r.Code))
            .ToDictionaryAsync(r => r.Code, r => (r.CentroidLongitude, r.CentroidLatitude), ct);
        // Outside NUTS: the ISO 3166-2 subdivision's representative point (docs/regions.md).
        var points = await places.PointsAsync(partners.Where(p => p.Latitude is null).Select(p => p.SubdivisionCode), ct);
        // Last, the country's centre: a partner placed only by a subdivision without a point (Azerbaijan; or a NUTS
        // country's subdivision given instead of NUTS) still appears on the map.
        var countries = partners.Any(p => p.Latitude is null) ? await places.CountryPointsAsync(ct) : [];
        var features = new List<PartnerLocation>();
        foreach (var p in partners)
        {
            var (lon, lat) = p.Latitude is { } la && p.Longitude is { } lo ? (lo, la)
                : p.NutsCode is not null && centres.TryGetValue(p.NutsCode, out var c) && c.CentroidLatitude is { } cla ? (c.CentroidLongitude!.Value, cla)
                : p.SubdivisionCode is not null && points.TryGetValue(p.SubdivisionCode, out var s) ? (s.Lon, s.Lat)
                : countries.TryGetValue(p.CountryCode, out var country) ? (country.Lon, country.Lat)
                : (double.NaN, double.NaN);
            if (double.IsNaN(lat)) continue;
            features.Add(new PartnerLocation("Feature", new Point("Point", [Math.Round(lon, 5), Math.Round(lat, 5)]),
                new PartnerLocationProperties(p.Id, p.Slug, p.Name, PartnersApi.TypeCode(p.Type), p.CountryCode)));
        }
        return TypedResults.Ok(new PartnerLocations("FeatureCollection", features));
    }

    private static void AppendFeature(StringBuilder json, string code, string name, int level, string country, string geometry)
    {
        json.Append("{\"type\":\"Feature\",\"id\":\"").Append(code).Append("\",\"properties\":{\"code\":\"").Append(code)
            .Append("\",\"name\":").Append(System.Text.Json.JsonSerializer.Serialize(name))
            .Append(",\"level\":").Append(level).Append(",\"country\":\"").Append(country).Append("\"},\"geometry\":")
            .Append(geometry).Append('}');
    }

    private static IResult Cached(HttpContext http, string body)
    {
        var etag = $"\"{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(body)))[..16]}\"";
        http.Response.Headers.ETag = etag;
        http.Response.Headers.CacheControl = "public, max-age=3600";
        if (http.Request.Headers.IfNoneMatch.Contains(etag)) return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        return TypedResults.Content(body, "application/geo+json");
    }
}

public sealed record Point(string Type, double[] Coordinates);
public sealed record PartnerLocationProperties(int Id, string Slug, string Name, string Type, string Country);
public sealed record PartnerLocation(string Type, Point Geometry, PartnerLocationProperties Properties);
public sealed record PartnerLocations(string Type, IReadOnlyList<PartnerLocation> Features);
