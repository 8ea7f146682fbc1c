using LearningNetwork.Data;
using LearningNetwork.Domain;
using LearningNetwork.Infrastructure.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace LearningNetwork.Features.Partners;

/// <summary>/{lang}/partners/{slug}: one partner's profile, with names in the reader's language where the reference data has them.</summary>
public sealed class DetailsModel(PartnerDirectory directory, LearningNetworkDb db, Practices.PracticeCatalogue practices,
    LearningNetwork.Features.Translation.MachineTranslations translations, Places places) : PageModel
{
    public Partner Partner { get; private set; } = null!;
    /// <summary>?original=1: the original beside an available machine translation.</summary>
    [FromQuery(Name = "original")] public string? OriginalParameter { get; set; }
    public bool Original => OriginalParameter is "1" or "true";
    [FromQuery(Name = "translation")] public string? TranslationOutcome { get; set; }
    /// <summary>The machine translation of the description into the reader's language, when it is written in another.</summary>
    public LearningNetwork.Features.Translation.TranslationPanel? Translation { get; private set; }
    /// <summary>The description as shown (translated or original) and its language.</summary>
    public (string Text, string Language) ShownDescription { get; private set; } = ("", "en");
    public Country? Country { get; private set; }
    public NutsRegion? Region { get; private set; }
    /// <summary>The ISO 3166-2 subdivision's name in the reader's language, when the partner is placed by one.</summary>
    public string? SubdivisionName { get; private set; }
    /// <summary>Where the point map is centred outside NUTS: the partner's point, else its subdivision's representative point.</summary>
    public (double Lat, double Lon)? Point { get; private set; }
    public IReadOnlyList<Language> Languages { get; private set; } = [];
    public IReadOnlyList<BiogeographicalRegion> BiogeographicalRegions { get; private set; } = [];
    /// <summary>Theme labels in the reader's language, or English where GEMET has none (with the label's language).</summary>
    public IReadOnlyList<(string Label, string Language)> Themes { get; private set; } = [];
    /// <summary>The partner's people as this reader may see them (see <see cref="People.ProfileViewer"/>).</summary>
    public IReadOnlyList<People.VisibleProfile> People { get; private set; } = [];
    /// <summary>Labels of every concept and language named on the page, in the reader's language where known.</summary>
    public Dictionary<int, (string Label, string Language)> ConceptLabels { get; } = [];
    public Dictionary<string, string> LanguageNames { get; } = [];
    /// <summary>The reader belongs to this organisation (or coordinates the network): link to its people page.</summary>
    public bool CanOpenOrganisation { get; private set; }
    /// <summary>The partner's published practices (its own and those it contributed to), in the reader's language where translated.</summary>
    public IReadOnlyList<Practices.PracticeCard> Practices { get; private set; } = [];
    public int PracticeCount { get; private set; }
    /// <summary>The partner's offers that are not closed, newest first.</summary>
    public IReadOnlyList<ExchangeLine> Offers { get; private set; } = [];
    /// <summary>The partner's requests, open and closed (with their outcome), newest first.</summary>
    public IReadOnlyList<ExchangeLine> Requests { get; private set; } = [];
    /// <summary>The partner's commitments with the average progress of their indicators that have a report.</summary>
    public IReadOnlyList<CommitmentLine> Commitments { get; private set; } = [];
    /// <summary>schema.org JSON-LD describing the partner, embedded in the page.</summary>
    public string JsonLd { get; private set; } = "{}";
    /// <summary>The registered network a harvested partner came from.</summary>
    public RegisteredNetwork? Origin { get; private set; }

    public async Task<IActionResult> OnGetAsync(string slug, CancellationToken ct)
    {
        if (slug.Length > 120) return NotFound();
        var partner = await directory.FindAsync(slug, ct);
        if (partner is null) return NotFound();
        Partner = partner;
        Infrastructure.Web.PageCache.TagItem(HttpContext, "partner", partner.Id);
        ShownDescription = (partner.Description ?? "", partner.DescriptionLanguage);
        if (!string.IsNullOrWhiteSpace(partner.Description) && await translations.FindAsync("partner", partner.Id, null, ct) is { } item)
        {
            Translation = await translations.PanelAsync(item, LocalizationSetup.CurrentLanguage, Original, TranslationOutcome, User, ct);
            ShownDescription = Translation.Shown("description", partner.Description, partner.DescriptionLanguage);
        }
        Country = await db.Countries.AsNoTracking().FirstOrDefaultAsync(c => c.Code == partner.CountryCode, ct);
        Region = partner.NutsCode is null ? null : await db.NutsRegions.AsNoTracking()
            .Select(r => new NutsRegion { Code = r.Code, Level = r.Level, CountryCode = r.CountryCode, NameLatin = r.NameLatin, NameNational = r.NameNational })
            .FirstOrDefaultAsync(r => r.Code == partner.NutsCode, ct);
        SubdivisionName = await places.NameAsync(partner.SubdivisionCode, Infrastructure.Localization.LocalizationSetup.CurrentLanguage, ct);
        Point = partner is { Latitude: { } plat, Longitude: { } plon } ? (plat, plon)
            : (await places.PointsAsync([partner.SubdivisionCode], ct)).Values.Cast<(double, double)?>().FirstOrDefault();
        var languageCodes = partner.Languages.Select(l => l.LanguageCode).ToList();
        Languages = await db.Languages.AsNoTracking().Where(l => languageCodes.Contains(l.Code)).OrderBy(l => l.Code).ToListAsync(ct);
        var regionCodes = partner.BiogeographicalRegions.Select(r => r.RegionCode).ToList();
        BiogeographicalRegions = await db.BiogeographicalRegions.AsNoTracking().Where(r => regionCodes.Contains(r.Code)).ToListAsync(ct);
        var viewer = await Features.People.ProfileViewer.OfAsync(User, db, ct);
        CanOpenOrganisation = viewer.UserId is not null &&
            (User.IsInRole(Roles.NetworkAdmin) || await db.PartnerMembers.AnyAsync(m => m.PartnerId == partner.Id && m.UserId == viewer.UserId, ct));
        var profiles = await db.PersonProfiles.AsNoTracking().Where(p => p.PartnerId == partner.Id).OrderBy(p => p.Id).ToListAsync(ct);
        People = profiles.Select(p => Features.People.VisibleProfile.For(p, viewer)).Where(p => p?.PartnerId is not null).Select(p => p!).ToList();

        var conceptIds = partner.Themes.Select(t => t.ConceptId).Concat(People.SelectMany(p => p.Expertise)).Distinct().ToList();
        var lang = Infrastructure.Localization.LocalizationSetup.CurrentLanguage;
        var labels = await db.GemetLabels.AsNoTracking()
            .Where(l => conceptIds.Contains(l.ConceptId) && (l.Language == lang || l.Language == "en")).ToListAsync(ct);
        foreach (var g in labels.GroupBy(l => l.ConceptId))
        {
            var best = g.FirstOrDefault(l => l.Language == lang) ?? g.First();
            ConceptLabels[g.Key] = (best.Label, best.Language);
        }
        Themes = partner.Themes.Where(t => ConceptLabels.ContainsKey(t.ConceptId)).Select(t => ConceptLabels[t.ConceptId])
            .OrderBy(t => t.Label, StringComparer.CurrentCulture).ToList();
        var personLanguages = People.SelectMany(p => p.Languages).Distinct().ToList();
        foreach (var l in await db.Languages.AsNoTracking().Where(l => personLanguages.Contains(l.Code)).ToListAsync(ct)) LanguageNames[l.Code] = Infrastructure.Localization.LanguageNames.Of(l.Code);
        var list = await practices.ListAsync(new LearningNetwork.Features.Practices.PracticeQuery { Partner = partner.Id, PageSize = 12, Sort = LearningNetwork.Features.Practices.PracticeSort.Newest }, lang, ct);
        Practices = list.Items;
        PracticeCount = list.Total;
        await LoadActivityAsync(partner.Id, ct);
        var node = Interchange.InterchangeExporter.Partner(partner, $"{Request.Scheme}://{Request.Host}/en/partners/{partner.Slug}");
        node["@context"] = "https://schema.org";
        JsonLd = node.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Default });
        if (partner.OriginNetworkId is { } originId) Origin = await db.RegisteredNetworks.AsNoTracking().FirstOrDefaultAsync(n => n.Id == originId, ct);
        return Page();
    }

    /// <summary>The marketplace and commitments of the partner: three queries, whatever their number (at most 50 of each).</summary>
    private async Task LoadActivityAsync(int partnerId, CancellationToken ct)
    {
        Offers = await db.Offers.AsNoTracking().Where(o => o.PartnerId == partnerId && o.State != OfferState.Closed)
            .OrderByDescending(o => o.CreatedAt).ThenByDescending(o => o.Id).Take(50)
            .Select(o => new ExchangeLine(o.Slug, o.Title, o.Language, Marketplace.Codes.Of(o.Kind), Marketplace.Codes.Of(o.State), null, o.CreatedAt)).ToListAsync(ct);
        Requests = (await db.Requests.AsNoTracking().Where(r => r.PartnerId == partnerId)
            .OrderBy(r => r.State == RequestState.Closed).ThenByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id).Take(50)
            .Select(r => new { r.Slug, r.Title, r.Language, r.Kind, r.State, r.Outcome, r.CreatedAt }).ToListAsync(ct))
            .Select(r => new ExchangeLine(r.Slug, r.Title, r.Language, Marketplace.Codes.Of(r.Kind), Marketplace.Codes.Of(r.State),
                r.State == RequestState.Closed && r.Outcome is { } outcome ? Marketplace.Codes.Of(outcome) : null, r.CreatedAt)).ToList();
        var commitments = await db.Commitments.AsNoTracking().Where(c => c.PartnerId == partnerId)
            .OrderByDescending(c => c.StartDate).ThenByDescending(c => c.Id).Take(50)
            .Select(c => new
            {
                c.Id, c.Title, c.Language, c.StartDate,
                Indicators = c.Indicators.Select(i => new
                {
                    i.Baseline, i.Target,
                    Latest = i.Reports.OrderByDescending(r => r.Date).ThenByDescending(r => r.Id).Select(r => (double?)r.Value).FirstOrDefault(),
                }).ToList(),
            }).AsSplitQuery().ToListAsync(ct);
        Commitments = commitments.Select(c =>
        {
            var shares = c.Indicators.Select(i => LearningNetwork.Features.Commitments.IndicatorProgress.Share(i.Baseline, i.Target, i.Latest))
                .Where(s => s is not null).Select(s => s!.Value).ToList();
            return new CommitmentLine(c.Id, c.Title, c.Language, c.StartDate, c.Indicators.Count, shares.Count == 0 ? null : shares.Average());
        }).ToList();
    }
}

/// <summary>An offer or request on the partner's page: its state and, for a closed request, its outcome (codes, named by the view).</summary>
public sealed record ExchangeLine(string Slug, string Title, string Language, string Kind, string State, string? Outcome, DateTime Created);

/// <summary>A commitment on the partner's page with the average progress of its reported indicators (null: no report yet).</summary>
public sealed record CommitmentLine(int Id, string Title, string Language, DateOnly Start, int Indicators, double? Progress);
