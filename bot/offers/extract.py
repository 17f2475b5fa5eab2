"""Reading an offer's free text: its red flags and its positive evidence, each with the
words that show it, the destination, the pay, the kind of work and the contacts.

Words come from a lexicon by concept (bot/offers/lexicon.toml), matched through the
shared understanding layer (bot/understanding): a match that a negation covers ("no
fees", "без залога", "патент лозим нест") or that stands in a question's condition
counts for nothing, and a "safe twin" ("you keep your own passport", "оформление
бесплатно") voids the flag it denies. What words alone cannot show, code adds:

* ``fee``: an amount the worker pays (bot/offers/money/), or a purpose the worker
  pays for ("за оформление", "барои раводид") with an amount beside it;
* ``unknown_employer``: no company name anywhere (a legal form such as "ООО" or
  "LLC", a quoted name, a company's name in capitals in English): only a phone
  number, a handle, a friend's word, or nothing at all;
* ``pay_too_good``: the salary against the wage table for the destination and the
  kind of work (bot/offers/wages.py), above its limit, or above the table's high end
  when no experience is asked;
* ``excessive_hours``: 12 hours or more a day, or a 60/30 rotation with no pay stated;
* ``women_photos``: an age limit written after "girls" or "women" ("девушки 18–25");
* ``third_country``: a route through a place ("через Дубай", "via Bangkok");
* ``scam_centre``: a South-East Asian place with online, call-centre or casino work;
* ``unofficial_channel``: a job in Korea that does not name the EPS channel;
* evidence ``named_employer``: a company's name and an address with a number.

The text is read against the lexicon in bot/offers/reading.py, its parties (contacts,
employer, address, language) in bot/offers/parties.py, and what code finds in
bot/offers/signals.py; the rules that make flags and evidence of them are here.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from bot.offers import money, signals, urgency, wages
from bot.offers.contract import denies_a_fee_only, no_written_contract
from bot.offers.parties import (
    address,
    contacts,
    employer_name,
    intermediary,
    language,
    names_and_streets,
    warns_of_go_betweens,
)
from bot.offers.reading import Found, attribute_of, lexicon, prepare, read
from bot.text.normalise import normalise
from bot.understanding.match import Match

__all__ = [
    "NO_EMPLOYER",
    "Analysis",
    "Pay",
    "address",
    "analyse",
    "contacts",
    "employer_name",
    "language",
    "lexicon",
]


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
    evidence: dict[str, str] = field(default_factory=dict)  # evidence name -> words
    work: str | None = None  # a kind of work of data/wages.toml, if the text says
    employer: str | None = None  # the company's name as written, if there is one


NO_EMPLOYER = "(no company named)"  # the evidence when nothing names the employer


# Currencies that bot/offers/money/ does not read: an amount in one of them has no
# currency, and would be taken in the destination's.
_UNREAD_CURRENCY = re.compile(r"^\s*(?:baht|бат|thb|tbh|сум|sum|ksh|sh)\b", re.IGNORECASE)


@dataclass(frozen=True)
class _Offer:
    """One offer as the flag rules see it."""

    text: str
    found: Found
    employer: str | None
    contacts: tuple[str, ...]
    country: str | None
    region: str | None
    places: tuple[Match, ...]
    work: str | None
    salary: money.Amount | None

    def in_country(self, code: str) -> list[Match]:
        return [p for p in self.places if attribute_of(p.concept, "code") == code]

    def in_scam_region(self) -> list[Match]:
        """The places named in South-East Asia, where scam compounds are."""
        return [p for p in self.places if attribute_of(p.concept, "scam_region")]


def _pay_too_good(offer: _Offer, country: str | None, fee: float | None) -> str | None:
    salary = offer.salary
    if salary is None or country is None or salary.value == fee:
        return None
    if salary.currency is None and _UNREAD_CURRENCY.match(offer.text[salary.end :]):
        return None
    check = wages.too_good(salary, country, offer.work, region=offer.region)
    if check is None:
        return None
    if check.too_good or (check.ratio > 1 and offer.found.of("no_experience")):
        return salary.words
    return None


_MONTHLY = re.compile(
    r"\b(?:каждого|каждый|ҳар|хар|њар|har|each|every)\s+(?:месяц|моҳ|мох|моњ|moh|month)\w*|"
    r"ежемесячн|\bmonthly\b",
    re.IGNORECASE,
)


def _excessive_hours(offer: _Offer) -> str | None:
    # A long rotation says little when its pay is stated; without, it is a lure.
    return signals.long_hours(offer.text) or (
        signals.long_rotation(offer.text) if offer.salary is None else None
    )


def _in_name(match: Match, employer: str | None) -> bool:
    """Words of the company's own name ("Gulf Star Contracting") are not a contract."""
    return employer is not None and match.evidence in normalise(employer)


