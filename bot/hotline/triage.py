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
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from bot.hotline.net import raised
from bot.text.language import detect_from_text
from bot.understanding import context
from bot.understanding.lexicon import load
from bot.understanding.match import Match, Reading

LEXICON = Path(__file__).with_name("lexicon.toml")

# "danger_now" is the report flow's own answer "I am in danger now"; no word shows it.


def _level(level: str) -> frozenset[str]:
    concepts = load(LEXICON).concepts.values()
    return frozenset(c.name for c in concepts if c.attributes.get("level") == level)


P1_INDICATORS = _level("P1") | {"child", "danger_now"}
P2_INDICATORS = _level("P2") | {"excessive_hours"}
# What a tip about strangers reports. A missing relative is not a tip: "my brother left
# with a recruiter and has not called since" is a missing adult (P2, labelling §1).
_TIP_SIGNS = frozenset({"taken_away", "sold"})
PRIORITIES = ("P1", "P2", "P3", "P4", "none")
URGENCY = {level: rank for rank, level in enumerate(PRIORITIES)}

# An age under 18: "16 лет", "15 сола", "14 years", or a son or daughter "is 16".
_MINOR_AGE = re.compile(
    # An age, not a span of time: "ему 15 лет", "15 years old", "15 сола"; not "after 2
    # years", "ban for 5 years", "на 3 года", "2 года назад".
    r"(?<!на )(?<!через )(?<!за )(?<!after )(?<!for )(?<!within )(?<!in )"
    r"\b(?:1[0-7]|[1-9])\s*-?\s*(?:лет|года?|сола\w*|years?|yo|y\.o\.|let|sola\w*)(?!\w)"
    r"(?!\s*(?:назад|спустя|ago|later|pesh|пеш|қаблан))|"
    r"\b(?:i'?m|i am|мне|ман)\s+(?:1[0-7]|[1-9])\b|"
    r"(?:сын|дочь|дочк|son|daughter|писар|духтар|ребён|ребен|child|girl|boy|девоч|мальчик|"
    r"nephew|niece|племянни|ҷиян|чиян|бача|bacha|pisar|dukhtar|syn|doch|sister|brother|"
    r"сестр|брат|хоҳар|хохар|бародар)"
    r"\w*\D{0,20}?\b(?:1[0-7]|[1-9])\b(?!\s*(?:дн|рӯз|руз|day|час|соат|hour|мес|моҳ|week))",
    re.IGNORECASE,
)


_RELATIVE = re.compile(
    r"(?:сын|дочь|дочк|брат|сестр|муж\b|мужа|жена|жену|отец|отца|племянни|"
    r"писар|духтар|бародар|хоҳар|хохар|шавҳар|шавхар|ҷиян|чиян|падар|"
    r"\bson\b|daughter|brother|sister|husband|wife|father|nephew|niece|cousin|"
    r"\bbrat\b|sestr|\bsyn\b|bodar|bародар|barodar|pisar|dukhtar|shavhar|shavkhar)",
    re.IGNORECASE,
)


