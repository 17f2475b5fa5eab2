"""Reading amounts out of text: numbers, thousands and millions, ranges, and what is no amount."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from bot.offers.money.amount import Amount
from bot.offers.money.currency import CURRENCY_AFTER, CURRENCY_BEFORE, currency_code
from bot.offers.money.kind import Cue
from bot.offers.money.period import period_after, period_before

_I = re.IGNORECASE

# "250 000", "2,000,000", "1.500.000" (groups of three) or "1,5", "12.50", "250000".
_NUM = (
    r"\d{1,3}(?:[ .,'](?=\d{3}(?!\d))\d{3})+(?:[.,]\d{1,2}(?!\d))?(?!\d)"
    r"|\d+(?:[.,]\d+)?(?!\d)"
)
_GROUPED = re.compile(r"\d{1,3}(?:[ .,']\d{3})+(?:[.,]\d{1,2})?")

# A spaced "к"/"k" is a thousand only when nothing but a currency, a period or
# punctuation follows: "120 000 к концу месяца" is the preposition.
_SPACED_K_FOLLOW = (
    r"(?=[ \t]*(?:[^\w\s]|\n|\Z|руб|р(?!\w)|usd|eur|долл|сомон|тенге|somoni|rub"
    r"|в\s+(?:месяц|мес|день|час|неделю|смену|сутки)|за\s+(?:месяц|смену|день|час)"
    r"|[vz]a?\s+(?:mes|den|smenu|chas)"
    r"|per\s|a\s+(?:month|day|week)|дар\s+як|monthly|net|gross|на\s+руки))"
)
_MULT = (
    r"тыс(?:яч\w*|\.|(?!\w))|тыщ\w*|млн\.?|миллион\w*|ҳазор|хазор|hazor|hazar|ming"
    r"|thousands?|mln|millions?|mio(?!\w)|tys(?:yach\w*|\.|(?!\w))"
    r"|(?<=\d)[kк](?!\w)"
    rf"|(?<=\s)[kк]{_SPACED_K_FOLLOW}"
)

_SEP = r"-|до|to|то"

# "#" is what prepare.masked writes over digits that are never money.
_AMOUNT = re.compile(
    rf"(?<![\w.,#/+])(?:(?P<pre>{CURRENCY_BEFORE})\s{{0,2}})?"
    rf"(?P<n1>{_NUM})(?:\s{{0,2}}(?P<m1>{_MULT}))?(?:\s{{0,2}}(?P<c1>{CURRENCY_AFTER}))?"
    rf"(?:\s{{0,3}}(?P<sep>{_SEP})\s{{0,3}}(?:(?P<pre2>{CURRENCY_BEFORE})\s{{0,2}})?"
    rf"(?P<n2>{_NUM})(?:\s{{0,2}}(?P<m2>{_MULT}))?)?"
    rf"(?:\s{{0,2}}(?P<c2>{CURRENCY_AFTER}))?",
    _I,
)
_MULTIPLIERS = (
    (re.compile(r"млн\.?|миллион\w*|mln|millions?|mio", _I), 1_000_000.0),
    (re.compile(r".*", re.S), 1000.0),  # every other multiplier word is a thousand
)

# After a bare number: counted things, not money ("35 лет", "12 часов", "5 человек").
_UNIT = re.compile(
    r"\s{0,2}(?:-\s?[^\W\d_]"  # "12-часовая", "3-х": a compound word, not an amount
    r"|лет(?!\w)|год\w*|г\.|гг(?!\w)|час\w*|ч(?!\w)|мин\w*|сек\w*|смен\w*"
    r"|дн(?:я|ей)(?!\w)|день|дни|сут\w*|недел\w*|месяц\w*|мес(?!\w)|раз\w*"
    r"|челов\w*|чел(?!\w)|мест\w*|кг(?!\w)|км(?!\w)|м(?!\w)|м2|см(?!\w)|мм(?!\w)"
    r"|литр\w*|л(?!\w)|тонн\w*|т(?!\w)|шт\w*|%|процент\w*|этаж\w*|разряд\w*|числ\w*"
    r"|years?|yrs?|y\.?o\.?|hours?|hrs?|h(?!\w)|days?|weeks?|months?|people|persons?"
    r"|workers?|kg(?!\w)|km(?!\w)|m(?!\w)|pcs|sqm|times"
    r"|соат(?![ӣи](?!\w)|е(?!\w))\w*|р[ӯу]з(?!она|е(?!\w))\w*|[ҳх]афта(?!ина)\w*"
    r"|мо[ҳх](?!она|е(?!\w))\w*|сол\w*|нафар\w*|кас(?!\w)|бор(?!\w))",
    _I,
)

# What may stand between a cue and a bare number for the number to count as money.
_BARE_GAP = re.compile(
    r"[\s:=(\-]*(?:(?:от|до|from|up\s+to|to|of|is|are|around|about|около|примерно"
    r"|составля\w*|составит|будет|в\s+размере|аз|то|минимум|minimum|starting\s+(?:at|from)"
    r"|в\s+месяц|в\s+день|в\s+час|ежемесячно|моҳона)[\s:=(\-]*)*",
    _I,
)
_BARE_MINIMUM = 100.0  # "зарплата 2 раза в месяц": small bare numbers are counts
_FROM_BEFORE = re.compile(r"(?:от|from|аз|between)\s+$", _I)


def _number(token: str) -> float:
    if _GROUPED.fullmatch(token):
        decimals = ""
        tail = re.search(r"[.,](\d{1,2})$", token)
        if tail and not re.search(r"[ .,']\d{3}$", token):
            decimals = tail.group(1)
            token = token[: tail.start()]
        whole = re.sub(r"[ .,']", "", token)
        return float(f"{whole}.{decimals}" if decimals else whole)
    return float(token.replace(",", "."))


def _multiplier(token: str | None) -> float:
    if not token:
        return 1.0
    return next(factor for pattern, factor in _MULTIPLIERS if pattern.fullmatch(token.strip()))


def _cue_before_bare(text: str, cues: Sequence[Cue], start: int) -> bool:
    """A pay or fee word right before a bare number: "зарплата от 80 000"."""
    return any(
        cue.end <= start and start - cue.end <= 30 and _BARE_GAP.fullmatch(text[cue.end : start])
        for cue in cues
    )


def read_amounts(text: str, scan: str, cues: Sequence[Cue]) -> list[tuple[int, int, Amount]]:
    found = []
    for match in _AMOUNT.finditer(scan):
        amount = _read(text, match, cues)
        if amount is not None:
            found.append((amount.start, amount.end, amount))
    return found


@dataclass(frozen=True)
class _Figure:
    value: float
    low: float | None
    end: int  # where the figure and its currency end
    currency_token: str | None
    has_multiplier: bool
    last_number_end: int  # where a counted thing's unit would start ("35 лет")


def _figure(match: re.Match[str]) -> _Figure:
    n1, m1, c1, n2, m2 = (match.group(g) for g in ("n1", "m1", "c1", "n2", "m2"))
    v1 = _number(n1) * _multiplier(m1)
    currency_token = match.group("c2") or c1 or match.group("pre") or match.group("pre2")
    if n2 is None:
        return _Figure(v1, None, match.end(), currency_token, bool(m1), match.end("n1"))
    v2 = _number(n2) * _multiplier(m2)
    if m2 and not m1 and _number(n1) < _number(n2):
        v1 *= _multiplier(m2)  # "80-120к", "от 80 до 120 тыс"
    if v2 > v1:
        return _Figure(v2, v1, match.end(), currency_token, bool(m1 or m2), match.end("n2"))
    # "5000 руб до 15 числа" is no range: the amount ends before "до".
    end = max(match.end(g) for g in ("n1", "m1", "c1") if match.group(g) is not None)
    return _Figure(v1, None, end, c1 or match.group("pre"), bool(m1), match.end("n1"))


def _read(text: str, match: re.Match[str], cues: Sequence[Cue]) -> Amount | None:
    figure = _figure(match)
    value, low, end = figure.value, figure.low, figure.end
    currency_token, has_multiplier = figure.currency_token, figure.has_multiplier
    currency: str | None = None
    if currency_token:
        currency, implied = currency_code(currency_token, text, match.start(), end)
        if implied != 1.0 and not has_multiplier:  # "250 т.р."
            value *= implied
            low = low * implied if low is not None else None
            has_multiplier = True
    start = match.start()
    if currency is None and not has_multiplier:
        if _UNIT.match(text, figure.last_number_end):
            return None  # "до 35 лет", "12 часов", "2-3 года"
        if value < _BARE_MINIMUM:
            return None
    period, period_end = period_after(text, end)
    bare = currency is None and not has_multiplier
    if bare and period is None and not _cue_before_bare(text, cues, start):
        return None
    if period is None:
        period = period_before(text, start)
    else:
        end = period_end
    lead = _FROM_BEFORE.search(text, max(0, start - 12), start)
    if lead and low is not None:
        start = lead.start()  # "от 80 до 120 тыс" reads as one phrase
    words = text[start:end].rstrip(" ,")
    return Amount(
        value=value,
        currency=currency,
        period=period,
        kind="other",
        start=start,
        end=start + len(words),
        words=words,
        low=low,
    )
