using System.Globalization;
using System.Text.Json;
using LearningNetwork.Data;
using LearningNetwork.Domain;
using Microsoft.EntityFrameworkCore;

namespace LearningNetwork.Features.Practices;

/// <summary>One named field of a practice at one revision, such as "Title (de)" or "Result 2".</summary>
public sealed record SnapshotField(string Name, string Value);

public enum DiffKind { Same, Added, Removed }

public sealed record DiffSpan(DiffKind Kind, string Text);

/// <summary>A field that differs between two revisions, with a word-level comparison of its values.</summary>
public sealed record FieldDiff(string Name, string? Before, string? After, IReadOnlyList<DiffSpan> Spans);

/// <summary>What the _FieldDiffs partial draws: the differences, the id of the heading that names the table, and an extra
/// class (diff-lines keeps line breaks, for texts written one item a line).</summary>
public sealed record FieldDiffTable(IReadOnlyList<FieldDiff> Differences, string LabelledBy, string? CssClass = null);

/// <summary>
/// The history of a practice: every saved change appends a <see cref="PracticeRevision"/> holding the whole practice
/// as a flat list of named fields (JSON), so that any two revisions can be compared field by field, and no later
/// change to the model can make an old revision unreadable.
/// </summary>
public static class PracticeHistory
{
    public static void Record(LearningNetworkDb db, Practice practice, string action, string? userId, DateTime at, string? note = null, int? number = null)
    {
        db.PracticeRevisions.Add(new PracticeRevision
        {
            Practice = practice, Number = number ?? 0, At = at, UserId = userId, Action = action, Note = note,
            Snapshot = JsonSerializer.Serialize(Flatten(practice)),
        });
    }

    /// <summary>The next revision number of a saved practice.</summary>
    public static async Task<int> NextNumberAsync(LearningNetworkDb db, int practiceId, CancellationToken ct) =>
        (await db.PracticeRevisions.Where(r => r.PracticeId == practiceId).MaxAsync(r => (int?)r.Number, ct) ?? 0) + 1;

    public static IReadOnlyList<SnapshotField> Read(string snapshot) =>
        JsonSerializer.Deserialize<List<SnapshotField>>(snapshot) ?? [];

    public static List<SnapshotField> Flatten(Practice p)
    {
        var inv = CultureInfo.InvariantCulture;
        var f = new List<SnapshotField>();
        void Add(string name, object? value)
        {
            var text = value switch
            {
                null => null,
                DateOnly d => d.ToString("yyyy-MM-dd", inv),
                double d => d.ToString(inv),
                IFormattable x => x.ToString(null, inv),
                _ => value.ToString(),
            };
            if (!string.IsNullOrEmpty(text)) f.Add(new SnapshotField(name, text));
        }
        Add("Stage", p.Stage);
        Add("Status", p.Status);
        Add("Original language", p.OriginalLanguage);
        Add("Start", p.StartDate);
        Add("End", p.EndDate);
        Add("Country", p.CountryCode);
        Add("NUTS", p.NutsCode);
        Add("LAU", p.LauCode);
        Add("Point", p.Latitude is { } lat && p.Longitude is { } lon ? $"{lat.ToString(inv)}, {lon.ToString(inv)}" : null);
        Add("Place", p.PlaceName);
        Add("Governance level", p.GovernanceLevel);
        Add("Scale", p.Scale);
        Add("Budget (EUR)", p.BudgetEur);
        Add("Staff (FTE)", p.StaffFte);
        Add("Months to implement", p.MonthsToImplement);
        Add("Expected lifetime (years)", p.ExpectedLifetimeYears);
        Add("Review by", p.ReviewBy);
        Add("Contributors", p.Contributors.Count == 0 ? null : string.Join(", ", p.Contributors.Select(c => c.PartnerId).Order()));
        foreach (var g in p.Tags.GroupBy(t => t.Scheme).OrderBy(g => g.Key, StringComparer.Ordinal))
            Add("Tags: " + g.Key, string.Join(", ", g.Select(t => t.Code).Order(StringComparer.Ordinal)));
        foreach (var t in p.Texts.OrderBy(t => t.Language == p.OriginalLanguage ? 0 : 1).ThenBy(t => t.Language, StringComparer.Ordinal))
        {
            var l = t.Language;
            Add($"Text ({l})", $"{t.Origin}, {(t.Reviewed ? "reviewed" : "not reviewed")}");
            Add($"Title ({l})", t.Title);
            Add($"Summary ({l})", t.Summary);
            Add($"Description ({l})", t.Description);
            Add($"Challenge ({l})", t.Challenge);
            Add($"Policy background ({l})", t.PolicyBackground);
            Add($"Objectives ({l})", t.Objectives);
            Add($"Actions ({l})", t.Actions);
            Add($"How the blocks fit ({l})", t.HowBlocksFit);
            Add($"Stakeholders ({l})", t.Stakeholders);
            Add($"Beneficiaries ({l})", t.Beneficiaries);
            Add($"Costs and benefits ({l})", t.CostsBenefits);
            Add($"Co-benefits ({l})", t.CoBenefits);
            Add($"Success factors ({l})", t.SuccessFactors);
            Add($"Difficulties and failures ({l})", t.Difficulties);
            Add($"Transferability ({l})", t.Transferability);
            Add($"Keywords ({l})", t.Keywords);
        }
        foreach (var (b, i) in p.Blocks.OrderBy(b => b.Position).Select((b, i) => (b, i + 1)))
            foreach (var t in b.Texts.OrderBy(t => t.Language, StringComparer.Ordinal))
            {
                Add($"Block {i} title ({t.Language})", t.Title);
                Add($"Block {i} description ({t.Language})", t.Description);
                Add($"Block {i} enabling factors ({t.Language})", t.EnablingFactors);
                Add($"Block {i} lessons learned ({t.Language})", t.LessonsLearned);
            }
        foreach (var (r, i) in p.Results.OrderBy(r => r.Position).Select((r, i) => (r, i + 1)))
            Add($"Result {i}", $"{r.Label}: {r.Value.ToString(inv)} {r.Unit}" + (r.Baseline is { } b ? $" (baseline {b.ToString(inv)})" : "")
                + (r.Year is { } y ? $" in {y}" : "") + (r.Indicator is { } ind ? $" [{ind}]" : ""));
        foreach (var a in p.Attachments.OrderBy(a => a.CreatedAt))
            Add($"Attachment {a.Id:N}", $"{a.FileName} ({a.ContentType}, {a.SizeBytes} bytes)" + (a.Credit is null ? "" : $" © {a.Credit}"));
        return f;
    }

