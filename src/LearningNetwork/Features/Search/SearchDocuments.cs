using System.Globalization;
using LearningNetwork.Data;
using LearningNetwork.Domain;
using LearningNetwork.Features.Practices;
using Lucene.Net.Documents;
using Lucene.Net.Util;
using Microsoft.EntityFrameworkCore;

namespace LearningNetwork.Features.Search;

/// <summary>
/// Builds the search documents of partners, public practices, offers, requests, events, answered helpdesk questions, published news,
/// commitments and programmes from the database: one stemmed title and text field
/// per language the item is written in, a folded "all" field, the concepts found in every language, and the facet
/// values (type, language, country, NUTS region and its parents, theme, target, habitat) as doc values.
/// </summary>
public sealed class SearchDocuments(LearningNetworkDb db, Thesaurus thesaurus)
{
    public const string Key = "key";
    public static readonly string[] FacetFields = ["type", "language", "country", "nuts", "theme", "target", "habitat"];

    public static string KeyOf(string type, int id) => $"{type}:{id.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>The page of an item, after the language prefix.</summary>
    public static string PathOf(string type, string slug) => type switch
    {
        "offer" => $"marketplace/offers/{slug}",
        "request" => $"marketplace/requests/{slug}",
        "question" => $"helpdesk/{slug}",
        "news" => $"news/{slug}",
        _ => $"{type}s/{slug}",
    };

    /// <summary>The documents of these items; an item missing from the result is to be removed from the index.</summary>
    public async Task<Dictionary<string, Document>> BuildAsync(IReadOnlyCollection<int> practiceIds, IReadOnlyCollection<int> partnerIds, CancellationToken ct,
        IReadOnlyCollection<int>? offerIds = null, IReadOnlyCollection<int>? requestIds = null, IReadOnlyCollection<int>? eventIds = null,
        IReadOnlyCollection<int>? questionIds = null, IReadOnlyCollection<int>? newsIds = null, IReadOnlyCollection<int>? commitmentIds = null,
        IReadOnlyCollection<int>? programmeIds = null)
    {
        var documents = new Dictionary<string, Document>(StringComparer.Ordinal);
        if (practiceIds.Count > 0)
        {
            var practices = await db.Practices.AsNoTracking()
                .Where(p => practiceIds.Contains(p.Id) && (p.Stage == PracticeStage.Published || p.Stage == PracticeStage.Archived))
                .Include(p => p.Texts).Include(p => p.Tags).Include(p => p.Blocks).ThenInclude(b => b.Texts).Include(p => p.Partner)
                .AsSplitQuery().ToListAsync(ct);
            foreach (var p in practices) documents[KeyOf("practice", p.Id)] = Practice(p);
        }
        if (partnerIds.Count > 0)
        {
            var partners = await db.Partners.AsNoTracking().Where(p => partnerIds.Contains(p.Id)).Include(p => p.Themes).ToListAsync(ct);
            foreach (var p in partners) documents[KeyOf("partner", p.Id)] = Partner(p);
        }
        if (offerIds is { Count: > 0 })
        {
            var offers = await db.Offers.AsNoTracking().Where(o => offerIds.Contains(o.Id)).Include(o => o.Tags).Include(o => o.Partner).AsSplitQuery().ToListAsync(ct);
            foreach (var o in offers)
                documents[KeyOf("offer", o.Id)] = Exchange("offer", o.Id, o.Slug, o.Language, o.Partner!, o.Title, o.Description, o.Tags.Select(t => (t.Scheme, t.Code)));
        }
        if (requestIds is { Count: > 0 })
        {
            var requests = await db.Requests.AsNoTracking().Where(r => requestIds.Contains(r.Id)).Include(r => r.Tags).Include(r => r.Partner).AsSplitQuery().ToListAsync(ct);
            foreach (var r in requests)
                documents[KeyOf("request", r.Id)] = Exchange("request", r.Id, r.Slug, r.Language, r.Partner!, r.Title, r.Description, r.Tags.Select(t => (t.Scheme, t.Code)));
        }
        if (eventIds is { Count: > 0 })
        {
            var events = await db.Events.AsNoTracking().Where(e => eventIds.Contains(e.Id)).Include(e => e.Tags).Include(e => e.Partner).AsSplitQuery().ToListAsync(ct);
            foreach (var e in events) documents[KeyOf("event", e.Id)] = Event(e);
        }
        if (questionIds is { Count: > 0 })
        {
            // Only answered questions are reusable knowledge: open, escalated and closed ones stay out of the search.
            var questions = await db.HelpdeskQuestions.AsNoTracking().Where(q => questionIds.Contains(q.Id) && q.Status == QuestionStatus.Answered && q.AcceptedAnswerId != null)
                .Include(q => q.Tags).Include(q => q.Partner).Include(q => q.Answers).AsSplitQuery().ToListAsync(ct);
            foreach (var q in questions) documents[KeyOf("question", q.Id)] = Question(q);
        }
        if (newsIds is { Count: > 0 })
        {
            // News dated ahead is not public yet: it is indexed when a later save (or the next rebuild) finds it published.
            var now = DateTime.UtcNow;
            var news = await db.NewsItems.AsNoTracking().Where(n => newsIds.Contains(n.Id) && n.PublishedAt <= now)
                .Include(n => n.Texts).Include(n => n.Themes).Include(n => n.Partner).AsSplitQuery().ToListAsync(ct);
            foreach (var n in news) documents[KeyOf("news", n.Id)] = NewsDocument(n);
        }
        if (commitmentIds is { Count: > 0 })
        {
            var commitments = await db.Commitments.AsNoTracking().Where(c => commitmentIds.Contains(c.Id)).Include(c => c.Targets).Include(c => c.Partner)
                .AsSplitQuery().ToListAsync(ct);
            foreach (var c in commitments)
                documents[KeyOf("commitment", c.Id)] = Exchange("commitment", c.Id, c.Id.ToString(CultureInfo.InvariantCulture), c.Language, c.Partner!, c.Title,
                    c.Description, c.Targets.Select(t => (MarketTagSchemes.Target, t.Code)));
        }
        if (programmeIds is { Count: > 0 })
        {
            // Every programme is public (its page and the list show all stages), so every one is found.
            var programmes = await db.Programmes.AsNoTracking().Where(p => programmeIds.Contains(p.Id)).Include(p => p.Tags).Include(p => p.Partner)
                .Include(p => p.SecondPartner).Include(p => p.Recommendations).AsSplitQuery().ToListAsync(ct);
            foreach (var p in programmes) documents[KeyOf("programme", p.Id)] = Programme(p);
        }
        return documents;
    }

