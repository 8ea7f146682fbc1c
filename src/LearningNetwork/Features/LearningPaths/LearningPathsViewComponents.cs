using LearningNetwork.Features.Practices;
using LearningNetwork.Infrastructure.Localization;
using Microsoft.AspNetCore.Mvc;

namespace LearningNetwork.Features.LearningPaths;

/// <summary>The learning paths serving a target, for its page: <c>@await Component.InvokeAsync("TargetLearningPaths", new { target })</c>.
/// Draws nothing when there is none.</summary>
public sealed class TargetLearningPathsViewComponent(LearningPathCatalogue catalogue) : ViewComponent
{
    public const int Max = 5;

    public async Task<IViewComponentResult> InvokeAsync(string target)
    {
        var paths = await catalogue.ServingAsync(target, LocalizationSetup.CurrentLanguage, Max, HttpContext.RequestAborted);
        return View("~/Features/LearningPaths/_TargetPaths.cshtml", new TargetPathsModel(paths, target));
    }
}

public sealed record TargetPathsModel(IReadOnlyList<PathCard> Paths, string Target);

/// <summary>The paths the signed-in person follows, with their progress, for /me:
/// <c>@await Component.InvokeAsync("MyLearningPaths")</c>.</summary>
public sealed class MyLearningPathsViewComponent(LearningPathCatalogue catalogue) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync()
    {
        var userId = PracticeEditor.UserId(HttpContext.User);
        var paths = userId is null ? [] : await catalogue.FollowedAsync(userId, LocalizationSetup.CurrentLanguage, HttpContext.RequestAborted);
        return View("~/Features/LearningPaths/_MyPaths.cshtml", paths);
    }
}
