using System.Globalization;
using LearningNetwork.Data;
using LearningNetwork.Domain;
using LearningNetwork.Features.Marketplace;
using LearningNetwork.Features.Partners;
using LearningNetwork.Features.Practices;
using LearningNetwork.Infrastructure.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace LearningNetwork.Features.Programmes;

/// <summary>
/// /{lang}/programmes/apply: a member applies for a peer review, study visit or twinning for their organisation.
/// <c>?request={slug}</c> prefills the form from a closed marketplace request of one of the person's organisations (the
/// button on that request); the server checks again on saving that the request is closed and the applying partner's. A
/// rejected form comes back with everything typed and a message by each field.
/// </summary>
[Authorize]
public sealed class ApplyModel(LearningNetworkDb db, ProgrammeDesk desk, Matchmaker matchmaker, IStringLocalizer<SharedResource> text) : PageModel
{
    [BindProperty] public ApplyForm Form { get; set; } = new();
    public Dictionary<string, string> Errors { get; private set; } = [];
    public List<Partner> Organisations { get; private set; } = [];
    public IReadOnlyList<FilterChoice> Partners { get; private set; } = [];
    public IReadOnlyList<FilterChoice> Kinds { get; private set; } = [];
    public IReadOnlyList<FilterChoice> Subjects { get; private set; } = [];
    public IReadOnlyList<FilterChoice> Languages { get; private set; } = [];
    public IReadOnlyList<FilterChoice> Targets { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string? request, string? kind, CancellationToken ct)
    {
        await LoadAsync(ct);
        if (Organisations.Count == 0) return Forbid();
        var lang = LocalizationSetup.CurrentLanguage;
        Form = new ApplyForm
        {
            Partner = Organisations.Count == 1 ? Organisations[0].Id.ToString(CultureInfo.InvariantCulture) : null, Language = lang,
            Kind = Codes.Parse<ProgrammeKind>(kind) is { } k ? Codes.Of(k) : Codes.Of(ProgrammeKind.PeerReview),
        };
        var ids = Organisations.Select(o => o.Id).ToList();
        var source = string.IsNullOrEmpty(request) ? null : await db.Requests.AsNoTracking().Include(r => r.Tags)
            .FirstOrDefaultAsync(r => r.Slug == request && r.State == RequestState.Closed && ids.Contains(r.PartnerId), ct);
        if (source is not null)
        {
            var thesaurus = await matchmaker.ThesaurusAsync(db, ct);
            Form.Request = source.Slug;
            Form.Partner = source.PartnerId.ToString(CultureInfo.InvariantCulture);
            Form.Title = source.Title;
            Form.Description = source.Description;
            Form.Language = source.Language;
            Form.Kind = Codes.Of(source.Kind switch { ExchangeKind.StudyVisit => ProgrammeKind.StudyVisit, ExchangeKind.Mentoring => ProgrammeKind.Twinning, _ => ProgrammeKind.PeerReview });
            if (source.MatchedPartnerId is { } helper) Form.SecondPartner = helper.ToString(CultureInfo.InvariantCulture);
            Form.Themes = string.Join("; ", source.Tags.Where(t => t.Scheme == MarketTagSchemes.Theme).Select(t => thesaurus.Label("gemet:" + t.Code, lang))
                .Concat(LearningNetwork.Features.Themes.ThemeNames.Split(source.FreeKeywords)));
            Form.Targets = source.Tags.Where(t => t.Scheme == MarketTagSchemes.Target).Select(t => t.Code).ToList();
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        if (Organisations.Count == 0) return Forbid();
        var (values, errors) = await desk.ValidateAsync(Form, Organisations.Select(o => o.Id).ToList(), LocalizationSetup.CurrentLanguage, ct);
        if (values is null)
        {
            Errors = errors;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        var programme = await desk.ApplyAsync(values, PracticeEditor.UserId(User), ct);
        return LocalRedirect($"/{LocalizationSetup.CurrentLanguage}/programmes/{programme.Slug}?done=applied");
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Organisations = await desk.OrganisationsAsync(User, ct);
        Partners = await db.Partners.AsNoTracking().OrderBy(p => p.Name).Select(p => new FilterChoice(p.Id.ToString(), p.Name)).ToListAsync(ct);
        Kinds = Codes.All<ProgrammeKind>().Select(k => new FilterChoice(k, text[$"Programme.Kind.{k}"])).ToList();
        Subjects = Codes.All<ReviewSubject>().Select(k => new FilterChoice(k, text[$"Programme.Subject.{k}"])).ToList();
        Languages = LanguageNames.Choices(await db.Languages.AsNoTracking().Select(l => l.Code).ToListAsync(ct));
        Targets = (await db.PolicyTargets.AsNoTracking().Where(t => t.FrameworkCode == "kmgbf").OrderBy(t => t.SortOrder).ToListAsync(ct))
            .Select(t => new FilterChoice(t.FrameworkCode + ":" + t.Code, HttpContext.RequestServices.GetRequiredService<LearningNetwork.Features.Targets.TargetNames>().Label(t))).ToList();
    }
}
