using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using LearningNetwork.Data;
using LearningNetwork.Domain;
using LearningNetwork.Infrastructure.Localization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace LearningNetwork.Features.Privacy;

/// <summary>
/// The privacy notice as a person reads it (/{lang}/privacy): its sections in the interface language, joined as plain
/// text. Its hash identifies the exact words: when the words change, people are asked to accept the new notice.
/// </summary>
public static class PrivacyNotice
{
    public const string Document = "privacy-notice";

    /// <summary>The label of the notice's current wording; change it with the notice's resource strings.</summary>
    public const string Version = "2026-12";

    private static readonly string[] Keys =
    [
        "Privacy.Title", "Privacy.Lead", "Privacy.CookiesHeading", "Privacy.Cookies", "Privacy.DataHeading", "Privacy.Data",
        "Privacy.RightsHeading", "Privacy.Rights", "Privacy.ContactHeading", "Privacy.Contact",
    ];

    public static string Text(IStringLocalizer text) => string.Join("\n\n", Keys.Select(k => text[k].Value));

    public static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}

/// <summary>Records what a person agreed to (the notice as shown, in their language) and when.</summary>
public sealed class ConsentLog(LearningNetworkDb db, IStringLocalizer<SharedResource> text, TimeProvider clock)
{
    /// <summary>Adds the current notice as agreed to by the person now; the caller saves.</summary>
    public ConsentRecord Add(string userId, string occasion)
    {
        var notice = PrivacyNotice.Text(text);
        var record = new ConsentRecord
        {
            UserId = userId, Document = PrivacyNotice.Document, Version = PrivacyNotice.Version,
            Language = LocalizationSetup.CurrentLanguage, Text = notice, TextHash = PrivacyNotice.Hash(notice),
            Occasion = occasion, At = clock.GetUtcNow().UtcDateTime,
        };
        db.ConsentRecords.Add(record);
        return record;
    }

    public async Task RecordAsync(string userId, string occasion, CancellationToken ct)
    {
        Add(userId, occasion);
        db.AuditEntries.Add(new AuditEntry
        {
            At = clock.GetUtcNow().UtcDateTime, UserId = userId, Action = "privacy.consented", Subject = $"user/{userId}",
            Details = string.Create(CultureInfo.InvariantCulture, $"{PrivacyNotice.Document} {PrivacyNotice.Version} ({occasion})"),
        });
        await db.SaveChangesAsync(ct);
    }

    public Task<List<ConsentRecord>> OfAsync(string userId, CancellationToken ct) =>
        db.ConsentRecords.AsNoTracking().Where(c => c.UserId == userId).OrderByDescending(c => c.At).ThenByDescending(c => c.Id).ToListAsync(ct);

    /// <summary>Whether the person has agreed to the notice's current wording in the current language (or its version).</summary>
    public bool IsCurrent(IReadOnlyList<ConsentRecord> records)
    {
        var hash = PrivacyNotice.Hash(PrivacyNotice.Text(text));
        return records.Any(r => r.TextHash == hash || (r.Version == PrivacyNotice.Version && r.Document == PrivacyNotice.Document));
    }
}
