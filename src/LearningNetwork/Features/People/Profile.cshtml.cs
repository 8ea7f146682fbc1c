using System.Security.Claims;
using LearningNetwork.Data;
using LearningNetwork.Domain;
using LearningNetwork.Features.Partners;
using LearningNetwork.Infrastructure.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace LearningNetwork.Features.People;

public sealed class ProfileForm
{
    public string Name { get; set; } = "";
    public string? JobTitle { get; set; }
    public List<string> Languages { get; set; } = [];
    public string? Expertise { get; set; }
    /// <summary>The expertise text a "did you mean" was shown for (hidden; see <see cref="LearningNetwork.Features.Themes.ThemeNames.SeenSuffix"/>).</summary>
    [System.ComponentModel.DataAnnotations.DisplayFormat(ConvertEmptyStringToNull = false)] // sent empty at first: a person to ask
    public string? ExpertiseSeen { get; set; }
    public string NameVisibility { get; set; } = "Members";
    public string JobTitleVisibility { get; set; } = "Members";
    public string OrganisationVisibility { get; set; } = "Members";
    public string LanguagesVisibility { get; set; } = "Members";
    public string ExpertiseVisibility { get; set; } = "Members";
}

/// <summary>/{lang}/account/profile: a person's expert profile, with who may see each field.</summary>
[Authorize]
public sealed class ProfileModel(LearningNetworkDb db, TimeProvider clock, IStringLocalizer<SharedResource> text, Themes.ThemeNames themes) : PageModel
{
    [BindProperty] public ProfileForm Form { get; set; } = new();
    public Dictionary<string, string> Errors { get; } = [];
    public IReadOnlyList<FilterChoice> LanguageChoices { get; private set; } = [];
    public string? Organisation { get; private set; }
    public bool Saved { get; private set; }

    private string UserId => User.FindFirstValue(ClaimTypes.NameIdentifier)!;

    public async Task OnGetAsync(bool saved, CancellationToken ct)
    {
        Saved = saved;
        await LoadChoicesAsync(ct);
        var p = await db.PersonProfiles.AsNoTracking().FirstOrDefaultAsync(x => x.UserId == UserId, ct);
        if (p is null)
        {
            Form.Name = (await db.Users.Where(u => u.Id == UserId).Select(u => u.DisplayName).FirstOrDefaultAsync(ct)) ?? "";
            return;
        }
        var ids = p.Expertise.Split('|', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToList();
        Form = new ProfileForm
        {
            Name = p.Name, JobTitle = p.JobTitle, Languages = p.Languages.Split('|', StringSplitOptions.RemoveEmptyEntries).ToList(),
            Expertise = await themes.TextAsync(ids, p.FreeKeywords, LocalizationSetup.CurrentLanguage, ct), NameVisibility = p.NameVisibility.ToString(), JobTitleVisibility = p.JobTitleVisibility.ToString(),
            OrganisationVisibility = p.OrganisationVisibility.ToString(), LanguagesVisibility = p.LanguagesVisibility.ToString(),
            ExpertiseVisibility = p.ExpertiseVisibility.ToString(),
        };
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        await LoadChoicesAsync(ct);
        var name = Form.Name.Trim();
        if (name.Length == 0) Errors["Name"] = text["Validation.Required"];
        else if (name.Length > 200) Errors["Name"] = text["Validation.TooLong200"];
        if (Form.JobTitle is { Length: > 200 }) Errors["JobTitle"] = text["Validation.TooLong200"];
        var known = LanguageChoices.Select(c => c.Value).ToHashSet();
        if (Form.Languages.Count > Membership.MembershipService.MaxLanguages || Form.Languages.Any(l => !known.Contains(l))) Errors["Languages"] = text["Validation.UnknownChoice"];
        var visibilities = new Dictionary<string, string>
        {
            ["NameVisibility"] = Form.NameVisibility, ["JobTitleVisibility"] = Form.JobTitleVisibility, ["OrganisationVisibility"] = Form.OrganisationVisibility,
            ["LanguagesVisibility"] = Form.LanguagesVisibility, ["ExpertiseVisibility"] = Form.ExpertiseVisibility,
        };
        var parsed = new Dictionary<string, Visibility>();
        foreach (var (field, value) in visibilities)
            if (Enum.TryParse<Visibility>(value, out var v) && Enum.IsDefined(v) && !int.TryParse(value, out _)) parsed[field] = v;
            else Errors[field] = text["Validation.UnknownChoice"];

        // Expertise is a theme field like every other: concepts in one's own words, the rest kept as free keywords.
        var expertise = await themes.FieldAsync(Form.Expertise, LocalizationSetup.CurrentLanguage, false, Form.ExpertiseSeen, ct);
        if (!expertise.Ok) Errors["Expertise"] = text[expertise.ErrorKey!, expertise.ErrorArg ?? ""];
        if (Errors.Count > 0) return Page();

        var profile = await db.PersonProfiles.FirstOrDefaultAsync(x => x.UserId == UserId, ct);
        if (profile is null)
        {
            profile = new PersonProfile { UserId = UserId, Name = name };
            db.PersonProfiles.Add(profile);
        }
        profile.Name = name;
        profile.JobTitle = string.IsNullOrWhiteSpace(Form.JobTitle) ? null : Form.JobTitle.Trim();
        profile.Languages = string.Join('|', Form.Languages.Distinct());
        profile.Expertise = string.Join('|', expertise.Concepts);
        profile.FreeKeywords = expertise.Keywords;
        profile.NameVisibility = parsed["NameVisibility"];
        profile.JobTitleVisibility = parsed["JobTitleVisibility"];
        profile.OrganisationVisibility = parsed["OrganisationVisibility"];
        profile.LanguagesVisibility = parsed["LanguagesVisibility"];
        profile.ExpertiseVisibility = parsed["ExpertiseVisibility"];
        profile.PartnerId = await db.PartnerMembers.Where(m => m.UserId == UserId).OrderBy(m => m.Since).Select(m => (int?)m.PartnerId).FirstOrDefaultAsync(ct);
        profile.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        db.AuditEntries.Add(new AuditEntry { At = profile.UpdatedAt, UserId = UserId, Action = "profile.saved", Subject = $"user/{UserId}" });
        await db.SaveChangesAsync(ct);
        return LocalRedirect($"/{LocalizationSetup.CurrentLanguage}/account/profile?saved=true");
    }

    private async Task LoadChoicesAsync(CancellationToken ct)
    {
        LanguageChoices = LanguageNames.Choices(await db.Languages.AsNoTracking().Select(l => l.Code).ToListAsync(ct));
        Organisation = await db.PartnerMembers.Where(m => m.UserId == UserId).Join(db.Partners, m => m.PartnerId, p => p.Id, (m, p) => p.Name).FirstOrDefaultAsync(ct);
    }
}
