using System.Globalization;
using System.Security.Claims;
using System.Text;
using LearningNetwork.Data;
using LearningNetwork.Domain;
using LearningNetwork.Features.Themes;
using LearningNetwork.Infrastructure.Localization;
using Microsoft.EntityFrameworkCore;

namespace LearningNetwork.Features.Practices;

/// <summary>The practice form as typed: strings throughout, so that nothing typed is lost when a value is wrong.</summary>
public sealed class PracticeForm
{
    public string? Partner { get; set; }
    public string? Language { get; set; }
    public string? Title { get; set; }
    public string? Summary { get; set; }
    public string? Description { get; set; }
    public string? Challenge { get; set; }
    public string? PolicyBackground { get; set; }
    public string? Objectives { get; set; }
    public string? Actions { get; set; }
    public string? HowBlocksFit { get; set; }
    public string? Stakeholders { get; set; }
    public string? Beneficiaries { get; set; }
    public string? CostsBenefits { get; set; }
    public string? CoBenefits { get; set; }
    public string? SuccessFactors { get; set; }
    public string? Difficulties { get; set; }
    public string? Transferability { get; set; }
    public string? Keywords { get; set; }
    public string? Status { get; set; }
    public string? StartDate { get; set; }
    public string? EndDate { get; set; }
    public string? Country { get; set; }
    public string? Nuts { get; set; }
    public string? Lau { get; set; }
    public string? Latitude { get; set; }
    public string? Longitude { get; set; }
    public string? PlaceName { get; set; }
    public string? GovernanceLevel { get; set; }
    public string? Scale { get; set; }
    public string? BudgetEur { get; set; }
    public string? StaffFte { get; set; }
    public string? MonthsToImplement { get; set; }
    public string? ExpectedLifetimeYears { get; set; }
    public string? ReviewBy { get; set; }
    public string? Themes { get; set; }
    /// <summary>The theme text a "did you mean" was shown for (hidden; see <see cref="ThemeNames.SeenSuffix"/>).</summary>
    [System.ComponentModel.DataAnnotations.DisplayFormat(ConvertEmptyStringToNull = false)] // sent empty at first: a person to ask
    public string? ThemesSeen { get; set; }
    public List<string> Bioregions { get; set; } = [];
    public List<string> Habitats { get; set; } = [];
    public List<string> Services { get; set; } = [];
    public List<string> Targets { get; set; } = [];
    public List<string> Funding { get; set; } = [];
    public List<string> Sdgs { get; set; } = [];
    public List<string> Contributors { get; set; } = [];
    public List<BlockForm> Blocks { get; set; } = [];
    public List<ResultForm> Results { get; set; } = [];
}

public sealed class BlockForm
{
    public string? Title { get; set; }
    public string? Description { get; set; }
    public string? EnablingFactors { get; set; }
    public string? LessonsLearned { get; set; }
    public bool IsEmpty => string.IsNullOrWhiteSpace(Title) && string.IsNullOrWhiteSpace(Description)
                           && string.IsNullOrWhiteSpace(EnablingFactors) && string.IsNullOrWhiteSpace(LessonsLearned);
}

public sealed class ResultForm
{
    public string? Label { get; set; }
    public string? Value { get; set; }
    public string? Unit { get; set; }
    public string? Baseline { get; set; }
    public string? Year { get; set; }
    public string? Indicator { get; set; }
    public bool IsEmpty => string.IsNullOrWhiteSpace(Label) && string.IsNullOrWhiteSpace(Value) && string.IsNullOrWhiteSpace(Unit)
                           && string.IsNullOrWhiteSpace(Baseline) && string.IsNullOrWhiteSpace(Year) && string.IsNullOrWhiteSpace(Indicator);
}

/// <summary>Who may do what with a practice. Checked in the handlers, never only in the view.</summary>
public sealed record PracticeRights(bool CanEdit, bool CanModerate)
{
    public bool CanSee(Practice p) => p.Stage is PracticeStage.Published or PracticeStage.Archived || CanEdit || CanModerate;
}

