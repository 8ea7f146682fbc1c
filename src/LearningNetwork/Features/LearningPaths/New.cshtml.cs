using LearningNetwork.Data;
using LearningNetwork.Features.Targets;
using LearningNetwork.Infrastructure.Localization;
using LearningNetwork.Infrastructure.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace LearningNetwork.Features.LearningPaths;

/// <summary>/{lang}/learning-paths/new: a coordinator assembles a path, its first version in the language chosen (the page's
/// by default). Created once per form (<see cref="CreateOnce"/>); a rejected form comes back with everything typed.</summary>
[Authorize]
public sealed class NewModel(LearningNetworkDb db, LearningPathEditor editor, TargetNames targetNames, SupportedLanguages languages)
    : PathFormPage(db, targetNames, languages)
{
    /// <summary>The form's submission key (drawn when it is rendered): a second submission with it leads to the path the first created.</summary>
    [BindProperty] public string IdempotencyKey { get; set; } = CreateOnce.NewKey();

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!LearningPathEditor.MayEdit(User)) return Forbid();
        await LoadChoicesAsync(ct);
        Form = new PathForm { Language = LocalizationSetup.CurrentLanguage };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync([FromServices] CreateOnce once, CancellationToken ct)
    {
        if (!LearningPathEditor.MayEdit(User)) return Forbid();
        await LoadChoicesAsync(ct);
        var (values, errors) = await editor.ValidateAsync(Form, LocalizationSetup.CurrentLanguage, ct);
        if (values is null)
        {
            Errors = errors;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        return LocalRedirect(await once.RunAsync(IdempotencyKey, UserId, async () =>
        {
            var path = await editor.CreateAsync(values, UserId, false, ct);
            return $"/{LocalizationSetup.CurrentLanguage}/learning-paths/{path.Slug}?done=saved";
        }, ct));
    }
}
