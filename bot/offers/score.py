"""From red flags to a verdict: ``low``, ``caution``, ``high`` or ``danger``.

The rule follows the ILO/EC Delphi combination rule (DOMAIN.md §1.2), which calls a
dimension positive with at least 2 strong indicators, 1 strong and 1 other, or 3
medium ones. For a job offer:

* danger:  2 strong flags, or 1 strong and any other, or 4 medium or more;
* high:    1 strong flag alone, or 3 medium (Delphi's "positive");
* caution: 1 or 2 medium flags;
* low:     no flag found. Low is not "safe": it means none of the known signs.

The score is the sum of the weights (strong 3, medium 2), reported so that two
offers of one level can still be compared.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from bot.offers.flags import BY_ID, STRONG, Flag

LEVELS = ("low", "caution", "high", "danger")


@dataclass(frozen=True)
class Verdict:
    risk: str
    score: int
    flags: tuple[tuple[Flag, str], ...]  # (flag, evidence), strongest first


def verdict(found: Mapping[str, str]) -> Verdict:
    """The verdict for flags found (flag id -> evidence); unknown ids are ignored."""
    flags = sorted(
        ((BY_ID[f], evidence) for f, evidence in found.items() if f in BY_ID),
        key=lambda pair: (-pair[0].weight, pair[0].id),
    )
    strong = sum(1 for flag, _ in flags if flag.weight >= STRONG)
    medium = len(flags) - strong
    if strong >= 2 or (strong == 1 and medium >= 1) or medium >= 4:
        risk = "danger"
    elif strong == 1 or medium >= 3:
        risk = "high"
    elif medium >= 1:
        risk = "caution"
    else:
        risk = "low"
    return Verdict(risk, sum(flag.weight for flag, _ in flags), tuple(flags))
