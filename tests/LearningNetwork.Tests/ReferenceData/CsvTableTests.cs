using LearningNetwork.ReferenceData;

namespace LearningNetwork.Tests.ReferenceData;

public sealed class CsvTableTests
{
    private static List<string[]> Parse(string text) => CsvTable.Parse(text, "test.csv").Select(r => r.Fields).ToList();

    [Fact]
    public void Quoted_fields_hold_commas_doubled_quotes_and_line_breaks()
    {
        var rows = Parse("a,b,c\n\"x, y\",\"say \"\"hi\"\"\",\"two\nlines\"\n");
        Assert.Equal(2, rows.Count);
        Assert.Equal(["x, y", "say \"hi\"", "two\nlines"], rows[1]);
    }

    [Fact]
    public void Empty_fields_CRLF_and_a_missing_final_newline_are_read()
    {
        var rows = Parse("a,b,c\r\n1,,3\r\n,,");
        Assert.Equal(["1", "", "3"], rows[1]);
        Assert.Equal(["", "", ""], rows[2]);
    }

    [Fact]
    public void Line_numbers_count_the_breaks_inside_quoted_fields()
    {
        var records = CsvTable.Parse("h\n\"a\nb\"\nc\n", "test.csv");
        Assert.Equal([1, 2, 4], records.Select(r => r.Line));
    }

    [Theory]
    [InlineData("a,b\n\"open,2\n", "never closed")]
    [InlineData("a,b\nx\"y,2\n", "quote inside")]
    [InlineData("a,b\n\"x\"y,2\n", "after a closing quote")]
    public void Malformed_quoting_names_the_problem(string text, string problem)
    {
        var error = Assert.Throws<ReferenceDataException>(() => CsvTable.Parse(text, "broken.csv"));
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
        Assert.Contains("broken.csv", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_row_with_the_wrong_number_of_fields_is_refused_with_its_line()
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory().FullName, "short.csv");
        File.WriteAllText(file, "a,b,c\n1,2,3\n4,5\n");
        var error = Assert.Throws<ReferenceDataException>(() => CsvTable.Read(file));
        Assert.Contains("line 3 has 2 fields", error.Message, StringComparison.Ordinal);
    }
}
