using System.Globalization;
using System.Security.Claims;
using LearningNetwork.Data;
using LearningNetwork.Domain;
using LearningNetwork.Features.Practices;
using LearningNetwork.Features.Themes;
using LearningNetwork.Infrastructure;
using LearningNetwork.Infrastructure.Localization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace LearningNetwork.Features.Helpdesk;

/// <summary><c>Helpdesk:*</c> options.</summary>
public sealed class HelpdeskOptions
{
    public const string Section = "Helpdesk";

    /// <summary>The promised response time: a question without an answer after this many working days (Monday to Friday)
    /// is escalated to the coordinators.</summary>
    public int ResponseWorkingDays { get; set; } = 5;
    /// <summary>How many partners a new question is routed to at most.</summary>
    public int Experts { get; set; } = 5;
    /// <summary>A partner is routed a question only when the matcher scores it at least this.</summary>
    public double MinimumScore { get; set; } = 0.05;
    /// <summary>How often a node looks for questions past their promised time; zero turns the escalation job off.</summary>
    public TimeSpan EscalationInterval { get; set; } = TimeSpan.FromMinutes(15);
}

/// <summary>The question form, as typed: strings until validated, so nothing typed is lost.</summary>
public sealed class AskForm
{
    public string? Partner { get; set; }
    public string? Title { get; set; }
    public string? Body { get; set; }
    public string? Language { get; set; }
    public string? Themes { get; set; }
    /// <summary>The theme text a "did you mean" was shown for (hidden; see <see cref="ThemeNames.SeenSuffix"/>).</summary>
    [System.ComponentModel.DataAnnotations.DisplayFormat(ConvertEmptyStringToNull = false)] // sent empty at first: a person to ask
    public string? ThemesSeen { get; set; }
    public List<string> Targets { get; set; } = [];
}

public sealed record AskValues(int PartnerId, string Title, string Body, string Language, List<int> Themes, List<string> Targets)
{
    /// <summary>The themes no concept was found for, kept as free keywords ('; '-joined), or null.</summary>
    public string? Keywords { get; init; }
}

public sealed record AnswerValues(int PartnerId, string Body, string Language);

/// <summary>What a person may do with a question: accept an answer or close it (the asker, or an organisation admin of the
/// asking organisation), answer it (for one of their organisations), see its routing (coordinators).</summary>
public sealed record QuestionRights(bool CanDecide, bool IsCoordinator, IReadOnlyList<Partner> AnswerFor)
{
    public bool CanAnswer => AnswerFor.Count > 0;
}

public enum HelpdeskOutcome { Done, NotAllowed, Invalid, Conflict }

