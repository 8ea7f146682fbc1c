using Microsoft.AspNetCore.Mvc;

namespace LearningNetwork.Features.Programmes;

/// <summary>
/// A partner's programmes (as the applying, host or twinned partner, or as a peer) for its page:
/// <c>@await Component.InvokeAsync("PartnerProgrammes", new { partnerId })</c>. Draws nothing when there is none.
/// </summary>
public sealed class PartnerProgrammesViewComponent(ProgrammeCatalogue catalogue) : ViewComponent
{
    public const int Max = 20;

    public async Task<IViewComponentResult> InvokeAsync(int partnerId)
    {
        var list = await catalogue.ListAsync(new ProgrammeQuery(null, null, null, null, null, partnerId, 1, Max), HttpContext.RequestAborted);
        return View("~/Features/Programmes/_PartnerProgrammes.cshtml", list.Items);
    }
}
