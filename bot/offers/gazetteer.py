"""Every country, and the cities the time-zone database names, as place concepts.

A route through a third country is told by naming places ("летите в Сараево, оттуда
в Хорватию"), and a lexicon written by hand knows only the destinations its authors
thought of. CLDR, which Babel ships, names every country in ru, tg and en, and names
a city for every time zone (Bangkok, Пномпень, Тошкент, Сараево) together with its
country: that is a gazetteer kept by others, not a list fitted to our examples. These
concepts are generated at start-up, carry ``generated = "CLDR"`` so that the test that
every hand-written term is exercised leaves them out, and only add to the hand-written
places of ``lexicon.toml`` (which keep the regions the wage table needs).

A name that is also a common word would flag text that names no place ("того", "Chad",
"Jordan"): a one-word Russian name is kept only when the dictionary reads it as a place
name (or does not know it), and the names of :data:`_COMMON` are dropped.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator, Mapping
from functools import cache
from typing import Any

from babel import Locale
from babel.core import get_global

from bot.cases.zones import CITIES
from bot.text.normalise import skeleton_word
from bot.understanding.english import english_stem
from bot.understanding.russian import is_place_name, russian_form
from bot.understanding.tajik import tajik_form

# Codes that are not one country: the EU, the eurozone, the UN, "outlying Oceania",
# "unknown region", and pseudo-locales.
_NOT_COUNTRIES = frozenset({"EU", "EZ", "UN", "QO", "ZZ", "XA", "XB"})
# Country and city names that are everyday words or first names in one of our three
# languages: they would mark a place where none is named.
_COMMON = frozenset(
    {
        "chad", "jordan", "jersey", "guernsey", "man", "georgia", "victoria", "reunion",
        "same", "hope", "mayotte", "nice", "norfolk", "christmas", "eucla", "casey",
        "macquarie", "mirny", "palmer", "troll", "davis", "vostok", "rothera", "mawson",
        "syowa", "dumontdurville", "panama", "santo", "blanc", "marino", "мали", "того",
        "чад", "гана", "чин", "мирный", "восток", "дэвис", "казей", "палмер",
        "тролль", "сёва", "ротера", "моусон", "порт", "сан", "санта",
        # Tajik words typed in Latin that read as a city: "qabul" (accepted) as Kabul.
        "кабул", "kabul",
    }
)  # fmt: skip
_PARENS = re.compile(r"\s*\(([^)]*)\)")
_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")


def is_country(code: str) -> bool:
    """A country's code, not a region's ("EU", "SEA")."""
    return len(code) == 2 and code.isalpha() and code not in _NOT_COUNTRIES


def _names(name: str) -> Iterator[str]:
    """ "Мьянма (Бирма)" names two: "мьянма" and "бирма"; punctuation goes."""
    name = re.sub(r"^о-в\s+", "", name)  # "о-в Сахалин", the island
    for part in (_PARENS.sub("", name), *_PARENS.findall(name)):
        words = [w.replace("-", " ") for w in _WORD.findall(part.lower().replace("&", " "))]
        plain = " ".join(words).strip()
        if plain and len(plain) >= 4 and plain not in _COMMON:
            yield plain


def _term(name: str, language: str) -> str | None:
    """The lexicon term for a name, or None when it would mark a common word.

    A name is matched through its language's morphology only where that keeps it
    itself; a word that morphology would turn into another is matched as spelled: a
    Russian name whose lemma is another word ("Перт" is read as "переть", which the
    Latin "per" also is; the town "Семей" as "семья"), an English one its stem cuts
    ("Kuching" to "kuch", Tajik for street), a Tajik one its stemmer cuts ("Ҷуба" to
    "ҷуб"). As spelled means in every script, so only where morphology fails.
    """
    words = name.split()
    if language == "en":
        return " ".join(w if english_stem(w) == w else w + "!" for w in words)
    if language == "tg":
        return " ".join(
            w if tajik_form(skeleton_word(w)).stem == skeleton_word(w) else w + "!" for w in words
        )
    if len(words) > 1:
        return name
    if not is_place_name(name):
        return None
    form = russian_form(name)
    return name if form is not None and form.lemma == name else name + "!"


def _zone_city(zone: str) -> str:
    """The English city of a zone from its id: "America/Mexico_City" -> "Mexico City"."""
    return zone.rsplit("/", 1)[-1].replace("_", " ")


@cache
def concepts() -> Mapping[str, Mapping[str, Any]]:
    """Lexicon tables ``cldr_XX``: each country's names and its zones' cities."""
    names: dict[str, dict[str, set[str]]] = {}

    def add(code: str, language: str, name: str | None) -> None:
        if not name or not is_country(code):
            return
        for plain in _names(name):
            term = _term(plain, language)
            if term is not None:
                names.setdefault(code, {}).setdefault(language, set()).add(term)

    locales = {language: Locale.parse(language) for language in ("ru", "tg", "en")}
    for language, locale in locales.items():
        for code, name in locale.territories.items():
            add(code, language, name)
    for zone, code in get_global("zone_territories").items():
        if "/" not in zone or zone.startswith(("Etc/", "Antarctica/")):
            continue
        add(code, "en", _zone_city(zone))
        for language in ("ru", "tg"):
            add(code, language, locales[language].time_zones.get(zone, {}).get("city"))
    found = {
        f"cldr_{code.lower()}": {
            "kind": "place",
            "code": code,
            "generated": "CLDR",
            **{language: sorted(words) for language, words in sorted(by_language.items())},
        }
        for code, by_language in sorted(names.items())
    }
    return found | _cities_of_zones(get_global("zone_territories"))


def _cities_of_zones(territories: Mapping[str, str]) -> dict[str, dict[str, Any]]:
    """Russia's and Kazakhstan's towns from the safe-hours table (bot/cases/timezones.toml,
    sourced there), as places of their country: CLDR names only one city per zone, and
    an offer names "Мурманск" or "Подольск". Cyrillic names are read as Russian (so
    "в Мурманске" is found), Latin ones as English."""
    with CITIES.open("rb") as handle:
        zones = tomllib.load(handle).get("zones", {})
    by_code: dict[str, dict[str, set[str]]] = {}
    for zone, cities in zones.items():
        code = territories.get(zone)
        if code is None or not is_country(code):
            continue
        for city in cities:
            language = "en" if city.isascii() else "ru"
            term = _term(city.lower(), language)
            if term is not None:
                by_code.setdefault(code, {}).setdefault(language, set()).add(term)
    return {
        f"towns_{code.lower()}": {
            "kind": "place",
            "code": code,
            "generated": "timezones.toml",
            **{language: sorted(words) for language, words in sorted(by_language.items())},
        }
        for code, by_language in sorted(by_code.items())
    }
