using System.ComponentModel.DataAnnotations;
using LearningNetwork.Domain;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace LearningNetwork.Features.Privacy;

public sealed class EraseForm
{
    [Required(ErrorMessage = "Validation.Required"), StringLength(200, ErrorMessage = "Validation.TooLongField")]
    [DataType(DataType.Password), Display(Name = "Account.CurrentPassword")]
    public string Password { get; set; } = "";
}

/// <summary>
/// /{lang}/account/privacy: a signed-in person's data rights in one place. They download everything the site holds about
/// them (<see cref="PersonalDataExport"/>), see what they agreed to and when (and accept a changed notice), and erase their
/// account after confirming with their password (<see cref="AccountEraser"/>; an organisation's last admin hands over first).
/// </summary>
[Authorize]
public sealed class PrivacyModel(UserManager<UserAccount> users, SignInManager<UserAccount> signIn, ConsentLog consents, AccountEraser eraser,
    IStringLocalizer<SharedResource> text) : PageModel
{
    [BindProperty] public EraseForm Form { get; set; } = new();
    public IReadOnlyList<ConsentRecord> Consents { get; private set; } = [];
    public bool ConsentIsCurrent { get; private set; }
    public ErasureCheck Check { get; private set; } = new(ErasureBlock.None, []);
    public bool Accepted { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? done, CancellationToken ct)
    {
        var user = await users.GetUserAsync(User);
        if (user is null) return Challenge();
        Accepted = done == "accepted";
        await LoadAsync(user, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostConsentAsync(CancellationToken ct)
    {
        var user = await users.GetUserAsync(User);
        if (user is null) return Challenge();
        await consents.RecordAsync(user.Id, "accepted-change", ct);
        return LocalRedirect($"/{Infrastructure.Localization.LocalizationSetup.CurrentLanguage}/account/privacy?done=accepted");
    }

    public async Task<IActionResult> OnPostEraseAsync(CancellationToken ct)
    {
        var user = await users.GetUserAsync(User);
        if (user is null) return Challenge();
        if (ModelState.IsValid && !await users.CheckPasswordAsync(user, Form.Password))
            ModelState.AddModelError("Form.Password", text["Account.WrongCurrentPassword"]);
        if (!ModelState.IsValid)
        {
            await LoadAsync(user, ct);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        var outcome = await eraser.EraseAsync(user, ct);
        if (outcome.Block != ErasureBlock.None)
        {
            await LoadAsync(user, ct);
            Response.StatusCode = StatusCodes.Status409Conflict;
            return Page();
        }
        await signIn.SignOutAsync();
        return LocalRedirect($"/{Infrastructure.Localization.LocalizationSetup.CurrentLanguage}/account/erased");
    }

    private async Task LoadAsync(UserAccount user, CancellationToken ct)
    {
        Consents = await consents.OfAsync(user.Id, ct);
        ConsentIsCurrent = consents.IsCurrent(Consents);
        Check = await eraser.CheckAsync(user, ct);
    }
}
