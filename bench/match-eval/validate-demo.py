#!/usr/bin/env python3
"""Checks the demo marketplace and its matching judgments against the real reference data.

Reads
  src/LearningNetwork/Features/Marketplace/DemoData/demo-offers.json
  src/LearningNetwork/Features/Marketplace/DemoData/demo-requests.json
  bench/match-eval/judgments.json
and checks every code against the files the app loads at start-up (src/LearningNetwork/ReferenceData/files:
GEMET labels, KMGBF / EU Biodiversity Strategy / Nature Restoration Regulation / Habitats and Birds Directives,
EUNIS level 1, the content languages) and the demo partners (Features/Partners/DemoData/demo-partners.json).
Target codes are built exactly as ReferenceDataLoader does: kmgbf:<goal letter or target number>,
eubds:<commitment id in lower case>, nrr:<article>, habitats|birds:art-<n>, annex-<roman, lower case>,
habitats:habitat-group-<n>.

Prints a summary and exits 1 on any violation (0 when all rules hold).
Usage: python3 bench/match-eval/validate-demo.py [--labels]   (--labels also lists the GEMET concepts used)
"""
import csv
import datetime as dt
import json
import os
import re
import sys
from collections import Counter

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
REF = os.path.join(ROOT, 'src', 'LearningNetwork', 'ReferenceData', 'files')
SHARED = os.path.abspath(os.path.join(ROOT, '..', 'shared', 'data'))
OFFERS_FILE = os.path.join(ROOT, 'src', 'LearningNetwork', 'Features', 'Marketplace', 'DemoData', 'demo-offers.json')
REQUESTS_FILE = os.path.join(ROOT, 'src', 'LearningNetwork', 'Features', 'Marketplace', 'DemoData', 'demo-requests.json')
JUDGMENTS_FILE = os.path.join(ROOT, 'bench', 'match-eval', 'judgments.json')
PARTNERS_FILE = os.path.join(ROOT, 'src', 'LearningNetwork', 'Features', 'Partners', 'DemoData', 'demo-partners.json')

KINDS = ['expert-advice', 'study-visit', 'peer-review', 'mentoring', 'training', 'tool']
TOPICS = ['question', 'plan-review', 'species-habitat', 'project-partner', 'cooperation']
FORMATS = ['online', 'on-site', 'both']
COSTS = ['free', 'expenses', 'fee']
OFFER_STATES = ['active', 'paused', 'closed']
REQUEST_STATES = ['open', 'in-discussion', 'matched', 'in-progress', 'closed']
URGENCIES = ['low', 'normal', 'high']
OUTCOMES = ['solved', 'partly', 'not-solved']
REQUIRED_LANGUAGES = ['en', 'de', 'fr', 'es', 'it', 'pl', 'nl']
EXTRA_LANGUAGES = ['cs', 'sv', 'fi', 'pt', 'el', 'ro', 'hu', 'lv']
SLUG = re.compile(r'^[a-z0-9]+(?:-[a-z0-9]+)*$')

OFFER_FIELDS = ['slug', 'partner', 'kind', 'language', 'title', 'description', 'themes', 'targets', 'habitats', 'languages',
                'format', 'capacity', 'availableFrom', 'availableUntil', 'cost', 'state']
OFFER_OPTIONAL = ['costNote']
REQUEST_FIELDS = ['slug', 'partner', 'topic', 'kind', 'language', 'title', 'description', 'themes', 'targets', 'habitats',
                  'languages', 'format', 'urgency', 'deadline', 'state']
REQUEST_OPTIONAL = ['matchedOffer', 'outcome', 'feedback', 'messages']

errors = []
notes = []


def err(where, message):
    errors.append(f'{where}: {message}')


def load_json(path):
    try:
        with open(path, encoding='utf-8') as f:
            return json.load(f)
    except FileNotFoundError:
        err(os.path.relpath(path, ROOT), 'file is missing')
    except json.JSONDecodeError as e:
        err(os.path.relpath(path, ROOT), f'JSON does not parse ({e})')
    return None


def read_csv(name):
    with open(os.path.join(REF, name), encoding='utf-8', newline='') as f:
        return list(csv.DictReader(f))


def date(value, where, field):
    if not isinstance(value, str) or not re.fullmatch(r'\d{4}-\d{2}-\d{2}', value):
        err(where, f'{field} must be YYYY-MM-DD, got {value!r}')
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        err(where, f'{field} is not a real date: {value}')
        return None


