using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace LearningNetwork.Features.Search;

/// <summary>What a person or client asks: free text in a language, facet filters, a page.</summary>
public sealed record SearchRequest(string Text, string Language, IReadOnlyDictionary<string, IReadOnlyList<string>> Filters, int Page = 1, int PageSize = 20);

/// <summary>One hit: what it is, its title and snippet (in the reader's language when it has one), and why it matched.</summary>
public sealed record SearchHit(string Type, int Id, string Slug, string Title, string TitleLanguage, string Snippet, string SnippetLanguage,
    string OriginalLanguage, bool ReviewedInReaderLanguage, string OriginalTitle, IReadOnlyList<string> SharedConcepts, float Score);

public sealed record SearchResult(int Total, IReadOnlyList<SearchHit> Hits, IReadOnlyDictionary<string, IReadOnlyList<(string Value, int Count)>> Facets,
    IReadOnlyList<string> QueryConcepts, bool IndexReady);

/// <summary>
/// Search across every language. A query never fails: it is tokenised by our analyzers, never parsed as syntax, and
/// whatever it holds becomes term, phrase and fuzzy clauses. A document matches on its words in the query's language
/// (stemmed), on folded words in any language (with typo tolerance), and on thesaurus concepts shared with the query —
/// how a German query finds a Dutch practice; the shared concepts are returned to explain such a match.
/// </summary>
public sealed partial class SiteSearch(ISearchIndex index, QueryTranslator? translator = null)
{
    public const int MaxQueryLength = 200;

    /// <summary>The weight of a machine-translated query beside the query as typed.</summary>
    internal const float TranslationWeight = 0.5f;

    /// <summary>
    /// A search with the query also machine-translated (<see cref="QueryTranslator"/>): the typed words are corrected first (so
    /// the engine sees "urbanos", not "urbnos"), then translated from the query's language (<see cref="QueryLanguage.Of"/>) within
    /// the time budget; without an engine, or past the budget, this is <see cref="Search(SearchRequest, IReadOnlyList{QueryTranslation}?)"/>
    /// alone. <paramref name="wait"/> is false for the type-ahead, which takes only what is cached.
    /// </summary>
    public async Task<SearchResult> SearchAsync(SearchRequest request, bool wait, CancellationToken ct)
    {
        if (translator is not { Enabled: true } || !index.Ready || string.IsNullOrWhiteSpace(request.Text)) return Search(request);
        var typed = request.Text.Length > MaxQueryLength ? request.Text[..MaxQueryLength] : request.Text;
        var corrected = index.Search(searcher => Corrected(typed, searcher.IndexReader));
        var translations = await translator.TranslateAsync(corrected, QueryLanguage.Of(typed, request.Language), wait, ct);
        return Search(request, translations);
    }

    public SearchResult Search(SearchRequest request, IReadOnlyList<QueryTranslation>? translations = null)
    {
        if (!index.Ready) return new SearchResult(0, [], new Dictionary<string, IReadOnlyList<(string, int)>>(), [], false);
        var typed = request.Text.Length > MaxQueryLength ? request.Text[..MaxQueryLength] : request.Text;
        var detected = QueryLanguage.Of(typed, request.Language);
        var language = SearchAnalyzers.IsThesaurusLanguage(detected) ? detected : "en";
        var filter = Filter(request.Filters);

        return index.Search(searcher =>
        {
            var text = Corrected(typed, searcher.IndexReader);
            var (query, concepts) = Build(text, language, translations ?? [], searcher.IndexReader);
            Query final = query ?? new MatchAllDocsQuery();
            if (filter is not null) final = new FilteredQuery(final, new QueryWrapperFilter(filter));
            var top = TopScoreDocCollector.Create(Math.Min(request.Page * request.PageSize, 10_000), true);
            var facets = new FacetCounter(SearchDocuments.FacetFields);
            searcher.Search(final, MultiCollector.Wrap(top, facets));
            var docs = top.GetTopDocs((request.Page - 1) * request.PageSize, request.PageSize);
            var words = Words(text);
            var hits = docs.ScoreDocs.Select(sd => Hit(searcher.Doc(sd.Doc), sd.Score, request.Language, words, concepts)).ToList();
            return new SearchResult(top.TotalHits, hits, facets.Results(), concepts.ToList(), true);
        });
    }

