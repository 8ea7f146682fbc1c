#!/usr/bin/env python3
"""Generates the regions reference data the app ships from Debian's iso-codes package (LGPL-2.1-or-later).

    apt-get install -y iso-codes      # 4.15.0 was used for the shipped files
    python3 tools/regions/generate.py

Reads /usr/share/iso-codes/json/iso_3166-2.json, iso_639-2.json and the translations in
/usr/share/locale/*/LC_MESSAGES/{iso_3166-2,iso_639-2}.mo, the in-scope countries from
src/LearningNetwork/ReferenceData/files/countries/european_countries.csv, and the two files compiled for this project
beside this script (representative-points.csv, country-extents.csv). Writes, under ReferenceData/files:

  subdivisions/iso_3166_2_subdivisions.csv   code,country_code,type,parent_code,name,latitude,longitude
  subdivisions/iso_3166_2_names.csv          code,language,name   (only where the translation differs from the name)
  subdivisions/country_extents.csv           copied from country-extents.csv
  countries/content_languages.csv            iso639_1,name_en,name_native,eu_official

The content languages are CONTENT_LANGUAGES below (docs/regions.md says why these); each native name is the English
name translated by that language's own iso_639-2 catalogue, or NATIVE_NAMES where the catalogue has none.
Run it again after an iso-codes update and commit the result: the loader reloads the set whose files changed.
"""
import csv, json, os, re, struct, sys

ROOT = os.path.normpath(os.path.join(os.path.dirname(__file__), '..', '..'))
FILES = os.path.join(ROOT, 'src', 'LearningNetwork', 'ReferenceData', 'files')
ISO = '/usr/share/iso-codes/json'
LOCALE = '/usr/share/locale'

EU_24 = ['bg', 'cs', 'da', 'de', 'el', 'en', 'es', 'et', 'fi', 'fr', 'ga', 'hr', 'hu', 'it', 'lt', 'lv', 'mt', 'nl',
         'pl', 'pt', 'ro', 'sk', 'sl', 'sv']
# Official, co-official or recognised regional languages of the in-scope countries that have an ISO 639-1 code.
OTHER = ['az', 'be', 'br', 'bs', 'ca', 'co', 'cy', 'eu', 'fo', 'fy', 'gd', 'gl', 'hy', 'is', 'ka', 'ku', 'lb', 'mk',
         'nb', 'nn', 'no', 'oc', 'rm', 'ru', 'sc', 'se', 'sq', 'sr', 'tr', 'uk', 'yi']
CONTENT_LANGUAGES = EU_24 + OTHER
# Where iso-codes has no catalogue in the language itself (or it leaves the name in English).
NATIVE_NAMES = {
    'az': 'azərbaycan dili', 'be': 'беларуская', 'br': 'brezhoneg', 'bs': 'bosanski', 'ca': 'català', 'co': 'corsu',
    'cy': 'Cymraeg', 'eu': 'euskara', 'fo': 'føroyskt', 'fy': 'Frysk', 'gd': 'Gàidhlig', 'gl': 'galego',
    'hy': 'հայերեն', 'is': 'íslenska', 'ka': 'ქართული', 'ku': 'kurdî', 'lb': 'Lëtzebuergesch', 'mk': 'македонски',
    'nb': 'norsk bokmål', 'nn': 'norsk nynorsk', 'no': 'norsk', 'oc': 'occitan', 'rm': 'rumantsch', 'ru': 'русский',
    'sc': 'sardu', 'se': 'davvisámegiella', 'sq': 'shqip', 'sr': 'српски / srpski', 'tr': 'Türkçe', 'uk': 'українська',
    'yi': 'ייִדיש',
}
# Locale folders whose iso_3166-2 catalogue gives the subdivision names in a content language.
LOCALE_OF = {l: l for l in CONTENT_LANGUAGES}
LOCALE_OF['sr'] = 'sr'


def read_mo(path):
    """The msgid -> msgstr pairs of a GNU .mo catalogue (either byte order), without gettext's fallbacks."""
    if not os.path.exists(path):
        return {}
    data = open(path, 'rb').read()
    magic = struct.unpack('<I', data[:4])[0]
    order = '<' if magic == 0x950412de else '>'
    _, count, originals, translations = struct.unpack(order + '4I', data[4:20])
    pairs = {}
    for i in range(count):
        olen, ooff = struct.unpack(order + '2I', data[originals + 8 * i: originals + 8 * i + 8])
        tlen, toff = struct.unpack(order + '2I', data[translations + 8 * i: translations + 8 * i + 8])
        original = data[ooff: ooff + olen].decode('utf-8')
        if original == '' or '\x00' in original:
            continue
        translated = data[toff: toff + tlen].decode('utf-8').split('\x00')[0]
        if translated:
            pairs[original] = translated
    return pairs


