"""The statistical safety net behind triage's rules: it may raise a priority, never lower it.

The model (bot/understanding/models/triage.json) is trained by
``python -m bot.understanding.train triage`` on the dev split; its thresholds were
chosen on out-of-fold predictions. Without a model file the rules stand alone.
"""

from __future__ import annotations

from pathlib import Path

from bot.understanding.net import NgramNet

MODEL = Path(__file__).parent.parent / "understanding" / "models" / "triage.json"
# The net only lifts a message into a level that needs a person (P1-P3); telling
# information from spam is left to the rules.
RAISES_TO = ("P1", "P2", "P3")
_ORDER = ("P1", "P2", "P3", "P4", "none")
# A message of a word or three is a search or an answer ("passport", "виза Туркия"):
# the net, trained on accounts, reads too much into it. Short pleas are the rules' job.
MIN_WORDS = 4


def net_level(text: str, model: Path = MODEL) -> str | None:
    """The most urgent level the net reads in the text, or None."""
    if not model.exists() or len(text.split()) < MIN_WORDS:
        return None
    net = NgramNet.load(model)
    level = net.raised(net.probabilities(text))
    return level if level in RAISES_TO else None


# What the net may lift. P3 is the rules' own judgement that it is over (tense and cue
# words, which character n-grams cannot read): the net leaves it alone.
RAISES_FROM = frozenset({"P2", "P4", "none"})


def raised(text: str, priority: str, model: Path = MODEL) -> str:
    """The rules' priority, or the net's when the net reads it as more urgent."""
    if priority not in RAISES_FROM:
        return priority
    level = net_level(text, model)
    if level is None or _ORDER.index(level) >= _ORDER.index(priority):
        return priority
    return level
