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

    /// <summary>Everything the page shows: the same for every reader of one language, so kept between requests
    /// (<see cref="Infrastructure.Web.PageData"/>) and evicted with the lists, which every change it shows evicts
    /// (practices and partners by the lists tag, offers, requests, commitments, questions and explanations by "all").</summary>
    private sealed record TargetView(PolicyFramework Framework, PolicyTarget Target, TargetExplanation? Explanation, string? LocalTitle,
        IReadOnlyList<TargetLink> Related, PracticeListPage Practices, IReadOnlyList<Commitment> Commitments, int CommitmentCount,
        MarketListPage Offers, MarketListPage Requests, Helpdesk.QuestionListPage Questions, IReadOnlyList<Partner> Partners);

    public async Task<IActionResult> OnGetAsync(string framework, string code, CancellationToken ct)
    {
        if (framework.Length > 16 || code.Length > 40) return NotFound();
        var lang = LocalizationSetup.CurrentLanguage;
        var view = await HttpContext.RequestServices.GetRequiredService<Infrastructure.Web.PageData>()
            .GetAsync<TargetView>($"target:{framework}:{code}:{lang}", async () => (await LoadAsync(framework, code, lang, ct), [Infrastructure.Web.PageCacheTags.Lists]));
        if (view is null) return NotFound();
        (Framework, Target, Explanation, LocalTitle, Related, Practices) = (view.Framework, view.Target, view.Explanation, view.LocalTitle, view.Related, view.Practices);
        (Commitments, CommitmentCount, Offers, Requests, Questions, Partners) = (view.Commitments, view.CommitmentCount, view.Offers, view.Requests, view.Questions, view.Partners);
        return Page();
    }

    private async Task<TargetView?> LoadAsync(string framework, string code, string lang, CancellationToken ct)
    {
        var target = await db.PolicyTargets.AsNoTracking().FirstOrDefaultAsync(t => t.FrameworkCode == framework && t.Code == code, ct);
        if (target is null) return null;
        var policyFramework = await db.PolicyFrameworks.AsNoTracking().FirstAsync(f => f.Code == framework, ct);
        var explanation = await explanations.FindAsync(framework, code, lang, ct);
        var localTitle = lang == "en" ? null : await explanations.TitleInAsync(framework, code, lang, ct) ?? TargetNames.GoalTitle(text, target);
        var related = (explanation?.Text.Crosswalk ?? []).Concat(content.LinkingTo(framework, code)).Distinct().ToList();
        var all = await HttpContext.RequestServices.GetRequiredService<LearningNetwork.ReferenceData.ReferenceCache>().TargetsAsync(db, ct);
        var links = new List<TargetLink>();
        foreach (var t in all.Where(t => related.Contains($"{t.FrameworkCode}:{t.Code}")).OrderBy(t => t.FrameworkCode).ThenBy(t => t.SortOrder))
            links.Add(new TargetLink(t, lang == "en" ? null : await explanations.TitleInAsync(t.FrameworkCode, t.Code, lang, ct)));
        var practices = await catalogue.ListAsync(new PracticeQuery { Target = $"{framework}:{code}", PageSize = 50, Sort = PracticeSort.Transfers }, lang, ct);
        var serving = await commitments.ServingAsync($"{framework}:{code}", 50, ct);
        var commitmentCount = await commitments.CountServingAsync($"{framework}:{code}", ct);
        var key = $"{framework}:{code}";
        var offers = await market.ListAsync(new MarketQuery(false, null, null, null, key, null, null, null, null, 1, 20), lang, ct);
        var requests = await market.ListAsync(new MarketQuery(true, null, null, null, key, null, null, null, null, 1, 20), lang, ct);
        var questions = await helpdesk.ListAsync(new Helpdesk.HelpdeskQuery(null, null, key, null, "answered", 1, 10), ct);
        var partnerIds = await db.Practices.Where(p => p.Stage == PracticeStage.Published && p.Tags.Any(t => t.Scheme == PracticeTagSchemes.Target && t.Code == key)).Select(p => p.PartnerId)
            .Union(db.Offers.Where(o => o.State == OfferState.Active && o.Tags.Any(t => t.Scheme == MarketTagSchemes.Target && t.Code == key)).Select(o => o.PartnerId))
            .Union(db.Requests.Where(r => r.State != RequestState.Closed && r.Tags.Any(t => t.Scheme == MarketTagSchemes.Target && t.Code == key)).Select(r => r.PartnerId))
            .ToListAsync(ct);
        partnerIds.AddRange(serving.Select(c => c.PartnerId));
        var partners = await db.Partners.AsNoTracking().Where(p => partnerIds.Contains(p.Id)).OrderBy(p => p.Name).ToListAsync(ct);
        return new TargetView(policyFramework, target, explanation, localTitle, links, practices, serving, commitmentCount, offers, requests, questions, partners);
    }
}
