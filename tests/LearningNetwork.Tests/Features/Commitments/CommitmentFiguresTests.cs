using System.Net;
using System.Text.Json.Nodes;
using LearningNetwork.Data;
using LearningNetwork.Domain;
using LearningNetwork.Features.Commitments;
using LearningNetwork.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LearningNetwork.Tests.Features.Commitments;

/// <summary>
/// The figures against a hand computation. Four commitments, six indicators:
/// <code>
/// C1 bratislava-region (region, SK)   kmgbf:20 kmgbf:21   A ha 0→100: 40, then 62 → 0.62    B count 10→20: 25 (beyond) → 1.00
/// C2 oslo (municipality, NO)          kmgbf:20            C percent 50→30: 45 → 0.25        D trees 0→1000: no report
/// C3 malta (expert body, MT)          kmgbf:21            E km 10→20: 5 (went back) → 0.00
/// C4 bratislava-region (region, SK)   kmgbf:20            F m2 0→200: 150 on 1 March, 50 on 1 June (the latest measured) → 0.25
///
/// kmgbf:20  C1 C2 C4  partners 2 (1 region, 1 municipality)  indicators A B C D F, 4 reported  average (0.62+1+0.25+0.25)/4 = 0.53
/// kmgbf:21  C1 C3     partners 2 (1 region, 0 municipality)  indicators A B E, 3 reported      average (0.62+1+0)/3 = 0.54
/// SK        C1 C4     partners 1 (1 region)  indicators 3  reports 5  average (0.62+1+0.25)/3 = 0.6233
/// NO        C2        partners 1 (1 municipality)  indicators 2  reports 1  average 0.25
/// MT        C3        partners 1  indicators 1  reports 1  average 0
/// </code>
/// </summary>
public sealed class CommitmentFiguresTests
{
    public static TheoryData<string> Providers => Infrastructure.Providers.All;

    [Theory]
    [InlineData(0, 100, 60, 0.6)]
    [InlineData(50, 30, 45, 0.25)] // a target below the baseline
    [InlineData(10, 20, 25, 1.0)] // beyond the target counts as reached
    [InlineData(10, 20, 5, 0.0)] // the wrong way counts as none
    [InlineData(7, 8, 7.4, 0.4)]
    public void Progress_is_the_share_of_the_way_from_baseline_to_target(double baseline, double target, double latest, double expected) =>
        Assert.Equal(expected, IndicatorProgress.Share(baseline, target, latest)!.Value, 10);

    [Fact]
    public void No_report_is_no_progress_figure_rather_than_zero() => Assert.Null(IndicatorProgress.Share(0, 100, null));

