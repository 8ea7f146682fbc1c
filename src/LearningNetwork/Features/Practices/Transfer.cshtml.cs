using System.Globalization;
using LearningNetwork.Data;
using LearningNetwork.Domain;
using LearningNetwork.Features.Partners;
using LearningNetwork.Infrastructure.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace LearningNetwork.Features.Practices;

/// <summary>
/// /{lang}/practices/{slug}/transfer: a member of another organisation records that it transferred or adapted this
/// published practice (all of it or some building blocks): when, what it changed, with what result, and optionally
/// its own practice that came of it. Both practices then show the link, and lists count it.
/// </summary>
[Authorize]
public sealed class TransferModel(PracticeCatalogue catalogue, PracticeEditor editor, LearningNetworkDb db, TimeProvider clock, IStringLocalizer<SharedResource> text) : PageModel
{
    [BindProperty] public string? Partner { get; set; }
    [BindProperty] public string? Scope { get; set; }
    [BindProperty] public List<string> Blocks { get; set; } = [];
    [BindProperty] public string? TransferredOn { get; set; }
    [BindProperty] public string? WhatChanged { get; set; }
    [BindProperty] public string? Result { get; set; }
    [BindProperty] public string? Adopted { get; set; }

    public Practice Practice { get; private set; } = null!;
    public string Title { get; private set; } = "";
    public IReadOnlyList<FilterChoice> Organisations { get; private set; } = [];
    public IReadOnlyList<FilterChoice> BlockChoices { get; private set; } = [];
    public IReadOnlyList<FilterChoice> OwnPractices { get; private set; } = [];
    public Dictionary<string, string> Errors { get; } = [];

    public async Task<IActionResult> OnGetAsync(string slug, CancellationToken ct)
    {
        var denied = await LoadAsync(slug, ct);
        if (denied is not null) return denied;
        Scope = "whole";
        if (Organisations.Count == 1) Partner = Organisations[0].Value;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string slug, CancellationToken ct)
    {
        var denied = await LoadAsync(slug, ct);
        if (denied is not null) return denied;
        var inv = CultureInfo.InvariantCulture;
        if (!int.TryParse(Partner, NumberStyles.None, inv, out var partnerId) || Organisations.All(o => o.Value != Partner)) Errors["Partner"] = text["Practice.BadPartner"];
        else if (partnerId == Practice.PartnerId) Errors["Partner"] = text["Transfer.OwnPractice"];
        var scope = Scope switch { "whole" => TransferScope.Whole, "blocks" => TransferScope.Blocks, _ => (TransferScope?)null };
        if (scope is null) Errors["Scope"] = text["Validation.UnknownChoice"];
        var blockIds = Blocks.Where(b => !string.IsNullOrEmpty(b)).Distinct().ToList();
        if (scope == TransferScope.Blocks && (blockIds.Count == 0 || blockIds.Any(b => BlockChoices.All(c => c.Value != b)))) Errors["Blocks"] = text["Transfer.ChooseBlocks"];
        DateOnly when = default;
        if (!DateOnly.TryParseExact(TransferredOn?.Trim(), "yyyy-MM-dd", inv, DateTimeStyles.None, out when) || when.Year < 1950
            || when > DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime).AddYears(1))
            Errors["TransferredOn"] = text["Practice.BadDate"];
        var changed = WhatChanged?.Trim() ?? "";
        if (changed.Length == 0) Errors["WhatChanged"] = text["Validation.Required"];
        else if (changed.Length > 4000) Errors["WhatChanged"] = text["Validation.TooLong", 4000];
        var result = string.IsNullOrWhiteSpace(Result) ? null : Result.Trim();
        if (result is { Length: > 4000 }) Errors["Result"] = text["Validation.TooLong", 4000];
        int? adopted = null;
        if (!string.IsNullOrEmpty(Adopted))
        {
            if (int.TryParse(Adopted, NumberStyles.None, inv, out var a) && OwnPractices.Any(o => o.Value == Adopted)) adopted = a;
            else Errors["Adopted"] = text["Validation.UnknownChoice"];
        }
        if (Errors.Count > 0)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var userId = PracticeEditor.UserId(User);
        db.PracticeTransfers.Add(new PracticeTransfer
        {
            SourcePracticeId = Practice.Id, AdoptingPartnerId = partnerId, AdoptedPracticeId = adopted, Scope = scope!.Value, TransferredOn = when,
            WhatChanged = changed, Result = result, CreatedAt = now, RecordedBy = userId,
            Blocks = scope == TransferScope.Blocks ? blockIds.Select(b => new PracticeTransferBlock { BuildingBlockId = int.Parse(b, inv) }).ToList() : [],
        });
        db.AuditEntries.Add(new AuditEntry { At = now, UserId = userId, Action = "practice.transferred", Subject = $"practice/{Practice.Slug}", Details = $"partner/{partnerId}" });
        await db.SaveChangesAsync(ct);
        return LocalRedirect($"/{LocalizationSetup.CurrentLanguage}/practices/{slug}?done=transferred#transfers-heading");
    }

    private async Task<IActionResult?> LoadAsync(string slug, CancellationToken ct)
    {
        var practice = await catalogue.FindAsync(slug, ct);
        if (practice is null || practice.Stage != PracticeStage.Published) return NotFound();
        var organisations = await editor.WritableOrganisationsAsync(User, ct);
        if (organisations.Count == 0) return Forbid();
        Practice = practice;
        var lang = LocalizationSetup.CurrentLanguage;
        Title = PracticeLanguage.Pick(practice, lang).Title;
        Organisations = organisations.Where(o => o.Id != practice.PartnerId).Select(o => new FilterChoice(o.Id.ToString(CultureInfo.InvariantCulture), o.Name)).ToList();
        if (Organisations.Count == 0) return Forbid();
        BlockChoices = practice.Blocks.OrderBy(b => b.Position)
            .Select(b => new FilterChoice(b.Id.ToString(CultureInfo.InvariantCulture), PracticeLanguage.PickBlock(b, lang, practice.OriginalLanguage).Title)).ToList();
        var orgIds = organisations.Select(o => o.Id).ToList();
        OwnPractices = (await db.Practices.AsNoTracking().Where(p => orgIds.Contains(p.PartnerId) && p.Id != practice.Id)
                .Select(p => new { p.Id, Title = p.Texts.Where(t => t.Language == p.OriginalLanguage).Select(t => t.Title).FirstOrDefault() }).ToListAsync(ct))
            .Select(p => new FilterChoice(p.Id.ToString(CultureInfo.InvariantCulture), p.Title ?? "")).OrderBy(p => p.Label, StringComparer.CurrentCulture).ToList();
        return null;
    }
}
