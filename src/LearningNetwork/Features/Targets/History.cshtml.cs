using System.Globalization;
using LearningNetwork.Data;
using LearningNetwork.Domain;
using LearningNetwork.Features.Partners;
using LearningNetwork.Features.Practices;
using LearningNetwork.Infrastructure.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace LearningNetwork.Features.Targets;

/// <summary>
/// /{lang}/targets/{framework}/{code}/history?language=xx: every version of the explanation in one language, newest first,
/// with who saved it, when and why; version 0 is the text shipped with the site. ?from=&amp;to= compares any two word by
/// word with the practices' comparison (the newest against the one before it by default). For the network's editors.
/// </summary>
[Authorize(Roles = $"{Roles.Moderator},{Roles.NetworkAdmin}")]
public sealed class HistoryModel(LearningNetworkDb db, TargetContent content, TargetExplanations explanations, SupportedLanguages languages,
    IStringLocalizer<SharedResource> text) : PageModel
{
    [FromQuery(Name = "language")] public string? Language { get; set; }
    [FromQuery(Name = "from")] public string? From { get; set; }
    [FromQuery(Name = "to")] public string? To { get; set; }
    /// <summary>The version just saved by the editor, to confirm it.</summary>
    [FromQuery(Name = "saved")] public string? Saved { get; set; }

    public PolicyTarget Target { get; private set; } = null!;
    public string? LocalTitle { get; private set; }
    public string? TextLanguage { get; private set; }
    public string TextLanguageName => TextLanguage is null ? "" : languages.Get(TextLanguage).NativeName;
    public IReadOnlyList<FilterChoice> LanguageChoices { get; private set; } = [];
    /// <summary>Newest first; the last is version 0, as shipped (null <see cref="TargetTextRevision"/>).</summary>
    public IReadOnlyList<(int Version, TargetTextRevision? Revision, string? Author)> Revisions { get; private set; } = [];
    /// <summary>Whether a text in this language ships with the site.</summary>
    public bool HasShippedText { get; private set; }
    public int? FromVersion { get; private set; }
    public int? ToVersion { get; private set; }
    public IReadOnlyList<FieldDiff> Differences { get; private set; } = [];
    public bool BadChoice { get; private set; }
    public bool BadLanguage { get; private set; }
    public int? SavedVersion { get; private set; }

    public async Task<IActionResult> OnGetAsync(string framework, string code, CancellationToken ct)
    {
        if (framework.Length > 16 || code.Length > 40) return NotFound();
        var target = await db.PolicyTargets.AsNoTracking().FirstOrDefaultAsync(t => t.FrameworkCode == framework && t.Code == code, ct);
        if (target is null) return NotFound();
        Target = target;
        var lang = LocalizationSetup.CurrentLanguage;
        LocalTitle = lang == "en" ? null : await explanations.TitleInAsync(framework, code, lang, ct);
        LanguageChoices = languages.All.OrderBy(l => l.NativeName, StringComparer.Create(CultureInfo.CurrentCulture, true))
            .Select(l => new FilterChoice(l.Code, l.NativeName)).ToList();
        var asked = string.IsNullOrEmpty(Language) ? lang : Language;
        if (asked.Length > 8 || !languages.IsSupported(asked))
        {
            BadLanguage = true;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        var language = TextLanguage = languages.Get(asked).Code;

        var revisions = await db.TargetTextRevisions.AsNoTracking()
            .Where(r => r.Framework == framework && r.Code == code && r.Language == language)
            .OrderByDescending(r => r.Version).ToListAsync(ct);
        var userIds = revisions.Where(r => r.EditedBy != null).Select(r => r.EditedBy!).Distinct().ToList();
        var authors = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName ?? u.Email, ct);
        var shipped = content.Shipped(framework, code, language)?.Text;
        HasShippedText = shipped is not null;
        Revisions = revisions.Select(r => (r.Version, (TargetTextRevision?)r, r.EditedBy is null ? null : authors.GetValueOrDefault(r.EditedBy)))
            .Append((0, null, null)).ToList();
        if (int.TryParse(Saved, NumberStyles.None, CultureInfo.InvariantCulture, out var saved) && revisions.Any(r => r.Version == saved)) SavedVersion = saved;
        if (Revisions.Count < 2) return Page();

        int? Parse(string? v) => int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
        var to = Parse(To) ?? Revisions[0].Version;
        var from = Parse(From) ?? Revisions.Where(r => r.Version < to).Select(r => (int?)r.Version).FirstOrDefault();
        if ((To is not null && Parse(To) is null) || (From is not null && Parse(From) is null) || from is null
            || Revisions.All(r => r.Version != to) || Revisions.All(r => r.Version != from))
        {
            BadChoice = From is not null || To is not null;
            return Page();
        }
        FromVersion = from;
        ToVersion = to;
        TargetText? TextOf(int version) => version == 0 ? shipped : TargetExplanations.ToText(revisions.First(r => r.Version == version), null);
        Differences = PracticeHistory.Compare(TargetTextEditor.Snapshot(TextOf(from.Value), text, language), TargetTextEditor.Snapshot(TextOf(to), text, language));
        return Page();
    }
}
