using LearningNetwork.Infrastructure.Web;

namespace LearningNetwork.Tests.Shell;

/// <summary>Lists link the first, the last and the pages around the current one, with a gap (0) for what is left out.</summary>
public sealed class PaginationTests
{
    [Theory]
    [InlineData(1, 0, "")]
    [InlineData(1, 1, "1")]
    [InlineData(1, 5, "1 2 3 4 5")] // a gap of one page shows the page
    [InlineData(3, 5, "1 2 3 4 5")]
    [InlineData(1, 4167, "1 2 3 0 4167")]
    [InlineData(40, 4167, "1 0 38 39 40 41 42 0 4167")]
    [InlineData(4167, 4167, "1 0 4165 4166 4167")]
    [InlineData(4, 10, "1 2 3 4 5 6 0 10")]
    [InlineData(99, 10, "1 0 8 9 10")] // a page past the end shows the end
    public void Window_links_the_ends_and_the_neighbours_of_the_current_page(int current, int count, string expected) =>
        Assert.Equal(expected, string.Join(' ', Pagination.Window(current, count)));
}
