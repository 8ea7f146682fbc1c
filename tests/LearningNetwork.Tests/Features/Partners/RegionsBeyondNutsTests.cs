using System.Globalization;
using System.Net;
using System.Text.Json;
using LearningNetwork.Data;
using LearningNetwork.Domain;
using LearningNetwork.Tests.Features.Practices;
using LearningNetwork.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LearningNetwork.Tests.Features.Partners;

/// <summary>Regions outside NUTS (docs/regions.md): a Ukrainian oblast joins by its ISO 3166-2 code, is listed, mapped and
/// matched with a Polish neighbour across the border; content is written in the region's own languages.</summary>
public sealed class RegionsBeyondNutsTests
{
    public static TheoryData<string> Providers => Infrastructure.Providers.All;

    private static Dictionary<string, string> Oblast(string name) => new()
    {
        ["Form.Name"] = name, ["Form.Type"] = "region", ["Form.Country"] = "UA", ["Form.Nuts"] = "", ["Form.Subdivision"] = "ua-46 ", ["Form.Lau"] = "",
        ["Form.Latitude"] = "", ["Form.Longitude"] = "", ["Form.Languages"] = "uk", ["Form.Biogeographical"] = "CON",
        ["Form.Themes"] = "forest; meadow", ["Form.Website"] = "", ["Form.DescriptionLanguage"] = "uk",
        ["Form.Description"] = "Область на заході України: Карпати, Розточчя, долина Дністра. Відновлюємо гірські луки і торфові болота.",
    };

    [Theory, MemberData(nameof(Providers))]
    public async Task A_Ukrainian_oblast_applies_with_its_ISO_code_is_accepted_listed_mapped_and_matched_with_a_Polish_neighbour(string provider)
    {
        using var app = new TestApp(provider, Mailbox.Settings());
        var (applicant, email) = await TestPeople.RegisteredAsync(app);
        var admin = await TestPeople.WithRoleAsync(app, Roles.NetworkAdmin);
        var name = "Lviv Oblast Council " + Guid.NewGuid().ToString("N")[..6];

        // The form offers the subdivisions of the countries without NUTS, named in the reader's language where iso-codes has it.
        var form = WebUtility.HtmlDecode(await applicant.GetStringAsync("/en/membership/apply"));
        Assert.Contains("<option value=\"UA-46\" label=\"Lvivska oblast\">", form, StringComparison.Ordinal);
        Assert.Contains("<option value=\"uk\" lang=\"uk\"", form, StringComparison.Ordinal); // a description in Ukrainian

        var applied = await applicant.SubmitAsync("/en/membership/apply", Oblast(name));
        Assert.Equal(HttpStatusCode.Redirect, applied.StatusCode);
        var queue = await admin.GetStringAsync("/en/membership/review");
        var reviewPath = Html.Hrefs(queue, "/en/membership/review/").Single();
        var review = WebUtility.HtmlDecode(await admin.GetStringAsync(reviewPath));
        Assert.Contains("Lvivska oblast (UA-46)", review, StringComparison.Ordinal);
        var accepted = await admin.SubmitAsync(reviewPath, new Dictionary<string, string> { ["Decision"] = "accept", ["Note"] = "", ["Version"] = Version(review) });
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        Assert.Contains("has joined the network", (await Mailbox.LatestToAsync(app, email, atLeast: 2)).Subject, StringComparison.Ordinal);

        // The directory: by country UA (API and page) and by subdivision, with the place named.
        using var byCountry = JsonDocument.Parse(await app.Client().GetStringAsync("/api/v1/partners?country=UA&pageSize=200"));
        var item = byCountry.RootElement.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("title").GetString() == name);
        Assert.Equal("UA-46", item.GetProperty("subdivision").GetString());
        Assert.Equal(JsonValueKind.Null, item.GetProperty("nuts").ValueKind);
        var id = item.GetProperty("id").GetInt32();
        using var details = JsonDocument.Parse(await app.Client().GetStringAsync($"/api/v1/partners/{id}"));
        Assert.Equal("uk", details.RootElement.GetProperty("language").GetString());
        Assert.Equal("UA-46", details.RootElement.GetProperty("subdivision").GetString());
        using var bySubdivision = JsonDocument.Parse(await app.Client().GetStringAsync("/api/v1/partners?subdivision=UA-46&pageSize=200"));
        Assert.Contains(bySubdivision.RootElement.GetProperty("items").EnumerateArray(), i => i.GetProperty("id").GetInt32() == id);
        Assert.All(bySubdivision.RootElement.GetProperty("items").EnumerateArray(), i => Assert.Equal("UA", i.GetProperty("country").GetString()));
        var directory = WebUtility.HtmlDecode(await app.Client().GetStringAsync("/en/partners?country=UA"));
        Assert.Contains(name, directory, StringComparison.Ordinal);
        Assert.Contains("Lvivska oblast (UA-46)", directory, StringComparison.Ordinal);
        Assert.Contains("<option value=\"UA-46\"", directory, StringComparison.Ordinal); // the subdivision facet
        var slug = details.RootElement.GetProperty("slug").GetString();
        var page = WebUtility.HtmlDecode(await app.Client().GetStringAsync($"/pl/partners/{slug}"));
        Assert.Contains("(UA-46)", page, StringComparison.Ordinal);
        Assert.Contains("data-map=\"point\"", page, StringComparison.Ordinal);
        Assert.Contains("<p lang=\"uk\">Область на заході України", page, StringComparison.Ordinal);
        var badFilter = await app.Client().GetAsync("/api/v1/partners?subdivision=lviv");
        Assert.Equal(HttpStatusCode.BadRequest, badFilter.StatusCode);
        Assert.Equal("application/problem+json", badFilter.Content.Headers.ContentType?.MediaType);

