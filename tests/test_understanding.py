"""The understanding layer: tokens and their forms, clauses, negation scope, matching."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.understanding.lexicon import Lexicon, compile_concept, load
from bot.understanding.match import Reading
from bot.understanding.negation import is_negated, scopes
from bot.understanding.tokens import tokenize


def lexicon(**tables: dict[str, list[str]]) -> Lexicon:
    return Lexicon({name: compile_concept(name, table) for name, table in tables.items()})


BEAT = lexicon(violence={"ru": ["бить", "избить"], "tg": ["мезананд"], "en": ["beat", "hit"]})


@pytest.mark.parametrize(
    "text",
    [
        "меня хозяин бьёт каждый день",
        "нас избили",
        "бьют",
        "моро мезананд",
        "moro mezanan",  # Latin, colloquial -ан
        "маро заданд",  # past stem meets the present one
        "he beats us",
        "they hit me",
    ],
)
def test_inflected_forms_meet_their_lemma(text: str) -> None:
    """Every person, aspect and tense of a verb matches the one lexicon entry."""
    assert [m.concept for m in Reading(text).find(BEAT)] == ["violence"]


@pytest.mark.parametrize(
    ("text", "negated"),
    [
        ("никто меня не бьёт", True),
        ("меня не бьют, но держат", True),
        ("nobody hits me", True),
        ("I am not beaten", True),
        ("маро намезананд", True),  # the Tajik prefix is kept as negation
        ("меня бьют", False),
        ("не знаю что делать, меня бьют", False),  # "не знаю" negates nothing after it
        ("не ем, бьют каждый день", False),  # the comma ends the negation
    ],
)
def test_negation_scope(text: str, negated: bool) -> None:
    """A cue covers a few words of its own clause; Tajik negative verbs never match."""
    found = Reading(text).find(BEAT)
    assert all(m.negated for m in found) if negated else any(not m.negated for m in found)
    if text == "маро намезананд":
        assert found == []


def test_clauses_split_on_punctuation_and_but() -> None:
    """'but' and commas start a new clause, so a negation stops there."""
    tokens = tokenize("not locked in, but they keep my passport")
    assert tokens[0].clause == tokens[2].clause != tokens[4].clause
    assert not is_negated(scopes(tokens), range(5, 8), frozenset({5, 7}))


def test_a_word_in_between_still_matches() -> None:
    """Phrases allow up to two words between their words."""
    taken = lexicon(documents={"ru": ["забрать паспорт"]})
    assert Reading("забрали у меня паспорт").find(taken)
    assert not Reading("забрали деньги и потом через неделю паспорт").find(taken)


def test_prefix_words_and_spellings() -> None:
    """A word ending in * matches by its skeleton's beginning, in any script."""
    sexual = lexicon(sexual={"ru": ["проститу*"]})
    assert Reading("заставляют заниматься проституцией").find(sexual)
    assert Reading("zastavlyayut zanimatsya prostitutsiey").find(sexual)


def test_tajik_noun_and_verb_stay_apart() -> None:
    """The noun "зан" (woman) is not "мезананд" (they beat): a verb entry needs a verb."""
    assert Reading("занҳо кор мекунанд").find(BEAT) == []


def test_lexicon_files_compile() -> None:
    """Every shipped lexicon loads, and every concept has words in all three languages."""
    root = Path(__file__).parent.parent / "bot"
    for path in (root / "hotline" / "lexicon.toml", root / "understanding" / "cues.toml"):
        for concept in load(path).concepts.values():
            languages = {t.source.split(":")[0] for t in concept.terms}
            for rule in concept.near:
                languages |= {t.source.split(":")[0] for t in (*rule.first, *rule.second)}
            assert languages == {"tg", "ru", "en"}, (path.name, concept.name)
