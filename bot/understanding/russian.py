"""Russian lemmas (pymorphy3), so "бьёт", "били" and "bili" typed in Latin all read as "бить".

One analyser is loaded lazily (its dictionary takes about 0.1 s and 17 MB) and shared;
results are cached per word, so a message costs a few dictionary look-ups at most.
Russian typed in Latin letters is transliterated back to Cyrillic with the schemes
people use on phones, and accepted only when the dictionary knows the Cyrillic word.
"""

from __future__ import annotations

import itertools
import re
import threading
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import pymorphy3


@dataclass(frozen=True, slots=True)
class RussianForm:
    lemma: str  # normal form, "ё" folded to "е"
    past: bool  # a verb (or participle) in the past tense
    verb: bool  # a verb, infinitive, participle or gerund


_LOCK = threading.Lock()
_ANALYZER: Any = None


def _analyzer() -> Any:
    global _ANALYZER  # noqa: PLW0603 - one shared dictionary, loaded on first use
    if _ANALYZER is None:
        with _LOCK:
            if _ANALYZER is None:
                _ANALYZER = pymorphy3.MorphAnalyzer(lang="ru")
    return _ANALYZER


# Participles and gerunds belong to their verb's lexeme ("заперт" -> "запереть").
_VERB_POS = frozenset({"VERB", "INFN", "PRTF", "PRTS", "GRND"})

# Russian words only: letters of the Russian alphabet and hyphens inside ("по-русски").
_RUSSIAN_WORD = re.compile(r"[а-яё]+(?:-[а-яё]+)*")
_LATIN_WORD = re.compile(r"[a-z\u02bc]+")

# Common English words that also spell a Russian word in Latin ("my" -> "мы", "no" ->
# "но", "slave" -> "слава", "much" -> "мучь"): in a Latin word these are far more often
# English. Words that mean the same in both ("boss", "agent", "contract") are left out.
_ENGLISH = frozenset(
    """
    a i no on so to my by us as be he me we it is in at an or of up do go if am
    and for her his was were has are not can get got now all yes but the you
    home day way stay man men ran run sit set bed led fed red ted will said make come
    came want use call put seem talk show write lose allow win love buy fall cut raise
    wage water week here very much more some any many well even beat slave person
    girl boy life gun ate drink big last best sure site factory field taxi car bus
    cost fee ask went gone son pay bit dam tom most hit done hold owes cash rent rape
    scared cant ago sim baby visa
    """.split()
)


def _form(cyrillic: str) -> RussianForm:
    parses = _analyzer().parse(cyrillic)
    best = parses[0]
    # Ties are common between a participle and the adjective made from it ("избит":
    # "избитый" 0.5, "избить" 0.5); the verb reading is the one the lexicon is written in.
    top = float(best.score)
    for parse in parses[1:]:
        if float(parse.score) < top:
            break
        if str(parse.tag.POS) in _VERB_POS and str(best.tag.POS) not in _VERB_POS:
            best = parse
            break
    verb = str(best.tag.POS) in _VERB_POS
    past = verb and str(best.tag.tense) == "past"
    return RussianForm(str(best.normal_form).replace("ё", "е"), past, verb)


def _known(cyrillic: str) -> bool:
    return bool(_analyzer().word_is_known(cyrillic))


def is_place_name(word: str) -> bool:
    """Whether a Russian word is read as a place name ("Оман"), or is not in the
    dictionary at all, rather than as a common word ("того", "мали")."""
    if not _known(word):
        return True
    return any("Geox" in parse.tag for parse in _analyzer().parse(word)[:2])