        // The map: the subdivision's representative point stands for a partner without a point of its own.
        using var map = JsonDocument.Parse(await app.Client().GetStringAsync("/api/v1/map/partners"));
        var feature = map.RootElement.GetProperty("features").EnumerateArray().Single(f => f.GetProperty("properties").GetProperty("id").GetInt32() == id);
        var coordinates = feature.GetProperty("geometry").GetProperty("coordinates");
        Assert.Equal((24.03, 49.839), (coordinates[0].GetDouble(), coordinates[1].GetDouble()));

        // Matching: a Polish region across the border, placed only by NUTS (Podkarpackie's centroid), is a neighbour
        // of the oblast (its representative point, Lviv), well within 300 km.
        int polishId;
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<LearningNetworkDb>();
            var polish = new Partner
            {
                Slug = "podkarpackie-" + Guid.NewGuid().ToString("N")[..6], Name = "Województwo Podkarpackie", Type = PartnerType.Region, CountryCode = "PL",
                NutsCode = "PL82", Description = "Bieszczady, San valley.", DescriptionLanguage = "pl", CreatedAt = DateTime.UtcNow,
                Languages = [new PartnerLanguage { LanguageCode = "pl" }, new PartnerLanguage { LanguageCode = "uk" }],
                Themes = [new PartnerTheme { ConceptId = 3406 }, new PartnerTheme { ConceptId = 5110 }],
            };
            db.Partners.Add(polish);
            await db.SaveChangesAsync();
            polishId = polish.Id;
        }
        var request = new Dictionary<string, string>
        {
            ["Form.Partner"] = id.ToString(CultureInfo.InvariantCulture), ["Form.Topic"] = "question", ["Form.Kind"] = "expert-advice",
            ["Form.Title"] = "Як відновити гірські луки, що заростають лісом?", ["Form.Language"] = "uk", ["Form.Themes"] = "forest; meadow",
            ["Form.Format"] = "both", ["Form.Urgency"] = "normal", ["Form.Languages[0]"] = "uk", ["Form.Languages[1]"] = "pl",
            ["Form.Description"] = "Шукаємо партнера, який уже відновлював гірські луки після заростання лісом, для порад щодо випасу і сінокосіння.",
        };
        var created = await applicant.SubmitAsync("/en/marketplace/requests/new", request);
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        int requestId;
        using (var scope = app.Services.CreateScope())
            requestId = await scope.ServiceProvider.GetRequiredService<LearningNetworkDb>().Requests.Where(r => r.PartnerId == id).Select(r => r.Id).SingleAsync();
        using var matches = JsonDocument.Parse(await app.Client().GetStringAsync($"/api/v1/requests/{requestId}/matches?lang=en&take=50"));
        var neighbour = matches.RootElement.GetProperty("partners").EnumerateArray()
            .Single(m => m.GetProperty("partner").GetProperty("id").GetInt32() == polishId);
        var reason = neighbour.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()!).Single(r => r.StartsWith("Neighbouring territory", StringComparison.Ordinal));
        var km = int.Parse(reason.Split(", ")[1].Split(' ')[0], CultureInfo.InvariantCulture);
        Assert.InRange(km, 100, 200); // Lviv to Podkarpackie's centroid: about 150 km

        // The interchange carries the place.
        var export = await admin.GetStringAsync("/api/v1/export");
        Assert.Contains("\"propertyID\":\"ISO3166-2\",\"value\":\"UA-46\"", export.Replace(" ", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    private static string Version(string html) =>
        System.Text.RegularExpressions.Regex.Match(html, "name=\"Version\" value=\"([^\"]+)\"").Groups[1].Value;

    [Fact]
    public async Task A_place_outside_NUTS_is_checked_field_by_field_in_the_readers_language()
    {
        using var app = new TestApp(Infrastructure.Providers.Sqlite, Mailbox.Settings());
        var (applicant, _) = await TestPeople.RegisteredAsync(app);

        async Task<string> ApplyAsync(string language, Action<Dictionary<string, string>> change)
        {
            var form = Oblast("Oblast " + Guid.NewGuid().ToString("N")[..6]);
            change(form);
            var response = await applicant.SubmitAsync($"/{language}/membership/apply", form);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        }

        Assert.Contains("This subdivision is not in the country you chose.", await ApplyAsync("en", f => f["Form.Subdivision"] = "PL-14"), StringComparison.Ordinal);
        Assert.Contains("There is no ISO 3166-2 subdivision with this code", await ApplyAsync("en", f => f["Form.Subdivision"] = "UA-99"), StringComparison.Ordinal);
        Assert.Contains("Aucune subdivision ISO 3166-2 ne porte ce code", await ApplyAsync("fr", f => f["Form.Subdivision"] = "<b>x</b>"), StringComparison.Ordinal);
        var outside = await ApplyAsync("de", f => (f["Form.Latitude"], f["Form.Longitude"]) = ("52.23", "21.01")); // Warsaw, for Ukraine
        Assert.Contains("Dieser Punkt liegt außerhalb des gewählten Landes.", outside, StringComparison.Ordinal);
        Assert.Contains("id=\"Form_Latitude-error\"", outside, StringComparison.Ordinal);
        Assert.Contains("A region in a country without NUTS regions needs its ISO 3166-2 code or a point on the map.",
            await ApplyAsync("en", f => f["Form.Subdivision"] = ""), StringComparison.Ordinal);
        Assert.Contains("This NUTS region is not in the country you chose.", await ApplyAsync("en", f => f["Form.Nuts"] = "PL82"), StringComparison.Ordinal);
        Assert.Contains("This choice is not in the list.", await ApplyAsync("en", f => f["Form.DescriptionLanguage"] = "xx"), StringComparison.Ordinal);
        // A point alone places a region outside NUTS; a subdivision alone places one inside NUTS too (an alternative).
        var byPoint = Oblast("Oblast " + Guid.NewGuid().ToString("N")[..6]);
        (byPoint["Form.Subdivision"], byPoint["Form.Latitude"], byPoint["Form.Longitude"]) = ("", "49.84", "24.03");
        Assert.Equal(HttpStatusCode.Redirect, (await applicant.SubmitAsync("/en/membership/apply", byPoint)).StatusCode);
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<LearningNetworkDb>();
        var saved = await db.MembershipApplications.SingleAsync(a => a.Name == byPoint["Form.Name"]);
        Assert.Equal((null, 49.84, "uk"), (saved.SubdivisionCode, saved.Latitude!.Value, saved.DescriptionLanguage));
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task An_import_carries_the_subdivision_and_refuses_one_of_another_country(string provider)
    {
        using var app = new TestApp(provider, new Dictionary<string, string?> { ["Seed:Demo"] = "false" });
        static string File(string code, string country = "UA", string slug = "chernivtsi") => $$$"""
            {"@context": "https://schema.org", "@graph": [
              {"@type": "GovernmentOrganization", "@id": "https://other.example/orgs/{{{slug}}}", "name": "Region {{{slug}}}", "additionalType": "region",
               "address": {"addressCountry": "{{{country}}}"}, "identifier": {"@type": "PropertyValue", "propertyID": "ISO3166-2", "value": "{{{code}}}"}}
            ]}
            """;
        async Task<LearningNetwork.Features.Interchange.ImportReport> ImportAsync(string json)
        {
            using var scope = app.Services.CreateScope();
            return await scope.ServiceProvider.GetRequiredService<LearningNetwork.Features.Interchange.InterchangeImporter>()
                .ImportAsync(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json)), CancellationToken.None);
        }

        var refused = await ImportAsync(File("PL-14"));
        Assert.False(refused.Ok);
        Assert.Contains(refused.Problems, p => p.Field == "identifier ISO3166-2");
        var imported = await ImportAsync(File("UA-77"));
        Assert.True(imported.Ok, imported.ToString());
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<LearningNetworkDb>();
        Assert.Equal("UA-77", await db.Partners.Where(p => p.ExternalId == "https://other.example/orgs/chernivtsi").Select(p => p.SubdivisionCode).SingleAsync());

        // A subdivision without a representative point (Baku) still puts its partner on the map, at its country's centre.
        Assert.True((await ImportAsync(File("AZ-BA", "AZ", "baku"))).Ok);
        using var map = JsonDocument.Parse(await app.Client().GetStringAsync("/api/v1/map/partners"));
        var baku = map.RootElement.GetProperty("features").EnumerateArray().Single(f => f.GetProperty("properties").GetProperty("country").GetString() == "AZ");
        var c = baku.GetProperty("geometry").GetProperty("coordinates");
        Assert.Equal((47.695, 40.15), (c[0].GetDouble(), c[1].GetDouble()));
        var chernivtsi = map.RootElement.GetProperty("features").EnumerateArray().Single(f => f.GetProperty("properties").GetProperty("country").GetString() == "UA");
        Assert.Equal(48.292, chernivtsi.GetProperty("geometry").GetProperty("coordinates")[1].GetDouble());
    }

    [Fact]
    public async Task Erasing_a_person_named_like_a_subdivision_leaves_the_reference_data_alone()
    {
        using var app = new TestApp(Infrastructure.Providers.Sqlite, Mailbox.Settings());
        var email = $"encamp.{Guid.NewGuid():N}@example.org";
        var client = app.Client();
        await client.SubmitAsync("/en/account/register", new Dictionary<string, string>
        {
            ["Form.DisplayName"] = "Encamp", ["Form.Email"] = email, ["Form.Password"] = TestPeople.Password, ["Form.ConfirmPassword"] = TestPeople.Password,
        });
        await client.GetAsync(Forms.PathAndQuery(Mailbox.LinkIn(await Mailbox.LatestToAsync(app, email))));
        await client.SubmitAsync("/en/account/sign-in", new Dictionary<string, string> { ["Form.Email"] = email, ["Form.Password"] = TestPeople.Password });
        var erased = await client.SubmitAsync("/en/account/privacy", new Dictionary<string, string> { ["Form.Password"] = TestPeople.Password }, "/en/account/privacy?handler=Erase");
        Assert.Equal(HttpStatusCode.Redirect, erased.StatusCode);
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<LearningNetworkDb>();
        Assert.Equal("Encamp", await db.Subdivisions.Where(s => s.Code == "AD-03").Select(s => s.Name).SingleAsync()); // an Andorran parish
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task The_demo_network_has_partners_outside_NUTS_with_offers_in_their_own_languages(string provider)
    {
        using var scope = Infrastructure.Providers.SharedApp(provider).Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<LearningNetworkDb>();
        var outside = await db.Partners.Where(p => p.IsDemo && p.NutsCode == null && p.SubdivisionCode != null)
            .Select(p => new { p.CountryCode, p.SubdivisionCode, p.DescriptionLanguage }).OrderBy(p => p.CountryCode).ToListAsync();
        Assert.Equal(["GE", "MD", "UA"], outside.Select(p => p.CountryCode));
        Assert.Equal(["ka", "ro", "uk"], outside.Select(p => p.DescriptionLanguage));
        var languages = await db.Offers.Where(o => o.IsDemo && o.Partner!.NutsCode == null).Select(o => o.Language).OrderBy(l => l).ToListAsync();
        Assert.Equal(["ka", "ro", "uk"], languages);
    }
}
