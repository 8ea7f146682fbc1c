using System.Globalization;
using LearningNetwork.Data;
using LearningNetwork.Domain;
using LearningNetwork.Features.Accounts;
using LearningNetwork.Features.Search;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Localization;

namespace LearningNetwork.Features.Privacy;

/// <summary>Why an erasure was refused.</summary>
public enum ErasureBlock { None, LastOrganisationAdmin, LastNetworkAdmin }

public sealed record ErasureCheck(ErasureBlock Block, IReadOnlyList<string> Organisations);

/// <summary>
/// Erases a person (GDPR art. 17). Their own data goes: the account and its Identity rows, the profile, memberships,
/// invitations addressed to them, consent records, notifications and alert subscriptions. What they wrote for their
/// organisation stays with the organisation without their name: every "created by", "user id" and "author" column that
/// named them is emptied (two required ones get <see cref="Placeholder"/>), and their e-mail address and names are replaced by
/// <see cref="Placeholder"/> in every text column of the database outside the reference data (audit details, messages,
/// revision snapshots...). All of it happens in one transaction. The search index holds no people; if the scrub changed
/// indexed text, a vocabulary log entry makes every node rebuild its index. Nothing is cached per person. Sent mail is not
/// recalled.
/// </summary>
/// <remarks>
/// An organisation's last admin cannot erase their account while the organisation has other members: they hand the admin
/// role to a colleague first (the page says so), so that no organisation is left without someone to run it. A last admin
/// who is also its only member may erase; the network admins are told by e-mail that the organisation has nobody left.
/// The network's last network admin cannot erase their account.
/// </remarks>
public sealed class AccountEraser(LearningNetworkDb db, UserManager<UserAccount> users, MailSender mail, IStringLocalizer<SharedResource> text, TimeProvider clock,
    ILogger<AccountEraser> log)
{
    /// <summary>Stands where the person's name or address was.</summary>
    public const string Placeholder = "[former member]";

    /// <summary>Names shorter than this are not scrubbed from texts: they would hit ordinary words.</summary>
    private const int ShortestScrubbed = 4;

    private static readonly HashSet<Type> ReferenceTypes =
    [
        typeof(Country), typeof(Language), typeof(NutsRegion), typeof(BiogeographicalRegion), typeof(GemetConcept), typeof(GemetLabel),
        typeof(GemetDefinition), typeof(GemetRelation), typeof(GemetGroup), typeof(GemetGroupLabel), typeof(GemetMembership),
        typeof(PolicyFramework), typeof(PolicyTarget), typeof(EunisHabitat), typeof(CicesCategory), typeof(ReferenceDataSet),
        typeof(Subdivision), typeof(SubdivisionName),
    ];

    /// <summary>Tables whose text feeds the search index.</summary>
    private static readonly HashSet<Type> IndexedTypes =
    [
        typeof(Practice), typeof(PracticeText), typeof(BuildingBlockText), typeof(PracticeResult), typeof(Partner),
        typeof(Offer), typeof(HelpRequest),
    ];

    public async Task<ErasureCheck> CheckAsync(UserAccount user, CancellationToken ct)
    {
        if (await users.IsInRoleAsync(user, Roles.NetworkAdmin) && (await users.GetUsersInRoleAsync(Roles.NetworkAdmin)).Count <= 1)
            return new ErasureCheck(ErasureBlock.LastNetworkAdmin, []);
        var blocking = new List<string>();
        var adminOf = await db.PartnerMembers.AsNoTracking().Where(m => m.UserId == user.Id && m.Role == OrganisationRole.OrganisationAdmin).Select(m => m.PartnerId).ToListAsync(ct);
        foreach (var partnerId in adminOf)
        {
            var others = await db.PartnerMembers.AsNoTracking().Where(m => m.PartnerId == partnerId && m.UserId != user.Id).Select(m => m.Role).ToListAsync(ct);
            if (others.Count > 0 && !others.Contains(OrganisationRole.OrganisationAdmin))
                blocking.Add(await db.Partners.AsNoTracking().Where(p => p.Id == partnerId).Select(p => p.Name).SingleAsync(ct));
        }
        return new ErasureCheck(blocking.Count > 0 ? ErasureBlock.LastOrganisationAdmin : ErasureBlock.None, blocking);
    }

    /// <summary>Erases the person unless <see cref="CheckAsync"/> refuses; returns the check.</summary>
    public async Task<ErasureCheck> EraseAsync(UserAccount user, CancellationToken ct)
    {
        var check = await CheckAsync(user, ct);
        if (check.Block != ErasureBlock.None) return check;

        var id = user.Id;
        var now = clock.GetUtcNow().UtcDateTime;
        var profile = await db.PersonProfiles.AsNoTracking().FirstOrDefaultAsync(p => p.UserId == id, ct);
        var identifiers = new[] { user.Email, user.UserName, user.DisplayName, profile?.Name }
            .Where(s => s is { Length: >= ShortestScrubbed }).Select(s => s!.Trim()).Distinct(StringComparer.OrdinalIgnoreCase)
            .OrderByDescending(s => s.Length).ToList(); // the address before a name it may contain
        var email = user.Email ?? "";
        var emptied = await db.PartnerMembers.AsNoTracking().Where(m => m.UserId == id).Select(m => m.PartnerId)
            .Where(p => !db.PartnerMembers.Any(o => o.PartnerId == p && o.UserId != id)).ToListAsync(ct);

        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            if (profile is not null) await db.Set<OfferPerson>().Where(o => o.PersonProfileId == profile.Id).ExecuteDeleteAsync(ct);
            await db.PersonProfiles.Where(p => p.UserId == id).ExecuteDeleteAsync(ct);
            await db.PartnerMembers.Where(m => m.UserId == id).ExecuteDeleteAsync(ct);
            await db.MatchAlertSubscriptions.Where(s => s.UserId == id).ExecuteDeleteAsync(ct);
            await db.Notifications.Where(n => n.UserId == id).ExecuteDeleteAsync(ct);
            await db.Follows.Where(f => f.UserId == id).ExecuteDeleteAsync(ct);
            await db.DigestSubscriptions.Where(s => s.UserId == id).ExecuteDeleteAsync(ct);
            await db.Digests.Where(d => d.UserId == id).ExecuteDeleteAsync(ct);
            await db.ConsentRecords.Where(c => c.UserId == id).ExecuteDeleteAsync(ct);
            // Their event registrations and calendar feed go (a place they held is not passed on to the waiting list).
            await db.EventRegistrations.Where(r => r.UserId == id).ExecuteDeleteAsync(ct);
            await db.CalendarFeedTokens.Where(t => t.UserId == id).ExecuteDeleteAsync(ct);
            // Their progress on learning paths goes; the paths they assembled stay, no longer naming them.
            await db.LearningStepsDone.Where(d => d.UserId == id).ExecuteDeleteAsync(ct);
            await db.LearningPathFollows.Where(f => f.UserId == id).ExecuteDeleteAsync(ct);
            await db.LearningPaths.Where(p => p.CreatedBy == id).ExecuteUpdateAsync(s => s.SetProperty(x => x.CreatedBy, (string?)null), ct);
            var lowerEmail = email.ToLowerInvariant();
            await db.Invitations.Where(i => i.Email.ToLower() == lowerEmail).ExecuteDeleteAsync(ct);

            await db.Invitations.Where(i => i.InvitedBy == id).ExecuteUpdateAsync(s => s.SetProperty(x => x.InvitedBy, Placeholder), ct);
            await db.Invitations.Where(i => i.AcceptedBy == id).ExecuteUpdateAsync(s => s.SetProperty(x => x.AcceptedBy, (string?)null), ct);
            await db.MembershipApplications.Where(a => a.ApplicantId == id).ExecuteUpdateAsync(s => s.SetProperty(x => x.ApplicantId, Placeholder), ct);
            await db.MembershipApplications.Where(a => a.ReviewedBy == id).ExecuteUpdateAsync(s => s.SetProperty(x => x.ReviewedBy, (string?)null), ct);
            await db.Practices.Where(p => p.CreatedBy == id).ExecuteUpdateAsync(s => s.SetProperty(x => x.CreatedBy, (string?)null), ct);
            await db.Practices.Where(p => p.ContactUserId == id).ExecuteUpdateAsync(s => s.SetProperty(x => x.ContactUserId, (string?)null), ct);
            await db.Practices.Where(p => p.ValidatedBy == id).ExecuteUpdateAsync(s => s.SetProperty(x => x.ValidatedBy, (string?)null), ct);
            await db.PracticeAttachments.Where(a => a.CreatedBy == id).ExecuteUpdateAsync(s => s.SetProperty(x => x.CreatedBy, (string?)null), ct);
            await db.PracticeTransfers.Where(t => t.RecordedBy == id).ExecuteUpdateAsync(s => s.SetProperty(x => x.RecordedBy, (string?)null), ct);
            await db.PracticeRevisions.Where(r => r.UserId == id).ExecuteUpdateAsync(s => s.SetProperty(x => x.UserId, (string?)null), ct);
            await db.Offers.Where(o => o.CreatedBy == id).ExecuteUpdateAsync(s => s.SetProperty(x => x.CreatedBy, (string?)null), ct);
            await db.Requests.Where(r => r.CreatedBy == id).ExecuteUpdateAsync(s => s.SetProperty(x => x.CreatedBy, (string?)null), ct);
            await db.RequestSteps.Where(r => r.UserId == id).ExecuteUpdateAsync(s => s.SetProperty(x => x.UserId, (string?)null), ct);
            await db.ConversationMessages.Where(m => m.UserId == id).ExecuteUpdateAsync(s => s.SetProperty(x => x.UserId, (string?)null), ct);
            // Questions and answers stay with their organisation (its admins still accept answers); they no longer name the person.
            await db.HelpdeskQuestions.Where(q => q.UserId == id).ExecuteUpdateAsync(s => s.SetProperty(x => x.UserId, (string?)null), ct);
            await db.HelpdeskAnswers.Where(a => a.UserId == id).ExecuteUpdateAsync(s => s.SetProperty(x => x.UserId, (string?)null), ct);
            await db.Commitments.Where(c => c.CreatedBy == id).ExecuteUpdateAsync(s => s.SetProperty(x => x.CreatedBy, (string?)null), ct);
            await db.Events.Where(e => e.CreatedBy == id).ExecuteUpdateAsync(s => s.SetProperty(x => x.CreatedBy, (string?)null), ct);
            // Programmes and follow-up answers stay with their organisation; they no longer name the person.
            await db.Programmes.Where(p => p.CreatedBy == id).ExecuteUpdateAsync(s => s.SetProperty(x => x.CreatedBy, (string?)null), ct);
            await db.ProgrammeFollowUps.Where(f => f.AnsweredBy == id).ExecuteUpdateAsync(s => s.SetProperty(x => x.AnsweredBy, (string?)null), ct);
            await db.ProgressReports.Where(r => r.ReportedBy == id).ExecuteUpdateAsync(s => s.SetProperty(x => x.ReportedBy, (string?)null), ct);
            await db.TargetTextRevisions.Where(r => r.EditedBy == id).ExecuteUpdateAsync(s => s.SetProperty(x => x.EditedBy, (string?)null), ct);
            await db.VocabularyTerms.Where(v => v.CreatedBy == id).ExecuteUpdateAsync(s => s.SetProperty(x => x.CreatedBy, (string?)null), ct);
            await db.ApiKeys.Where(k => k.CreatedBy == id).ExecuteUpdateAsync(s => s.SetProperty(x => x.CreatedBy, (string?)null), ct);
            await db.AuditEntries.Where(e => e.UserId == id).ExecuteUpdateAsync(s => s.SetProperty(x => x.UserId, (string?)null), ct);
            await db.AbuseReports.Where(r => r.ReporterId == id).ExecuteUpdateAsync(s => s.SetProperty(x => x.ReporterId, (string?)null), ct);
            await db.AbuseReports.Where(r => r.AuthorId == id).ExecuteUpdateAsync(s => s.SetProperty(x => x.AuthorId, (string?)null), ct);
            await db.AbuseReports.Where(r => r.DecidedBy == id).ExecuteUpdateAsync(s => s.SetProperty(x => x.DecidedBy, (string?)null), ct);

            var indexedTextChanged = await ScrubTextsAsync(identifiers, ct);

            var deleted = await users.DeleteAsync(user);
            if (!deleted.Succeeded) throw new InvalidOperationException("The account could not be deleted: " + string.Join(", ", deleted.Errors.Select(e => e.Code)));
            db.AuditEntries.Add(new AuditEntry { At = now, Action = "account.erased", Subject = $"user/{id}" });
            if (indexedTextChanged) db.SearchLog.Add(new SearchLogEntry { ItemType = SearchLogWriter.Vocabulary, At = now });
            // The person's name and profile leave the cached pages of every node (the bulk deletes above evict this node's).
            else db.SearchLog.Add(new SearchLogEntry { ItemType = Infrastructure.Web.PageCacheTags.LogAll, At = now });
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        log.LogInformation("Account {UserId} erased at the person's request", id);
        if (emptied.Count > 0) await TellNetworkAdminsAsync(emptied, ct);
        return check;
    }

    /// <summary>
    /// Replaces each identifier (as written, in lower and in upper case) by the placeholder in every text column outside
    /// the reference data. Returns whether a table the search index reads was changed.
    /// </summary>
    private async Task<bool> ScrubTextsAsync(List<string> identifiers, CancellationToken ct)
    {
        if (identifiers.Count == 0) return false;
        var sql = db.GetService<ISqlGenerationHelper>();
        var forms = identifiers.SelectMany(i => new[] { i, i.ToLowerInvariant(), i.ToUpperInvariant() }).Distinct(StringComparer.Ordinal).ToList();
        var indexedChanged = false;
        foreach (var entity in db.Model.GetEntityTypes().Where(e => !e.IsOwned() && e.GetTableName() is not null && !ReferenceTypes.Contains(e.ClrType)
                     && e.ClrType != typeof(UserAccount)))
        {
            var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
            var columns = entity.GetProperties().Where(p => p.ClrType == typeof(string) && !p.IsKey() && !p.IsForeignKey())
                .Select(p => p.GetColumnName(table)).OfType<string>().Distinct().ToList();
            foreach (var column in columns)
            {
                // One statement a column: nested REPLACEs, and LIKE (whose wildcards can only widen the match) to skip rows.
                var c = sql.DelimitIdentifier(column);
                var replaced = c;
                var conditions = new List<string>();
                var parameters = new List<object> { Placeholder };
                foreach (var form in forms)
                {
                    parameters.Add(form);
                    replaced = $"REPLACE({replaced}, {{{parameters.Count - 1}}}, {{0}})";
                    parameters.Add("%" + form + "%");
                    conditions.Add($"{c} LIKE {{{parameters.Count - 1}}}");
                }
                // Only identifiers from the model are spliced in; every value is a parameter.
                var statement = $"UPDATE {sql.DelimitIdentifier(table.Name, table.Schema)} SET {c} = {replaced} WHERE {string.Join(" OR ", conditions)}";
                var changed = await db.Database.ExecuteSqlRawAsync(statement, parameters, ct);
                if (changed > 0 && IndexedTypes.Contains(entity.ClrType)) indexedChanged = true;
            }
        }
        return indexedChanged;
    }

    private async Task TellNetworkAdminsAsync(IReadOnlyList<int> partnerIds, CancellationToken ct)
    {
        var names = await db.Partners.AsNoTracking().Where(p => partnerIds.Contains(p.Id)).Select(p => p.Name).ToListAsync(ct);
        foreach (var admin in await users.GetUsersInRoleAsync(Roles.NetworkAdmin))
        {
            if (admin.Email is null || !admin.EmailConfirmed) continue;
            try
            {
                await mail.SendAsync(admin.Email, text["Privacy.Mail.Orphaned.Subject"],
                    string.Format(CultureInfo.CurrentCulture, text["Privacy.Mail.Orphaned.Body"], string.Join(", ", names)), ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogWarning(e, "Could not tell network admin {AdminId} that organisations have no members left", admin.Id);
            }
        }
    }
}
