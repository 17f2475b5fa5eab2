"""Amounts of money in offers, because promised pay and fees asked are red flags."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.offers.money.amount import CURRENCIES, KINDS, PERIODS, Amount
from bot.offers.money.kind import find_cues, kind_of
from bot.offers.money.prepare import masked, prepare
from bot.offers.money.reading import read_amounts

# Reading rules, in brief (DOMAIN.md §3: a fee asked of the worker is red flag 1, pay far
# above the market red flag 6; the old single-match reader could not tell them apart):
#
# * A number is money when a currency is said next to it ("250 000 руб", "$1500",
#   "5000 сомонӣ"), when it carries a thousands or millions word ("250к", "1,5 млн"), or,
#   bare and at least 100, when a pay or fee word stands right before it
#   ("зарплата 280 000") or a period right after it ("3500 в день").
# * Never money: phone and account numbers, dates and times, years ("2026 года"), ages
#   and other counted things ("до 35 лет", "12 часов", "5 человек"), schedules like
#   "60/30" or "5/2".
# * A range ("от 80 до 120 тыс", "80-120к") reads as its upper end in `value`, the lower
#   end in `low`: the upper end is what lures a worker to a salary and the most a fee
#   may cost, so it is the figure to check.
# * `kind` comes from the nearest cue word in the same sentence, before the amount or,
#   weighed as farther and only in the same clause, after it; a specific cue ("за визу")
#   beats a generic one ("оплата"). No cue leaves "other".
# * `period` is what the text says, or None (bot.offers.wages reads None as a month).

__all__ = ["CURRENCIES", "KINDS", "PERIODS", "Amount", "amounts", "fees", "prices", "salary"]


@dataclass(frozen=True)
class _Found:
    amount: Amount
    cued: bool  # the kind came from a cue word, not the default


def _scan(text: str) -> list[_Found]:
    prepared = prepare(text)
    cues = find_cues(prepared)
    raw = read_amounts(prepared, masked(prepared), cues)
    found = []
    for i, (start, end, amount) in enumerate(raw):
        prev_end = raw[i - 1][1] if i else 0
        next_start = raw[i + 1][0] if i + 1 < len(raw) else len(prepared)
        kind, cued = kind_of(prepared, cues, start, end, prev_end=prev_end, next_start=next_start)
        words = text[amount.start : amount.end]
        found.append(
            _Found(
                Amount(
                    value=amount.value,
                    currency=amount.currency,
                    period=amount.period,
                    kind=kind,
                    start=amount.start,
                    end=amount.end,
                    words=words,
                    low=amount.low,
                ),
                cued,
            )
        )
    return found


def amounts(text: str) -> list[Amount]:
    """Every amount of money in the text, in the order written."""
    return [found.amount for found in _scan(text)]


def salary(text: str) -> Amount | None:
    """The most likely promised salary.

    Amounts a pay word marks come first; failing those, an amount no cue marks but that
    has a currency or a period. Among them a monthly figure is preferred, then one with
    no period (most adverts quote the month without saying so), then the first written.
    A fee or an amount marked as housing, food or a fine is never the salary.
    """
    period_rank = {"month": 0, None: 1}
    candidates = [
        (0 if f.amount.kind == "salary" else 1, period_rank.get(f.amount.period, 2), i, f.amount)
        for i, f in enumerate(_scan(text))
        if f.amount.kind == "salary"
        or (
            f.amount.kind == "other"
            and not f.cued
            and (f.amount.currency is not None or f.amount.period is not None)
        )
    ]
    return min(candidates, key=lambda c: c[:3])[3] if candidates else None


def fees(text: str) -> list[Amount]:
    """The amounts the worker is asked to pay: recruitment, visa, ticket, deposit."""
    return [found.amount for found in _scan(text) if found.amount.kind == "fee"]


def prices(text: str) -> list[Amount]:
    """Sums stated beside the salary that say nothing of what they are for.

    An offer states what the work pays; a second sum in a currency, with no period and
    no word saying what it is, is what the worker is asked to pay ("Завод, маош 2,8 млн
    вон … 3000$", "7000 shekel per month. 3000$ before departure"). A sum written right
    after the salary in brackets or after "about" restates it in another currency.
    """
    found = _scan(text)
    pay = salary(text)
    if pay is None:
        return []
    return [
        f.amount
        for f in found
        if f.amount.kind == "other"
        and not f.cued
        and f.amount.start != pay.start
        and f.amount.currency is not None
        and f.amount.period is None
        and not _RESTATED.search(text[pay.end : f.amount.start])
    ]


# What stands between a salary and the same sum in another currency: "[about £1,900]",
# "(≈ $2,000)", "около 1500$".
_RESTATED = re.compile(r"^[\s,.;:–—-]*[(\[]|^\W*(?:about|approx\w*|около|примерно|≈|~)", re.I)
