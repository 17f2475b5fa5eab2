"""A case to and from its JSON form (then encrypted by the store)."""

from __future__ import annotations

import dataclasses
from typing import Any

from bot.cases.model import Case, CaseStatus, Entry

FORMAT_VERSION = 1


def to_json(case: Case) -> dict[str, Any]:
    data = dataclasses.asdict(case)
    data["status"] = case.status.value
    data["v"] = FORMAT_VERSION
    return data


def from_json(data: object) -> Case | None:
    """The case, or None for a record this version cannot read."""
    if not isinstance(data, dict) or data.get("v") != FORMAT_VERSION:
        return None
    fields = {f.name for f in dataclasses.fields(Case)}
    values = {k: v for k, v in data.items() if k in fields}
    try:
        values["status"] = CaseStatus(values["status"])
        values["thread"] = tuple(Entry(**e) for e in values.get("thread", ()))
        values["evidence"] = tuple(tuple(pair) for pair in values.get("evidence", ()))
        for name in ("indicators", "offer_flags", "held", "desk_messages"):
            values[name] = tuple(values.get(name, ()))
        return Case(**values)
    except (KeyError, TypeError, ValueError):
        return None
