using System.Security.Claims;
using LearningNetwork.Data;
using LearningNetwork.Domain;
using LearningNetwork.Features.Practices;
using Microsoft.EntityFrameworkCore;

namespace LearningNetwork.Features.Moderation;

/// <summary>A piece of content someone can report: what it is called, who wrote it, where it is shown (without the language prefix).</summary>
public sealed record ContentInfo(string Type, string Key, string Title, string? AuthorId, string Path, string? Text);

/// <summary>
/// Finds reportable content by type and key, as the reporter may see it: a practice only where it is public or theirs, a
/// conversation message only for members of the two organisations in the conversation. Anything else is "not found", so a
/// report form reveals nothing a person could not already read. Moderators read any of it (asModerator).
/// </summary>
public sealed class ReportedContent(LearningNetworkDb db)
{
    public static readonly IReadOnlyList<string> Types = ["practice", "offer", "request", "partner", "message", "commitment", "target-text"];

    public async Task<ContentInfo?> FindAsync(string? type, string? key, ClaimsPrincipal reader, bool asModerator, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(key) || key.Length > 300) return null;
        var userId = PracticeEditor.UserId(reader);
        switch (type)
        {
            case "practice":
            {
                var p = await db.Practices.AsNoTracking().Where(x => x.Slug == key)
                    .Select(x => new { x.Slug, x.PartnerId, x.Stage, x.CreatedBy, Title = x.Texts.Where(t => t.Language == x.OriginalLanguage).Select(t => t.Title).FirstOrDefault() })
                    .FirstOrDefaultAsync(ct);
                if (p is null) return null;
                var visible = p.Stage is PracticeStage.Published or PracticeStage.Archived || asModerator
                    || await db.PartnerMembers.AnyAsync(m => m.UserId == userId && m.PartnerId == p.PartnerId, ct);
                return visible ? new ContentInfo(type, p.Slug, p.Title ?? p.Slug, p.CreatedBy, $"practices/{p.Slug}", null) : null;
            }
            case "offer":
                return await db.Offers.AsNoTracking().Where(x => x.Slug == key)
                    .Select(x => new ContentInfo("offer", x.Slug, x.Title, x.CreatedBy, "marketplace/offers/" + x.Slug, null)).FirstOrDefaultAsync(ct);
            case "request":
                return await db.Requests.AsNoTracking().Where(x => x.Slug == key)
                    .Select(x => new ContentInfo("request", x.Slug, x.Title, x.CreatedBy, "marketplace/requests/" + x.Slug, null)).FirstOrDefaultAsync(ct);
            case "partner":
                return await db.Partners.AsNoTracking().Where(x => x.Slug == key)
                    .Select(x => new ContentInfo("partner", x.Slug, x.Name, null, "partners/" + x.Slug, null)).FirstOrDefaultAsync(ct);
            case "commitment" when int.TryParse(key, out var commitmentId):
                return await db.Commitments.AsNoTracking().Where(x => x.Id == commitmentId)
                    .Select(x => new ContentInfo("commitment", key, x.Title, x.CreatedBy, "commitments/" + key, null)).FirstOrDefaultAsync(ct);
            case "message" when int.TryParse(key, out var messageId):
            {
                var m = await db.ConversationMessages.AsNoTracking().Where(x => x.Id == messageId)
                    .Select(x => new { x.UserId, x.Text, x.ConversationId }).FirstOrDefaultAsync(ct);
                if (m is null) return null;
                var c = await db.Conversations.AsNoTracking().Where(x => x.Id == m.ConversationId).Select(x => new { x.OwnerPartnerId, x.OtherPartnerId }).SingleAsync(ct);
                var reads = asModerator || await db.PartnerMembers.AnyAsync(p => p.UserId == userId && (p.PartnerId == c.OwnerPartnerId || p.PartnerId == c.OtherPartnerId), ct);
                if (!reads) return null;
                var excerpt = m.Text.Length > 80 ? m.Text[..80] + "…" : m.Text;
                return new ContentInfo("message", key, excerpt, m.UserId, $"marketplace/conversations/{m.ConversationId}", m.Text);
            }
            case "target-text":
            {
                var parts = key.Split('/');
                if (parts.Length != 2) return null;
                var (framework, code) = (parts[0], parts[1]);
                var target = await db.PolicyTargets.AsNoTracking().Where(t => t.FrameworkCode == framework && t.Code == code).Select(t => t.Title).FirstOrDefaultAsync(ct);
                if (target is null) return null;
                var editor = await db.TargetTextRevisions.AsNoTracking().Where(r => r.Framework == framework && r.Code == code)
                    .OrderByDescending(r => r.EditedAt).Select(r => r.EditedBy).FirstOrDefaultAsync(ct);
                return new ContentInfo("target-text", key, target, editor, $"targets/{framework}/{code}", null);
            }
            default:
                return null;
        }
    }
}
