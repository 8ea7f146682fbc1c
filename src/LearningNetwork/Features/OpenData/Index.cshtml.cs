using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LearningNetwork.Features.OpenData;

/// <summary>/{lang}/open-data: the downloads, the DCAT-AP catalogue, and the data dictionary of every CSV column.</summary>
public sealed class IndexModel : PageModel
{
    public IReadOnlyList<DatasetInfo> Datasets => OpenDataSets.Datasets;

    public void OnGet()
    {
    }
}
