"""Emergency and help contacts, read from ``data/contacts.toml``.

Every entry carries where its number was found and when that was checked; nothing is
listed without a source (DOMAIN.md §4.5 explains why: published hotlines go dark). An
entry older than ``contacts.max_age_days`` is still shown, with its date and a note to
double-check, because an old number beats no number in an emergency.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.content.datafile import read_entries, reject_duplicates

CONTACTS_FILE = "contacts.toml"
STATUSES = frozenset({"active", "unverified", "retired"})
CONFIDENCE = frozenset({"high", "medium", "low"})
_PHONE = re.compile(r"^\+?[0-9][0-9 ()-]{1,24}[0-9]$")
_REQUIRED = ("id", "country", "name", "phone", "source", "verified_on", "status", "confidence")
_KEYS = frozenset({*_REQUIRED, "emergency", "note", "city"})


class ContactsError(ValueError):
    """The contacts file has a fault; the message names the entry."""


@dataclass(frozen=True)
class HelpContact:
    id: str
    country: str  # ISO 3166-1 alpha-2
    name: str  # an English gettext message id
    phone: str
    source: str
    verified_on: dt.date
    status: str
    confidence: str
    emergency: bool = False
    city: str | None = None  # shown as written (a proper name), e.g. "Yekaterinburg"

    def is_stale(self, today: dt.date, max_age_days: int) -> bool:
        return (today - self.verified_on).days > max_age_days

    @property
    def shown(self) -> bool:
        """Only active entries of at least medium confidence reach users."""
        return self.status == "active" and self.confidence in {"high", "medium"}


def _entry(index: int, raw: Any) -> HelpContact:
    where = f"{CONTACTS_FILE}: contact #{index + 1}"
    if not isinstance(raw, dict):
        raise ContactsError(f"{where}: must be a table")
    where = f"{CONTACTS_FILE}: contact {raw.get('id', '#' + str(index + 1))!r}"
    missing = [key for key in _REQUIRED if not raw.get(key)]
    if missing:
        raise ContactsError(f"{where}: missing {', '.join(missing)}")
    unknown = sorted(set(raw) - _KEYS)
    if unknown:
        raise ContactsError(f"{where}: unknown key {unknown[0]!r}")
    if not isinstance(raw["verified_on"], dt.date) or isinstance(raw["verified_on"], dt.datetime):
        raise ContactsError(f"{where}: verified_on must be a date like 2026-11-01")
    if raw["status"] not in STATUSES:
        raise ContactsError(f"{where}: status must be one of {sorted(STATUSES)}")
    if raw["confidence"] not in CONFIDENCE:
        raise ContactsError(f"{where}: confidence must be one of {sorted(CONFIDENCE)}")
    if not isinstance(raw["phone"], str) or not _PHONE.match(raw["phone"]):
        raise ContactsError(f"{where}: phone {raw['phone']!r} is not a phone number")
    country = raw["country"]
    if not isinstance(country, str) or not re.fullmatch(r"[A-Z]{2}", country):
        raise ContactsError(f"{where}: country must be a two-letter code like TJ")
    return HelpContact(
        id=str(raw["id"]),
        country=country,
        name=str(raw["name"]),
        phone=raw["phone"],
        source=str(raw["source"]),
        verified_on=raw["verified_on"],
        status=raw["status"],
        confidence=raw["confidence"],
        emergency=bool(raw.get("emergency", False)),
        city=str(raw["city"]) if raw.get("city") else None,
    )


def load_contacts(data_dir: Path) -> tuple[HelpContact, ...]:
    entries = read_entries(data_dir / CONTACTS_FILE, "contact", ContactsError)
    contacts = tuple(_entry(i, raw) for i, raw in enumerate(entries))
    reject_duplicates(CONTACTS_FILE, "contact", (c.id for c in contacts), ContactsError)
    return contacts


def emergency_contacts(contacts: Sequence[HelpContact]) -> list[HelpContact]:
    return [c for c in contacts if c.emergency and c.shown]


def directory(contacts: Sequence[HelpContact], country: str) -> list[HelpContact]:
    """A country's contacts for the help directory: active ones, surest first.

    Low-confidence numbers appear here (never in the emergency list): a migrant with a
    wage dispute is better served by a number that may be busy than by none; their
    names say what is known about them.
    """
    order = {"high": 0, "medium": 1, "low": 2}
    found = [c for c in contacts if c.country == country and c.status == "active"]
    # Country-wide numbers first, then by city; surest first within each.
    return sorted(found, key=lambda c: (c.city or "", order[c.confidence], not c.emergency))
