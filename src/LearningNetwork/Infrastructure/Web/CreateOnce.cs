using System.Text.RegularExpressions;
using LearningNetwork.Data;
using LearningNetwork.Domain;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace LearningNetwork.Infrastructure.Web;

/// <summary>
/// Two identical submissions of a create form make one item. Every create form carries a key drawn when the form is
/// rendered (<see cref="NewKey"/>, a hidden field named <c>IdempotencyKey</c>); <see cref="RunAsync"/> records the key,
/// the person and the created item's URL in the same transaction as the item, so of two submissions at the same
/// moment the second waits on the unique index (key, person) — PostgreSQL's row lock, SQLite's write lock —, finds the
/// first one's row and is led to that item. A form that fails validation writes nothing, so its corrected submission
/// with the same key creates the item. A missing or malformed key (an old page, a script) creates as before. Keys
/// are forgotten after <see cref="Lifetime"/>.
/// </summary>
public sealed partial class CreateOnce(LearningNetworkDb db, TimeProvider clock)
{
    public const string FieldName = "IdempotencyKey";
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(1);

    public static string NewKey() => Guid.NewGuid().ToString("N");

    /// <summary>Runs <paramref name="create"/> (which saves the item and returns its local URL) once per key and person;
    /// returns that URL, the first submission's when this one repeats it.</summary>
    public async Task<string> RunAsync(string? key, string? userId, Func<Task<string>> create, CancellationToken ct)
    {
        if (userId is null || key is null || !KeyRegex().IsMatch(key)) return await create();
        var now = clock.GetUtcNow().UtcDateTime;
        var expired = now - Lifetime;
        if (await PreviousAsync(key, userId, expired, ct) is { } earlier) return earlier;
        var row = new IdempotencyKey { Key = key, UserId = userId, CreatedAt = now };
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            try
            {
                // The key first: a concurrent twin blocks here until this transaction ends, then fails on the unique index.
                await db.IdempotencyKeys.Where(k => k.CreatedAt < expired).ExecuteDeleteAsync(ct);
                db.IdempotencyKeys.Add(row);
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException e) when (IsDuplicate(e))
            {
                db.Entry(row).State = EntityState.Detached;
                await tx.RollbackAsync(ct);
                return await PreviousAsync(key, userId, expired, ct) ?? throw new InvalidOperationException("idempotency key taken and gone", e);
            }
            var url = await create();
            row.Url = url.Length > 500 ? url[..500] : url;
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return url;
        }
    }

    private async Task<string?> PreviousAsync(string key, string userId, DateTime expired, CancellationToken ct) =>
        await db.IdempotencyKeys.AsNoTracking().Where(k => k.Key == key && k.UserId == userId && k.CreatedAt >= expired).Select(k => k.Url).FirstOrDefaultAsync(ct);

    private static bool IsDuplicate(DbUpdateException e) => e.InnerException switch
    {
        SqliteException s => s.SqliteErrorCode == 19, // SQLITE_CONSTRAINT
        Npgsql.PostgresException p => p.SqlState == Npgsql.PostgresErrorCodes.UniqueViolation,
        _ => false,
    };

    [GeneratedRegex("^[A-Za-z0-9_-]{16,64}$")]
    private static partial Regex KeyRegex();
}
