using System.Globalization;
using System.Security.Claims;
using LearningNetwork.Data;
using LearningNetwork.Domain;
using LearningNetwork.Features.Marketplace;
using LearningNetwork.Features.Practices;
using LearningNetwork.Features.Themes;
using LearningNetwork.Infrastructure;
using LearningNetwork.Infrastructure.Localization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace LearningNetwork.Features.LearningPaths;

/// <summary>The path form, as typed: strings until validated, so nothing typed is lost. One language version of the title
/// and summary is edited at a time; themes, targets and steps are the path's own, shared by every version.</summary>
public sealed class PathForm
{
    public string? Language { get; set; }
    public string? Title { get; set; }
    public string? Summary { get; set; }
    public string? Themes { get; set; }
    /// <summary>The theme text a "did you mean" was shown for (hidden; see <see cref="ThemeNames.SeenSuffix"/>).</summary>
    [System.ComponentModel.DataAnnotations.DisplayFormat(ConvertEmptyStringToNull = false)] // sent empty at first: a person to ask
    public string? ThemesSeen { get; set; }
    public List<string> Targets { get; set; } = [];
    /// <summary>One step a line: <c>practice: slug</c>, <c>target: kmgbf:3</c>, <c>event: slug</c>, <c>document: https://… | title</c>.</summary>
    public string? Steps { get; set; }
}

public sealed record StepValues(LearningStepKind Kind, int? PracticeId, int? EventId, string? TargetCode, string? Url, string? Title);

public sealed record PathValues(string Language, string Title, string Summary, List<int> Themes, List<string> Targets, List<StepValues> Steps)
{
    /// <summary>The themes no concept was found for, kept as free keywords ('; '-joined), or null.</summary>
    public string? Keywords { get; init; }
}

public enum PathOutcome { Done, Invalid, Conflict }

/// <summary>
/// Validates and saves learning paths for the new and edit pages alike. Only coordinators (moderators and network admins)
/// assemble paths: the pages check <see cref="MayEdit"/> before anything, and the editor again on saving. A step names an
/// item that exists (a published practice, an event, a target of the reference data) or an https document; an edit made
/// on an older <c>Version</c> is a conflict. Every save is an audit entry (<c>learning-path.*</c>).
/// </summary>
public sealed class LearningPathEditor(LearningNetworkDb db, ThemeNames themes, SupportedLanguages languages, TimeProvider clock, IStringLocalizer<SharedResource> text)
{
    public const int MaxTitle = 200, MinSummary = 20, MaxSummary = 4000, MaxSteps = 40, MinSteps = 1, MaxTargets = 20, MaxDocumentTitle = 300, MaxUrl = 2000;

    public static bool MayEdit(ClaimsPrincipal user) => user.Identity?.IsAuthenticated == true && PracticeEditor.IsModerator(user);

    /// <summary>The steps of a path as the form writes them, one a line.</summary>
    public static string StepLines(IEnumerable<LearningPathStep> steps, IReadOnlyDictionary<int, string> practiceSlugs, IReadOnlyDictionary<int, string> eventSlugs) =>
        string.Join("\n", steps.OrderBy(s => s.Position).Select(s => s.Kind switch
        {
            LearningStepKind.Practice => "practice: " + practiceSlugs.GetValueOrDefault(s.PracticeId ?? 0, ""),
            LearningStepKind.Event => "event: " + eventSlugs.GetValueOrDefault(s.EventId ?? 0, ""),
            LearningStepKind.Target => "target: " + s.TargetCode,
            _ => "document: " + s.Url + (string.IsNullOrEmpty(s.Title) ? "" : " | " + s.Title),
        }));

