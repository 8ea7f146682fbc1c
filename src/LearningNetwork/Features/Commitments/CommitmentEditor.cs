using System.Globalization;
using System.Security.Claims;
using LearningNetwork.Data;
using LearningNetwork.Domain;
using LearningNetwork.Features.Practices;
using LearningNetwork.Infrastructure.Localization;
using Microsoft.EntityFrameworkCore;

namespace LearningNetwork.Features.Commitments;

/// <summary>The commitment form as typed: strings throughout, so that nothing typed is lost when a value is wrong.</summary>
public sealed class CommitmentForm
{
    public string? Partner { get; set; }
    public string? Language { get; set; }
    public string? Title { get; set; }
    public string? Description { get; set; }
    public string? StartDate { get; set; }
    public List<string> Targets { get; set; } = [];
    public List<IndicatorForm> Indicators { get; set; } = [];
}

/// <summary>One indicator row. <see cref="Id"/> is the saved indicator it edits (empty for a new one), so that reports stay with it.</summary>
public sealed class IndicatorForm
{
    public string? Id { get; set; }
    public string? Label { get; set; }
    public string? Unit { get; set; }
    public string? Baseline { get; set; }
    public string? BaselineDate { get; set; }
    public string? Target { get; set; }
    public string? TargetDate { get; set; }
    public bool IsEmpty => string.IsNullOrWhiteSpace(Label) && string.IsNullOrWhiteSpace(Baseline) && string.IsNullOrWhiteSpace(BaselineDate)
                           && string.IsNullOrWhiteSpace(Target) && string.IsNullOrWhiteSpace(TargetDate);
}

/// <summary>A progress report as typed in the form or sent to the API.</summary>
public sealed record ProgressInput(string? Indicator, string? Value, string? Unit, string? Date, string? Note);

/// <summary>The checked values of a commitment form.</summary>
public sealed class CommitmentValues
{
    public int PartnerId { get; set; }
    public string Language { get; set; } = "";
    public string Title { get; set; } = "";
    public string Description { get; set; } = "";
    public DateOnly StartDate { get; set; }
    public List<string> Targets { get; set; } = [];
    public List<IndicatorValues> Indicators { get; set; } = [];
}

public sealed record IndicatorValues(int? Id, string Label, string Unit, double Baseline, DateOnly BaselineDate, double Target, DateOnly TargetDate);

public sealed record ProgressValues(CommitmentIndicator Indicator, double Value, DateOnly Date, string? Note);

/// <summary>Who may do what with a commitment. Checked in the handlers, never only in the view.</summary>
/// <param name="CanEdit">Members of the committing organisation, and network admins.</param>
/// <param name="CanReport">Members of the committing organisation only: progress is the organisation's own word.</param>
public sealed record CommitmentRights(bool CanEdit, bool CanReport);

/// <summary>
/// Validates and saves commitments and their progress reports. Errors are resource keys by field (arguments after '|'),
/// so the pages and the API show them in the reader's language. An edit made on an older version is a conflict, never
/// saved over the newer one. Every saved change writes an audit entry.
/// </summary>
public sealed class CommitmentEditor(LearningNetworkDb db, PracticeEditor practices, TimeProvider clock)
{
    public const int MaxIndicators = 12;
    public const int MaxTargets = 30;

    public static string? UserId(ClaimsPrincipal user) => PracticeEditor.UserId(user);

    /// <summary>The organisations a person may commit for: their own; network admins any (the same rule as for practices).</summary>
    public Task<List<Partner>> WritableOrganisationsAsync(ClaimsPrincipal user, CancellationToken ct) => practices.WritableOrganisationsAsync(user, ct);

    public async Task<CommitmentRights> RightsAsync(ClaimsPrincipal user, Commitment c, CancellationToken ct)
    {
        var userId = UserId(user);
        if (userId is null) return new CommitmentRights(false, false);
        var member = await db.PartnerMembers.AnyAsync(m => m.PartnerId == c.PartnerId && m.UserId == userId, ct);
        return new CommitmentRights(member || user.IsInRole(Roles.NetworkAdmin), member);
    }

    /// <summary>Every framework:code of the policy reference data.</summary>
    public async Task<HashSet<string>> TargetCodesAsync(CancellationToken ct) =>
        (await db.PolicyTargets.AsNoTracking().Select(t => t.FrameworkCode + ":" + t.Code).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);

