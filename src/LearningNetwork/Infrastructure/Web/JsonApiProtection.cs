using LearningNetwork.Features.ApiKeys;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Net.Http.Headers;

namespace LearningNetwork.Infrastructure.Web;

/// <summary>
/// Cross-site request forgery on the JSON API, answered once for every endpoint under <c>/api</c> that can change
/// something (every method but GET, HEAD, OPTIONS and TRACE), whatever feature maps it:
/// <list type="bullet">
/// <item>a body is JSON or nothing: <c>application/json</c>, <c>application/ld+json</c> or another
/// <c>application/*+json</c>, else 415. A page of another site can post a form (<c>text/plain</c>, urlencoded,
/// multipart) without asking, but not JSON: that needs a CORS preflight, which this site never grants;</item>
/// <item>a request that a person's session cookie authenticates carries the antiforgery token of a page of the site in
/// the <see cref="TokenHeader"/> header (the site's scripts take it from the page's form), else 400. Requests
/// authenticated by an API key (<c>Authorization: Bearer</c>, which no other site can make a browser send) and anonymous
/// ones carry no ambient credential and need no token.</item>
/// </list>
/// An anonymous write to a path where no endpoint exists is a 401, not a 404. Every answer is problem details. It runs after authorization, so it sees the principal the endpoint will see (an
/// endpoint limited to API keys has the key's), and an unauthenticated request still gets its 401 first.
/// </summary>
public static class JsonApiProtection
{
    /// <summary>The header that carries the antiforgery token (ASP.NET Core's default, which <see cref="IAntiforgery"/> reads).</summary>
    public const string TokenHeader = "RequestVerificationToken";

    public static void UseJsonApiProtection(this WebApplication app) =>
        app.UseWhen(c => c.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase) && !IsSafe(c.Request.Method),
            api => api.Use(CheckAsync));

    private static bool IsSafe(string method) =>
        HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method) || HttpMethods.IsTrace(method);

    private static async Task CheckAsync(HttpContext context, RequestDelegate next)
    {
        // A write to no endpoint at all, without credentials: 401 rather than 404, so that nobody learns by probing
        // which write routes exist before they authenticate (what exists is documented in /openapi/v1.json).
        if (context.GetEndpoint() is null && context.User.Identity?.IsAuthenticated != true)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
            await Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Authentication required",
                detail: "Writes to the API need an API key (Authorization: Bearer) or a signed-in session.").ExecuteAsync(context);
            return;
        }
        // Only an endpoint that takes this method: a 404 or a 405 keeps its own answer.
        if (context.GetEndpoint()?.Metadata.GetMetadata<IHttpMethodMetadata>() is not { } methods
            || !methods.HttpMethods.Contains(context.Request.Method, StringComparer.OrdinalIgnoreCase))
        {
            await next(context);
            return;
        }
        if (!IsJsonOrEmpty(context.Request))
        {
            await Results.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type",
                detail: "Send the body as JSON: Content-Type application/json, application/ld+json or another application/*+json.")
                .ExecuteAsync(context);
            return;
        }
        if (ByAmbientCredential(context) && !await context.RequestServices.GetRequiredService<IAntiforgery>().IsRequestValidAsync(context))
        {
            await Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Missing or invalid antiforgery token",
                detail: $"A request signed in by the site's cookie carries the {TokenHeader} header of a page of the site; other clients use an API key (Authorization: Bearer).")
                .ExecuteAsync(context);
            return;
        }
        await next(context);
    }

    /// <summary>True for a JSON content type, and for a request that declares none and has no body.</summary>
    public static bool IsJsonOrEmpty(HttpRequest request)
    {
        if (string.IsNullOrEmpty(request.ContentType))
            return request.ContentLength is { } length
                ? length == 0
                : !(request.HttpContext.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody ?? !string.IsNullOrEmpty(request.Headers.TransferEncoding.ToString()));
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type) || !type.Type.Equals("application", StringComparison.OrdinalIgnoreCase))
            return false;
        var subtype = type.SubType.Value ?? "";
        return subtype.Equals("json", StringComparison.OrdinalIgnoreCase) || subtype.EndsWith("+json", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Whether the browser sent a credential on its own: any authenticated identity not from an API key (the session cookie).</summary>
    private static bool ByAmbientCredential(HttpContext context) =>
        context.User.Identities.Any(i => i.IsAuthenticated && i.AuthenticationType != ApiKeyAuthentication.SchemeName);
}
