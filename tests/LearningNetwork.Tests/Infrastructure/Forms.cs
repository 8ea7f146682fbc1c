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

    public static string PathAndQuery(string url) => new Uri(url).PathAndQuery;

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenRegex();
}
