using System.Globalization;
using System.Security.Claims;
using System.Text;
using LearningNetwork.Data;
using LearningNetwork.Domain;
using LearningNetwork.Features.Practices;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace LearningNetwork.Features.Targets;

/// <summary>The longest text each field of an explanation takes (the shipped texts use well under half).</summary>
public static class TargetTextLimits
{
    public const int Title = 250;
    public const int Officer = 4000;
    public const int DecisionMaker = 4000;
    public const int Citizen = 2000;
    /// <summary>What a region or a municipality can do: at most <see cref="ActionCount"/> lines of <see cref="ActionLine"/> characters.</summary>
    public const int Actions = 4000;
    public const int ActionCount = 8;
    public const int ActionLine = 400;
    public const int Deadline = 300;
    public const int Figures = 1000;
    public const int Note = 500;
    /// <summary>The longest text the readability API scores.</summary>
    public const int ReadabilityText = 20000;
}

/// <summary>The explanation form as typed: strings throughout, so that nothing typed is lost when a value is refused.
/// The actions are one a line.</summary>
public sealed class TargetTextForm
{
    public string? Title { get; set; }
    public string? Officer { get; set; }
    public string? DecisionMaker { get; set; }
    public string? Citizen { get; set; }
    public string? Region { get; set; }
    public string? Municipality { get; set; }
    public string? Deadline { get; set; }
    public string? Figures { get; set; }
    /// <summary>What changed and why.</summary>
    public string? Note { get; set; }

    public static TargetTextForm From(TargetText? t) => t is null ? new() : new()
    {
        Title = t.Title, Officer = t.Officer, DecisionMaker = t.DecisionMaker, Citizen = t.Citizen,
        Region = string.Join('\n', t.Region), Municipality = string.Join('\n', t.Municipality), Deadline = t.Deadline, Figures = t.Figures,
    };
}

/// <summary>The current text of an item in one language, exactly (no fallback): the newest revision, else the shipped
/// text (version 0), else nothing.</summary>
public sealed record TargetTextVersion(TargetText? Text, int Version, TargetTextRevision? Revision);

public enum TargetTextSave { Saved, Conflict }

/// <summary>
/// Checks and saves the editors' revisions of an explanation. Errors are resource keys by field (arguments after '|'), so
/// the form shows them in the editor's language. The citizen text must reach the easy level of its language's
/// readability formula (<see cref="Readability.EasyLevel"/>). A revision made on an older version than the newest is a
/// conflict, never saved over it; each saved revision writes an audit entry in the same transaction.
/// </summary>
public sealed class TargetTextEditor(LearningNetworkDb db, TargetContent content, TimeProvider clock)
{
    public static string? UserId(ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.NameIdentifier);

    /// <summary>The newest text in exactly this language, read from the database (never a cached copy: it decides conflicts).</summary>
    public async Task<TargetTextVersion> CurrentAsync(string framework, string code, string language, CancellationToken ct)
    {
        var revision = await db.TargetTextRevisions.AsNoTracking()
            .Where(r => r.Framework == framework && r.Code == code && r.Language == language)
            .OrderByDescending(r => r.Version).FirstOrDefaultAsync(ct);
        if (revision is not null)
            return new TargetTextVersion(TargetExplanations.ToText(revision, null), revision.Version, revision);
        return new TargetTextVersion(content.Shipped(framework, code, language)?.Text, 0, null);
    }

    /// <summary>Checks the form; the values are the text to save, null when anything is refused.</summary>
    public static (Dictionary<string, string> Errors, TargetTextRevision? Values) Validate(TargetTextForm f, string framework, string code, string language,
        TargetText? current)
    {
        var e = new Dictionary<string, string>();
        var title = language == "en" ? null : Optional(e, "Title", OneLine(f.Title), TargetTextLimits.Title);
        var officer = Required(e, "Officer", Clean(f.Officer), TargetTextLimits.Officer);
        var decisionMaker = Required(e, "DecisionMaker", Clean(f.DecisionMaker), TargetTextLimits.DecisionMaker);
        var citizen = Required(e, "Citizen", Clean(f.Citizen), TargetTextLimits.Citizen);
        if (!e.ContainsKey("Citizen"))
        {
            var score = Readability.Score(citizen, language);
            var level = Readability.EasyLevel(language);
            if (!score.Easy)
                e["Citizen"] = string.Join('|', "TargetEdit.CitizenTooHard", score.Value.ToString(CultureInfo.InvariantCulture), score.Formula,
                    level.Threshold.ToString(CultureInfo.InvariantCulture), level.HigherIsEasier ? "min" : "max");
        }
        var region = ActionLines(e, "Region", f.Region);
        var municipality = ActionLines(e, "Municipality", f.Municipality);
        var deadline = Optional(e, "Deadline", OneLine(f.Deadline), TargetTextLimits.Deadline);
        var figures = Optional(e, "Figures", Clean(f.Figures), TargetTextLimits.Figures);
        var note = Required(e, "Note", Clean(f.Note), TargetTextLimits.Note);
        if (e.Count > 0) return (e, null);

        var values = new TargetTextRevision
        {
            Framework = framework, Code = code, Language = language, Title = title, Officer = officer, DecisionMaker = decisionMaker,
            Citizen = citizen, Region = string.Join('\n', region), Municipality = string.Join('\n', municipality), Deadline = deadline,
            Figures = figures, Note = note,
        };
        if (current is not null && Same(TargetExplanations.ToText(values, null), current, language)) e[""] = "TargetEdit.NothingChanged";
        return (e, e.Count == 0 ? values : null);
    }