_FIRST_PERSON = re.compile(
    r"\b(?:меня|мне|нас|нам|мы|i|me|us|we|my|маро|моро|ман|мо|mara|mora|man|meni)\b",
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
        name = match.concept
        if attributes.get("negated"):
            # A concept whose words are its denial ("не выпускают"): only the denial counts,
            # as the indicator it names, read for tense like any other sign ("её полгода
            # не выпускали", and she is back: past).
            if not match.negated:
                continue
            name = attributes.get("means", match.concept)
            attributes = concepts[name].attributes if name in concepts else attributes
            found = (
                signs.asked if frame.hypothetical(match) else _when(match, attributes, frame, signs)
            )
            found.setdefault(name, match.evidence)
            continue
        if match.negated:
            found = signs.denied
        elif frame.hypothetical(match):
            found = signs.asked
        else:
            found = _when(match, attributes, frame, signs)
        found.setdefault(name, match.evidence)
    return signs


def _when(
    match: Match, attributes: Mapping[str, object], frame: context.Frame, signs: _Signs
) -> dict[str, str]:
    """Where a real, undenied sign goes: happening now, or earlier."""
    if attributes.get("past_is_over") and match.past:
        return signs.earlier
    if frame.is_current(match, danger=attributes.get("level") == "P1"):
        return signs.current
    return signs.earlier


_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+|\n+")


def _child_in_danger(text: str) -> bool:
    """Whether a sign stands in the sentence naming a child or the one after it ("My
    daughter is 14. She left with a woman…"). A child named as whose parent the writer
    is ("ман модари ду кӯдак", "the father of my children") is not one in danger."""
    sentences = [s for s in _SENTENCE_END.split(_PARENT_OF.sub(" ", text)) if s.strip()]
    if len(sentences) < 2:
        return True
    children, signed = set(), set()
    # Once an age under 18 is given, "сын" or "she" later on is that child.
    minor = _MINOR_AGE.search(text) is not None
    for at, sentence in enumerate(sentences):
        reading = Reading(sentence)
        named = set(_sort(reading, context.read(reading)).current)
        kin = minor and _RELATIVE.search(sentence) is not None
        if "child" in named or kin or _MINOR_AGE.search(sentence):
            children.add(at)
        if named - {"child", "tip"}:
            signed.add(at)
    return any(at in signed or at + 1 in signed for at in children)


_PARENT_OF = re.compile(
    r"\b(?:модари|падари|modari|padari|мать|отец|mother of|father of)\s+(?:\w+\s+)?"
    r"(?:кӯдак|кудак|kudak|фарзанд|farzand|бача|bacha|детей|ребёнка|ребенка|"
    r"(?:my\s+)?(?:children|kids))\w*",
    re.IGNORECASE,
)


def _combine(text: str, signs: _Signs, frame: context.Frame) -> None:
    """Signs that only make sense together: hours, a child's age, deception, tips."""
    current = signs.current
    hours = signs.earlier if frame.over or frame.earlier else current
    for name, evidence in _hours(text).items():
        hours.setdefault(name, evidence)
    minor = _MINOR_AGE.search(text)
    if minor is not None:
        current.setdefault("child", minor.group(0))
    # A child is an emergency when something happens to them, not when one is named:
    # a sign must stand in the same sentence as the child ("Ман модари ду кӯдак
    # ҳастам. Хӯҷаин таҳдид мекунад…" is a threat to the mother).
    if "child" in current and (set(current) <= {"child"} or not _child_in_danger(text)):
        current.pop("child", None)
    # Money paid and the agent unreachable: deception, not a missing person; but a
    # relative out of contact is missing whatever else happened (labelling §1, P2).
    if "deceived" in current and not _RELATIVE.search(text):
        current.pop("missing", None)
    # A tip about others: someone "takes girls to Dubai" is what the tip reports.
    if "tip" in current and set(current) & P2_INDICATORS <= _TIP_SIGNS:
        for name in _TIP_SIGNS:
            current.pop(name, None)
    # A channel recruiting girls "for a sauna" reported as a tip, with no victim the
    # writer knows (no relative, not themselves): a tip, not a rescue (labelling §1, P3).
    known_victim = _RELATIVE.search(text) or _FIRST_PERSON.search(text)
    if "tip" in current and set(current) & P1_INDICATORS == {"sexual"} and not known_victim:
        current.pop("sexual")


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
    signs.asked.pop("redress", None)
    priority = _priority(current, earlier, frame, asked=bool(signs.asked), redress=bool(redress))
    # Character n-grams cannot read "not": a question whose only signs are denied ("I'm
    # not locked in and nobody hits me, I want to change employer") stays information.
    only_denied = priority == "P4" and bool(signs.denied) and not (current or earlier)
    net_priority = raised(text, priority) if net and not only_denied else priority
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
    current: dict[str, str],
    earlier: dict[str, str],
    frame: context.Frame,
    *,
    asked: bool,
    redress: bool,
) -> str:
    level = priority_of(set(current), past=False)
    if level != "none":
        return level
    if earlier or {"deceived", "tip"} & set(current):
        return "P3"
    if frame.over and redress:
        return "P3"  # it is over and they want redress
    # "What if they take my passport? All is fine now, I ask ahead": information.
    if frame.plea and not (frame.information or asked or redress):
        return "P2"  # a plea with nothing else: in doubt, someone reads it today
    return "P4" if frame.information or asked or redress else "none"


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
