using Microsoft.AspNetCore.Mvc.ApplicationModels;

namespace LearningNetwork.Infrastructure.Localization;

/// <summary>Puts every page under /{lang:lang}/, except the error pages, which answer for any path.</summary>
internal sealed class LanguageRouteConvention : IPageRouteModelConvention
{
    public void Apply(PageRouteModel model)
    {
        if (model.ViewEnginePath.StartsWith("/Errors/", StringComparison.Ordinal)) return;
        foreach (var selector in model.Selectors)
        {
            var template = selector.AttributeRouteModel?.Template ?? "";
            selector.AttributeRouteModel!.Template = string.IsNullOrEmpty(template)
                ? $"{{lang:{LocalizationSetup.RouteConstraint}}}"
                : $"{{lang:{LocalizationSetup.RouteConstraint}}}/{template}";
        }
    }
}
