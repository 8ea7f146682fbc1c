using System.Net;
using LearningNetwork.Tests.Infrastructure;

namespace LearningNetwork.Tests.Features;

/// <summary>The About page with the installation's own values, and a home page that leads to every area.</summary>
public sealed class AboutAndHomeTests
{
    [Fact]
    public async Task The_about_page_says_who_runs_the_network_how_to_join_and_thanks_the_configured_funders()
    {
        using var app = new TestApp(Providers.Sqlite, new Dictionary<string, string?>
        {
            ["About:ContactEmail"] = "coordinators@network.example", ["About:Secretariat"] = "The Secretariat Example",
            ["About:Funders:0:Name"] = "LIFE Programme", ["About:Funders:0:Url"] = "https://cinea.ec.europa.eu/programmes/life_en",
            ["About:Funders:1:Name"] = "A foundation", ["About:Funders:1:Url"] = "javascript:alert(1)",
        });
        var html = WebUtility.HtmlDecode(await app.Client().GetStringAsync("/fr/about"));
        Assert.Contains("À propos du réseau", html, StringComparison.Ordinal);
        Assert.Contains("href=\"mailto:coordinators@network.example\"", html, StringComparison.Ordinal);
        Assert.Contains("The Secretariat Example", html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"https://cinea.ec.europa.eu/programmes/life_en\" rel=\"noopener\">LIFE Programme</a>", html, StringComparison.Ordinal);
        Assert.Contains("A foundation", html, StringComparison.Ordinal);
        Assert.DoesNotContain("javascript:", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/fr/account/register\"", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/fr/membership/apply\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_home_page_leads_to_every_area_and_the_footer_to_the_about_page()
    {
        var html = await Providers.SharedApp(Providers.Sqlite).Client().GetStringAsync("/de/");
        var main = html[html.IndexOf("<main", StringComparison.Ordinal)..html.IndexOf("</main>", StringComparison.Ordinal)];
        foreach (var area in new[] { "partners", "practices", "marketplace", "targets", "commitments", "events", "helpdesk", "networks", "map", "search", "glossary", "open-data", "about" })
            Assert.Contains($"href=\"/de/{area}\"", main, StringComparison.Ordinal);
        var footer = html[html.IndexOf("<footer", StringComparison.Ordinal)..];
        Assert.Contains("href=\"/de/about\"", footer, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await Providers.SharedApp(Providers.Sqlite).Client().GetAsync("/de/about")).StatusCode);
    }
}
