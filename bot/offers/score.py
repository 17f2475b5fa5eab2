"""From red flags and positive evidence to a verdict: ``low``, ``unknown``, ``caution``,
``high`` or ``danger`` (docs/labelling.md §2).

The rule follows the ILO/EC Delphi combination rule (DOMAIN.md §1.2), which calls a
dimension positive with at least 2 strong indicators, 1 strong and 1 other, or 3
medium ones. For a job offer:

* danger:  2 strong flags, or 1 strong and any medium, or 4 medium or more;
* high:    1 strong flag alone, or 3 medium (Delphi's "positive");
* caution: 1 or 2 medium flags;
* low:     no flag, and at least one piece of named positive evidence (a written
  contract before departure, a permit through the legal route, a licensed agency or
  official scheme, the employer paying the costs, a named employer with an address).
  Low is not "safe": it means none of the known signs, and something to check;
* unknown: no flag and no evidence: too little to judge.

The score is the sum of the weights (strong 3, medium 2), reported so that two
offers of one level can still be compared.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from bot.offers.flags import BY_ID, STRONG, Flag

LEVELS = ("low", "unknown", "caution", "high", "danger")  # least to most worrying
EVIDENCE = ("contract", "permit", "licensed", "employer_pays", "named_employer")


@dataclass(frozen=True)
class Verdict:
    risk: str
    score: int
    flags: tuple[tuple[Flag, str], ...]  # (flag, evidence), strongest first
    evidence: tuple[tuple[str, str], ...] = ()  # (name, words), in EVIDENCE order


def verdict(found: Mapping[str, str], evidence: Mapping[str, str] | Iterable[str] = ()) -> Verdict:
    """The verdict for flags found (flag id -> evidence words) and positive evidence
    (name -> words, or names); unknown flag ids and evidence names are ignored."""
    flags = sorted(
        ((BY_ID[f], words) for f, words in found.items() if f in BY_ID),
        key=lambda pair: (-pair[0].weight, pair[0].id),
    )
    shown = dict(evidence) if isinstance(evidence, Mapping) else dict.fromkeys(evidence, "")
    positive = tuple((name, shown[name]) for name in EVIDENCE if name in shown)
    strong = sum(1 for flag, _ in flags if flag.weight >= STRONG)
    medium = len(flags) - strong
    if strong >= 2 or (strong == 1 and medium >= 1) or medium >= 4:
        risk = "danger"
    elif strong == 1 or medium >= 3:
        risk = "high"
    elif medium >= 1:
        risk = "caution"
    elif positive:
        risk = "low"
    else:
        risk = "unknown"
    return Verdict(risk, sum(flag.weight for flag, _ in flags), tuple(flags), positive)
