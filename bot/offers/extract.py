"""Reading an offer's free text: its red flags with the words that show them, the
destination, the pay and its currency, and the contacts it gives."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from bot.offers.patterns import DESTINATIONS, PATTERNS
from bot.text.language import detect_from_text
from bot.text.patterns import Words, compile_patterns

_FLAG_PATTERNS = {flag: compile_patterns(patterns) for flag, patterns in PATTERNS.items()}
_DESTINATION_PATTERNS = {code: compile_patterns(names) for code, names in DESTINATIONS.items()}

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
    found = Words(text.translate(_SYMBOLS))
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
