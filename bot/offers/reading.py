"""Reading an offer's text against the offers lexicon (bot/offers/lexicon.toml): the
matches that count, the sentence of each token, and the denials that void a match.

A match that a negation covers or that stands in a question's condition counts for
nothing, and a "safe twin" voids the flag it denies (see ``bot.offers.extract``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

from bot.offers import gazetteer
from bot.understanding import context
from bot.understanding.lexicon import Lexicon, compile_concept, load
from bot.understanding.match import Match, Reading

LEXICON = Path(__file__).with_name("lexicon.toml")

# How far (in words) a safe twin, or a flag that voids evidence, reaches either way.
REACH = 8


@cache
def lexicon() -> Lexicon:
    """The hand-written lexicon and, after it, every country and zone city (CLDR)."""
    written = load(LEXICON)
    places = {name: compile_concept(name, table) for name, table in gazetteer.concepts().items()}
    return Lexicon(MappingProxyType({**written.concepts, **places}))


def kind_of(concept: str) -> str:
    return str(lexicon().concepts[concept].attributes.get("kind", ""))


def attribute_of(concept: str, name: str) -> Any:
    return lexicon().concepts[concept].attributes.get(name)


# --- Preparing the text ---------------------------------------------------------------

# "С.В.О." and "S.V.O." are one word: joined before the tokeniser splits at the dots.
_DOTTED = re.compile(r"(?<!\w)(?:[^\W\d_]\.){2,}(?:[^\W\d_](?!\w))?")


def _join_letters(found: re.Match[str]) -> str:
    return "".join(char for char in found.group(0) if char.isalpha()) + " "


def prepare(text: str) -> str:
    return _DOTTED.sub(_join_letters, text)


# --- Reading the words ----------------------------------------------------------------


@dataclass(frozen=True)
class Found:
    reading: Reading
    matches: tuple[Match, ...]  # what counts: not negated, not hypothetical, not denied
    sentences: tuple[int, ...]  # the sentence of each token

    def of(self, concept: str) -> list[Match]:
        return [m for m in self.matches if m.concept == concept]

    def of_kind(self, kind: str) -> Iterator[Match]:
        return (m for m in self.matches if kind_of(m.concept) == kind)

    def first(self, concept: str) -> Match | None:
        return next(iter(self.of(concept)), None)


# Sentences end at these marks followed by a space, or at a line break.
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+|\n+")


def sentence_at(text: str, char: int) -> int:
    """The number of the sentence holding the character at `char`, as `Found.sentences`
    numbers them."""
    return len(_SENTENCE_END.split(text[:char])) - 1


def _sentences(text: str, reading: Reading) -> tuple[int, ...]:
    """The sentence of each token: a sentence is split where the tokeniser splits too,
    so counting each sentence's tokens numbers the whole text's."""
    numbers: list[int] = []
    for number, sentence in enumerate(_SENTENCE_END.split(text)):
        numbers += [number] * len(Reading(sentence).tokens)
    if len(numbers) < len(reading.tokens):  # cannot happen; clauses are a safe stand-in
        return tuple(t.clause for t in reading.tokens)
    return tuple(numbers[: len(reading.tokens)])


def _whole(match: Match, reading: Reading, sentences: tuple[int, ...]) -> bool:
    """A term stays inside one clause ("без залога. Договор …" is not "без договора"),
    a pair of words inside one sentence."""
    first, last = match.span.start, match.span.stop - 1
    if match.source.startswith("near:"):
        return sentences[first] == sentences[last]
    return reading.tokens[first].clause == reading.tokens[last].clause


def _denied(match: Match, reading: Reading) -> bool:
    """Negations the shared reading leaves to the caller:

    * inside a pair of words: "паспорт мы не забираем" pairs "паспорт" and "забирать"
      around a "не" that covers the second (a term's own negation, "без договора",
      stays its meaning);
    * a Tajik verb after the words that carries the negation: "гарав намегирем" (we
      take no deposit), "шиносномаро нигоҳ намедорем" (we do not keep the passport).
    """
    span = match.span
    if match.source.startswith("near:"):
        for scope in reading.scopes:
            if scope.cue in span and any(i > scope.cue for i in scope.covers & set(span)):
                return True
    tokens = reading.tokens
    after = span.stop
    if after < len(tokens) and tokens[after].clause == tokens[span.stop - 1].clause:
        forms = tokens[after].forms
        last = tokens[span.stop - 1].forms
        if forms.tajik_verb and forms.tajik_negated and not last.tajik_verb:
            return True
    return False


def near(found: Found, a: Match, b: Match, reach: int = REACH) -> bool:
    same = found.sentences[a.span.start] == found.sentences[b.span.start]
    return same and abs(a.span.start - b.span.start) <= reach


def read(text: str) -> Found:
    reading = Reading(text)
    frame = context.read(reading)
    sentences = _sentences(text, reading)
    live = [
        m
        for m in reading.find(lexicon())
        if not m.negated
        and not _denied(m, reading)
        and not frame.hypothetical(m)
        and _whole(m, reading, sentences)
    ]
    found = Found(reading, tuple(live), sentences)
    denied: set[int] = set()
    for match in live:
        voided = attribute_of(match.concept, "denies") if kind_of(match.concept) == "deny" else None
        for j, other in enumerate(live):
            if voided and other.concept in voided and near(found, match, other):
                denied.add(j)
    kept = [m for i, m in enumerate(live) if i not in denied]
    # A flag voids the evidence it names nearby: "договор на месте" is no contract.
    cancelled: set[int] = set()
    for match in kept:
        voids = attribute_of(match.concept, "cancels") or ()
        for j, other in enumerate(kept):
            if other.concept in voids and near(found, match, other):
                cancelled.add(j)
    return Found(reading, tuple(m for j, m in enumerate(kept) if j not in cancelled), sentences)


def first_words(text: str, *patterns: re.Pattern[str], deniable: bool = False) -> str | None:
    """The words the first of ``patterns`` that matches found, or None: what a signal
    read by pattern shows the person as its evidence. With ``deniable``, a match that a
    negation before it in its clause denies ("no need to decide today", "we never work
    6am to 7pm") does not count, as a negation covers a lexicon term."""
    for pattern in patterns:
        for found in pattern.finditer(text):
            if not (deniable and denied_before(text, found.start())):
                return found.group(0)
    return None


# A negation among the few words before a match, in its clause.
_CLAUSE_START = re.compile(r"[,.;:!?\n()]")
_NEGATION_BEFORE = re.compile(
    r"(?<!\w)(?:no|not|never|don[ʼ'’]?t|doesn[ʼ'’]?t|isn[ʼ'’]?t|aren[ʼ'’]?t|won[ʼ'’]?t"
    r"|не|нет|никогда|ne|net)(?!\w)",
    re.IGNORECASE,
)
NEGATION_REACH = 4  # words before a match that a negation may stand in


def denied_before(text: str, start: int) -> bool:
    before = text[max(0, start - 60) : start]
    clause = _CLAUSE_START.split(before)[-1].split()[-NEGATION_REACH:]
    return _NEGATION_BEFORE.search(" ".join(clause)) is not None
