using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using LearningNetwork.Data;
using LearningNetwork.Domain;
using LearningNetwork.Features.Practices;
using LearningNetwork.Features.Search;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LearningNetwork.Features.Translation;

/// <summary>One field of an item as written, in the language it is written in.</summary>
public sealed record SourceField(string Name, string Text, string Language)
{
    public string Hash { get; } = MachineTranslations.Hash(Text);
}

/// <summary>
/// An item whose texts can be translated: its kind and id, the organisation that owns it (and may review its
/// translations; none for conversations, whose messages are only machine-translated), its page under /{lang}/, its main
/// language and its fields in order.
/// </summary>
public sealed record TranslatableItem(string Kind, int Id, int? OwnerPartnerId, string Path, string Language, IReadOnlyList<SourceField> Fields);

public enum TranslationStatus { NotNeeded, Unavailable, Offered, Queued, Failed, Done }

/// <summary>
/// What a page shows about the translation of an item into the reader's language: the state, the current translated
/// texts by field (those made from the text as it is now; possibly some only), the engine and the reviewer.
/// </summary>
public sealed record TranslationState(TranslatableItem Item, string Target, TranslationStatus Status, IReadOnlyDictionary<string, ContentTranslation> Current,
    string? Engine, bool Reviewed, int? ReviewedByPartnerId, string? ReviewerName)
{
    /// <summary>The translated text of a field when there is a current one, else null (show the original).</summary>
    public string? Text(string field) => Current.TryGetValue(field, out var t) ? t.Text : null;
}

/// <summary>What <c>_TranslationPanel</c> draws: the state, whether the reader asked for the original, whether they may review, the languages' names.</summary>
public sealed record TranslationPanel(TranslationState State, bool ShowingOriginal, bool CanReview, string SourceLanguageName, string TargetLanguageName, string? Outcome)
{
    /// <summary>Whether the page shows translated texts (there are some, and the reader did not ask for the original).</summary>
    public bool Translated => !ShowingOriginal && State.Current.Count > 0;

    /// <summary>The field's text to show and its language: the translation when shown, else the original.</summary>
    public (string Text, string Language) Shown(string field, string original, string originalLanguage) =>
        Translated && State.Text(field) is { } t ? (t, State.Target) : (original, originalLanguage);
}

public enum RequestOutcome { Queued, AlreadyQueued, AlreadyDone, NoRoute, NotNeeded, Busy }

