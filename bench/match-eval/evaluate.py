#!/usr/bin/env python3
"""Quality of the marketplace's matching on the demo offers and requests, against graded judgments.

Usage: bench/match-eval/evaluate.py BASE_URL [OUTPUT.md]   (an instance with the demo network, e.g. started by bench/match-eval.sh)
Reads bench/match-eval/judgments.json:
  {"requests": [{"request": "<request slug>", "relevant": {"<offer slug>": 2, "<offer slug>": 1}, "crossLanguage": true}]}
(grade 2: answers the request, 1: helps; an offer not listed counts 0). For each judged request it finds the request's id
in GET /api/v1/requests, asks GET /api/v1/requests/{id}/matches (offers best first; the offer slug is the last segment of
offer.url), and reports precision@3 (grade >= 1; strict: grade 2), reciprocal rank of the first grade >= 1 offer (MRR)
and nDCG@5 (gain 2^grade - 1), for all requests, the cross-language ones and the others, then one row per request and the
top 3 of each miss, so that misses can be studied. A closed request is never matched by the API: it is listed, not scored.
Standard library only.
"""
import datetime, json, math, os, subprocess, sys, urllib.error, urllib.parse, urllib.request

base = sys.argv[1].rstrip('/')
output = sys.argv[2] if len(sys.argv) > 2 else None
here = os.path.dirname(os.path.abspath(__file__))
judged = json.load(open(os.path.join(here, 'judgments.json'), encoding='utf-8'))['requests']


def get(path):
    with urllib.request.urlopen(base + path, timeout=60) as r:
        return json.loads(r.read().decode('utf-8'))


def listing(kind):
    """Every offer or request of the instance, whatever its state (falls back to the default states if state=all is refused)."""
    for extra in ({'state': 'all'}, {}):
        items, page = [], 1
        try:
            while True:
                data = get(f'/api/v1/{kind}?' + urllib.parse.urlencode({'pageSize': 100, 'page': page, **extra}))
                items += data['items']
                if len(data['items']) < 100 or len(items) >= data.get('total', 0):
                    return items
                page += 1
        except urllib.error.HTTPError as e:
            if e.code != 400 or not extra:
                raise
    return []


def slug_of(url):
    return url.rstrip('/').rsplit('/', 1)[-1]


def precision(ranked, grades, k, minimum):
    return sum(1 for s in ranked[:k] if grades.get(s, 0) >= minimum) / k


def reciprocal_rank(ranked, grades):
    return next((1 / (i + 1) for i, s in enumerate(ranked) if grades.get(s, 0) >= 1), 0.0)


