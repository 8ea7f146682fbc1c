using System.Globalization;
using LearningNetwork.Data;
using LearningNetwork.Domain;
using LearningNetwork.Features.Practices;
using LearningNetwork.Infrastructure.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace LearningNetwork.Features.Marketplace;

/// <summary>/{lang}/marketplace/offers/new and /requests/new: a member publishes an offer or a request for their organisation.</summary>
[Authorize]
public sealed class NewModel(LearningNetworkDb db, MarketplaceEditor editor) : ExchangeFormPage(db, editor)
{
    public async Task<IActionResult> OnGetAsync(string type, CancellationToken ct)
    {
        IsRequest = type == "requests";
        await LoadChoicesAsync(ct);
        if (Organisations.Count == 0) return Forbid();
        var lang = LocalizationSetup.CurrentLanguage;
        Form = new ExchangeForm
        {
            Partner = Organisations.Count == 1 ? Organisations[0].Id.ToString(CultureInfo.InvariantCulture) : null, Language = lang, Languages = [lang],
            Format = "both", Cost = "free", Urgency = "normal", Kind = "expert-advice", Topic = "question",
        };
        return Page();
    }

    /// <summary>The form's submission key (drawn when it is rendered): a second submission with it leads to the item the first created.</summary>
    [BindProperty] public string IdempotencyKey { get; set; } = LearningNetwork.Infrastructure.Web.CreateOnce.NewKey();

    public async Task<IActionResult> OnPostAsync(string type, [FromServices] LearningNetwork.Infrastructure.Web.CreateOnce once, CancellationToken ct)
    {
        IsRequest = type == "requests";
        await LoadChoicesAsync(ct);
        if (Organisations.Count == 0) return Forbid();
        var (values, errors) = await Editor.ValidateAsync(Form, IsRequest, Organisations.Select(o => o.Id).ToList(), LocalizationSetup.CurrentLanguage, ct);
        if (values is null)
        {
            Errors = errors;
            return Invalid();
        }
        var user = PracticeEditor.UserId(User);
        return LocalRedirect(await once.RunAsync(IdempotencyKey, user, async () =>
        {
            var slug = IsRequest ? (await Editor.CreateRequestAsync(values, user, ct)).Slug : (await Editor.CreateOfferAsync(values, user, ct)).Slug;
            return $"/{LocalizationSetup.CurrentLanguage}/marketplace/{type}/{slug}?done=saved";
        }, ct));
    }
}
