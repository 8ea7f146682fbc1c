using System.Net;
using System.Text.RegularExpressions;

namespace LearningNetwork.Tests.Infrastructure;

/// <summary>Submits a page's form as a browser would: GET the page, take its antiforgery token, POST the fields.</summary>
public static partial class Forms
{
    public static async Task<HttpResponseMessage> SubmitAsync(this HttpClient client, string pageUrl, IDictionary<string, string> fields, string? action = null)
    {
        var page = await client.GetStringAsync(pageUrl);
        var token = TokenRegex().Match(page).Groups[1].Value;
        var content = new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token) };
        return await client.PostAsync(action ?? pageUrl, new FormUrlEncodedContent(content));
    }

    /// <summary>
    /// Sends a JSON request as the site's scripts do for a signed-in person: the antiforgery token of a page of the site
    /// (the hidden field of its forms; every page has the sign-out form) in the RequestVerificationToken header.
    /// </summary>
    public static async Task<HttpResponseMessage> SendAsSiteScriptAsync(this HttpClient client, HttpMethod method, string url, HttpContent? content, string pageUrl = "/en/")
    {
        using var request = new HttpRequestMessage(method, url) { Content = content };
        request.Headers.Add("RequestVerificationToken", await AntiforgeryTokenAsync(client, pageUrl));
        return await client.SendAsync(request);
    }

    public static Task<HttpResponseMessage> PostAsSiteScriptAsync(this HttpClient client, string url, HttpContent content) =>
        client.SendAsSiteScriptAsync(HttpMethod.Post, url, content);

    /// <summary>The antiforgery token a page gives the signed-in person (empty when it has no form).</summary>
    public static async Task<string> AntiforgeryTokenAsync(this HttpClient client, string pageUrl = "/en/") =>
        WebUtility.HtmlDecode(TokenRegex().Match(await client.GetStringAsync(pageUrl)).Groups[1].Value);

    /// <summary>
    /// Changes a one-time password (the create-admin verb's), which every page asks for before anything else, to
    /// <paramref name="newPassword"/>; returns the new password.
    /// </summary>
    public static async Task<string> ReplaceOneTimePasswordAsync(this HttpClient client, string oneTimePassword, string newPassword = "a password of my own choosing")
    {
        var changed = await client.SubmitAsync("/en/account/password", new Dictionary<string, string>
        {
            ["Form.CurrentPassword"] = oneTimePassword, ["Form.Password"] = newPassword, ["Form.ConfirmPassword"] = newPassword,
        });
        if (changed.StatusCode != HttpStatusCode.Redirect) throw new InvalidOperationException($"changing the one-time password answered {(int)changed.StatusCode}");
        return newPassword;
    }

    public static string PathAndQuery(string url) => new Uri(url).PathAndQuery;

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenRegex();
}
