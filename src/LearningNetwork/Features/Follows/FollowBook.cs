using LearningNetwork.Data;
using LearningNetwork.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LearningNetwork.Features.Follows;

/// <summary>
/// A person's follows and digest settings. Every method takes the person's own id from the caller's session and touches
/// only rows of that person: a follow is found by its id AND the person, so another person's follow is "not found",
/// whatever id is sent.
/// </summary>
public sealed class FollowBook(LearningNetworkDb db, FollowKeys keys, TimeProvider clock, IOptions<FollowsOptions> options)
{
    public enum Outcome { Followed, AlreadyFollowed, Unknown, TooMany }

    /// <summary>Follows the item (the key is checked against what exists) and makes the person's digest settings on their first follow.</summary>
    public async Task<Outcome> FollowAsync(string userId, FollowKind kind, string? key, string language, CancellationToken ct)
    {
        var valid = await keys.ValidAsync(kind, key, ct);
        if (valid is null) return Outcome.Unknown;
        if (await db.Follows.AnyAsync(f => f.UserId == userId && f.Kind == kind && f.Key == valid, ct)) return Outcome.AlreadyFollowed;
        if (await db.Follows.CountAsync(f => f.UserId == userId, ct) >= options.Value.MaxFollows) return Outcome.TooMany;
        var now = clock.GetUtcNow().UtcDateTime;
        db.Follows.Add(new Follow { UserId = userId, Kind = kind, Key = valid, CreatedAt = now });
        if (!await db.DigestSubscriptions.AnyAsync(s => s.UserId == userId, ct))
            db.DigestSubscriptions.Add(new DigestSubscription { UserId = userId, Language = language, Frequency = DigestFrequency.Weekly, CoveredUntil = now, CreatedAt = now, UpdatedAt = now });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // the same follow (or the settings) saved at the same moment from another tab: it exists, which is what was asked
            db.ChangeTracker.Clear();
            return Outcome.AlreadyFollowed;
        }
        return Outcome.Followed;
    }

    public async Task<List<Follow>> ListAsync(string userId, CancellationToken ct) =>
        await db.Follows.AsNoTracking().Where(f => f.UserId == userId).OrderBy(f => f.Id).ToListAsync(ct);

    /// <summary>The follow's id, or null when the person does not follow it.</summary>
    public async Task<int?> FindAsync(string userId, FollowKind kind, string key, CancellationToken ct) =>
        await db.Follows.Where(f => f.UserId == userId && f.Kind == kind && f.Key == key).Select(f => (int?)f.Id).FirstOrDefaultAsync(ct);

    /// <summary>Removes one of the person's own follows; false when they have none with that id.</summary>
    public async Task<bool> RemoveAsync(string userId, int id, CancellationToken ct) =>
        await db.Follows.Where(f => f.Id == id && f.UserId == userId).ExecuteDeleteAsync(ct) > 0;

    public async Task<DigestSubscription?> SettingsAsync(string userId, CancellationToken ct) =>
        await db.DigestSubscriptions.AsNoTracking().FirstOrDefaultAsync(s => s.UserId == userId, ct);

    /// <summary>Sets how often the digest comes, and its language (the page's). Turning it back on does not send what
    /// appeared while it was off: the next digest starts now.</summary>
    public async Task SetFrequencyAsync(string userId, DigestFrequency frequency, string language, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var s = await db.DigestSubscriptions.FirstOrDefaultAsync(x => x.UserId == userId, ct);
        if (s is null)
        {
            db.DigestSubscriptions.Add(new DigestSubscription { UserId = userId, Language = language, Frequency = frequency, CoveredUntil = now, CreatedAt = now, UpdatedAt = now });
        }
        else
        {
            if (s.Frequency == DigestFrequency.Off && frequency != DigestFrequency.Off) s.CoveredUntil = now;
            s.Frequency = frequency;
            s.Language = language;
            s.UpdatedAt = now;
        }
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Turns the person's digest off (the unsubscribe link); their follows stay. False when the person has no settings.</summary>
    public async Task<bool> UnsubscribeAsync(string userId, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return await db.DigestSubscriptions.Where(s => s.UserId == userId)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.Frequency, DigestFrequency.Off).SetProperty(s => s.UpdatedAt, now), ct) > 0;
    }
}
