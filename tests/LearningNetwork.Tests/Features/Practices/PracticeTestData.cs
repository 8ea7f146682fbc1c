using LearningNetwork.Data;
using LearningNetwork.Domain;
using LearningNetwork.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LearningNetwork.Tests.Features.Practices;

/// <summary>People and forms for the practice tests.</summary>
internal static class PracticeTestData
{
    /// <summary>A registered person who is a member of the given demo partner (by slug); returns the client and the partner id.</summary>
    public static async Task<(HttpClient Client, int PartnerId, string Email)> MemberOfAsync(TestApp app, string partnerSlug)
    {
        var (client, email) = await TestPeople.RegisteredAsync(app);
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<LearningNetworkDb>();
        var user = await db.Users.SingleAsync(u => u.Email == email);
        var partner = await db.Partners.SingleAsync(p => p.Slug == partnerSlug);
        db.PartnerMembers.Add(new PartnerMember { PartnerId = partner.Id, UserId = user.Id, Role = OrganisationRole.OrganisationAdmin });
        await db.SaveChangesAsync();
        return (client, partner.Id, email);
    }

    /// <summary>A complete, valid practice form for the given partner.</summary>
    public static Dictionary<string, string> Form(int partnerId, string title = "Hedgerows replanted along the Dommel brook") => new()
    {
        ["Form.Partner"] = partnerId.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Form.Language"] = "en",
        ["Form.Title"] = title,
        ["Form.Summary"] = "Farmers and the water board replanted 14 km of hedgerows along a brook valley to connect woodland patches.",
        ["Form.Description"] = "We **replanted** hedgerows.\n\n- with farmers\n- with schools",
        ["Form.Challenge"] = "Hedgerows had been removed since the 1960s.",
        ["Form.Actions"] = "Planting in three winters with native shrubs.",
        ["Form.Difficulties"] = "A dry spring killed a third of the first year's plants.",
        ["Form.Status"] = "ongoing",
        ["Form.StartDate"] = "2022-10-01",
        ["Form.ReviewBy"] = "2027-10-01",
        ["Form.Country"] = "NL",
        ["Form.Nuts"] = "NL41",
        ["Form.GovernanceLevel"] = "regional",
        ["Form.Themes"] = "hedge; wetland",
        ["Form.Targets"] = "kmgbf:2",
        ["Form.Habitats"] = "D",
        ["Form.Funding"] = "interreg",
        ["Form.Blocks[0].Title"] = "Contracts with farmers",
        ["Form.Blocks[0].LessonsLearned"] = "Pay for maintenance, not only planting.",
        ["Form.Results[0].Label"] = "Hedgerows planted",
        ["Form.Results[0].Value"] = "14",
        ["Form.Results[0].Unit"] = "km",
        ["Form.Results[0].Baseline"] = "2",
    };

    public static async Task<string> SlugAsync(TestApp app, string title)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<LearningNetworkDb>();
        return await db.PracticeTexts.Where(t => t.Title == title).Join(db.Practices, t => t.PracticeId, p => p.Id, (t, p) => p.Slug).SingleAsync();
    }

    public static string Version(string html) =>
        System.Text.RegularExpressions.Regex.Match(html, "name=\"Version\" value=\"([^\"]+)\"").Groups[1].Value;
}