    /// <summary>
    /// Typo tolerance: a word that occurs nowhere in the index is replaced by the closest word that does (at most two
    /// edits, same first letter, the most similar and then the most frequent), so that the corrected word is then
    /// stemmed and matched like any other.
    /// </summary>
    private static string Corrected(string text, IndexReader reader)
    {
        var result = text;
        foreach (var word in SearchAnalyzers.Terms(FoldingAll, "all", text).Distinct().Where(w => w.Length >= 4).Take(12))
        {
            if (reader.DocFreq(new Term("all", word)) > 0) continue;
            if (new FuzzyQuery(new Term("all", word), word.Length >= 8 ? 2 : 1, 1).Rewrite(reader) is not BooleanQuery variants) continue;
            var best = variants.Clauses.Select(c => c.Query).OfType<TermQuery>()
                .OrderByDescending(q => q.Boost).ThenByDescending(q => reader.DocFreq(q.Term)).Select(q => q.Term.Text).FirstOrDefault();
            if (best is not null) result = Regex.Replace(result, Regex.Escape(word), best, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        }
        return result;
    }

    private (Query? Query, HashSet<string> Concepts) Build(string text, string language, IReadOnlyList<QueryTranslation> translations, IndexReader reader)
    {
        var (query, concepts) = Build(text, language, translated: false, reader);
        // Each machine translation is the same query in another language, at a lower weight: its stems in that language's
        // fields, its folded words and the thesaurus concepts it names there (no typo or compound guessing: the engine's
        // words are spelt right).
        foreach (var t in translations.Where(t => SearchAnalyzers.Languages.Contains(t.Language) && t.Language != language))
        {
            var (other, found) = Build(t.Text, t.Language, translated: true, reader);
            if (other is null) continue;
            other.Boost = TranslationWeight;
            (query ??= []).Add(other, Occur.SHOULD);
            concepts.UnionWith(found);
        }
        return (query, concepts);
    }

    private (BooleanQuery? Query, HashSet<string> Concepts) Build(string text, string language, bool translated, IndexReader reader)
    {
        var analyzer = SearchAnalyzers.Shared(language);
        var phrases = PhraseRegex().Matches(text).Select(m => m.Groups[1].Value).Where(p => p.Trim().Length > 0).Take(4).ToList();
        var stems = SearchAnalyzers.Terms(analyzer, SearchAnalyzers.TextField(language), text).Distinct().Take(16).ToList();
        // Folded words in any language, except what the query language treats as stop words ("and", "der", "les").
        var folded = SearchAnalyzers.Terms(FoldingAll, "all", text).Distinct()
            .Where(w => w.Length >= 3 && SearchAnalyzers.Terms(analyzer, SearchAnalyzers.TextField(language), w).Count > 0).Take(16).ToList();
        var concepts = index.Thesaurus.Find(language, stems);
        if (language != "en" && !translated) concepts.UnionWith(index.Thesaurus.Find("en", SearchAnalyzers.Terms(SearchAnalyzers.Shared("en"), "text_en", text)));
        var loose = translated ? [] : index.Thesaurus.FindLoose(language, stems);
        var parts = translated ? [] : CompoundParts(folded, language, reader);
        foreach (var part in parts) loose.UnionWith(index.Thesaurus.Find(language, SearchAnalyzers.Terms(analyzer, SearchAnalyzers.TextField(language), part)));
        loose.ExceptWith(concepts);
        if (stems.Count == 0 && folded.Count == 0 && concepts.Count == 0 && loose.Count == 0) return (null, concepts);

        var query = new BooleanQuery();
        if (stems.Count > 1)
        {
            var allWords = new BooleanQuery();
            foreach (var stem in stems)
            {
                var either = new BooleanQuery
                {
                    { new TermQuery(new Term(SearchAnalyzers.TitleField(language), stem)), Occur.SHOULD },
                    { new TermQuery(new Term(SearchAnalyzers.TextField(language), stem)), Occur.SHOULD },
                };
                allWords.Add(either, Occur.MUST);
            }
            allWords.Boost = 3f;
            query.Add(allWords, Occur.SHOULD);
        }
        foreach (var stem in stems)
        {
            query.Add(new TermQuery(new Term(SearchAnalyzers.TitleField(language), stem)) { Boost = 3f }, Occur.SHOULD);
            query.Add(new TermQuery(new Term(SearchAnalyzers.TextField(language), stem)) { Boost = 1.5f }, Occur.SHOULD);
        }
        foreach (var word in folded)
        {
            query.Add(new TermQuery(new Term("all", word)) { Boost = 0.8f }, Occur.SHOULD);
            // Typos: one edit for words of 4+ letters, two for 8+; the first letter must be right (fewer false friends).
            if (word.Length >= 4 && !translated) query.Add(new FuzzyQuery(new Term("all", word), word.Length >= 8 ? 2 : 1, 1) { Boost = 0.4f }, Occur.SHOULD);
        }
        foreach (var part in parts) query.Add(new TermQuery(new Term("all", part)) { Boost = 0.5f }, Occur.SHOULD);
        foreach (var concept in concepts) query.Add(new TermQuery(new Term("concept", concept)) { Boost = 2.5f }, Occur.SHOULD);
        foreach (var concept in loose.Take(6)) query.Add(new TermQuery(new Term("concept", concept)) { Boost = 1.5f }, Occur.SHOULD);
        concepts.UnionWith(loose);
        foreach (var phrase in phrases)
        {
            var terms = SearchAnalyzers.Terms(FoldingAll, "all", phrase);
            if (terms.Count < 2) continue;
            var pq = new PhraseQuery { Boost = 4f };
            foreach (var t in terms) pq.Add(new Term("all", t));
            query.Add(pq, Occur.SHOULD);
        }
        return (query, concepts);
    }

    private static readonly SearchAnalyzers.FoldingAnalyzer FoldingAll = new(0);

    /// <summary>The languages that write compounds as one word.</summary>
    private static readonly HashSet<string> CompoundLanguages = new(StringComparer.Ordinal) { "de", "nl", "sv", "da", "no", "fi" };

    /// <summary>
    /// Compound splitting: a query word of 8+ letters that occurs nowhere in the index ("Seegraswiesen", "paddentunnels") is cut
    /// where both sides, or the head (right-hand) side, are indexed words of 4+ letters — a linking s or e of the left side
    /// dropped ("Arten|schutz", "Wald|es|rand") — so its parts match texts that write them apart or in other compounds.
    /// </summary>
    private static List<string> CompoundParts(IReadOnlyList<string> folded, string language, IndexReader reader)
    {
        var parts = new List<string>();
        if (!CompoundLanguages.Contains(language)) return parts;
        foreach (var word in folded.Where(w => w.Length >= 8).Take(4))
        {
            if (reader.DocFreq(new Term("all", word)) > 0) continue;
            (string Left, string Right, int Score)? best = null;
            for (var i = 4; i <= word.Length - 4; i++)
            {
                var right = word[i..];
                var rightKnown = reader.DocFreq(new Term("all", right)) > 0;
                if (!rightKnown) continue;
                var left = word[..i];
                var leftKnown = reader.DocFreq(new Term("all", left)) > 0;
                if (!leftKnown && left[^1] is 's' or 'e' && left.Length > 4 && reader.DocFreq(new Term("all", left[..^1])) > 0)
                    (left, leftKnown) = (left[..^1], true);
                var score = (leftKnown ? 100 : 0) + Math.Min(left.Length, right.Length);
                if (best is null || score > best.Value.Score) best = (leftKnown ? left : "", right, score);
            }
            if (best is not { } found || (found.Left.Length == 0 && found.Right.Length < 5)) continue;
            if (found.Left.Length > 0) parts.Add(found.Left);
            parts.Add(found.Right);
        }
        return parts;
    }

    private static BooleanQuery? Filter(IReadOnlyDictionary<string, IReadOnlyList<string>> filters)
    {
        BooleanQuery? filter = null;
        foreach (var (field, values) in filters)
        {
            if (!SearchDocuments.FacetFields.Contains(field) || values.Count == 0) continue;
            var any = new BooleanQuery();
            foreach (var v in values.Take(20)) any.Add(new TermQuery(new Term(field, v)), Occur.SHOULD);
            (filter ??= []).Add(any, Occur.MUST);
        }
        return filter;
    }

    private SearchHit Hit(Lucene.Net.Documents.Document d, float score, string reader, IReadOnlyList<string> words, HashSet<string> queryConcepts)
    {
        var type = d.Get(SearchDocuments.Key).Split(':')[0];
        var original = d.Get("lang");
        var languages = d.GetValues("textlang");
        var readable = languages.Contains(reader) ? reader : original;
        var title = d.Get("stitle_" + readable) ?? d.Get("stitle_" + original) ?? "";
        var snippet = d.Get("ssummary_" + readable) ?? d.Get("ssummary_" + original) ?? "";
        var reviewed = d.GetValues("sreviewed").Contains(reader);
        // Explain a match in another language by the concepts it shares with the query.
        var shared = languages.Contains(reader) ? [] : d.GetValues("concept").Where(queryConcepts.Contains)
            .Select(c => index.Thesaurus.Label(c, reader)).Distinct().Take(3).ToList();
        return new SearchHit(type, d.GetField("id").GetInt32Value() ?? 0, d.Get("slug"), title, readable, Highlight(snippet, words), readable, original,
            reviewed, d.Get("stitle_" + original) ?? title, shared, score);
    }

    private static List<string> Words(string text) =>
        Partners.PartnerDirectory.Words(text).Where(w => w.Length >= 3).Distinct().Take(12).ToList();

    /// <summary>The snippet with the query's words marked, HTML-encoded except for the marks.</summary>
    internal static string Highlight(string snippet, IReadOnlyList<string> words)
    {
        var encoded = new StringBuilder();
        var tokens = TokenRegex().Split(snippet);
        foreach (var token in tokens)
        {
            var folded = Partners.PartnerDirectory.Words(token).FirstOrDefault();
            var mark = folded is not null && words.Any(w => folded.StartsWith(w, StringComparison.Ordinal) || (w.Length >= 5 && folded.StartsWith(w[..5], StringComparison.Ordinal)));
            var safe = System.Net.WebUtility.HtmlEncode(token);
            encoded.Append(mark ? $"<mark>{safe}</mark>" : safe);
        }
        return encoded.ToString();
    }

    [GeneratedRegex("\"([^\"]{1,100})\"")]
    private static partial Regex PhraseRegex();

    [GeneratedRegex(@"([\p{L}\p{N}]+)")]
    private static partial Regex TokenRegex();

    /// <summary>Counts facet values of every hit from sorted-set doc values, segment by segment.</summary>
    /// <summary>
    /// A segment's facet ordinals of one field, every document's in a row (document d's are Ords[Starts[d]..Starts[d+1]]),
    /// read once per segment and kept while the segment lives. Lucene.Net reads doc values from the index file a value at a
    /// time (a seek and a few bytes each), which made counting a broad query's facets most of a search at 100,000 documents;
    /// a segment never changes once written, so its ordinals can be read once.
    /// </summary>
    private sealed class SegmentOrds(int[] starts, int[] ords)
    {
        public int[] Starts { get; } = starts;
        public int[] Ords { get; } = ords;

        private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<object, System.Collections.Concurrent.ConcurrentDictionary<string, SegmentOrds>> Kept = [];

        public static SegmentOrds Of(AtomicReader reader, string field) =>
            Kept.GetValue(reader.CoreCacheKey, _ => new(StringComparer.Ordinal)).GetOrAdd(field, f => Read(reader, f));

        private static SegmentOrds Read(AtomicReader reader, string field)
        {
            var values = reader.GetSortedSetDocValues(field);
            var starts = new int[reader.MaxDoc + 1];
            var ords = new List<int>(reader.MaxDoc);
            for (var doc = 0; doc < reader.MaxDoc; doc++)
            {
                starts[doc] = ords.Count;
                if (values is null) continue;
                values.SetDocument(doc);
                for (var ord = values.NextOrd(); ord != SortedSetDocValues.NO_MORE_ORDS; ord = values.NextOrd()) ords.Add(checked((int)ord));
            }
            starts[reader.MaxDoc] = ords.Count;
            return new SegmentOrds(starts, ords.ToArray());
        }
    }

    /// <summary>
    /// Counts the facet values of every hit: an array increment per value of the hit (a segment's ordinals are dense, 0 to
    /// its value count, and kept in memory by <see cref="SegmentOrds"/>); the values are named once per segment, in <see cref="Flush"/>.
    /// At 100,000 documents a broad query has tens of thousands of hits, so this loop is the search's hot path.
    /// </summary>
    private sealed class FacetCounter(string[] fields) : ICollector
    {
        private readonly Dictionary<string, Dictionary<string, int>> _counts = fields.ToDictionary(f => f, _ => new Dictionary<string, int>(StringComparer.Ordinal));
        private readonly SortedSetDocValues?[] _values = new SortedSetDocValues?[fields.Length];
        private readonly int[]?[] _ords = new int[]?[fields.Length];

        public bool AcceptsDocsOutOfOrder => true;

        public void SetScorer(Scorer scorer)
        {
        }

        private readonly SegmentOrds?[] _docOrds = new SegmentOrds?[fields.Length];

        public void SetNextReader(AtomicReaderContext context)
        {
            Flush();
            for (var i = 0; i < fields.Length; i++)
            {
                var values = context.AtomicReader.GetSortedSetDocValues(fields[i]);
                _values[i] = values;
                _ords[i] = values is null ? null : new int[checked((int)values.ValueCount)];
                _docOrds[i] = values is null ? null : SegmentOrds.Of(context.AtomicReader, fields[i]);
            }
        }

        public void Collect(int doc)
        {
            for (var i = 0; i < _docOrds.Length; i++)
            {
                if (_docOrds[i] is not { } docOrds) continue;
                var counts = _ords[i]!;
                for (var k = docOrds.Starts[doc]; k < docOrds.Starts[doc + 1]; k++) counts[docOrds.Ords[k]]++;
            }
        }

        private void Flush()
        {
            var bytes = new BytesRef();
            for (var i = 0; i < _values.Length; i++)
            {
                if (_values[i] is not { } values || _ords[i] is not { } counts) continue;
                var total = _counts[fields[i]];
                for (var ord = 0; ord < counts.Length; ord++)
                {
                    if (counts[ord] == 0) continue;
                    values.LookupOrd(ord, bytes);
                    var key = bytes.Utf8ToString();
                    total[key] = total.GetValueOrDefault(key) + counts[ord];
                }
                _values[i] = null;
                _ords[i] = null;
                _docOrds[i] = null;
            }
        }

        public Dictionary<string, IReadOnlyList<(string, int)>> Results()
        {
            Flush();
            return _counts.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<(string, int)>)kv.Value.OrderByDescending(x => x.Value)
                .ThenBy(x => x.Key, StringComparer.Ordinal).Take(50).Select(x => (x.Key, x.Value)).ToList());
        }
    }
}
