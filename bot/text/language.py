"""Guessing a new contact's language from what they wrote and where they write from.

The order of evidence (DOMAIN.md §5.1; issue #2):

1. Tajik letters (ғ ӣ қ ӯ ҳ ҷ, or their legacy-font stand-ins) mean Tajik.
2. Otherwise, words: common Tajik words typed without Tajik letters or in Latin
   ("салом", "salom", "man kor mekunam") against common Russian words, Cyrillic or
   transliterated ("привет", "pomogite").
   In Latin text, common English words outvote them; handles and links never vote.
3. Otherwise the script: Cyrillic is Russian, Latin is English.
4. With no text to go on, a hint: Telegram's ``language_code`` or the phone's country
   code (+992 Tajik, +7 Russian).

An explicit choice by the user is not decided here: it always wins and is stored.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from bot.text.normalise import clean, skeleton, words

Language = str

_TAJIK_LETTERS = re.compile("[ғӣқӯҳҷҒӢҚӮҲҶ]")
_RUSSIAN_ONLY_LETTERS = re.compile("[ыщьцЫЩЬЦ]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[A-Za-z]")

# Frequent words that are Tajik and not Russian, written as people type them; matched
# by skeleton, so "рахмат", "раҳмат" and "rahmat" are one entry. Kept to words that are
# not also common Russian or English words ("не", "да", "man" are left out or handled).
# Greetings count in every spelling, as one word or two: "ассаломуалейкум", "салам".
_TAJIK_WORDS = frozenset(
    skeleton(w)
    for w in """
    салом ассалом ассалому алейкум алайкум раҳмат ташаккур илтимос бале ҳа ҳост ҳаст
    салам ассалам ассалям салому ассаломуалейкум ассаломуалайкум ассаламуалейкум
    ассаламуалайкум ассалямуалейкум саломалейкум саламалейкум ваалейкум ваалайкум
    нест аст ман мо шумо вай онҳо ин он чӣ чи чаро кай куҷо кадом чанд чӣ хел
    ба дар аз барои бо ва ё ҳам агар лекин вале
    кор корфармо кумак ёрдам ёрӣ мадад наҷот хуб бад пул музд маош қарз
    шиноснома ҳуҷҷат хориҷа муҳоҷир муҳоҷират забон тоҷикӣ русӣ бародар апа ака модар
    падар писар духтар мехоҳам метавонам мекунам медиҳанд намедиҳанд гирифтанд
    кунед кунам диҳед лозим даркор ҷо рафтан рафтам омадам ҳозир зуд
    """.split()
)

_RUSSIAN_WORDS = frozenset(
    skeleton(w)
    for w in """
    привет здравствуйте здрасте добрый день спасибо пожалуйста помогите помощь спасите
    я мне меня мой моя мы вы ты он она они это что как где когда почему кто
    не нет да есть был была хочу могу нужно надо очень
    работа работу работать работаю зарплата деньги документы забрали
    в на с по из для от до и или но если уже сейчас тут здесь
    """.split()
)

# Frequent English words that are not Tajik or Russian typed in Latin: in Latin text,
# they outvote a transliterated word or two ("Come as a tourist ... @israel_rabota").
_ENGLISH_WORDS = frozenset(
    """
    the and you your we our they their with for from this that these is are was were will
    would have has need needed want wanted work job jobs salary month week hour day per
    please help hello thanks thank what when where how who can not only free
    """.split()
)
# Handles, links and e-mail addresses name someone; they say nothing of the language.
_IDENTIFIERS = re.compile(r"@\w+|(?:https?://|www\.)\S+|\b(?:t|wa)\.me/\S+|\b[\w.-]+@[\w-]+\.\w+")

# Prefixes of international numbers and the language they suggest.
_COUNTRY_CODES: tuple[tuple[str, Language], ...] = (("+992", "tg"), ("+7", "ru"))


# A short Latin word ("I", "a", "man", "da") folds onto a Tajik or Russian one by
# accident; only Latin words this long or longer vote.
_MIN_LATIN_VOTER = 4


def _votes(tokens: Iterable[str]) -> tuple[int, int]:
    tajik = russian = 0
    for token in tokens:
        if not _CYRILLIC.search(token) and len(token) < _MIN_LATIN_VOTER:
            continue
        key = skeleton(token)
        tajik += key in _TAJIK_WORDS
        russian += key in _RUSSIAN_WORDS
    return tajik, russian


def detect_from_text(text: str, supported: Iterable[Language]) -> Language | None:
    """The language a message is written in, or None when the text gives no clue."""
    languages = set(supported)
    repaired = _IDENTIFIERS.sub(" ", clean(text))
    tokens = words(repaired)
    if not tokens:
        return None
    if _TAJIK_LETTERS.search(repaired) and "tg" in languages:
        return "tg"
    tajik, russian = _votes(tokens)
    has_cyrillic = bool(_CYRILLIC.search(repaired))
    english = 0 if has_cyrillic else sum(t.lower() in _ENGLISH_WORDS for t in tokens)
    if english > max(tajik, russian) and "en" in languages:
        return "en"
    if _RUSSIAN_ONLY_LETTERS.search(repaired):
        russian += 1
    if tajik > russian and "tg" in languages:
        return "tg"
    if russian > tajik and "ru" in languages:
        return "ru"
    if has_cyrillic:
        return "ru" if "ru" in languages else None
    if _LATIN.search(repaired) and "en" in languages:
        return "en"
    return None


def language_from_phone(number: str) -> Language | None:
    """The language a phone number's country suggests (E.164 expected)."""
    digits = "+" + "".join(char for char in number if char.isdigit())
    for prefix, language in _COUNTRY_CODES:
        if digits.startswith(prefix):
            return language
    return None


def language_from_code(code: str | None, supported: Iterable[Language]) -> Language | None:
    """A supported language from a platform code such as Telegram's "tg" or "ru-RU"."""
    if not code:
        return None
    base = code.replace("_", "-").split("-")[0].lower()
    return base if base in set(supported) else None


def detect(
    text: str,
    *,
    supported: Iterable[Language],
    hint: str | None = None,
    phone: str | None = None,
) -> Language | None:
    """Text first, then the platform's language code, then the phone's country."""
    languages = tuple(supported)
    from_phone = language_from_phone(phone) if phone else None
    return (
        detect_from_text(text, languages)
        or language_from_code(hint, languages)
        or (from_phone if from_phone in languages else None)
    )