/// <summary>
/// Validates the practice form and applies it: creates a draft, or saves an edit made on the current version
/// (an edit on an older version is a conflict, never saved over the newer one). Moves practices through the
/// workflow. Every saved change appends a revision and an audit entry.
/// </summary>
public sealed class PracticeEditor(LearningNetworkDb db, ThemeNames themes, TimeProvider clock, Moderation.WaitingMail waiting)
{
    public const int MaxBlocks = 12;
    public const int MaxResults = 20;
    private const int LongText = 8000;

    public static string? UserId(ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.NameIdentifier);

    public static bool IsModerator(ClaimsPrincipal user) => user.IsInRole(Roles.Moderator) || user.IsInRole(Roles.NetworkAdmin);

    /// <summary>The organisations a person belongs to (and may write practices for); network admins may write for any.</summary>
    public async Task<List<Partner>> WritableOrganisationsAsync(ClaimsPrincipal user, CancellationToken ct)
    {
        var userId = UserId(user);
        if (userId is null) return [];
        if (user.IsInRole(Roles.NetworkAdmin)) return await db.Partners.AsNoTracking().OrderBy(p => p.Name).ToListAsync(ct);
        var ids = await db.PartnerMembers.Where(m => m.UserId == userId).Select(m => m.PartnerId).ToListAsync(ct);
        return await db.Partners.AsNoTracking().Where(p => ids.Contains(p.Id)).OrderBy(p => p.Name).ToListAsync(ct);
    }

    public async Task<PracticeRights> RightsAsync(ClaimsPrincipal user, Practice p, CancellationToken ct)
    {
        var userId = UserId(user);
        if (userId is null) return new PracticeRights(false, false);
        var member = user.IsInRole(Roles.NetworkAdmin) || await db.PartnerMembers.AnyAsync(m => m.PartnerId == p.PartnerId && m.UserId == userId, ct);
        return new PracticeRights(member, IsModerator(user));
    }

