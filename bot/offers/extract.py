"""Reading an offer's free text: its red flags with the words that show them, the
destination, the pay and its currency, and the contacts it gives."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from bot.offers.patterns import DESTINATIONS, PATTERNS, Near, Pattern
from bot.text.language import detect_from_text
from bot.text.normalise import skeleton, skeleton_word, words

MIN_PREFIX = 4  # a shorter stem must match the whole word

Phrase = tuple[str, ...]


def _phrase(text: str) -> Phrase:
    return tuple(skeleton(text).split())


@dataclass(frozen=True)
class _Compiled:
    phrases: tuple[Phrase, ...] = ()
    near: tuple[tuple[tuple[Phrase, ...], tuple[Phrase, ...], int], ...] = ()


def _compile(patterns: Iterable[Pattern]) -> _Compiled:
    phrases, near = [], []
    for pattern in patterns:
        if isinstance(pattern, Near):
            first = tuple(q for q in (_phrase(p) for p in pattern.first) if q)
            second = tuple(q for q in (_phrase(p) for p in pattern.second) if q)
            near.append((first, second, pattern.window))
        else:
            phrases.append(_phrase(pattern))
    return _Compiled(tuple(p for p in phrases if p), tuple(near))


_FLAG_PATTERNS = {flag: _compile(patterns) for flag, patterns in PATTERNS.items()}
_DESTINATION_PATTERNS = {code: _compile(names) for code, names in DESTINATIONS.items()}

_CURRENCY = (
    r"(?P<currency>\$|usd|долл\w*|доллар\w*|dollar\w*|€|eur\w*|евро|руб\w*|₽|rub\w*|"
    r"сомон\w*|somoni|tjs|тенге|tenge|₸|aed|дирхам\w*|dirham\w*|лир\w*|lira|вон|won)"
)
_AMOUNT = r"(?P<amount>\d{1,3}(?:[ \u00a0.,]\d{3})+|\d+(?:[.,]\d+)?)\s*(?P<k>k|к|тыс\w*)?"
_PAY = re.compile(
    rf"{_AMOUNT}\s*{_CURRENCY}|{_CURRENCY}\s*{_AMOUNT}".replace("(?P<amount>", "(?P<amount1>", 1)
    .replace("(?P<k>", "(?P<k1>", 1)
    .replace("(?P<currency>", "(?P<currency1>", 1),
    re.IGNORECASE,
)
_CURRENCY_CODES = (
    ("$", "USD"),
    ("usd", "USD"),
    ("дол", "USD"),
    ("dol", "USD"),
    ("€", "EUR"),
    ("eur", "EUR"),
    ("евро", "EUR"),
    ("руб", "RUB"),
    ("₽", "RUB"),
    ("rub", "RUB"),
    ("сомон", "TJS"),
    ("somoni", "TJS"),
    ("tjs", "TJS"),
    ("тенге", "KZT"),
    ("tenge", "KZT"),
    ("₸", "KZT"),
    ("aed", "AED"),
    ("дирхам", "AED"),
    ("dirham", "AED"),
    ("лир", "TRY"),
    ("lira", "TRY"),
    ("вон", "KRW"),
    ("won", "KRW"),
)
_CONTACT = re.compile(
    r"(?:\+\d[\d\s()\-]{7,16}\d)|(?:@[A-Za-z][\w]{3,31})|"
    r"(?:(?:https?://)?(?:t\.me|wa\.me)/[\w+/-]+)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Pay:
    amount: float
    currency: str

    def __str__(self) -> str:
        return f"{self.amount:g} {self.currency}"


@dataclass(frozen=True)
class Analysis:
    language: str | None
    flags: dict[str, str] = field(default_factory=dict)  # flag id -> evidence words
    destination: str | None = None
    pay: Pay | None = None
    contacts: tuple[str, ...] = ()


class _Words:
    """The text's words and their skeletons, aligned, for matching and evidence."""

    def __init__(self, text: str) -> None:
        self.raw = words(text)
        self.keys = [skeleton_word(w) for w in self.raw]

    def _token_matches(self, token: str, stem: str) -> bool:
        return token == stem or (len(stem) >= MIN_PREFIX and token.startswith(stem))

    def positions(self, phrase: Phrase) -> list[int]:
        width = len(phrase)
        return [
            i
            for i in range(len(self.keys) - width + 1)
            if all(self._token_matches(self.keys[i + k], phrase[k]) for k in range(width))
        ]

    def evidence(self, start: int, end: int) -> str:
        return " ".join(self.raw[max(start, 0) : end])

    def find(self, compiled: _Compiled) -> str | None:
        for phrase in compiled.phrases:
            found = self.positions(phrase)
            if found:
                return self.evidence(found[0], found[0] + len(phrase))
        for first, second, window in compiled.near:
            starts = [(i, len(p)) for p in first for i in self.positions(p)]
            ends = [(j, len(p)) for p in second for j in self.positions(p)]
            for i, width_i in starts:
                for j, width_j in ends:
                    if abs(i - j) <= window and i != j:
                        low, high = min(i, j), max(i + width_i, j + width_j)
                        return self.evidence(low, high)
        return None


def _pay(text: str) -> Pay | None:
    match = _PAY.search(text)
    if match is None:
        return None
    amount = (match.group("amount") or match.group("amount1") or "0").replace("\u00a0", " ")
    currency = (match.group("currency") or match.group("currency1") or "").lower()
    thousands = match.group("k") or match.group("k1")
    digits = re.sub(r"[ ,.](?=\d{3}\b)", "", amount).replace(",", ".")
    try:
        value = float(digits) * (1000 if thousands else 1)
    except ValueError:
        return None
    code = next((c for prefix, c in _CURRENCY_CODES if currency.startswith(prefix)), currency)
    return Pay(value, code.upper())


# Currency symbols carry meaning ("оформление 2500$") but are not words: read them as words.
_SYMBOLS = str.maketrans({"$": " usd ", "€": " eur ", "₽": " rub ", "₸": " kzt "})


def analyse(text: str, languages: Iterable[str] = ("tg", "ru", "en")) -> Analysis:
    """Everything the text says about the offer's risks."""
    found = _Words(text.translate(_SYMBOLS))
    flags = {}
    for flag, compiled in _FLAG_PATTERNS.items():
        evidence = found.find(compiled)
        if evidence is not None:
            flags[flag] = evidence
    destination = next(
        (
            code
            for code, compiled in _DESTINATION_PATTERNS.items()
            if found.find(compiled) is not None
        ),
        None,
    )
    # Korea hires only through the state EPS channel: a Korean job that does not name it
    # (or names it to say "without") is outside it.
    if destination == "KR" and "eps" not in found.keys:
        flags.setdefault("unofficial_channel", "Korea")
    return Analysis(
        language=detect_from_text(text, tuple(languages)),
        flags=flags,
        destination=destination,
        pay=_pay(text),
        contacts=tuple(dict.fromkeys(m.group(0).strip() for m in _CONTACT.finditer(text))),
    )
