using System.Globalization;
using LearningNetwork.Data;
using LearningNetwork.Domain;
using LearningNetwork.Features.Accounts;
using LearningNetwork.Features.Partners;
using LearningNetwork.Features.Themes;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace LearningNetwork.Features.Membership;

/// <summary>The application form as typed: every value a string, so that nothing typed is lost when it is refused.
/// A field sent empty binds as "" (<see cref="Infrastructure.Web.EmptyFieldsBindAsText"/>), so validation answers "required".</summary>
public sealed class ApplicationForm
{
    public string Name { get; set; } = "";
    public string Type { get; set; } = "";
    public string Country { get; set; } = "";
    public string? Nuts { get; set; }
    public string? Lau { get; set; }
    /// <summary>ISO 3166-2 code (UA-46): where the country has no NUTS regions, or instead of NUTS.</summary>
    public string? Subdivision { get; set; }
    public string? Latitude { get; set; }
    public string? Longitude { get; set; }
    public List<string> Languages { get; set; } = [];
    public List<string> Biogeographical { get; set; } = [];
    public string? Themes { get; set; }
    /// <summary>The theme text a "did you mean" was shown for (hidden; see <see cref="ThemeNames.SeenSuffix"/>).</summary>
    [System.ComponentModel.DataAnnotations.DisplayFormat(ConvertEmptyStringToNull = false)] // sent empty at first: a person to ask
    public string? ThemesSeen { get; set; }
    public string? Website { get; set; }
    public string Description { get; set; } = "";
    /// <summary>The language the description is written in (any content language); empty means the page's language.</summary>
    public string? DescriptionLanguage { get; set; }
}

public enum ReviewDecision { Accept, RequestChanges, Reject }