    /// <summary>Checks the form; errors are messages in the reader's language, by field name.</summary>
    public async Task<(PathValues? Values, Dictionary<string, string> Errors)> ValidateAsync(PathForm f, string reader, CancellationToken ct)
    {
        var e = new Dictionary<string, string>();
        var language = f.Language?.Trim() ?? "";
        // A version is written in an interface language, so that its page exists (/{lang}/learning-paths/…).
        if (!languages.IsSupported(language)) e["Language"] = text["Validation.UnknownChoice"];
        var title = Clean(f.Title);
        if (title.Length == 0) e["Title"] = text["Validation.Required"];
        else if (title.Length > MaxTitle) e["Title"] = text["Validation.TooLong", MaxTitle];
        var summary = Clean(f.Summary);
        if (summary.Length < MinSummary) e["Summary"] = text["Market.DescriptionTooShort", MinSummary];
        else if (summary.Length > MaxSummary) e["Summary"] = text["Validation.TooLong", MaxSummary];
        var theme = await themes.FieldAsync(f.Themes, reader, true, f.ThemesSeen, ct);
        if (!theme.Ok) e["Themes"] = text[theme.ErrorKey!, theme.ErrorArg ?? ""];
        var targets = f.Targets.Where(t => !string.IsNullOrWhiteSpace(t)).Distinct().ToList();
        var known = (await db.PolicyTargets.AsNoTracking().Select(t => t.FrameworkCode + ":" + t.Code).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        if (targets.Count > MaxTargets) e["Targets"] = text["Validation.TooMany", MaxTargets];
        else if (targets.Any(t => !known.Contains(t))) e["Targets"] = text["Validation.UnknownChoice"];
        var (steps, stepError) = await ParseStepsAsync(f.Steps, known, ct);
        if (stepError is not null) e["Steps"] = stepError;
        return e.Count > 0 ? (null, e) : (new PathValues(language, title, summary, theme.Concepts, targets, steps) { Keywords = theme.Keywords }, e);
    }

    /// <summary>The step lines into steps, or the message naming the first line that is not understood.</summary>
    private async Task<(List<StepValues>, string?)> ParseStepsAsync(string? lines, HashSet<string> targets, CancellationToken ct)
    {
        var steps = new List<StepValues>();
        var all = (lines ?? "").Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
        if (all.Count < MinSteps) return (steps, text["Validation.Required"]);
        if (all.Count > MaxSteps) return (steps, text["Validation.TooMany", MaxSteps]);
        for (var i = 0; i < all.Count; i++)
        {
            var line = UnicodeText.WellFormed(all[i]).Normalize();
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var kind = colon > 0 ? Codes.Parse<LearningStepKind>(line[..colon].Trim().ToLowerInvariant()) : null;
            var value = colon > 0 ? line[(colon + 1)..].Trim() : "";
            StepValues? step = null;
            switch (kind)
            {
                case LearningStepKind.Practice:
                {
                    var slug = LastSegment(value);
                    var id = await db.Practices.AsNoTracking().Where(p => p.Slug == slug && p.Stage == PracticeStage.Published).Select(p => (int?)p.Id).FirstOrDefaultAsync(ct);
                    if (id is not null) step = new StepValues(LearningStepKind.Practice, id, null, null, null, null);
                    break;
                }
                case LearningStepKind.Event:
                {
                    var slug = LastSegment(value);
                    var id = await db.Events.AsNoTracking().Where(x => x.Slug == slug).Select(x => (int?)x.Id).FirstOrDefaultAsync(ct);
                    if (id is not null) step = new StepValues(LearningStepKind.Event, null, id, null, null, null);
                    break;
                }
                case LearningStepKind.Target:
                {
                    var code = value.Replace('/', ':').Trim(':', ' ');
                    if (targets.Contains(code)) step = new StepValues(LearningStepKind.Target, null, null, code, null, null);
                    break;
                }
                case LearningStepKind.Document:
                {
                    var bar = value.IndexOf('|', StringComparison.Ordinal);
                    var url = (bar < 0 ? value : value[..bar]).Trim();
                    var title = bar < 0 ? "" : Clean(value[(bar + 1)..]);
                    if (url.Length <= MaxUrl && title.Length is > 0 and <= MaxDocumentTitle && Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps
                        && !string.IsNullOrEmpty(uri.Host))
                        step = new StepValues(LearningStepKind.Document, null, null, null, uri.AbsoluteUri, title);
                    break;
                }
            }
            if (step is null) return (steps, text["LearningPath.BadStep", i + 1]);
            steps.Add(step);
        }
        return (steps, null);
    }

    /// <summary>A slug, or the last segment of a page address pasted instead (…/practices/{slug}).</summary>
    private static string LastSegment(string value)
    {
        var v = value.Trim().TrimEnd('/');
        if (Uri.TryCreate(v, UriKind.Absolute, out var uri)) v = uri.AbsolutePath.TrimEnd('/');
        var slash = v.LastIndexOf('/');
        return (slash >= 0 ? v[(slash + 1)..] : v).ToLowerInvariant();
    }

    public async Task<LearningPath> CreateAsync(PathValues v, string? userId, bool demo, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var path = new LearningPath { Slug = await UniqueSlugAsync(v.Title, ct), Language = v.Language, CreatedBy = userId, CreatedAt = now, UpdatedAt = now, IsDemo = demo };
        path.Texts.Add(new LearningPathText { Language = v.Language, Title = v.Title, Summary = v.Summary });
        Apply(path, v);
        db.LearningPaths.Add(path);
        db.AuditEntries.Add(new AuditEntry { At = now, UserId = userId, Action = "learning-path.created", Subject = $"learning-path/{path.Slug}" });
        await db.SaveChangesAsync(ct);
        return path;
    }

    /// <summary>Saves the language version typed (added or replaced) and the shared parts, unless the path changed since the
    /// form was drawn (<paramref name="seen"/>).</summary>
    public async Task<PathOutcome> UpdateAsync(LearningPath path, Guid seen, PathValues v, string? userId, CancellationToken ct)
    {
        if (path.Version != seen) return PathOutcome.Conflict;
        var now = clock.GetUtcNow().UtcDateTime;
        var existing = path.Texts.FirstOrDefault(t => t.Language == v.Language);
        if (existing is null) path.Texts.Add(new LearningPathText { Language = v.Language, Title = v.Title, Summary = v.Summary });
        else { existing.Title = v.Title; existing.Summary = v.Summary; }
        // Steps keep their ids (and the progress marked on them) where the same item stays in the path.
        var old = path.Steps.ToList();
        Apply(path, v, old);
        path.UpdatedAt = now;
        path.Version = Guid.NewGuid();
        db.AuditEntries.Add(new AuditEntry { At = now, UserId = userId, Action = "learning-path.edited", Subject = $"learning-path/{path.Slug}", Details = v.Language });
        try
        {
            await db.SaveChangesAsync(ct);
            return PathOutcome.Done;
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return PathOutcome.Conflict;
        }
    }

    private static void Apply(LearningPath path, PathValues v, List<LearningPathStep>? old = null)
    {
        path.FreeKeywords = v.Keywords;
        // Tags by difference: a tag kept is the same row (removing and adding one key in one save is not allowed).
        var tags = v.Themes.Select(t => (LearningPathTagSchemes.Theme, t.ToString(CultureInfo.InvariantCulture))).Concat(v.Targets.Select(t => (LearningPathTagSchemes.Target, t))).ToHashSet();
        path.Tags.RemoveAll(t => !tags.Contains((t.Scheme, t.Code)));
        path.Tags.AddRange(tags.Where(t => !path.Tags.Any(x => x.Scheme == t.Item1 && x.Code == t.Item2))
            .Select(t => new LearningPathTag { Scheme = t.Item1, Code = t.Item2 }));
        var reusable = old?.ToList() ?? [];
        var steps = new List<LearningPathStep>();
        for (var i = 0; i < v.Steps.Count; i++)
        {
            var s = v.Steps[i];
            var step = reusable.FirstOrDefault(o => o.Kind == s.Kind && o.PracticeId == s.PracticeId && o.EventId == s.EventId && o.TargetCode == s.TargetCode && o.Url == s.Url)
                ?? new LearningPathStep { Kind = s.Kind, PracticeId = s.PracticeId, EventId = s.EventId, TargetCode = s.TargetCode, Url = s.Url };
            reusable.Remove(step);
            step.Position = i + 1;
            step.Title = s.Title;
            steps.Add(step);
        }
        foreach (var gone in reusable) path.Steps.Remove(gone);
        foreach (var step in steps.Where(s => !path.Steps.Contains(s))) path.Steps.Add(step);
    }

    private static string Clean(string? s) => UnicodeText.WellFormed(s?.Replace("\r\n", "\n", StringComparison.Ordinal).Trim() ?? "").Normalize();

    private async Task<string> UniqueSlugAsync(string title, CancellationToken ct)
    {
        var slug = Slugs.From(title, 100);
        // "new" is the form's own address.
        if (slug.Length == 0 || slug == "new") slug = "learning-path";
        var candidate = slug;
        for (var i = 2; await db.LearningPaths.AnyAsync(q => q.Slug == candidate, ct); i++) candidate = $"{slug}-{i.ToString(CultureInfo.InvariantCulture)}";
        return candidate;
    }
}
