using LearningNetwork.Data;
using LearningNetwork.Domain;
using LearningNetwork.Features.Commitments;
using LearningNetwork.Features.Marketplace;
using LearningNetwork.Features.Practices;
using LearningNetwork.Infrastructure.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace LearningNetwork.Features.Targets;

/// <summary>
/// /{lang}/targets/{framework}/{code}: one target, commitment or article: its official wording and source, the plain
/// explanation for officer, decision-maker and citizen with what regions and municipalities can do (where written),
/// the crosswalk to the other frameworks both ways, and the public practices and the partners' commitments that serve it.
/// </summary>
public sealed class DetailsModel(LearningNetworkDb db, TargetContent content, TargetExplanations explanations, PracticeCatalogue catalogue, CommitmentCatalogue commitments, MarketCatalogue market,
    Helpdesk.HelpdeskCatalogue helpdesk, Microsoft.Extensions.Localization.IStringLocalizer<SharedResource> text) : PageModel
{
    public PolicyFramework Framework { get; private set; } = null!;
    public PolicyTarget Target { get; private set; } = null!;
    /// <summary>The explanation in the reader's language, else English, as the editors last saved it or as shipped.</summary>
    public TargetExplanation? Explanation { get; private set; }
    /// <summary>The item's short title in the reader's language, when its content file has one (never for English).</summary>
    public string? LocalTitle { get; private set; }
    public IReadOnlyList<TargetLink> Related { get; private set; } = [];
    public PracticeListPage Practices { get; private set; } = new(0, 1, 1, []);
    public IReadOnlyList<Commitment> Commitments { get; private set; } = [];
    public int CommitmentCount { get; private set; }
    public MarketListPage Offers { get; private set; } = new(0, 1, 1, []);
    public MarketListPage Requests { get; private set; } = new(0, 1, 1, []);
    /// <summary>Answered helpdesk questions about the target: reusable knowledge.</summary>
    public Helpdesk.QuestionListPage Questions { get; private set; } = new(0, 1, 1, []);
    /// <summary>Every partner with a published practice, an active offer, an open request or a commitment for this target.</summary>
    public IReadOnlyList<Partner> Partners { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string framework, string code, CancellationToken ct)
    {
        if (framework.Length > 16 || code.Length > 40) return NotFound();
        var target = await db.PolicyTargets.AsNoTracking().FirstOrDefaultAsync(t => t.FrameworkCode == framework && t.Code == code, ct);
        if (target is null) return NotFound();
        Target = target;
        Framework = await db.PolicyFrameworks.AsNoTracking().FirstAsync(f => f.Code == framework, ct);
        var lang = LocalizationSetup.CurrentLanguage;
        Explanation = await explanations.FindAsync(framework, code, lang, ct);
        LocalTitle = lang == "en" ? null : await explanations.TitleInAsync(framework, code, lang, ct) ?? TargetNames.GoalTitle(text, target);
        var related = (Explanation?.Text.Crosswalk ?? []).Concat(content.LinkingTo(framework, code)).Distinct().ToList();
        var all = await HttpContext.RequestServices.GetRequiredService<LearningNetwork.ReferenceData.ReferenceCache>().TargetsAsync(db, ct);
        var links = new List<TargetLink>();
        foreach (var t in all.Where(t => related.Contains($"{t.FrameworkCode}:{t.Code}")).OrderBy(t => t.FrameworkCode).ThenBy(t => t.SortOrder))
            links.Add(new TargetLink(t, lang == "en" ? null : await explanations.TitleInAsync(t.FrameworkCode, t.Code, lang, ct)));
        Related = links;
        Practices = await catalogue.ListAsync(new PracticeQuery { Target = $"{framework}:{code}", PageSize = 50, Sort = PracticeSort.Transfers }, lang, ct);
        Commitments = await commitments.ServingAsync($"{framework}:{code}", 50, ct);
        CommitmentCount = await commitments.CountServingAsync($"{framework}:{code}", ct);
        var key = $"{framework}:{code}";
        Offers = await market.ListAsync(new MarketQuery(false, null, null, null, key, null, null, null, null, 1, 20), lang, ct);
        Requests = await market.ListAsync(new MarketQuery(true, null, null, null, key, null, null, null, null, 1, 20), lang, ct);
        Questions = await helpdesk.ListAsync(new Helpdesk.HelpdeskQuery(null, null, key, null, "answered", 1, 10), ct);
        var partnerIds = await db.Practices.Where(p => p.Stage == PracticeStage.Published && p.Tags.Any(t => t.Scheme == PracticeTagSchemes.Target && t.Code == key)).Select(p => p.PartnerId)
            .Union(db.Offers.Where(o => o.State == OfferState.Active && o.Tags.Any(t => t.Scheme == MarketTagSchemes.Target && t.Code == key)).Select(o => o.PartnerId))
            .Union(db.Requests.Where(r => r.State != RequestState.Closed && r.Tags.Any(t => t.Scheme == MarketTagSchemes.Target && t.Code == key)).Select(r => r.PartnerId))
            .ToListAsync(ct);
        partnerIds.AddRange(Commitments.Select(c => c.PartnerId));
        Partners = await db.Partners.AsNoTracking().Where(p => partnerIds.Contains(p.Id)).OrderBy(p => p.Name).ToListAsync(ct);
        return Page();
    }
}