/// <summary>
/// Membership: an organisation applies with its official data, network admins accept it, ask for changes or
/// reject it with a reason, and the applicant is told by e-mail. Every step is recorded in the audit log.
/// Validation answers with resource keys by field, shown next to the fields in the reader's language.
/// </summary>
public sealed class MembershipService(LearningNetworkDb db, ThemeNames themeNames, MailSender mail, UserManager<UserAccount> users,
    IStringLocalizer<SharedResource> text, TimeProvider clock, Places places, LearningNetwork.Infrastructure.SiteLinks links,
    Moderation.WaitingMail waiting)
{
    public const int MaxDescription = 4000;
    /// <summary>Working languages an organisation may tick: more than any organisation has, fewer than the content languages.</summary>
    public const int MaxLanguages = 30;
    /// <summary>How far (degrees) a point may lie outside its country's box: the boxes are rounded to 0.01°.</summary>
    private const double ExtentMargin = 0.1;

    /// <summary>The errors of a form, by field name (resource keys), the parsed theme ids, and the free keywords ('; '-separated).</summary>
    public async Task<(Dictionary<string, string> Errors, List<int> Themes, string? Keywords)> ValidateAsync(ApplicationForm f, string language, int? ignoreApplication, CancellationToken ct, int? ignorePartner = null)
    {
        var errors = new Dictionary<string, string>();
        var name = f.Name.Trim();
        if (name.Length == 0) errors["Name"] = "Validation.Required";
        else if (name.Length > 300) errors["Name"] = "Validation.TooLong300";
        var type = PartnerQueryParser.ParseType(f.Type);
        if (type is null) errors["Type"] = "Validation.UnknownChoice";
        var country = await db.Countries.AsNoTracking().FirstOrDefaultAsync(c => c.Code == f.Country, ct);
        if (country is null) errors["Country"] = "Validation.UnknownChoice";

        // Places (docs/regions.md): a NUTS code where the country has NUTS regions, an ISO 3166-2 subdivision anywhere
        // (the only administrative code outside NUTS), and a point; a region needs NUTS or a subdivision (or, outside NUTS, a point).
        var hasNuts = country is not null && (await places.CountriesWithNutsAsync(ct)).Contains(country.Code);
        var subdivision = f.Subdivision?.Trim().ToUpperInvariant();
        if (!string.IsNullOrEmpty(subdivision))
        {
            var place = subdivision.Length > 10 ? null
                : await db.Subdivisions.AsNoTracking().Where(s => s.Code == subdivision).Select(s => new { s.CountryCode }).FirstOrDefaultAsync(ct);
            if (place is null) errors["Subdivision"] = "Membership.SubdivisionUnknown";
            else if (country is not null && place.CountryCode != country.Code) errors["Subdivision"] = "Membership.SubdivisionOutsideCountry";
        }
        var nuts = f.Nuts?.Trim().ToUpperInvariant();
        if (string.IsNullOrEmpty(nuts))
        {
            if (type == PartnerType.Region && string.IsNullOrEmpty(subdivision))
            {
                if (hasNuts || country is null) errors["Nuts"] = "Membership.NutsRequired";
                else if (string.IsNullOrWhiteSpace(f.Latitude)) errors["Subdivision"] = "Membership.SubdivisionRequired";
            }
        }
        else
        {
            var region = await db.NutsRegions.AsNoTracking().Where(r => r.Code == nuts).Select(r => new { r.CountryCode, r.Level }).FirstOrDefaultAsync(ct);
            if (region is null) errors["Nuts"] = "Membership.NutsUnknown";
            else if (country is not null && region.CountryCode != country.EurostatCode) errors["Nuts"] = "Membership.NutsOutsideCountry";
            else if (type == PartnerType.Region && region.Level == 0) errors["Nuts"] = "Membership.NutsTooBroad";
        }
        if (f.Lau is { Length: > 20 }) errors["Lau"] = "Validation.TooLong20";
        var (lat, latOk) = Coordinate(f.Latitude, 90);
        var (lon, lonOk) = Coordinate(f.Longitude, 180);
        if (!latOk) errors["Latitude"] = "Membership.BadLatitude";
        if (!lonOk) errors["Longitude"] = "Membership.BadLongitude";
        if (latOk && lonOk && (lat is null) != (lon is null)) errors[lat is null ? "Latitude" : "Longitude"] = "Membership.PointIncomplete";
        else if (lat is { } la && lon is { } lo && country is not null && await places.ExtentAsync(country, ct) is { } box &&
                 (lo < box.MinLon - ExtentMargin || lo > box.MaxLon + ExtentMargin || la < box.MinLat - ExtentMargin || la > box.MaxLat + ExtentMargin))
            errors["Latitude"] = "Membership.PointOutsideCountry";
        if (type == PartnerType.Municipality && string.IsNullOrEmpty(f.Lau) && lat is null && string.IsNullOrEmpty(subdivision) && !errors.ContainsKey("Latitude"))
            errors["Lau"] = "Membership.LauOrPoint";

        var languages = await db.Languages.Select(l => l.Code).ToListAsync(ct);
        if (f.Languages.Count == 0) errors["Languages"] = "Membership.LanguagesRequired";
        else if (f.Languages.Any(l => !languages.Contains(l)) || f.Languages.Count > MaxLanguages) errors["Languages"] = "Validation.UnknownChoice";
        if (!string.IsNullOrEmpty(f.DescriptionLanguage) && !languages.Contains(f.DescriptionLanguage)) errors["DescriptionLanguage"] = "Validation.UnknownChoice";
        var bio = await db.BiogeographicalRegions.Select(r => r.Code).ToListAsync(ct);
        if (f.Biogeographical.Any(b => !bio.Contains(b)) || f.Biogeographical.Count > 14) errors["Biogeographical"] = "Validation.UnknownChoice";

        if (!string.IsNullOrWhiteSpace(f.Website) && !(f.Website.Length <= 500 && Uri.TryCreate(f.Website.Trim(), UriKind.Absolute, out var site) &&
                                                         site.Scheme is "https" or "http"))
            errors["Website"] = "Membership.BadWebsite";
        var description = f.Description.Trim();
        if (description.Length == 0) errors["Description"] = "Validation.Required";
        else if (description.Length > MaxDescription) errors["Description"] = "Validation.TooLong4000";

        // Themes in the applicant's own words, separated by semicolons: GEMET concepts where the thesaurus maps them,
        // free keywords where it cannot.
        var theme = await themeNames.FieldAsync(f.Themes, language, false, f.ThemesSeen, ct);
        if (!theme.Ok) errors["Themes"] = theme.ErrorArg is null ? theme.ErrorKey! : theme.ErrorKey + "|" + theme.ErrorArg;
        var (themes, keywords) = (theme.Concepts, theme.Keywords);

        if (!errors.ContainsKey("Name") && country is not null)
        {
            var duplicate = await db.Partners.AnyAsync(p => p.Id != ignorePartner && p.CountryCode == country.Code && p.Name.ToLower() == name.ToLower(), ct)
                || await db.MembershipApplications.AnyAsync(a => a.Id != ignoreApplication && a.CountryCode == country.Code &&
                    a.Name.ToLower() == name.ToLower() && (a.Status == ApplicationStatus.Submitted || a.Status == ApplicationStatus.ChangesRequested), ct);
            if (duplicate) errors["Name"] = "Membership.Duplicate";
        }
        return (errors, themes, keywords);

        static (double? Value, bool Ok) Coordinate(string? value, double limit)
        {
            if (string.IsNullOrWhiteSpace(value)) return (null, true);
            return double.TryParse(value.Trim().Replace(',', '.'), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && Math.Abs(v) <= limit && double.IsFinite(v)
                ? (v, true) : (null, false);
        }
    }

    /// <summary>Saves a new application, or the applicant's corrected one. Call after <see cref="ValidateAsync"/> found nothing.</summary>
    public async Task<MembershipApplication> SubmitAsync(ApplicationForm f, List<int> themes, string? keywords, string applicantId, string language, MembershipApplication? existing, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var a = existing ?? new MembershipApplication { ApplicantId = applicantId, Name = "", CountryCode = "", Description = "" };
        a.Name = f.Name.Trim();
        a.Type = PartnerQueryParser.ParseType(f.Type)!.Value;
        a.CountryCode = f.Country;
        a.NutsCode = string.IsNullOrWhiteSpace(f.Nuts) ? null : f.Nuts.Trim().ToUpperInvariant();
        a.LauCode = string.IsNullOrWhiteSpace(f.Lau) ? null : f.Lau.Trim();
        a.SubdivisionCode = SubdivisionOf(f);
        a.Latitude = string.IsNullOrWhiteSpace(f.Latitude) ? null : double.Parse(f.Latitude.Trim().Replace(',', '.'), CultureInfo.InvariantCulture);
        a.Longitude = string.IsNullOrWhiteSpace(f.Longitude) ? null : double.Parse(f.Longitude.Trim().Replace(',', '.'), CultureInfo.InvariantCulture);
        a.Languages = string.Join('|', f.Languages.Distinct());
        a.BiogeographicalRegions = string.Join('|', f.Biogeographical.Distinct());
        a.Themes = string.Join('|', themes);
        a.FreeKeywords = keywords;
        a.Website = string.IsNullOrWhiteSpace(f.Website) ? null : f.Website.Trim();
        a.Description = f.Description.Trim();
        a.DescriptionLanguage = DescriptionLanguageOf(f, language);
        a.Status = ApplicationStatus.Submitted;
        a.SubmittedAt = now;
        a.Version = Guid.NewGuid();
        if (existing is null) db.MembershipApplications.Add(a);
        await db.SaveChangesAsync(ct);
        Audit(applicantId, existing is null ? "application.submitted" : "application.resubmitted", $"application/{a.Id}", a.Name);
        await db.SaveChangesAsync(ct);
        await waiting.ApplicationWaitsAsync(a, ct); // the network admins hear that it waits for them
        return a;
    }

    /// <summary>A network admin's decision. False when someone else decided first (the page then shows the current state).</summary>
    public async Task<bool> DecideAsync(MembershipApplication a, Guid version, ReviewDecision decision, string? note, string reviewerId, CancellationToken ct)
    {
        if (a.Version != version || a.Status != ApplicationStatus.Submitted) return false;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        a.Status = decision switch
        {
            ReviewDecision.Accept => ApplicationStatus.Accepted,
            ReviewDecision.RequestChanges => ApplicationStatus.ChangesRequested,
            _ => ApplicationStatus.Rejected,
        };
        a.ReviewNote = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        a.ReviewedBy = reviewerId;
        a.ReviewedAt = clock.GetUtcNow().UtcDateTime;
        a.Version = Guid.NewGuid();
        if (decision == ReviewDecision.Accept)
        {
            var partner = new Partner
            {
                Slug = await UniqueSlugAsync(a.Name, ct), Name = a.Name, Type = a.Type, CountryCode = a.CountryCode, NutsCode = a.NutsCode, LauCode = a.LauCode,
                SubdivisionCode = a.SubdivisionCode,
                Latitude = a.Latitude, Longitude = a.Longitude, Website = a.Website, Description = a.Description, DescriptionLanguage = a.DescriptionLanguage,
                CreatedAt = a.ReviewedAt.Value,
                Languages = Split(a.Languages).Select(l => new PartnerLanguage { LanguageCode = l }).ToList(),
                BiogeographicalRegions = Split(a.BiogeographicalRegions).Select(r => new PartnerBiogeographicalRegion { RegionCode = r }).ToList(),
                Themes = Split(a.Themes).Select(t => new PartnerTheme { ConceptId = int.Parse(t, CultureInfo.InvariantCulture) }).ToList(),
                FreeKeywords = a.FreeKeywords,
            };
            db.Partners.Add(partner);
            await db.SaveChangesAsync(ct);
            a.PartnerId = partner.Id;
            db.PartnerMembers.Add(new PartnerMember { PartnerId = partner.Id, UserId = a.ApplicantId, Role = OrganisationRole.OrganisationAdmin, Since = a.ReviewedAt.Value });
            var applicant = await users.FindByIdAsync(a.ApplicantId);
            if (applicant is not null && !await users.IsInRoleAsync(applicant, Roles.OrganisationAdmin))
            {
                if (!await db.Roles.AnyAsync(r => r.Name == Roles.OrganisationAdmin, ct))
                    db.Roles.Add(new IdentityRole(Roles.OrganisationAdmin) { NormalizedName = Roles.OrganisationAdmin.ToUpperInvariant() });
                await db.SaveChangesAsync(ct);
                await users.AddToRoleAsync(applicant, Roles.OrganisationAdmin);
            }
        }
        Audit(reviewerId, "application." + decision.ToString().ToLowerInvariant(), $"application/{a.Id}", a.ReviewNote);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return false;
        }
        await tx.CommitAsync(ct);
        await NotifyAsync(a, ct);
        return true;
    }

    private async Task NotifyAsync(MembershipApplication a, CancellationToken ct)
    {
        var applicant = await users.FindByIdAsync(a.ApplicantId);
        if (applicant?.Email is null) return;
        var key = a.Status switch { ApplicationStatus.Accepted => "Accepted", ApplicationStatus.ChangesRequested => "Changes", _ => "Rejected" };
        var body = string.Format(CultureInfo.CurrentCulture, text[$"Mail.Application.{key}.Body"], a.Name, a.ReviewNote ?? "-");
        // Admitted: the next step is the organisation's page (its people, invitations, API keys), not a dead end.
        if (a.Status == ApplicationStatus.Accepted && a.PartnerId is { } partnerId)
            body += "\n\n" + string.Format(CultureInfo.CurrentCulture, text["Mail.Application.Accepted.Next"],
                links.To(Infrastructure.Localization.LocalizationSetup.CurrentLanguage, "organisation/" + partnerId.ToString(CultureInfo.InvariantCulture)));
        await mail.SendAsync(applicant.Email, string.Format(CultureInfo.CurrentCulture, text[$"Mail.Application.{key}.Subject"], a.Name), body, ct);
    }

    private void Audit(string? userId, string action, string subject, string? details) =>
        db.AuditEntries.Add(new AuditEntry { At = clock.GetUtcNow().UtcDateTime, UserId = userId, Action = action, Subject = subject, Details = details });

    private async Task<string> UniqueSlugAsync(string name, CancellationToken ct)
    {
        var words = PartnerDirectory.Words(name);
        var slug = string.Join('-', words).Trim('-');
        if (slug.Length == 0) slug = "partner";
        if (slug.Length > 100) slug = slug[..100].TrimEnd('-');
        var candidate = slug;
        for (var n = 2; await db.Partners.AnyAsync(p => p.Slug == candidate, ct); n++) candidate = $"{slug}-{n}";
        return candidate;
    }

    /// <summary>The subdivision code as stored: trimmed, in capitals, null when empty.</summary>
    public static string? SubdivisionOf(ApplicationForm f) => string.IsNullOrWhiteSpace(f.Subdivision) ? null : f.Subdivision.Trim().ToUpperInvariant();

    /// <summary>The description's language: the one chosen, else the page's.</summary>
    public static string DescriptionLanguageOf(ApplicationForm f, string pageLanguage) =>
        string.IsNullOrEmpty(f.DescriptionLanguage) ? pageLanguage : f.DescriptionLanguage;

    private static string[] Split(string value) => value.Split('|', StringSplitOptions.RemoveEmptyEntries);

    public static ApplicationForm ToForm(MembershipApplication a, IReadOnlyDictionary<int, string> themeLabels) => new()
    {
        Name = a.Name, Type = PartnersApi.TypeCode(a.Type), Country = a.CountryCode, Nuts = a.NutsCode, Lau = a.LauCode, Subdivision = a.SubdivisionCode,
        Latitude = a.Latitude?.ToString(CultureInfo.InvariantCulture), Longitude = a.Longitude?.ToString(CultureInfo.InvariantCulture),
        Languages = Split(a.Languages).ToList(), Biogeographical = Split(a.BiogeographicalRegions).ToList(),
        Themes = string.Join("; ", Split(a.Themes).Select(t => themeLabels.GetValueOrDefault(int.Parse(t, CultureInfo.InvariantCulture), t))
            .Concat(ThemeNames.Split(a.FreeKeywords))),
        Website = a.Website, Description = a.Description, DescriptionLanguage = a.DescriptionLanguage,
    };
}
