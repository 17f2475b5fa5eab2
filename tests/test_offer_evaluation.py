"""The job-offer check on the labelled set (tests/data/offers.jsonl), dev part.

About 630 labelled offers: Tajik in proper Cyrillic, on a Russian keyboard, in Latin,
in old fonts and mixed with Russian, Russian in Cyrillic and Latin, and English; from
the team, independent authors and published texts, labelled by docs/labelling.md §2.
The words were tuned on the "dev" split, so these tests hold the check to issue #12's
targets there and guard against a change that breaks them. The "heldout" split
measures what a new offer can expect (``python -m bot.offers.evaluate
tests/data/offers.jsonl --split heldout``); its one test holds the floors measured
once, and nothing is tuned on it.

Targets (issue #12), on dev:
* risky offers (labelled high or danger) told low: at most 3% (the worst error: it
  reassures someone about to be trafficked);
* risky recall, risky offers told high or danger: at least 0.90 in every language;
* legitimate offers (labelled low) told high or danger: at most 0.20;
* legitimate offers told low: at least 0.50.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.labelled import load
from bot.offers.evaluate import TARGETS, Rate, Scores, evaluate, report, targets_met
from bot.offers.score import LEVELS

DATA = Path(__file__).parent / "data" / "offers.jsonl"


@pytest.fixture(scope="module")
def dev() -> Scores:
    return evaluate(load(DATA, "dev"))


def test_the_set_is_big_and_varied() -> None:
    """Hundreds of offers, every language and spelling, every level, both splits."""
    records = load(DATA, "all")
    assert len(records) >= 600
    tajik = {r["variant"] for r in records if r["lang"] == "tg"}
    assert tajik >= {"cyr", "latin", "oldfont", "mixed"}
    assert {r["lang"] for r in records} == {"tg", "ru", "en"}
    assert {r["risk"] for r in records} == set(LEVELS)
    assert {r["split"] for r in records} == {"dev", "heldout"}
    assert len(load(DATA, "heldout")) >= 200


def test_dev_records_say_why() -> None:
    """Every dev record lists its evidence, and a low one names some (docs/labelling.md §2)."""
    for record in load(DATA, "dev"):
        assert "evidence" in record, record["id"]
        assert bool(record["evidence"]) or record["risk"] != "low", record["id"]
        assert record["risk"] != "unknown" or not record["flags"], record["id"]


def test_every_target_is_met_on_dev(dev: Scores) -> None:
    """All four targets of issue #12, risky recall in each language."""
    assert targets_met(dev) == dict.fromkeys((t.name for t in TARGETS), True)


def test_risky_offers_are_almost_never_told_low(dev: Scores) -> None:
    assert dev.overall.risky_low.value is not None
    assert dev.overall.risky_low.value <= 0.03
    for language in ("tg", "ru", "en"):
        recall = dev.by_language[language].risky_recall.value
        assert recall is not None and recall >= 0.90, language


def test_legitimate_offers_are_mostly_told_low(dev: Scores) -> None:
    alarm, low = dev.overall.legit_alarm.value, dev.overall.legit_low.value
    assert alarm is not None and alarm <= 0.20
    assert low is not None and low >= 0.50


def test_the_net_never_lowers_a_verdict(dev: Scores) -> None:
    """The statistical net only lifts low or unknown to caution: never past the words."""
    assert dev.words_alone is not None
    assert dev.overall.risky_recall.hits >= dev.words_alone.risky_recall.hits
    assert dev.overall.risky_low.hits <= dev.words_alone.risky_low.hits


def test_report_gives_intervals_per_language_and_variant(dev: Scores) -> None:
    text = report(dev)
    assert "per language" in text and "per variant" in text and "tg/latin" in text
    assert "risky told low" in text and "[" in text  # Wilson intervals
    assert str(Rate(0, 12)) == "0/12 = 0.00 [0.00, 0.24]"
    assert str(Rate(0, 0)) == "-"


def test_heldout_floors() -> None:
    """What a new offer can expect today (README, Job-offer check): the worst error is
    held at the target; risky recall is held just below what was measured (0.88),
    under the target of 0.90, so a change can only raise it."""
    scores = evaluate(load(DATA, "heldout"))
    overall = scores.overall
    assert overall.risky_low.value is not None and overall.risky_low.value <= 0.03
    assert overall.risky_recall.value is not None and overall.risky_recall.value >= 0.87
    assert overall.legit_alarm.value is not None and overall.legit_alarm.value <= 0.20
    assert overall.legit_low.value is not None and overall.legit_low.value >= 0.50
