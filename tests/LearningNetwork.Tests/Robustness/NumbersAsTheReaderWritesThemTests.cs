using System.Net;
using LearningNetwork.Data;
using LearningNetwork.Tests.Features.Commitments;
using LearningNetwork.Tests.Features.Practices;
using LearningNetwork.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LearningNetwork.Tests.Robustness;

/// <summary>
/// "Numbers typed as the reader writes them ('1.240.000' in Polish or German) are accepted": amounts in the practice
/// and commitment forms read thousands separators and the decimal comma of the page's language.
/// </summary>
[Collection(RobustApp.Collection)]
public sealed class NumbersAsTheReaderWritesThemTests(RobustApp fixture)
{
    public static TheoryData<string, string, string, double> Typed => new()
    {
        { "de", "1.240.000", "2,5", 2.5 },
        { "pl", "1.240.000", "0,75", 0.75 },
        { "en", "1,240,000", "2.5", 2.5 },
        { "fr", "1 240 000", "1,5", 1.5 },
    };

    [Theory]
    [MemberData(nameof(Typed))]
    public async Task A_practice_budget_and_a_commitment_target_are_read_in_the_pages_language(string lang, string million, string fraction, double expectedFraction)
    {
        var (member, partnerId, _) = await PracticeTestData.MemberOfAsync(fixture.App, "noord-brabant");
        var title = $"Hedgerows counted in {lang} {Guid.NewGuid():N}";
        var practice = PracticeTestData.Form(partnerId, title);
        practice["Form.BudgetEur"] = million;
        practice["Form.StaffFte"] = fraction;
        practice["Form.Results[0].Value"] = million;
        var created = await member.SubmitAsync($"/{lang}/practices/new", practice);
        Assert.True(created.StatusCode == HttpStatusCode.Redirect, WebUtility.HtmlDecode(await created.Content.ReadAsStringAsync()));

        var commitment = CommitmentTestData.Form(partnerId, title);
        commitment["Form.Indicators[0].Target"] = million;
        commitment["Form.Indicators[0].Baseline"] = fraction;
        var committed = await member.SubmitAsync($"/{lang}/commitments/new", commitment);
        Assert.True(committed.StatusCode == HttpStatusCode.Redirect, WebUtility.HtmlDecode(await committed.Content.ReadAsStringAsync()));

        using var scope = fixture.App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<LearningNetworkDb>();
        var slug = await PracticeTestData.SlugAsync(fixture.App, title);
        var saved = await db.Practices.Where(p => p.Slug == slug).Select(p => new { p.Id, p.BudgetEur, p.StaffFte }).SingleAsync();
        Assert.Equal(1_240_000d, saved.BudgetEur);
        Assert.Equal(expectedFraction, saved.StaffFte);
        Assert.Equal(1_240_000d, await db.PracticeResults.Where(r => r.PracticeId == saved.Id).Select(r => r.Value).SingleAsync());
        var id = CommitmentTestData.IdFrom(committed);
        var indicator = await db.CommitmentIndicators.Where(i => i.CommitmentId == id && i.Position == 0).SingleAsync();
        Assert.Equal(1_240_000d, indicator.Target);
        Assert.Equal(expectedFraction, indicator.Baseline);
    }

    [Theory]
    [InlineData("de", "1.24.000")]
    [InlineData("en", "1,24,000")]
    [InlineData("pl", "1.240,000.5")]
    public async Task A_number_with_misplaced_separators_is_refused_with_a_message_and_kept(string lang, string typed)
    {
        var (member, partnerId, _) = await PracticeTestData.MemberOfAsync(fixture.App, "noord-brabant");
        var practice = PracticeTestData.Form(partnerId, $"Hedgerows miscounted {Guid.NewGuid():N}");
        practice["Form.BudgetEur"] = typed;
        var response = await member.SubmitAsync($"/{lang}/practices/new", practice);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode); // the form again, with its messages
        var page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains($"value=\"{typed}\"", page, StringComparison.Ordinal);
        Assert.Contains("Form_BudgetEur-error", page, StringComparison.Ordinal);
    }
}
