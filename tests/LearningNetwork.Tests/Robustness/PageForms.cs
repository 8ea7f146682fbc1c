using System.Net;
using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Razor.Hosting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace LearningNetwork.Tests.Robustness;

/// <summary>A form to post: where to, with which fields (and the value the page put in each), and how.</summary>
public sealed record PageForm(string Page, string Action, IReadOnlyList<(string Name, string Value, bool File)> Fields, bool Multipart)
{
    /// <summary>The fields a person types into (text-like inputs and text areas), which a refused form must give back.</summary>
    public IReadOnlySet<string> TypedFields { get; init; } = new HashSet<string>();

    /// <summary>The form's own HTML as the page drew it (empty for a handler no drawn form reaches).</summary>
    public string Html { get; init; } = "";

    public override string ToString() => $"{Page} -> {Action}";
}

/// <summary>
/// Finds every page with a POST handler (the compiled Razor pages of the app and their PageModel's OnPost methods),
/// its route template from the routing table, and the forms it draws; handlers no drawn form reaches are posted with
/// the names their [BindProperty] properties bind, so a handler the page hides from this person is still tried.
/// </summary>
public static partial class PageForms
{
    public sealed record PostPage(string RelativePath, string Template, Type Model, IReadOnlyList<string> Handlers);

