using LearningNetwork.Data;
using LearningNetwork.Domain;
using LearningNetwork.Features.Marketplace;
using LearningNetwork.Features.Programmes;
using LearningNetwork.Infrastructure.Localization;
using LearningNetwork.ReferenceData;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace LearningNetwork.Features.Events;

/// <summary>/{lang}/events/new: a member of an organisation (a network admin for any) announces an event it organises.</summary>
[Authorize]
public sealed class NewModel(LearningNetworkDb db, EventEditor editor, LearningNetwork.Features.Targets.TargetNames targetNames, CountryNames countryNames,
    IStringLocalizer<SharedResource> text, ProgrammeDesk programmes, Matchmaker matchmaker) : EventFormPage(db, editor, targetNames, countryNames, text)
{
    public async Task<IActionResult> OnGetAsync(string? programme, CancellationToken ct)
    {
        Creating = true;
        var organisations = await Editor.WritableOrganisationsAsync(User, ct);
        if (organisations.Count == 0) return Forbid();
        await LoadChoicesAsync(organisations, ct);
        var lang = LocalizationSetup.CurrentLanguage;
        Form = new EventForm
        {
            Partner = organisations.Count == 1 ? organisations[0].Id.ToString(System.Globalization.CultureInfo.InvariantCulture) : null,
            Language = lang, Languages = [lang], TimeZone = "Europe/Brussels", Kind = "webinar",
        };
        if (!string.IsNullOrEmpty(programme)) await PrefillAsync(programme, organisations, ct);
        return Page();
    }

    /// <summary>The form's submission key (drawn when it is rendered): a second submission with it leads to the item the first created.</summary>
    [BindProperty] public string IdempotencyKey { get; set; } = LearningNetwork.Infrastructure.Web.CreateOnce.NewKey();

    public async Task<IActionResult> OnPostAsync([FromServices] LearningNetwork.Infrastructure.Web.CreateOnce once, CancellationToken ct)
    {
        Creating = true;
        var organisations = await Editor.WritableOrganisationsAsync(User, ct);
        if (organisations.Count == 0) return Forbid();
        await LoadChoicesAsync(organisations, ct);
        var values = await ValidateAsync(null, organisations.Select(o => o.Id).ToList(), ct);
        if (values is null) return Page();
        // Created once per form (idempotency key); the visit of a programme goes back to its programme.
        return LocalRedirect(await once.RunAsync(IdempotencyKey, LearningNetwork.Features.Practices.PracticeEditor.UserId(User), async () =>
        {
            var created = await Editor.CreateAsync(values, User, ct);
            if (!string.IsNullOrEmpty(Form.Programme) && await programmes.LinkEventAsync(Form.Programme, created.Id, User, ct))
                return $"/{LocalizationSetup.CurrentLanguage}/programmes/{Form.Programme}?done=event";
            return $"/{LocalizationSetup.CurrentLanguage}/events/{created.Slug}?done=created";
        }, ct));
    }

    /// <summary>The visit of a programme the person may plan: its kind, texts, themes, targets and partners filled in.</summary>
    private async Task PrefillAsync(string slug, List<Domain.Partner> organisations, CancellationToken ct)
    {
        var p = await Db.Programmes.AsNoTracking().Include(x => x.Tags).Include(x => x.Peers).FirstOrDefaultAsync(x => x.Slug == slug, ct);
        if (p is null || p.Stage is not (ProgrammeStage.Accepted or ProgrammeStage.Reported) || !(await programmes.RightsAsync(User, p, ct)).CanPlan) return;
        var lang = LocalizationSetup.CurrentLanguage;
        var thesaurus = await matchmaker.ThesaurusAsync(Db, ct);
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        var partners = new[] { p.PartnerId }.Concat(p.SecondPartnerId is { } s ? [s] : []).Concat(p.Peers.Select(x => x.PartnerId)).ToList();
        var owner = partners.FirstOrDefault(id => organisations.Any(o => o.Id == id));
        Form.Programme = p.Slug;
        Form.Kind = Codes.Of(p.Kind == ProgrammeKind.PeerReview ? EventKind.PeerReviewMeeting : EventKind.StudyVisit);
        Form.Title = p.Title;
        Form.Language = p.Language;
        Form.Languages = [p.Language];
        Form.Summary = p.Description.Length > EventEditor.MaxSummary ? p.Description[..(EventEditor.MaxSummary - 1)] + "…" : p.Description;
        Form.Description = p.Agenda ?? p.Focus;
        if (owner != 0) Form.Partner = owner.ToString(inv);
        Form.CoOrganisers = partners.Where(id => id != owner).Select(id => id.ToString(inv)).ToList();
        Form.Themes = string.Join("; ", p.Tags.Where(t => t.Scheme == ProgrammeTagSchemes.Theme).Select(t => thesaurus.Label("gemet:" + t.Code, lang)));
        Form.Targets = p.Tags.Where(t => t.Scheme == ProgrammeTagSchemes.Target).Select(t => t.Code).ToList();
    }
}
