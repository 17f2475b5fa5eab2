"""Urgency triage of a hotline message: P1, P2, P3, P4 or none (DOMAIN.md §6.2).

* P1 immediate danger: a threat to life, violence, locked in, a child, sexual
  exploitation. Emergency numbers are shown at once.
* P2 ongoing exploitation: documents held, unpaid wages, debt, phone taken, watched,
  forced, sold, threatened.
* P3 past exploitation (the person says it is over) or deception: wants help.
* P4 information: a migration question with no sign of exploitation.
* none: spam or off-topic.

Missing a P1 is the worst error, so the rule leans towards P1: any P1 indicator
makes P1 unless the message also says it is over and does not say "now".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.hotline.indicators import INDICATORS, INFORMATION, NOW, PAST
from bot.text.language import detect_from_text
from bot.text.patterns import Words, compile_patterns

# "danger_now" is the report flow's own answer "I am in danger now"; no word shows it.
P1_INDICATORS = frozenset(
    {"threat_to_life", "violence", "locked_in", "child", "sexual", "danger_now"}
)
P2_INDICATORS = frozenset(
    {"documents_taken", "unpaid", "debt", "phone_taken", "watched", "forced", "sold", "threat"}
)
PRIORITIES = ("P1", "P2", "P3", "P4", "none")

_INDICATORS = {name: compile_patterns(patterns) for name, patterns in INDICATORS.items()}
_PAST, _NOW, _INFORMATION = (compile_patterns(p) for p in (PAST, NOW, INFORMATION))


# An age under 18: "16 лет", "15 сола", "14 years", or a son or daughter "is 16".
_MINOR_AGE = re.compile(
    r"\b(?:1[0-7]|[1-9])\s*-?\s*(?:лет|года?|сола|солаш|years?|yo)\b|"
    r"(?:сын|дочь|дочк|son|daughter|писар|духтар|ребён|ребен|child|girl|boy|девоч|мальчик)"
    r"\w*\D{0,20}?\b(?:1[0-7]|[1-9])\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Triage:
    priority: str
    indicators: dict[str, str]  # indicator -> the words that showed it
    language: str | None
    past: bool


def triage(text: str, languages: tuple[str, ...] = ("tg", "ru", "en")) -> Triage:
    found = Words(text)
    indicators = {}
    for name, compiled in _INDICATORS.items():
        evidence = found.find(compiled)
        if evidence is not None:
            indicators[name] = evidence
    minor = _MINOR_AGE.search(text)
    if minor is not None:
        indicators.setdefault("child", minor.group(0))
    said_past, said_now = found.find(_PAST), found.find(_NOW)
    # "now" inside a phrase that says it is over ("сейчас я дома") does not count.
    past = said_past is not None and (said_now is None or said_now in said_past)
    priority = priority_of(set(indicators), past=past)
    if priority == "none" and found.find(_INFORMATION) is not None:
        priority = "P4"
    return Triage(priority, indicators, detect_from_text(text, languages), past)


def priority_of(indicators: set[str], *, past: bool) -> str:
    """The priority that indicators show: P1, P2 or P3; "none" when there are none."""
    if indicators & P1_INDICATORS and not past:
        return "P1"
    if indicators & P2_INDICATORS and not past:
        return "P2"
    return "P3" if indicators else "none"
