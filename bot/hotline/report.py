"""A hotline report from the report flow's answers: its indicators and its priority.

The closed questions map onto the ILO indicators that triage also finds in free text
(bot/hotline/lexicon.toml), so the answers and the person's own words meet in one set
and one rule (``priority_of``). A report always reaches a person: with no indicator it
is P4, information, because the reporter asked for a caseworker.
"""

from __future__ import annotations

from collections.abc import Mapping

from bot.hotline.triage import priority_of, triage

PREFIX = "r_"  # the report flow's private variables (flows/report.toml)
SKIP = "0"  # typed instead of an answer to skip a free-text question
# The closed "what is happening" answers, each a concept of bot/hotline/lexicon.toml.
CLOSED_INDICATORS = (
    "documents_taken",
    "unpaid",
    "debt",
    "locked_in",
    "threat",
    "violence",
    "forced",
    "child",
)
ANSWER = "answer"  # the evidence of an indicator chosen from a closed question


def typed(answers: Mapping[str, str], name: str) -> str:
    """A free-text answer, or "" when it was skipped."""
    value = answers.get(name, "").strip()
    return "" if value == SKIP else value


def report_indicators(answers: Mapping[str, str]) -> dict[str, str]:
    """Indicator -> evidence: "answer" for a closed answer, the words for free text."""
    found = {name: ANSWER for name in CLOSED_INDICATORS if answers.get(f"r_i_{name}") == "yes"}
    if answers.get("r_safe") == "danger" or answers.get("r_now") == "yes":
        found["danger_now"] = ANSWER
    text = typed(answers, "r_text")
    if text:
        for name, evidence in triage(text).indicators.items():
            found.setdefault(name, evidence)
    return found


def is_past(answers: Mapping[str, str]) -> bool:
    """Over, by the person's answer; by their words only when they did not answer."""
    if answers.get("r_safe") == "danger" or answers.get("r_now") == "yes":
        return False
    if answers.get("r_when") == "now":
        return False
    if answers.get("r_when") == "over":
        return True
    text = typed(answers, "r_text")
    return bool(text) and triage(text).past


def report_priority(answers: Mapping[str, str]) -> str:
    priority = priority_of(set(report_indicators(answers)), past=is_past(answers))
    return "P4" if priority == "none" else priority


def report_uncertain(answers: Mapping[str, str]) -> bool:
    """Only the statistical net raised the words' priority, and no answer confirms it."""
    text = typed(answers, "r_text")
    if not text or not triage(text).uncertain:
        return False
    closed = {name for name, evidence in report_indicators(answers).items() if evidence == ANSWER}
    return priority_of(closed, past=is_past(answers)) in ("none", "P3", "P4")