# ------------------------------------------------------------------ reference data (as the app loads it)

def reference():
    for rel in ['gemet/gemet_concepts_labels.csv', 'classifications/eunis_habitats_level1.csv', 'gbf/kmgbf_goals_targets.json',
                'eu_policy/eu_biodiversity_strategy_2030_commitments.json', 'eu_policy/nature_restoration_regulation_2024_1991.json',
                'eu_policy/habitats_birds_directives.json']:
        shared = os.path.join(SHARED, rel)
        if os.path.exists(shared):
            with open(shared, 'rb') as a, open(os.path.join(REF, rel), 'rb') as b:
                if a.read() != b.read():
                    notes.append(f'reference file {rel} differs between the app and {SHARED}; checked against the app copy')

    gemet = {}
    for row in read_csv('gemet/gemet_concepts_labels.csv'):
        if row['en'].strip():
            gemet[int(row['concept_id'])] = row['en'].strip()

    eunis = {row['code']: row['name_en'] for row in read_csv('classifications/eunis_habitats_level1.csv')}
    languages = {row['iso639_1'] for row in read_csv('countries/content_languages.csv')}

    targets = set()
    with open(os.path.join(REF, 'gbf/kmgbf_goals_targets.json'), encoding='utf-8') as f:
        k = json.load(f)
    targets |= {f"kmgbf:{g['code']}" for g in k['goals']}
    targets |= {f"kmgbf:{t['number']}" for t in k['targets']}
    with open(os.path.join(REF, 'eu_policy/eu_biodiversity_strategy_2030_commitments.json'), encoding='utf-8') as f:
        targets |= {f"eubds:{c['id'].lower()}" for c in json.load(f)['commitments']}
    with open(os.path.join(REF, 'eu_policy/nature_restoration_regulation_2024_1991.json'), encoding='utf-8') as f:
        targets |= {f"nrr:{a['article']}" for a in json.load(f)['articles']}
    with open(os.path.join(REF, 'eu_policy/habitats_birds_directives.json'), encoding='utf-8') as f:
        d = json.load(f)
    for prop, code in [('habitats_directive', 'habitats'), ('birds_directive', 'birds')]:
        x = d[prop]
        targets |= {f"{code}:art-{a['article']}" for a in x['key_articles']}
        targets |= {f"{code}:annex-{a['annex'].lower()}" for a in x['annexes']}
        targets |= {f"{code}:habitat-group-{g['code']}" for g in x.get('annex_I_habitat_groups', [])}
    return gemet, eunis, targets, languages


# ------------------------------------------------------------------ items

def check_common(item, where, partners, gemet, eunis, targets, eu_languages, length_range):
    slug = item.get('slug')
    if not isinstance(slug, str) or not SLUG.match(slug):
        err(where, f'slug must be kebab-case ASCII, got {slug!r}')
    partner = partners.get(item.get('partner'))
    if partner is None:
        err(where, f"unknown partner {item.get('partner')!r}")
    if item.get('kind') not in KINDS:
        err(where, f"kind must be one of {KINDS}, got {item.get('kind')!r}")
    language = item.get('language')
    if partner is not None and language not in partner['languages']:
        err(where, f"text language {language!r} is not a language of partner {partner['slug']} {partner['languages']}")
    for field in ['title', 'description']:
        if not isinstance(item.get(field), str) or not item.get(field).strip():
            err(where, f'{field} must be a non-empty string')
    title = item.get('title') or ''
    if len(title) > 160:
        err(where, f'title is {len(title)} characters (at most 160)')
    desc = item.get('description') or ''
    lo, hi = length_range
    if not lo <= len(desc) <= hi:
        err(where, f'description is {len(desc)} characters, must be {lo}-{hi}')

    themes = item.get('themes')
    if not isinstance(themes, list) or not 2 <= len(themes) <= 5:
        err(where, f'themes must be a list of 2-5 GEMET concept ids, got {themes!r}')
    else:
        for t in themes:
            if not isinstance(t, int) or isinstance(t, bool) or t not in gemet:
                err(where, f'unknown GEMET concept {t!r}')
        if len(set(themes)) != len(themes):
            err(where, 'duplicate theme')
    tg = item.get('targets')
    if not isinstance(tg, list) or not 1 <= len(tg) <= 4:
        err(where, f'targets must be a list of 1-4 codes, got {tg!r}')
    else:
        for t in tg:
            if t not in targets:
                err(where, f'unknown target code {t!r}')
        if len(set(tg)) != len(tg):
            err(where, 'duplicate target')
    hb = item.get('habitats')
    if not isinstance(hb, list) or len(hb) > 3:
        err(where, f'habitats must be a list of 0-3 EUNIS codes, got {hb!r}')
    else:
        for h in hb:
            if h not in eunis:
                err(where, f'unknown EUNIS habitat code {h!r} (only level-1 codes exist in the reference file)')
        if len(set(hb)) != len(hb):
            err(where, 'duplicate habitat')
    langs = item.get('languages')
    if not isinstance(langs, list) or not 1 <= len(langs) <= 4:
        err(where, f'languages must list 1-4 exchange languages, got {langs!r}')
    else:
        for l in langs:
            if l not in eu_languages:
                err(where, f'exchange language {l!r} is not one the app knows (countries/content_languages.csv)')
        if len(set(langs)) != len(langs):
            err(where, 'duplicate exchange language')
        if partner is not None and not (set(langs) & (set(partner['languages']) | {'en'})):
            err(where, f"exchange languages {langs} include neither English nor a language of {partner['slug']}")
    if item.get('format') not in FORMATS:
        err(where, f"format must be one of {FORMATS}, got {item.get('format')!r}")
    return partner


