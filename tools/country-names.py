#!/usr/bin/env python3
"""
Writes src/LearningNetwork/ReferenceData/files/countries/country_names.csv: the name of every country of
countries/european_countries.csv in every interface language, from Debian's iso-codes package (ISO 3166-1 names
and their translations by the iso-codes translators; LGPL-2.1-or-later, see ReferenceData/files/SOURCES.md).
The common name is preferred where ISO has one ("Moldova", not "Moldova, Republic of").

Usage (needs the iso-codes package: apt-get install iso-codes): tools/country-names.py
"""
import csv, gettext, json, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FILES = ROOT / "src/LearningNetwork/ReferenceData/files"
LANGS = "bg cs da de el en es et fi fr ga hr hu it lt lv mt nl pl pt ro sk sl sv no is sr uk sq mk tr".split()
# gettext catalogue of each interface language (Norwegian Bokmål is "nb" there; Serbian Cyrillic is plain "sr")
CATALOGUE = {"no": "nb"}

iso = {c["alpha_2"]: c for c in json.load(open("/usr/share/iso-codes/json/iso_3166-1.json"))["3166-1"]}
codes = [r["iso_alpha2"] for r in csv.DictReader(open(FILES / "countries/european_countries.csv", encoding="utf-8"))]
rows = []
for lang in LANGS:
    mo = Path(f"/usr/share/locale/{CATALOGUE.get(lang, lang)}/LC_MESSAGES/iso_3166-1.mo")
    tr = gettext.GNUTranslations(open(mo, "rb")) if mo.exists() else gettext.NullTranslations()
    if lang != "en" and not mo.exists(): print(f"no iso-codes translation for {lang}", file=sys.stderr)
    for code in codes:
        c = iso[{"EL": "GR", "UK": "GB", "XK": "XK"}.get(code, code)] if code in iso or code in ("EL", "UK") else None
        if c is None: continue
        english = c.get("common_name", c["name"])
        name = tr.gettext(english)
        if name == english and "common_name" in c: name = tr.gettext(c["name"])  # some catalogues translate only the name
        if ", " in c["name"] and ", " in name: name = name.split(", ")[0]  # "Moldova, Republic of" reads "Moldova"
        rows.append((code, lang, name))
with open(FILES / "countries/country_names.csv", "w", encoding="utf-8", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["iso_alpha2", "language", "name"])
    w.writerows(rows)
print(f"{len(rows)} names, {len(codes)} countries")
