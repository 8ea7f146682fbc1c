#!/usr/bin/env python3
"""
Checks the translated target explanations (src/LearningNetwork/Features/Targets/Content/{framework}-{lang}.json)
against the English file of the same framework:

- the same codes in the same order, the same crosswalk, and every text field present and non-empty
  (lists of the same length, no blank item); translations also carry a short "title" in their language;
- no text left identical to English, except texts made only of numbers, dates and signs (such as "2030");
- every number of the English text is kept (thousands separators of either language ignored) and every
  roman numeral (Annex I, II, IV) too, so figures, dates and legal references stay exact;
- the citizen text is scored with the formula the page shows (Readability.cs) and flagged when the English one
  is easy and the translation is not.

Usage: tools/check-target-content.py [framework ...]   (default: every framework that has translations)
Exits 1 when a file has an error; readability flags are warnings.
"""
import json, re, sys, unicodedata
from pathlib import Path

CONTENT = Path(__file__).resolve().parent.parent / "src/LearningNetwork/Features/Targets/Content"
TEXT_FIELDS = ["officer", "decisionMaker", "citizen", "deadline", "figures"]
LIST_FIELDS = ["region", "municipality"]

NUMBER = re.compile(r"\d{1,3}(?:[ ,.\u00a0\u202f]\d{3})+(?!\d)|\d+")
ROMAN = re.compile(r"\b(?:I|II|III|IV|V|VI|VII|VIII|IX|X)\b")
NEUTRAL = re.compile(r"^[\d\s.,;:%()\u2013\u2014/+-]*$")


def numbers(text):
    return sorted(int(re.sub(r"\D", "", n)) for n in NUMBER.findall(text))


def missing_numbers(en, tr):
    have = numbers(tr)
    missing = []
    for n in numbers(en):
        if n in have: have.remove(n)
        elif n * 1000 in have: have.remove(n * 1000)  # "500 billion" is "500 000 millones" in Spanish
        else: missing.append(n)
    return missing


# --- readability, the same formulas as src/LearningNetwork/Features/Targets/Readability.cs ---------------------
def fold(word):
    return "".join(c for c in unicodedata.normalize("NFD", word) if unicodedata.category(c) != "Mn")


def syllables(word, lang):
    w = fold(word.lower())
    vowels = "aeiouyäöü" if lang == "de" else "aeiouy"
    count, previous = 0, False
    for c in w:
        v = c in vowels
        if v and not previous: count += 1
        previous = v
    if lang in ("en", "fr") and len(w) > 2 and w.endswith("e") and not w.endswith("le") and count > 1: count -= 1
    if lang == "fr" and w.endswith("es") and count > 1: count -= 1
    return max(1, count)


def readability(text, lang):
    s = max(1, len([m for m in re.findall(r"[^.!?;:]+[.!?;:]+", text.strip() + ".") if m]))
    words = re.findall(r"[^\W\d_](?:[^\W\d_]|['’-])*", text)
    if not words: return ("none", 0.0, False)
    w = len(words)
    syl = lambda: sum(syllables(x, lang) for x in words)
    if lang == "en": v = 206.835 - 1.015 * (w / s) - 84.6 * (syl() / w); return ("Flesch", v, v >= 60)
    if lang == "fr": v = 207 - 1.015 * (w / s) - 73.6 * (syl() / w); return ("Kandel-Moles", v, v >= 60)
    if lang == "de": v = 180 - (w / s) - 58.5 * (syl() / w); return ("Amstad", v, v >= 60)
    if lang == "es": v = 206.84 - 0.60 * (syl() / w * 100) - 1.02 * (w / s); return ("Fernández-Huerta", v, v >= 60)
    if lang == "it":
        letters = sum(sum(ch.isalpha() for ch in x) for x in words)
        v = 89 + (300 * s - 10 * letters) / w; return ("Gulpease", v, v >= 60)
    long_words = sum(1 for x in words if sum(ch.isalpha() for ch in x) > 6)
    v = w / s + 100.0 * long_words / w
    return ("LIX", v, v <= 40)


