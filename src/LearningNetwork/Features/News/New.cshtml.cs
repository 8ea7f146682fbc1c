using LearningNetwork.Data;
using LearningNetwork.Features.Themes;
using LearningNetwork.Infrastructure.Localization;
using LearningNetwork.Infrastructure.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace LearningNetwork.Features.News;

/// <summary>/{lang}/news/new: coordinators publish news of the network or of any partner; members of a partner news of it.</summary>
[Authorize]
public sealed class NewModel(LearningNetworkDb db, NewsEditor editor, ThemeNames themes) : NewsFormPage(db, editor, themes)
{
    public override bool Creating => true;
    /// <summary>The form's submission key (drawn when it is rendered): a second submission with it leads to the item the first created.</summary>
    [BindProperty] public string IdempotencyKey { get; set; } = CreateOnce.NewKey();

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await LoadChoicesAsync(ct)) return Forbid();
        Form = new NewsForm { Language = LocalizationSetup.CurrentLanguage, Partner = NetworkChoice || Partners.Count != 1 ? null : Partners[0].Value };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync([FromServices] CreateOnce once, CancellationToken ct)
    {
        if (!await LoadChoicesAsync(ct)) return Forbid();
        var (values, errors) = await Editor.ValidateAsync(Form, null, User, LocalizationSetup.CurrentLanguage, ct);
        if (values is null)
        {
            Errors = errors;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        return LocalRedirect(await once.RunAsync(IdempotencyKey, Practices.PracticeEditor.UserId(User), async () =>
            $"/{LocalizationSetup.CurrentLanguage}/news/{(await Editor.CreateAsync(values, User, ct)).Slug}?done=saved", ct));
    }
}