    /// <summary>Errors by field name (resource keys, with arguments after '|'); empty when the form can be saved.</summary>
    public async Task<(Dictionary<string, string> Errors, PracticeValues? Values)> ValidateAsync(PracticeForm f, bool creating,
        IReadOnlyCollection<int> writablePartners, string readerLanguage, CancellationToken ct)
    {
        var e = new Dictionary<string, string>();
        var v = new PracticeValues();

        if (creating)
        {
            if (!int.TryParse(f.Partner, NumberStyles.None, CultureInfo.InvariantCulture, out var partner) || !writablePartners.Contains(partner))
                e["Partner"] = "Practice.BadPartner";
            v.PartnerId = partner;
            if (string.IsNullOrEmpty(f.Language) || !await db.Languages.AnyAsync(l => l.Code == f.Language, ct)) e["Language"] = "Practice.BadLanguage";
            v.Language = f.Language ?? "";
        }

        v.Title = Required(e, "Title", f.Title, 250);
        v.Summary = Required(e, "Summary", f.Summary, 600);
        v.Description = Optional(e, "Description", f.Description, 20000);
        v.Challenge = Required(e, "Challenge", f.Challenge, LongText);
        v.PolicyBackground = Optional(e, "PolicyBackground", f.PolicyBackground, LongText);
        v.Objectives = Optional(e, "Objectives", f.Objectives, LongText);
        v.Actions = Required(e, "Actions", f.Actions, LongText);
        v.HowBlocksFit = Optional(e, "HowBlocksFit", f.HowBlocksFit, LongText);
        v.Stakeholders = Optional(e, "Stakeholders", f.Stakeholders, LongText);
        v.Beneficiaries = Optional(e, "Beneficiaries", f.Beneficiaries, LongText);
        v.CostsBenefits = Optional(e, "CostsBenefits", f.CostsBenefits, LongText);
        v.CoBenefits = Optional(e, "CoBenefits", f.CoBenefits, LongText);
        v.SuccessFactors = Optional(e, "SuccessFactors", f.SuccessFactors, LongText);
        v.Difficulties = Required(e, "Difficulties", f.Difficulties, LongText);
        v.Transferability = Optional(e, "Transferability", f.Transferability, LongText);
        var keywords = PracticeKeywords.Split(f.Keywords?.Replace(',', ';'));
        if (keywords.Count > 30 || keywords.Any(k => k.Length > 60)) e["Keywords"] = "Practice.BadKeywords";
        v.Keywords = PracticeKeywords.Join(keywords);

        v.Status = PracticesApi.ParseCode<PracticeStatus>(f.Status) ?? Fail(e, "Status", "Validation.UnknownChoice", PracticeStatus.Ongoing);
        v.GovernanceLevel = PracticesApi.ParseCode<GovernanceLevel>(f.GovernanceLevel) ?? Fail(e, "GovernanceLevel", "Validation.UnknownChoice", GovernanceLevel.Local);
        v.StartDate = DateField(e, "StartDate", f.StartDate);
        v.EndDate = DateField(e, "EndDate", f.EndDate);
        if (v.StartDate is { } s && v.EndDate is { } en && en < s) e["EndDate"] = "Practice.EndBeforeStart";
        v.ReviewBy = DateField(e, "ReviewBy", f.ReviewBy);
        if (v.ReviewBy is { } rb && (rb.Year < 2000 || rb.Year > 2100)) e["ReviewBy"] = "Practice.BadDate";

        // Location: a country always; a NUTS region inside it; optionally a LAU code and a point.
        var country = string.IsNullOrEmpty(f.Country) ? null : await db.Countries.AsNoTracking().FirstOrDefaultAsync(c => c.Code == f.Country, ct);
        if (country is null) e["Country"] = "Validation.UnknownChoice";
        v.Country = f.Country ?? "";
        var nuts = f.Nuts?.Trim().ToUpperInvariant();
        if (!string.IsNullOrEmpty(nuts))
        {
            var region = nuts.Length <= 8 ? await db.NutsRegions.AsNoTracking().Where(r => r.Code == nuts).Select(r => new { r.CountryCode }).FirstOrDefaultAsync(ct) : null;
            if (region is null) e["Nuts"] = "Membership.NutsUnknown";
            else if (country is not null && region.CountryCode != country.EurostatCode) e["Nuts"] = "Membership.NutsOutsideCountry";
            v.Nuts = nuts;
        }
        var lau = f.Lau?.Trim();
        if (!string.IsNullOrEmpty(lau))
        {
            if (lau.Length > 20 || !lau.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')) e["Lau"] = "Practice.BadLau";
            v.Lau = lau;
        }
        v.Latitude = Number(e, "Latitude", f.Latitude, -90, 90);
        v.Longitude = Number(e, "Longitude", f.Longitude, -180, 180);
        if ((v.Latitude is null) != (v.Longitude is null) && !e.ContainsKey("Latitude") && !e.ContainsKey("Longitude")) e["Latitude"] = "Practice.BothCoordinates";
        v.PlaceName = Optional(e, "PlaceName", f.PlaceName, 200);
        v.Scale = Optional(e, "Scale", f.Scale, 200);
        v.BudgetEur = Number(e, "BudgetEur", f.BudgetEur, 0, 1e12);
        v.StaffFte = Number(e, "StaffFte", f.StaffFte, 0, 100_000);
        v.MonthsToImplement = Whole(e, "MonthsToImplement", f.MonthsToImplement, 0, 1200);
        v.ExpectedLifetimeYears = Whole(e, "ExpectedLifetimeYears", f.ExpectedLifetimeYears, 0, 1000);

        // Classifications: only codes of the reference data.
        var codes = await CodesAsync(ct);
        v.Bioregions = Codes(e, "Bioregions", f.Bioregions, codes.Bioregions.Contains);
        v.Habitats = Codes(e, "Habitats", f.Habitats, codes.Habitats.Contains);
        v.Services = Codes(e, "Services", f.Services, codes.Services.Contains);
        v.Targets = Codes(e, "Targets", f.Targets, codes.Targets.Contains);
        v.Funding = Codes(e, "Funding", f.Funding, FundingSources.All.Contains);
        v.Sdgs = Codes(e, "Sdgs", f.Sdgs, s => int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= 17);
        var contributors = f.Contributors.Where(c => !string.IsNullOrEmpty(c)).Distinct().ToList();
        var contributorIds = contributors.Select(c => int.TryParse(c, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : -1).ToList();
        if (contributorIds.Count > 30 || contributorIds.Contains(-1) || await db.Partners.CountAsync(p => contributorIds.Contains(p.Id), ct) != contributorIds.Count)
            e["Contributors"] = "Validation.UnknownChoice";
        v.Contributors = contributorIds;

        var theme = await themes.FieldAsync(f.Themes, readerLanguage, true, f.ThemesSeen, ct);
        if (!theme.Ok) e["Themes"] = theme.ErrorArg is null ? theme.ErrorKey! : theme.ErrorKey + "|" + theme.ErrorArg;
        else
        {
            // Words the thesaurus cannot map join the practice's keywords (PracticeText.Keywords, searched and shown)
            // instead of being refused.
            var (concepts, unknown) = (theme.Concepts, ThemeNames.Split(theme.Keywords));
            if (unknown.FirstOrDefault(k => k.Length > 60) is { } tooLong) e["Themes"] = "Themes.KeywordTooLong|" + tooLong;
            else if (unknown.Count > 0)
            {
                var merged = PracticeKeywords.Split(v.Keywords).Concat(unknown).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
                if (merged.Count > 30) e["Themes"] = "Practice.BadKeywords";
                else v.Keywords = PracticeKeywords.Join(merged);
            }
            v.Themes = concepts;
        }

        var blocks = f.Blocks.Take(MaxBlocks + 5).ToList();
        if (blocks.Count(b => !b.IsEmpty) > MaxBlocks) e["Blocks"] = "Practice.TooManyBlocks";
        for (var i = 0; i < blocks.Count; i++)
        {
            var b = blocks[i];
            if (b.IsEmpty) continue;
            var p = $"Blocks[{i}].";
            v.Blocks.Add(new BlockValues(i, Required(e, p + "Title", b.Title, 250), Optional(e, p + "Description", b.Description, LongText),
                Optional(e, p + "EnablingFactors", b.EnablingFactors, LongText), Optional(e, p + "LessonsLearned", b.LessonsLearned, LongText)));
        }

        var results = f.Results.Take(MaxResults + 5).ToList();
        if (results.Count(r => !r.IsEmpty) > MaxResults) e["Results"] = "Practice.TooManyResults";
        for (var i = 0; i < results.Count; i++)
        {
            var r = results[i];
            if (r.IsEmpty) continue;
            var p = $"Results[{i}].";
            var label = Required(e, p + "Label", r.Label, 250);
            var value = Number(e, p + "Value", r.Value, -1e15, 1e15);
            if (value is null && !e.ContainsKey(p + "Value")) e[p + "Value"] = "Validation.Required";
            var unit = Required(e, p + "Unit", r.Unit, 40);
            var baseline = Number(e, p + "Baseline", r.Baseline, -1e15, 1e15);
            var year = Whole(e, p + "Year", r.Year, 1900, 2100);
            string? indicator = null;
            if (!string.IsNullOrEmpty(r.Indicator))
            {
                if (ResultIndicators.All.Contains(r.Indicator)) indicator = r.Indicator;
                else e[p + "Indicator"] = "Validation.UnknownChoice";
            }
            v.Results.Add(new ResultValues(label, value ?? 0, unit, baseline, year, indicator));
        }
        if (v.Results.Count == 0 && !e.Keys.Any(k => k.StartsWith("Results", StringComparison.Ordinal))) e["Results"] = "Practice.ResultRequired";

        return (e, e.Count == 0 ? v : null);
    }

    public async Task<PracticeCodes> CodesAsync(CancellationToken ct) => new(
        [],
        (await db.EunisHabitats.AsNoTracking().Select(h => h.Code).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal),
        (await db.CicesCategories.AsNoTracking().Select(c => c.Code).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal),
        (await db.PolicyTargets.AsNoTracking().Select(t => t.FrameworkCode + ":" + t.Code).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal),
        (await db.BiogeographicalRegions.AsNoTracking().Select(r => r.Code).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal));

    /// <summary>Creates a draft from valid values; the person becomes its contact.</summary>
    public async Task<Practice> CreateAsync(PracticeValues v, ClaimsPrincipal user, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var practice = new Practice
        {
            Slug = await UniqueSlugAsync(v.Title, ct), PartnerId = v.PartnerId, OriginalLanguage = v.Language, CountryCode = v.Country,
            Stage = PracticeStage.Draft, CreatedAt = now, UpdatedAt = now, CreatedBy = UserId(user), ContactUserId = UserId(user),
        };
        Apply(practice, v, now);
        db.Practices.Add(practice);
        PracticeHistory.Record(db, practice, "created", UserId(user), now, number: 1);
        Audit(user, "practice.created", practice, v.Title, now);
        await db.SaveChangesAsync(ct);
        return practice;
    }

    /// <summary>Saves an edit of the original-language text and the facts. False when the practice changed meanwhile.</summary>
    public async Task<bool> UpdateAsync(Practice practice, Guid editedVersion, PracticeValues v, ClaimsPrincipal user, CancellationToken ct)
    {
        if (practice.Version != editedVersion) return false;
        var now = clock.GetUtcNow().UtcDateTime;
        Apply(practice, v, now);
        // A published practice that its owners edit stays published: the history shows what changed, and moderators see it there.
        practice.Version = Guid.NewGuid();
        PracticeHistory.Record(db, practice, "edited", UserId(user), now, number: await PracticeHistory.NextNumberAsync(db, practice.Id, ct));
        Audit(user, "practice.edited", practice, null, now);
        return await SaveAsync(ct);
    }

    /// <summary>Moves a practice one step of the workflow, if the person may and the step exists from where it is.</summary>
    public async Task<WorkflowOutcome> MoveAsync(Practice practice, Guid seenVersion, WorkflowStep step, string? note, PracticeRights rights,
        ClaimsPrincipal user, CancellationToken ct)
    {
        // Who may take the step at all comes first, so that nobody without the right learns anything from a conflict; then
        // the version (someone else moved it meanwhile); then whether the step fits the stage the practice is in.
        var permitted = step switch
        {
            WorkflowStep.Submit or WorkflowStep.Withdraw or WorkflowStep.MarkReviewed => rights.CanEdit,
            WorkflowStep.Validate or WorkflowStep.Return => rights.CanModerate,
            WorkflowStep.Publish or WorkflowStep.Archive or WorkflowStep.Republish => rights.CanModerate || rights.CanEdit,
            _ => false,
        };
        if (!permitted) return WorkflowOutcome.NotAllowed;
        if (practice.Version != seenVersion) return WorkflowOutcome.Conflict;
        var allowed = step switch
        {
            WorkflowStep.Submit => rights.CanEdit && practice.Stage == PracticeStage.Draft,
            WorkflowStep.Withdraw => rights.CanEdit && practice.Stage is PracticeStage.Submitted or PracticeStage.Validated,
            WorkflowStep.Validate => rights.CanModerate && practice.Stage == PracticeStage.Submitted,
            WorkflowStep.Return => rights.CanModerate && practice.Stage is PracticeStage.Submitted or PracticeStage.Validated,
            WorkflowStep.Publish => (rights.CanModerate || rights.CanEdit) && practice.Stage == PracticeStage.Validated,
            WorkflowStep.Archive => (rights.CanModerate || rights.CanEdit) && practice.Stage == PracticeStage.Published,
            WorkflowStep.Republish => (rights.CanModerate || rights.CanEdit) && practice.Stage == PracticeStage.Archived,
            WorkflowStep.MarkReviewed => rights.CanEdit && practice.Stage == PracticeStage.Published,
            _ => false,
        };
        if (!allowed) return WorkflowOutcome.NotAllowed;
        note = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        if (note is { Length: > 2000 }) return WorkflowOutcome.NoteTooLong;
        if (step is WorkflowStep.Validate or WorkflowStep.Return && note is null) return WorkflowOutcome.NoteRequired;

        var now = clock.GetUtcNow().UtcDateTime;
        var today = DateOnly.FromDateTime(now);
        switch (step)
        {
            case WorkflowStep.Submit: practice.Stage = PracticeStage.Submitted; break;
            case WorkflowStep.Withdraw: practice.Stage = PracticeStage.Draft; break;
            case WorkflowStep.Validate:
                practice.Stage = PracticeStage.Validated;
                practice.ValidatedAt = now;
                practice.ValidatedBy = UserId(user);
                practice.ValidationNote = note;
                break;
            case WorkflowStep.Return:
                practice.Stage = PracticeStage.Draft;
                practice.ValidationNote = note;
                break;
            case WorkflowStep.Publish:
            case WorkflowStep.Republish:
                practice.Stage = PracticeStage.Published;
                practice.PublishedAt ??= now;
                practice.LastReviewedAt = now;
                if (practice.ReviewBy is null || practice.ReviewBy <= today) practice.ReviewBy = today.AddYears(1);
                break;
            case WorkflowStep.Archive: practice.Stage = PracticeStage.Archived; break;
            case WorkflowStep.MarkReviewed:
                practice.LastReviewedAt = now;
                practice.ReviewBy = today.AddYears(1);
                practice.ReminderSentAt = null;
                break;
        }
        practice.UpdatedAt = now;
        practice.Version = Guid.NewGuid();
        var action = PracticesApi.Code(step);
        PracticeHistory.Record(db, practice, action, UserId(user), now, note, await PracticeHistory.NextNumberAsync(db, practice.Id, ct));
        Audit(user, "practice." + action, practice, note, now);
        if (!await SaveAsync(ct)) return WorkflowOutcome.Conflict;
        // Nobody has to watch a queue: moderators hear of a practice that waits for them, its author of where it went.
        if (step is WorkflowStep.Submit or WorkflowStep.Publish or WorkflowStep.Return)
        {
            var title = await db.PracticeTexts.AsNoTracking().Where(t => t.PracticeId == practice.Id && t.Language == practice.OriginalLanguage)
                .Select(t => t.Title).FirstOrDefaultAsync(ct) ?? practice.Slug;
            if (step == WorkflowStep.Submit) await waiting.PracticeWaitsAsync(title, practice.Slug, ct);
            else await waiting.TellAuthorAsync(practice.CreatedBy, UserId(user), title, practice.Slug, step == WorkflowStep.Publish, note, ct);
        }
        return WorkflowOutcome.Done;
    }

    private async Task<bool> SaveAsync(CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateConcurrencyException)
        {
            return false; // someone saved between our read and our write
        }
        catch (DbUpdateException) when (db.ChangeTracker.Entries<PracticeRevision>().Any(x => x.State == EntityState.Added))
        {
            return false; // two saves took the same revision number: the later one is a conflict
        }
    }

    private void Audit(ClaimsPrincipal user, string action, Practice p, string? details, DateTime at) =>
        db.AuditEntries.Add(new AuditEntry { At = at, UserId = UserId(user), Action = action, Subject = $"practice/{p.Slug}", Details = details });

    /// <summary>Applies typed values to an unsaved copy, to show them beside the saved version on a conflict.</summary>
    public static void ApplyForPreview(Practice copy, PracticeValues v) => Apply(copy, v, DateTime.UtcNow);

    private static void Apply(Practice p, PracticeValues v, DateTime now)
    {
        p.Status = v.Status;
        p.StartDate = v.StartDate;
        p.EndDate = v.EndDate;
        p.CountryCode = v.Country;
        p.NutsCode = v.Nuts;
        p.LauCode = v.Lau;
        p.Latitude = v.Latitude;
        p.Longitude = v.Longitude;
        p.PlaceName = v.PlaceName;
        p.GovernanceLevel = v.GovernanceLevel;
        p.Scale = v.Scale;
        p.BudgetEur = v.BudgetEur;
        p.StaffFte = v.StaffFte;
        p.MonthsToImplement = v.MonthsToImplement;
        p.ExpectedLifetimeYears = v.ExpectedLifetimeYears;
        p.ReviewBy = v.ReviewBy;
        p.UpdatedAt = now;

        var text = p.Texts.FirstOrDefault(t => t.Language == p.OriginalLanguage);
        if (text is null)
        {
            text = new PracticeText { Language = p.OriginalLanguage, Origin = TextOrigin.Human, Reviewed = true, Title = v.Title, Summary = v.Summary };
            p.Texts.Add(text);
        }
        text.Title = v.Title;
        text.Summary = v.Summary;
        text.Description = v.Description;
        text.Challenge = v.Challenge;
        text.PolicyBackground = v.PolicyBackground;
        text.Objectives = v.Objectives;
        text.Actions = v.Actions;
        text.HowBlocksFit = v.HowBlocksFit;
        text.Stakeholders = v.Stakeholders;
        text.Beneficiaries = v.Beneficiaries;
        text.CostsBenefits = v.CostsBenefits;
        text.CoBenefits = v.CoBenefits;
        text.SuccessFactors = v.SuccessFactors;
        text.Difficulties = v.Difficulties;
        text.Transferability = v.Transferability;
        text.Keywords = v.Keywords;
        text.UpdatedAt = now;

        var tags = new List<PracticeTag>();
        void Tag(string scheme, IEnumerable<string> codes) => tags.AddRange(codes.Select(c => new PracticeTag { Scheme = scheme, Code = c }));
        Tag(PracticeTagSchemes.Theme, v.Themes.Select(t => t.ToString(CultureInfo.InvariantCulture)));
        Tag(PracticeTagSchemes.Habitat, v.Habitats);
        Tag(PracticeTagSchemes.Service, v.Services);
        Tag(PracticeTagSchemes.Target, v.Targets);
        Tag(PracticeTagSchemes.Bioregion, v.Bioregions);
        Tag(PracticeTagSchemes.Funding, v.Funding);
        Tag(PracticeTagSchemes.Sdg, v.Sdgs);
        p.Tags.RemoveAll(t => !tags.Any(n => n.Scheme == t.Scheme && n.Code == t.Code));
        p.Tags.AddRange(tags.Where(n => !p.Tags.Any(t => t.Scheme == n.Scheme && t.Code == n.Code)));

        p.Contributors.RemoveAll(c => !v.Contributors.Contains(c.PartnerId));
        p.Contributors.AddRange(v.Contributors.Where(id => id != p.PartnerId && p.Contributors.All(c => c.PartnerId != id))
            .Select(id => new PracticeContributor { PartnerId = id }));

        // Blocks keep their identity by position, so that transfers naming a block keep pointing at it; the
        // translations of a block stay with it.
        var existing = p.Blocks.OrderBy(b => b.Position).ToList();
        for (var i = 0; i < v.Blocks.Count; i++)
        {
            var values = v.Blocks[i];
            var block = i < existing.Count ? existing[i] : null;
            if (block is null)
            {
                block = new BuildingBlock();
                p.Blocks.Add(block);
            }
            block.Position = i;
            var bt = block.Texts.FirstOrDefault(t => t.Language == p.OriginalLanguage);
            if (bt is null)
            {
                bt = new BuildingBlockText { Language = p.OriginalLanguage, Title = values.Title };
                block.Texts.Add(bt);
            }
            bt.Title = values.Title;
            bt.Description = values.Description;
            bt.EnablingFactors = values.EnablingFactors;
            bt.LessonsLearned = values.LessonsLearned;
        }
        foreach (var gone in existing.Skip(v.Blocks.Count)) p.Blocks.Remove(gone);

        p.Results.Clear();
        p.Results.AddRange(v.Results.Select((r, i) => new PracticeResult
        {
            Position = i, Label = r.Label, Value = r.Value, Unit = r.Unit, Baseline = r.Baseline, Year = r.Year, Indicator = r.Indicator,
        }));
    }

    /// <summary>A URL-safe slug from the title (accents folded, other scripts kept out), unique among practices.</summary>
    public async Task<string> UniqueSlugAsync(string title, CancellationToken ct)
    {
        var slug = Infrastructure.Slugs.From(title);
        if (slug is "new" or "review") slug = "practice-" + slug;
        var candidate = slug;
        for (var n = 2; await db.Practices.AnyAsync(p => p.Slug == candidate, ct); n++) candidate = $"{slug}-{n}";
        return candidate;
    }

    private static string Required(Dictionary<string, string> e, string field, string? value, int max)
    {
        var v = value?.Trim() ?? "";
        if (v.Length == 0) e[field] = "Validation.Required";
        else if (v.Length > max) e[field] = "Validation.TooLong|" + max.ToString(CultureInfo.InvariantCulture);
        return v;
    }

    private static string? Optional(Dictionary<string, string> e, string field, string? value, int max)
    {
        var v = value?.Trim();
        if (string.IsNullOrEmpty(v)) return null;
        if (v.Length > max) e[field] = "Validation.TooLong|" + max.ToString(CultureInfo.InvariantCulture);
        return v;
    }

    private static T Fail<T>(Dictionary<string, string> e, string field, string key, T fallback)
    {
        e[field] = key;
        return fallback;
    }

    private static DateOnly? DateField(Dictionary<string, string> e, string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        if (DateOnly.TryParseExact(value.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) && d.Year is >= 1900 and <= 2100) return d;
        e[field] = "Practice.BadDate";
        return null;
    }

    private static double? Number(Dictionary<string, string> e, string field, string? value, double min, double max)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        // Amounts are read as the page's language writes them ("1.240.000" in German); coordinates never group thousands.
        var culture = field is "Latitude" or "Longitude" ? null : CultureInfo.CurrentCulture;
        if (ReaderNumbers.TryParse(value, culture, out var n) && n >= min && n <= max) return n;
        e[field] = "Practice.BadNumber";
        return null;
    }

