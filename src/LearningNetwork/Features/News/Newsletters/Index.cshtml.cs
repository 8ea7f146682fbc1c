using LearningNetwork.Data;
using LearningNetwork.Domain;
using LearningNetwork.Features.Practices;
using LearningNetwork.Infrastructure.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace LearningNetwork.Features.News.Newsletters;

/// <summary>
/// /{lang}/newsletters: the archive of sent newsletters, newest first; a signed-in person subscribes or stops (POST, in the
/// page's language: the newsletter is written to them in it); coordinators also see drafts and compose.
/// </summary>
public sealed class IndexModel(LearningNetworkDb db, NewsletterBook book) : PageModel
{
    public IReadOnlyList<NewsletterIssue> Sent { get; private set; } = [];
    public IReadOnlyList<NewsletterIssue> Drafts { get; private set; } = [];
    public bool? Subscribed { get; private set; }
    public bool IsCoordinator { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        IsCoordinator = NewsEditor.IsCoordinator(User);
        Sent = await db.NewsletterIssues.AsNoTracking().Where(i => i.State == NewsletterState.Sent).OrderByDescending(i => i.SentAt).Take(200).ToListAsync(ct);
        if (IsCoordinator) Drafts = await db.NewsletterIssues.AsNoTracking().Where(i => i.State == NewsletterState.Draft).OrderByDescending(i => i.UpdatedAt).ToListAsync(ct);
        if (PracticeEditor.UserId(User) is { } userId) Subscribed = await book.IsSubscribedAsync(userId, ct);
    }

    public async Task<IActionResult> OnPostSubscribeAsync(CancellationToken ct)
    {
        if (PracticeEditor.UserId(User) is not { } userId) return Challenge();
        await book.SubscribeAsync(userId, LocalizationSetup.CurrentLanguage, ct);
        return LocalRedirect($"/{LocalizationSetup.CurrentLanguage}/newsletters");
    }

    public async Task<IActionResult> OnPostUnsubscribeAsync(CancellationToken ct)
    {
        if (PracticeEditor.UserId(User) is not { } userId) return Challenge();
        await book.UnsubscribeAsync(userId, ct);
        return LocalRedirect($"/{LocalizationSetup.CurrentLanguage}/newsletters");
    }
}
