using LearningNetwork.Data;
using LearningNetwork.Domain;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace LearningNetwork.Features.Practices;

/// <summary>/{lang}/practices/review: for moderators, the practices submitted for validation (oldest first) and those validated but not yet published.</summary>
[Authorize(Roles = $"{Roles.Moderator},{Roles.NetworkAdmin}")]
public sealed class ReviewModel(LearningNetworkDb db) : PageModel
{
    public sealed record Waiting(string Slug, string Title, string Language, string Partner, PracticeStage Stage, DateTime Since);

    public IReadOnlyList<Waiting> Items { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        Items = await db.Practices.AsNoTracking().Where(p => p.Stage == PracticeStage.Submitted || p.Stage == PracticeStage.Validated)
            .OrderBy(p => p.Stage).ThenBy(p => p.UpdatedAt)
            .Select(p => new Waiting(p.Slug, p.Texts.Where(t => t.Language == p.OriginalLanguage).Select(t => t.Title).FirstOrDefault() ?? p.Slug,
                p.OriginalLanguage, p.Partner!.Name, p.Stage, p.UpdatedAt))
            .Take(500).ToListAsync(ct);
    }
}