def _unknown_employer(offer: _Offer, flags: dict[str, str]) -> str | None:
    """What stands in for a company's name: only a number, a handle, a friend's word, or
    nothing at all to check (docs/labelling.md §2, as the independent authors read it).
    A state scheme or a licensed agency named is someone to check, unless the scheme's
    name is used by someone selling places in it for a fee."""
    sold = {"unofficial_channel", "fee"} <= flags.keys()
    if offer.employer is not None or (offer.found.of("licensed") and not sold):
        return None
    messenger = offer.found.first("contact_word")
    if offer.contacts:
        return offer.contacts[0]
    if messenger is not None:
        return messenger.evidence
    return flags.get("personal_recruiter", NO_EMPLOYER)


def _flags(offer: _Offer) -> dict[str, str]:
    found = offer.found
    flags: dict[str, str] = {}
    for match in found.of_kind("flag"):
        flags.setdefault(match.concept, match.evidence)
    fee = signals.fee(offer.text, found)
    if fee is not None:
        flags.setdefault("fee", fee[0])
    # Work in the war zone is paid as in Russia: compare it with the Russian rows.
    paid_in = offer.country or ("RU" if "military" in flags else None)
    rules: dict[str, Callable[[], str | None]] = {
        "women_photos": lambda: signals.age_limit(found),
        "third_country": lambda: signals.third_country(found, list(offer.places)),
        "pay_too_good": lambda: _pay_too_good(offer, paid_in, fee[1] if fee else None),
        "excessive_hours": lambda: _excessive_hours(offer),
        "pressure": lambda: urgency.pressure(offer.text),
        "wages_held": lambda: signals.rare_pay(offer.text),
        "unlicensed_agency": lambda: intermediary(offer.text),
        "no_contract": lambda: no_written_contract(offer.text),
    }
    # "Pay at the end of each month" is a monthly wage, not one held to the end.
    if "wages_held" in flags and _MONTHLY.search(offer.text):
        del flags["wages_held"]
    if "unlicensed_agency" in flags and warns_of_go_betweens(offer.text):
        del flags["unlicensed_agency"]
    if "no_contract" in flags and denies_a_fee_only(offer.text):
        del flags["no_contract"]
    for flag, rule in rules.items():
        if flag not in flags:
            evidence = rule()
            if evidence:
                flags[flag] = evidence
    asia, work_there = offer.in_scam_region(), found.first("scam_work")
    if asia and work_there is not None and "scam_centre" not in flags:
        flags["scam_centre"] = f"{asia[0].evidence} … {work_there.evidence}"
    if "unknown_employer" not in flags:
        unknown = _unknown_employer(offer, flags)
        if unknown is not None:
            flags["unknown_employer"] = unknown
    # Korea hires only through the state EPS channel: a Korean job that does not name
    # it (or names it to say "without") is outside it.
    korea = offer.in_country("KR")
    if korea and not found.of("licensed") and "unofficial_channel" not in flags:
        flags["unofficial_channel"] = korea[0].evidence
    return flags


@functools.cache
def scam_region_codes() -> frozenset[str]:
    """The codes of the places where scam compounds are (South-East Asia)."""
    concepts = lexicon().concepts.values()
    return frozenset(c.attributes["code"] for c in concepts if c.attributes.get("scam_region"))


def _evidence(found: Found, employer: str | None, street: str | None) -> dict[str, str]:
    evidence: dict[str, str] = {}
    for match in found.of_kind("evidence"):
        # A state agency's name is its evidence; a contractor's name is not a contract.
        if match.concept == "licensed" or not _in_name(match, employer):
            evidence.setdefault(match.concept, match.evidence)
    if employer is not None and street is not None:
        evidence["named_employer"] = f"{employer}, {street}"
    return evidence


def analyse(text: str, languages: Iterable[str] = ("tg", "ru", "en")) -> Analysis:
    """Everything the text says about the offer's risks and its safeguards."""
    found = read(prepare(text))
    named = names_and_streets(text)
    country, region, places = signals.destination(found, lambda place: place.evidence in named)
    offer = _Offer(
        text=text,
        found=found,
        employer=employer_name(text),
        contacts=contacts(text),
        country=country,
        region=region,
        places=tuple(places),
        work=signals.work(found),
        salary=money.salary(text),
    )
    salary = offer.salary
    pay = None
    if salary is not None and salary.currency is not None:
        pay = Pay(salary.value, salary.currency)
    return Analysis(
        language=language(text, languages, found.matches),
        flags=_flags(offer),
        destination=country,
        pay=pay,
        contacts=offer.contacts,
        evidence=_evidence(found, offer.employer, address(text)),
        work=offer.work,
        employer=offer.employer,
    )
