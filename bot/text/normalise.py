"""One normaliser for everything that matches what people type (DOMAIN.md §5.1).

Two levels:

* ``normalise`` repairs the text: NFC, legacy-font letters, look-alikes from other
  Cyrillic alphabets and Latin letters hiding in Cyrillic words, case, punctuation and
  spacing. The result is still proper Tajik/Russian/English, fit to show or to store.
* ``skeleton`` folds a normalised text to a lossy Latin key, so that "ёрдам", "ёрдам"
  typed on a Russian keyboard and "yordam" typed in Latin all meet: Tajik letters fold
  onto their Russian-keyboard twins, Cyrillic is transliterated, Latin digraphs are
  simplified and doubled letters collapse. Use it only to compare, never to show.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Pre-Unicode Tajik fonts put Tajik letters on the code points of Serbian, Macedonian,
# Ukrainian and Belarusian letters; these six are attested in Tajik web text.
_LEGACY_FONT = str.maketrans("ЊњЉљЌќЎўЇїЃѓ", "ҲҳҶҷҚқӮӯӢӣҒғ")

# Letters of other Cyrillic alphabets that look like Tajik ones.
_OTHER_CYRILLIC = str.maketrans("ҺһҸҹҜҝ", "ҲҳҶҷҚқ")

# Latin letters that look like Cyrillic ones; replaced only inside words that are
# mostly Cyrillic, so English and Latin-script Tajik stay as they are.
_LATIN_TO_CYRILLIC = str.maketrans("AaBCcEeHKMOoPpTXxYy", "АаВСсЕеНКМОоРрТХхУу")

_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[A-Za-z]")
_WORD = re.compile(r"\w+", re.UNICODE)
_SPACE = re.compile(r"\s+")


def _is_visible(char: str) -> bool:
    """Keep letters, digits, marks, punctuation, symbols and spaces; drop controls."""
    category = unicodedata.category(char)
    return not category.startswith("C") or char in "\n\t"


_LOOK_ALIKES = frozenset("AaBCcEeHKMOoPpTXxYy")
_CYRILLIC_WORD = re.compile(r"^[\u0400-\u04ff]+$")
# A zero among Cyrillic letters is the letter О typed as a digit ("СВ0", "к0нтракт").
_ZERO = str.maketrans("0", "О")


def _fix_mixed_word(match: re.Match[str]) -> str:
    word = match.group(0)
    cyrillic = len(_CYRILLIC.findall(word))
    latin = _LATIN.findall(word)
    # A word with Cyrillic letters whose Latin letters are all look-alikes is Cyrillic
    # ("CВO" has two Latin letters and one Cyrillic); otherwise the majority decides.
    if cyrillic and latin and (cyrillic >= len(latin) or _LOOK_ALIKES.issuperset(latin)):
        word = word.translate(_LATIN_TO_CYRILLIC)
    digits = {char for char in word if char.isdigit()}
    if digits == {"0"} and cyrillic >= 2:
        word = word.translate(_ZERO)
    return word


def _fix_latin_capitals(text: str) -> str:
    """An all-capital word of Latin look-alikes beside Cyrillic words is Cyrillic ("CBO")."""
    parts = _WORD.split(text)
    found = _WORD.findall(text)
    for i, word in enumerate(found):
        if len(word) >= 2 and word.isupper() and _LOOK_ALIKES.issuperset(word):
            beside = found[max(i - 1, 0) : i] + found[i + 1 : i + 2]
            if any(_CYRILLIC_WORD.match(other) for other in beside):
                found[i] = word.translate(_LATIN_TO_CYRILLIC)
    return "".join(p + w for p, w in zip(parts, [*found, ""], strict=False))


# Words and short phrases are cleaned and normalised again and again (each lexicon
# word, each token, each reader of an offer): those are cached. Whole messages are not,
# so that no one's words stay in memory after their message is answered.
CACHED_UP_TO = 48  # characters


def clean(text: str) -> str:
    """Repair encoding-level oddities but keep case and punctuation (for display)."""
    return _clean_cached(text) if len(text) <= CACHED_UP_TO else _clean(text)


@lru_cache(maxsize=16384)
def _clean_cached(text: str) -> str:
    return _clean(text)


def _clean(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    text = "".join(char for char in text if _is_visible(char))
    text = text.translate(_LEGACY_FONT).translate(_OTHER_CYRILLIC)
    text = _fix_latin_capitals(_WORD.sub(_fix_mixed_word, text))
    # NFC again: a Latin look-alike replaced before a combining macron can now compose.
    return unicodedata.normalize("NFC", text).strip()


# An apostrophe between letters is part of a Latin spelling ("g'", "o'", "don't").
_INNER_APOSTROPHE = re.compile(r"(?<=\w)['\u2019\u02bc\u2018`](?=\w)")


# Abbreviations written letter by letter: "С.В.О.", "С В О" (capitals only, so that
# one-letter words such as "в" or "и" are never joined).
_DOTTED = re.compile(r"(?<!\w)(?:[^\W\d_]\.\s?){2,}(?:[^\W\d_](?!\w))?")
_SPACED = re.compile(r"(?<!\w)(?:[^\W\d_a-zа-яё] ){2,}[^\W\d_a-zа-яё](?!\w)")


def _join_letters(match: re.Match[str]) -> str:
    return "".join(char for char in match.group(0) if char.isalpha()) + " "


def normalise(text: str) -> str:
    """Repaired, lower-cased text with punctuation turned into single spaces."""
    return _normalise_cached(text) if len(text) <= CACHED_UP_TO else _normalise(text)


@lru_cache(maxsize=16384)
def _normalise_cached(text: str) -> str:
    return _normalise(text)


def _normalise(text: str) -> str:
    text = clean(text)
    text = _SPACED.sub(_join_letters, _DOTTED.sub(_join_letters, text))
    text = _INNER_APOSTROPHE.sub("\u02bc", text.casefold())
    text = "".join(
        char if (char.isalnum() or unicodedata.category(char) == "Mn") else " " for char in text
    )
    return _SPACE.sub(" ", text).strip()


def words(text: str) -> list[str]:
    """The normalised words of a text."""
    return normalise(text).split()


# Tajik letters fold onto the Russian-keyboard letters people type instead (ҳ→х, …),
# then everything is written in a small Latin alphabet.
_CYRILLIC_TO_SKELETON = {
    "а": "a",
    "б": "b",
    "в": "v",
    "г": "g",
    "ғ": "g",
    "д": "d",
    "е": "e",
    "ё": "yo",
    "ж": "zh",
    "з": "z",
    "и": "i",
    "ӣ": "i",
    "й": "y",
    "к": "k",
    "қ": "k",
    "л": "l",
    "м": "m",
    "н": "n",
    "о": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ӯ": "u",
    "ф": "f",
    "х": "h",
    "ҳ": "h",
    "ч": "ch",
    "ҷ": "ch",
    "ш": "sh",
    "щ": "sh",
    "ъ": "",
    "ы": "i",
    "ь": "",
    "э": "e",
    "ю": "yu",
    "я": "ya",
    "ц": "ts",
    "і": "i",
    "є": "e",
    "ґ": "g",
}

# Latin spellings of the same sounds, longest first: "kh" and "x" are Tajik х/ҳ,
# "q" is қ, "gh" and "g'" are ғ, "j" is ҷ (folded like ч above), "w" is в.
_LATIN_RULES = (
    ("g\u02bc", "g"),
    ("o\u02bc", "u"),
    ("\u02bc", ""),
    ("shch", "sh"),
    ("sch", "sh"),
    ("kh", "h"),
    ("gh", "g"),
    ("x", "h"),
    ("q", "k"),
    ("j", "ch"),
    ("w", "v"),
    ("c", "ts"),
)
_LATIN_FIXUPS = (("tsh", "ch"), ("tsts", "ts"))
# Doubled letters collapse ("ҳуҷҷат" and "ҳуҷат" meet); digits never do (1500 is not 150).
_DOUBLE = re.compile(r"([^\W\d_])\1+")


def skeleton_word(word: str) -> str:
    # Collapse before transliterating too: "ҷҷ" would become "chch", which no longer
    # looks doubled, and "ҳуҷҷат" must meet "ҳуҷат".
    word = _DOUBLE.sub(r"\1", word)
    out = "".join(_CYRILLIC_TO_SKELETON.get(char, char) for char in word)
    # Strip combining marks that NFC could not compose (e.g. a stray macron).
    out = "".join(char for char in out if unicodedata.category(char) != "Mn")
    for latin, replacement in _LATIN_RULES:
        out = out.replace(latin, replacement)
    for latin, replacement in _LATIN_FIXUPS:
        out = out.replace(latin, replacement)
    return _DOUBLE.sub(r"\1", out)


def skeleton(text: str) -> str:
    """A lossy Latin key of the text for matching across scripts and keyboards."""
    return " ".join(skeleton_word(word) for word in words(text))
