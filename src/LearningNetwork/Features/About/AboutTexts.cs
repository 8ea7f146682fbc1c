using LearningNetwork.Data;
using LearningNetwork.Domain;
using Microsoft.EntityFrameworkCore;

namespace LearningNetwork.Features.About;

/// <summary>
/// The About page's sections as coordinators wrote them, per interface language (<see cref="AboutText"/>). A section without
/// a text of its own in the page's language shows the shipped one (resource keys), so every language always has a page.
/// </summary>
public sealed class AboutTexts(LearningNetworkDb db, TimeProvider clock)
{
    public const int MaxText = 8000;
    /// <summary>The sections, in the page's order.</summary>
    public static readonly string[] Sections = ["who", "steer", "join", "admission", "funders", "contact"];

    public async Task<Dictionary<string, string>> ForAsync(string language, CancellationToken ct) =>
        await db.AboutTexts.AsNoTracking().Where(t => t.Language == language).ToDictionaryAsync(t => t.Section, t => t.Text, ct);

    /// <summary>Saves the sections given for <paramref name="language"/>; an empty one goes back to the shipped text.</summary>
    public async Task SaveAsync(string language, IReadOnlyDictionary<string, string> texts, string? userId, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var saved = await db.AboutTexts.AsTracking().Where(t => t.Language == language).ToListAsync(ct);
        foreach (var section in Sections)
        {
            var text = texts.GetValueOrDefault(section)?.Trim() ?? "";
            var row = saved.FirstOrDefault(t => t.Section == section);
            if (text.Length == 0)
            {
                if (row is not null) db.AboutTexts.Remove(row);
            }
            else if (row is null) db.AboutTexts.Add(new AboutText { Section = section, Language = language, Text = text, UpdatedAt = now, UpdatedBy = userId });
            else if (row.Text != text) (row.Text, row.UpdatedAt, row.UpdatedBy) = (text, now, userId);
        }
        db.AuditEntries.Add(new AuditEntry { At = now, UserId = userId, Action = "about.edited", Subject = $"about/{language}" });
        await db.SaveChangesAsync(ct);
    }
}
