using LearningNetwork.Data;
using LearningNetwork.Domain;
using Microsoft.EntityFrameworkCore;

namespace LearningNetwork.Features.Follows;

/// <summary>
/// Demo follows: the first demo people (one per partner, up to four) follow the theme the demo practices use most, a
/// Global Biodiversity Framework target, their own country and another partner, and one of them expert-advice requests;
/// their digest is weekly, in their organisation's language when it is an interface language. They start "covered" at the
/// seeding, so the first digest holds only what is new after it.
/// </summary>
public static class FollowDemoData
{
    public static async Task<int> SeedAsync(LearningNetworkDb db, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var people = (await db.PartnerMembers.AsNoTracking().Join(db.Partners, m => m.PartnerId, p => p.Id, (m, p) => new { m.UserId, p.Id, p.CountryCode })
            .OrderBy(x => x.Id).ToListAsync(ct)).DistinctBy(x => x.Id).Take(4).ToList();
        if (people.Count == 0) return 0;
        var theme = (await db.PracticeTags.AsNoTracking().Where(t => t.Scheme == PracticeTagSchemes.Theme).Select(t => t.Code).ToListAsync(ct))
            .GroupBy(c => c).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).Select(g => g.Key).FirstOrDefault();
        var target = await db.PolicyTargets.AsNoTracking().Where(t => t.FrameworkCode == "kmgbf").OrderBy(t => t.SortOrder).Select(t => t.FrameworkCode + ":" + t.Code).FirstOrDefaultAsync(ct);
        var count = 0;
        for (var i = 0; i < people.Count; i++)
        {
            var p = people[i];
            var follows = new List<(FollowKind, string?)>
            {
                (FollowKind.Theme, theme), (FollowKind.Target, target), (FollowKind.Region, p.CountryCode),
                (FollowKind.Partner, people[(i + 1) % people.Count].Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            };
            if (i == 0) follows.Add((FollowKind.RequestKind, "expert-advice"));
            foreach (var (kind, key) in follows.Where(f => f.Item2 is not null).DistinctBy(f => (f.Item1, f.Item2)))
            {
                db.Follows.Add(new Follow { UserId = p.UserId, Kind = kind, Key = key!, CreatedAt = now });
                count++;
            }
            db.DigestSubscriptions.Add(new DigestSubscription { UserId = p.UserId, Frequency = DigestFrequency.Weekly, Language = "en", CoveredUntil = now, CreatedAt = now, UpdatedAt = now });
        }
        await db.SaveChangesAsync(ct);
        return count;
    }
}