    /// <summary>The fields that differ between two revisions, in the order of the newer one (removed fields last).</summary>
    public static IReadOnlyList<FieldDiff> Compare(IReadOnlyList<SnapshotField> before, IReadOnlyList<SnapshotField> after)
    {
        var old = before.GroupBy(x => x.Name).ToDictionary(g => g.Key, g => g.First().Value);
        var @new = after.GroupBy(x => x.Name).ToDictionary(g => g.Key, g => g.First().Value);
        var diffs = new List<FieldDiff>();
        foreach (var (name, value) in @new)
        {
            old.TryGetValue(name, out var was);
            if (was == value) continue;
            diffs.Add(new FieldDiff(name, was, value, Words(was ?? "", value)));
        }
        foreach (var (name, was) in old)
            if (!@new.ContainsKey(name)) diffs.Add(new FieldDiff(name, was, null, [new DiffSpan(DiffKind.Removed, was)]));
        return diffs;
    }

    /// <summary>A word-level longest-common-subsequence comparison; very long texts fall back to replace-all.</summary>
    internal static IReadOnlyList<DiffSpan> Words(string before, string after)
    {
        var a = Tokens(before);
        var b = Tokens(after);
        if ((long)a.Length * b.Length > 4_000_000)
            return [new DiffSpan(DiffKind.Removed, before), new DiffSpan(DiffKind.Added, after)];
        var lcs = new int[a.Length + 1, b.Length + 1];
        for (var i = a.Length - 1; i >= 0; i--)
            for (var j = b.Length - 1; j >= 0; j--)
                lcs[i, j] = a[i] == b[j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
        var spans = new List<DiffSpan>();
        void Push(DiffKind kind, string token)
        {
            if (spans.Count > 0 && spans[^1].Kind == kind) spans[^1] = spans[^1] with { Text = spans[^1].Text + token };
            else spans.Add(new DiffSpan(kind, token));
        }
        int x = 0, y = 0;
        while (x < a.Length && y < b.Length)
        {
            if (a[x] == b[y]) { Push(DiffKind.Same, a[x]); x++; y++; }
            else if (lcs[x + 1, y] >= lcs[x, y + 1]) Push(DiffKind.Removed, a[x++]);
            else Push(DiffKind.Added, b[y++]);
        }
        while (x < a.Length) Push(DiffKind.Removed, a[x++]);
        while (y < b.Length) Push(DiffKind.Added, b[y++]);
        return spans;
    }

    /// <summary>Words with the whitespace that follows them, so that joining the tokens gives the text back.</summary>
    private static string[] Tokens(string text)
    {
        var tokens = new List<string>();
        var start = 0;
        for (var i = 1; i <= text.Length; i++)
            if (i == text.Length || (char.IsWhiteSpace(text[i - 1]) && !char.IsWhiteSpace(text[i])))
            {
                tokens.Add(text[start..i]);
                start = i;
            }
        return tokens.ToArray();
    }
}
