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

namespace LearningNetwork.Features.Marketplace;

/// <summary>The offer and request form, as typed: everything is a string until validated.</summary>
public sealed class ExchangeForm
{
    public string? Partner { get; set; }
    public string? Title { get; set; }
    public string? Description { get; set; }
    public string? Kind { get; set; }
    public string? Topic { get; set; }
    public string? Language { get; set; }
    public string? Themes { get; set; }
    /// <summary>The theme text a "did you mean" was shown for (hidden; see <see cref="ThemeNames.SeenSuffix"/>).</summary>
    [System.ComponentModel.DataAnnotations.DisplayFormat(ConvertEmptyStringToNull = false)] // sent empty at first: a person to ask
    public string? ThemesSeen { get; set; }
    public List<string> Targets { get; set; } = [];
    public List<string> Habitats { get; set; } = [];
    public List<string> Languages { get; set; } = [];
    public string? Format { get; set; }
    public string? Capacity { get; set; }
    public string? AvailableFrom { get; set; }
    public string? AvailableUntil { get; set; }
    public string? Cost { get; set; }
    public string? CostNote { get; set; }
    public string? Urgency { get; set; }
    public string? Deadline { get; set; }
    /// <summary>Offers: ids of the organisation's people involved.</summary>
    public List<string> People { get; set; } = [];
}

/// <summary>A valid form.</summary>
public sealed record ExchangeValues(int PartnerId, string Title, string Description, ExchangeKind Kind, RequestTopic Topic, string Language,
    List<int> Themes, List<string> Targets, List<string> Habitats, List<string> Languages, ExchangeFormat Format, int? Capacity,
    DateOnly? From, DateOnly? Until, CostTerms Cost, string? CostNote, Urgency Urgency, DateOnly? Deadline, List<int> People)
{
    /// <summary>The themes the thesaurus could not map, kept as free keywords ('; '-separated), or null.</summary>
    public string? Keywords { get; init; }
}

/// <summary>What a person may do with a request or an offer, for which of their organisations.</summary>
public sealed record ExchangeRights(bool IsOwner, bool IsMatched, IReadOnlyList<Partner> ActingFor)
{
    public bool CanAct => ActingFor.Count > 0;
}

public enum MarketOutcome { Done, NotAllowed, Invalid, Conflict }