    /// <summary>Checks a commitment form. <paramref name="saved"/> is the commitment being edited (with its indicators and
    /// their reports), null when creating: an indicator that has reports keeps its unit, is not removed, and its baseline
    /// date and the start date stay on or before its first report.</summary>
    public async Task<(Dictionary<string, string> Errors, CommitmentValues? Values)> ValidateAsync(CommitmentForm f, Commitment? saved,
        IReadOnlyCollection<int> writablePartners, CancellationToken ct)
    {
        var e = new Dictionary<string, string>();
        var v = new CommitmentValues();
        if (saved is null)
        {
            if (!int.TryParse(f.Partner, NumberStyles.None, CultureInfo.InvariantCulture, out var partner) || !writablePartners.Contains(partner))
                e["Partner"] = "Commitment.BadPartner";
            v.PartnerId = partner;
            if (string.IsNullOrEmpty(f.Language) || f.Language.Length > 8 || !await db.Languages.AnyAsync(l => l.Code == f.Language, ct))
                e["Language"] = "Commitment.BadLanguage";
            v.Language = f.Language ?? "";
        }
        else
        {
            v.PartnerId = saved.PartnerId;
            v.Language = saved.Language;
        }

        v.Title = Required(e, "Title", f.Title, 250);
        v.Description = Required(e, "Description", f.Description, 8000);
        var start = DateField(e, "StartDate", f.StartDate);
        if (start is null && !e.ContainsKey("StartDate")) e["StartDate"] = "Validation.Required";
        // A commitment is recorded once it has started: its progress is reported from its start to today, so one starting
        // later could not be reported on at all. A saved start left as it is stays (no edit is refused for it).
        else if (start is { } s0 && s0 > DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime) && s0 != saved?.StartDate)
            e["StartDate"] = "Commitment.StartInFuture";
        v.StartDate = start ?? default;

        var known = await TargetCodesAsync(ct);
        v.Targets = f.Targets.Where(t => !string.IsNullOrEmpty(t)).Distinct(StringComparer.Ordinal).ToList();
        if (v.Targets.Count > MaxTargets || v.Targets.Any(t => t.Length > 64 || !known.Contains(t))) e["Targets"] = "Validation.UnknownChoice";
        else if (v.Targets.Count == 0) e["Targets"] = "Commitment.TargetRequired";

        var existing = saved?.Indicators.ToDictionary(i => i.Id) ?? [];
        var rows = f.Indicators.Take(MaxIndicators + 5).ToList();
        if (rows.Count(r => !r.IsEmpty) > MaxIndicators) e["Indicators"] = "Commitment.TooManyIndicators|" + MaxIndicators.ToString(CultureInfo.InvariantCulture);
        var kept = new HashSet<int>();
        for (var i = 0; i < rows.Count; i++)
        {
            var r = rows[i];
            if (r.IsEmpty) continue;
            var p = $"Indicators[{i}].";
            CommitmentIndicator? before = null;
            if (!string.IsNullOrEmpty(r.Id))
            {
                if (!int.TryParse(r.Id, NumberStyles.None, CultureInfo.InvariantCulture, out var id) || !existing.TryGetValue(id, out before) || !kept.Add(id))
                {
                    e[p + "Label"] = "Validation.UnknownChoice";
                    continue;
                }
            }
            var label = Required(e, p + "Label", r.Label, 250);
            var unit = r.Unit ?? "";
            if (!IndicatorUnits.All.Contains(unit)) e[p + "Unit"] = "Validation.UnknownChoice";
            else if (before is { Reports.Count: > 0 } && before.Unit != unit) e[p + "Unit"] = "Commitment.UnitFixedByReports|" + before.Unit;
            var baseline = Quantity(e, p + "Baseline", r.Baseline, unit);
            var baselineDate = DateField(e, p + "BaselineDate", r.BaselineDate);
            if (baselineDate is null && !e.ContainsKey(p + "BaselineDate")) e[p + "BaselineDate"] = "Validation.Required";
            var target = Quantity(e, p + "Target", r.Target, unit);
            var targetDate = DateField(e, p + "TargetDate", r.TargetDate);
            if (targetDate is null && !e.ContainsKey(p + "TargetDate")) e[p + "TargetDate"] = "Validation.Required";
            if (baseline is { } b && target is { } t && b == t) e[p + "Target"] = "Commitment.TargetEqualsBaseline";
            if (baselineDate is { } bd && targetDate is { } td)
            {
                if (td <= bd) e[p + "TargetDate"] = "Commitment.TargetDateNotAfterBaseline";
                else if (start is { } s && td <= s) e[p + "TargetDate"] = "Commitment.TargetDateNotAfterStart";
            }
            if (before is { Reports.Count: > 0 } && baselineDate is { } bd2 && before.Reports.Min(x => x.Date) is var first && bd2 > first)
                e[p + "BaselineDate"] = "Commitment.BaselineAfterReports|" + Iso(first);
            v.Indicators.Add(new IndicatorValues(before?.Id, label, unit, baseline ?? 0, baselineDate ?? default, target ?? 0, targetDate ?? default));
        }
        foreach (var gone in existing.Values.Where(i => !kept.Contains(i.Id) && i.Reports.Count > 0))
            e["Indicators"] = "Commitment.IndicatorHasReports|" + gone.Label;
        if (v.Indicators.Count == 0 && !e.Keys.Any(k => k.StartsWith("Indicators", StringComparison.Ordinal))) e["Indicators"] = "Commitment.IndicatorRequired";

