using System.Text.Json;

namespace LearningNetwork.ReferenceData;

/// <summary>What the app needs of a boundary: its bounding box and a centroid for placing a marker.</summary>
public readonly record struct Shape((double MinLon, double MinLat, double MaxLon, double MaxLat) Bounds, (double Lon, double Lat) Centroid);

/// <summary>Minimal reading of GeoJSON FeatureCollections of (Multi)Polygons, as GISCO publishes NUTS boundaries.</summary>
public static class GeoJson
{
    public static IEnumerable<(string Id, JsonElement Geometry)> Features(JsonDocument doc, string file, string idProperty)
    {
        if (doc.RootElement.ValueKind != JsonValueKind.Object || !doc.RootElement.TryGetProperty("features", out var features) ||
            features.ValueKind != JsonValueKind.Array)
            throw new ReferenceDataException(file, "not a GeoJSON FeatureCollection");
        var i = 0;
        foreach (var feature in features.EnumerateArray())
        {
            if (!feature.TryGetProperty("properties", out var properties) || properties.ValueKind != JsonValueKind.Object ||
                !properties.TryGetProperty(idProperty, out var id) || id.ValueKind != JsonValueKind.String ||
                !feature.TryGetProperty("geometry", out var geometry) || geometry.ValueKind != JsonValueKind.Object)
                throw new ReferenceDataException(file, $"feature {i} lacks properties.{idProperty} or a geometry");
            i++;
            yield return (id.GetString()!, geometry);
        }
    }

    /// <summary>Bounding box, and the area-weighted centroid of the outer rings (planar, in degrees: good enough
    /// to place a marker inside a region at this scale).</summary>
    public static Shape Measure(JsonElement geometry, string file, string id)
    {
        var type = geometry.TryGetProperty("type", out var t) ? t.GetString() : null;
        if (!geometry.TryGetProperty("coordinates", out var coordinates) || coordinates.ValueKind != JsonValueKind.Array)
            throw new ReferenceDataException(file, $"{id}: geometry has no coordinates");
        var polygons = type switch
        {
            "Polygon" => [coordinates],
            "MultiPolygon" => coordinates.EnumerateArray().ToList(),
            _ => throw new ReferenceDataException(file, $"{id}: geometry type '{type}' is not a (Multi)Polygon"),
        };
        double minLon = double.MaxValue, minLat = double.MaxValue, maxLon = double.MinValue, maxLat = double.MinValue;
        double area = 0, cx = 0, cy = 0;
        foreach (var polygon in polygons)
        {
            var ringIndex = 0;
            foreach (var ring in polygon.EnumerateArray())
            {
                var points = ring.EnumerateArray().Select(p =>
                {
                    if (p.GetArrayLength() < 2) throw new ReferenceDataException(file, $"{id}: a position has fewer than two numbers");
                    return (Lon: p[0].GetDouble(), Lat: p[1].GetDouble());
                }).ToList();
                foreach (var (lon, lat) in points)
                {
                    minLon = Math.Min(minLon, lon); maxLon = Math.Max(maxLon, lon);
                    minLat = Math.Min(minLat, lat); maxLat = Math.Max(maxLat, lat);
                }
                if (ringIndex++ == 0)
                {
                    for (var i = 0; i + 1 < points.Count; i++)
                    {
                        var cross = points[i].Lon * points[i + 1].Lat - points[i + 1].Lon * points[i].Lat;
                        area += cross;
                        cx += (points[i].Lon + points[i + 1].Lon) * cross;
                        cy += (points[i].Lat + points[i + 1].Lat) * cross;
                    }
                }
            }
        }
        if (minLon > maxLon) throw new ReferenceDataException(file, $"{id}: geometry is empty");
        var centroid = Math.Abs(area) > 1e-12 ? (cx / (3 * area), cy / (3 * area)) : ((minLon + maxLon) / 2, (minLat + maxLat) / 2);
        return new Shape((minLon, minLat, maxLon, maxLat), centroid);
    }
}