/// <summary>
/// Validates and applies every change of the marketplace: offers and requests created and edited (an edit on an older
/// version is a conflict, never saved over the newer one), the request lifecycle, offers paused and closed, expressions
/// of interest, messages and feedback. Rights are checked here, for pages and API alike: a person acts only for an
/// organisation they belong to (network admins for any). Every step is recorded (request steps and the audit log), and
/// the people concerned are notified (in the app and by e-mail).
/// </summary>
public sealed class MarketplaceEditor(LearningNetworkDb db, ThemeNames themes, PracticeEditor practices, MarketNotifier notifier, TimeProvider clock,
    IStringLocalizer<SharedResource> text)
{
    public const int MaxTitle = 200, MaxDescription = 8000, MaxMessage = 4000, MaxNote = 2000;

    /// <summary>The transitions of a request a person may make, by state. Closing needs an outcome and the owner's feedback.</summary>
    public static readonly IReadOnlyDictionary<RequestState, RequestState[]> Transitions = new Dictionary<RequestState, RequestState[]>
    {
        [RequestState.Open] = [RequestState.InDiscussion, RequestState.Matched, RequestState.Closed],
        [RequestState.InDiscussion] = [RequestState.Open, RequestState.Matched, RequestState.Closed],
        [RequestState.Matched] = [RequestState.InProgress, RequestState.InDiscussion, RequestState.Closed],
        [RequestState.InProgress] = [RequestState.Closed],
        [RequestState.Closed] = [],
    };

    public Task<List<Partner>> OrganisationsAsync(ClaimsPrincipal user, CancellationToken ct) => practices.WritableOrganisationsAsync(user, ct);

    public async Task<ExchangeRights> RightsAsync(ClaimsPrincipal user, int ownerPartnerId, int? matchedPartnerId, CancellationToken ct)
    {
        var organisations = await OrganisationsAsync(user, ct);
        return new ExchangeRights(organisations.Any(o => o.Id == ownerPartnerId), matchedPartnerId is { } m && organisations.Any(o => o.Id == m), organisations);
    }

    /// <summary>Checks the form; errors are messages in the reader's language, by field name.</summary>
    public async Task<(ExchangeValues? Values, Dictionary<string, string> Errors)> ValidateAsync(ExchangeForm f, bool isRequest,
        IReadOnlyCollection<int> writable, string reader, CancellationToken ct)
    {
        var e = new Dictionary<string, string>();
        var inv = CultureInfo.InvariantCulture;
        var partnerId = 0;
        if (!int.TryParse(f.Partner, NumberStyles.None, inv, out partnerId) || !writable.Contains(partnerId)) e["Partner"] = text["Practice.BadPartner"];
        var title = f.Title?.Trim() ?? "";
        if (title.Length == 0) e["Title"] = text["Validation.Required"];
        else if (title.Length > MaxTitle) e["Title"] = text["Validation.TooLong", MaxTitle];
        var description = f.Description?.Trim() ?? "";
        if (description.Length < 20) e["Description"] = text["Market.DescriptionTooShort", 20];
        else if (description.Length > MaxDescription) e["Description"] = text["Validation.TooLong", MaxDescription];
        var kind = Codes.Parse<ExchangeKind>(f.Kind);
        if (kind is null) e["Kind"] = text["Validation.UnknownChoice"];
        var topic = isRequest ? Codes.Parse<RequestTopic>(f.Topic) : RequestTopic.Question;
        if (topic is null) e["Topic"] = text["Validation.UnknownChoice"];
        var language = f.Language?.Trim() ?? "";
        var knownLanguages = await db.Languages.AsNoTracking().Select(l => l.Code).ToListAsync(ct);
        if (!knownLanguages.Contains(language)) e["Language"] = text["Validation.UnknownChoice"];
        var theme = await themes.FieldAsync(f.Themes, reader, true, f.ThemesSeen, ct);
        if (!theme.Ok) e["Themes"] = text[theme.ErrorKey!, theme.ErrorArg ?? ""];
        var targets = f.Targets.Where(t => !string.IsNullOrWhiteSpace(t)).Distinct().ToList();
        if (targets.Count > 20) e["Targets"] = text["Validation.TooMany", 20];
        else if (targets.Count > 0)
        {
            var known = await db.PolicyTargets.AsNoTracking().Select(t => t.FrameworkCode + ":" + t.Code).ToListAsync(ct);
            if (targets.Any(t => !known.Contains(t))) e["Targets"] = text["Validation.UnknownChoice"];
        }
        var habitats = f.Habitats.Where(h => !string.IsNullOrWhiteSpace(h)).Distinct().ToList();
        if (habitats.Count > 10) e["Habitats"] = text["Validation.TooMany", 10];
        else if (habitats.Count > 0)
        {
            var known = await db.EunisHabitats.AsNoTracking().Where(h => habitats.Contains(h.Code)).Select(h => h.Code).Distinct().ToListAsync(ct);
            if (known.Count != habitats.Count) e["Habitats"] = text["Validation.UnknownChoice"];
        }
        var languages = f.Languages.Where(l => !string.IsNullOrWhiteSpace(l)).Distinct().ToList();
        if (languages.Count == 0) e["Languages"] = text["Market.LanguagesRequired"];
        else if (languages.Count > 12 || languages.Any(l => !knownLanguages.Contains(l))) e["Languages"] = text["Validation.UnknownChoice"];
        var format = Codes.Parse<ExchangeFormat>(f.Format);
        if (format is null) e["Format"] = text["Validation.UnknownChoice"];

        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        int? capacity = null;
        DateOnly? from = null, until = null, deadline = null;
        var cost = CostTerms.Free;
        string? costNote = null;
        var urgency = Domain.Urgency.Normal;
        var people = new List<int>();
        if (isRequest)
        {
            var u = Codes.Parse<Urgency>(f.Urgency);
            if (u is null) e["Urgency"] = text["Validation.UnknownChoice"]; else urgency = u.Value;
            if (!string.IsNullOrWhiteSpace(f.Deadline))
            {
                if (!DateOnly.TryParseExact(f.Deadline.Trim(), "yyyy-MM-dd", inv, DateTimeStyles.None, out var d)) e["Deadline"] = text["Practice.BadDate"];
                else if (d < today) e["Deadline"] = text["Market.DeadlinePassed"];
                else if (d > today.AddYears(5)) e["Deadline"] = text["Practice.BadDate"];
                else deadline = d;
            }
        }
        else
        {
            if (!string.IsNullOrWhiteSpace(f.Capacity))
            {
                if (!int.TryParse(f.Capacity.Trim(), NumberStyles.None, inv, out var c) || c < 1 || c > 1000) e["Capacity"] = text["Market.BadCapacity"];
                else capacity = c;
            }
            from = ParseDate(f.AvailableFrom, "AvailableFrom");
            until = ParseDate(f.AvailableUntil, "AvailableUntil");
            if (from is { } a && until is { } b && b < a) e["AvailableUntil"] = text["Market.UntilBeforeFrom"];
            var c2 = Codes.Parse<CostTerms>(f.Cost);
            if (c2 is null) e["Cost"] = text["Validation.UnknownChoice"]; else cost = c2.Value;
            costNote = string.IsNullOrWhiteSpace(f.CostNote) ? null : f.CostNote.Trim();
            if (costNote is { Length: > 300 }) e["CostNote"] = text["Validation.TooLong", 300];
            // The people involved belong to the offering organisation.
            var ids = f.People.Where(x => !string.IsNullOrWhiteSpace(x)).Distinct().ToList();
            foreach (var id in ids)
                if (int.TryParse(id, NumberStyles.None, inv, out var personId)) people.Add(personId);
                else e["People"] = text["Validation.UnknownChoice"];
            if (people.Count > 20) e["People"] = text["Validation.TooMany", 20];
            else if (people.Count > 0 && await db.PersonProfiles.CountAsync(p => people.Contains(p.Id) && p.PartnerId == partnerId, ct) != people.Count)
                e["People"] = text["Market.PeopleOfPartner"];
        }
        if (e.Count > 0) return (null, e);
        return (new ExchangeValues(partnerId, title, description, kind!.Value, topic!.Value, language, theme.Concepts, targets, habitats, languages, format!.Value,
            capacity, from, until, cost, costNote, urgency, deadline, people) { Keywords = theme.Keywords }, e);

        DateOnly? ParseDate(string? value, string field)
        {
            if (string.IsNullOrWhiteSpace(value)) return null;
            if (DateOnly.TryParseExact(value.Trim(), "yyyy-MM-dd", inv, DateTimeStyles.None, out var d) && d.Year is >= 2000 and <= 2100) return d;
            e[field] = text["Practice.BadDate"];
            return null;
        }
    }

    public async Task<Offer> CreateOfferAsync(ExchangeValues v, string? userId, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var offer = new Offer
        {
            Slug = await UniqueSlugAsync(v.Title, isRequest: false, ct), PartnerId = v.PartnerId, Language = v.Language, Title = v.Title, Description = v.Description,
            State = OfferState.Active, CreatedAt = now, UpdatedAt = now, CreatedBy = userId,
        };
        Apply(offer, v);
        db.Offers.Add(offer);
        db.AuditEntries.Add(new AuditEntry { At = now, UserId = userId, Action = "offer.created", Subject = $"offer/{offer.Slug}", Details = $"partner/{v.PartnerId}" });
        await db.SaveChangesAsync(ct);
        return offer;
    }

    public async Task<MarketOutcome> UpdateOfferAsync(Offer offer, ExchangeValues v, Guid version, string? userId, CancellationToken ct)
    {
        if (offer.Version != version) return MarketOutcome.Conflict;
        db.OfferTags.RemoveRange(offer.Tags);
        offer.Tags = [];
        db.RemoveRange(offer.People);
        offer.People = [];
        Apply(offer, v);
        var now = clock.GetUtcNow().UtcDateTime;
        offer.UpdatedAt = now;
        offer.Version = Guid.NewGuid();
        db.AuditEntries.Add(new AuditEntry { At = now, UserId = userId, Action = "offer.edited", Subject = $"offer/{offer.Slug}" });
        return await SaveAsync(ct);
    }

    public async Task<HelpRequest> CreateRequestAsync(ExchangeValues v, string? userId, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var request = new HelpRequest
        {
            Slug = await UniqueSlugAsync(v.Title, isRequest: true, ct), PartnerId = v.PartnerId, Language = v.Language, Title = v.Title, Description = v.Description,
            State = RequestState.Open, CreatedAt = now, UpdatedAt = now, CreatedBy = userId,
        };
        Apply(request, v);
        request.Steps.Add(new RequestStep { State = RequestState.Open, At = now, UserId = userId, PartnerId = v.PartnerId });
        db.Requests.Add(request);
        db.AuditEntries.Add(new AuditEntry { At = now, UserId = userId, Action = "request.created", Subject = $"request/{request.Slug}", Details = $"partner/{v.PartnerId}" });
        await db.SaveChangesAsync(ct);
        return request;
    }

    /// <summary>A request is edited while nobody has been matched with it yet.</summary>
    public async Task<MarketOutcome> UpdateRequestAsync(HelpRequest request, ExchangeValues v, Guid version, string? userId, CancellationToken ct)
    {
        // Rights are checked by the caller; a request matched meanwhile has moved on (409), it is not a refusal.
        if (request.Version != version || request.State is not (RequestState.Open or RequestState.InDiscussion)) return MarketOutcome.Conflict;
        db.RequestTags.RemoveRange(request.Tags);
        request.Tags = [];
        Apply(request, v);
        var now = clock.GetUtcNow().UtcDateTime;
        request.UpdatedAt = now;
        request.Version = Guid.NewGuid();
        db.AuditEntries.Add(new AuditEntry { At = now, UserId = userId, Action = "request.edited", Subject = $"request/{request.Slug}" });
        return await SaveAsync(ct);
    }

    /// <summary>Pauses, resumes or closes an offer. A closed offer stays closed.</summary>
    public async Task<MarketOutcome> SetOfferStateAsync(Offer offer, OfferState state, ExchangeRights rights, Guid version, string? userId, CancellationToken ct)
    {
        if (!rights.IsOwner) return MarketOutcome.NotAllowed;
        // A second click, or a tab opened before the offer was paused or closed: it has moved on (409), nobody is refused.
        if (offer.Version != version || offer.State == OfferState.Closed || offer.State == state) return MarketOutcome.Conflict;
        var now = clock.GetUtcNow().UtcDateTime;
        offer.State = state;
        offer.UpdatedAt = now;
        offer.Version = Guid.NewGuid();
        db.AuditEntries.Add(new AuditEntry { At = now, UserId = userId, Action = "offer." + Codes.Of(state), Subject = $"offer/{offer.Slug}" });
        return await SaveAsync(ct);
    }

    /// <summary>Moves a request along its lifecycle. Matching names the helping organisation (one the owner has talked
    /// with, or the owner of the chosen offer); closing needs an outcome and the owner's feedback.</summary>
    public async Task<(MarketOutcome Outcome, Dictionary<string, string> Errors)> MoveAsync(HelpRequest request, RequestState to, ExchangeRights rights,
        Guid version, StepInput input, string? userId, CancellationToken ct)
    {
        var errors = new Dictionary<string, string>();
        // Who may take the step comes first (403); then whether the request is still where the person saw it: a second
        // click or a stale tab carries an older version, or asks for a step the request has already left behind (409,
        // "this has already moved on"), which is no question of rights.
        var allowedByRole = rights.IsOwner || (to == RequestState.InProgress && rights.IsMatched);
        if (!allowedByRole) return (MarketOutcome.NotAllowed, errors);
        if (request.Version != version || !Transitions[request.State].Contains(to)) return (MarketOutcome.Conflict, errors);
        var note = string.IsNullOrWhiteSpace(input.Note) ? null : input.Note.Trim();
        if (note is { Length: > MaxNote }) errors["Note"] = text["Validation.TooLong", MaxNote];
        int? matchedPartner = null, matchedOffer = null;
        if (to == RequestState.Matched)
        {
            var candidates = await CandidatesAsync(request, ct);
            if (input.MatchWith is { } key && candidates.FirstOrDefault(c => c.Key == key) is { } chosen) (matchedPartner, matchedOffer) = (chosen.PartnerId, chosen.OfferId);
            else errors["MatchWith"] = text["Market.ChooseMatch"];
        }
        RequestOutcome? outcome = null;
        if (to == RequestState.Closed)
        {
            outcome = Codes.Parse<RequestOutcome>(input.Outcome);
            if (outcome is null) errors["Outcome"] = text["Market.ChooseOutcome"];
            ValidateFeedback(input.Rating, input.Feedback, errors);
        }
        if (errors.Count > 0) return (MarketOutcome.Invalid, errors);

        var now = clock.GetUtcNow().UtcDateTime;
        var actingFor = rights.IsOwner ? request.PartnerId : request.MatchedPartnerId;
        if (to == RequestState.Matched) (request.MatchedPartnerId, request.MatchedOfferId) = (matchedPartner, matchedOffer);
        if (to is RequestState.Open or RequestState.InDiscussion) (request.MatchedPartnerId, request.MatchedOfferId) = (null, null);
        if (to == RequestState.Closed)
        {
            request.Outcome = outcome;
            request.ClosedAt = now;
            db.RequestFeedback.Add(new RequestFeedback
            {
                RequestId = request.Id, Side = FeedbackSide.Requester, PartnerId = request.PartnerId, Rating = int.Parse(input.Rating!, CultureInfo.InvariantCulture),
                Text = input.Feedback!.Trim(), At = now,
            });
        }
        request.State = to;
        request.UpdatedAt = now;
        request.Version = Guid.NewGuid();
        db.RequestSteps.Add(new RequestStep { RequestId = request.Id, State = to, At = now, UserId = userId, PartnerId = actingFor, Note = note });
        db.AuditEntries.Add(new AuditEntry { At = now, UserId = userId, Action = "request." + Codes.Of(to), Subject = $"request/{request.Slug}", Details = note });
        var saved = await SaveAsync(ct);
        if (saved != MarketOutcome.Done) return (saved, errors);
        // Both organisations hear of every step: the owner's members and the helper's.
        var concerned = new[] { request.PartnerId, request.MatchedPartnerId ?? 0 }.Where(p => p > 0 && p != actingFor).Distinct().ToList();
        await notifier.NotifyAsync(concerned, "step", request.Title, $"/marketplace/requests/{request.Slug}", request.Language,
            text => text["Mail.MarketStep.Body", request.Title, text[$"Market.State.{Codes.Of(to)}"]], ct);
        return (MarketOutcome.Done, errors);
    }

    /// <summary>Who a request can be matched with: the organisations it is in conversation with, and the owners of
    /// their offers. The key is "partner:{id}" or "offer:{id}".</summary>
    public async Task<List<MatchCandidate>> CandidatesAsync(HelpRequest request, CancellationToken ct)
    {
        var partners = await db.Conversations.AsNoTracking().Where(c => c.RequestId == request.Id).Select(c => c.OtherPartnerId).Distinct().ToListAsync(ct);
        var offerConversations = await db.Conversations.AsNoTracking().Where(c => c.OfferId != null && c.OtherPartnerId == request.PartnerId)
            .Select(c => c.OfferId!.Value).ToListAsync(ct);
        var offers = await db.Offers.AsNoTracking().Where(o => offerConversations.Contains(o.Id) || partners.Contains(o.PartnerId))
            .Where(o => o.State != OfferState.Closed && o.PartnerId != request.PartnerId)
            .Select(o => new { o.Id, o.Title, o.PartnerId, Partner = o.Partner!.Name }).ToListAsync(ct);
        var names = await db.Partners.AsNoTracking().Where(p => partners.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Name, ct);
        var list = offers.Select(o => new MatchCandidate($"offer:{o.Id.ToString(CultureInfo.InvariantCulture)}", o.PartnerId, o.Id, $"{o.Partner} — {o.Title}")).ToList();
        list.AddRange(partners.Where(p => names.ContainsKey(p)).Select(p => new MatchCandidate($"partner:{p.ToString(CultureInfo.InvariantCulture)}", p, null, names[p])));
        return list;
    }

    /// <summary>The helping organisation's feedback on a closed request (the owner gives its own when closing).</summary>
    public async Task<(MarketOutcome Outcome, Dictionary<string, string> Errors)> GiveProviderFeedbackAsync(HelpRequest request, ExchangeRights rights,
        string? rating, string? feedback, string? userId, CancellationToken ct)
    {
        var errors = new Dictionary<string, string>();
        if (request.State != RequestState.Closed || !rights.IsMatched) return (MarketOutcome.NotAllowed, errors);
        // Given already (a second click): moved on, not refused.
        if (request.Feedback.Any(f => f.Side == FeedbackSide.Provider)) return (MarketOutcome.Conflict, errors);
        ValidateFeedback(rating, feedback, errors);
        if (errors.Count > 0) return (MarketOutcome.Invalid, errors);
        var now = clock.GetUtcNow().UtcDateTime;
        db.RequestFeedback.Add(new RequestFeedback
        {
            RequestId = request.Id, Side = FeedbackSide.Provider, PartnerId = request.MatchedPartnerId!.Value, Rating = int.Parse(rating!, CultureInfo.InvariantCulture),
            Text = feedback!.Trim(), At = now,
        });
        db.AuditEntries.Add(new AuditEntry { At = now, UserId = userId, Action = "request.feedback", Subject = $"request/{request.Slug}" });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            return (MarketOutcome.Conflict, errors); // the other member of the organisation was quicker
        }
        return (MarketOutcome.Done, errors);
    }

    /// <summary>An organisation says it is interested in a request (it can help) or an offer (it would like it): a
    /// conversation between the two organisations opens (or continues) with the message, and the owner is told.
    /// An open request moves to "in discussion".</summary>
    public async Task<(Conversation? Conversation, Dictionary<string, string> Errors)> ExpressInterestAsync(HelpRequest? request, Offer? offer,
        string? partner, string? message, IReadOnlyList<Partner> actingFor, string? userId, CancellationToken ct)
    {
        var errors = new Dictionary<string, string>();
        var ownerId = request?.PartnerId ?? offer!.PartnerId;
        if (!int.TryParse(partner, NumberStyles.None, CultureInfo.InvariantCulture, out var partnerId) || actingFor.All(o => o.Id != partnerId))
            errors["Partner"] = text["Practice.BadPartner"];
        else if (partnerId == ownerId) errors["Partner"] = text["Market.OwnItem"];
        var body = message?.Trim() ?? "";
        if (body.Length == 0) errors["Message"] = text["Validation.Required"];
        else if (body.Length > MaxMessage) errors["Message"] = text["Validation.TooLong", MaxMessage];
        if (request is { State: RequestState.Closed } || offer is { State: not OfferState.Active }) errors["Message"] = text["Market.NotOpen"];
        if (errors.Count > 0) return (null, errors);

        var now = clock.GetUtcNow().UtcDateTime;
        var conversation = await db.Conversations.FirstOrDefaultAsync(c => c.OtherPartnerId == partnerId
            && (request != null ? c.RequestId == request.Id : c.OfferId == offer!.Id), ct);
        if (conversation is null)
        {
            conversation = new Conversation { RequestId = request?.Id, OfferId = offer?.Id, OwnerPartnerId = ownerId, OtherPartnerId = partnerId, CreatedAt = now };
            db.Conversations.Add(conversation);
        }
        conversation.LastMessageAt = now;
        conversation.Messages.Add(new ConversationMessage { PartnerId = partnerId, UserId = userId, Text = body, At = now });
        if (request is { State: RequestState.Open })
        {
            request.State = RequestState.InDiscussion;
            request.UpdatedAt = now;
            request.Version = Guid.NewGuid();
            db.RequestSteps.Add(new RequestStep { RequestId = request.Id, State = RequestState.InDiscussion, At = now, UserId = userId, PartnerId = partnerId });
        }
        var subject = request is not null ? $"request/{request.Slug}" : $"offer/{offer!.Slug}";
        db.AuditEntries.Add(new AuditEntry { At = now, UserId = userId, Action = "marketplace.interest", Subject = subject, Details = $"partner/{partnerId}" });
        await db.SaveChangesAsync(ct);
        var title = request?.Title ?? offer!.Title;
        var from = actingFor.First(o => o.Id == partnerId).Name;
        await notifier.NotifyAsync([ownerId], "interest", title, $"/marketplace/conversations/{conversation.Id.ToString(CultureInfo.InvariantCulture)}",
            request?.Language ?? offer!.Language, t => t["Mail.MarketInterest.Body", from, title, body], ct);
        return (conversation, errors);
    }

    /// <summary>A message in a conversation, written for one of the two organisations.</summary>
    public async Task<Dictionary<string, string>> PostMessageAsync(Conversation conversation, string? message, IReadOnlyList<Partner> actingFor, string? userId,
        string title, string language, CancellationToken ct)
    {
        var errors = new Dictionary<string, string>();
        var side = actingFor.FirstOrDefault(o => o.Id == conversation.OwnerPartnerId) ?? actingFor.FirstOrDefault(o => o.Id == conversation.OtherPartnerId);
        if (side is null) throw new InvalidOperationException("The caller checks that the person belongs to one of the two organisations.");
        var body = message?.Trim() ?? "";
        if (body.Length == 0) errors["Message"] = text["Validation.Required"];
        else if (body.Length > MaxMessage) errors["Message"] = text["Validation.TooLong", MaxMessage];
        if (errors.Count > 0) return errors;
        var now = clock.GetUtcNow().UtcDateTime;
        db.ConversationMessages.Add(new ConversationMessage { ConversationId = conversation.Id, PartnerId = side.Id, UserId = userId, Text = body, At = now });
        await db.Conversations.Where(c => c.Id == conversation.Id).ExecuteUpdateAsync(s => s.SetProperty(c => c.LastMessageAt, now), ct);
        await db.SaveChangesAsync(ct);
        var other = side.Id == conversation.OwnerPartnerId ? conversation.OtherPartnerId : conversation.OwnerPartnerId;
        await notifier.NotifyAsync([other], "message", title, $"/marketplace/conversations/{conversation.Id.ToString(CultureInfo.InvariantCulture)}", language,
            t => t["Mail.MarketMessage.Body", side.Name, title, body], ct);
        return errors;
    }

    private void ValidateFeedback(string? rating, string? feedback, Dictionary<string, string> errors)
    {
        if (!int.TryParse(rating, NumberStyles.None, CultureInfo.InvariantCulture, out var r) || r is < 1 or > 5) errors["Rating"] = text["Market.ChooseRating"];
        var t = feedback?.Trim() ?? "";
        if (t.Length == 0) errors["Feedback"] = text["Validation.Required"];
        else if (t.Length > MaxMessage) errors["Feedback"] = text["Validation.TooLong", MaxMessage];
    }

    private static void Apply(Offer offer, ExchangeValues v)
    {
        (offer.PartnerId, offer.Title, offer.Description, offer.Kind, offer.Language, offer.Format) = (v.PartnerId, v.Title, v.Description, v.Kind, v.Language, v.Format);
        (offer.Capacity, offer.AvailableFrom, offer.AvailableUntil, offer.Cost, offer.CostNote) = (v.Capacity, v.From, v.Until, v.Cost, v.CostNote);
        offer.FreeKeywords = v.Keywords;
        foreach (var (scheme, code) in Tags(v)) offer.Tags.Add(new OfferTag { Scheme = scheme, Code = code });
        foreach (var person in v.People) offer.People.Add(new OfferPerson { PersonProfileId = person });
    }

    private static void Apply(HelpRequest request, ExchangeValues v)
    {
        (request.PartnerId, request.Title, request.Description, request.Kind, request.Topic, request.Language) = (v.PartnerId, v.Title, v.Description, v.Kind, v.Topic, v.Language);
        (request.Format, request.Urgency, request.Deadline) = (v.Format, v.Urgency, v.Deadline);
        request.FreeKeywords = v.Keywords;
        foreach (var (scheme, code) in Tags(v)) request.Tags.Add(new RequestTag { Scheme = scheme, Code = code });
    }

    private static IEnumerable<(string, string)> Tags(ExchangeValues v) =>
        v.Themes.Select(t => (MarketTagSchemes.Theme, t.ToString(CultureInfo.InvariantCulture)))
            .Concat(v.Targets.Select(t => (MarketTagSchemes.Target, t)))
            .Concat(v.Habitats.Select(h => (MarketTagSchemes.Habitat, h)))
            .Concat(v.Languages.Select(l => (MarketTagSchemes.Language, l)))
            .Distinct();

    private async Task<MarketOutcome> SaveAsync(CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return MarketOutcome.Done;
        }
        catch (DbUpdateConcurrencyException)
        {
            return MarketOutcome.Conflict;
        }
    }

    private async Task<string> UniqueSlugAsync(string title, bool isRequest, CancellationToken ct)
    {
        var slug = Slugs.From(title, 100);
        if (slug.Length == 0) slug = isRequest ? "request" : "offer";
        var candidate = slug;
        for (var i = 2; ; i++)
        {
            var taken = isRequest ? await db.Requests.AnyAsync(r => r.Slug == candidate, ct) : await db.Offers.AnyAsync(o => o.Slug == candidate, ct);
            if (!taken) return candidate;
            candidate = $"{slug}-{i.ToString(CultureInfo.InvariantCulture)}";
        }
    }
}

/// <summary>What a person types with a lifecycle step.</summary>
public sealed record StepInput(string? Note, string? MatchWith, string? Outcome, string? Rating, string? Feedback);

public sealed record MatchCandidate(string Key, int PartnerId, int? OfferId, string Label);