    public static IReadOnlyList<PostPage> All(IServiceProvider services)
    {
        var compiled = typeof(Program).Assembly.GetCustomAttributes<RazorCompiledItemAttribute>()
            .Where(a => a.Kind == "mvc.1.0.razor-page")
            .ToDictionary(a => a.Identifier, a => a.Type.GetProperty("Model")!.PropertyType, StringComparer.OrdinalIgnoreCase);
        var templates = services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => (Page: e.Metadata.GetMetadata<PageActionDescriptor>()?.RelativePath, e.RoutePattern.RawText))
            .Where(e => e.Page is not null)
            .GroupBy(e => e.Page!, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.First().RawText!, StringComparer.OrdinalIgnoreCase);
        var pages = new List<PostPage>();
        foreach (var (path, model) in compiled)
        {
            if (!typeof(PageModel).IsAssignableFrom(model)) continue;
            var handlers = model.GetMethods(BindingFlags.Public | BindingFlags.Instance)
                .Select(m => HandlerRegex().Match(m.Name)).Where(m => m.Success).Select(m => m.Groups[1].Value).Distinct().ToList();
            if (handlers.Count == 0) continue;
            Assert.True(templates.TryGetValue(path, out var template), $"no route for {path}");
            pages.Add(new PostPage(path, template!, model, handlers));
        }
        return pages.OrderBy(p => p.RelativePath, StringComparer.Ordinal).ToList();
    }

    /// <summary>The post forms of a page's HTML, except the layout's sign-out (it takes no input and ends the session).</summary>
    public static List<PageForm> Parse(string page, string url, string html)
    {
        var forms = new List<PageForm>();
        foreach (Match form in FormRegex().Matches(html))
        {
            var attributes = form.Groups[1].Value;
            if (!MethodPostRegex().IsMatch(attributes)) continue;
            var action = Attribute(attributes, "action") ?? url;
            if (action.EndsWith("/account/sign-out", StringComparison.Ordinal)) continue;
            var fields = new List<(string, string, bool)>();
            var typed = new HashSet<string>(StringComparer.Ordinal);
            foreach (Match field in FieldRegex().Matches(form.Groups[2].Value))
            {
                var (tag, attrs) = (field.Groups[1].Value.ToLowerInvariant(), field.Groups[2].Value);
                var name = Attribute(attrs, "name");
                if (name is null || name == "__RequestVerificationToken") continue;
                var type = Attribute(attrs, "type")?.ToLowerInvariant();
                var value = tag == "select" ? FirstOptionRegex().Match(form.Groups[2].Value[field.Index..]) is { Success: true } o ? WebUtility.HtmlDecode(o.Groups[1].Value) : ""
                    : Attribute(attrs, "value") ?? "";
                fields.Add((name, value, type == "file"));
                if (tag == "textarea" || (tag == "input" && type is null or "text" or "email" or "url" or "search" or "tel")) typed.Add(name);
            }
            forms.Add(new PageForm(page, action, fields, attributes.Contains("multipart", StringComparison.OrdinalIgnoreCase)) { TypedFields = typed, Html = form.Value });
        }
        return forms;
    }

    /// <summary>The handler a form action reaches: ?handler=X, or a trailing path segment named like a handler.</summary>
    public static string HandlerOf(string action, IReadOnlyList<string> handlers)
    {
        var query = HandlerQueryRegex().Match(action);
        if (query.Success) return query.Groups[1].Value;
        var last = action.Split('?')[0].TrimEnd('/').Split('/')[^1];
        return handlers.FirstOrDefault(h => h.Length > 0 && h.Equals(last, StringComparison.OrdinalIgnoreCase)) ?? "";
    }

    /// <summary>The form names a handler binds: [BindProperty] properties (and their members, one list item deep) and its simple parameters.</summary>
    public static List<(string Name, string Value, bool File)> BoundNames(Type model, string handler)
    {
        var names = new List<string>();
        foreach (var p in model.GetProperties().Where(p => p.GetCustomAttribute<BindPropertyAttribute>() is not null)) Expand(p.Name, p.PropertyType, names, 0);
        var method = model.GetMethods().FirstOrDefault(m => HandlerRegex().Match(m.Name) is { Success: true } h && h.Groups[1].Value == handler);
        foreach (var p in method?.GetParameters() ?? []) if (p.ParameterType != typeof(CancellationToken)) Expand(p.Name!, p.ParameterType, names, 0);
        return names.Distinct().Select(n => (n, "", false)).ToList();
    }

    private static void Expand(string prefix, Type type, List<string> names, int depth)
    {
        var element = type != typeof(string) && type.IsGenericType && typeof(System.Collections.IEnumerable).IsAssignableFrom(type) ? type.GetGenericArguments()[0] : null;
        if (element is not null && !Simple(element)) { if (depth < 2) Expand(prefix + "[0]", element, names, depth + 1); return; }
        if (Simple(type) || element is not null || depth >= 2) { names.Add(prefix); return; }
        foreach (var p in type.GetProperties().Where(p => p.CanWrite)) Expand(prefix + "." + p.Name, p.PropertyType, names, depth + 1);
    }

    private static bool Simple(Type t)
    {
        t = Nullable.GetUnderlyingType(t) ?? t;
        return t.IsPrimitive || t.IsEnum || t == typeof(string) || t == typeof(decimal) || t == typeof(DateOnly) || t == typeof(DateTime) || t == typeof(Guid)
               || typeof(Microsoft.AspNetCore.Http.IFormFile).IsAssignableFrom(t);
    }

    private static string? Attribute(string attributes, string name)
    {
        var m = Regex.Match(attributes, $"(?:^|\\s){name}=\"([^\"]*)\"", RegexOptions.IgnoreCase);
        return m.Success ? WebUtility.HtmlDecode(m.Groups[1].Value) : null;
    }

    [GeneratedRegex("^OnPost([A-Za-z]*?)(?:Async)?$")]
    private static partial Regex HandlerRegex();

    [GeneratedRegex("<form\\b([^>]*)>(.*?)</form>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex FormRegex();

    [GeneratedRegex("method=\"post\"", RegexOptions.IgnoreCase)]
    private static partial Regex MethodPostRegex();

    [GeneratedRegex("<(input|select|textarea|button)\\b([^>]*)>", RegexOptions.IgnoreCase)]
    private static partial Regex FieldRegex();

    [GeneratedRegex("<option[^>]*value=\"([^\"]*)\"", RegexOptions.IgnoreCase)]
    private static partial Regex FirstOptionRegex();

    [GeneratedRegex("[?&]handler=([^&]+)", RegexOptions.IgnoreCase)]
    private static partial Regex HandlerQueryRegex();
}
