"""The statistical safety net behind the offer check's words: it may raise ``low`` or
``unknown`` to ``caution``, never lower a verdict and never name a flag.

The model (bot/understanding/models/offers.json) is trained by
``python -m bot.understanding.train offers`` on the dev split; its threshold was chosen
on out-of-fold predictions so that few offers labelled low or unknown are raised.
Without a model file the words stand alone.
"""

from __future__ import annotations

from pathlib import Path

from bot.understanding.net import NgramNet

MODEL = Path(__file__).parent.parent / "understanding" / "models" / "offers.json"
RAISES = frozenset({"low", "unknown"})  # the verdicts the net may lift
RAISED_TO = "caution"


def net_caution(text: str, model: Path = MODEL) -> bool:
    """Whether the net reads the text as at least worth caution."""
    if not model.exists() or not text.strip():
        return False
    net = NgramNet.load(model)
    return net.raised(net.probabilities(text)) == RAISED_TO


def raised(text: str, risk: str, model: Path = MODEL) -> str:
    """The words' verdict, or ``caution`` when it was low or unknown and the net disagrees."""
    if risk in RAISES and net_caution(text, model):
        return RAISED_TO
    return risk
