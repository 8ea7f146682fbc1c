using LearningNetwork.ReferenceData;
using System.Globalization;
using LearningNetwork.Data;
using LearningNetwork.Domain;
using LearningNetwork.Features.Themes;
using LearningNetwork.Features.Translation;
using LearningNetwork.Infrastructure.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace LearningNetwork.Features.Practices;

/// <summary>
/// /{lang}/practices/{slug}: one practice in the reader's language when a text exists, else in its original with a
/// note (?in= picks another of its languages), with its results, building blocks, transfers both ways, alignment,
/// and schema.org JSON-LD. Drafts and practices under review are visible only to their organisation and to
/// moderators; for them the page also carries the workflow actions. /print gives the same content, printable.
/// </summary>
public sealed class DetailsModel(LearningNetwork.Features.Targets.TargetNames targetNames, CountryNames countryNames, PracticeCatalogue catalogue,
    PracticeEditor editor, LearningNetworkDb db, ThemeNames themes, TimeProvider clock, MachineTranslations translations) : PageModel
{
    [FromQuery(Name = "in")] public string? In { get; set; }
    /// <summary>?original=1: the original beside an available machine translation.</summary>
    [FromQuery(Name = "original")] public string? OriginalParameter { get; set; }
    public bool Original => OriginalParameter is "1" or "true";
    [FromQuery(Name = "translation")] public string? TranslationOutcome { get; set; }
    [BindProperty] public Guid Version { get; set; }
    [BindProperty] public string? Note { get; set; }

    public Practice Practice { get; private set; } = null!;
    public PracticeText Text { get; private set; } = null!;
    public bool IsFallback { get; private set; }
    /// <summary>The machine translation into the reader's language, when the practice has no text of its own in it.</summary>
    public TranslationPanel? Translation { get; private set; }
    public PracticeRights Rights { get; private set; } = new(false, false);
    public PracticeTransfers Transfers { get; private set; } = new([], []);
    public IReadOnlyDictionary<int, string> ThemeNames { get; private set; } = new Dictionary<int, string>();
    public IReadOnlyDictionary<string, PolicyTarget> TargetRows { get; private set; } = new Dictionary<string, PolicyTarget>();
    public IReadOnlyDictionary<string, string> HabitatNames { get; private set; } = new Dictionary<string, string>();
    public IReadOnlyDictionary<string, string> ServiceNames { get; private set; } = new Dictionary<string, string>();
    public IReadOnlyDictionary<string, string> LanguageNames { get; private set; } = new Dictionary<string, string>();
    public IReadOnlyList<Partner> Contributors { get; private set; } = [];
    public string? CountryName { get; private set; }
    public string? RegionName { get; private set; }
    /// <summary>The Eurostat code of the region's country (EL for Greece), as the boundaries API expects.</summary>
    public string? RegionCountry { get; private set; }
    public string JsonLd { get; private set; } = "{}";
    public bool Print { get; private set; }
    public bool Overdue { get; private set; }
    public string? Message { get; private set; }
    public bool CanRecordTransfer { get; private set; }
    /// <summary>The registered network a harvested practice came from.</summary>
    public RegisteredNetwork? Origin { get; private set; }
    /// <summary>The practice's contact person, as far as their profile lets this reader see them; null when hidden.</summary>
    public People.VisibleProfile? Contact { get; private set; }

    public Task<IActionResult> OnGetAsync(string slug, CancellationToken ct) => ShowAsync(slug, false, ct);

    public Task<IActionResult> OnGetPrintAsync(string slug, CancellationToken ct) => ShowAsync(slug, true, ct);

    /// <summary>POST ?handler=Move&amp;step=submit|withdraw|validate|return|publish|archive|republish|mark-reviewed.</summary>
    public async Task<IActionResult> OnPostMoveAsync(string slug, string? step, CancellationToken ct)
    {
        var practice = await catalogue.FindAsync(slug, ct, tracking: true);
        if (practice is null) return NotFound();
        var rights = await editor.RightsAsync(User, practice, ct);
        if (!rights.CanSee(practice)) return NotFound();
        if (PracticesApi.ParseCode<WorkflowStep>(step) is not { } move) return BadRequest();
        var outcome = await editor.MoveAsync(practice, Version, move, Note, rights, User, ct);
        if (outcome == WorkflowOutcome.NotAllowed) return Forbid();
        if (outcome == WorkflowOutcome.Done)
            return LocalRedirect($"/{LocalizationSetup.CurrentLanguage}/practices/{slug}?done={PracticesApi.Code(move)}");
        db.ChangeTracker.Clear();
        Message = outcome switch
        {
            WorkflowOutcome.Conflict => "Practice.WorkflowConflict",
            WorkflowOutcome.NoteRequired => "Practice.NoteRequired",
            _ => "Practice.NoteTooLong",
        };
        Response.StatusCode = outcome == WorkflowOutcome.Conflict ? StatusCodes.Status409Conflict : StatusCodes.Status400BadRequest;
        return await ShowAsync(slug, false, ct);
    }

    /// <summary>
    /// POST ?handler=Delete: removes the practice for good, with its history. Its owners may delete a draft; a network
    /// admin may delete any practice (for example one published by mistake or unlawfully). Recorded in the audit log.
    /// </summary>
    public async Task<IActionResult> OnPostDeleteAsync(string slug, CancellationToken ct)
    {
        var practice = await db.Practices.FirstOrDefaultAsync(p => p.Slug == slug, ct);
        if (practice is null) return NotFound();
        var rights = await editor.RightsAsync(User, practice, ct);
        if (!rights.CanSee(practice)) return NotFound();
        if (!(User.IsInRole(Roles.NetworkAdmin) || (rights.CanEdit && practice.Stage == PracticeStage.Draft))) return Forbid();
        if (practice.Version != Version)
        {
            Message = "Practice.WorkflowConflict";
            Response.StatusCode = StatusCodes.Status409Conflict;
            return await ShowAsync(slug, false, ct);
        }
        db.Practices.Remove(practice);
        db.AuditEntries.Add(new AuditEntry
        {
            At = clock.GetUtcNow().UtcDateTime, UserId = PracticeEditor.UserId(User), Action = "practice.deleted", Subject = $"practice/{slug}", Details = practice.ExternalId,
        });
        await db.SaveChangesAsync(ct);
        return LocalRedirect($"/{LocalizationSetup.CurrentLanguage}/practices");
    }

    public bool CanDelete => User.IsInRole(Roles.NetworkAdmin) || (Rights.CanEdit && Practice.Stage == PracticeStage.Draft);

    /// <summary>What the page reads that is the same for every reader of one language, kept between requests
    /// (<see cref="Infrastructure.Web.PageData"/>): untracked, never changed by the page.</summary>
    private sealed record PracticeView(Practice Practice, PracticeTransfers Transfers, IReadOnlyDictionary<int, string> ThemeNames,
        IReadOnlyList<Partner> Contributors, string? RegionName, string? RegionCountry, PersonProfile? Contact, RegisteredNetwork? Origin);

    private async Task<(PracticeView? Value, string[] Tags)> LoadAsync(string slug, string lang, CancellationToken ct)
    {
        var practice = await catalogue.FindAsync(slug, ct);
        if (practice is null) return (null, []);
        var transfers = await catalogue.TransfersAsync(practice.Id, lang, ct);
        var themeIds = practice.Tags.Where(t => t.Scheme == PracticeTagSchemes.Theme).Select(t => int.Parse(t.Code, CultureInfo.InvariantCulture));
        var themeNames = await themes.LabelsAsync(themeIds, lang, ct);
        var contributorIds = practice.Contributors.Select(c => c.PartnerId).ToList();
        var contributors = contributorIds.Count == 0 ? []
            : await db.Partners.AsNoTracking().Where(p => contributorIds.Contains(p.Id)).OrderBy(p => p.Name).ToListAsync(ct);
        string? regionName = null, regionCountry = null;
        if (practice.NutsCode is not null)
            (regionName, regionCountry) = await db.NutsRegions.AsNoTracking().Where(r => r.Code == practice.NutsCode)
                .Select(r => new ValueTuple<string?, string?>(r.NameLatin, r.CountryCode)).FirstOrDefaultAsync(ct);
        var contact = practice.ContactUserId is { } contactId
            ? await db.PersonProfiles.AsNoTracking().FirstOrDefaultAsync(x => x.UserId == contactId, ct) : null;
        var origin = practice.OriginNetworkId is { } originId
            ? await db.RegisteredNetworks.AsNoTracking().FirstOrDefaultAsync(n => n.Id == originId, ct) : null;
        var view = new PracticeView(practice, transfers, themeNames, contributors, regionName, regionCountry, contact, origin);
        return (view, [Infrastructure.Web.PageCacheTags.Item("practice", practice.Id), Infrastructure.Web.PageCacheTags.ItemsOf("practice")]);
    }

    private async Task<IActionResult> ShowAsync(string slug, bool print, CancellationToken ct)
    {
        var lang = LocalizationSetup.CurrentLanguage;
        // A page shown after a refused POST reads the rows as they are now; a GET may use the kept ones.
        var view = HttpMethods.IsGet(Request.Method) || HttpMethods.IsHead(Request.Method)
            ? await HttpContext.RequestServices.GetRequiredService<Infrastructure.Web.PageData>().GetAsync($"practice:{slug}:{lang}", () => LoadAsync(slug, lang, ct))
            : (await LoadAsync(slug, lang, ct)).Value;
        if (view is null) return NotFound();
        var practice = view.Practice;
        Rights = await editor.RightsAsync(User, practice, ct);
        if (!Rights.CanSee(practice)) return NotFound();
        Practice = practice;
        Print = print;
        Infrastructure.Web.PageCache.TagItem(HttpContext, "practice", practice.Id);
        var wanted = PracticeQueryParser.IsLanguageCode(In) && practice.Texts.Any(t => t.Language == In) ? In! : lang;
        Text = PracticeLanguage.Pick(practice, wanted);
        IsFallback = Text.Language != wanted;
        if (IsFallback && In is null && await translations.FindAsync("practice", practice.Id, null, ct) is { } item)
        {
            Translation = await translations.PanelAsync(item, lang, Original, TranslationOutcome, User, ct);
            if (Translation.Translated)
            {
                // The translated fields as a text of the reader's language; an untranslated field falls back to the original, marked.
                var original = Text;
                var shown = new PracticeText { Language = lang, Origin = TextOrigin.Human, Title = original.Title, Summary = original.Summary };
                foreach (var (field, _, _) in MachineTranslations.PracticeFields) Set(shown, field, Translation.State.Text(field));
                shown.Title = Translation.State.Text("title") ?? original.Title;
                shown.Summary = Translation.State.Text("summary") ?? original.Summary;
                Text = shown;
                IsFallback = false;
            }
        }
        Version = practice.Version;
        Overdue = practice.ReviewBy is { } due && due < DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        if (Request.Query["done"] is { Count: > 0 } done) Message = "Practice.Done." + done.ToString();

        Transfers = view.Transfers;
        var tags = practice.Tags.ToLookup(t => t.Scheme, t => t.Code);
        ThemeNames = view.ThemeNames;
        var targetCodes = tags[PracticeTagSchemes.Target].ToList();
        var reference = HttpContext.RequestServices.GetRequiredService<LearningNetwork.ReferenceData.ReferenceCache>();
        TargetRows = (await reference.TargetsAsync(db, ct))
            .Where(t => targetCodes.Contains(t.FrameworkCode + ":" + t.Code)).ToDictionary(t => t.FrameworkCode + ":" + t.Code);
        var habitatNames = await reference.HabitatNamesAsync(db, ct);
        HabitatNames = tags[PracticeTagSchemes.Habitat].Distinct().Where(habitatNames.ContainsKey).ToDictionary(c => c, c => habitatNames[c]);
        var serviceNames = await reference.ServiceNamesAsync(db, ct);
        ServiceNames = tags[PracticeTagSchemes.Service].Distinct().Where(serviceNames.ContainsKey).ToDictionary(c => c, c => serviceNames[c]);
        LanguageNames = Infrastructure.Localization.LanguageNames.For(await reference.LanguageCodesAsync(db, ct));
        Contributors = view.Contributors;
        CountryName = countryNames.Name(practice.CountryCode);
        (RegionName, RegionCountry) = (view.RegionName, view.RegionCountry);
        if (view.Contact is { } profile) Contact = People.VisibleProfile.For(profile, await People.ProfileViewer.OfAsync(User, db, ct));
        Origin = view.Origin;
        CanRecordTransfer = (await editor.WritableOrganisationsAsync(User, ct)).Count > 0 && practice.Stage == PracticeStage.Published;

        var origin = $"{Request.Scheme}://{Request.Host}";
        JsonLd = PracticeJsonLd.Build(practice, $"{origin}/en/practices/{practice.Slug}", $"{origin}/en/partners/{practice.Partner!.Slug}",
            TargetRows.ToDictionary(kv => kv.Key, kv => targetNames.Label(kv.Value)), ThemeNames, CountryName);
        return Page();
    }

    private static void Set(PracticeText t, string field, string? value)
    {
        switch (field)
        {
            case "description": t.Description = value; break;
            case "challenge": t.Challenge = value; break;
            case "policy-background": t.PolicyBackground = value; break;
            case "objectives": t.Objectives = value; break;
            case "actions": t.Actions = value; break;
            case "how-blocks-fit": t.HowBlocksFit = value; break;
            case "stakeholders": t.Stakeholders = value; break;
            case "beneficiaries": t.Beneficiaries = value; break;
            case "costs-benefits": t.CostsBenefits = value; break;
            case "co-benefits": t.CoBenefits = value; break;
            case "success-factors": t.SuccessFactors = value; break;
            case "difficulties": t.Difficulties = value; break;
            case "transferability": t.Transferability = value; break;
        }
    }

    public static string Money(double value, CultureInfo culture) => value.ToString("#,0", culture) + " €";
}
