using LearningNetwork.Data;
using LearningNetwork.Domain;
using LearningNetwork.Features.Marketplace;
using LearningNetwork.Features.Partners;
using LearningNetwork.Features.Practices;
using LearningNetwork.Infrastructure.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace LearningNetwork.Features.Helpdesk;

/// <summary>
/// /{lang}/helpdesk: the answered questions as an FAQ grouped by theme (a question stands under each of its themes), then
/// the questions still waiting for an answer, both filtered by theme, target and language (a plain GET form, shareable by
/// URL). A filter that is not understood is marked next to its field and ignored.
/// </summary>
public sealed class IndexModel(LearningNetworkDb db, HelpdeskCatalogue catalogue, HelpdeskDesk desk, Matchmaker matchmaker) : PageModel
{
    public const int MaxAnswered = 200, MaxOpen = 100;

    [FromQuery(Name = "theme")] public string? Theme { get; set; }
    [FromQuery(Name = "target")] public string? Target { get; set; }
    [FromQuery(Name = "language")] public string? Language { get; set; }

    public IReadOnlyList<(string Theme, IReadOnlyList<QuestionCard> Questions)> Faq { get; private set; } = [];
    public int AnsweredTotal { get; private set; }
    public QuestionListPage Open { get; private set; } = new(0, 1, MaxOpen, []);
    public IReadOnlySet<string> Invalid { get; private set; } = new HashSet<string>();
    public IReadOnlyList<FilterChoice> Themes { get; private set; } = [];
    public IReadOnlyList<FilterChoice> Targets { get; private set; } = [];
    public IReadOnlyList<FilterChoice> Languages { get; private set; } = [];
    public bool CanAsk { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var lang = LocalizationSetup.CurrentLanguage;
        var (parsed, errors) = HelpdeskCatalogue.Parse(null, Theme, Target, Language, null, null, null);
        Invalid = errors.ToHashSet();
        string? Keep(string key, string? value) => Invalid.Contains(key) ? null : value;
        (parsed, _) = HelpdeskCatalogue.Parse(null, Keep("theme", Theme), Keep("target", Target), Keep("language", Language), null, null, null);
        var answered = await catalogue.ListAsync(parsed! with { Status = "answered", PageSize = MaxAnswered }, ct);
        AnsweredTotal = answered.Total;
        Open = await catalogue.ListAsync(parsed! with { Status = "open", PageSize = MaxOpen }, ct);

        var thesaurus = await matchmaker.ThesaurusAsync(db, ct);
        string Label(int id) => thesaurus.Label("gemet:" + id.ToString(System.Globalization.CultureInfo.InvariantCulture), lang);
        Faq = answered.Items.SelectMany(q => (q.Themes.Count == 0 ? [0] : q.Themes).Select(t => (Theme: t == 0 ? "" : Label(t), Question: q)))
            .GroupBy(x => x.Theme).OrderBy(g => g.Key.Length == 0).ThenBy(g => g.Key, StringComparer.CurrentCulture)
            .Select(g => (g.Key, (IReadOnlyList<QuestionCard>)g.Select(x => x.Question).ToList())).ToList();

        var tags = await db.HelpdeskQuestionTags.AsNoTracking().Select(t => new { t.Scheme, t.Code }).Distinct().ToListAsync(ct);
        Themes = tags.Where(t => t.Scheme == QuestionTagSchemes.Theme).Select(t => new FilterChoice(t.Code, thesaurus.Label("gemet:" + t.Code, lang)))
            .OrderBy(c => c.Label, StringComparer.CurrentCulture).ToList();
        Targets = tags.Where(t => t.Scheme == QuestionTagSchemes.Target).Select(t => t.Code).Order(StringComparer.Ordinal)
            .Select(t => new FilterChoice(t, PracticeLabels.TargetBadge(t))).ToList();
        var names = LanguageNames.For(await HttpContext.RequestServices.GetRequiredService<LearningNetwork.ReferenceData.ReferenceCache>().LanguageCodesAsync(db, ct));
        Languages = (await db.HelpdeskQuestions.AsNoTracking().Select(q => q.Language).Distinct().ToListAsync(ct))
            .Select(l => new FilterChoice(l, names.GetValueOrDefault(l, l))).OrderBy(c => c.Label, StringComparer.CurrentCulture).ToList();
        CanAsk = (await desk.OrganisationsAsync(User, ct)).Count > 0;
    }
}
