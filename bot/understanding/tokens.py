"""A message as tokens that carry their forms, split into clauses for negation and tense.

Each token keeps what the person wrote (normalised), its skeleton, and the forms that
let different spellings and inflections meet: a Russian lemma (pymorphy3), a Tajik
stem (our stemmer, which keeps the negation it strips) and an English stem. Forms are
tagged by kind ("ru:", "tg:", "en:", "s:" for the skeleton) so that a Tajik stem and
an English word that happen to be spelled alike never meet.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from bot.text.language import detect_from_text
from bot.text.normalise import clean, normalise, skeleton_word
from bot.understanding.english import english_past, english_stem
from bot.understanding.russian import russian_form
from bot.understanding.tajik import tajik_form

# Where one clause ends: sentence and clause punctuation, and the conjunctions that
# turn a sentence ("not locked in, but they keep my passport") or give a reason.
_BOUNDARY = re.compile(r"[.!?;:\n,()\[\]«»\"“”]+|\s[-–—]+\s")
# Compared as written, not by skeleton: Russian "но" (but) and English "no" share one.
# A reason starts a clause too: in "we can't leave because we owe him" the "can't"
# does not deny the debt.
_TURNING = frozenset(
    "но однако зато лекин вале аммо балки but however though although "
    "потому поскольку чунки зеро chunki because cause cuz coz".split()
)
_LATIN = re.compile(r"[a-z]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")

MAX_TOKENS = 400  # a longer message is read in its first 400 words; no report needs more


@dataclass(frozen=True, slots=True)
class Forms:
    keys: frozenset[str]
    tajik_verb: bool  # the Tajik reading is a verb form
    tajik_negated: bool  # ... with a negative prefix (на-, наме-)
    past: bool  # a past-tense reading (Russian, Tajik or English)
    verb: bool  # a Russian or Tajik verb reading: its tense is known


@dataclass(frozen=True, slots=True)
class Token:
    surface: str  # normalised, as shown in evidence
    key: str  # skeleton
    forms: Forms
    clause: int
    index: int

    @property
    def keys(self) -> frozenset[str]:
        return self.forms.keys


@lru_cache(maxsize=65536)
def forms_of(word: str) -> Forms:
    """The tagged forms of one normalised word."""
    key = skeleton_word(word)
    tajik = tajik_form(key)
    keys = {"s:" + key, "tg:" + tajik.stem}
    past = tajik.verb and tajik.past
    verb = tajik.verb
    if _CYRILLIC.search(word) or _LATIN.search(word):
        russian = russian_form(word)
        if russian is not None:
            # The lemma itself, not its skeleton: "бить" and "бит" must stay apart.
            keys.add("ru:" + russian.lemma)
            past = past or (russian.verb and russian.past)
            verb = verb or russian.verb
    if _LATIN.search(word):
        keys.add("en:" + english_stem(word))
        past = past or english_past(word)
    return Forms(frozenset(keys), tajik.verb, tajik.negated, past, verb)


def tokenize(text: str) -> list[Token]:
    """The words of a text with their forms and clause numbers."""
    tokens: list[Token] = []
    clause = 0
    repaired = clean(text)
    # Russian typed in Latin: "no" is "но" (but), not English "no".
    russian_latin = (
        not _CYRILLIC.search(repaired) and detect_from_text(repaired, ("ru", "en")) == "ru"
    )
    for chunk in _BOUNDARY.split(repaired):
        words = normalise(chunk).split()
        if russian_latin:
            words = ["но" if w == "no" else w for w in words]
        if not words:
            continue
        clause += 1
        for word in words:
            if len(tokens) >= MAX_TOKENS:
                return tokens
            key = skeleton_word(word)
            if word in _TURNING and tokens and tokens[-1].clause == clause:
                clause += 1
            tokens.append(Token(word, key, forms_of(word), clause, len(tokens)))
    return tokens
