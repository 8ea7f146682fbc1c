using Microsoft.AspNetCore.Mvc;

namespace LearningNetwork.Features.Events;

/// <summary>
/// A short list of the next events of a partner (it organises or co-organises) or serving a target, for their pages:
/// <c>@await Component.InvokeAsync("UpcomingEvents", new { partnerId, target })</c>. Draws nothing when there is none,
/// except the partner's calendar link.
/// </summary>
public sealed class UpcomingEventsViewComponent(EventCatalogue catalogue) : ViewComponent
{
    public const int Max = 5;

    public async Task<IViewComponentResult> InvokeAsync(int? partnerId = null, string? partnerSlug = null, string? target = null)
    {
        var ct = HttpContext.RequestAborted;
        var events = partnerId is { } p ? await catalogue.OfPartnerAsync(p, Max, ct)
            : target is not null ? await catalogue.ServingAsync(target, Max, ct) : [];
        return View("~/Features/Events/_UpcomingEvents.cshtml", new UpcomingEventsModel(events, partnerSlug, target));
    }
}

public sealed record UpcomingEventsModel(IReadOnlyList<Domain.Event> Events, string? PartnerSlug, string? Target);
