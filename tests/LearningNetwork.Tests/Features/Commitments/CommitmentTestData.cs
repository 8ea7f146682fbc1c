using System.Text.RegularExpressions;
using LearningNetwork.Data;
using LearningNetwork.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LearningNetwork.Tests.Features.Commitments;

/// <summary>Forms and look-ups for the commitment tests. The demo network has no commitment for KMGBF targets 20 and 21 nor
/// from partners in Slovakia, Norway or Malta, so figures about those are the tests' own.</summary>
internal static partial class CommitmentTestData
{
    /// <summary>A valid commitment form: started 2023-03-01, serving KMGBF 20 and 2, with an indicator in ha (10 → 110) and one in trees (0 → 1000).</summary>
    public static Dictionary<string, string> Form(int partnerId, string title = "Restore 100 ha of floodplain meadows along the Morava") => new()
    {
        ["Form.Partner"] = partnerId.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Form.Language"] = "en",
        ["Form.Title"] = title,
        ["Form.Description"] = "We buy out arable fields in the floodplain and turn them back into meadows, with the water authority.",
        ["Form.StartDate"] = "2023-03-01",
        ["Form.Targets"] = "kmgbf:20",
        ["Form.Indicators[0].Label"] = "Floodplain meadows restored",
        ["Form.Indicators[0].Unit"] = "ha",
        ["Form.Indicators[0].Baseline"] = "10",
        ["Form.Indicators[0].BaselineDate"] = "2023-01-01",
        ["Form.Indicators[0].Target"] = "110",
        ["Form.Indicators[0].TargetDate"] = "2030-12-31",
        ["Form.Indicators[1].Label"] = "Trees planted along the river",
        ["Form.Indicators[1].Unit"] = "trees",
        ["Form.Indicators[1].Baseline"] = "0",
        ["Form.Indicators[1].BaselineDate"] = "2023-03-01",
        ["Form.Indicators[1].Target"] = "1000",
        ["Form.Indicators[1].TargetDate"] = "2028-12-31",
    };

    public static int IdFrom(HttpResponseMessage redirect) =>
        int.Parse(IdRegex().Match(redirect.Headers.Location!.OriginalString).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);

    public static async Task<int> IndicatorIdAsync(TestApp app, int commitmentId, int position)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<LearningNetworkDb>();
        return await db.CommitmentIndicators.Where(i => i.CommitmentId == commitmentId && i.Position == position).Select(i => i.Id).SingleAsync();
    }

    public static string Version(string html) => Regex.Match(html, "name=\"Version\" value=\"([^\"]+)\"").Groups[1].Value;

    [GeneratedRegex(@"/commitments/(\d+)")]
    private static partial Regex IdRegex();
}
