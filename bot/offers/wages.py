"""Whether an offer's pay is too good to be true for its destination and its work."""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.content.datafile import read_entries, reject_duplicates
from bot.offers.money import CURRENCIES, Amount

# DOMAIN.md §3, red flag 6: "salary far above market". The figures are the sourced rows
# of data/wages.toml; loading refuses a row without a source or date, naming the row, as
# data/contacts.toml is checked. The verdict says how the offer was made comparable
# (period, currency, exchange rate) so that a reply can say it too.

WAGES_FILE = "wages.toml"
DATA_DIR = Path(__file__).resolve().parents[2] / "data"
WORK_KINDS = frozenset(
    {
        "construction",
        "warehouse",
        "cleaning",
        "domestic",
        "agriculture",
        "driving",
        "factory",
        "hospitality",
        "security",
        "general",
    }
)
CONFIDENCE = frozenset({"high", "medium", "low"})
ROW_PERIODS = frozenset({"month", "hour", "day"})

# An offer is too good above FACTOR x the high end of what the work pays. Why 2: the
# high ends are averages, medians or a legal minimum, and the best-paid adverts of a
# trade reach about 1.7-1.9x its average (SuperJob, Moscow, Sept 2025: welders 130,000
# average and 250,000 at most; finishers 150,000 and 260,000). Twice the high end is
# beyond what even those adverts offer, which real employers rarely promise unskilled
# newcomers and recruiters' lures often do. The margin also absorbs what the table cannot
# know: overtime, the drift of the stored exchange rates, and the error of turning an
# hourly or daily rate into a month.
FACTOR = 2.0

# Turning a period into a month. A working month is 8 hours a day and 26 days (six days
# a week); a shift counts as a day; a season (a harvest or a vahta stint paid as a lump
# sum) is taken as 3 months, harvests and stints running 1-6 months; an amount that
# states no period is read as a month, as Russian and Tajik adverts quote pay, vahta
# adverts included ("вахта 60/30, зарплата 280 000" is per month worked).
HOURS_PER_DAY = 8
DAYS_PER_MONTH = 26
WEEKS_PER_MONTH = 52 / 12
SEASON_MONTHS = 3
_PER_MONTH = {
    "hour": HOURS_PER_DAY * DAYS_PER_MONTH,
    "day": DAYS_PER_MONTH,
    "shift": DAYS_PER_MONTH,
    "week": WEEKS_PER_MONTH,
    "month": 1.0,
    "season": 1 / SEASON_MONTHS,
}
_ASSUMPTION = {
    None: "no period stated: read as a month",
    "hour": f"per hour x {HOURS_PER_DAY} h x {DAYS_PER_MONTH} days",
    "day": f"per day x {DAYS_PER_MONTH} days",
    "shift": f"per shift, one shift a day, x {DAYS_PER_MONTH} days",
    "week": "per week x 52/12 weeks",
    "season": f"per season / {SEASON_MONTHS} months",
}

_WAGE_REQUIRED = (
    "country",
    "work",
    "low",
    "high",
    "currency",
    "source",
    "verified_on",
    "confidence",
)
_WAGE_KEYS = frozenset({*_WAGE_REQUIRED, "region", "period", "note"})
_RATE_REQUIRED = ("currency", "per_usd", "source", "verified_on")
_COUNTRY = re.compile(r"[A-Z]{2}")


class WagesError(ValueError):
    """The wage table has a fault; the message names the row."""


@dataclass(frozen=True)
class WageRow:
    country: str  # ISO 3166-1 alpha-2
    work: str  # one of WORK_KINDS
    low: float  # in `currency` per `period`
    high: float
    currency: str
    source: str
    verified_on: dt.date
    confidence: str
    note: str = ""
    region: str | None = None  # a city or region; None covers the whole country
    period: str = "month"  # of low and high, as the source gives them

    @property
    def monthly_low(self) -> float:
        return self.low * _PER_MONTH[self.period]

    @property
    def monthly_high(self) -> float:
        return self.high * _PER_MONTH[self.period]


@dataclass(frozen=True)
class Rate:
    currency: str
    per_usd: float  # units of `currency` for one US dollar
    source: str
    verified_on: dt.date


