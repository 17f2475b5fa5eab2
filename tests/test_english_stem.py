"""English words meet their inflections, irregular pasts included, and past forms are told."""

from __future__ import annotations

import time

import pytest

from bot.understanding.english import IRREGULAR_PAST, english_past, english_stem


@pytest.mark.parametrize(
    ("forms", "stem"),
    [
        (["take", "takes", "taking", "took", "taken"], "take"),
        (["keep", "keeps", "keeping", "kept"], "keep"),
        (["beat", "beats", "beating", "beaten"], "beat"),
        (["hold", "holds", "holding", "held"], "hold"),
        (["sell", "sells", "selling", "sold"], "sell"),
        (["hit", "hits", "hitting"], "hit"),
        (["throw", "throws", "threw", "thrown"], "throw"),
        (["break", "breaks", "broke", "broken"], "break"),
        (["steal", "stole", "stolen"], "steal"),
        (["pay", "pays", "paying", "paid"], "pay"),
        (["leave", "leaves", "leaving", "left"], "leav"),
        (["lock", "locks", "locked", "locking"], "lock"),
        (["threaten", "threatens", "threatened", "threatening"], "threaten"),
        (["force", "forced", "forcing"], "forc"),
        (["passport", "passports"], "passport"),
        (["document", "documents"], "document"),
        (["free", "freed", "freeing"], "free"),
        (["withhold", "withheld"], "withhold"),
        (["underpay", "underpaid"], "underpay"),
        (["flee", "fled"], "flee"),
        (["sleep", "slept"], "sleep"),
        (["be", "was", "were", "been"], "be"),
    ],
)
def test_inflections_meet(forms: list[str], stem: str) -> None:
    assert {english_stem(form) for form in forms} == {stem}


@pytest.mark.parametrize(
    "word",
    [
        "locked",
        "threatened",
        "tried",
        "died",
        "freed",
        "agreed",
        "took",
        "taken",
        "kept",
        "beaten",
        "held",
        "sold",
        "threw",
        "broke",
        "paid",
        "left",
        "was",
        "were",
        "didnʼt",
        "didnt",
    ],
)
def test_past_forms(word: str) -> None:
    assert english_past(word)


@pytest.mark.parametrize(
    "word",
    [
        # present forms
        "take",
        "keeps",
        "locking",
        "threatens",
        # a past that is spelled like the base says nothing about tense
        "hit",
        "beat",
        "cut",
        "put",
        # -ed and -eed words that are not pasts
        "need",
        "speed",
        "hundred",
        "naked",
        "bed",
        "red",
        "shed",
        "ed",
        "",
    ],
)
def test_not_past_forms(word: str) -> None:
    assert not english_past(word)


def test_irregular_forms_map_to_their_base() -> None:
    assert IRREGULAR_PAST["took"] == "take"
    assert IRREGULAR_PAST["beaten"] == "beat"
    assert IRREGULAR_PAST["hit"] == "hit"
    assert all(IRREGULAR_PAST[base] == base for base in IRREGULAR_PAST.values())


def test_cached_words_are_fast() -> None:
    words = (
        "my boss took my passport and they kept our documents they beat us and locked "
        "the door we are not paid for three months and they threatened to kill us if we "
        "leave please help we are held in a basement in moscow with no food"
    ).split()
    assert len(words) >= 40
    for word in words:
        english_stem(word)
        english_past(word)
    start = time.perf_counter()
    for word in words:
        english_stem(word)
        english_past(word)
    assert time.perf_counter() - start < 0.001
