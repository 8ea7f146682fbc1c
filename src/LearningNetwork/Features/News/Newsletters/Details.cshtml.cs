using LearningNetwork.Data;
using LearningNetwork.Domain;
using LearningNetwork.Infrastructure.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace LearningNetwork.Features.News.Newsletters;

/// <summary>
/// /{lang}/newsletters/{id}: a sent newsletter as archived (its items in the reader's language where they have it); a draft
/// only for coordinators, who send it from here (POST Send: once; a second click or a stale tab is a 409). Subscribers count
/// is shown before sending.
/// </summary>
public sealed class DetailsModel(LearningNetworkDb db, NewsletterComposer composer, NewsletterBook book) : PageModel
{
    public NewsletterIssue Issue { get; private set; } = null!;
    public IReadOnlyList<NewsletterItem> Items { get; private set; } = [];
    public int Subscribers { get; private set; }
    public bool IsCoordinator { get; private set; }
    public int? Queued { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id, int? queued, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        Queued = queued;
        return Page();
    }

    public async Task<IActionResult> OnPostSendAsync(int id, Guid version, CancellationToken ct)
    {
        if (!NewsEditor.IsCoordinator(User)) return Forbid();
        if (!await LoadAsync(id, ct)) return NotFound();
        var queued = await book.SendAsync(id, version, ct);
        if (queued is null)
        {
            Response.StatusCode = StatusCodes.Status409Conflict;
            return Page();
        }
        db.AuditEntries.Add(new AuditEntry
        {
            At = DateTime.UtcNow, UserId = Practices.PracticeEditor.UserId(User), Action = "newsletter.sent", Subject = $"newsletter/{id}", Details = $"{queued} subscribers",
        });
        await db.SaveChangesAsync(ct);
        return LocalRedirect($"/{LocalizationSetup.CurrentLanguage}/newsletters/{id}?queued={queued}");
    }

    private async Task<bool> LoadAsync(int id, CancellationToken ct)
    {
        IsCoordinator = NewsEditor.IsCoordinator(User);
        var issue = await db.NewsletterIssues.AsNoTracking().Include(i => i.Entries).FirstOrDefaultAsync(i => i.Id == id, ct);
        if (issue is null || (issue.State != NewsletterState.Sent && !IsCoordinator)) return false;
        Issue = issue;
        Items = await composer.ItemsAsync(issue, LocalizationSetup.CurrentLanguage, ct);
        if (IsCoordinator) Subscribers = await db.NewsletterSubscribers.CountAsync(ct);
        return true;
    }
}