# Latin spellings of Russian letters, longest first, each with the readings to try in
# order. "y" and "j" stand for й, ы or the iotated vowels; "'" (normalised to U+02BC)
# for ь or ъ; "e" at the start of a word is often э ("eto").
_DIGRAPHS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("shch", ("щ",)),
    ("tsya", ("тся", "ться")),
    ("sch", ("щ", "сч")),
    ("zh", ("ж",)),
    ("kh", ("х",)),
    ("ch", ("ч",)),
    ("sh", ("ш", "щ")),
    ("ts", ("ц", "тс")),
    ("yy", ("ый", "ий")),
    ("iy", ("ий", "ый")),
    ("ij", ("ий",)),
    ("yj", ("ый",)),
    ("ya", ("я", "ья")),
    ("yu", ("ю", "ью")),
    ("yo", ("ё", "ьё", "йо")),
    ("ye", ("е", "ье", "йе")),
    ("ja", ("я", "ья")),
    ("ju", ("ю", "ью")),
    ("jo", ("ё", "йо")),
    ("je", ("е", "ье")),
)
_LETTERS = {
    "a": ("а",),
    "b": ("б",),
    "c": ("ц", "к"),
    "d": ("д",),
    "e": ("е", "э"),
    "f": ("ф",),
    "g": ("г",),
    "h": ("х",),
    "i": ("и", "й"),
    "j": ("й", "ж"),
    "k": ("к",),
    "l": ("л",),
    "m": ("м",),
    "n": ("н",),
    "o": ("о",),
    "p": ("п",),
    "q": ("к",),
    "r": ("р",),
    "s": ("с",),
    "t": ("т",),
    "u": ("у",),
    "v": ("в",),
    "w": ("в",),
    "x": ("х", "кс"),
    "y": ("ы", "й"),
    "z": ("з",),
    "\u02bc": ("ь", "ъ"),
}
_VOWELS = frozenset("aeiouy")
_CONSONANTS = frozenset("бвгджзйклмнпрстфхцчшщ")
# Consonants a soft sign can follow before another consonant ("деньги", "письмо").
_SOFTENED = frozenset("бвдзлмнпрстф")
SOFT_SIGN_TRIES = 4
MAX_CANDIDATES = 48  # a long word with many ambiguous letters is tried in its likeliest readings
MAX_LATIN_WORD = 30  # longer Latin "words" are links or keyboard mashing, not Russian


def _segments(word: str) -> list[tuple[str, ...]]:
    out: list[tuple[str, ...]] = []
    i = 0
    while i < len(word):
        for latin, readings in _DIGRAPHS:
            if word.startswith(latin, i):
                choices = readings
                # After a vowel, an iotated vowel is never preceded by ь ("rabotayu").
                if latin[0] in "yj" and latin[1] in "aeuo" and (i == 0 or word[i - 1] in _VOWELS):
                    choices = tuple(r for r in readings if not r.startswith("ь")) or readings
                out.append(choices)
                i += len(latin)
                break
        else:
            char = word[i]
            readings = _LETTERS.get(char, ())
            if not readings:
                return []
            if char in "ei" and i > 0:
                # Inside a word "e" is е and "i" after a consonant is и.
                readings = readings[:1] if char == "e" or word[i - 1] not in _VOWELS else readings
            out.append(readings)
            i += 1
    return out


def _transliterations(word: str) -> list[str]:
    segments = _segments(word)
    if not segments:
        return []
    found = [
        "".join(parts) for parts in itertools.islice(itertools.product(*segments), MAX_CANDIDATES)
    ]
    # A soft sign dropped at the end ("ochen" for "очень") or between consonants
    # ("dengi" for "деньги"); tried after the plain readings, for the likeliest few.
    found += [c + "ь" for c in found if c[-1] in _CONSONANTS]
    for c in found[:SOFT_SIGN_TRIES]:
        found += [
            c[: i + 1] + "ь" + c[i + 1 :]
            for i in range(len(c) - 1)
            if c[i] in _SOFTENED and c[i + 1] in _CONSONANTS
        ]
    return found


@lru_cache(maxsize=50_000)
def russian_form(word: str) -> RussianForm | None:
    """The lemma of a normalised word, or None when it is not a Russian word we know.

    Cyrillic words are looked up as they are; Latin words through their likeliest
    transliterations. Words the dictionary does not know (Tajik, typos, names) give
    None rather than a guess.
    """
    if _RUSSIAN_WORD.fullmatch(word):
        return _form(word) if _known(word) else None
    if len(word) <= MAX_LATIN_WORD and _LATIN_WORD.fullmatch(word) and word not in _ENGLISH:
        for candidate in _transliterations(word):
            if _known(candidate):
                return _form(candidate)
    return None
