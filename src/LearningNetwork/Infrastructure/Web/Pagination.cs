namespace LearningNetwork.Infrastructure.Web;

/// <summary>
/// Which page links a list shows: the first, the last, and the two on each side of the current page, with a gap (0)
/// where pages are left out. A list of 100,000 practices has over 4,000 pages; linking each made every list page 400 KB
/// and a fifth of its rendering time.
/// </summary>
public static class Pagination
{
    /// <summary>The page numbers to link, in order, with 0 for each gap (shown as an ellipsis, hidden from screen readers).</summary>
    public static IReadOnlyList<int> Window(int current, int count, int around = 2)
    {
        if (count <= 1) return count == 1 ? [1] : [];
        current = Math.Clamp(current, 1, count);
        var shown = new SortedSet<int> { 1, count };
        for (var p = Math.Max(1, current - around); p <= Math.Min(count, current + around); p++) shown.Add(p);
        var pages = new List<int>(shown.Count + 2);
        var previous = 0;
        foreach (var p in shown)
        {
            if (previous > 0 && p == previous + 2) pages.Add(previous + 1); // a gap of one page shows the page instead
            else if (previous > 0 && p > previous + 2) pages.Add(0);
            pages.Add(p);
            previous = p;
        }
        return pages;
    }
}