def check_offers(offers, ctx):
    partners, gemet, eunis, targets, eu_languages = ctx
    for i, o in enumerate(offers):
        where = f"offer {o.get('slug', '#' + str(i))}"
        missing = [f for f in OFFER_FIELDS if f not in o]
        if missing:
            err(where, f'missing fields {missing}')
            continue
        extra = [f for f in o if f not in OFFER_FIELDS + OFFER_OPTIONAL]
        if extra:
            err(where, f'unknown fields {extra}')
        check_common(o, where, partners, gemet, eunis, targets, eu_languages, (400, 1200))
        cap = o['capacity']
        if cap is not None and (not isinstance(cap, int) or isinstance(cap, bool) or cap < 1):
            err(where, f'capacity must be a positive integer or null, got {cap!r}')
        start = date(o['availableFrom'], where, 'availableFrom')
        end = None if o['availableUntil'] is None else date(o['availableUntil'], where, 'availableUntil')
        if start and end and end <= start:
            err(where, 'availableUntil must be after availableFrom')
        if o['cost'] not in COSTS:
            err(where, f"cost must be one of {COSTS}, got {o['cost']!r}")
        if 'costNote' in o and (not isinstance(o['costNote'], str) or not 0 < len(o['costNote']) <= 120):
            err(where, 'costNote must be a short non-empty string (at most 120 characters)')
        if o['state'] not in OFFER_STATES:
            err(where, f"state must be one of {OFFER_STATES}, got {o['state']!r}")
        if o['state'] == 'active' and end is not None and end <= dt.date(2027, 1, 1):
            err(where, 'an active offer that ends must end after 2027-01-01')
    states = Counter(o.get('state') for o in offers)
    if len(offers) < 44:
        err('offers', f'{len(offers)} offers, at least 44 needed')
    if states['paused'] > 3:
        err('offers', f"{states['paused']} paused offers, at most 3")
    if states['closed'] > 2:
        err('offers', f"{states['closed']} closed offers, at most 2")