    /// <summary>An event: its texts in its language (analysed like a practice's), its themes, targets and languages, its place's country.</summary>
    private Document Event(Event e)
    {
        var d = Base("event", e.Id, e.Slug, e.Language, e.CountryCode, null);
        var concepts = new HashSet<string>(StringComparer.Ordinal);
        var body = string.Join("\n", new[] { e.Summary, PracticeMarkdown.PlainText(e.Description), e.Address }.Where(x => !string.IsNullOrWhiteSpace(x)));
        Text(thesaurus, d, e.Language, e.Title, body, concepts);
        d.Add(new StoredField("stitle_" + e.Language, e.Title));
        d.Add(new StoredField("ssummary_" + e.Language, Shorten(e.Summary, 300)));
        d.Add(new StoredField("sreviewed", e.Language));
        foreach (var tag in e.Tags)
        {
            switch (tag.Scheme)
            {
                case EventTagSchemes.Theme:
                    Facet(d, "theme", tag.Code);
                    concepts.Add("gemet:" + tag.Code);
                    break;
                case EventTagSchemes.Target: Facet(d, "target", tag.Code); break;
            }
        }
        d.Add(new TextField("all", e.Partner?.Name ?? "", Field.Store.NO));
        Concepts(d, concepts);
        d.Add(new StoredField("spartner", e.Partner?.Name ?? ""));
        return d;
    }

    /// <summary>A peer review, study visit or twinning: its title, description, focus, report and recommendations in its
    /// language, its themes and targets as facets, the applying partner's country; found under both partners' names.</summary>
    private Document Programme(Programme p)
    {
        var d = Base("programme", p.Id, p.Slug, p.Language, p.Partner?.CountryCode ?? "", null);
        var concepts = new HashSet<string>(StringComparer.Ordinal);
        var body = string.Join("\n", new[] { p.Description, p.Focus, p.Report }.Concat(p.Recommendations.OrderBy(r => r.Position).Select(r => r.Text))
            .Where(x => !string.IsNullOrWhiteSpace(x)));
        Text(thesaurus, d, p.Language, p.Title, body, concepts);
        d.Add(new StoredField("stitle_" + p.Language, p.Title));
        d.Add(new StoredField("ssummary_" + p.Language, Shorten(p.Description, 300)));
        d.Add(new StoredField("sreviewed", p.Language));
        foreach (var tag in p.Tags)
        {
            switch (tag.Scheme)
            {
                case ProgrammeTagSchemes.Theme:
                    Facet(d, "theme", tag.Code);
                    concepts.Add("gemet:" + tag.Code);
                    break;
                case ProgrammeTagSchemes.Target: Facet(d, "target", tag.Code); break;
            }
        }
        var partners = string.Join(" ", new[] { p.Partner?.Name, p.SecondPartner?.Name }.Where(n => n is not null));
        d.Add(new TextField("all", partners, Field.Store.NO));
        Concepts(d, concepts);
        d.Add(new StoredField("spartner", p.Partner?.Name ?? ""));
        return d;
    }

