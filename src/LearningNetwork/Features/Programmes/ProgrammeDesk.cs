using System.Globalization;
using System.Security.Claims;
using LearningNetwork.Data;
using LearningNetwork.Domain;
using LearningNetwork.Features.Marketplace;
using LearningNetwork.Features.Practices;
using LearningNetwork.Features.Themes;
using LearningNetwork.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace LearningNetwork.Features.Programmes;

/// <summary><c>Programmes:*</c> options.</summary>
public sealed class ProgrammeOptions
{
    public const string Section = "Programmes";

    /// <summary>How many peers the matcher suggests to coordinators.</summary>
    public int Suggestions { get; set; } = 8;
    /// <summary>How often a node looks for follow-ups that are due; zero turns the reminder job off.</summary>
    public TimeSpan ReminderInterval { get; set; } = TimeSpan.FromHours(1);
}

/// <summary>The application form, as typed: strings until validated, so nothing typed is lost.</summary>
public sealed class ApplyForm
{
    public string? Partner { get; set; }
    public string? Kind { get; set; }
    public string? Title { get; set; }
    public string? Description { get; set; }
    public string? Subject { get; set; }
    public string? Focus { get; set; }
    public string? Language { get; set; }
    public string? Themes { get; set; }
    /// <summary>The theme text a "did you mean" was shown for (hidden; see <see cref="ThemeNames.SeenSuffix"/>).</summary>
    [System.ComponentModel.DataAnnotations.DisplayFormat(ConvertEmptyStringToNull = false)] // sent empty at first: a person to ask
    public string? ThemesSeen { get; set; }
    public List<string> Targets { get; set; } = [];
    public string? SecondPartner { get; set; }
    public string? StartsOn { get; set; }
    public string? EndsOn { get; set; }
    /// <summary>The slug of the closed marketplace request the programme grows out of.</summary>
    public string? Request { get; set; }
}

public sealed record ApplyValues(int PartnerId, ProgrammeKind Kind, string Title, string Description, ReviewSubject? Subject, string Focus, string Language,
    List<int> Themes, List<string> Targets, int? SecondPartnerId, DateOnly? StartsOn, DateOnly? EndsOn, int? SourceRequestId)
{
    /// <summary>The themes no concept was found for, kept as free keywords ('; '-joined), or null.</summary>
    public string? Keywords { get; init; }
}

/// <summary>What a person may do with a programme. Applicant: a member of the applying partner (it answers the follow-ups and
/// marks recommendations). Participant: a member of the applying, second or a peer partner (agenda, milestones). Reporter:
/// a member of a peer partner (peer reviews) or of the second partner (others). Coordinators (moderators and network
/// admins) decide on applications and may do what participants do; network admins count as members of every partner.</summary>
public sealed record ProgrammeRights(bool IsCoordinator, bool IsApplicant, bool IsParticipant, bool IsReporter)
{
    public bool CanDecide => IsCoordinator;
    public bool CanPlan => IsCoordinator || IsParticipant;
    public bool CanReport => IsCoordinator || IsReporter;
}

public enum ProgrammeOutcome { Done, NotAllowed, Invalid, Conflict }

/// <summary>A suggested peer: the partner, the matcher's score and reasons (codes, worded by <see cref="MatchExplainer"/>).</summary>
public sealed record PeerSuggestion(int PartnerId, double Score, IReadOnlyList<MatchReason> Reasons);