def check_requests(requests, offers_by_slug, ctx):
    partners, gemet, eunis, targets, eu_languages = ctx
    for i, r in enumerate(requests):
        where = f"request {r.get('slug', '#' + str(i))}"
        missing = [f for f in REQUEST_FIELDS if f not in r]
        if missing:
            err(where, f'missing fields {missing}')
            continue
        extra = [f for f in r if f not in REQUEST_FIELDS + REQUEST_OPTIONAL]
        if extra:
            err(where, f'unknown fields {extra}')
        check_common(r, where, partners, gemet, eunis, targets, eu_languages, (300, 1000))
        if r['topic'] not in TOPICS:
            err(where, f"topic must be one of {TOPICS}, got {r['topic']!r}")
        if r['urgency'] not in URGENCIES:
            err(where, f"urgency must be one of {URGENCIES}, got {r['urgency']!r}")
        state = r['state']
        if state not in REQUEST_STATES:
            err(where, f"state must be one of {REQUEST_STATES}, got {state!r}")
            continue
        deadline = None if r['deadline'] is None else date(r['deadline'], where, 'deadline')
        if state in ('open', 'in-discussion') and deadline and not dt.date(2027, 1, 15) <= deadline <= dt.date(2028, 6, 30):
            err(where, f'deadline of an {state} request must be between 2027-01-15 and 2028-06-30, got {deadline}')

        needs_match = state in ('matched', 'in-progress', 'closed')
        m = r.get('matchedOffer')
        if needs_match and m is None:
            err(where, f'a {state} request needs matchedOffer')
        if not needs_match and m is not None:
            err(where, f'an {state} request must not have matchedOffer')
        if m is not None:
            offer = offers_by_slug.get(m)
            if offer is None:
                err(where, f'matchedOffer {m!r} does not exist')
            else:
                if offer['partner'] == r['partner']:
                    err(where, f'matchedOffer {m} belongs to the requesting partner itself')
                if offer.get('state') != 'active':
                    err(where, f"matchedOffer {m} is {offer.get('state')}, not active")
                if not (set(offer['languages']) & set(r['languages'])):
                    err(where, f'matchedOffer {m} shares no exchange language with the request')
                if offer['kind'] != r['kind']:
                    notes.append(f"{where}: seeks {r['kind']} but is matched to a {offer['kind']} offer")

        if state == 'closed':
            if r.get('outcome') not in OUTCOMES:
                err(where, f"a closed request needs outcome in {OUTCOMES}, got {r.get('outcome')!r}")
            fb = r.get('feedback')
            if not isinstance(fb, dict) or set(fb) != {'requester', 'provider'}:
                err(where, 'a closed request needs feedback from requester and provider')
            else:
                for side, v in fb.items():
                    if not isinstance(v, dict) or not isinstance(v.get('rating'), int) or isinstance(v.get('rating'), bool) \
                            or not 1 <= v['rating'] <= 5 or not isinstance(v.get('text'), str) or not v['text'].strip() \
                            or set(v) != {'rating', 'text'}:
                        err(where, f'feedback.{side} must be {{"rating": 1-5, "text": "..."}}')
        else:
            for f in ('outcome', 'feedback'):
                if f in r:
                    err(where, f'{f} is only for closed requests')

        if 'messages' in r:
            msgs = r['messages']
            if state == 'open':
                err(where, 'an open request has no conversation yet (messages)')
            if not isinstance(msgs, list) or not 1 <= len(msgs) <= 4:
                err(where, 'messages must be a list of 1-4 messages')
            else:
                for k, msg in enumerate(msgs):
                    if not isinstance(msg, dict) or set(msg) != {'from', 'text'} or msg['from'] not in ('requester', 'provider') \
                            or not isinstance(msg['text'], str) or not msg['text'].strip():
                        err(where, f'message {k + 1} must be {{"from": "requester|provider", "text": "..."}}')
            if state == 'in-discussion':
                notes.append(f'{where}: messages of an in-discussion request have no counterpart offer; '
                             'MarketplaceDemoData only seeds conversations of requests with a matchedOffer')

    states = Counter(r.get('state') for r in requests)
    if len(requests) < 28:
        err('requests', f'{len(requests)} requests, at least 28 needed')
    if not 14 <= states['open'] <= 18:
        err('requests', f"{states['open']} open requests, about 16 expected (14-18)")
    for s, n in [('in-discussion', 3), ('matched', 2), ('in-progress', 2)]:
        if states[s] != n:
            err('requests', f'{states[s]} {s} requests, {n} expected')
    if states['closed'] < 5:
        err('requests', f"{states['closed']} closed requests, at least 5 needed")
    outcomes = Counter(r.get('outcome') for r in requests if r.get('state') == 'closed')
    for o in OUTCOMES:
        if outcomes[o] < 1:
            err('requests', f'no closed request with outcome {o}')


def check_languages(items, label):
    langs = Counter(i.get('language') for i in items)
    for l in REQUIRED_LANGUAGES:
        if langs[l] == 0:
            err(label, f'no text in {l}')
    extras = [l for l in EXTRA_LANGUAGES if langs[l]]
    if len(extras) < 2:
        err(label, f'texts in only {extras} of {EXTRA_LANGUAGES}; at least two needed')
    if len(langs) < 9:
        err(label, f'texts in {len(langs)} languages, at least 9 needed')
    share = langs['en'] / max(1, len(items))
    if not 0.25 <= share <= 0.40:
        err(label, f'English share is {share:.0%}, about a third expected (25-40%)')
    return langs