    private static int? Whole(Dictionary<string, string> e, string field, string? value, int min, int max)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        if (ReaderNumbers.TryParseWhole(value, CultureInfo.CurrentCulture, min, max, out var n)) return (int)n;
        e[field] = "Practice.BadWholeNumber|" + min.ToString(CultureInfo.InvariantCulture) + "|" + max.ToString(CultureInfo.InvariantCulture);
        return null;
    }

    private static List<string> Codes(Dictionary<string, string> e, string field, List<string> values, Func<string, bool> known)
    {
        var list = values.Where(x => !string.IsNullOrEmpty(x)).Distinct(StringComparer.Ordinal).ToList();
        if (list.Count > 60 || list.Any(x => x.Length > 64 || !known(x))) e[field] = "Validation.UnknownChoice";
        return list;
    }
}

public enum WorkflowStep { Submit, Withdraw, Validate, Return, Publish, Archive, Republish, MarkReviewed }

public enum WorkflowOutcome { Done, NotAllowed, Conflict, NoteRequired, NoteTooLong }

/// <summary>The checked values of a practice form.</summary>
public sealed class PracticeValues
{
    public int PartnerId { get; set; }
    public string Language { get; set; } = "";
    public string Title { get; set; } = "";
    public string Summary { get; set; } = "";
    public string? Description { get; set; }
    public string Challenge { get; set; } = "";
    public string? PolicyBackground { get; set; }
    public string? Objectives { get; set; }
    public string Actions { get; set; } = "";
    public string? HowBlocksFit { get; set; }
    public string? Stakeholders { get; set; }
    public string? Beneficiaries { get; set; }
    public string? CostsBenefits { get; set; }
    public string? CoBenefits { get; set; }
    public string? SuccessFactors { get; set; }
    public string Difficulties { get; set; } = "";
    public string? Transferability { get; set; }
    public string? Keywords { get; set; }
    public PracticeStatus Status { get; set; }
    public GovernanceLevel GovernanceLevel { get; set; }
    public DateOnly? StartDate { get; set; }
    public DateOnly? EndDate { get; set; }
    public DateOnly? ReviewBy { get; set; }
    public string Country { get; set; } = "";
    public string? Nuts { get; set; }
    public string? Lau { get; set; }
    public double? Latitude { get; set; }
    public double? Longitude { get; set; }
    public string? PlaceName { get; set; }
    public string? Scale { get; set; }
    public double? BudgetEur { get; set; }
    public double? StaffFte { get; set; }
    public int? MonthsToImplement { get; set; }
    public int? ExpectedLifetimeYears { get; set; }
    public List<string> Bioregions { get; set; } = [];
    public List<string> Habitats { get; set; } = [];
    public List<string> Services { get; set; } = [];
    public List<string> Targets { get; set; } = [];
    public List<string> Funding { get; set; } = [];
    public List<string> Sdgs { get; set; } = [];
    public List<int> Contributors { get; set; } = [];
    public List<int> Themes { get; set; } = [];
    public List<BlockValues> Blocks { get; set; } = [];
    public List<ResultValues> Results { get; set; } = [];
}

public sealed record BlockValues(int Index, string Title, string? Description, string? EnablingFactors, string? LessonsLearned);

public sealed record ResultValues(string Label, double Value, string Unit, double? Baseline, int? Year, string? Indicator);
