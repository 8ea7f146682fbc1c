using System.Globalization;
using LearningNetwork.Data;
using LearningNetwork.Domain;
using LearningNetwork.Features.Practices;
using LearningNetwork.Features.Translation;
using LearningNetwork.Infrastructure.Localization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace LearningNetwork.Features.Marketplace;

/// <summary>A ranked match as a page shows it: the reasons already in the reader's language.</summary>
public sealed record ExplainedMatch(string Type, string Slug, string Title, string Language, string PartnerName, double Score, IReadOnlyList<string> Reasons);

/// <summary>What the offer and request pages share: names of codes, the matches with their reasons, the conversations
/// the reader may see.</summary>
public abstract class ExchangePage(LearningNetworkDb db, Matchmaker matchmaker, MatchExplainer explainer, MarketplaceEditor editor, TimeProvider clock,
    MachineTranslations translations) : PageModel
{
    protected LearningNetworkDb Db => db;
    protected MarketplaceEditor Editor => editor;
    protected TimeProvider Clock => clock;

    public Partner Owner { get; protected set; } = null!;
    public ExchangeRights Rights { get; protected set; } = new(false, false, []);
    public IReadOnlyList<string> ThemeNames { get; protected set; } = [];
    public IReadOnlyList<string> HabitatNames { get; protected set; } = [];
    public IReadOnlyDictionary<string, string> LanguageNames { get; protected set; } = new Dictionary<string, string>();
    public IReadOnlyList<ExplainedMatch> Matches { get; protected set; } = [];
    public IReadOnlyList<ExplainedMatch> PartnerMatches { get; protected set; } = [];
    public IReadOnlyList<(int Id, string With, DateTime Last)> Conversations { get; protected set; } = [];
    public Microsoft.AspNetCore.Html.IHtmlContent Description { get; protected set; } = Microsoft.AspNetCore.Html.HtmlString.Empty;
    public Dictionary<string, string> Errors { get; protected set; } = [];
    /// <summary>?original=1: the original beside an available machine translation.</summary>
    [Microsoft.AspNetCore.Mvc.FromQuery(Name = "original")] public string? OriginalParameter { get; set; }
    public bool Original => OriginalParameter is "1" or "true";
    [Microsoft.AspNetCore.Mvc.FromQuery(Name = "translation")] public string? TranslationOutcome { get; set; }
    /// <summary>The machine translation into the reader's language, when the item is written in another.</summary>
    public TranslationPanel? Translation { get; protected set; }
    /// <summary>The title as shown (translated or original) and its language; the description's language.</summary>
    public (string Text, string Language) ShownTitle { get; protected set; } = ("", "en");
    public string DescriptionLanguage { get; protected set; } = "en";
    /// <summary>Organisations the reader can express interest for (theirs, not the owner).</summary>
    public IReadOnlyList<Partner> InterestedFor => Rights.ActingFor.Where(o => o.Id != Owner.Id).ToList();

    /// <summary>Sets the title and description to show: the translation into the reader's language when there is one and the original was not asked for.</summary>
    protected async Task TranslateAsync(string kind, int id, string title, string description, string language, CancellationToken ct)
    {
        ShownTitle = (title, language);
        DescriptionLanguage = language;
        if (await translations.FindAsync(kind, id, null, ct) is not { } item) return;
        Translation = await translations.PanelAsync(item, LocalizationSetup.CurrentLanguage, Original, TranslationOutcome, User, ct);
        ShownTitle = Translation.Shown("title", title, language);
        var shown = Translation.Shown("description", description, language);
        DescriptionLanguage = shown.Language;
        Description = PracticeMarkdown.Render(shown.Text);
    }

    protected async Task LoadCommonAsync(int partnerId, IEnumerable<(string Scheme, string Code)> tags, string description, int? requestId, int? offerId, CancellationToken ct,
        string? freeKeywords = null)
    {
        var lang = LocalizationSetup.CurrentLanguage;
        Owner = await db.Partners.AsNoTracking().FirstAsync(p => p.Id == partnerId, ct);
        var list = tags.ToList();
        var thesaurus = await matchmaker.ThesaurusAsync(db, ct);
        // The themes, then the writer's own words no concept stands for, as written.
        ThemeNames = list.Where(t => t.Scheme == MarketTagSchemes.Theme).Select(t => thesaurus.Label("gemet:" + t.Code, lang))
            .Concat(LearningNetwork.Features.Themes.ThemeNames.Split(freeKeywords)).ToList();
        var habitats = list.Where(t => t.Scheme == MarketTagSchemes.Habitat).Select(t => t.Code).ToList();
        var names = await db.EunisHabitats.AsNoTracking().Where(h => habitats.Contains(h.Code)).Select(h => new { h.Code, h.NameEn }).ToListAsync(ct);
        HabitatNames = habitats.Select(h => names.FirstOrDefault(n => n.Code == h) is { } n ? $"{n.NameEn} ({h})" : h).ToList();
        LanguageNames = Infrastructure.Localization.LanguageNames.For(await db.Languages.AsNoTracking().Select(l => l.Code).ToListAsync(ct));
        Description = PracticeMarkdown.Render(description);
        // Conversations: only those of the reader's organisations.
        var mine = Rights.ActingFor.Select(o => o.Id).ToList();
        if (mine.Count > 0)
        {
            var conversations = await db.Conversations.AsNoTracking()
                .Where(c => (requestId != null ? c.RequestId == requestId : c.OfferId == offerId) && (mine.Contains(c.OwnerPartnerId) || mine.Contains(c.OtherPartnerId)))
                .OrderByDescending(c => c.LastMessageAt).Select(c => new { c.Id, c.OtherPartnerId, c.LastMessageAt }).ToListAsync(ct);
            var others = conversations.Select(c => c.OtherPartnerId).ToList();
            var partnerNames = await db.Partners.AsNoTracking().Where(p => others.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Name, ct);
            Conversations = conversations.Select(c => (c.Id, partnerNames.GetValueOrDefault(c.OtherPartnerId, ""), c.LastMessageAt)).ToList();
        }
    }

    protected async Task<List<ExplainedMatch>> ExplainAsync(IEnumerable<Match> matches, CancellationToken ct)
    {
        var lang = LocalizationSetup.CurrentLanguage;
        var list = matches.ToList();
        var partnerIds = list.Select(m => m.PartnerId).Distinct().ToList();
        // Partners go by the same name here as on every page of this language (PartnerNames), a matched partner too.
        var names = (await db.Partners.AsNoTracking().Where(p => partnerIds.Contains(p.Id)).Select(p => new { p.Id, p.Name, p.NativeName }).ToListAsync(ct))
            .ToDictionary(p => p.Id, p => LearningNetwork.Features.Partners.PartnerNames.Of(p.Name, p.NativeName, lang));
        var explained = new List<ExplainedMatch>();
        foreach (var m in list)
            explained.Add(new ExplainedMatch(m.Type, m.Slug, m.Type == "partner" ? names.GetValueOrDefault(m.PartnerId, m.Title) : m.Title, m.Language, names.GetValueOrDefault(m.PartnerId, ""), m.Score, await explainer.ExplainAsync(m, lang, ct)));
        return explained;
    }

    protected async Task<MatchIndex> IndexAsync(CancellationToken ct) => await matchmaker.CurrentAsync(db, ct);

    protected DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    /// <summary>
    /// A match's score in a word an officer reads at a glance (the resource key Market.Strength.{word}): scores are
    /// relative, so a bare "23 %" reads as a failing grade although it may be the best peer in the network.
    /// The bounds sit on the demo network's spread of top-five scores (bench/README.md, "Match strength").
    /// </summary>
    public static string Strength(double score) => score >= StrongFrom ? "Strong" : score >= GoodFrom ? "Good" : "Possible";

    public const double StrongFrom = 0.5, GoodFrom = 0.3;
}

/// <summary>What the _Matches partial draws.</summary>
public sealed record MatchSection(string Id, string Heading, string? Lead, string Empty, IReadOnlyList<ExplainedMatch> Items);

/// <summary>What the _ExchangeFacts partial draws (names already in the reader's language).</summary>
public sealed record ExchangeFacts(IReadOnlyList<string> Themes, IReadOnlyList<string> Targets, IReadOnlyList<string> Habitats, IReadOnlyList<string> Languages, string Format);

/// <summary>What the _Rating partial draws.</summary>
public sealed record RatingField(string Prefix, string? Rating, string? Feedback, string? RatingError, string? FeedbackError);
