using System.Globalization;
using LearningNetwork.Data;
using LearningNetwork.Infrastructure.Localization;
using Microsoft.EntityFrameworkCore;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace LearningNetwork.Features.Commitments;

/// <summary>/{lang}/commitments/new: a member of an organisation (a network admin for any) records a commitment; it is public once saved.</summary>
[Authorize]
public sealed class NewModel(LearningNetwork.Features.Targets.TargetNames targetNames, LearningNetworkDb db, CommitmentEditor editor, IStringLocalizer<SharedResource> text) : CommitmentFormPage(targetNames, db, editor, text)
{
    /// <summary>The form, empty; with <paramref name="target"/> (framework:code, from a target's page: "commit to this
    /// target") that target already ticked when it exists.</summary>
    public async Task<IActionResult> OnGetAsync(string? target, CancellationToken ct)
    {
        var organisations = await Editor.WritableOrganisationsAsync(User, ct);
        if (organisations.Count == 0) return Forbid();
        await LoadChoicesAsync(organisations, ct);
        Form = new CommitmentForm
        {
            Partner = organisations.Count == 1 ? organisations[0].Id.ToString(CultureInfo.InvariantCulture) : null,
            Language = LocalizationSetup.CurrentLanguage,
            Targets = target is { Length: < 40 } && target.Split(':') is [var framework, var code]
                      && await Db.PolicyTargets.AsNoTracking().AnyAsync(t => t.FrameworkCode == framework && t.Code == code, ct) ? [target] : [],
        };
        PadRows(0);
        return Page();
    }

    /// <summary>The form's submission key (drawn when it is rendered): a second submission with it leads to the item the first created.</summary>
    [BindProperty] public string IdempotencyKey { get; set; } = LearningNetwork.Infrastructure.Web.CreateOnce.NewKey();

    public async Task<IActionResult> OnPostAsync(string? rows, [FromServices] LearningNetwork.Infrastructure.Web.CreateOnce once, CancellationToken ct)
    {
        var organisations = await Editor.WritableOrganisationsAsync(User, ct);
        if (organisations.Count == 0) return Forbid();
        await LoadChoicesAsync(organisations, ct);
        if (rows is not null)
        {
            PadRows(2);
            return Page();
        }
        var values = await ValidateAsync(null, organisations.Select(o => o.Id).ToList(), ct);
        if (values is null)
        {
            PadRows(0);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        return LocalRedirect(await once.RunAsync(IdempotencyKey, CommitmentEditor.UserId(User), async () =>
            $"/{LocalizationSetup.CurrentLanguage}/commitments/{(await Editor.CreateAsync(values, User, ct)).Id.ToString(CultureInfo.InvariantCulture)}?done=created", ct));
    }
}
