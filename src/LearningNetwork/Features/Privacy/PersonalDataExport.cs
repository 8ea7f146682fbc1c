using System.Text.Json;
using LearningNetwork.Data;
using LearningNetwork.Domain;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace LearningNetwork.Features.Privacy;

/// <summary>
/// Everything the site holds about one person, as one JSON document (GDPR art. 15 and 20): the account (no password
/// hash, security stamp or authenticator key), the profile with the visibility of each field, memberships and roles,
/// consent records, audit entries by or about them, what they wrote or created, notification settings and the API keys
/// they made (name, prefix and scopes, never the secret's hash).
/// </summary>
public sealed class PersonalDataExport(LearningNetworkDb db, UserManager<UserAccount> users)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public async Task<Dictionary<string, object?>> ForAsync(UserAccount user, DateTime now, CancellationToken ct)
    {
        var id = user.Id;
        var subject = $"user/{id}";
        var partnerNames = await db.Partners.AsNoTracking().ToDictionaryAsync(p => p.Id, p => p.Name, ct);
        string? Partner(int? partnerId) => partnerId is { } p ? partnerNames.GetValueOrDefault(p) : null;

        var profile = await db.PersonProfiles.AsNoTracking().FirstOrDefaultAsync(p => p.UserId == id, ct);
        var practices = await db.Practices.AsNoTracking().Where(p => p.CreatedBy == id || p.ContactUserId == id || p.ValidatedBy == id)
            .Select(p => new { p.Id, p.Slug, p.PartnerId, Stage = p.Stage.ToString(), p.CreatedAt, Created = p.CreatedBy == id, Contact = p.ContactUserId == id, Validated = p.ValidatedBy == id,
                Titles = p.Texts.Select(t => new { t.Language, t.Title }).ToList() })
            .ToListAsync(ct);

        return new Dictionary<string, object?>
        {
            ["exportedAt"] = now,
            ["account"] = new
            {
                user.Id, user.Email, user.EmailConfirmed, user.DisplayName, user.CreatedAt, user.TwoFactorEnabled, user.LockoutEnd,
                user.AccessFailedCount, user.SuspendedAt, Roles = await users.GetRolesAsync(user),
            },
            ["profile"] = profile is null ? null : new
            {
                profile.Name, NameVisibility = profile.NameVisibility.ToString(), profile.JobTitle, JobTitleVisibility = profile.JobTitleVisibility.ToString(),
                Organisation = Partner(profile.PartnerId), OrganisationVisibility = profile.OrganisationVisibility.ToString(),
                Languages = Split(profile.Languages), LanguagesVisibility = profile.LanguagesVisibility.ToString(),
                Expertise = Split(profile.Expertise), ExpertiseVisibility = profile.ExpertiseVisibility.ToString(), profile.UpdatedAt,
            },
            ["memberships"] = (await db.PartnerMembers.AsNoTracking().Where(m => m.UserId == id).ToListAsync(ct))
                .Select(m => new { m.PartnerId, Organisation = Partner(m.PartnerId), Role = m.Role.ToString(), m.Since }),
            ["membershipApplications"] = await db.MembershipApplications.AsNoTracking().Where(a => a.ApplicantId == id)
                .Select(a => new { a.Id, a.Name, Status = a.Status.ToString(), a.SubmittedAt, a.ReviewNote }).ToListAsync(ct),
            ["invitationsSent"] = await db.Invitations.AsNoTracking().Where(i => i.InvitedBy == id)
                .Select(i => new { i.PartnerId, i.Email, Role = i.Role.ToString(), i.CreatedAt, i.AcceptedAt }).ToListAsync(ct),
            ["consents"] = await db.ConsentRecords.AsNoTracking().Where(c => c.UserId == id).OrderBy(c => c.At)
                .Select(c => new { c.Document, c.Version, c.Language, c.Occasion, c.At, c.TextHash, c.Text }).ToListAsync(ct),
            ["auditEntries"] = await db.AuditEntries.AsNoTracking().Where(e => e.UserId == id || e.Subject == subject).OrderBy(e => e.At)
                .Select(e => new { e.At, ByThemself = e.UserId == id, e.Action, e.Subject, e.Details }).ToListAsync(ct),
            ["messages"] = await db.ConversationMessages.AsNoTracking().Where(m => m.UserId == id).OrderBy(m => m.At)
                .Select(m => new { m.ConversationId, m.PartnerId, m.At, m.Text }).ToListAsync(ct),
            ["helpdeskQuestions"] = await db.HelpdeskQuestions.AsNoTracking().Where(q => q.UserId == id).OrderBy(q => q.AskedAt)
                .Select(q => new { q.Id, q.Slug, q.PartnerId, q.Title, q.Body, q.Language, q.AskedAt, Status = q.Status.ToString() }).ToListAsync(ct),
            ["helpdeskAnswers"] = await db.HelpdeskAnswers.AsNoTracking().Where(a => a.UserId == id).OrderBy(a => a.CreatedAt)
                .Select(a => new { a.Id, a.QuestionId, a.PartnerId, a.Body, a.Language, a.CreatedAt }).ToListAsync(ct),
            ["practices"] = practices,
            ["practiceRevisions"] = await db.PracticeRevisions.AsNoTracking().Where(r => r.UserId == id)
                .Select(r => new { r.PracticeId, r.Number, r.Action, r.At, r.Note }).ToListAsync(ct),
            ["practiceTransfers"] = await db.PracticeTransfers.AsNoTracking().Where(t => t.RecordedBy == id)
                .Select(t => new { t.Id, t.SourcePracticeId, t.AdoptingPartnerId, t.WhatChanged, t.Result, t.CreatedAt }).ToListAsync(ct),
            ["attachments"] = await db.PracticeAttachments.AsNoTracking().Where(a => a.CreatedBy == id)
                .Select(a => new { a.Id, a.PracticeId, a.FileName, a.Caption, a.CreatedAt }).ToListAsync(ct),
            ["offers"] = await db.Offers.AsNoTracking().Where(o => o.CreatedBy == id)
                .Select(o => new { o.Id, o.Slug, o.PartnerId, o.Title, o.Language, o.Description, State = o.State.ToString(), o.CreatedAt }).ToListAsync(ct),
            ["requests"] = await db.Requests.AsNoTracking().Where(r => r.CreatedBy == id)
                .Select(r => new { r.Id, r.Slug, r.PartnerId, r.Title, r.Language, r.Description, State = r.State.ToString(), r.CreatedAt }).ToListAsync(ct),
            ["requestSteps"] = await db.RequestSteps.AsNoTracking().Where(s => s.UserId == id)
                .Select(s => new { s.RequestId, State = s.State.ToString(), s.At, s.Note }).ToListAsync(ct),
            ["commitments"] = await db.Commitments.AsNoTracking().Where(c => c.CreatedBy == id)
                .Select(c => new { c.Id, c.PartnerId, c.Title, c.Language, c.CreatedAt }).ToListAsync(ct),
            ["progressReports"] = await db.ProgressReports.AsNoTracking().Where(r => r.ReportedBy == id)
                .Select(r => new { r.Id, r.IndicatorId, r.Value, r.Date, r.Note, r.CreatedAt }).ToListAsync(ct),
            ["targetTextRevisions"] = await db.TargetTextRevisions.AsNoTracking().Where(r => r.EditedBy == id)
                .Select(r => new { r.Framework, r.Code, r.Language, r.Version, r.EditedAt, r.Note }).ToListAsync(ct),
            ["vocabularyTerms"] = await db.VocabularyTerms.AsNoTracking().Where(v => v.CreatedBy == id)
                .Select(v => new { v.Concept, v.Language, v.Term, v.CreatedAt }).ToListAsync(ct),
            ["abuseReports"] = await db.AbuseReports.AsNoTracking().Where(r => r.ReporterId == id)
                .Select(r => new { r.ContentType, r.ContentKey, Reason = r.Reason.ToString(), r.Text, r.CreatedAt, Status = r.Status.ToString() }).ToListAsync(ct),
            ["notificationSettings"] = new
            {
                MatchAlerts = await db.MatchAlertSubscriptions.AsNoTracking().Where(s => s.UserId == id).Select(s => new { s.LastSentAt }).FirstOrDefaultAsync(ct),
                Digest = (await db.DigestSubscriptions.AsNoTracking().Where(s => s.UserId == id).ToListAsync(ct))
                    .Select(s => new { Frequency = s.Frequency.ToString(), s.Language, s.CoveredUntil, s.CreatedAt }).FirstOrDefault(),
            },
            ["follows"] = (await db.Follows.AsNoTracking().Where(f => f.UserId == id).OrderBy(f => f.Id).ToListAsync(ct))
                .Select(f => new { Kind = f.Kind.ToString(), f.Key, f.CreatedAt }).ToList(),
            ["digests"] = (await db.Digests.AsNoTracking().Where(d => d.UserId == id).OrderBy(d => d.Id).ToListAsync(ct))
                .Select(d => new { d.Period, State = d.State.ToString(), d.Items, d.SentAt }).ToList(),
            ["notifications"] = await db.Notifications.AsNoTracking().Where(n => n.UserId == id).OrderBy(n => n.CreatedAt)
                .Select(n => new { n.Kind, n.Subject, n.Path, n.CreatedAt, n.ReadAt }).ToListAsync(ct),
            ["eventRegistrations"] = (await db.EventRegistrations.AsNoTracking().Where(r => r.UserId == id).OrderBy(r => r.RegisteredAt)
                .Select(r => new { Event = db.Events.Where(e => e.Id == r.EventId).Select(e => e.Slug).FirstOrDefault(), r.State, r.RegisteredAt,
                    r.PromotedAt, r.CancelledAt, r.Language }).ToListAsync(ct))
                .Select(r => new { r.Event, State = r.State.ToString(), r.RegisteredAt, r.PromotedAt, r.CancelledAt, r.Language }).ToList(),
            ["eventsCreated"] = await db.Events.AsNoTracking().Where(e => e.CreatedBy == id).Select(e => new { e.Slug, e.Title, e.CreatedAt }).ToListAsync(ct),
            // Programmes they applied for, the follow-ups they answered, and the learning paths they follow with the steps marked done.
            ["programmesApplied"] = (await db.Programmes.AsNoTracking().Where(p => p.CreatedBy == id).OrderBy(p => p.CreatedAt)
                .Select(p => new { p.Slug, p.Title, p.Kind, p.Stage, p.CreatedAt }).ToListAsync(ct))
                .Select(p => new { p.Slug, p.Title, Kind = p.Kind.ToString(), Stage = p.Stage.ToString(), p.CreatedAt }).ToList(),
            ["programmeFollowUps"] = await db.ProgrammeFollowUps.AsNoTracking().Where(f => f.AnsweredBy == id).OrderBy(f => f.AnsweredAt)
                .Select(f => new { Programme = db.Programmes.Where(p => p.Id == f.ProgrammeId).Select(p => p.Slug).FirstOrDefault(), f.Months, f.Answer,
                    f.AnswerLanguage, f.AnsweredAt }).ToListAsync(ct),
            ["learningPaths"] = await db.LearningPathFollows.AsNoTracking().Where(f => f.UserId == id).OrderBy(f => f.StartedAt)
                .Select(f => new
                {
                    Path = db.LearningPaths.Where(p => p.Id == f.PathId).Select(p => p.Slug).FirstOrDefault(), f.StartedAt,
                    StepsDone = db.LearningStepsDone.Where(d => d.UserId == id && d.PathId == f.PathId).OrderBy(d => d.DoneAt)
                        .Select(d => new { Step = db.LearningPathSteps.Where(s => s.Id == d.StepId).Select(s => s.Position).FirstOrDefault(), d.DoneAt }).ToList(),
                }).ToListAsync(ct),
            ["calendarFeed"] = await db.CalendarFeedTokens.AsNoTracking().Where(t => t.UserId == id).Select(t => new { t.CreatedAt }).FirstOrDefaultAsync(ct),
            ["apiKeys"] = await db.ApiKeys.AsNoTracking().Where(k => k.CreatedBy == id)
                .Select(k => new { k.PartnerId, k.Name, k.Prefix, k.Scopes, k.CreatedAt, k.LastUsedAt, k.RevokedAt }).ToListAsync(ct),
        };
    }

    private static string[] Split(string value) => value.Split('|', StringSplitOptions.RemoveEmptyEntries);
}
