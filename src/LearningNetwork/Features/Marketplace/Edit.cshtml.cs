using LearningNetwork.Data;
using LearningNetwork.Domain;
using LearningNetwork.Features.Practices;
using LearningNetwork.Infrastructure.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace LearningNetwork.Features.Marketplace;

/// <summary>
/// /{lang}/marketplace/offers/{slug}/edit and /requests/{slug}/edit: the owner edits an offer, or a request that is not
/// matched yet. An edit made on an older version is refused as a conflict and the form comes back as typed.
/// </summary>
[Authorize]
public sealed class EditModel(LearningNetworkDb db, MarketplaceEditor editor, Matchmaker matchmaker, IStringLocalizer<SharedResource> text) : ExchangeFormPage(db, editor)
{
    public string Slug { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(string type, string slug, CancellationToken ct)
    {
        IsRequest = type == "requests";
        Slug = slug;
        await LoadChoicesAsync(ct);
        if (IsRequest)
        {
            var r = await Db.Requests.AsNoTracking().Include(x => x.Tags).FirstOrDefaultAsync(x => x.Slug == slug, ct);
            if (r is null) return NotFound();
            if (Organisations.All(o => o.Id != r.PartnerId)) return Forbid();
            await FillAsync(r.PartnerId, r.Title, r.Description, r.Kind, r.Language, r.Format, r.Tags.Select(t => (t.Scheme, t.Code)), matchmaker, ct, r.FreeKeywords);
            (Form.Topic, Form.Urgency, Form.Deadline) = (Codes.Of(r.Topic), Codes.Of(r.Urgency), r.Deadline?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
            Version = r.Version;
        }
        else
        {
            var o = await Db.Offers.AsNoTracking().Include(x => x.Tags).Include(x => x.People).FirstOrDefaultAsync(x => x.Slug == slug, ct);
            if (o is null) return NotFound();
            if (Organisations.All(x => x.Id != o.PartnerId)) return Forbid();
            await FillAsync(o.PartnerId, o.Title, o.Description, o.Kind, o.Language, o.Format, o.Tags.Select(t => (t.Scheme, t.Code)), matchmaker, ct, o.FreeKeywords);
            var inv = System.Globalization.CultureInfo.InvariantCulture;
            (Form.Capacity, Form.Cost, Form.CostNote) = (o.Capacity?.ToString(inv), Codes.Of(o.Cost), o.CostNote);
            (Form.AvailableFrom, Form.AvailableUntil) = (o.AvailableFrom?.ToString("yyyy-MM-dd", inv), o.AvailableUntil?.ToString("yyyy-MM-dd", inv));
            Form.People = o.People.Select(p => p.PersonProfileId.ToString(inv)).ToList();
            Version = o.Version;
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string type, string slug, CancellationToken ct)
    {
        IsRequest = type == "requests";
        Slug = slug;
        await LoadChoicesAsync(ct);
        var writable = Organisations.Select(o => o.Id).ToList();
        var user = PracticeEditor.UserId(User);
        MarketOutcome outcome;
        if (IsRequest)
        {
            var r = await Db.Requests.Include(x => x.Tags).FirstOrDefaultAsync(x => x.Slug == slug, ct);
            if (r is null) return NotFound();
            if (!writable.Contains(r.PartnerId)) return Forbid();
            var (values, errors) = await Editor.ValidateAsync(Form, true, writable, LocalizationSetup.CurrentLanguage, ct);
            if (values is null) { Errors = errors; return Invalid(); }
            outcome = await Editor.UpdateRequestAsync(r, values, Version, user, ct);
        }
        else
        {
            var o = await Db.Offers.Include(x => x.Tags).Include(x => x.People).FirstOrDefaultAsync(x => x.Slug == slug, ct);
            if (o is null) return NotFound();
            if (!writable.Contains(o.PartnerId)) return Forbid();
            var (values, errors) = await Editor.ValidateAsync(Form, false, writable, LocalizationSetup.CurrentLanguage, ct);
            if (values is null) { Errors = errors; return Invalid(); }
            outcome = await Editor.UpdateOfferAsync(o, values, Version, user, ct);
        }
        switch (outcome)
        {
            case MarketOutcome.Done: return LocalRedirect($"/{LocalizationSetup.CurrentLanguage}/marketplace/{type}/{slug}?done=saved");
            case MarketOutcome.Conflict:
                Errors["Title"] = text["Market.Conflict"];
                return Invalid(StatusCodes.Status409Conflict);
            default:
                Errors["Title"] = text["Market.NotNow"];
                return Invalid();
        }
    }
}
