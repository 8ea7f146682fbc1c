using System.Reflection;
using Microsoft.AspNetCore.Mvc.ModelBinding.Metadata;

namespace LearningNetwork.Infrastructure.Web;

/// <summary>
/// How a form field sent empty (or blank) binds. ASP.NET Core turns it into null, which neither a non-nullable string
/// property of a form (the values "as typed") nor an item of a List&lt;string&gt; (checkboxes, multi-selects, repeated
/// fields) is written to hold: the code then trims or compares a null and answers 500. Those two get "" instead, so an
/// untouched form is answered with "required" messages and nothing typed is lost. Nullable strings still get null.
/// </summary>
public sealed class EmptyFieldsBindAsText : IDisplayMetadataProvider
{
    public void CreateDisplayMetadata(DisplayMetadataProviderContext context)
    {
        if (context.Key.ModelType != typeof(string)) return;
        var asText = context.Key.MetadataKind switch
        {
            // A string bound by its type alone is an item of a collection (a property or parameter has its own metadata).
            ModelMetadataKind.Type => true,
            ModelMetadataKind.Property => context.Key.PropertyInfo is { } p && new NullabilityInfoContext().Create(p).WriteState == NullabilityState.NotNull,
            _ => false,
        };
        if (asText) context.DisplayMetadata.ConvertEmptyStringToNull = false;
    }
}
