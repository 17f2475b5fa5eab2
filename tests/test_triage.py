"""Hotline triage: priorities from real-style messages in every spelling, the command,
and quality on the labelled set's held-out part (tests/data/triage.jsonl).

The labels follow docs/labelling.md. The held-out part was written by an author who saw
only those rules (never the lexicon), plus published accounts; the lexicon was tuned on
the dev part only. The floors below are what the held-out part shows today (see the
README's Triage section); the issue's targets are higher for P1 recall (0.97).
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from bot.hotline.command import run, screen
from bot.hotline.evaluate import evaluate
from bot.hotline.triage import LEXICON, triage
from bot.labelled import load
from bot.understanding.lexicon import load as load_lexicon
from bot.understanding.match import Reading

DATA = Path(__file__).parent / "data" / "triage.jsonl"


@pytest.mark.parametrize(
    ("text", "priority", "indicator"),
    [
        ("Нас заперли, бьют", "P1", "locked_in"),
        ("moro qulf kardand", "P1", "locked_in"),
        ("Моро кулф карданд", "P1", "locked_in"),
        ("They will kill me", "P1", "threat_to_life"),
        ("Маро мекушанд", "P1", "threat_to_life"),
        ("Дочь 15 лет увезли и не выпускают", "P1", "child"),
        ("Духтарам 14 сола, ӯро дар хона қулф карданд", "P1", "child"),
        ("My son is 16, his phone is off for 4 days", "P1", "child"),
        ("Заставляют заниматься проституцией", "P1", "sexual"),
        ("Шиносномаамро гирифтанд", "P2", "documents_taken"),
        ("shinosnomamro giriftand", "P2", "documents_taken"),
        ("The employer keeps my documents", "P2", "documents_taken"),
        ("Зарплату не платят", "P2", "unpaid"),
        ("muzd namedihand", "P2", "unpaid"),
        ("Карздор хастам", "P2", "debt"),
        ("Телефонамро гирифтанд", "P2", "phone_taken"),
        ("Угрожают депортацией", "P2", "threat"),
        ("Меня продали", "P2", "sold"),
        ("Маро фиреб доданд", "P3", "deceived"),
    ],
)
def test_indicators_and_priority(text: str, priority: str, indicator: str) -> None:
    """Each indicator is found in any spelling and sets the priority."""
    result = triage(text)
    assert indicator in result.indicators
    assert result.priority == priority


@pytest.mark.parametrize(
    ("text", "priority"),
    [
        ("Год назад забрали паспорт, сейчас я дома", "P3"),  # over: "now" is "now home"
        ("Раньше били, помогите сейчас, опять заперли", "P1"),  # "now" wins over "before"
        ("Баргаштам, соли гузашта музд надоданд", "P3"),
        ("Как получить патент?", "P4"),
        ("Салом, чи хел шумо?", "none"),  # "how are you" is not a migration question
        ("Купите айфон", "none"),
        ("", "none"),
    ],
)
def test_past_information_and_nothing(text: str, priority: str) -> None:
    """It is over: P3; a migration question: P4; greetings and spam: none."""
    assert triage(text).priority == priority


def test_command_output_and_batch(tmp_path: Path) -> None:
    """One JSON object per message with id, lang, priority and indicators."""
    result = screen("У меня забрали паспорт", "a")
    assert result == {
        "id": "a",
        "lang": "ru",
        "priority": "P2",
        "indicators": [{"name": "documents_taken", "evidence": "забрали паспорт"}],
        "uncertain": False,
    }
    path = tmp_path / "m.jsonl"
    path.write_text('{"id": "x", "text": "Нас заперли"}\n{bad\n', encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    assert run(path, out=out, errors=err) == 1
    assert json.loads(out.getvalue())["priority"] == "P1"
    assert "line 2: not JSON" in err.getvalue()


@pytest.mark.parametrize(
    ("text", "priority"),
    [
        # The failure classes of the issue, each in the words of someone else.
        ("меня хозяин бьёт каждый день и грозится зарезать", "P1"),
        ("I'm not locked in and nobody hits me, I just want to change employer", "P4"),
        ("соли гузашта паспортамро гирифта буданд, ҳозир дар хонаам дар Кӯлоб", "P3"),
        ("как проверить лицензию агентства по трудоустройству?", "P4"),
        ("писарамро ҳозир мезананд, аз сараш хун меравад", "P1"),
        ("хозяин держит нас в подвале, сказал кто сбежит тому руки сломает", "P1"),
        ("he walks around drunk with a knife and says nobody leaves", "P1"),
        ("никто не бьёт, но паспорт не отдают", "P2"),
        ("nobody is hitting me but they won't let me out of the flat", "P1"),
        ("what should I do if they take my passport?", "P4"),
        ("they took my passport, what do I do?", "P2"),
        ("Продам iPhone 13 недорого", "none"),
    ],
)
def test_words_of_other_people(text: str, priority: str) -> None:
    """Verb forms, negation, past and now, conditions and danger without a keyword."""
    assert triage(text).priority == priority


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("маро мезананд", "moro mezanan"),  # Tajik Cyrillic and Latin, colloquial ending
        ("ҳуҷҷатҳоямро гирифтанд", "хуччатхоямро гирифтанд"),  # Russian keyboard
        ("ҳуҷҷатҳоямро гирифтанд", "Њуљљатњоямро гирифтанд"),  # old font
        ("у меня забрали паспорт", "u menya zabrali pasport"),  # Russian in Latin
        ("у меня забрали паспорт", "у меня забрали мой паспорт"),  # a word inside
        ("нас заперли в подвале", "нас заперли в пoдвале"),  # a Latin look-alike
    ],
)
def test_invariance(one: str, other: str) -> None:
    """Another script, look-alike letters or a filler word keep the priority."""
    assert triage(one).priority == triage(other).priority != "none"


@pytest.mark.parametrize(
    ("said", "denied", "over"),
    [
        ("меня бьют", "меня не бьют", "меня били, сейчас я уже дома"),
        ("моро қулф карданд", "моро қулф накарданд", "моро қулф карда буданд, баргаштам"),
        ("they beat us", "nobody beats us", "they beat us last year, I am back home now"),
    ],
)
def test_twins(said: str, denied: str, over: str) -> None:
    """A negated twin loses the sign; a past twin is P3."""
    assert triage(said).priority == "P1"
    assert triage(denied).priority != "P1"
    assert triage(over).priority == "P3"


def test_every_lexicon_term_is_exercised() -> None:
    """No dead pattern: each term of the lexicon matches at least one labelled dev text."""
    lexicon = load_lexicon(LEXICON)
    used = set()
    for record in load(DATA, "dev"):
        used |= set(Reading(record["text"]).term_spans(lexicon))
    dead = sorted({t.source for t in lexicon.terms()} - {t.source for t in used})
    assert dead == []


def test_heldout_quality() -> None:
    """The held-out floors: P1 recall, no situation read as none, exact, false P1."""
    records = load(DATA, "heldout")
    scores = evaluate(records)
    assert len(load(DATA, "all")) >= 700 and len(records) >= 300
    targets = scores.targets()
    p1, p1_total = targets["P1 recall"]
    assert p1 / p1_total >= 0.93
    assert targets["P1-P3 read as none"][0] == 0
    exact, total = targets["exact priority"]
    assert exact / total >= 0.80
    false_p1, calm = targets["false P1 on P4/none"]
    assert false_p1 / calm <= 0.10