    /// <summary>
    /// Saves a checked revision made on <paramref name="seenVersion"/> as the next version, with its audit entry; a conflict
    /// (nothing saved) when a newer version was saved meanwhile, including by an edit racing this one on another node
    /// (the unique version index refuses the second).
    /// </summary>
    public async Task<TargetTextSave> SaveAsync(TargetTextRevision values, int seenVersion, ClaimsPrincipal user, CancellationToken ct)
    {
        if (await NewestVersionAsync(values, ct) != seenVersion) return TargetTextSave.Conflict;
        var now = clock.GetUtcNow().UtcDateTime;
        values.Version = seenVersion + 1;
        values.EditedAt = now;
        values.EditedBy = UserId(user);
        db.TargetTextRevisions.Add(values);
        db.AuditEntries.Add(new AuditEntry
        {
            At = now, UserId = values.EditedBy, Action = "target-text.edited", Subject = $"target/{values.Framework}/{values.Code}",
            Details = $"{values.Language}, version {values.Version}: {values.Note}",
        });
        try
        {
            await db.SaveChangesAsync(ct);
            return TargetTextSave.Saved;
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            if (await NewestVersionAsync(values, ct) > seenVersion) return TargetTextSave.Conflict;
            throw;
        }
    }

    private async Task<int> NewestVersionAsync(TargetTextRevision key, CancellationToken ct) =>
        await db.TargetTextRevisions.Where(r => r.Framework == key.Framework && r.Code == key.Code && r.Language == key.Language)
            .MaxAsync(r => (int?)r.Version, ct) ?? 0;

    /// <summary>A text as named fields in the reader's language, for the word-level comparison of two versions
    /// (<see cref="PracticeHistory.Compare"/>). Actions are one a line.</summary>
    public static List<SnapshotField> Snapshot(TargetText? t, IStringLocalizer text, string language)
    {
        var fields = new List<SnapshotField>();
        if (t is null) return fields;
        void Add(string key, string? value)
        {
            if (!string.IsNullOrWhiteSpace(value)) fields.Add(new SnapshotField(text[key], value));
        }
        if (language != "en") Add("TargetEdit.ShortTitle", t.Title);
        Add("Targets.ForOfficer", t.Officer);
        Add("Targets.ForDecisionMaker", t.DecisionMaker);
        Add("Targets.ForCitizen", t.Citizen);
        Add("Targets.RegionCan", string.Join('\n', t.Region));
        Add("Targets.MunicipalityCan", string.Join('\n', t.Municipality));
        Add("Targets.Deadline", t.Deadline);
        Add("Targets.Figures", t.Figures);
        return fields;
    }

    private static bool Same(TargetText a, TargetText b, string language) =>
        (language == "en" || (a.Title ?? "") == (b.Title ?? "")) && a.Officer == b.Officer && a.DecisionMaker == b.DecisionMaker && a.Citizen == b.Citizen
        && a.Region.SequenceEqual(b.Region) && a.Municipality.SequenceEqual(b.Municipality) && (a.Deadline ?? "") == (b.Deadline ?? "")
        && (a.Figures ?? "") == (b.Figures ?? "");

    private static List<string> ActionLines(Dictionary<string, string> e, string field, string? value)
    {
        var lines = TargetExplanations.Lines(Clean(value));
        if (lines.Length == 0) e[field] = "TargetEdit.ActionRequired";
        else if (lines.Length > TargetTextLimits.ActionCount) e[field] = "TargetEdit.TooManyActions|" + TargetTextLimits.ActionCount.ToString(CultureInfo.InvariantCulture);
        else if (lines.Any(l => l.Length > TargetTextLimits.ActionLine)) e[field] = "TargetEdit.ActionTooLong|" + TargetTextLimits.ActionLine.ToString(CultureInfo.InvariantCulture);
        return lines.ToList();
    }

    private static string Required(Dictionary<string, string> e, string field, string value, int max)
    {
        if (value.Length == 0) e[field] = "Validation.Required";
        else if (value.Length > max) e[field] = "Validation.TooLong|" + max.ToString(CultureInfo.InvariantCulture);
        return value;
    }

    private static string? Optional(Dictionary<string, string> e, string field, string value, int max)
    {
        if (value.Length > max) e[field] = "Validation.TooLong|" + max.ToString(CultureInfo.InvariantCulture);
        return value.Length == 0 ? null : value;
    }

    /// <summary>Trimmed, with line ends as \n and no control characters (PostgreSQL refuses NUL in text).</summary>
    public static string Clean(string? value)
    {
        if (string.IsNullOrEmpty(value)) return "";
        var sb = new StringBuilder(value.Length);
        foreach (var c in value.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n'))
            if (c is '\n' or '\t' || !char.IsControl(c)) sb.Append(c);
        return sb.ToString().Trim();
    }

    private static string OneLine(string? value) => Clean(value).Replace('\n', ' ').Replace('\t', ' ');
}
