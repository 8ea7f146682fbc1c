using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LearningNetwork.Features.Upcoming;

/// <summary>
/// The areas of the page map that are not built yet answer honestly: what the area will do, and links to
/// what exists now. Each area leaves this page when its capability lands (remove its name from the route).
/// </summary>
public sealed class IndexModel : PageModel
{
    public string Area { get; private set; } = "";

    public void OnGet(string area) => Area = area;
}