@dataclass(frozen=True)
class WageTable:
    rows: tuple[WageRow, ...]
    rates: tuple[Rate, ...] = ()

    def row(self, country: str, work: str, region: str | None = None) -> WageRow | None:
        """The closest row: region and work, country and work, then "general" likewise.

        The kind of work moves pay more than the city does, so a country row for the
        work beats a regional "general" row.
        """
        wanted = region.casefold() if region else None
        by_key = {
            (r.country, r.region.casefold() if r.region else None, r.work): r for r in self.rows
        }
        keys = [(country, wanted, work), (country, None, work)]
        keys += [(country, wanted, "general"), (country, None, "general")]
        return next((by_key[k] for k in keys if k in by_key), None)

    def rate(self, currency: str) -> Rate | None:
        return next((r for r in self.rates if r.currency == currency), None)


@dataclass(frozen=True)
class WageCheck:
    too_good: bool  # the offer is above FACTOR x the row's monthly high
    monthly: float  # the offer per month, in the row's currency
    limit: float  # FACTOR x the row's monthly high
    ratio: float  # monthly / the row's monthly high
    row: WageRow  # the figures compared with, with their source and confidence
    rates: tuple[Rate, ...] = ()  # exchange rates used, if the currency differed
    assumptions: tuple[str, ...] = ()  # how the offer was made comparable, in words


def per_month(value: float, period: str | None) -> float:
    """An amount per `period` as an amount per month (None is already a month)."""
    return value * _PER_MONTH[period or "month"]


def _where(kind: str, index: int, raw: Any) -> str:
    where = f"{WAGES_FILE}: {kind} #{index + 1}"
    if isinstance(raw, dict):
        label = " ".join(
            str(raw[key]) for key in ("country", "region", "work", "currency") if raw.get(key)
        )
        if label:
            where += f" ({label})"
    return where


def _check_common(where: str, raw: dict[str, Any], required: tuple[str, ...]) -> None:
    missing = [key for key in required if raw.get(key) is None or raw.get(key) == ""]
    if missing:
        raise WagesError(f"{where}: missing {', '.join(missing)} (no figure without a source)")
    if not isinstance(raw["source"], str) or not raw["source"].strip():
        raise WagesError(f"{where}: source must be text naming where the figure was read")
    verified = raw["verified_on"]
    if not isinstance(verified, dt.date) or isinstance(verified, dt.datetime):
        raise WagesError(f"{where}: verified_on must be a date like 2026-12-01")
    if raw["currency"] not in CURRENCIES:
        raise WagesError(f"{where}: currency must be one of {sorted(CURRENCIES)}")


