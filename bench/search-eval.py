#!/usr/bin/env python3
"""Relevance of the network's search on the demo content, against SQLite FTS5 on the same texts, in one run.

Usage: bench/search-eval.py BASE_URL   (an instance with the demo network, e.g. started by bench/search-eval.sh)
Reads the graded judgments of two sets — bench/search-eval/queries.json (the tuning set: part of the vocabulary was
tuned on it) and bench/search-eval/heldout.json (written before the query-translation work, never tuned on) — asks
GET /api/v1/search for each query, builds an FTS5 index (unicode61, diacritics removed) from the instance's own
/api/v1/export, asks it the same queries (words OR-ed), and prints per set nDCG@10 and recall@10 for all queries, the
cross-language ones, the same-language ones and those with typos, and the latency of our queries (p50/p95 of the first
pass, which pays for any query translation, and of a second pass, served from the translation cache).
Only the tuning set's worst queries are printed: the held-out set's misses are not to be looked at while tuning.
"""
import json, math, re, sqlite3, sys, time, urllib.parse, urllib.request

base = sys.argv[1].rstrip('/')
here = __file__.rsplit('/', 1)[0]
sets = [('tuning set (queries.json)', 'queries.json', True), ('held-out set (heldout.json)', 'heldout.json', False)]

def get(path):
    with urllib.request.urlopen(base + path, timeout=30) as r:
        return json.loads(r.read().decode('utf-8'))

def ours(q, lang):
    data = get('/api/v1/search?' + urllib.parse.urlencode({'q': q, 'lang': lang, 'pageSize': 10}))
    return [(i['type'], i['url'].rstrip('/').rsplit('/', 1)[1]) for i in data['items']]

# FTS5 over the same public content: every language of a practice, and the partners' names and descriptions.
export = get('/api/v1/export')['@graph']
db = sqlite3.connect(':memory:')
db.execute("CREATE VIRTUAL TABLE docs USING fts5(kind UNINDEXED, slug UNINDEXED, title, body, tokenize='unicode61 remove_diacritics 2')")
def slug_of(node_id):
    return re.split(r'[/:]', node_id)[-1]
for n in export:
    if n.get('additionalType') == 'GoodPractice':
        texts = [n.get('name', ''), n.get('description', ''), n.get('text', '')] + [p.get('value', '') for p in n.get('additionalProperty', []) if isinstance(p.get('value'), str)]
        for t in n.get('workTranslation', []):
            texts += [t.get('name', ''), t.get('description', ''), t.get('text', '')] + [p.get('value', '') for p in t.get('additionalProperty', []) if isinstance(p.get('value'), str)]
        db.execute('INSERT INTO docs VALUES (?,?,?,?)', ('practice', slug_of(n['@id']), n.get('name', ''), '\n'.join(texts)))
    elif n.get('@type') in ('Organization', 'GovernmentOrganization'):
        db.execute('INSERT INTO docs VALUES (?,?,?,?)', ('partner', slug_of(n['@id']), n.get('name', ''), (n.get('alternateName') or '') + '\n' + (n.get('description') or '')))

def fts(q):
    words = [w for w in re.findall(r'\w+', q, re.UNICODE)]
    if not words:
        return []
    match = ' OR '.join('"' + w.replace('"', '""') + '"' for w in words)
    return [(k, s) for k, s in db.execute('SELECT kind, slug FROM docs WHERE docs MATCH ? ORDER BY rank LIMIT 10', (match,))]

def ndcg(results, judged):
    gains = {(j['type'], j['slug']): j['grade'] for j in judged}
    dcg = sum((2 ** gains.get(r, 0) - 1) / math.log2(i + 2) for i, r in enumerate(results[:10]))
    ideal = sorted(gains.values(), reverse=True)[:10]
    idcg = sum((2 ** g - 1) / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / idcg if idcg else 0.0

def recall(results, judged):
    relevant = {(j['type'], j['slug']) for j in judged}
    return len(relevant & set(results[:10])) / len(relevant)

def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))] * 1000

def line(name, selected):
    if not selected:
        return
    n = len(selected)
    avg = lambda k: sum(r[k] for r in selected) / n
    print(f'| {name} | {n} | {avg(1):.3f} | {avg(2):.3f} | {avg(3):.3f} | {avg(4):.3f} |')

for title, file, show_misses in sets:
    queries = json.load(open(f'{here}/search-eval/{file}', encoding='utf-8'))['queries']
    rows = []
    timings = {'ours': [], 'warm': [], 'fts5': []}
    for q in queries:
        t = time.perf_counter(); o = ours(q['q'], q['lang']); timings['ours'].append(time.perf_counter() - t)
        t = time.perf_counter(); f = fts(q['q']); timings['fts5'].append(time.perf_counter() - t)
        rows.append((q, ndcg(o, q['judgments']), recall(o, q['judgments']), ndcg(f, q['judgments']), recall(f, q['judgments'])))
    for q in queries:
        t = time.perf_counter(); ours(q['q'], q['lang']); timings['warm'].append(time.perf_counter() - t)
    print(f'### {title}')
    print()
    print('| queries | n | nDCG@10 ours | recall@10 ours | nDCG@10 FTS5 | recall@10 FTS5 |')
    print('|---|---:|---:|---:|---:|---:|')
    line('all', rows)
    line('cross-language', [r for r in rows if r[0]['crossLanguage']])
    line('same language', [r for r in rows if not r[0]['crossLanguage']])
    line('with typos', [r for r in rows if r[0].get('typo')])
    print()
    print(f"Latency of ours (ms): first pass p50 {percentile(timings['ours'], 50):.1f}, p95 {percentile(timings['ours'], 95):.1f}, max {max(timings['ours']) * 1000:.1f}; "
          f"second pass p50 {percentile(timings['warm'], 50):.1f}, p95 {percentile(timings['warm'], 95):.1f}")
    if show_misses:
        print()
        print('Worst queries (ours):', ', '.join(f"{r[0]['id']} {r[0]['q']!r} ({r[0]['lang']}) {r[1]:.2f}" for r in sorted(rows, key=lambda r: r[1])[:8]))
    print()
