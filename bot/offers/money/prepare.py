"""Preparing text for reading amounts: same-length repairs, digits never money blanked."""

from __future__ import annotations

import re
from collections.abc import Sequence

_I = re.IGNORECASE

# Spans must point into the original text, so every repair here keeps the length:
# one character for one character.
_SAME_LENGTH = str.maketrans(
    {
        "\u00a0": " ",  # no-break and thin spaces are thousands separators in Russian
        "\u202f": " ",
        "\u2009": " ",
        "\u2007": " ",
        "\u2013": "-",  # dashes of every length separate a range
        "\u2014": "-",
        "\u2012": "-",
        "\u2212": "-",
        # Pre-Unicode Tajik fonts and look-alike letters (as bot.text.normalise repairs).
        "Њ": "Ҳ",
        "њ": "ҳ",
        "Љ": "Ҷ",
        "љ": "ҷ",
        "Ќ": "Қ",
        "ќ": "қ",
        "Ў": "Ӯ",
        "ў": "ӯ",
        "Ї": "Ӣ",
        "ї": "ӣ",
        "Ѓ": "Ғ",
        "ѓ": "ғ",
        "Һ": "Ҳ",
        "һ": "ҳ",
        "Ҹ": "Ҷ",
        "ҹ": "ҷ",
        "Ҝ": "Қ",
        "ҝ": "қ",
    }
)

# Things that hold digits but are never money; they are blanked before amounts are read.
_URL = re.compile(r"https?://\S+|www\.\S+|\b(?:t|wa)\.me/\S+|@\w+", _I)
_DATE = re.compile(r"(?<!\d)\d{1,2}[./-]\d{1,2}[./-](?:\d{4}|\d{2})(?!\d)")
_TIME = re.compile(r"(?<!\d)\d{1,2}:\d{2}(?!\d)")
# "60/30", "15/15", "5/2", "2/2": a vahta or shift schedule, days on and off.
_SCHEDULE = re.compile(r"(?<![\d/.,])\d{1,3}\s?/\s?\d{1,3}(?![\d/.,])")
# A run of digit groups joined by single spaces, hyphens or brackets: a phone candidate.
_DIGIT_RUN = re.compile(r"\+?\(?\d+\)?(?:(?:[ \-]|(?=\())\(?\d+\)?)*")
_GROUP = re.compile(r"\d+")
_PHONE_DIGITS = 15  # the longest international number (ITU E.164)
_MASK = "#"


def prepare(text: str) -> str:
    return text.translate(_SAME_LENGTH)


def _blank(chars: list[str], start: int, end: int) -> None:
    for i in range(start, end):
        chars[i] = _MASK


def _is_grouped_money(groups: Sequence[str]) -> bool:
    """Grouped like "2 000 000": a first group of 1-3 digits, then groups of three."""
    return 1 <= len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:])


def _phone_like(run: str, groups: Sequence[str], digits: int) -> bool:
    if run.startswith("+"):
        return digits >= 7
    if len(groups) == 1:
        return digits >= 9  # "89991234567", an account or tax number: never an amount
    if digits < 9 or digits > _PHONE_DIGITS:
        return False
    if "-" in run and run.count("-") == 1:
        # "80 000-120 000" is a range of two amounts, not a number with a hyphen.
        left, right = (_GROUP.findall(part) for part in run.split("-"))
        if left and right and _is_grouped_money(left) and _is_grouped_money(right):
            return False
    return not _is_grouped_money(groups) or "-" in run or "(" in run


def _mask_phones(text: str, chars: list[str]) -> None:
    for run_match in _DIGIT_RUN.finditer(text):
        run = run_match.group(0)
        spans = [(m.start(), m.end()) for m in _GROUP.finditer(run)]
        groups = [run[a:b] for a, b in spans]
        left = sum(len(g) for g in groups)  # digits from group i to the end
        # "250 000 89991234567": the phone is the longest tail that looks like one,
        # so the salary before it keeps its digits.
        for i, group in enumerate(groups):
            tail_start = spans[i][0] if i else 0
            if (left <= _PHONE_DIGITS or i == 0 or len(groups) - i == 1) and _phone_like(
                run[tail_start:], groups[i:], left
            ):
                _blank(chars, run_match.start() + tail_start, run_match.end())
                break
            left -= len(group)


def masked(text: str) -> str:
    chars = list(text)
    for pattern in (_URL, _DATE, _TIME, _SCHEDULE):
        for match in pattern.finditer(text):
            _blank(chars, match.start(), match.end())
    _mask_phones("".join(chars), chars)
    return "".join(chars)
