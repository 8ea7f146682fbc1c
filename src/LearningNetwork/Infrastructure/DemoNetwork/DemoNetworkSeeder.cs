using LearningNetwork.Data;
using LearningNetwork.Features.Marketplace;
using LearningNetwork.Features.Commitments;
using LearningNetwork.Features.Helpdesk;
using LearningNetwork.Features.Partners;
using LearningNetwork.Features.People;
using LearningNetwork.Features.Practices;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LearningNetwork.Infrastructure.DemoNetwork;

/// <summary><c>Seed:Demo</c>: load the demo network into an empty database (on in Development only).</summary>
public sealed class SeedOptions
{
    public const string Section = "Seed";

    public bool Demo { get; set; }
}

/// <summary>
/// Fills an empty database with the demo network, one feature after the other, in one transaction. Every
/// demo item is marked as such (IsDemo) and shown so. Later capabilities add their step here, after the
/// steps they depend on.
/// </summary>
public sealed class DemoNetworkSeeder(LearningNetworkDb db, IOptions<SeedOptions> options, TimeProvider clock, ILogger<DemoNetworkSeeder> log)
{
    public async Task SeedIfEnabledAsync(CancellationToken ct)
    {
        if (!options.Value.Demo) return;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (db.Database.IsNpgsql()) await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock(7201002)", ct);
        if (await db.Partners.AnyAsync(ct)) return; // not an empty network: never mix demo and real content

        var partners = await PartnerDemoData.SeedAsync(db, clock, ct);
        var people = await PeopleDemoData.SeedAsync(db, clock, ct);
        var practices = await PracticeDemoData.SeedAsync(db, clock, ct);
        var (offers, requests) = await MarketplaceDemoData.SeedAsync(db, clock, ct);
        var commitments = await CommitmentDemoData.SeedAsync(db, clock, ct);
        var events = await Features.Events.EventDemoData.SeedAsync(db, clock, ct);
        var questions = await HelpdeskDemoData.SeedAsync(db, clock, ct);
        var follows = await Features.Follows.FollowDemoData.SeedAsync(db, clock, ct);
        var programmes = await Features.Programmes.ProgrammeDemoData.SeedAsync(db, clock, ct);
        var news = await Features.News.NewsDemoData.SeedAsync(db, clock, ct);
        var paths = await Features.LearningPaths.LearningPathDemoData.SeedAsync(db, clock, ct);
        await tx.CommitAsync(ct);
        log.LogInformation("Demo network seeded: {Partners} partners, {People} people, {Practices} practices, {Offers} offers, {Requests} requests, {Commitments} commitments, {Events} events, {Questions} helpdesk questions, {Follows} follows, {Programmes} programmes, {News} news items, {Paths} learning paths",
            partners, people, practices, offers, requests, commitments, events, questions, follows, programmes, news, paths);
    }
}