        if (saved is not null && start is { } st)
        {
            var firstReport = saved.Indicators.SelectMany(i => i.Reports).Select(x => (DateOnly?)x.Date).Min();
            if (firstReport is { } fr && st > fr) e["StartDate"] = "Commitment.StartAfterReports|" + Iso(fr);
        }
        return (e, e.Count == 0 ? v : null);
    }

    public async Task<Commitment> CreateAsync(CommitmentValues v, ClaimsPrincipal user, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var c = new Commitment
        {
            PartnerId = v.PartnerId, Language = v.Language, Title = v.Title, Description = v.Description, CreatedAt = now, CreatedBy = UserId(user),
        };
        Apply(c, v, now);
        // The audit entry names the commitment by its id, which the first save gives: both saves in one transaction.
        // (Or in the caller's transaction: CreateOnce records the form's key in the same one.)
        await using var tx = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        db.Commitments.Add(c);
        await db.SaveChangesAsync(ct);
        Audit(UserId(user), "commitment.created", c.Id, c.Title, now);
        await db.SaveChangesAsync(ct);
        if (tx is not null) await tx.CommitAsync(ct);
        return c;
    }

    /// <summary>Saves an edit made on <paramref name="seenVersion"/>; false (nothing saved) when someone saved a newer version.</summary>
    public async Task<bool> UpdateAsync(Commitment c, Guid seenVersion, CommitmentValues v, ClaimsPrincipal user, CancellationToken ct)
    {
        if (c.Version != seenVersion) return false;
        var now = clock.GetUtcNow().UtcDateTime;
        Apply(c, v, now);
        c.Version = Guid.NewGuid();
        Audit(UserId(user), "commitment.edited", c.Id, null, now);
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateConcurrencyException)
        {
            return false;
        }
    }

    private static void Apply(Commitment c, CommitmentValues v, DateTime now)
    {
        c.Title = v.Title;
        c.Description = v.Description;
        c.StartDate = v.StartDate;
        c.UpdatedAt = now;
        c.Targets.RemoveAll(t => !v.Targets.Contains(t.Code));
        c.Targets.AddRange(v.Targets.Where(code => c.Targets.All(t => t.Code != code)).Select(code => new CommitmentTarget { Code = code }));
        var keep = v.Indicators.Where(i => i.Id is not null).Select(i => i.Id!.Value).ToHashSet();
        c.Indicators.RemoveAll(i => !keep.Contains(i.Id));
        for (var n = 0; n < v.Indicators.Count; n++)
        {
            var x = v.Indicators[n];
            var indicator = x.Id is { } id ? c.Indicators.First(i => i.Id == id) : null;
            if (indicator is null)
            {
                indicator = new CommitmentIndicator { Label = x.Label, Unit = x.Unit };
                c.Indicators.Add(indicator);
            }
            indicator.Position = n;
            indicator.Label = x.Label;
            indicator.Unit = x.Unit;
            indicator.Baseline = x.Baseline;
            indicator.BaselineDate = x.BaselineDate;
            indicator.Target = x.Target;
            indicator.TargetDate = x.TargetDate;
        }
    }

    /// <summary>
    /// Checks a progress report against its commitment: the indicator is one of the commitment's, the value is a number
    /// that fits the unit, the unit (when given, and the API must give it) is the indicator's, and the date is on or after
    /// the commitment's start and the indicator's baseline date and not in the future.
    /// </summary>
    public (Dictionary<string, string> Errors, ProgressValues? Values) ValidateReport(Commitment c, ProgressInput input, bool unitRequired)
    {
        var e = new Dictionary<string, string>();
        CommitmentIndicator? indicator = null;
        if (int.TryParse(input.Indicator, NumberStyles.None, CultureInfo.InvariantCulture, out var id)) indicator = c.Indicators.FirstOrDefault(i => i.Id == id);
        if (indicator is null)
        {
            e["Indicator"] = string.IsNullOrEmpty(input.Indicator) ? "Validation.Required" : "Validation.UnknownChoice";
            return (e, null);
        }
        if (string.IsNullOrWhiteSpace(input.Unit))
        {
            if (unitRequired) e["Unit"] = "Progress.UnitRequired|" + indicator.Unit;
        }
        else if (input.Unit.Trim() != indicator.Unit) e["Unit"] = "Progress.WrongUnit|" + indicator.Unit;
        var value = Quantity(e, "Value", input.Value, indicator.Unit);
        if (value is null && !e.ContainsKey("Value")) e["Value"] = "Validation.Required";
        var date = DateField(e, "Date", input.Date);
        if (date is null && !e.ContainsKey("Date")) e["Date"] = "Validation.Required";
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        if (date is { } d)
        {
            if (d < c.StartDate) e["Date"] = "Progress.BeforeStart|" + Iso(c.StartDate);
            else if (d < indicator.BaselineDate) e["Date"] = "Progress.BeforeBaseline|" + Iso(indicator.BaselineDate);
            else if (d > today) e["Date"] = "Progress.InFuture";
        }
        var note = input.Note?.Trim();
        if (note is { Length: > 2000 }) e["Note"] = "Validation.TooLong|2000";
        return (e, e.Count == 0 ? new ProgressValues(indicator, value!.Value, date!.Value, string.IsNullOrEmpty(note) ? null : note) : null);
    }

    /// <summary>Appends a checked report and its audit entry. <paramref name="reporter"/> is a user id or apikey:{id}.</summary>
    public async Task<ProgressReport> ReportAsync(Commitment c, ProgressValues v, string? reporter, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var report = new ProgressReport { IndicatorId = v.Indicator.Id, Value = v.Value, Date = v.Date, Note = v.Note, ReportedBy = reporter, CreatedAt = now };
        db.ProgressReports.Add(report);
        Audit(reporter is not null && reporter.StartsWith("apikey:", StringComparison.Ordinal) ? null : reporter, "commitment.progress-reported", c.Id,
            $"{v.Indicator.Label}: {v.Value.ToString(CultureInfo.InvariantCulture)} {v.Indicator.Unit} on {Iso(v.Date)}" + (reporter?.StartsWith("apikey:", StringComparison.Ordinal) == true ? $" ({reporter})" : ""), now);
        await db.SaveChangesAsync(ct);
        return report;
    }

    private void Audit(string? userId, string action, int id, string? details, DateTime at) =>
        db.AuditEntries.Add(new AuditEntry { At = at, UserId = userId, Action = action, Subject = $"commitment/{id}", Details = details });

    public static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Required(Dictionary<string, string> e, string field, string? value, int max)
    {
        var v = value?.Trim() ?? "";
        if (v.Length == 0) e[field] = "Validation.Required";
        else if (v.Length > max) e[field] = "Validation.TooLong|" + max.ToString(CultureInfo.InvariantCulture);
        return v;
    }

    private static DateOnly? DateField(Dictionary<string, string> e, string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        if (DateOnly.TryParseExact(value.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) && d.Year is >= 1950 and <= 2100) return d;
        e[field] = "Practice.BadDate";
        return null;
    }

    /// <summary>A quantity in a unit: a number as the reader writes it (ReaderNumbers), never negative, a percentage at most 100.</summary>
    private static double? Quantity(Dictionary<string, string> e, string field, string? value, string unit)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            e[field] = "Validation.Required";
            return null;
        }
        // Read as the page's language writes numbers: "1.240.000" in German or Polish, "1,240,000" in English.
        if (!ReaderNumbers.TryParse(value, CultureInfo.CurrentCulture, out var n) || Math.Abs(n) > 1e12)
        {
            e[field] = "Practice.BadNumber";
            return null;
        }
        if (n < 0) e[field] = "Commitment.Negative";
        else if (unit == "percent" && n > 100) e[field] = "Commitment.PercentOver100";
        return n;
    }
}
