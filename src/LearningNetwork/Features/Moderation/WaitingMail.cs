using System.Globalization;
using LearningNetwork.Data;
using LearningNetwork.Domain;
using LearningNetwork.Features.Accounts;
using LearningNetwork.Infrastructure;
using LearningNetwork.Infrastructure.Localization;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace LearningNetwork.Features.Moderation;

/// <summary>
/// Nobody has to watch a queue: when an item starts to wait for coordinators (a membership application sent or sent
/// again, a practice submitted for validation) each coordinator who can act on it is e-mailed once, at that moment, with
/// the link to it (abuse reports are e-mailed by <see cref="ModerationDesk"/>). And an author hears (a notification and
/// an e-mail) when their practice is published or returned to them. A mail that cannot be sent is logged and does not
/// undo the step.
/// </summary>
public sealed class WaitingMail(LearningNetworkDb db, UserManager<UserAccount> users, MailSender mail, SiteLinks links,
    IStringLocalizer<SharedResource> text, TimeProvider clock, ILogger<WaitingMail> log)
{
    /// <summary>A membership application waits for the network admins.</summary>
    public Task ApplicationWaitsAsync(MembershipApplication a, CancellationToken ct) =>
        TellAsync([Roles.NetworkAdmin], "Mail.Waiting.Application", a.Name, "membership/review/" + a.Id.ToString(CultureInfo.InvariantCulture), ct);

    /// <summary>A practice waits for validation by the moderators and network admins.</summary>
    public Task PracticeWaitsAsync(string title, string slug, CancellationToken ct) =>
        TellAsync([Roles.Moderator, Roles.NetworkAdmin], "Mail.Waiting.Practice", title, "practices/" + slug, ct);

    /// <summary>The author of a practice hears that it was published or returned (with the moderator's note). A practice
    /// written through the API (<c>CreatedBy</c> "apikey:{id}") has for its authors the person who created the key while they
    /// still belong to the key's partner, else that partner's organisation admins.</summary>
    public async Task TellAuthorAsync(string? authorId, string? actorId, string title, string slug, bool published, string? note, CancellationToken ct)
    {
        if (authorId is null || authorId == actorId) return; // nobody to tell, or they did it themselves
        foreach (var author in await AuthorsAsync(authorId, ct))
            if (author.Id != actorId) await TellAuthorAsync(author, title, slug, published, note, ct);
    }

    private async Task<List<UserAccount>> AuthorsAsync(string authorId, CancellationToken ct)
    {
        const string apiKey = "apikey:";
        if (!authorId.StartsWith(apiKey, StringComparison.Ordinal))
            return await users.FindByIdAsync(authorId) is { } person ? [person] : [];
        if (!int.TryParse(authorId[apiKey.Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var keyId)) return [];
        var key = await db.ApiKeys.AsNoTracking().Where(k => k.Id == keyId).Select(k => new { k.PartnerId, k.CreatedBy }).FirstOrDefaultAsync(ct);
        if (key is null) return [];
        List<string> ids = key.CreatedBy is not null && await db.PartnerMembers.AnyAsync(m => m.PartnerId == key.PartnerId && m.UserId == key.CreatedBy, ct)
            ? [key.CreatedBy!]
            : await db.PartnerMembers.Where(m => m.PartnerId == key.PartnerId && m.Role == OrganisationRole.OrganisationAdmin).Select(m => m.UserId).ToListAsync(ct);
        return await db.Users.Where(u => ids.Contains(u.Id)).ToListAsync(ct);
    }

    private async Task TellAuthorAsync(UserAccount author, string title, string slug, bool published, string? note, CancellationToken ct)
    {
        var kind = published ? "practice-published" : "practice-returned";
        db.Notifications.Add(new Notification { UserId = author.Id, Kind = kind, Subject = title, Path = "/practices/" + slug, CreatedAt = clock.GetUtcNow().UtcDateTime });
        await db.SaveChangesAsync(ct);
        if (!author.EmailConfirmed || author.Email is null || author.SuspendedAt is not null) return;
        var key = published ? "Mail.Practice.Published" : "Mail.Practice.Returned";
        await SendAsync(author, text[key + ".Subject", title],
            string.Format(CultureInfo.CurrentCulture, text[key + ".Body"], title, note ?? "-", links.To(LocalizationSetup.CurrentLanguage, "practices/" + slug)), ct);
    }

    private async Task TellAsync(string[] roles, string key, string title, string path, CancellationToken ct)
    {
        var people = new List<UserAccount>();
        foreach (var role in roles) people.AddRange(await users.GetUsersInRoleAsync(role));
        var link = links.To(LocalizationSetup.CurrentLanguage, path);
        foreach (var person in people.Where(u => u.EmailConfirmed && u.Email is not null && u.SuspendedAt is null).DistinctBy(u => u.Id))
            await SendAsync(person, text[key + ".Subject", title], string.Format(CultureInfo.CurrentCulture, text[key + ".Body"], title, link), ct);
    }

    private async Task SendAsync(UserAccount to, string subject, string body, CancellationToken ct)
    {
        try
        {
            await mail.SendAsync(to.Email!, subject, body, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogWarning(e, "Could not e-mail {UserId} about {Subject}", to.Id, subject);
        }
    }
}
