using LearningNetwork.Data;
using LearningNetwork.ReferenceData;
using LearningNetwork.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LearningNetwork.Tests.ReferenceData;

public sealed class ReferenceDataTests
{
    public static TheoryData<string> Providers => Infrastructure.Providers.All;

    [Theory, MemberData(nameof(Providers))]
    public async Task Every_reference_data_set_is_loaded_whole(string provider)
    {
        using var scope = Infrastructure.Providers.SharedApp(provider).Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<LearningNetworkDb>();
        Assert.Equal(47, await db.Countries.CountAsync()); // docs/regions.md: Council of Europe members, the EU and Kosovo
        Assert.Equal(55, await db.Languages.CountAsync());
        Assert.Equal(24, await db.Languages.CountAsync(l => l.IsEuOfficial));
        Assert.Equal(2096, await db.Subdivisions.CountAsync());
        var lviv = await db.Subdivisions.SingleAsync(s => s.Code == "UA-46");
        Assert.Equal(("UA", 49.839, 24.03), (lviv.CountryCode, lviv.Latitude!.Value, lviv.Longitude!.Value));
        Assert.Equal("Львівська область", await db.SubdivisionNames.Where(n => n.Code == "UA-46" && n.Language == "uk").Select(n => n.Name).SingleAsync());
        Assert.Equal(27, await db.Subdivisions.CountAsync(s => s.CountryCode == "UA" && s.Latitude != null));
        var ukraine = await db.Countries.SingleAsync(c => c.Code == "UA");
        Assert.InRange(24.03, ukraine.MinLongitude!.Value, ukraine.MaxLongitude!.Value);
        Assert.Null((await db.Countries.SingleAsync(c => c.Code == "PL")).MinLongitude); // NUTS countries: their NUTS 0 box
        Assert.Equal(1792, await db.NutsRegions.CountAsync());
        Assert.Equal(1345, await db.NutsRegions.CountAsync(r => r.Level == 3));
        Assert.Equal(0, await db.NutsRegions.CountAsync(r => r.Level > 0 && r.Boundary == null));
        Assert.Equal(14, await db.BiogeographicalRegions.CountAsync());
        Assert.Equal(5220, await db.GemetConcepts.CountAsync());
        Assert.Equal("peat", await db.GemetLabels.Where(l => l.Language == "en" && l.Label == "peat").Select(l => l.Label).FirstOrDefaultAsync());
        Assert.True(await db.GemetLabels.CountAsync() > 140_000);
        Assert.Equal(76, await db.GemetGroups.CountAsync());
        Assert.True(await db.GemetRelations.CountAsync(r => r.Kind == Domain.GemetRelationKind.Broader) > 5000);
        Assert.True(await db.GemetDefinitions.CountAsync() > 29_000);
        Assert.Equal(23, await db.PolicyTargets.CountAsync(t => t.FrameworkCode == "kmgbf" && t.Kind == "target"));
        Assert.Equal(4, await db.PolicyTargets.CountAsync(t => t.FrameworkCode == "kmgbf" && t.Kind == "goal"));
        Assert.Equal(21, await db.PolicyTargets.CountAsync(t => t.FrameworkCode == "eubds"));
        Assert.True(await db.PolicyTargets.AnyAsync(t => t.FrameworkCode == "nrr" && t.Code == "8"));
        Assert.True(await db.PolicyTargets.AnyAsync(t => t.FrameworkCode == "habitats" && t.Code == "art-6"));
        Assert.True(await db.PolicyTargets.AnyAsync(t => t.FrameworkCode == "birds" && t.Code == "annex-i"));
        Assert.Equal(5, await db.PolicyFrameworks.CountAsync());
        Assert.Equal(19, await db.EunisHabitats.CountAsync());
        Assert.Equal(21, await db.CicesCategories.CountAsync());

        // Centroids fall inside their region's bounding box (Noord-Brabant, NL41).
        var brabant = await db.NutsRegions.SingleAsync(r => r.Code == "NL41");
        Assert.InRange(brabant.CentroidLatitude!.Value, brabant.MinLatitude!.Value, brabant.MaxLatitude!.Value);
        Assert.InRange(brabant.CentroidLongitude!.Value, 4.5, 6.0);
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Loading_again_changes_nothing(string provider)
    {
        using var scope = Infrastructure.Providers.SharedApp(provider).Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<LearningNetworkDb>();
        var before = await db.GemetLabels.CountAsync();
        var loaded = await scope.ServiceProvider.GetRequiredService<ReferenceDataLoader>().LoadAsync();
        Assert.Empty(loaded);
        Assert.Equal(before, await db.GemetLabels.CountAsync());
    }
}