def check_judgments(j, offers_by_slug, requests_by_slug):
    if not isinstance(j, dict) or not isinstance(j.get('note'), str) or not j['note'].strip() or not isinstance(j.get('requests'), list):
        err('judgments', 'must be {"note": "...", "requests": [...]}')
        return []
    seen = set()
    cross_shared = 0
    no_language_match = []
    for k, item in enumerate(j['requests']):
        slug = item.get('request') if isinstance(item, dict) else None
        where = f'judgments[{slug or k}]'
        if not isinstance(item, dict) or set(item) - {'request', 'relevant', 'crossLanguage'}:
            err(where, 'an entry is {"request", "relevant", optional "crossLanguage"}')
            continue
        r = requests_by_slug.get(slug)
        if r is None:
            err(where, f'unknown request {slug!r}')
            continue
        if slug in seen:
            err(where, 'request judged twice')
        seen.add(slug)
        rel = item.get('relevant')
        if not isinstance(rel, dict) or not rel:
            err(where, 'relevant must be a non-empty object {offer slug: grade}')
            continue
        for s, g in rel.items():
            o = offers_by_slug.get(s)
            if o is None:
                err(where, f'unknown offer {s!r}')
                continue
            if g not in (1, 2) or isinstance(g, bool):
                err(where, f'grade of {s} must be 1 or 2, got {g!r}')
            if o['state'] != 'active':
                err(where, f"{s} is {o['state']}; paused and closed offers are not graded")
            if o['partner'] == r['partner']:
                err(where, f'{s} is an offer of the requesting partner itself')
        best = [s for s, g in rel.items() if g == 2 and s in offers_by_slug]
        if not best:
            err(where, 'no offer graded 2')
            continue
        cross = all(offers_by_slug[s]['language'] != r['language'] for s in best)
        flagged = item.get('crossLanguage', False)
        if flagged not in (True, False):
            err(where, 'crossLanguage must be true (or absent)')
        elif flagged != cross:
            err(where, f'crossLanguage should be {str(cross).lower()}: grade-2 offers are in '
                       f"{sorted({offers_by_slug[s]['language'] for s in best})}, the request in {r['language']}")
        req_langs = set(r['languages'])
        if cross and any(set(offers_by_slug[s]['languages']) & req_langs for s in best):
            cross_shared += 1
        all_req = req_langs | {r['language']}
        if not any(all_req & (set(o['languages']) | {o['language']}) for o in offers_by_slug.values()):
            no_language_match.append(slug)
        m = r.get('matchedOffer')
        if m and m not in rel:
            err(where, f'the matched offer {m} is not graded')
    if len(seen) < 22:
        err('judgments', f'{len(seen)} requests judged, at least 22 needed')
    for r in requests_by_slug.values():
        if r.get('state') in ('open', 'in-discussion') and r['slug'] not in seen:
            err('judgments', f"{r['state']} request {r['slug']} is not judged")
    if cross_shared < 3:
        err('judgments', f'{cross_shared} cross-language requests whose grade-2 offers share an exchange language, at least 3 needed')
    if not no_language_match:
        err('judgments', 'no judged request whose languages match no offer at all')
    multi = sum(1 for it in j['requests'] if isinstance(it, dict) and isinstance(it.get('relevant'), dict)
                and 2 <= sum(1 for g in it['relevant'].values() if g == 2) <= 4)
    if multi < 5:
        err('judgments', f'{multi} requests with 2-4 grade-2 offers, several (5+) expected')
    partial = sum(1 for it in j['requests'] if isinstance(it, dict) and isinstance(it.get('relevant'), dict)
                  and 1 in it['relevant'].values())
    if partial < 5:
        err('judgments', f'{partial} requests with partly relevant (grade 1) offers, several (5+) expected')
    return dict(seen=len(seen), cross=sum(1 for it in j['requests'] if isinstance(it, dict) and it.get('crossLanguage')),
                cross_shared=cross_shared, no_language_match=no_language_match, multi=multi, partial=partial,
                graded=sum(len(it.get('relevant', {})) for it in j['requests'] if isinstance(it, dict)))


