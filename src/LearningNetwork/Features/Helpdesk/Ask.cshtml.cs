using System.Globalization;
using LearningNetwork.Data;
using LearningNetwork.Domain;
using LearningNetwork.Features.Partners;
using LearningNetwork.Features.Practices;
using LearningNetwork.Infrastructure.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LearningNetwork.Features.Helpdesk;

/// <summary>
/// /{lang}/helpdesk/ask: a member asks the network a question for their organisation. A rejected form comes back with
/// everything typed and a message by each field, in the reader's language; a saved question is routed to the partners
/// whose expertise fits and the asker lands on its page.
/// </summary>
[Authorize]
public sealed class AskModel(LearningNetworkDb db, HelpdeskDesk desk, IOptions<HelpdeskOptions> options) : PageModel
{
    [BindProperty] public AskForm Form { get; set; } = new();
    public Dictionary<string, string> Errors { get; private set; } = [];
    public List<Partner> Organisations { get; private set; } = [];
    public IReadOnlyList<FilterChoice> Languages { get; private set; } = [];
    public IReadOnlyList<(string Code, IReadOnlyList<FilterChoice> Targets)> Frameworks { get; private set; } = [];
    public int ResponseWorkingDays => options.Value.ResponseWorkingDays;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        if (Organisations.Count == 0) return Forbid();
        var lang = LocalizationSetup.CurrentLanguage;
        Form = new AskForm { Partner = Organisations.Count == 1 ? Organisations[0].Id.ToString(CultureInfo.InvariantCulture) : null, Language = lang };
        return Page();
    }

    /// <summary>The form's submission key (drawn when it is rendered): a second submission with it leads to the item the first created.</summary>
    [BindProperty] public string IdempotencyKey { get; set; } = LearningNetwork.Infrastructure.Web.CreateOnce.NewKey();

    public async Task<IActionResult> OnPostAsync([FromServices] LearningNetwork.Infrastructure.Web.CreateOnce once, CancellationToken ct)
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
        return LocalRedirect(await once.RunAsync(IdempotencyKey, PracticeEditor.UserId(User), async () =>
            $"/{LocalizationSetup.CurrentLanguage}/helpdesk/{(await desk.AskAsync(values, PracticeEditor.UserId(User), ct)).Slug}?done=asked", ct));
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Organisations = await desk.OrganisationsAsync(User, ct);
        Languages = LanguageNames.Choices(await db.Languages.AsNoTracking().Select(l => l.Code).ToListAsync(ct));
        var targets = await db.PolicyTargets.AsNoTracking().OrderBy(t => t.FrameworkCode).ThenBy(t => t.SortOrder).ToListAsync(ct);
        var frameworks = await db.PolicyFrameworks.AsNoTracking().OrderBy(f => f.SortOrder).Select(f => f.Code).ToListAsync(ct);
        Frameworks = frameworks.Select(f => (f, (IReadOnlyList<FilterChoice>)targets.Where(t => t.FrameworkCode == f)
            .Select(t => new FilterChoice(t.FrameworkCode + ":" + t.Code, HttpContext.RequestServices.GetRequiredService<LearningNetwork.Features.Targets.TargetNames>().Label(t))).ToList())).ToList();
    }
}
