"""One offer's text to its verdict: the words' flags and evidence, the rule of levels,
then the statistical net, which may only raise ``low`` or ``unknown`` to ``caution``."""

from __future__ import annotations

from dataclasses import dataclass

from bot.offers.extract import Analysis, analyse
from bot.offers.net import raised
from bot.offers.score import Verdict, verdict


@dataclass(frozen=True)
class Assessment:
    analysis: Analysis
    verdict: Verdict  # from the words alone
    risk: str  # the verdict's risk, or caution where the net raised it
    net: bool  # the net raised it: no flag names the reason

    @property
    def rules_risk(self) -> str:
        return self.verdict.risk


def assess(text: str, *, net: bool = True) -> Assessment:
    """The verdict on an offer; ``net=False`` gives the words alone (for tuning them)."""
    analysis = analyse(text)
    result = verdict(analysis.flags, analysis.evidence)
    risk = raised(text, result.risk) if net else result.risk
    return Assessment(analysis, result, risk, risk != result.risk)