    [Fact]
    public void Figures_per_target_and_per_country_match_the_hand_computation()
    {
        // Partner ids: 1 = bratislava-region, 2 = oslo, 3 = malta.
        var facts = new[]
        {
            new CommitmentFacts(1, 1, PartnerType.Region, "SK", ["kmgbf:20", "kmgbf:21"], [new(1, 0.62, 2), new(2, 1.0, 1)]),
            new CommitmentFacts(2, 2, PartnerType.Municipality, "NO", ["kmgbf:20"], [new(3, 0.25, 1), new(4, null, 0)]),
            new CommitmentFacts(3, 3, PartnerType.ExpertBody, "MT", ["kmgbf:21"], [new(5, 0.0, 1)]),
            new CommitmentFacts(4, 1, PartnerType.Region, "SK", ["kmgbf:20"], [new(6, 0.25, 2)]),
        };
        var f = CommitmentFigures.Compute(facts);
        Assert.Equal(new TargetFigures("kmgbf:20", 2, 1, 1, 3, 5, 4, 0.53), Rounded(f.PerTarget.Single(t => t.Target == "kmgbf:20")));
        Assert.Equal(new TargetFigures("kmgbf:21", 2, 1, 0, 2, 3, 3, 0.54), Rounded(f.PerTarget.Single(t => t.Target == "kmgbf:21")));
        Assert.Equal(new CountryFigures("SK", 1, 1, 0, 2, 3, 5, 0.6233), Rounded(f.PerCountry.Single(c => c.Country == "SK")));
        Assert.Equal(new CountryFigures("NO", 1, 0, 1, 1, 2, 1, 0.25), Rounded(f.PerCountry.Single(c => c.Country == "NO")));
        Assert.Equal(new CountryFigures("MT", 1, 0, 0, 1, 1, 1, 0), Rounded(f.PerCountry.Single(c => c.Country == "MT")));
        Assert.Equal(["MT", "NO", "SK"], f.PerCountry.Select(c => c.Country));
        Assert.Equal((4, 3, 3, 6, 7), (f.Commitments, f.Partners, f.Countries, f.Indicators, f.Reports));
        Assert.Equal(0.424, Math.Round(f.AverageProgress!.Value, 4)); // (0.62 + 1 + 0.25 + 0 + 0.25) / 5
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task The_dashboard_and_the_figures_API_give_the_hand_computed_figures(string provider)
    {
        using var app = new TestApp(provider);
        var client = app.Client();
        var before = JsonNode.Parse(await client.GetStringAsync("/api/v1/commitments/figures"))!;
        await SeedAsync(app);

        var figures = JsonNode.Parse(await client.GetStringAsync("/api/v1/commitments/figures"))!;
        JsonNode Row(string list, string key, string value) => figures[list]!.AsArray().Single(r => r![key]!.GetValue<string>() == value)!;
        AssertRow(Row("perTarget", "target", "kmgbf:20"), ("partners", 2), ("regions", 1), ("municipalities", 1), ("commitments", 3), ("indicators", 5), ("reportedIndicators", 4));
        Assert.Equal(0.53, Row("perTarget", "target", "kmgbf:20")["averageProgress"]!.GetValue<double>());
        AssertRow(Row("perTarget", "target", "kmgbf:21"), ("partners", 2), ("regions", 1), ("municipalities", 0), ("commitments", 2), ("indicators", 3), ("reportedIndicators", 3));
        Assert.Equal(0.54, Row("perTarget", "target", "kmgbf:21")["averageProgress"]!.GetValue<double>());
        AssertRow(Row("perCountry", "country", "SK"), ("partners", 1), ("regions", 1), ("municipalities", 0), ("commitments", 2), ("indicators", 3), ("reports", 5));
        Assert.Equal(0.6233, Row("perCountry", "country", "SK")["averageProgress"]!.GetValue<double>());
        AssertRow(Row("perCountry", "country", "NO"), ("partners", 1), ("regions", 0), ("municipalities", 1), ("commitments", 1), ("indicators", 2), ("reports", 1));
        Assert.Equal(0.25, Row("perCountry", "country", "NO")["averageProgress"]!.GetValue<double>());
        Assert.Equal(0, Row("perCountry", "country", "MT")["averageProgress"]!.GetValue<double>());
        Assert.Equal(before["commitments"]!.GetValue<int>() + 4, figures["commitments"]!.GetValue<int>());
        Assert.Equal(before["reports"]!.GetValue<int>() + 7, figures["reports"]!.GetValue<int>());
        Assert.Equal(before["countries"]!.GetValue<int>() + 3, figures["countries"]!.GetValue<int>());

        // One framework only: the KMGBF figures keep kmgbf:20; the NRR figures know nothing of these commitments.
        var nrr = JsonNode.Parse(await client.GetStringAsync("/api/v1/commitments/figures?framework=nrr"))!;
        Assert.DoesNotContain(nrr["perTarget"]!.AsArray(), r => r!["target"]!.GetValue<string>().StartsWith("kmgbf:", StringComparison.Ordinal));
        Assert.DoesNotContain(nrr["perCountry"]!.AsArray(), r => r!["country"]!.GetValue<string>() is "SK" or "NO" or "MT");
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/v1/commitments/figures?framework=cbd")).StatusCode);

        // The dashboard shows the same figures, in tables that work without script, and in French for French readers.
        var page = WebUtility.HtmlDecode(await client.GetStringAsync("/en/commitments/dashboard?framework=kmgbf"));
        Assert.Matches(@"data-target=""kmgbf:20"">\s*<th scope=""row""><a [^>]+>[^<]+</a></th>\s*<td>2</td><td>1</td><td>1</td>\s*<td><a [^>]+>3</a></td>\s*<td>4 of 5</td>\s*<td><span class=""progress-figure""><span>53 %</span>", page);
        Assert.Matches(@"data-country=""SK"">\s*<th scope=""row""><a [^>]+>[^<]+</a></th>\s*<td>1</td><td>1</td><td>0</td><td>2</td><td>3</td><td>5</td>\s*<td><span class=""progress-figure""><span>62 %</span>", page);
        Assert.Contains("data-partners=\"/api/v1/commitments/partners?framework=kmgbf\"", page, StringComparison.Ordinal);
        Assert.Contains("role=\"img\"", page, StringComparison.Ordinal);
        var french = WebUtility.HtmlDecode(await client.GetStringAsync("/fr/commitments/dashboard"));
        Assert.Contains("Contribution du réseau", french, StringComparison.Ordinal);
        Assert.Matches(@"data-target=""kmgbf:21"">[\s\S]*?<td>3 sur 3</td>\s*<td><span class=""progress-figure""><span>54 %</span>", french);

        // The list's totals follow its filters.
        var list = WebUtility.HtmlDecode(await client.GetStringAsync("/en/commitments?country=SK"));
        Assert.Contains("2 commitments match", list, StringComparison.Ordinal);
        Assert.Contains("/api/v1/commitments", await client.GetStringAsync("/openapi/v1.json"), StringComparison.Ordinal);
        var points = JsonNode.Parse(await client.GetStringAsync("/api/v1/commitments/partners?framework=kmgbf"))!["features"]!.AsArray();
        Assert.Equal(2, points.Single(p => p!["properties"]!["slug"]!.GetValue<string>() == "bratislava-region")!["properties"]!["commitments"]!.GetValue<int>());
    }

    private static void AssertRow(JsonNode row, params (string Field, int Value)[] expected)
    {
        foreach (var (field, value) in expected) Assert.True(row[field]!.GetValue<int>() == value, $"{field}: {row[field]} instead of {value} in {row.ToJsonString()}");
    }

    private static TargetFigures Rounded(TargetFigures t) => t with { AverageProgress = Math.Round(t.AverageProgress!.Value, 4) };

    private static CountryFigures Rounded(CountryFigures c) => c with { AverageProgress = Math.Round(c.AverageProgress!.Value, 4) };

    private static async Task SeedAsync(TestApp app)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<LearningNetworkDb>();
        var ids = await db.Partners.Where(p => p.Slug == "bratislava-region" || p.Slug == "oslo" || p.Slug == "malta").ToDictionaryAsync(p => p.Slug, p => p.Id);
        var start = new DateOnly(2023, 1, 1);
        CommitmentIndicator Indicator(int position, string unit, double baseline, double target, params (int Month, double Value)[] reports) => new()
        {
            Position = position, Label = $"Indicator {unit}", Unit = unit, Baseline = baseline, BaselineDate = start, Target = target, TargetDate = new DateOnly(2030, 12, 31),
            Reports = reports.Select(r => new ProgressReport { Date = new DateOnly(2025, r.Month, 1), Value = r.Value }).ToList(),
        };
        Commitment Commitment(string partner, string[] targets, params CommitmentIndicator[] indicators) => new()
        {
            PartnerId = ids[partner], Language = "en", Title = $"Figures test {partner}", Description = "For the figures test.", StartDate = start,
            Targets = targets.Select(t => new CommitmentTarget { Code = t }).ToList(), Indicators = indicators.ToList(),
        };
        db.Commitments.AddRange(
            Commitment("bratislava-region", ["kmgbf:20", "kmgbf:21"], Indicator(0, "ha", 0, 100, (1, 40), (6, 62)), Indicator(1, "count", 10, 20, (3, 25))),
            Commitment("oslo", ["kmgbf:20"], Indicator(0, "percent", 50, 30, (2, 45)), Indicator(1, "trees", 0, 1000)),
            Commitment("malta", ["kmgbf:21"], Indicator(0, "km", 10, 20, (4, 5))),
            Commitment("bratislava-region", ["kmgbf:20"], Indicator(0, "m2", 0, 200, (6, 50), (3, 150))));
        await db.SaveChangesAsync();
    }
}