def check_text(where, en, tr, errors):
    if not isinstance(tr, str) or not tr.strip():
        errors.append(f"{where}: empty"); return
    if tr.strip() == en.strip() and not NEUTRAL.match(en):
        errors.append(f"{where}: identical to English: {en[:70]!r}")
    if miss := missing_numbers(en, tr):
        errors.append(f"{where}: numbers of the English text missing: {miss}")
    if miss := sorted(set(ROMAN.findall(en)) - set(ROMAN.findall(tr))):
        errors.append(f"{where}: roman numerals of the English text missing: {miss}")


def check_file(framework, lang, en):
    path = CONTENT / f"{framework}-{lang}.json"
    errors, warnings = [], []
    tr = json.loads(path.read_text(encoding="utf-8"))
    if tr.get("framework") != framework: errors.append(f"framework is {tr.get('framework')!r}")
    if tr.get("language") != lang: errors.append(f"language is {tr.get('language')!r}")
    if en.get("source"): check_text("source", en["source"], tr.get("source"), errors)
    en_codes = [t["code"] for t in en["targets"]]
    tr_codes = [t.get("code") for t in tr["targets"]]
    if en_codes != tr_codes:
        errors.append(f"codes differ: missing {sorted(set(en_codes) - set(tr_codes))}, extra {sorted(set(tr_codes) - set(en_codes))}"
                      + ("" if set(en_codes) != set(tr_codes) else " (order)"))
    by_code = {t.get("code"): t for t in tr["targets"]}
    for e in en["targets"]:
        t = by_code.get(e["code"])
        if t is None: continue
        c = e["code"]
        extra = set(t) - set(e) - {"title"}
        if extra: errors.append(f"{c}: fields the English file does not have: {sorted(extra)}")
        if not (isinstance(t.get("title"), str) and t["title"].strip()): errors.append(f"{c}.title: missing or empty")
        for f in TEXT_FIELDS:
            if f in e and e[f] is not None: check_text(f"{c}.{f}", e[f], t.get(f), errors)
            elif t.get(f) is not None: errors.append(f"{c}.{f}: not in the English file")
        for f in LIST_FIELDS:
            items = t.get(f)
            if not isinstance(items, list) or len(items) != len(e[f]):
                errors.append(f"{c}.{f}: {len(e[f])} items in English, {len(items) if isinstance(items, list) else 'none'} here"); continue
            for i, (a, b) in enumerate(zip(e[f], items)): check_text(f"{c}.{f}[{i}]", a, b, errors)
        if t.get("crosswalk") != e.get("crosswalk"): errors.append(f"{c}.crosswalk differs from English")
        if isinstance(t.get("citizen"), str):
            formula, value, easy = readability(t["citizen"], lang)
            _, en_value, en_easy = readability(e["citizen"], "en")
            if en_easy and not easy: warnings.append(f"{c}.citizen: {formula} {value:.0f}, not easy (English: Flesch {en_value:.0f})")
    return errors, warnings


def main():
    frameworks = sys.argv[1:] or sorted({p.stem.rsplit("-", 1)[0] for p in CONTENT.glob("*-*.json")})
    failed = False
    for framework in frameworks:
        en_path = CONTENT / f"{framework}-en.json"
        if not en_path.exists(): print(f"{framework}: no English file"); failed = True; continue
        en = json.loads(en_path.read_text(encoding="utf-8"))
        langs = sorted(p.stem.rsplit("-", 1)[1] for p in CONTENT.glob(f"{framework}-*.json") if not p.stem.endswith("-en"))
        for lang in langs:
            errors, warnings = check_file(framework, lang, en)
            status = "ok" if not errors else f"{len(errors)} error(s)"
            print(f"{framework}-{lang}.json: {len(en['targets'])} items, {status}, {len(warnings)} readability warning(s)")
            for m in errors: print(f"  error   {m}")
            for m in warnings: print(f"  warning {m}")
            failed |= bool(errors)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
