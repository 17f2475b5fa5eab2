"""Which content is due for a re-check: topics and contacts by their verified-on date."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from bot.content.contacts import HelpContact
from bot.content.topics import Topic


@dataclass(frozen=True)
class Stale:
    kind: str  # "topic" or "contact"
    id: str
    verified_on: dt.date
    age_days: int
    sources: tuple[str, ...]


def stale_items(
    topics: Sequence[Topic], contacts: Sequence[HelpContact], today: dt.date, max_age_days: int
) -> list[Stale]:
    """Everything checked more than ``max_age_days`` ago, oldest first."""
    found = [
        Stale("topic", t.id, t.verified_on, (today - t.verified_on).days, t.sources) for t in topics
    ]
    found += [
        Stale("contact", c.id, c.verified_on, (today - c.verified_on).days, (c.source,))
        for c in contacts
        if c.status != "retired"
    ]
    return sorted(
        (s for s in found if s.age_days > max_age_days), key=lambda s: (-s.age_days, s.kind, s.id)
    )