    /// <summary>An answered helpdesk question: its title and body in its language, the accepted answer in the answer's own
    /// language (a German question answered in English is found by both analyzers), its tags as facets.</summary>
    private Document Question(HelpdeskQuestion q)
    {
        var d = Base("question", q.Id, q.Slug, q.Language, q.CountryCode, q.NutsCode);
        var concepts = new HashSet<string>(StringComparer.Ordinal);
        var body = PracticeMarkdown.PlainText(q.Body) ?? q.Body;
        var accepted = q.Answers.FirstOrDefault(a => a.Id == q.AcceptedAnswerId);
        var answer = accepted is null ? "" : PracticeMarkdown.PlainText(accepted.Body) ?? accepted.Body;
        if (accepted is not null && accepted.Language != q.Language)
        {
            Text(thesaurus, d, q.Language, q.Title, body, concepts);
            Text(thesaurus, d, accepted.Language, "", answer, concepts);
        }
        else Text(thesaurus, d, q.Language, q.Title, body + "\n" + answer, concepts);
        d.Add(new StoredField("stitle_" + q.Language, q.Title));
        d.Add(new StoredField("ssummary_" + q.Language, Shorten(answer.Length > 0 ? answer : body, 300)));
        d.Add(new StoredField("sreviewed", q.Language));
        foreach (var tag in q.Tags)
        {
            switch (tag.Scheme)
            {
                case QuestionTagSchemes.Theme:
                    Facet(d, "theme", tag.Code);
                    concepts.Add("gemet:" + tag.Code);
                    break;
                case QuestionTagSchemes.Target: Facet(d, "target", tag.Code); break;
            }
        }
        d.Add(new TextField("all", q.Partner?.Name ?? "", Field.Store.NO));
        Concepts(d, concepts);
        d.Add(new StoredField("spartner", q.Partner?.Name ?? ""));
        return d;
    }

    /// <summary>A news item: each language version's title, summary and text analysed in its language, its themes, its partner's place.</summary>
    private Document NewsDocument(NewsItem n)
    {
        var d = Base("news", n.Id, n.Slug, n.OriginalLanguage, n.Partner?.CountryCode ?? "", n.Partner?.NutsCode);
        var concepts = new HashSet<string>(StringComparer.Ordinal);
        foreach (var t in n.Texts)
        {
            Text(thesaurus, d, t.Language, t.Title, t.Summary + "\n" + (PracticeMarkdown.PlainText(t.Body) ?? t.Body), concepts);
            d.Add(new StoredField("stitle_" + t.Language, t.Title));
            d.Add(new StoredField("ssummary_" + t.Language, Shorten(t.Summary, 300)));
            d.Add(new StoredField("sreviewed", t.Language));
        }
        foreach (var theme in n.Themes)
        {
            Facet(d, "theme", theme.ConceptId.ToString(CultureInfo.InvariantCulture));
            concepts.Add("gemet:" + theme.ConceptId.ToString(CultureInfo.InvariantCulture));
        }
        d.Add(new TextField("all", n.Partner?.Name ?? "", Field.Store.NO));
        Concepts(d, concepts);
        d.Add(new StoredField("spartner", n.Partner?.Name ?? ""));
        return d;
    }

    private Document Practice(Practice p)
    {
        var d = Base("practice", p.Id, p.Slug, p.OriginalLanguage, p.CountryCode, p.NutsCode);
        var concepts = new HashSet<string>(StringComparer.Ordinal);
        foreach (var t in p.Texts)
        {
            var blocks = string.Join("\n", p.Blocks.SelectMany(b => b.Texts.Where(x => x.Language == t.Language)).Select(b => $"{b.Title}\n{b.Description}\n{b.LessonsLearned}"));
            var body = string.Join("\n", new[] { t.Summary, PracticeMarkdown.PlainText(t.Description), t.Challenge, t.Objectives, t.Actions, t.Difficulties,
                t.SuccessFactors, t.Transferability, t.Keywords, blocks, p.PlaceName }.Where(x => !string.IsNullOrWhiteSpace(x)));
            Text(thesaurus, d, t.Language, t.Title, body, concepts);
            d.Add(new StoredField("stitle_" + t.Language, t.Title));
            d.Add(new StoredField("ssummary_" + t.Language, t.Summary));
            if (t.Reviewed || t.Language == p.OriginalLanguage) d.Add(new StoredField("sreviewed", t.Language));
        }
        foreach (var tag in p.Tags)
        {
            switch (tag.Scheme)
            {
                case PracticeTagSchemes.Theme:
                    Facet(d, "theme", tag.Code);
                    concepts.Add("gemet:" + tag.Code);
                    break;
                case PracticeTagSchemes.Target: Facet(d, "target", tag.Code); break;
                case PracticeTagSchemes.Habitat: Facet(d, "habitat", tag.Code); break;
            }
        }
        d.Add(new TextField("all", p.Partner?.Name ?? "", Field.Store.NO));
        Concepts(d, concepts);
        d.Add(new StoredField("spartner", p.Partner?.Name ?? ""));
        return d;
    }

