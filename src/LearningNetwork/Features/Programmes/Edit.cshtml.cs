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
/// /{lang}/programmes/{slug}/edit: the applying organisation corrects its application while it is still "applied". The
/// rights are checked on the server for GET and POST alike (<see cref="ProgrammeDesk.EditApplicationAsync"/>): a member of
/// another organisation gets 403, however they found the address; once the coordinators have decided, the page leads back
/// to the programme (GET) or answers 409 (POST: it has moved on). The form carries the version it was drawn from.
/// </summary>
[Authorize]
public sealed class EditModel(LearningNetworkDb db, ProgrammeDesk desk, Matchmaker matchmaker, IStringLocalizer<SharedResource> text) : PageModel
{
    [BindProperty] public ApplyForm Form { get; set; } = new();
    [BindProperty] public Guid Version { get; set; }
    public Dictionary<string, string> Errors { get; private set; } = [];
    public string Slug { get; private set; } = "";
    public string SavedTitle { get; private set; } = "";
    public string TitleLanguage { get; private set; } = "";
    public IReadOnlyList<FilterChoice> Partners { get; private set; } = [];
    public IReadOnlyList<FilterChoice> Kinds { get; private set; } = [];
    public IReadOnlyList<FilterChoice> Subjects { get; private set; } = [];
    public IReadOnlyList<FilterChoice> Languages { get; private set; } = [];
    public IReadOnlyList<FilterChoice> Targets { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string slug, CancellationToken ct)
    {
        var p = await FindAsync(slug, ct);
        if (p is null) return NotFound();
        if (!(await desk.RightsAsync(User, p, ct)).IsApplicant) return Forbid();
        if (p.Stage != ProgrammeStage.Applied) return LocalRedirect($"/{LocalizationSetup.CurrentLanguage}/programmes/{p.Slug}");
        await LoadAsync(p, ct);
        var lang = LocalizationSetup.CurrentLanguage;
        var thesaurus = await matchmaker.ThesaurusAsync(db, ct);
        var inv = CultureInfo.InvariantCulture;
        Form = new ApplyForm
        {
            Kind = Codes.Of(p.Kind), Title = p.Title, Description = p.Description, Subject = p.Subject is { } s ? Codes.Of(s) : null, Focus = p.Focus,
            Language = p.Language, SecondPartner = p.SecondPartnerId?.ToString(inv), StartsOn = p.StartsOn?.ToString("yyyy-MM-dd", inv),
            EndsOn = p.EndsOn?.ToString("yyyy-MM-dd", inv),
            Themes = string.Join("; ", p.Tags.Where(t => t.Scheme == ProgrammeTagSchemes.Theme).Select(t => thesaurus.Label("gemet:" + t.Code, lang))
                .Concat(LearningNetwork.Features.Themes.ThemeNames.Split(p.FreeKeywords))),
            Targets = p.Tags.Where(t => t.Scheme == ProgrammeTagSchemes.Target).Select(t => t.Code).ToList(),
        };
        Version = p.Version;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string slug, CancellationToken ct)
    {
        var p = await FindAsync(slug, ct);
        if (p is null) return NotFound();
        var rights = await desk.RightsAsync(User, p, ct);
        if (!rights.IsApplicant) return Forbid();
        await LoadAsync(p, ct);
        var tracked = await db.Programmes.AsTracking().FirstAsync(x => x.Id == p.Id, ct);
        var (outcome, errors) = await desk.EditApplicationAsync(tracked, Form, Version, rights, PracticeEditor.UserId(User), LocalizationSetup.CurrentLanguage, ct);
        switch (outcome)
        {
            case ProgrammeOutcome.Done:
                return LocalRedirect($"/{LocalizationSetup.CurrentLanguage}/programmes/{p.Slug}?done=edited");
            case ProgrammeOutcome.NotAllowed:
                return Forbid();
            default:
                // A conflict keeps what was typed and carries the saved version, so that a deliberate second try goes through.
                Errors = errors;
                if (outcome == ProgrammeOutcome.Conflict)
                    Version = await db.Programmes.AsNoTracking().Where(x => x.Id == p.Id).Select(x => x.Version).FirstAsync(ct);
                Response.StatusCode = outcome == ProgrammeOutcome.Conflict ? StatusCodes.Status409Conflict : StatusCodes.Status400BadRequest;
                return Page();
        }
    }

    private Task<Programme?> FindAsync(string slug, CancellationToken ct) =>
        slug.Length > 120 ? Task.FromResult<Programme?>(null) : db.Programmes.AsNoTracking().Include(x => x.Tags).FirstOrDefaultAsync(x => x.Slug == slug, ct);

    private async Task LoadAsync(Programme p, CancellationToken ct)
    {
        (Slug, SavedTitle, TitleLanguage) = (p.Slug, p.Title, p.Language);
        Partners = await db.Partners.AsNoTracking().Where(x => x.Id != p.PartnerId).OrderBy(x => x.Name).Select(x => new FilterChoice(x.Id.ToString(), x.Name)).ToListAsync(ct);
        Kinds = Codes.All<ProgrammeKind>().Select(k => new FilterChoice(k, text[$"Programme.Kind.{k}"])).ToList();
        Subjects = Codes.All<ReviewSubject>().Select(k => new FilterChoice(k, text[$"Programme.Subject.{k}"])).ToList();
        Languages = LanguageNames.Choices(await db.Languages.AsNoTracking().Select(l => l.Code).ToListAsync(ct));
        Targets = (await db.PolicyTargets.AsNoTracking().Where(t => t.FrameworkCode == "kmgbf").OrderBy(t => t.SortOrder).ToListAsync(ct))
            .Select(t => new FilterChoice(t.FrameworkCode + ":" + t.Code, HttpContext.RequestServices.GetRequiredService<LearningNetwork.Features.Targets.TargetNames>().Label(t))).ToList();
    }
}
