"""One amount of money as an offer states it, and the vocabularies of its fields."""

from __future__ import annotations

from dataclasses import dataclass

CURRENCIES = frozenset(
    {
        "RUB",
        "USD",
        "EUR",
        "KZT",
        "TJS",
        "TRY",
        "AED",
        "SAR",
        "QAR",
        "KRW",
        "GBP",
        "PLN",
        "THB",
        "MYR",
        "KWD",
        "ILS",
        "JPY",
    }
)
PERIODS = ("hour", "day", "shift", "week", "month", "season")
KINDS = ("salary", "fee", "other")


@dataclass(frozen=True)
class Amount:
    value: float  # in the currency's units, thousands and millions applied; a range's top
    currency: str | None  # ISO code; None if the text does not say
    period: str | None  # one of PERIODS; None if the text does not say
    kind: str  # one of KINDS
    start: int  # character span in the original text
    end: int
    words: str  # the original words, e.g. "250 тыс. руб в месяц"
    low: float | None = None  # a range's lower end ("от 80 до 120 тыс" -> 80000)