/// <summary>
/// The translations of the site's texts (practices, offers, requests, partner descriptions, conversation messages) into a
/// reader's language: which items and fields there are (<see cref="FindAsync"/>, which also decides who may read them),
/// their state for a page, a reader's request (a <see cref="TranslationJob"/> row), and the owners' review. Translations are
/// <see cref="ContentTranslation"/> rows keyed by the SHA-256 of the source text, so an edited original has none until it
/// is translated again.
/// </summary>
public sealed class MachineTranslations(LearningNetworkDb db, IMachineTranslator engine, PracticeEditor practices, IOptions<MachineTranslationOptions> options,
    TimeProvider clock)
{
    public static readonly IReadOnlyList<string> Kinds = ["practice", "offer", "request", "partner", "conversation"];

    /// <summary>Practice fields in the order of the page, with their resource keys.</summary>
    public static readonly IReadOnlyList<(string Field, string Key, Func<PracticeText, string?> Value)> PracticeFields =
    [
        ("title", "Practice.Title", t => t.Title), ("summary", "Practice.Summary", t => t.Summary), ("description", "Practice.Description", t => t.Description),
        ("challenge", "Practice.Challenge", t => t.Challenge), ("policy-background", "Practice.PolicyBackground", t => t.PolicyBackground),
        ("objectives", "Practice.Objectives", t => t.Objectives), ("actions", "Practice.Actions", t => t.Actions),
        ("how-blocks-fit", "Practice.HowBlocksFit", t => t.HowBlocksFit), ("stakeholders", "Practice.Stakeholders", t => t.Stakeholders),
        ("beneficiaries", "Practice.Beneficiaries", t => t.Beneficiaries), ("costs-benefits", "Practice.CostsBenefits", t => t.CostsBenefits),
        ("co-benefits", "Practice.CoBenefits", t => t.CoBenefits), ("success-factors", "Practice.SuccessFactors", t => t.SuccessFactors),
        ("difficulties", "Practice.Difficulties", t => t.Difficulties), ("transferability", "Practice.Transferability", t => t.Transferability),
    ];

    public string EngineName => engine.Name;

    public static string Hash(string text) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text))).ToLowerInvariant();

    /// <summary>
    /// The item as <paramref name="user"/> may read it, or null (missing, or hidden from them: a practice not yet public
    /// outside its organisation and the moderators, a conversation outside its two organisations). A null user is the
    /// worker, which reads everything.
    /// </summary>
    public async Task<TranslatableItem?> FindAsync(string kind, int id, ClaimsPrincipal? user, CancellationToken ct)
    {
        switch (kind)
        {
            case "practice":
            {
                var p = await db.Practices.AsNoTracking().Include(x => x.Texts).FirstOrDefaultAsync(x => x.Id == id, ct);
                if (p is null) return null;
                if (user is not null && p.Stage is not (PracticeStage.Published or PracticeStage.Archived)
                    && !(await practices.RightsAsync(user, p, ct)).CanSee(p)) return null;
                var original = p.Texts.FirstOrDefault(t => t.Language == p.OriginalLanguage) ?? p.Texts.FirstOrDefault();
                if (original is null) return null;
                return new TranslatableItem(kind, id, p.PartnerId, $"practices/{p.Slug}", original.Language,
                    [.. PracticeFields.Select(f => (f.Field, Text: f.Value(original))).Where(f => !string.IsNullOrWhiteSpace(f.Text))
                        .Select(f => new SourceField(f.Field, f.Text!, original.Language))]);
            }
            case "offer":
            {
                var o = await db.Offers.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct);
                return o is null ? null : new TranslatableItem(kind, id, o.PartnerId, $"marketplace/offers/{o.Slug}", o.Language,
                    [new SourceField("title", o.Title, o.Language), new SourceField("description", o.Description, o.Language)]);
            }
            case "request":
            {
                var r = await db.Requests.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct);
                return r is null ? null : new TranslatableItem(kind, id, r.PartnerId, $"marketplace/requests/{r.Slug}", r.Language,
                    [new SourceField("title", r.Title, r.Language), new SourceField("description", r.Description, r.Language)]);
            }
            case "partner":
            {
                var p = await db.Partners.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct);
                return p is null ? null : new TranslatableItem(kind, id, p.Id, $"partners/{p.Slug}", p.DescriptionLanguage,
                    string.IsNullOrWhiteSpace(p.Description) ? [] : [new SourceField("description", p.Description, p.DescriptionLanguage)]);
            }
            case "conversation":
            {
                var c = await db.Conversations.AsNoTracking().Include(x => x.Messages).FirstOrDefaultAsync(x => x.Id == id, ct);
                if (c is null) return null;
                if (user is not null)
                {
                    var userId = PracticeEditor.UserId(user);
                    if (userId is null || !await db.PartnerMembers.AnyAsync(m => m.UserId == userId && (m.PartnerId == c.OwnerPartnerId || m.PartnerId == c.OtherPartnerId), ct))
                        return null;
                }
                var language = c.RequestId is { } r ? await db.Requests.Where(x => x.Id == r).Select(x => x.Language).FirstOrDefaultAsync(ct)
                    : await db.Offers.Where(x => x.Id == c.OfferId).Select(x => x.Language).FirstOrDefaultAsync(ct);
                language ??= "en";
                // Messages carry no language: the one their words show, else the item's.
                return new TranslatableItem(kind, id, null, $"marketplace/conversations/{id}", language,
                    [.. c.Messages.OrderBy(m => m.At).ThenBy(m => m.Id).Select(m => new SourceField($"message-{m.Id}", m.Text, LanguageGuesser.Guess(m.Text) ?? language))]);
            }
            default:
                return null;
        }
    }

    /// <summary>The fields that need translating into <paramref name="target"/> and that this site can translate.</summary>
    private async Task<List<SourceField>> NeededAsync(TranslatableItem item, string target, CancellationToken ct)
    {
        var needed = new List<SourceField>();
        var routes = new Dictionary<string, bool>();
        foreach (var f in item.Fields.Where(f => f.Language != target))
        {
            if (!routes.TryGetValue(f.Language, out var has)) routes[f.Language] = has = await engine.RouteAsync(f.Language, target, ct) is not null;
            if (has) needed.Add(f);
        }
        return needed;
    }

    /// <summary>The state of the item's translation into <paramref name="target"/>.</summary>
    public async Task<TranslationState> StateAsync(TranslatableItem item, string target, CancellationToken ct)
    {
        var rows = await db.ContentTranslations.AsNoTracking()
            .Where(t => t.ContentKind == item.Kind && t.ContentId == item.Id && t.TargetLanguage == target).ToListAsync(ct);
        var current = new Dictionary<string, ContentTranslation>();
        foreach (var f in item.Fields)
        {
            var row = rows.Where(r => r.Field == f.Name && r.SourceHash == f.Hash && r.SourceLanguage == f.Language).OrderByDescending(r => r.Id).FirstOrDefault();
            if (row is not null) current[f.Name] = row;
        }
        var reviewed = current.Count > 0 && current.Values.All(r => r.Reviewed);
        var reviewer = reviewed ? current.Values.Select(r => r.ReviewedByPartnerId).FirstOrDefault(p => p is not null) : null;
        var reviewerName = reviewer is { } rp ? await db.Partners.AsNoTracking().Where(p => p.Id == rp).Select(p => p.Name).FirstOrDefaultAsync(ct) : null;
        var engineName = current.Values.Select(r => r.Engine).FirstOrDefault();

        TranslationStatus status;
        if (item.Fields.All(f => f.Language == target)) status = TranslationStatus.NotNeeded;
        else
        {
            var needed = await NeededAsync(item, target, ct);
            var pending = await db.TranslationJobs.AsNoTracking()
                .Where(j => j.ContentKind == item.Kind && j.ContentId == item.Id && j.TargetLanguage == target)
                .OrderByDescending(j => j.Id).Select(j => new { j.Status }).FirstOrDefaultAsync(ct);
            if (needed.Count > 0 && needed.All(f => current.ContainsKey(f.Name))) status = TranslationStatus.Done;
            else if (current.Count > 0 && needed.Count == 0) status = TranslationStatus.Done;
            else if (pending?.Status is TranslationJobStatus.Queued or TranslationJobStatus.Running) status = TranslationStatus.Queued;
            else if (needed.Count == 0) status = TranslationStatus.Unavailable;
            else if (pending?.Status == TranslationJobStatus.Failed) status = TranslationStatus.Failed;
            else status = TranslationStatus.Offered;
        }
        return new TranslationState(item, target, status, current, engineName, reviewed, reviewer, reviewerName);
    }

    /// <summary>The panel of a page showing <paramref name="item"/> to <paramref name="user"/> in <paramref name="target"/>.</summary>
    public async Task<TranslationPanel> PanelAsync(TranslatableItem item, string target, bool original, string? outcome, ClaimsPrincipal user, CancellationToken ct)
    {
        var state = await StateAsync(item, target, ct);
        var names = await db.Languages.AsNoTracking().Where(l => l.Code == item.Language || l.Code == target).ToDictionaryAsync(l => l.Code, l => l.NameNative, ct);
        var canReview = state.Status != TranslationStatus.NotNeeded && await MayReviewAsync(user, item, ct);
        return new TranslationPanel(state, original, canReview, names.GetValueOrDefault(item.Language, item.Language), names.GetValueOrDefault(target, target),
            outcome is "queued" or "busy" or "done" ? outcome : null);
    }

    /// <summary>Queues the item's translation into <paramref name="target"/> unless it is done, waiting already, impossible, or the queue is full.</summary>
    public async Task<RequestOutcome> RequestAsync(TranslatableItem item, string target, CancellationToken ct)
    {
        var state = await StateAsync(item, target, ct);
        switch (state.Status)
        {
            case TranslationStatus.NotNeeded: return RequestOutcome.NotNeeded;
            case TranslationStatus.Unavailable: return RequestOutcome.NoRoute;
            case TranslationStatus.Queued: return RequestOutcome.AlreadyQueued;
            case TranslationStatus.Done: return RequestOutcome.AlreadyDone;
        }
        if (await db.TranslationJobs.CountAsync(j => j.Status == TranslationJobStatus.Queued, ct) >= options.Value.MaxQueued) return RequestOutcome.Busy;
        db.TranslationJobs.Add(new TranslationJob
        {
            ContentKind = item.Kind, ContentId = item.Id, TargetLanguage = target, Status = TranslationJobStatus.Queued, RequestedAt = clock.GetUtcNow().UtcDateTime,
        });
        await db.SaveChangesAsync(ct);
        return RequestOutcome.Queued;
    }

    /// <summary>
    /// Who may correct and review the item's translations: members of the owning organisation, moderators and network
    /// admins. Conversations have no reviewer (their messages are the two organisations' own words).
    /// </summary>
    public async Task<bool> MayReviewAsync(ClaimsPrincipal user, TranslatableItem item, CancellationToken ct)
    {
        if (item.OwnerPartnerId is not { } owner || PracticeEditor.UserId(user) is not { } userId) return false;
        if (PracticeEditor.IsModerator(user)) return true;
        return await db.PartnerMembers.AnyAsync(m => m.PartnerId == owner && m.UserId == userId, ct);
    }

    /// <summary>
    /// Saves the reviewed texts (by field) as the translation of the source as it is now, marked reviewed by the owning
    /// organisation when the reviewer is its member (coordinators who are not are recorded as the network's). A field left
    /// empty keeps no translation. The caller has checked <see cref="MayReviewAsync"/>.
    /// </summary>
    public async Task SaveReviewAsync(TranslatableItem item, string target, IReadOnlyDictionary<string, string> texts, ClaimsPrincipal user, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var userId = PracticeEditor.UserId(user);
        var member = item.OwnerPartnerId is { } owner && await db.PartnerMembers.AnyAsync(m => m.PartnerId == owner && m.UserId == userId, ct);
        var rows = await db.ContentTranslations.Where(t => t.ContentKind == item.Kind && t.ContentId == item.Id && t.TargetLanguage == target).ToListAsync(ct);
        foreach (var f in item.Fields.Where(f => f.Language != target))
        {
            var row = rows.FirstOrDefault(r => r.Field == f.Name && r.SourceHash == f.Hash && r.SourceLanguage == f.Language);
            var text = texts.GetValueOrDefault(f.Name)?.Trim() ?? "";
            if (text.Length == 0)
            {
                if (row is not null) db.ContentTranslations.Remove(row);
                continue;
            }
            if (row is null)
            {
                row = new ContentTranslation
                {
                    ContentKind = item.Kind, ContentId = item.Id, Field = f.Name, SourceLanguage = f.Language, TargetLanguage = target, SourceHash = f.Hash,
                    Text = text, Engine = "person", TranslatedAt = now,
                };
                db.ContentTranslations.Add(row);
            }
            row.Text = text;
            row.Reviewed = true;
            row.ReviewedAt = now;
            row.ReviewedByPartnerId = member ? item.OwnerPartnerId : null;
        }
        db.AuditEntries.Add(new AuditEntry
        {
            At = now, UserId = userId, Action = "translation.reviewed", Subject = $"{item.Kind}/{item.Id}", Details = target,
        });
        await db.SaveChangesAsync(ct);
    }
}