    private Document Partner(Partner p)
    {
        var d = Base("partner", p.Id, p.Slug, p.DescriptionLanguage, p.CountryCode, p.NutsCode);
        var concepts = new HashSet<string>(StringComparer.Ordinal);
        var title = p.NativeName is null || p.NativeName == p.Name ? p.Name : $"{p.Name} ({p.NativeName})";
        Text(thesaurus, d, p.DescriptionLanguage, title, p.Description ?? "", concepts);
        d.Add(new StoredField("stitle_" + p.DescriptionLanguage, title));
        d.Add(new StoredField("ssummary_" + p.DescriptionLanguage, Shorten(p.Description ?? "", 300)));
        d.Add(new StoredField("sreviewed", p.DescriptionLanguage));
        foreach (var t in p.Themes)
        {
            Facet(d, "theme", t.ConceptId.ToString(CultureInfo.InvariantCulture));
            concepts.Add("gemet:" + t.ConceptId.ToString(CultureInfo.InvariantCulture));
        }
        Concepts(d, concepts);
        return d;
    }

    /// <summary>An offer or a request: one text in one language, its tags as facets, its partner's place.</summary>
    private Document Exchange(string type, int id, string slug, string language, Partner partner, string title, string description,
        IEnumerable<(string Scheme, string Code)> tags)
    {
        var d = Base(type, id, slug, language, partner.CountryCode, partner.NutsCode);
        var concepts = new HashSet<string>(StringComparer.Ordinal);
        var body = PracticeMarkdown.PlainText(description) ?? description;
        Text(thesaurus, d, language, title, body, concepts);
        d.Add(new StoredField("stitle_" + language, title));
        d.Add(new StoredField("ssummary_" + language, Shorten(body, 300)));
        d.Add(new StoredField("sreviewed", language));
        foreach (var (scheme, code) in tags)
        {
            switch (scheme)
            {
                case MarketTagSchemes.Theme:
                    Facet(d, "theme", code);
                    concepts.Add("gemet:" + code);
                    break;
                case MarketTagSchemes.Target: Facet(d, "target", code); break;
                case MarketTagSchemes.Habitat: Facet(d, "habitat", code); break;
            }
        }
        d.Add(new TextField("all", partner.Name, Field.Store.NO));
        Concepts(d, concepts);
        d.Add(new StoredField("spartner", partner.Name));
        return d;
    }

    /// <summary>The fields every item has (for the benchmarks' synthetic corpus too).</summary>
    public static Document Base(string type, int id, string slug, string language, string country, string? nuts)
    {
        var d = new Document
        {
            new StringField(Key, KeyOf(type, id), Field.Store.YES),
            new StoredField("id", id),
            new StoredField("slug", slug),
            new StoredField("lang", language),
        };
        Facet(d, "type", type);
        Facet(d, "language", language);
        if (country.Length > 0) Facet(d, "country", country); // news of the network itself has no place
        if (nuts is not null)
            for (var n = 2; n <= nuts.Length; n++) Facet(d, "nuts", nuts[..n]); // a region filter finds what lies inside it
        return d;
    }

    /// <summary>An item's title and text in one language, with the concepts found in them.</summary>
    public static void Text(Thesaurus thesaurus, Document d, string language, string title, string body, HashSet<string> concepts)
    {
        d.Add(new TextField(SearchAnalyzers.TitleField(language), title, Field.Store.NO));
        d.Add(new TextField(SearchAnalyzers.TextField(language), body, Field.Store.NO));
        d.Add(new TextField("all", title + "\n" + body, Field.Store.NO));
        concepts.UnionWith(thesaurus.Find(language, SearchAnalyzers.Shared(language), title + "\n" + body));
        if (!d.GetValues("textlang").Contains(language)) d.Add(new StringField("textlang", language, Field.Store.YES));
    }

    public static void Concepts(Document d, HashSet<string> concepts)
    {
        foreach (var c in concepts) d.Add(new StringField("concept", c, Field.Store.YES));
    }

    /// <summary>A facet value: searchable as a term, countable as a sorted-set doc value.</summary>
    public static void Facet(Document d, string field, string value)
    {
        d.Add(new StringField(field, value, Field.Store.NO));
        d.Add(new SortedSetDocValuesField(field, new BytesRef(value)));
    }

    private static string Shorten(string text, int max) => text.Length <= max ? text : text[..max].TrimEnd() + "…";
}
