"""Licensed agencies (``data/agencies.toml``): loading, CSV import and fuzzy matching.

People write an agency's name many ways: Cyrillic or Latin, with or without "ООО",
"LLC", "ҶДММ" or "агентство", with typos. Names are compared through the normaliser's
skeleton with the legal-form words removed; a close enough match (see MATCH_RATIO)
counts. With no match, or an empty list, Safar says it cannot confirm the licence.
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from bot.content.datafile import read_entries
from bot.text.normalise import skeleton

AGENCIES_FILE = "agencies.toml"
MATCH_RATIO = 0.85  # 1.0 is identical; 0.85 allows a letter or two in a short name
_LEGAL_FORMS = frozenset(
    skeleton(w)
    for w in """
    ооо ип зао оао ао llc ltd inc co company компания агентство агентии агентӣ agency
    ҷдмм чдмм ширкати ширкат бюро bureau group групп
    """.split()
)


class AgenciesError(ValueError):
    """An agency entry or import row has a fault; the message says which."""


@dataclass(frozen=True)
class Agency:
    name: str
    licence: str
    source: str
    verified_on: dt.date
    aliases: tuple[str, ...] = ()


def key(name: str) -> str:
    """A name's matching key: skeleton, without legal-form words."""
    return " ".join(w for w in skeleton(name).split() if w not in _LEGAL_FORMS)


def _agency(where: str, raw: dict[str, object]) -> Agency:
    for field in ("name", "licence", "source"):
        if not isinstance(raw.get(field), str) or not str(raw[field]).strip():
            raise AgenciesError(f"{where}: {field!r} is required (no agency without a source)")
    verified = raw.get("verified_on")
    if isinstance(verified, str):
        try:
            verified = dt.date.fromisoformat(verified.strip())
        except ValueError as error:
            raise AgenciesError(f"{where}: verified_on must be a date like 2026-11-01") from error
    if not isinstance(verified, dt.date):
        raise AgenciesError(f"{where}: verified_on must be a date like 2026-11-01")
    aliases = raw.get("aliases", [])
    if isinstance(aliases, str):
        aliases = [a.strip() for a in aliases.split(";") if a.strip()]
    if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
        raise AgenciesError(f"{where}: aliases must be a list of names")
    return Agency(
        str(raw["name"]).strip(),
        str(raw["licence"]).strip(),
        str(raw["source"]).strip(),
        verified,
        tuple(aliases),
    )


def load_agencies(data_dir: Path) -> tuple[Agency, ...]:
    entries = read_entries(data_dir / AGENCIES_FILE, "agency", AgenciesError, required=False)
    return tuple(_agency(f"{AGENCIES_FILE}: agency #{i + 1}", raw) for i, raw in enumerate(entries))


def read_csv(path: Path) -> tuple[Agency, ...]:
    """Rows with name, licence, source, verified_on and optional aliases ("a; b")."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return tuple(
        _agency(f"{path.name}: line {number}", dict(row))
        for number, row in enumerate(rows, start=2)
    )


def to_toml(agencies: Iterable[Agency]) -> str:
    def quoted(text: str) -> str:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'

    blocks = []
    for agency in agencies:
        aliases = ", ".join(quoted(a) for a in agency.aliases)
        blocks.append(
            "\n".join(
                [
                    "[[agency]]",
                    f"name = {quoted(agency.name)}",
                    f"aliases = [{aliases}]",
                    f"licence = {quoted(agency.licence)}",
                    f"source = {quoted(agency.source)}",
                    f"verified_on = {agency.verified_on.isoformat()}",
                ]
            )
        )
    return "\n\n".join(blocks) + ("\n" if blocks else "")


def match(agencies: Sequence[Agency], name: str) -> Agency | None:
    """The listed agency ``name`` most likely means, if any is close enough."""
    wanted = key(name)
    if not wanted:
        return None
    best, best_ratio = None, 0.0
    for agency in agencies:
        for candidate in (agency.name, *agency.aliases):
            ratio = difflib.SequenceMatcher(None, wanted, key(candidate)).ratio()
            if ratio > best_ratio:
                best, best_ratio = agency, ratio
    return best if best_ratio >= MATCH_RATIO else None