def main():
    show_labels = '--labels' in sys.argv
    gemet, eunis, targets, eu_languages = reference()
    partners_list = load_json(PARTNERS_FILE) or []
    partners = {p['slug']: p for p in partners_list}
    offers = load_json(OFFERS_FILE)
    requests = load_json(REQUESTS_FILE)
    judgments = load_json(JUDGMENTS_FILE)
    if not isinstance(offers, list) or not isinstance(requests, list):
        err('demo data', 'offers and requests must be JSON arrays')
        return finish()

    slugs = Counter([o.get('slug') for o in offers] + [r.get('slug') for r in requests])
    for s, n in slugs.items():
        if n > 1:
            err('slugs', f'{s!r} is used {n} times (slugs are unique across offers and requests)')
    ctx = (partners, gemet, eunis, targets, eu_languages)
    check_offers(offers, ctx)
    offers_by_slug = {o['slug']: o for o in offers if isinstance(o, dict) and all(f in o for f in OFFER_FIELDS)}
    check_requests(requests, offers_by_slug, ctx)
    requests_by_slug = {r['slug']: r for r in requests if isinstance(r, dict) and all(f in r for f in REQUEST_FIELDS)}
    offer_langs = check_languages(offers, 'offers')
    request_langs = check_languages(requests, 'requests')
    used_partners = {i.get('partner') for i in offers + requests}
    if len(used_partners) < 30:
        err('partners', f'{len(used_partners)} different partners, at least 30 needed')
    jstats = check_judgments(judgments, offers_by_slug, requests_by_slug) if judgments is not None else None

    def fmt(c):
        return ', '.join(f'{k} {v}' for k, v in sorted(c.items(), key=lambda kv: (-kv[1], str(kv[0]))))

    print(f'Offers: {len(offers)}')
    print(f'  languages ({len(offer_langs)}): {fmt(offer_langs)}')
    print(f"  states: {fmt(Counter(o.get('state') for o in offers))}")
    print(f"  kinds: {fmt(Counter(o.get('kind') for o in offers))}")
    print(f"  formats: {fmt(Counter(o.get('format') for o in offers))}; costs: {fmt(Counter(o.get('cost') for o in offers))}")
    print(f'Requests: {len(requests)}')
    print(f'  languages ({len(request_langs)}): {fmt(request_langs)}')
    print(f"  states: {fmt(Counter(r.get('state') for r in requests))}")
    print(f"  outcomes: {fmt(Counter(r.get('outcome') for r in requests if r.get('state') == 'closed'))}")
    print(f"  topics: {fmt(Counter(r.get('topic') for r in requests))}")
    print(f"  kinds sought: {fmt(Counter(r.get('kind') for r in requests))}")
    print(f"Partners: {len(used_partners)} different ({len({o.get('partner') for o in offers})} with offers, "
          f"{len({r.get('partner') for r in requests})} with requests) of {len(partners)} demo partners")
    tcount = Counter(t.split(':')[0] for i in offers + requests for t in i.get('targets') or [])
    print(f'Target codes used by framework: {fmt(tcount)}')
    print(f"GEMET concepts used: {len({t for i in offers + requests for t in i.get('themes') or []})}; "
          f"EUNIS codes used: {fmt(Counter(h for i in offers + requests for h in i.get('habitats') or []))}")
    if jstats:
        print(f"Judgments: {jstats['seen']} requests, {jstats['graded']} graded pairs; {jstats['multi']} with 2-4 grade-2 offers; "
              f"{jstats['partial']} with grade-1 offers; crossLanguage {jstats['cross']} "
              f"({jstats['cross_shared']} sharing an exchange language); no language in common with any offer: "
              f"{', '.join(jstats['no_language_match'])}")
    if show_labels:
        used = sorted({t for i in offers + requests for t in i.get('themes') or []})
        print('GEMET concepts:')
        for t in used:
            print(f'  {t}: {gemet.get(t, "?")}')
    return finish()


def finish():
    for n in notes:
        print(f'note: {n}')
    if errors:
        print(f'\n{len(errors)} violation(s):', file=sys.stderr)
        for e in errors:
            print(f'  {e}', file=sys.stderr)
        return 1
    print('\nAll rules hold.')
    return 0


if __name__ == '__main__':
    sys.exit(main())
