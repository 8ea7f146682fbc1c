#!/usr/bin/env python3
"""
The interface texts in every language: src/LearningNetwork/Resources/SharedResource.resx is English, the source of
truth; SharedResource.{lang}.resx holds each other interface language, one <data> line per key in key order.

A counted text is a family of keys X.one, X.other, ... (Infrastructure/Localization/Plurals.cs): English has .one and
.other; every other language has exactly the categories its CLDR plural rules use (PLURALS below mirrors Plurals.cs,
and the test InterfaceLanguageTests checks the resource files against the C# rules).

  tools/translations.py status                   keys missing or left over, per language
  tools/translations.py missing LANG [N]         the first N (default all) missing texts as JSON {key: english}
  tools/translations.py merge LANG FILE.json     adds/replaces texts from {key: text}; refuses the whole file when a
                                                 key is unknown or a placeholder ({0}, {1}...) differs from English
  tools/translations.py prune LANG               drops keys English no longer has
"""
import json, re, sys
from html import escape
from pathlib import Path

RES = Path(__file__).resolve().parent.parent / "src/LearningNetwork/Resources"
LANGS = "bg cs da de el es et fi fr ga hr hu it lt lv mt nl pl pt ro sk sl sv no is sr uk sq mk tr".split()
PLURALS = {
    **{l: ["one", "other"] for l in "en de nl sv da no fi et it es el hu bg tr sq fr pt is mk".split()},
    "pl": ["one", "few", "many"], "cs": ["one", "few", "other"], "sk": ["one", "few", "other"],
    "hr": ["one", "few", "other"], "sr": ["one", "few", "other"], "uk": ["one", "few", "many"],
    "sl": ["one", "two", "few", "other"], "lt": ["one", "few", "other"], "lv": ["zero", "one", "other"],
    "ro": ["one", "few", "other"], "ga": ["one", "two", "few", "many", "other"], "mt": ["one", "two", "few", "many", "other"],
}
CATS = {"zero", "one", "two", "few", "many", "other"}
LINE = re.compile(r'^\s*<data name="([^"]+)" xml:space="preserve"><value>(.*?)</value>(?:<comment>.*?</comment>)?</data>\s*$', re.S)


def path(lang): return RES / ("SharedResource.resx" if lang == "en" else f"SharedResource.{lang}.resx")


def read(lang):
    """(header, {key: raw xml value}, footer)"""
    p = path(lang)
    if not p.exists():
        head = path("fr").read_text(encoding="utf-8")
        return head[:head.index("  <data ")], {}, "</root>\n"
    text = p.read_text(encoding="utf-8")
    start = text.find("  <data ")
    if start < 0:
        start = text.rindex("</root>")
    end = text.rindex("</root>")
    values = {}
    for block in re.findall(r'  <data name=.*?</data>', text[start:end], re.S):
        m = LINE.match(block)
        if not m: sys.exit(f"{p.name}: cannot read {block[:80]}")
        values[m.group(1)] = m.group(2)
    return text[:start], values, text[end:]


def write(lang, head, values):
    body = "".join(f'  <data name="{k}" xml:space="preserve"><value>{values[k]}</value></data>\n' for k in sorted(values))
    path(lang).write_text(head + body + "</root>\n", encoding="utf-8")


def unxml(v): return v.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&apos;", "'").replace("&amp;", "&")


def family(key):
    base, _, cat = key.rpartition(".")
    return (base, cat) if cat in CATS and base else (None, None)


def expected(lang, english):
    """{key: english text} the language must have."""
    out = {}
    counted = {family(k)[0] for k in english if family(k)[1] == "one"}
    for k, v in english.items():
        base, cat = family(k)
        if base not in counted: out[k] = unxml(v)
        elif cat == "other":
            one = unxml(english.get(base + ".one", v))
            for c in PLURALS[lang]: out[f"{base}.{c}"] = unxml(v) if c != "one" else one
    return out


def placeholders(text): return sorted(set(re.findall(r"\{\d+(?:[:,][^}]*)?\}", text)))


def main(argv):
    _, english, _ = read("en")
    verb = argv[1] if len(argv) > 1 else "status"
    if verb == "status":
        for lang in LANGS:
            _, have, _ = read(lang)
            need = expected(lang, english)
            print(f"{lang}: {len(have)} keys, {len(set(need) - set(have))} missing, {len(set(have) - set(need))} left over")
    elif verb == "missing":
        lang = argv[2]; limit = int(argv[3]) if len(argv) > 3 else None
        _, have, _ = read(lang)
        todo = {k: v for k, v in expected(lang, english).items() if k not in have}
        print(json.dumps(dict(list(todo.items())[:limit]), ensure_ascii=False, indent=1))
    elif verb == "merge":
        lang, file = argv[2], argv[3]
        head, have, _ = read(lang)
        need = expected(lang, english)
        new = json.loads(Path(file).read_text(encoding="utf-8"))
        errors = []
        for k, v in new.items():
            if k not in need: errors.append(f"{k}: not a key of English"); continue
            if not isinstance(v, str) or not v.strip(): errors.append(f"{k}: empty"); continue
            base, cat = family(k)
            if base is not None and base + ".one" in english:
                # a counted text may leave out the count ("once") but names no placeholder English lacks
                allowed = set(placeholders(unxml(english[base + ".one"]))) | set(placeholders(unxml(english[base + ".other"])))
                ok = set(placeholders(v)) <= allowed and set(placeholders(v)) >= allowed - {"{0}"}
            else:
                ok = placeholders(v) == placeholders(need[k])
            if not ok: errors.append(f"{k}: placeholders {placeholders(v)} but English has {placeholders(need[k])}")
            if re.findall(r"</?[a-z]+", need[k]) != re.findall(r"</?[a-z]+", v): errors.append(f"{k}: markup differs from English")
        if errors: sys.exit("nothing merged:\n" + "\n".join(errors))
        for k, v in new.items(): have[k] = escape(v, quote=False)
        write(lang, head, have)
        print(f"{lang}: merged {len(new)}; {len(set(need) - set(have))} still missing")
    elif verb == "prune":
        lang = argv[2]
        head, have, _ = read(lang)
        need = expected(lang, english)
        write(lang, head, {k: v for k, v in have.items() if k in need})
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
