"""Urgency triage of a hotline message: P1, P2, P3, P4 or none (docs/labelling.md §1).

* P1 immediate danger: violence, threats to life, weapons, injury, no water or food,
  confinement, a child in an exploitative situation, sexual exploitation, a cry for
  rescue. Emergency numbers are shown at once.
* P2 ongoing exploitation: documents held, unpaid wages, debt, fines, phone taken,
  watched, forced, excessive hours, sold, non-violent threats, a missing adult.
* P3 past exploitation (the person says it is over), deception, a tip.
* P4 information: a migration question with no sign of exploitation.
* none: spam or off-topic.

The words come from a lexicon by concept (bot/hotline/lexicon.toml) matched with
their forms (bot/understanding). A sign that is denied ("nobody hits me") or asked
about ("what if they take my passport?") does not count; one that is over counts as
past. The statistical net (bot/understanding/net.py) may then raise the priority,
never lower it; ``uncertain`` says that only the net saw it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from bot.hotline.net import raised
from bot.text.language import detect_from_text
from bot.understanding import context
from bot.understanding.lexicon import load
from bot.understanding.match import Reading

LEXICON = Path(__file__).with_name("lexicon.toml")

# "danger_now" is the report flow's own answer "I am in danger now"; no word shows it.


def _level(level: str) -> frozenset[str]:
    concepts = load(LEXICON).concepts.values()
    return frozenset(c.name for c in concepts if c.attributes.get("level") == level)


P1_INDICATORS = _level("P1") | {"child", "danger_now"}
P2_INDICATORS = _level("P2") | {"excessive_hours"}
_TIP_SIGNS = frozenset({"taken_away", "sold", "missing"})
PRIORITIES = ("P1", "P2", "P3", "P4", "none")
URGENCY = {level: rank for rank, level in enumerate(PRIORITIES)}

# An age under 18: "16 лет", "15 сола", "14 years", or a son or daughter "is 16".
_MINOR_AGE = re.compile(
    r"\b(?:1[0-7]|[1-9])\s*-?\s*(?:лет|года?|сола\w*|years?|yo|y\.o\.|let|sola\w*)(?!\w)|"
    r"\b(?:i'?m|i am|мне|ман)\s+(?:1[0-7]|[1-9])\b|"
    r"(?:сын|дочь|дочк|son|daughter|писар|духтар|ребён|ребен|child|girl|boy|девоч|мальчик|"
    r"nephew|niece|племянни|ҷиян|чиян|бача|bacha|pisar|dukhtar|syn|doch|sister|brother|"
    r"сестр|брат|хоҳар|хохар|бародар)"
    r"\w*\D{0,20}?\b(?:1[0-7]|[1-9])\b(?!\s*(?:дн|рӯз|руз|day|час|соат|hour|мес|моҳ|week))",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Triage:
    priority: str
    indicators: dict[str, str]  # indicator -> the words that showed it
    language: str | None
    past: bool
    plea: bool = False  # asks for help in so many words ("помогите", "ёрдам")
    uncertain: bool = False  # only the statistical net raised the priority
    denied: dict[str, str] = field(default_factory=dict)  # signs the message denies


@dataclass
class _Signs:
    """What a message says, sorted by how it says it."""

    current: dict[str, str] = field(default_factory=dict)
    earlier: dict[str, str] = field(default_factory=dict)
    denied: dict[str, str] = field(default_factory=dict)
    asked: dict[str, str] = field(default_factory=dict)  # in a condition or a question


def _sort(reading: Reading, frame: context.Frame) -> _Signs:
    signs = _Signs()
    concepts = load(LEXICON).concepts
    for match in reading.find(load(LEXICON)):
        attributes = concepts[match.concept].attributes
        if attributes.get("negated"):
            # A concept whose words are its denial ("не выпускают"): only the denial counts,
            # as the indicator it names.
            if match.negated and not frame.hypothetical(match):
                signs.current.setdefault(attributes.get("means", match.concept), match.evidence)
            continue
        if match.negated:
            found = signs.denied
        elif frame.hypothetical(match):
            found = signs.asked
        elif attributes.get("past_is_over") and match.past:
            found = signs.earlier
        elif frame.is_current(match, danger=attributes.get("level") == "P1"):
            found = signs.current
        else:
            found = signs.earlier
        found.setdefault(match.concept, match.evidence)
    return signs


def _combine(text: str, signs: _Signs, frame: context.Frame) -> None:
    """Signs that only make sense together: hours, a child's age, deception, tips."""
    current = signs.current
    hours = signs.earlier if frame.over or frame.earlier else current
    for name, evidence in _hours(text).items():
        hours.setdefault(name, evidence)
    minor = _MINOR_AGE.search(text)
    if minor is not None:
        current.setdefault("child", minor.group(0))
    # A child is an emergency when something happens to them, not when one is named.
    if set(current) <= {"child"}:
        current.pop("child", None)
    # Money paid and the agent unreachable: deception, not a missing person.
    if "deceived" in current:
        current.pop("missing", None)
    # A tip about others: someone "takes girls to Dubai" is what the tip reports.
    if "tip" in current and set(current) & P2_INDICATORS <= _TIP_SIGNS:
        for name in _TIP_SIGNS:
            current.pop(name, None)


def triage(
    text: str, languages: tuple[str, ...] = ("tg", "ru", "en"), *, net: bool = True
) -> Triage:
    """The priority of a message; ``net=False`` gives the rules alone (for tuning them)."""
    reading = Reading(text)
    frame = context.read(reading)
    signs = _sort(reading, frame)
    _combine(text, signs, frame)
    current, earlier = signs.current, signs.earlier
    redress = current.pop("redress", None) or earlier.pop("redress", None)
    priority = _priority(current, earlier, frame, asked=bool(signs.asked or redress))
    net_priority = raised(text, priority) if net else priority
    return Triage(
        net_priority,
        current or earlier,
        detect_from_text(text, languages),
        past=not current and bool(earlier or frame.over),
        plea=frame.plea,
        uncertain=net_priority != priority,
        denied=signs.denied,
    )


def _priority(
    current: dict[str, str], earlier: dict[str, str], frame: context.Frame, *, asked: bool
) -> str:
    level = priority_of(set(current), past=False)
    if level != "none":
        return level
    if earlier or {"deceived", "tip"} & set(current):
        return "P3"
    if frame.over and asked:
        return "P3"  # it is over and they want redress
    if frame.plea and not (frame.information or asked):
        return "P2"  # a plea with nothing else: in doubt, someone reads it today
    return "P4" if frame.information or asked else "none"


# 12 hours a day or more ("по 15 часов", "16 соат", "14 hours a day").
_HOURS = re.compile(
    r"(?<!\d)(?:1[2-9]|2[0-4])\s*(?:-\s*\d+\s*)?(?:часов|часа|ч\b|соат|soat|hours?|hrs?)",
    re.IGNORECASE,
)


def _hours(text: str) -> dict[str, str]:
    found = _HOURS.search(text)
    return {"excessive_hours": found.group(0)} if found else {}


def priority_of(indicators: set[str], *, past: bool) -> str:
    """The priority that indicators show: P1, P2 or P3; "none" when there are none."""
    if indicators & P1_INDICATORS and not past:
        return "P1"
    if indicators & P2_INDICATORS and not past:
        return "P2"
    return "P3" if indicators else "none"
