using LearningNetwork.Infrastructure.Localization;
using Microsoft.AspNetCore.Mvc;

namespace LearningNetwork.Features.News;

/// <summary>The latest news of a partner for its page: <c>@await Component.InvokeAsync("PartnerNews", new { partnerId })</c>.</summary>
public sealed class PartnerNewsViewComponent(NewsCatalogue catalogue) : ViewComponent
{
    public const int Max = 5;

    public async Task<IViewComponentResult> InvokeAsync(int partnerId)
    {
        var news = await catalogue.ListAsync(LocalizationSetup.CurrentLanguage, 1, Max, HttpContext.RequestAborted, partnerId);
        return View("~/Features/News/_PartnerNews.cshtml", news);
    }
}
