"""The job-offer check on the labelled set (tests/data/offers.jsonl), held-out part.

94 hand-labelled offers: Tajik in proper Cyrillic, on a Russian keyboard and in Latin,
Russian and English, safe and risky, some in Telegram-channel style. Labels are the
red flags a careful reader sees, under the flag definitions of bot/offers; the level
follows from them by the documented rule. Patterns were developed on the "dev" part;
the "heldout" third is measured here and was not used to tune anything.

Thresholds, and why:
* "low" must be trustworthy: precision of "low" at least 0.95 (a risky offer
  called low is the worst error: it reassures someone about to be trafficked);
* risky offers must be noticed: at least 0.95 of offers labelled caution, high
  or danger get a verdict other than low;
* the exact level is right for at least 0.80 of offers (measured 0.87);
* "danger" recall at least 0.6 (measured 0.67; high and danger are sometimes
  swapped when one strong flag is missed).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.labelled import load
from bot.offers.evaluate import Scores, evaluate
from bot.offers.score import LEVELS

DATA = Path(__file__).parent / "data" / "offers.jsonl"


@pytest.fixture(scope="module")
def heldout() -> Scores:
    return evaluate(load(DATA, "heldout"))


def test_the_set_is_big_and_varied() -> None:
    """At least 90 offers, every language and spelling, every level, both splits."""
    records = load(DATA, "all")
    assert len(records) >= 90
    assert {r["variant"] for r in records if r["lang"] == "tg"} == {"cyr", "ru-kbd", "latin"}
    assert {r["lang"] for r in records} == {"tg", "ru", "en"}
    assert {r["risk"] for r in records} == set(LEVELS)
    assert {r["split"] for r in records} == {"dev", "heldout"}
    assert len(load(DATA, "heldout")) >= 30


def test_low_verdicts_can_be_trusted(heldout: Scores) -> None:
    """Almost no risky offer is called low."""
    assert heldout.precision["low"] >= 0.95


def test_risky_offers_are_noticed(heldout: Scores) -> None:
    """Offers labelled caution, high or danger are almost never called low."""
    risky = [(label, said) for (label, said) in heldout.confusion if label != "low"]
    total = sum(heldout.confusion[pair] for pair in risky)
    noticed = sum(heldout.confusion[pair] for pair in risky if pair[1] != "low")
    assert noticed / total >= 0.95


def test_exact_level_and_danger_recall(heldout: Scores) -> None:
    """The level is exactly right for most offers; dangerous ones are mostly called so."""
    right = sum(count for (label, said), count in heldout.confusion.items() if label == said)
    assert right / heldout.total >= 0.80
    assert heldout.recall["danger"] >= 0.6
