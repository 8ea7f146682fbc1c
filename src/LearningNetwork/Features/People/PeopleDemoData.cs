using System.Text.Json;
using LearningNetwork.Data;
using LearningNetwork.Domain;
using Microsoft.EntityFrameworkCore;

namespace LearningNetwork.Features.People;

/// <summary>
/// Demo people: one to three invented profiles per demo partner (DemoData/demo-people.json), with names common in
/// the partner's country, the partner's working languages, part of its themes as expertise, and a spread of
/// visibility choices so that every rule shows. Deterministic: the same partners give the same people.
/// The first person of each partner has an account and is its organisation admin, so that what reaches a demo partner
/// (an interest in its offer, a message) reaches someone: the account has no password (nobody signs in as it until its
/// address, at example.org, resets one) and is confirmed, so its notifications are also written as mail.
/// </summary>
internal static class PeopleDemoData
{
    private static string File => Path.Combine(AppContext.BaseDirectory, "Features", "People", "DemoData", "demo-people.json");

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private sealed record DemoNames(string[] JobTitles, Dictionary<string, string[]> Names);

    public static async Task<int> SeedAsync(LearningNetworkDb db, TimeProvider clock, CancellationToken ct)
    {
        var names = JsonSerializer.Deserialize<DemoNames>(await System.IO.File.ReadAllBytesAsync(File, ct), Json)
                    ?? throw new InvalidDataException($"{File} is empty.");
        var partners = await db.Partners.Where(p => p.IsDemo).Include(p => p.Languages).Include(p => p.Themes).AsSplitQuery().OrderBy(p => p.Id).ToListAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var count = 0;
        foreach (var (partner, i) in partners.Select((p, i) => (p, i)))
        {
            // Every demo partner has an admin, so what reaches it reaches someone; a profile needs a name from its country.
            var hasNames = names.Names.TryGetValue(partner.CountryCode, out var pool);
            var adminId = DemoAdmin(db, partner, hasNames && pool is not null ? pool[i % pool.Length] : partner.Name, now);
            if (!hasNames || pool is null) continue;
            var people = 1 + i % 3;
            for (var k = 0; k < people; k++)
            {
                var themes = partner.Themes.Select(t => t.ConceptId).Skip(k).Take(2).ToList();
                var userId = k == 0 ? adminId : null;
                db.PersonProfiles.Add(new PersonProfile
                {
                    UserId = userId,
                    Name = pool[(i + k) % pool.Length], JobTitle = names.JobTitles[(i * 3 + k) % names.JobTitles.Length], PartnerId = partner.Id,
                    Languages = string.Join('|', partner.Languages.Select(l => l.LanguageCode)), Expertise = string.Join('|', themes),
                    // The first person of each partner is fully public; others keep some fields for members or to themselves.
                    NameVisibility = k == 0 ? Visibility.Public : Visibility.Members,
                    JobTitleVisibility = Visibility.Public,
                    OrganisationVisibility = k == 2 ? Visibility.Members : Visibility.Public,
                    LanguagesVisibility = k == 0 ? Visibility.Public : Visibility.Members,
                    ExpertiseVisibility = k == 1 ? Visibility.Hidden : Visibility.Public,
                    IsDemo = true, UpdatedAt = now,
                });
                count++;
            }
        }
        await db.SaveChangesAsync(ct);
        return count;
    }

    /// <summary>The demo partner's admin account (no password, an example.org address), made its organisation admin.</summary>
    private static string DemoAdmin(LearningNetworkDb db, Partner partner, string name, DateTime now)
    {
        var email = $"demo.{partner.Slug}@example.org";
        var account = new UserAccount
        {
            UserName = email, NormalizedUserName = email.ToUpperInvariant(), Email = email, NormalizedEmail = email.ToUpperInvariant(),
            EmailConfirmed = true, DisplayName = name, CreatedAt = now,
            SecurityStamp = Guid.NewGuid().ToString("N"), ConcurrencyStamp = Guid.NewGuid().ToString(),
        };
        db.Users.Add(account);
        db.PartnerMembers.Add(new PartnerMember { PartnerId = partner.Id, UserId = account.Id, Role = OrganisationRole.OrganisationAdmin, Since = now });
        return account.Id;
    }
}