/// <summary>
/// Validates and applies every change of the helpdesk: a question asked (then routed to the partners whose expertise
/// fits, <see cref="HelpdeskRouter"/>), answered, an answer accepted, a question closed. Rights are checked here, for every
/// page and handler: a person asks and answers only for an organisation they belong to (network admins for any); only the
/// asker or an organisation admin of the asking organisation accepts or closes. Accepting and closing on an older
/// <c>Version</c> is a conflict. Every step is an audit entry.
/// </summary>
public sealed class HelpdeskDesk(LearningNetworkDb db, ThemeNames themes, PracticeEditor practices, HelpdeskRouter router, HelpdeskMail mail,
    TimeProvider clock, IOptions<HelpdeskOptions> options, IStringLocalizer<SharedResource> text, ILogger<HelpdeskDesk> log)
{
    public const int MaxTitle = 200, MinBody = 20, MaxBody = 8000, MinAnswer = 10, MaxAnswer = 8000, MaxTargets = 20;

    public Task<List<Partner>> OrganisationsAsync(ClaimsPrincipal user, CancellationToken ct) => practices.WritableOrganisationsAsync(user, ct);

    public async Task<QuestionRights> RightsAsync(ClaimsPrincipal user, HelpdeskQuestion question, CancellationToken ct)
    {
        var userId = PracticeEditor.UserId(user);
        if (userId is null) return new QuestionRights(false, false, []);
        var decides = question.UserId == userId
                      || await db.PartnerMembers.AnyAsync(m => m.PartnerId == question.PartnerId && m.UserId == userId && m.Role == OrganisationRole.OrganisationAdmin, ct);
        return new QuestionRights(decides, PracticeEditor.IsModerator(user), question.Status == QuestionStatus.Closed ? [] : await OrganisationsAsync(user, ct));
    }

    /// <summary>Checks the question form; errors are messages in the reader's language, by field name.</summary>
    public async Task<(AskValues? Values, Dictionary<string, string> Errors)> ValidateAsync(AskForm f, IReadOnlyCollection<int> writable, string reader, CancellationToken ct)
    {
        var e = new Dictionary<string, string>();
        if (!int.TryParse(f.Partner, NumberStyles.None, CultureInfo.InvariantCulture, out var partnerId) || !writable.Contains(partnerId)) e["Partner"] = text["Practice.BadPartner"];
        var title = UnicodeText.WellFormed(f.Title?.Trim() ?? "").Normalize();
        if (title.Length == 0) e["Title"] = text["Validation.Required"];
        else if (title.Length > MaxTitle) e["Title"] = text["Validation.TooLong", MaxTitle];
        var body = UnicodeText.WellFormed(f.Body?.Trim() ?? "").Normalize();
        if (body.Length < MinBody) e["Body"] = text["Market.DescriptionTooShort", MinBody];
        else if (body.Length > MaxBody) e["Body"] = text["Validation.TooLong", MaxBody];
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
        return e.Count > 0 ? (null, e) : (new AskValues(partnerId, title, body, language, theme.Concepts, targets) { Keywords = theme.Keywords }, e);
    }

    /// <summary>Saves the question, then routes it. A failure of the routing or of its e-mails is logged and never loses
    /// the question: coordinators see a question without routing on its page.</summary>
    public async Task<HelpdeskQuestion> AskAsync(AskValues v, string? userId, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var partner = await db.Partners.AsNoTracking().FirstAsync(p => p.Id == v.PartnerId, ct);
        var question = new HelpdeskQuestion
        {
            Slug = await UniqueSlugAsync(v.Title, ct), UserId = userId, PartnerId = v.PartnerId, Title = v.Title, Body = v.Body, Language = v.Language,
            CountryCode = partner.CountryCode, NutsCode = partner.NutsCode, AskedAt = now, DueAt = DueAfter(now, options.Value.ResponseWorkingDays),
            Status = QuestionStatus.Open, UpdatedAt = now, FreeKeywords = v.Keywords,
            Tags = v.Themes.Select(t => new HelpdeskQuestionTag { Scheme = QuestionTagSchemes.Theme, Code = t.ToString(CultureInfo.InvariantCulture) })
                .Concat(v.Targets.Select(t => new HelpdeskQuestionTag { Scheme = QuestionTagSchemes.Target, Code = t })).ToList(),
        };
        db.HelpdeskQuestions.Add(question);
        db.AuditEntries.Add(new AuditEntry { At = now, UserId = userId, Action = "helpdesk.asked", Subject = $"question/{question.Slug}", Details = $"partner/{v.PartnerId}" });
        await db.SaveChangesAsync(ct);
        try
        {
            await router.RouteAsync(question, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogWarning(e, "Helpdesk question {Slug} could not be routed; it is saved and listed", question.Slug);
        }
        return question;
    }

    public (AnswerValues? Values, Dictionary<string, string> Errors) ValidateAnswer(string? partner, string? body, string? language, QuestionRights rights,
        IReadOnlyCollection<string> languages)
    {
        var e = new Dictionary<string, string>();
        if (!int.TryParse(partner, NumberStyles.None, CultureInfo.InvariantCulture, out var partnerId) || rights.AnswerFor.All(p => p.Id != partnerId))
            e["AnswerPartner"] = text["Practice.BadPartner"];
        var text1 = UnicodeText.WellFormed(body?.Trim() ?? "").Normalize();
        if (text1.Length < MinAnswer) e["AnswerBody"] = text["Market.DescriptionTooShort", MinAnswer];
        else if (text1.Length > MaxAnswer) e["AnswerBody"] = text["Validation.TooLong", MaxAnswer];
        var lang = language?.Trim() ?? "";
        if (!languages.Contains(lang)) e["AnswerLanguage"] = text["Validation.UnknownChoice"];
        return e.Count > 0 ? (null, e) : (new AnswerValues(partnerId, text1, lang), e);
    }

    /// <summary>Adds an answer; the asker is told in the app and by e-mail.</summary>
    public async Task<HelpdeskAnswer> AnswerAsync(HelpdeskQuestion question, AnswerValues v, string? userId, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var answer = new HelpdeskAnswer { QuestionId = question.Id, UserId = userId, PartnerId = v.PartnerId, Body = v.Body, Language = v.Language, CreatedAt = now };
        db.HelpdeskAnswers.Add(answer);
        db.AuditEntries.Add(new AuditEntry { At = now, UserId = userId, Action = "helpdesk.answered", Subject = $"question/{question.Slug}", Details = $"partner/{v.PartnerId}" });
        await db.SaveChangesAsync(ct);
        var partnerName = await db.Partners.AsNoTracking().Where(p => p.Id == v.PartnerId).Select(p => p.Name).FirstAsync(ct);
        await mail.TellAskerAsync(question, partnerName, v.Body, ct);
        return answer;
    }

    /// <summary>Marks one answer of the question as the accepted one; the question is answered from then on.</summary>
    public async Task<(HelpdeskOutcome Outcome, Dictionary<string, string> Errors)> AcceptAsync(HelpdeskQuestion question, string? answer, Guid version,
        QuestionRights rights, string? userId, CancellationToken ct)
    {
        if (!rights.CanDecide) return (HelpdeskOutcome.NotAllowed, []);
        if (question.Version != version) return (HelpdeskOutcome.Conflict, new() { ["Accept"] = text["Helpdesk.Conflict"] });
        if (question.Status == QuestionStatus.Closed) return (HelpdeskOutcome.Invalid, new() { ["Accept"] = text["Helpdesk.IsClosed"] });
        if (!int.TryParse(answer, NumberStyles.None, CultureInfo.InvariantCulture, out var answerId)
            || !await db.HelpdeskAnswers.AnyAsync(a => a.Id == answerId && a.QuestionId == question.Id, ct))
            return (HelpdeskOutcome.Invalid, new() { ["Accept"] = text["Helpdesk.ChooseAnswer"] });
        var now = clock.GetUtcNow().UtcDateTime;
        question.AcceptedAnswerId = answerId;
        question.Status = QuestionStatus.Answered;
        question.AnsweredAt ??= now;
        question.UpdatedAt = now;
        question.Version = Guid.NewGuid();
        db.AuditEntries.Add(new AuditEntry { At = now, UserId = userId, Action = "helpdesk.accepted", Subject = $"question/{question.Slug}", Details = $"answer/{answerId}" });
        return await SaveAsync(ct);
    }

    /// <summary>Closes the question without an accepted answer (no longer needed); it leaves the open list and takes no answers.</summary>
    public async Task<(HelpdeskOutcome Outcome, Dictionary<string, string> Errors)> CloseAsync(HelpdeskQuestion question, Guid version, QuestionRights rights,
        string? userId, CancellationToken ct)
    {
        if (!rights.CanDecide) return (HelpdeskOutcome.NotAllowed, []);
        if (question.Version != version) return (HelpdeskOutcome.Conflict, new() { ["Close"] = text["Helpdesk.Conflict"] });
        if (question.Status is QuestionStatus.Closed or QuestionStatus.Answered) return (HelpdeskOutcome.Invalid, new() { ["Close"] = text["Helpdesk.NotOpen"] });
        var now = clock.GetUtcNow().UtcDateTime;
        question.Status = QuestionStatus.Closed;
        question.UpdatedAt = now;
        question.Version = Guid.NewGuid();
        db.AuditEntries.Add(new AuditEntry { At = now, UserId = userId, Action = "helpdesk.closed", Subject = $"question/{question.Slug}" });
        return await SaveAsync(ct);
    }

    private async Task<(HelpdeskOutcome, Dictionary<string, string>)> SaveAsync(CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return (HelpdeskOutcome.Done, []);
        }
        catch (DbUpdateConcurrencyException)
        {
            return (HelpdeskOutcome.Conflict, new() { ["Accept"] = text["Helpdesk.Conflict"] });
        }
    }

    /// <summary>The instant a number of working days (Monday to Friday) after another, at the same time of day.</summary>
    public static DateTime DueAfter(DateTime from, int workingDays)
    {
        var at = from;
        for (var added = 0; added < workingDays;)
        {
            at = at.AddDays(1);
            if (at.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday)) added++;
        }
        return at;
    }

    private async Task<string> UniqueSlugAsync(string title, CancellationToken ct)
    {
        var slug = Slugs.From(title, 100);
        // "ask" is the form's own address.
        if (slug.Length == 0 || slug == "ask") slug = "question";
        var candidate = slug;
        for (var i = 2; await db.HelpdeskQuestions.AnyAsync(q => q.Slug == candidate, ct); i++) candidate = $"{slug}-{i.ToString(CultureInfo.InvariantCulture)}";
        return candidate;
    }
}