/// <summary>
/// Validates and applies every change of a programme, for every page and handler alike: apply, decide (accept with peers or
/// decline), agenda, milestones, report with recommendations, follow-up answers, recommendations taken up. Rights are checked
/// here (<see cref="ProgrammeRights"/>), whatever the page showed; a stage change or edit made on an older <c>Version</c> is a
/// conflict; a step the stage does not allow is invalid. Every step is an audit entry (<c>programme.*</c>, subject
/// <c>programme/{slug}</c>).
/// </summary>
public sealed class ProgrammeDesk(LearningNetworkDb db, ThemeNames themes, PracticeEditor practices, Matchmaker matchmaker, TimeProvider clock,
    IOptions<ProgrammeOptions> options, IStringLocalizer<SharedResource> text)
{
    public const int MaxTitle = 200, MinDescription = 20, MaxDescription = 8000, MinFocus = 10, MaxFocus = 4000, MaxTargets = 20, MaxAgenda = 8000,
        MaxNote = 2000, MinReport = 20, MaxReport = 20000, MaxRecommendations = 30, MaxRecommendation = 2000, MinAnswer = 20, MaxAnswer = 8000, MaxMilestone = 300,
        MaxMilestones = 40, MaxPeers = 8;

    /// <summary>The follow-ups every report starts: months after it.</summary>
    public static readonly IReadOnlyList<int> FollowUpMonths = [6, 12];

    public Task<List<Partner>> OrganisationsAsync(ClaimsPrincipal user, CancellationToken ct) => practices.WritableOrganisationsAsync(user, ct);

    public async Task<ProgrammeRights> RightsAsync(ClaimsPrincipal user, Programme p, CancellationToken ct)
    {
        var userId = PracticeEditor.UserId(user);
        if (userId is null) return new ProgrammeRights(false, false, false, false);
        var coordinator = PracticeEditor.IsModerator(user);
        var admin = user.IsInRole(Roles.NetworkAdmin);
        var peers = await db.ProgrammePeers.AsNoTracking().Where(x => x.ProgrammeId == p.Id).Select(x => x.PartnerId).ToListAsync(ct);
        var mine = (await db.PartnerMembers.AsNoTracking().Where(m => m.UserId == userId).Select(m => m.PartnerId).ToListAsync(ct)).ToHashSet();
        bool Member(int? partnerId) => partnerId is { } id && (admin || mine.Contains(id));
        var applicant = Member(p.PartnerId);
        var reporter = p.Kind == ProgrammeKind.PeerReview ? peers.Any(x => Member(x)) : Member(p.SecondPartnerId);
        return new ProgrammeRights(coordinator, applicant, applicant || Member(p.SecondPartnerId) || peers.Any(x => Member(x)), reporter);
    }

    /// <summary>Checks the application; errors are messages in the reader's language, by field name.</summary>
    public async Task<(ApplyValues? Values, Dictionary<string, string> Errors)> ValidateAsync(ApplyForm f, IReadOnlyCollection<int> writable, string reader, CancellationToken ct)
    {
        var e = new Dictionary<string, string>();
        var inv = CultureInfo.InvariantCulture;
        if (!int.TryParse(f.Partner, NumberStyles.None, inv, out var partnerId) || !writable.Contains(partnerId)) e["Partner"] = text["Practice.BadPartner"];
        var kind = Codes.Parse<ProgrammeKind>(f.Kind);
        if (kind is null) e["Kind"] = text["Validation.UnknownChoice"];
        var title = Clean(f.Title);
        if (title.Length == 0) e["Title"] = text["Validation.Required"];
        else if (title.Length > MaxTitle) e["Title"] = text["Validation.TooLong", MaxTitle];
        var description = Clean(f.Description);
        if (description.Length < MinDescription) e["Description"] = text["Market.DescriptionTooShort", MinDescription];
        else if (description.Length > MaxDescription) e["Description"] = text["Validation.TooLong", MaxDescription];
        var focus = Clean(f.Focus);
        if (focus.Length < MinFocus) e["Focus"] = text["Market.DescriptionTooShort", MinFocus];
        else if (focus.Length > MaxFocus) e["Focus"] = text["Validation.TooLong", MaxFocus];
        ReviewSubject? subject = null;
        if (kind == ProgrammeKind.PeerReview && (subject = Codes.Parse<ReviewSubject>(f.Subject)) is null) e["Subject"] = text["Validation.Required"];
        int? second = null;
        DateOnly? starts = null, ends = null;
        if (kind is ProgrammeKind.StudyVisit or ProgrammeKind.Twinning)
        {
            if (!int.TryParse(f.SecondPartner, NumberStyles.None, inv, out var s) || !await db.Partners.AnyAsync(p => p.Id == s, ct)) e["SecondPartner"] = text["Validation.UnknownChoice"];
            else if (s == partnerId) e["SecondPartner"] = text["Programme.SamePartner"];
            else second = s;
            if (!DateOnly.TryParseExact(f.StartsOn?.Trim(), "yyyy-MM-dd", inv, DateTimeStyles.None, out var a)) e["StartsOn"] = text["Validation.Required"];
            else starts = a;
            if (!DateOnly.TryParseExact(f.EndsOn?.Trim(), "yyyy-MM-dd", inv, DateTimeStyles.None, out var b)) e["EndsOn"] = text["Validation.Required"];
            else if (starts is { } from && b < from) e["EndsOn"] = text["Programme.EndsBeforeStart"];
            else ends = b;
        }
        var language = f.Language?.Trim() ?? "";
        if (!await db.Languages.AsNoTracking().AnyAsync(l => l.Code == language, ct)) e["Language"] = text["Validation.UnknownChoice"];
        var theme = await themes.FieldAsync(f.Themes, reader, true, f.ThemesSeen, ct);
        if (!theme.Ok) e["Themes"] = text[theme.ErrorKey!, theme.ErrorArg ?? ""];
        var targets = f.Targets.Where(t => !string.IsNullOrWhiteSpace(t)).Distinct().ToList();
        if (targets.Count > MaxTargets) e["Targets"] = text["Validation.TooMany", MaxTargets];
        else if (targets.Count > 0)
        {
            var known = await db.PolicyTargets.AsNoTracking().Select(t => t.FrameworkCode + ":" + t.Code).ToListAsync(ct);
            if (targets.Any(t => !known.Contains(t))) e["Targets"] = text["Validation.UnknownChoice"];
        }
        int? source = null;
        if (!string.IsNullOrWhiteSpace(f.Request))
        {
            // Only a closed request of the applying partner: a programme never claims another organisation's request.
            var request = await db.Requests.AsNoTracking().Where(r => r.Slug == f.Request).Select(r => new { r.Id, r.PartnerId, r.State }).FirstOrDefaultAsync(ct);
            if (request is null || request.State != RequestState.Closed || request.PartnerId != partnerId) e["Request"] = text["Programme.BadRequest"];
            else source = request.Id;
        }
        return e.Count > 0 || kind is null ? (null, e)
            : (new ApplyValues(partnerId, kind.Value, title, description, subject, focus, language, theme.Concepts, targets, second, starts, ends, source) { Keywords = theme.Keywords }, e);
    }

    public async Task<Programme> ApplyAsync(ApplyValues v, string? userId, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var p = new Programme
        {
            Slug = await UniqueSlugAsync(v.Title, ct), Kind = v.Kind, Stage = ProgrammeStage.Applied, PartnerId = v.PartnerId, SecondPartnerId = v.SecondPartnerId,
            Language = v.Language, Title = v.Title, Description = v.Description, Subject = v.Subject, Focus = v.Focus, StartsOn = v.StartsOn, EndsOn = v.EndsOn,
            SourceRequestId = v.SourceRequestId, CreatedBy = userId, CreatedAt = now, UpdatedAt = now, FreeKeywords = v.Keywords,
            Tags = v.Themes.Select(t => new ProgrammeTag { Scheme = ProgrammeTagSchemes.Theme, Code = t.ToString(CultureInfo.InvariantCulture) })
                .Concat(v.Targets.Select(t => new ProgrammeTag { Scheme = ProgrammeTagSchemes.Target, Code = t })).ToList(),
        };
        db.Programmes.Add(p);
        Audit(userId, "programme.applied", p, $"partner/{v.PartnerId}", now);
        await db.SaveChangesAsync(ct);
        return p;
    }

    /// <summary>The applying partner corrects its application while the coordinators have not decided on it yet: the texts,
    /// kind, subject, second partner, dates, language, themes and targets, checked as on applying. The applying partner and the
    /// request it grew out of stay as they are. Only the applicant's organisation (<see cref="ProgrammeRights.IsApplicant"/>),
    /// whatever the page showed; an edit made on an older version, or after the decision, is a conflict (it has moved on).</summary>
    public async Task<(ProgrammeOutcome, Dictionary<string, string>)> EditApplicationAsync(Programme p, ApplyForm form, Guid version, ProgrammeRights rights,
        string? userId, string reader, CancellationToken ct)
    {
        if (!rights.IsApplicant) return (ProgrammeOutcome.NotAllowed, []);
        if (p.Version != version || p.Stage != ProgrammeStage.Applied) return Conflict();
        form.Partner = p.PartnerId.ToString(CultureInfo.InvariantCulture);
        form.Request = null;
        var (v, errors) = await ValidateAsync(form, [p.PartnerId], reader, ct);
        if (v is null) return (ProgrammeOutcome.Invalid, errors);
        var now = clock.GetUtcNow().UtcDateTime;
        (p.Kind, p.Title, p.Description, p.Subject, p.Focus, p.Language, p.SecondPartnerId, p.StartsOn, p.EndsOn) =
            (v.Kind, v.Title, v.Description, v.Subject, v.Focus, v.Language, v.SecondPartnerId, v.StartsOn, v.EndsOn);
        p.FreeKeywords = v.Keywords;
        // Tags by difference: a tag kept is the same row.
        var tags = v.Themes.Select(t => (ProgrammeTagSchemes.Theme, t.ToString(CultureInfo.InvariantCulture))).Concat(v.Targets.Select(t => (ProgrammeTagSchemes.Target, t))).ToHashSet();
        var saved = await db.ProgrammeTags.Where(t => t.ProgrammeId == p.Id).ToListAsync(ct);
        db.ProgrammeTags.RemoveRange(saved.Where(t => !tags.Contains((t.Scheme, t.Code))));
        db.ProgrammeTags.AddRange(tags.Where(t => !saved.Any(x => x.Scheme == t.Item1 && x.Code == t.Item2))
            .Select(t => new ProgrammeTag { ProgrammeId = p.Id, Scheme = t.Item1, Code = t.Item2 }));
        Touch(p, now);
        Audit(userId, "programme.edited", p, null, now);
        return await SaveAsync(ct);
    }

    /// <summary>Peers the marketplace's matcher suggests for the programme (best first): every partner it proposes, each with
    /// its best match (an offer of the kind asked for, or its expertise and practices), never the programme's own partners.</summary>
    public async Task<List<PeerSuggestion>> SuggestAsync(Programme p, CancellationToken ct)
    {
        var languages = await db.Partners.AsNoTracking().Where(x => x.Id == p.PartnerId).SelectMany(x => x.Languages.Select(l => l.LanguageCode)).ToListAsync(ct);
        var index = await matchmaker.CurrentAsync(db, ct);
        // Described from a copy with the saved tags: the programme given may be tracked without them, and must not get them attached.
        var tags = await db.ProgrammeTags.AsNoTracking().Where(t => t.ProgrammeId == p.Id).ToListAsync(ct);
        var described = new Programme
        {
            Id = p.Id, Slug = p.Slug, Kind = p.Kind, PartnerId = p.PartnerId, Language = p.Language, Title = p.Title, Description = p.Description, Focus = p.Focus, Tags = tags,
        };
        var item = await matchmaker.DescribeAsync(db, described, languages.Prepend(p.Language), ct);
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var best = new Dictionary<int, Match>();
        foreach (var m in index.OffersFor(item, today, 200).Concat(index.PartnersFor(item, 200)))
        {
            if (m.PartnerId == p.PartnerId || m.PartnerId == p.SecondPartnerId) continue;
            if (!best.TryGetValue(m.PartnerId, out var old) || old.Score < m.Score) best[m.PartnerId] = m;
        }
        return best.Values.OrderByDescending(m => m.Score).ThenBy(m => m.PartnerId).Take(Math.Max(1, options.Value.Suggestions))
            .Select(m => new PeerSuggestion(m.PartnerId, m.Score, m.Reasons)).ToList();
    }

    /// <summary>Coordinators accept an application (a peer review needs at least one peer from another partner; the peers are
    /// stored with the matcher's score and reasons when it suggested them) or decline it with a note.</summary>
    public async Task<(ProgrammeOutcome, Dictionary<string, string>)> DecideAsync(Programme p, bool accept, IReadOnlyCollection<string> peerIds, string? note,
        Guid version, ProgrammeRights rights, string? userId, CancellationToken ct)
    {
        if (!rights.CanDecide) return (ProgrammeOutcome.NotAllowed, []);
        if (p.Version != version) return Conflict();
        if (p.Stage != ProgrammeStage.Applied) return Invalid("Decision", "Programme.WrongStage");
        var cleanNote = Clean(note);
        if (cleanNote.Length > MaxNote) return Invalid("Note", "Validation.TooLong", MaxNote);
        var ids = new List<int>();
        foreach (var raw in peerIds.Where(x => !string.IsNullOrWhiteSpace(x)).Distinct())
        {
            if (!int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var id) || id == p.PartnerId || id == p.SecondPartnerId) return Invalid("Peers", "Programme.BadPeer");
            ids.Add(id);
        }
        if (ids.Count > MaxPeers) return Invalid("Peers", "Validation.TooMany", MaxPeers);
        if (ids.Count > 0 && await db.Partners.CountAsync(x => ids.Contains(x.Id), ct) != ids.Count) return Invalid("Peers", "Programme.BadPeer");
        if (accept && p.Kind == ProgrammeKind.PeerReview && ids.Count == 0) return Invalid("Peers", "Programme.PeerRequired");
        if (!accept && cleanNote.Length == 0) return Invalid("Note", "Validation.Required");
        var now = clock.GetUtcNow().UtcDateTime;
        if (accept)
        {
            var suggested = (await SuggestAsync(p, ct)).ToDictionary(s => s.PartnerId);
            foreach (var id in ids)
            {
                var s = suggested.GetValueOrDefault(id);
                db.ProgrammePeers.Add(new ProgrammePeer
                {
                    ProgrammeId = p.Id, PartnerId = id, Score = s?.Score ?? 0, Reasons = s is null ? "[]" : MatchReasons.Serialise(s.Reasons), ChosenAt = now,
                });
            }
        }
        p.Stage = accept ? ProgrammeStage.Accepted : ProgrammeStage.Declined;
        p.DecisionNote = cleanNote.Length == 0 ? null : cleanNote;
        p.DecidedAt = now;
        Touch(p, now);
        Audit(userId, accept ? "programme.accepted" : "programme.declined", p, string.Join(",", ids.Select(i => "partner/" + i.ToString(CultureInfo.InvariantCulture))), now);
        return await SaveAsync(ct);
    }

    /// <summary>The agenda of the visit, while the programme runs.</summary>
    public async Task<(ProgrammeOutcome, Dictionary<string, string>)> SetAgendaAsync(Programme p, string? agenda, Guid version, ProgrammeRights rights, string? userId,
        CancellationToken ct)
    {
        if (!rights.CanPlan) return (ProgrammeOutcome.NotAllowed, []);
        if (p.Version != version) return Conflict();
        if (p.Stage is not (ProgrammeStage.Accepted or ProgrammeStage.Reported)) return Invalid("Agenda", "Programme.WrongStage");
        var clean = Clean(agenda);
        if (clean.Length > MaxAgenda) return Invalid("Agenda", "Validation.TooLong", MaxAgenda);
        var now = clock.GetUtcNow().UtcDateTime;
        p.Agenda = clean.Length == 0 ? null : clean;
        Touch(p, now);
        Audit(userId, "programme.agenda", p, null, now);
        return await SaveAsync(ct);
    }

    /// <summary>A milestone of a study visit or twinning, while it runs.</summary>
    public async Task<(ProgrammeOutcome, Dictionary<string, string>)> AddMilestoneAsync(Programme p, string? title, string? due, Guid version, ProgrammeRights rights,
        string? userId, CancellationToken ct)
    {
        if (!rights.CanPlan) return (ProgrammeOutcome.NotAllowed, []);
        if (p.Version != version) return Conflict();
        if (p.Stage is not (ProgrammeStage.Accepted or ProgrammeStage.Reported)) return Invalid("Milestone", "Programme.WrongStage");
        var clean = Clean(title);
        if (clean.Length == 0) return Invalid("MilestoneTitle", "Validation.Required");
        if (clean.Length > MaxMilestone) return Invalid("MilestoneTitle", "Validation.TooLong", MaxMilestone);
        if (!DateOnly.TryParseExact(due?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var dueOn)) return Invalid("MilestoneDue", "Validation.Required");
        var count = await db.ProgrammeMilestones.CountAsync(m => m.ProgrammeId == p.Id, ct);
        if (count >= MaxMilestones) return Invalid("MilestoneTitle", "Validation.TooMany", MaxMilestones);
        var now = clock.GetUtcNow().UtcDateTime;
        db.ProgrammeMilestones.Add(new ProgrammeMilestone { ProgrammeId = p.Id, Position = count + 1, Title = clean, DueOn = dueOn });
        Touch(p, now);
        Audit(userId, "programme.milestone", p, clean, now);
        return await SaveAsync(ct);
    }

    /// <summary>Marks a milestone of this programme done or not done.</summary>
    public async Task<(ProgrammeOutcome, Dictionary<string, string>)> MarkMilestoneAsync(Programme p, string? milestone, bool done, Guid version, ProgrammeRights rights,
        string? userId, CancellationToken ct)
    {
        if (!rights.CanPlan) return (ProgrammeOutcome.NotAllowed, []);
        if (p.Version != version) return Conflict();
        // The milestone is looked up within this programme: an id of another programme's milestone is not found.
        var m = int.TryParse(milestone, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? await db.ProgrammeMilestones.AsTracking().FirstOrDefaultAsync(x => x.Id == id && x.ProgrammeId == p.Id, ct) : null;
        if (m is null) return Invalid("Milestone", "Validation.UnknownChoice");
        var now = clock.GetUtcNow().UtcDateTime;
        m.DoneAt = done ? m.DoneAt ?? now : null;
        Touch(p, now);
        Audit(userId, done ? "programme.milestone-done" : "programme.milestone-open", p, $"milestone/{m.Id}", now);
        return await SaveAsync(ct);
    }

    /// <summary>The report with its recommendations (one per line); the follow-ups 6 and 12 months later are scheduled.</summary>
    public async Task<(ProgrammeOutcome, Dictionary<string, string>)> ReportAsync(Programme p, string? report, string? recommendations, Guid version,
        ProgrammeRights rights, string? userId, CancellationToken ct)
    {
        if (!rights.CanReport) return (ProgrammeOutcome.NotAllowed, []);
        if (p.Version != version) return Conflict();
        if (p.Stage != ProgrammeStage.Accepted) return Invalid("Report", "Programme.WrongStage");
        var clean = Clean(report);
        if (clean.Length < MinReport) return Invalid("Report", "Market.DescriptionTooShort", MinReport);
        if (clean.Length > MaxReport) return Invalid("Report", "Validation.TooLong", MaxReport);
        var lines = Clean(recommendations).Split('\n').Select(l => l.Trim().TrimStart('-', '*', '•').Trim()).Where(l => l.Length > 0).ToList();
        if (lines.Count == 0) return Invalid("Recommendations", "Programme.RecommendationRequired");
        if (lines.Count > MaxRecommendations) return Invalid("Recommendations", "Validation.TooMany", MaxRecommendations);
        if (lines.Any(l => l.Length > MaxRecommendation)) return Invalid("Recommendations", "Validation.TooLong", MaxRecommendation);
        var now = clock.GetUtcNow().UtcDateTime;
        p.Report = clean;
        p.ReportedAt = now;
        p.Stage = ProgrammeStage.Reported;
        Touch(p, now);
        db.ProgrammeRecommendations.AddRange(lines.Select((l, i) => new ProgrammeRecommendation { ProgrammeId = p.Id, Position = i + 1, Text = l }));
        db.ProgrammeFollowUps.AddRange(FollowUpMonths.Select(m => new ProgrammeFollowUp { ProgrammeId = p.Id, Months = m, DueAt = now.AddMonths(m) }));
        Audit(userId, "programme.reported", p, $"recommendations/{lines.Count.ToString(CultureInfo.InvariantCulture)}", now);
        return await SaveAsync(ct);
    }

    /// <summary>The applying partner answers a follow-up once it is due; the 12-month answer completes the programme.</summary>
    public async Task<(ProgrammeOutcome, Dictionary<string, string>)> AnswerFollowUpAsync(Programme p, string? followUp, string? answer, string? language,
        Guid version, ProgrammeRights rights, string? userId, CancellationToken ct)
    {
        if (!rights.IsApplicant) return (ProgrammeOutcome.NotAllowed, []);
        if (p.Version != version) return Conflict();
        if (p.Stage is not (ProgrammeStage.Reported or ProgrammeStage.Completed)) return Invalid("FollowUp", "Programme.WrongStage");
        var f = int.TryParse(followUp, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? await db.ProgrammeFollowUps.AsTracking().FirstOrDefaultAsync(x => x.Id == id && x.ProgrammeId == p.Id, ct) : null;
        if (f is null) return Invalid("FollowUp", "Validation.UnknownChoice");
        var now = clock.GetUtcNow().UtcDateTime;
        if (f.AnsweredAt is not null) return Invalid("FollowUp", "Programme.AlreadyAnswered");
        if (f.DueAt > now) return Invalid("FollowUp", "Programme.NotDueYet");
        var clean = Clean(answer);
        if (clean.Length < MinAnswer) return Invalid("FollowUpAnswer", "Market.DescriptionTooShort", MinAnswer);
        if (clean.Length > MaxAnswer) return Invalid("FollowUpAnswer", "Validation.TooLong", MaxAnswer);
        var lang = language?.Trim() ?? "";
        if (!await db.Languages.AsNoTracking().AnyAsync(l => l.Code == lang, ct)) return Invalid("FollowUpLanguage", "Validation.UnknownChoice");
        (f.Answer, f.AnswerLanguage, f.AnsweredAt, f.AnsweredBy) = (clean, lang, now, userId);
        if (f.Months == FollowUpMonths[^1]) p.Stage = ProgrammeStage.Completed;
        Touch(p, now);
        Audit(userId, "programme.followed-up", p, $"months/{f.Months.ToString(CultureInfo.InvariantCulture)}", now);
        return await SaveAsync(ct);
    }

    /// <summary>The applying partner marks a recommendation of the report taken up or not.</summary>
    public async Task<(ProgrammeOutcome, Dictionary<string, string>)> MarkRecommendationAsync(Programme p, string? recommendation, string? takenUp, Guid version,
        ProgrammeRights rights, string? userId, CancellationToken ct)
    {
        if (!rights.IsApplicant) return (ProgrammeOutcome.NotAllowed, []);
        if (p.Version != version) return Conflict();
        if (p.Stage is not (ProgrammeStage.Reported or ProgrammeStage.Completed)) return Invalid("Recommendation", "Programme.WrongStage");
        var r = int.TryParse(recommendation, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? await db.ProgrammeRecommendations.AsTracking().FirstOrDefaultAsync(x => x.Id == id && x.ProgrammeId == p.Id, ct) : null;
        if (r is null || takenUp is not ("yes" or "no")) return Invalid("Recommendation", "Validation.UnknownChoice");
        var now = clock.GetUtcNow().UtcDateTime;
        (r.TakenUp, r.DecidedAt) = (takenUp == "yes", now);
        Touch(p, now);
        Audit(userId, "programme.recommendation", p, $"recommendation/{r.Id}={takenUp}", now);
        return await SaveAsync(ct);
    }

    /// <summary>Links the visit's event, created on the events pages from the programme, when the person may plan it.</summary>
    public async Task<bool> LinkEventAsync(string slug, int eventId, ClaimsPrincipal user, CancellationToken ct)
    {
        var p = await db.Programmes.AsTracking().FirstOrDefaultAsync(x => x.Slug == slug, ct);
        if (p is null || p.Stage is not (ProgrammeStage.Accepted or ProgrammeStage.Reported) || !(await RightsAsync(user, p, ct)).CanPlan) return false;
        var now = clock.GetUtcNow().UtcDateTime;
        p.EventId = eventId;
        Touch(p, now);
        Audit(PracticeEditor.UserId(user), "programme.event", p, $"event/{eventId.ToString(CultureInfo.InvariantCulture)}", now);
        return (await SaveAsync(ct)).Item1 == ProgrammeOutcome.Done;
    }

    private static string Clean(string? s) => UnicodeText.WellFormed(s?.Replace("\r\n", "\n", StringComparison.Ordinal).Trim() ?? "").Normalize();

    private static void Touch(Programme p, DateTime now)
    {
        p.UpdatedAt = now;
        p.Version = Guid.NewGuid();
    }

    private void Audit(string? userId, string action, Programme p, string? details, DateTime now) =>
        db.AuditEntries.Add(new AuditEntry { At = now, UserId = userId, Action = action, Subject = $"programme/{p.Slug}", Details = details });

    private (ProgrammeOutcome, Dictionary<string, string>) Conflict() => (ProgrammeOutcome.Conflict, new() { ["Conflict"] = text["Programme.Conflict"] });

    private (ProgrammeOutcome, Dictionary<string, string>) Invalid(string field, string key, params object[] args) =>
        (ProgrammeOutcome.Invalid, new() { [field] = text[key, args] });

    private async Task<(ProgrammeOutcome, Dictionary<string, string>)> SaveAsync(CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return (ProgrammeOutcome.Done, []);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return Conflict();
        }
    }

    private async Task<string> UniqueSlugAsync(string title, CancellationToken ct)
    {
        var slug = Slugs.From(title, 100);
        // "apply" is the form's own address.
        if (slug.Length == 0 || slug == "apply") slug = "programme";
        var candidate = slug;
        for (var i = 2; await db.Programmes.AnyAsync(q => q.Slug == candidate, ct); i++) candidate = $"{slug}-{i.ToString(CultureInfo.InvariantCulture)}";
        return candidate;
    }
}

/// <summary>Match reasons as stored with a chosen peer: the helpdesk's language-neutral JSON.</summary>
public static class MatchReasons
{
    public static string Serialise(IEnumerable<MatchReason> reasons) => Helpdesk.HelpdeskRouter.Serialise(reasons);
    public static IReadOnlyList<MatchReason> Deserialise(string json) => Helpdesk.HelpdeskRouter.Deserialise(json);
}