def main():
    countries = [r['iso_alpha2'] for r in csv.DictReader(open(os.path.join(FILES, 'countries', 'european_countries.csv'), encoding='utf-8'))]
    here = os.path.dirname(__file__)
    points = {r['code']: (r['latitude'], r['longitude']) for r in csv.DictReader(open(os.path.join(here, 'representative-points.csv'), encoding='utf-8'))}
    subdivisions = [s for s in json.load(open(os.path.join(ISO, 'iso_3166-2.json'), encoding='utf-8'))['3166-2'] if s['code'][:2] in countries]
    subdivisions.sort(key=lambda s: s['code'])
    known = {s['code'] for s in subdivisions}
    for code in points:
        if not code.endswith('*') and code not in known:
            sys.exit(f'representative-points.csv: {code} is not an ISO 3166-2 code of an in-scope country')

    out = os.path.join(FILES, 'subdivisions')
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, 'iso_3166_2_subdivisions.csv'), 'w', encoding='utf-8', newline='') as f:
        w = csv.writer(f, lineterminator='\n')
        w.writerow(['code', 'country_code', 'type', 'parent_code', 'name', 'latitude', 'longitude'])
        for s in subdivisions:
            country = s['code'][:2]
            lat, lon = points.get(s['code']) or points.get(country + '-*') or ('', '')
            parent = ('' if 'parent' not in s else s['parent'] if s['parent'].startswith(country + '-') else f"{country}-{s['parent']}")
            if parent and parent not in known:
                sys.exit(f'{s["code"]}: parent {parent} unknown')
            w.writerow([s['code'], country, s['type'], parent, s['name'], lat, lon])

    with open(os.path.join(out, 'iso_3166_2_names.csv'), 'w', encoding='utf-8', newline='') as f:
        w = csv.writer(f, lineterminator='\n')
        w.writerow(['code', 'language', 'name'])
        for language in sorted(CONTENT_LANGUAGES):
            catalogue = read_mo(os.path.join(LOCALE, LOCALE_OF[language], 'LC_MESSAGES', 'iso_3166-2.mo'))
            for s in subdivisions:
                name = catalogue.get(s['name'])
                if name and name != s['name']:
                    w.writerow([s['code'], language, name])

    with open(os.path.join(here, 'country-extents.csv'), encoding='utf-8') as src, \
            open(os.path.join(out, 'country_extents.csv'), 'w', encoding='utf-8', newline='') as dst:
        dst.write(src.read())

    names = {l['alpha_2']: l['name'] for l in json.load(open(os.path.join(ISO, 'iso_639-2.json'), encoding='utf-8'))['639-2'] if 'alpha_2' in l}
    eu = {r['iso639_1']: r for r in csv.DictReader(open(os.path.join(FILES, 'countries', 'eu_official_languages.csv'), encoding='utf-8'))}
    with open(os.path.join(FILES, 'countries', 'content_languages.csv'), 'w', encoding='utf-8', newline='') as f:
        w = csv.writer(f, lineterminator='\n')
        w.writerow(['iso639_1', 'name_en', 'name_native', 'eu_official'])
        for code in sorted(CONTENT_LANGUAGES):
            if code in eu:
                w.writerow([code, eu[code]['name_en'], eu[code]['name_native'], 1])
                continue
            english = re.sub(r'\s*\(.*\)', '', names[code].split(';')[0]).strip()
            if ',' in english:  # "Bokmål, Norwegian" -> "Norwegian Bokmål"
                head, tail = [p.strip() for p in english.split(',', 1)]
                english = f'{tail} {head}'
            own = read_mo(os.path.join(LOCALE, code, 'LC_MESSAGES', 'iso_639-2.mo')).get(names[code])
            native = NATIVE_NAMES.get(code) or own
            w.writerow([code, english, native, 0])
    print(f'{len(subdivisions)} subdivisions of {len(countries)} countries written')


if __name__ == '__main__':
    main()