def _positive(where: str, name: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
        raise WagesError(f"{where}: {name} must be a positive number")
    return float(value)


def _wage(index: int, raw: Any) -> WageRow:
    where = _where("wage", index, raw)
    if not isinstance(raw, dict):
        raise WagesError(f"{where}: must be a table")
    _check_common(where, raw, _WAGE_REQUIRED)
    unknown = sorted(set(raw) - _WAGE_KEYS)
    if unknown:
        raise WagesError(f"{where}: unknown key {unknown[0]!r}")
    if not isinstance(raw["country"], str) or not _COUNTRY.fullmatch(raw["country"]):
        raise WagesError(f"{where}: country must be a two-letter code like RU")
    if raw["work"] not in WORK_KINDS:
        raise WagesError(f"{where}: work must be one of {sorted(WORK_KINDS)}")
    if raw["confidence"] not in CONFIDENCE:
        raise WagesError(f"{where}: confidence must be one of {sorted(CONFIDENCE)}")
    period = raw.get("period", "month")
    if period not in ROW_PERIODS:
        raise WagesError(f"{where}: period must be one of {sorted(ROW_PERIODS)}")
    low, high = _positive(where, "low", raw["low"]), _positive(where, "high", raw["high"])
    if low > high:
        raise WagesError(f"{where}: low is above high")
    region = raw.get("region")
    if region is not None and (not isinstance(region, str) or not region.strip()):
        raise WagesError(f"{where}: region must be a name like Almaty")
    note = raw.get("note", "")
    if not isinstance(note, str):
        raise WagesError(f"{where}: note must be text")
    return WageRow(
        country=raw["country"],
        work=raw["work"],
        low=low,
        high=high,
        currency=raw["currency"],
        source=raw["source"].strip(),
        verified_on=raw["verified_on"],
        confidence=raw["confidence"],
        note=note,
        region=region.strip() if region else None,
        period=period,
    )


def _rate(index: int, raw: Any) -> Rate:
    where = _where("rate", index, raw)
    if not isinstance(raw, dict):
        raise WagesError(f"{where}: must be a table")
    _check_common(where, raw, _RATE_REQUIRED)
    unknown = sorted(set(raw) - set(_RATE_REQUIRED))
    if unknown:
        raise WagesError(f"{where}: unknown key {unknown[0]!r}")
    if raw["currency"] == "USD":
        raise WagesError(f"{where}: rates are per US dollar; USD needs no rate")
    return Rate(
        currency=raw["currency"],
        per_usd=_positive(where, "per_usd", raw["per_usd"]),
        source=raw["source"].strip(),
        verified_on=raw["verified_on"],
    )


def load_wages(data_dir: Path) -> WageTable:
    """The wage table of ``data_dir``, every row and rate checked."""
    path = data_dir / WAGES_FILE
    rows = tuple(_wage(i, raw) for i, raw in enumerate(read_entries(path, "wage", WagesError)))
    keys = (f"{r.country} {r.region or '-'} {r.work}" for r in rows)
    reject_duplicates(WAGES_FILE, "wage", keys, WagesError)
    rates = tuple(_rate(i, raw) for i, raw in enumerate(read_entries(path, "rate", WagesError)))
    reject_duplicates(WAGES_FILE, "rate", (r.currency for r in rates), WagesError)
    return WageTable(rows, rates)


@functools.cache
def default_table() -> WageTable:
    """The shipped table, read once."""
    return load_wages(DATA_DIR)


def _convert(
    table: WageTable, value: float, source: str, target: str
) -> tuple[float, tuple[Rate, ...]] | None:
    """`value` in `source` currency as `target` currency, through US dollars."""
    if source == target:
        return value, ()
    used: list[Rate] = []
    usd = value
    if source != "USD":
        rate = table.rate(source)
        if rate is None:
            return None
        usd, used = value / rate.per_usd, [rate]
    if target == "USD":
        return usd, tuple(used)
    rate = table.rate(target)
    if rate is None:
        return None
    return usd * rate.per_usd, (*used, rate)


def too_good(
    amount: Amount,
    country: str | None,
    work: str | None,
    *,
    region: str | None = None,
    table: WageTable | None = None,
) -> WageCheck | None:
    """Whether `amount`, offered as pay in `country` for `work`, is too good to be true.

    None when there is nothing sound to compare with: a fee rather than pay, an unknown
    destination, no row for it, or a currency that no stored rate converts. An amount
    with no currency is taken in the destination's currency, as adverts write it
    ("зарплата 280 000" in Russia). `work` None means "general"; `region` (a city)
    picks a regional row where there is one.
    """
    if amount.kind == "fee" or country is None:
        return None
    work = work or "general"
    if work not in WORK_KINDS:
        msg = f"work must be one of {sorted(WORK_KINDS)}, not {work!r}"
        raise ValueError(msg)
    table = table if table is not None else default_table()
    row = table.row(country.upper(), work, region)
    if row is None:
        return None
    assumptions = []
    if amount.period in _ASSUMPTION:
        assumptions.append(_ASSUMPTION[amount.period])
    currency = amount.currency
    if currency is None:
        currency = row.currency
        assumptions.append(f"no currency stated: read as {row.currency}")
    converted = _convert(table, per_month(amount.value, amount.period), currency, row.currency)
    if converted is None:
        return None
    monthly, rates = converted
    if rates:
        used = "; ".join(f"{r.per_usd:g} {r.currency} per US dollar ({r.source})" for r in rates)
        assumptions.append(f"converted from {currency}: {used}")
    limit = FACTOR * row.monthly_high
    return WageCheck(
        too_good=monthly > limit,
        monthly=monthly,
        limit=limit,
        ratio=monthly / row.monthly_high,
        row=row,
        rates=rates,
        assumptions=tuple(assumptions),
    )
