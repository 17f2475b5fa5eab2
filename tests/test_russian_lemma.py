"""Russian words, in Cyrillic or typed in Latin, read as their lemma with tense."""

from __future__ import annotations

import time

import pytest

from bot.text.normalise import normalise
from bot.understanding.russian import RussianForm, russian_form


def read(typed: str) -> RussianForm | None:
    return russian_form(normalise(typed))


# (as typed, lemma, past, verb)
CASES = [
    # violence: imperfective and perfective lemmas stay apart (бить / избить / побить)
    ("бьёт", "бить", False, True),
    ("бьет", "бить", False, True),
    ("бьют", "бить", False, True),
    ("бьём", "бить", False, True),
    ("били", "бить", True, True),
    ("бил", "бить", True, True),
    ("избил", "избить", True, True),
    ("избили", "избить", True, True),
    ("побили", "побить", True, True),
    ("избит", "избить", True, True),  # participle, tied with the adjective "избитый"
    ("избивают", "избивать", False, True),
    ("убьют", "убить", False, True),
    ("убили", "убить", True, True),
    ("угрожают", "угрожать", False, True),
    ("угрожали", "угрожать", True, True),
    # documents taken, confinement
    ("забрали", "забрать", True, True),
    ("Забрали", "забрать", True, True),
    ("отобрал", "отобрать", True, True),
    ("отобрали", "отобрать", True, True),
    ("отняли", "отнять", True, True),
    ("держат", "держать", False, True),
    ("держали", "держать", True, True),
    ("заперли", "запереть", True, True),
    ("заперт", "запереть", True, True),
    ("закрыли", "закрыть", True, True),
    ("выпускают", "выпускать", False, True),
    ("заставляют", "заставлять", False, True),
    ("продали", "продать", True, True),
    ("обманули", "обмануть", True, True),
    ("платят", "платить", False, True),
    ("помогите", "помочь", False, True),
    # nouns and other words: "ё" folded in the lemma
    ("паспорт", "паспорт", False, False),
    ("паспорта", "паспорт", False, False),
    ("документы", "документ", False, False),
    ("зарплату", "зарплата", False, False),
    ("ещё", "еще", False, False),
    # Russian typed in Latin
    ("zabrali", "забрать", True, True),
    ("pasport", "паспорт", False, False),
    ("pomogite", "помочь", False, True),
    ("izbili", "избить", True, True),
    ("otpuskayut", "отпускать", False, True),
    ("derzhat", "держать", False, True),
    ("b'yut", "бить", False, True),
    ("byut", "бить", False, True),
    ("platyat", "платить", False, True),
    ("zastavlyayut", "заставлять", False, True),
    ("ugrozhayut", "угрожать", False, True),
    ("khozyain", "хозяин", False, False),
    ("hozyain", "хозяин", False, False),
    ("dokumenty", "документ", False, False),
    ("seychas", "сейчас", False, False),
    ("dengi", "деньга", False, False),
    ("ne", "не", False, False),
    ("net", "нет", False, False),
    ("esli", "если", False, False),
    ("zaperli", "запереть", True, True),
    ("otobrali", "отобрать", True, True),
]


@pytest.mark.parametrize(("typed", "lemma", "past", "verb"), CASES)
def test_lemma_and_tense(typed: str, lemma: str, past: bool, verb: bool) -> None:
    assert read(typed) == RussianForm(lemma, past, verb)


@pytest.mark.parametrize(
    "typed",
    [
        "мезананд",  # Tajik on a Russian keyboard
        "намедиҳанд",  # Tajik letters
        "шиносномаамро",
        "ҳуҷҷат",
        "mezanand",  # Latin Tajik
        "namedihand",
        "help",  # English
        "my",  # would read as "мы"
        "no",  # would read as "но"
        "slave",  # would read as "слава"
        "паспорт2",  # not a word
        "",
    ],
)
def test_not_a_russian_word(typed: str) -> None:
    assert read(typed) is None


def test_cached_words_are_fast() -> None:
    words = normalise(
        "у меня забрали паспорт и не отпускают домой хозяин бьёт нас каждый день "
        "денег не платят телефон отобрали держат в подвале помогите пожалуйста "
        "zabrali pasport ne otpuskayut izbili nas pomogite srochno my v moskve "
        "rabotaem bez zarplaty uzhe tri mesyatsa dokumenty u rabotodatelya"
    ).split()
    assert len(words) >= 40
    for word in words:
        russian_form(word)
    start = time.perf_counter()
    for word in words:
        russian_form(word)
    assert time.perf_counter() - start < 0.001
