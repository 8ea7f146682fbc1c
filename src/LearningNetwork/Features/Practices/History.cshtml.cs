using System.Globalization;
using LearningNetwork.Data;
using LearningNetwork.Domain;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace LearningNetwork.Features.Practices;

/// <summary>
/// /{lang}/practices/{slug}/history: every saved change with its author, time and note, for the owning organisation and
/// moderators; ?from=&amp;to= compares two revisions field by field, words added and removed marked (the newest against
/// the one before it by default).
/// </summary>
[Authorize]
public sealed class HistoryModel(PracticeCatalogue catalogue, PracticeEditor editor, LearningNetworkDb db) : PageModel
{
    [FromQuery(Name = "from")] public string? From { get; set; }
    [FromQuery(Name = "to")] public string? To { get; set; }

    public Practice Practice { get; private set; } = null!;
    public string Title { get; private set; } = "";
    public IReadOnlyList<(PracticeRevision Revision, string? Author)> Revisions { get; private set; } = [];
    public int? FromNumber { get; private set; }
    public int? ToNumber { get; private set; }
    public IReadOnlyList<FieldDiff> Differences { get; private set; } = [];
    public bool BadChoice { get; private set; }

    public async Task<IActionResult> OnGetAsync(string slug, CancellationToken ct)
    {
        var practice = await catalogue.FindAsync(slug, ct);
        if (practice is null) return NotFound();
        var rights = await editor.RightsAsync(User, practice, ct);
        if (!rights.CanEdit && !rights.CanModerate) return rights.CanSee(practice) ? Forbid() : NotFound();
        Practice = practice;
        Title = PracticeLanguage.Pick(practice, Infrastructure.Localization.LocalizationSetup.CurrentLanguage).Title;

        var revisions = await db.PracticeRevisions.AsNoTracking().Where(r => r.PracticeId == practice.Id)
            .OrderByDescending(r => r.Number).Select(r => new PracticeRevision
            {
                Id = r.Id, Number = r.Number, At = r.At, UserId = r.UserId, Action = r.Action, Note = r.Note, Snapshot = "",
            }).ToListAsync(ct);
        var userIds = revisions.Where(r => r.UserId != null).Select(r => r.UserId!).Distinct().ToList();
        var authors = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id))
            .ToDictionaryAsync(u => u.Id, u => u.DisplayName ?? u.Email, ct);
        Revisions = revisions.Select(r => (r, r.UserId is null ? null : authors.GetValueOrDefault(r.UserId))).ToList();
        if (revisions.Count < 2) return Page();

        int? Parse(string? v) => int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
        var to = Parse(To) ?? revisions[0].Number;
        var from = Parse(From) ?? revisions.Where(r => r.Number < to).Select(r => (int?)r.Number).FirstOrDefault();
        if ((To is not null && Parse(To) is null) || (From is not null && Parse(From) is null) || from is null
            || revisions.All(r => r.Number != to) || revisions.All(r => r.Number != from))
        {
            BadChoice = From is not null || To is not null;
            return Page();
        }
        FromNumber = from;
        ToNumber = to;
        var snapshots = await db.PracticeRevisions.AsNoTracking().Where(r => r.PracticeId == practice.Id && (r.Number == from || r.Number == to))
            .ToDictionaryAsync(r => r.Number, r => r.Snapshot, ct);
        Differences = PracticeHistory.Compare(PracticeHistory.Read(snapshots[from.Value]), PracticeHistory.Read(snapshots[to]));
        return Page();
    }
}
