using System.Text.Json;
using LearningNetwork.ReferenceData;

namespace LearningNetwork.Tests.ReferenceData;

public sealed class GeoJsonTests
{
    private static Shape Measure(string geometry)
    {
        using var doc = JsonDocument.Parse(geometry);
        return GeoJson.Measure(doc.RootElement, "test.geojson", "X");
    }

    [Fact]
    public void Centroid_of_a_square_is_its_centre_whatever_the_winding()
    {
        var clockwise = Measure("""{"type":"Polygon","coordinates":[[[0,0],[0,2],[2,2],[2,0],[0,0]]]}""");
        var counter = Measure("""{"type":"Polygon","coordinates":[[[0,0],[2,0],[2,2],[0,2],[0,0]]]}""");
        Assert.Equal((1.0, 1.0), clockwise.Centroid);
        Assert.Equal((1.0, 1.0), counter.Centroid);
        Assert.Equal((0.0, 0.0, 2.0, 2.0), clockwise.Bounds);
    }

    [Fact]
    public void Centroid_of_a_multipolygon_leans_to_its_larger_part()
    {
        var shape = Measure("""{"type":"MultiPolygon","coordinates":[[[[0,0],[4,0],[4,4],[0,4],[0,0]]],[[[10,0],[11,0],[11,1],[10,1],[10,0]]]]}""");
        Assert.InRange(shape.Centroid.Lon, 2.0, 3.0);
        Assert.Equal((0.0, 0.0, 11.0, 4.0), shape.Bounds);
    }

    [Theory]
    [InlineData("""{"type":"Point","coordinates":[1,2]}""", "not a (Multi)Polygon")]
    [InlineData("""{"type":"Polygon"}""", "no coordinates")]
    [InlineData("""{"type":"Polygon","coordinates":[]}""", "empty")]
    public void Unusable_geometries_are_refused_with_the_reason(string geometry, string reason)
    {
        var error = Assert.Throws<ReferenceDataException>(() => Measure(geometry));
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }
}
