using System.Globalization;
using System.Security.Claims;
using LearningNetwork.Data;
using LearningNetwork.Domain;
using LearningNetwork.Features.Marketplace;
using LearningNetwork.Features.Practices;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LearningNetwork.Features.Me;

/// <summary>
/// /{lang}/me, "My network": everything that waits for the signed-in person, each item one click from where it is done —
/// conversations of their organisations (unread ones first), their organisations' open requests and offers with their
/// current matches, practices due for review or sent back, commitments whose progress report is due, invitations, the
/// applications and practices coordinators have to decide, and unread notifications. A fixed number of queries whatever
/// the person holds (no query per item); matches come from the node's in-memory match index. Anonymous visitors are
/// sent to sign in and come back here.
/// </summary>
[Authorize]
public sealed class IndexModel(LearningNetworkDb db, Matchmaker matchmaker, TimeProvider clock, IOptions<MarketplaceOptions> market,
    IOptions<PracticeOptions> practiceOptions) : PageModel
{
    /// <summary>A progress report is due when an indicator still running has none, or none this long.</summary>
    public static readonly TimeSpan ReportEvery = TimeSpan.FromDays(365);
    /// <summary>A match is new when its offer or request appeared this recently.</summary>
    public static readonly TimeSpan NewFor = TimeSpan.FromDays(14);
    private const int MatchesConsidered = 10;

    public IReadOnlyList<OrganisationLine> Organisations { get; private set; } = [];
    public IReadOnlyList<ThreadLine> Conversations { get; private set; } = [];
    public IReadOnlyList<ItemLine> Requests { get; private set; } = [];
    public IReadOnlyList<ItemLine> Offers { get; private set; } = [];
    public IReadOnlyList<PracticeLine> Practices { get; private set; } = [];
    public IReadOnlyList<CommitmentDue> Commitments { get; private set; } = [];
    public IReadOnlyList<InvitationLine> Invitations { get; private set; } = [];
    /// <summary>Invitations sent by organisations the person administers that nobody has accepted yet, by organisation.</summary>
    public IReadOnlyList<(OrganisationLine Organisation, int Count)> SentInvitations { get; private set; } = [];
    /// <summary>The person's own membership applications sent back for changes.</summary>
    public int ApplicationsToCorrect { get; private set; }
    /// <summary>For network admins: applications waiting for a decision.</summary>
    public int ApplicationsToDecide { get; private set; }
    /// <summary>For moderators and network admins: practices submitted or validated, waiting for the next step.</summary>
    public int PracticesToValidate { get; private set; }
    public IReadOnlyList<Notification> Notifications { get; private set; } = [];
    public int UnreadNotifications { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var userId = PracticeEditor.UserId(User)!;
        var now = clock.GetUtcNow().UtcDateTime;
        var today = DateOnly.FromDateTime(now);
        Organisations = (await db.PartnerMembers.AsNoTracking().Where(m => m.UserId == userId)
                .Join(db.Partners, m => m.PartnerId, p => p.Id, (m, p) => new { p.Id, p.Name, p.Slug, m.Role }).ToListAsync(ct))
            .Select(o => new OrganisationLine(o.Id, o.Name, o.Slug, o.Role == OrganisationRole.OrganisationAdmin))
            .OrderBy(o => o.Name, StringComparer.CurrentCulture).ToList();
        var mine = Organisations.Select(o => o.Id).ToList();

        var unread = await db.Notifications.AsNoTracking().Where(n => n.UserId == userId && n.ReadAt == null)
            .OrderByDescending(n => n.CreatedAt).ThenByDescending(n => n.Id).Take(200).ToListAsync(ct);
        UnreadNotifications = unread.Count;
        Notifications = unread.Take(5).ToList();
        var unreadByPath = unread.GroupBy(n => n.Path).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

        if (mine.Count > 0)
        {
            await LoadConversationsAsync(mine, unreadByPath, ct);
            await LoadMarketAsync(mine, now, today, ct);
            await LoadPracticesAsync(mine, today, ct);
            await LoadCommitmentsAsync(mine, now, today, ct);
            var administered = Organisations.Where(o => o.IsAdmin).Select(o => o.Id).ToList();
            if (administered.Count > 0)
            {
                var sent = await db.Invitations.AsNoTracking().Where(i => administered.Contains(i.PartnerId) && i.AcceptedAt == null && i.ExpiresAt > now)
                    .GroupBy(i => i.PartnerId).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
                SentInvitations = sent.Select(s => (Organisations.First(o => o.Id == s.Key), s.Count)).ToList();
            }
        }

        var email = User.FindFirstValue(ClaimTypes.Email) ?? User.Identity?.Name;
        if (email is not null)
        {
            var lower = email.ToLowerInvariant();
            Invitations = (await db.Invitations.AsNoTracking().Where(i => i.Email.ToLower() == lower && i.AcceptedAt == null && i.ExpiresAt > now)
                .Join(db.Partners, i => i.PartnerId, p => p.Id, (i, p) => new { p.Name, p.Slug, i.ExpiresAt }).Take(20).ToListAsync(ct))
                .Select(i => new InvitationLine(i.Name, i.Slug, i.ExpiresAt)).ToList();
        }
        ApplicationsToCorrect = await db.MembershipApplications.CountAsync(a => a.ApplicantId == userId && a.Status == ApplicationStatus.ChangesRequested, ct);
        if (User.IsInRole(Roles.NetworkAdmin))
            ApplicationsToDecide = await db.MembershipApplications.CountAsync(a => a.Status == ApplicationStatus.Submitted, ct);
        if (User.IsInRole(Roles.NetworkAdmin) || User.IsInRole(Roles.Moderator))
            PracticesToValidate = await db.Practices.CountAsync(p => p.Stage == PracticeStage.Submitted || p.Stage == PracticeStage.Validated, ct);
    }

    private async Task LoadConversationsAsync(List<int> mine, Dictionary<string, int> unreadByPath, CancellationToken ct)
    {
        var threads = await db.Conversations.AsNoTracking()
            .Where(c => mine.Contains(c.OwnerPartnerId) || mine.Contains(c.OtherPartnerId))
            .OrderByDescending(c => c.LastMessageAt).ThenByDescending(c => c.Id).Take(30)
            .Select(c => new
            {
                c.Id, c.OwnerPartnerId, c.OtherPartnerId, c.LastMessageAt, c.RequestId, c.OfferId,
                Messages = c.Messages.Count,
                Last = c.Messages.OrderByDescending(m => m.At).ThenByDescending(m => m.Id).Select(m => new { m.Text, m.PartnerId }).FirstOrDefault(),
                Request = db.Requests.Where(r => r.Id == c.RequestId).Select(r => new { r.Title, r.Language }).FirstOrDefault(),
                Offer = db.Offers.Where(o => o.Id == c.OfferId).Select(o => new { o.Title, o.Language }).FirstOrDefault(),
            }).ToListAsync(ct);
        var partnerIds = threads.SelectMany(t => new[] { t.OwnerPartnerId, t.OtherPartnerId }).Distinct().ToList();
        var names = await db.Partners.AsNoTracking().Where(p => partnerIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Name, ct);
        Conversations = threads.Select(t =>
        {
            // The other party: the side that is not the reader's organisation (a thread between two of theirs shows the one that expressed interest).
            var other = mine.Contains(t.OwnerPartnerId) ? t.OtherPartnerId : t.OwnerPartnerId;
            var item = t.Request ?? t.Offer;
            var last = t.Last?.Text ?? "";
            return new ThreadLine(t.Id, item?.Title ?? "", item?.Language ?? "en", t.RequestId is not null, names.GetValueOrDefault(other, ""),
                last.Length > 160 ? last[..159].TrimEnd() + "…" : last, t.Last is { } l && mine.Contains(l.PartnerId), t.LastMessageAt, t.Messages,
                unreadByPath.GetValueOrDefault("/marketplace/conversations/" + t.Id.ToString(CultureInfo.InvariantCulture)));
        }).OrderByDescending(t => t.Unread > 0).ThenByDescending(t => t.At).ToList();
    }

    private async Task LoadMarketAsync(List<int> mine, DateTime now, DateOnly today, CancellationToken ct)
    {
        var requests = await db.Requests.AsNoTracking().Where(r => mine.Contains(r.PartnerId) && r.State != RequestState.Closed)
            .OrderByDescending(r => r.CreatedAt).Take(50).Select(r => new { r.Id, r.Slug, r.Title, r.Language, r.State }).ToListAsync(ct);
        var offers = await db.Offers.AsNoTracking().Where(o => mine.Contains(o.PartnerId) && o.State == OfferState.Active)
            .OrderByDescending(o => o.CreatedAt).Take(50).Select(o => new { o.Id, o.Slug, o.Title, o.Language }).ToListAsync(ct);
        if (requests.Count == 0 && offers.Count == 0) return;
        var index = await matchmaker.CurrentAsync(db, ct);
        var minimum = market.Value.AlertMinimumScore;
        var forRequests = requests.ToDictionary(r => r.Id,
            r => index.Request(r.Id) is { } item ? index.OffersFor(item, today, MatchesConsidered).Where(m => m.Score >= minimum).ToList() : []);
        var forOffers = offers.ToDictionary(o => o.Id,
            o => index.Offer(o.Id) is { } item ? index.RequestsFor(item, today, MatchesConsidered).Where(m => m.Score >= minimum).ToList() : []);
        // Which matched items are new: two queries for every match on the page.
        var since = now - NewFor;
        var matchedOffers = forRequests.Values.SelectMany(m => m).Select(m => m.Id).Distinct().ToList();
        var matchedRequests = forOffers.Values.SelectMany(m => m).Select(m => m.Id).Distinct().ToList();
        var newOffers = (await db.Offers.AsNoTracking().Where(o => matchedOffers.Contains(o.Id) && o.CreatedAt >= since).Select(o => o.Id).ToListAsync(ct)).ToHashSet();
        var newRequests = (await db.Requests.AsNoTracking().Where(r => matchedRequests.Contains(r.Id) && r.CreatedAt >= since).Select(r => r.Id).ToListAsync(ct)).ToHashSet();
        Requests = requests.Select(r => new ItemLine(r.Slug, r.Title, r.Language, Codes.Of(r.State), forRequests[r.Id].Count,
            forRequests[r.Id].Count(m => newOffers.Contains(m.Id)), forRequests[r.Id].FirstOrDefault())).ToList();
        Offers = offers.Select(o => new ItemLine(o.Slug, o.Title, o.Language, Codes.Of(OfferState.Active), forOffers[o.Id].Count,
            forOffers[o.Id].Count(m => newRequests.Contains(m.Id)), forOffers[o.Id].FirstOrDefault())).ToList();
    }

    private async Task LoadPracticesAsync(List<int> mine, DateOnly today, CancellationToken ct)
    {
        var horizon = today.AddDays(practiceOptions.Value.RemindDaysAhead);
        Practices = (await db.Practices.AsNoTracking()
                .Where(p => mine.Contains(p.PartnerId) && ((p.Stage == PracticeStage.Published && p.ReviewBy != null && p.ReviewBy <= horizon)
                                                         || (p.Stage == PracticeStage.Draft && p.ValidationNote != null)))
                .OrderBy(p => p.ReviewBy).ThenBy(p => p.Id).Take(50)
                .Select(p => new
                {
                    p.Slug, p.Stage, p.ReviewBy,
                    Text = p.Texts.Where(t => t.Language == p.OriginalLanguage).Select(t => new { t.Title, t.Language }).FirstOrDefault(),
                }).ToListAsync(ct))
            .Select(p => new PracticeLine(p.Slug, p.Text?.Title ?? p.Slug, p.Text?.Language ?? "en", p.Stage == PracticeStage.Draft, p.ReviewBy, p.ReviewBy < today))
            .ToList();
    }

    private async Task LoadCommitmentsAsync(List<int> mine, DateTime now, DateOnly today, CancellationToken ct)
    {
        var dueBefore = DateOnly.FromDateTime(now - ReportEvery);
        var rows = await db.Commitments.AsNoTracking().Where(c => mine.Contains(c.PartnerId)).OrderBy(c => c.Id).Take(200)
            .Select(c => new
            {
                c.Id, c.Title, c.Language, c.StartDate,
                Indicators = c.Indicators.Where(i => i.TargetDate >= today)
                    .Select(i => new { Latest = i.Reports.Max(r => (DateOnly?)r.Date) }).ToList(),
            }).AsSplitQuery().ToListAsync(ct);
        Commitments = rows
            .Select(c => new CommitmentDue(c.Id, c.Title, c.Language,
                c.Indicators.Count(i => i.Latest is null ? c.StartDate <= today : i.Latest < dueBefore),
                c.Indicators.Where(i => i.Latest is not null).Select(i => i.Latest).Max()))
            .Where(c => c.IndicatorsDue > 0).ToList();
    }
}

public sealed record OrganisationLine(int Id, string Name, string Slug, bool IsAdmin);

/// <summary>A conversation: the item it is about, the other organisation, the last message (whether the reader's side wrote it) and unread notifications about it.</summary>
public sealed record ThreadLine(int Id, string Title, string Language, bool AboutRequest, string OtherParty, string LastMessage, bool LastFromUs,
    DateTime At, int Messages, int Unread);

/// <summary>An open request or active offer with its current matches above the alert threshold, how many of them are new, and the best.</summary>
public sealed record ItemLine(string Slug, string Title, string Language, string State, int Matches, int NewMatches, Match? Best);

public sealed record PracticeLine(string Slug, string Title, string Language, bool Returned, DateOnly? ReviewBy, bool Overdue);

/// <summary>A commitment with running indicators whose report is due (none yet, or none for a year), and the last report's date.</summary>
public sealed record CommitmentDue(int Id, string Title, string Language, int IndicatorsDue, DateOnly? LastReport);

public sealed record InvitationLine(string PartnerName, string PartnerSlug, DateTime ExpiresAt);
