using System.Globalization;
using System.Text.Json;
using LearningNetwork.Data;
using LearningNetwork.Domain;
using LearningNetwork.Features.Marketplace;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LearningNetwork.Features.Helpdesk;

/// <summary>
/// Sends a new question to the partners best placed to answer it, with the marketplace's own matching: the question is
/// described to the <see cref="Matchmaker"/> as a request for expert advice (its themes, targets, the concepts of its text,
/// its language and the asking organisation's), scored against every active offer (a partner counts with its best offer)
/// and against the expertise and practices of partners without an offer — the same signals, weights and reasons. The
/// asking organisation is never chosen, nor a partner nobody could be told at (no member with an account). Of each chosen
/// partner, the members whose own expertise (their profile's GEMET themes) shares a theme with the question are told;
/// when none does, every member is. The routing is stored with its reasons (<see cref="HelpdeskRoute"/>) for coordinators.
/// </summary>
public sealed class HelpdeskRouter(LearningNetworkDb db, Matchmaker matchmaker, HelpdeskMail mail, TimeProvider clock, IOptions<HelpdeskOptions> options)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Reasons as stored: language-neutral codes.</summary>
    public sealed record StoredReason(string Kind, IReadOnlyList<string> Values, double Number);

    public static string Serialise(IEnumerable<MatchReason> reasons) =>
        JsonSerializer.Serialize(reasons.Select(r => new StoredReason(r.Kind.ToString(), r.Values, r.Number)), Json);

    public static IReadOnlyList<MatchReason> Deserialise(string json)
    {
        try
        {
            return (JsonSerializer.Deserialize<List<StoredReason>>(json, Json) ?? [])
                .Where(r => Enum.TryParse<ReasonKind>(r.Kind, out _))
                .Select(r => new MatchReason(Enum.Parse<ReasonKind>(r.Kind), r.Values ?? [], r.Number)).ToList();
        }
        catch (JsonException)
        {
            return [];
        }
    }

    /// <summary>The ranked partners for a question (best first), without the asker's organisation: every partner the
    /// matcher proposes, each with its best match.</summary>
    public async Task<List<Match>> CandidatesAsync(HelpdeskQuestion question, CancellationToken ct)
    {
        var languages = await db.Partners.AsNoTracking().Where(p => p.Id == question.PartnerId).SelectMany(p => p.Languages.Select(l => l.LanguageCode)).ToListAsync(ct);
        var index = await matchmaker.CurrentAsync(db, ct);
        var item = await matchmaker.DescribeAsync(db, question, languages.Prepend(question.Language), ct);
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var best = new Dictionary<int, Match>();
        foreach (var m in index.OffersFor(item, today, 200).Concat(index.PartnersFor(item, 200)))
        {
            if (m.PartnerId == question.PartnerId) continue;
            if (!best.TryGetValue(m.PartnerId, out var old) || old.Score < m.Score) best[m.PartnerId] = m;
        }
        return best.Values.OrderByDescending(m => m.Score).ThenBy(m => m.PartnerId).ToList();
    }

    /// <summary>Chooses the experts, stores the routing and tells them. Returns the routes stored.</summary>
    public async Task<List<HelpdeskRoute>> RouteAsync(HelpdeskQuestion question, CancellationToken ct)
    {
        var o = options.Value;
        var candidates = (await CandidatesAsync(question, ct)).Where(m => m.Score >= o.MinimumScore).ToList();
        var candidateIds = candidates.Select(m => m.PartnerId).ToList();
        var members = (await db.PartnerMembers.AsNoTracking().Where(m => candidateIds.Contains(m.PartnerId) && m.PartnerId != question.PartnerId)
                .Join(db.Users.Where(u => u.EmailConfirmed && u.SuspendedAt == null), m => m.UserId, u => u.Id, (m, u) => new { m.PartnerId, m.UserId })
                .ToListAsync(ct))
            .ToLookup(m => m.PartnerId, m => m.UserId);
        var chosen = candidates.Where(m => members[m.PartnerId].Any()).Take(Math.Max(0, o.Experts)).ToList();
        var userIds = chosen.SelectMany(m => members[m.PartnerId]).Distinct().ToList();
        var themes = question.Tags.Where(t => t.Scheme == QuestionTagSchemes.Theme).Select(t => t.Code).ToHashSet(StringComparer.Ordinal);
        var expertise = (await db.PersonProfiles.AsNoTracking().Where(p => p.UserId != null && userIds.Contains(p.UserId)).Select(p => new { p.UserId, p.Expertise }).ToListAsync(ct))
            .ToDictionary(p => p.UserId!, p => p.Expertise.Split('|', StringSplitOptions.RemoveEmptyEntries));
        var now = clock.GetUtcNow().UtcDateTime;
        var routes = new List<HelpdeskRoute>();
        var told = new List<(int PartnerId, List<string> People)>();
        foreach (var (m, rank) in chosen.Select((m, i) => (m, i + 1)))
        {
            var people = members[m.PartnerId].Distinct().ToList();
            var experts = people.Where(u => expertise.TryGetValue(u, out var e) && e.Any(themes.Contains)).ToList();
            if (experts.Count > 0) people = experts;
            routes.Add(new HelpdeskRoute
            {
                QuestionId = question.Id, PartnerId = m.PartnerId, Rank = rank, Score = m.Score, Reasons = Serialise(m.Reasons), PeopleNotified = people.Count, RoutedAt = now,
            });
            told.Add((m.PartnerId, people));
        }
        db.HelpdeskRoutes.AddRange(routes);
        db.AuditEntries.Add(new AuditEntry
        {
            At = now, Action = "helpdesk.routed", Subject = $"question/{question.Slug}",
            Details = string.Join(",", routes.Select(r => "partner/" + r.PartnerId.ToString(CultureInfo.InvariantCulture))),
        });
        await db.SaveChangesAsync(ct);
        await mail.TellExpertsAsync(question, told, ct);
        return routes;
    }
}