def ndcg(ranked, grades, k=5):
    dcg = sum((2 ** grades.get(s, 0) - 1) / math.log2(i + 2) for i, s in enumerate(ranked[:k]))
    ideal = sorted(grades.values(), reverse=True)[:k]
    idcg = sum((2 ** g - 1) / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / idcg if idcg else 0.0


requests = {r['slug']: r for r in listing('requests')}
offers = {o['slug'] for o in listing('offers')}
rows, problems, closed = [], [], []
for j in judged:
    slug, grades = j['request'], {s: int(g) for s, g in j['relevant'].items()}
    unknown = sorted(s for s in grades if s not in offers)
    if unknown:
        problems.append(f'{slug}: judged offers not in the instance: {", ".join(unknown)}')
    request = requests.get(slug)
    if request is None:
        problems.append(f'{slug}: no such request in the instance (not scored)')
        continue
    data = get(f'/api/v1/requests/{request["id"]}/matches?take=10&lang=en')
    if data.get('closed'):
        # The API never matches a closed request again (its record stays, without proposals): nothing to score.
        closed.append(f'{slug} ({request.get("state", "closed")})')
        continue
    matches = [m for m in data.get('items', []) if m.get('offer')]
    ranked = [slug_of(m['offer']['url']) for m in matches]
    rows.append({
        'request': slug, 'language': request.get('language', ''), 'cross': bool(j.get('crossLanguage')),
        'relevant': sum(1 for g in grades.values() if g >= 1), 'returned': len(ranked),
        'p3': precision(ranked, grades, 3, 1), 'p3strict': precision(ranked, grades, 3, 2),
        'rr': reciprocal_rank(ranked, grades), 'ndcg5': ndcg(ranked, grades),
        'top': [(s, grades.get(s, 0), m['score'], m.get('reasons', [])) for s, m in zip(ranked, matches)][:3],
        'missed': sorted((s for s, g in grades.items() if g >= 1 and s not in ranked[:3]), key=lambda s: -grades[s]),
        'ranks': {s: ranked.index(s) + 1 for s in grades if s in ranked},
    })

lines = []
def out(line=''):
    print(line)
    lines.append(line)

def mean(values):
    values = list(values)
    return sum(values) / len(values) if values else float('nan')

try:
    commit = subprocess.run(['git', 'rev-parse', '--short', 'HEAD'], cwd=here, capture_output=True, text=True).stdout.strip()
except OSError:
    commit = '?'
out(f'# Marketplace matching quality, {datetime.date.today().isoformat()}')
out()
out(f'`bench/match-eval.sh` at commit {commit}: {len(rows)} judged requests scored over {len(offers)} demo offers '
    f'({len(requests)} requests in the instance; {len(closed)} judged requests are closed, which the API no longer matches, '
    f'and are left out). Target: precision@3 >= 0.7.')
out()
out('| requests | n | P@3 (grade >= 1) | P@3 ceiling | P@3 strict (grade 2) | MRR | nDCG@5 |')
out('|---|---:|---:|---:|---:|---:|---:|')
for name, subset in (('all', rows), ('cross-language', [r for r in rows if r['cross']]), ('same language', [r for r in rows if not r['cross']])):
    if subset:
        out(f'| {name} | {len(subset)} | {mean(r["p3"] for r in subset):.3f} | {mean(min(r["relevant"], 3) / 3 for r in subset):.3f} | '
            f'{mean(r["p3strict"] for r in subset):.3f} | {mean(r["rr"] for r in subset):.3f} | {mean(r["ndcg5"] for r in subset):.3f} |')
out()
out('P@3 ceiling: the best P@3 possible with the judged offers (a request with one relevant offer reaches 0.33 at most).')
out()
out('## Per request')
out()
out('| request | lang | cross | relevant | returned | P@3 | P@3 strict | RR | nDCG@5 | ranks of the judged offers (grade) |')
out('|---|---|---|---:|---:|---:|---:|---:|---:|---|')
for r in rows:
    grades = {s: g for s, g in next(j for j in judged if j['request'] == r['request'])['relevant'].items()}
    ranks = ', '.join(f'{s} {r["ranks"].get(s, "-")} ({g})' for s, g in sorted(grades.items(), key=lambda kv: -kv[1]))
    out(f'| {r["request"]} | {r["language"]} | {"yes" if r["cross"] else ""} | {r["relevant"]} | {r["returned"]} | {r["p3"]:.2f} | '
        f'{r["p3strict"]:.2f} | {r["rr"]:.2f} | {r["ndcg5"]:.2f} | {ranks} |')
misses = [r for r in rows if r['p3'] < min(1, r['relevant'] / 3) or r['rr'] < 1]
if misses:
    out()
    out('## Misses: top 3 of each request below its best possible P@3 or whose first offer is not relevant')
    for r in misses:
        out()
        out(f'**{r["request"]}** ({r["language"]}{", cross-language" if r["cross"] else ""}): P@3 {r["p3"]:.2f}, RR {r["rr"]:.2f}; '
            f'relevant not in the top 3: {", ".join(r["missed"]) or "none"}')
        for i, (s, g, score, reasons) in enumerate(r['top'], 1):
            out(f'{i}. {s} (grade {g}, score {score:.3f}): {"; ".join(reasons)}')
if closed:
    out()
    out('## Not scored: closed requests (GET /api/v1/requests/{id}/matches answers closed, without matches)')
    out()
    for c in closed:
        out(f'- {c}')
if problems:
    out()
    out('## Problems with the judgments')
    out()
    for p in problems:
        out(f'- {p}')
if output:
    with open(output, 'w', encoding='utf-8') as f:
        f.write('\n'.join(lines) + '\n')
    print(f'\nwritten to {output}', file=sys.stderr)
