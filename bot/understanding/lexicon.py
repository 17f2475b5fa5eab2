"""A lexicon by concept: each concept's words in tg, ru and en, written as base forms.

A lexicon is a TOML file. Each table is a concept; its ``tg``, ``ru`` and ``en`` lists
hold terms (one or more words), written as a dictionary would: the Russian lemma
("бить" covers "бьёт", "избили" is its own lemma "избить"), a Tajik verb in any form
(reduced to its present stem by the stemmer: "мезананд", "заданд" and "задан" are one
stem), an English word (stemmed). A word ending in ``*`` matches any word whose
skeleton begins so ("проститу*"). ``near`` pairs two groups of terms that must occur
within a few words of each other, in either order ("паспорт" … "забрать").
Any other key of a concept (``level``, ``note``) is kept as its attribute.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

from bot.text.normalise import normalise, skeleton_word
from bot.understanding.english import english_stem
from bot.understanding.russian import russian_form
from bot.understanding.tajik import tajik_form

LANGUAGES = ("tg", "ru", "en")
NEAR_WINDOW = 5


@dataclass(frozen=True)
class WordSpec:
    text: str
    keys: frozenset[str] = frozenset()
    prefix: str | None = None
    tajik_verb: bool = False
    tajik_negated: bool = False


@dataclass(frozen=True, eq=False)  # one object per term as written: hashed by identity
class Term:
    concept: str
    words: tuple[WordSpec, ...]
    source: str  # the term as written in the lexicon, e.g. "ru: забрать паспорт"


@dataclass(frozen=True)
class NearRule:
    concept: str
    first: tuple[Term, ...]
    second: tuple[Term, ...]
    window: int
    source: str


@dataclass(frozen=True)
class Concept:
    name: str
    terms: tuple[Term, ...]
    near: tuple[NearRule, ...]
    attributes: Mapping[str, Any] = field(default_factory=dict)


def compile_word(word: str, language: str) -> WordSpec:
    """The forms a lexicon word matches, by the morphology of its language."""
    if word.endswith("*"):
        return WordSpec(word, prefix=skeleton_word(normalise(word[:-1])))
    if word.endswith("!"):
        # As spelled, with no morphology: "худатон!" (your own) must not match "худ"
        # (his own), which the Tajik stemmer would make of it.
        return WordSpec(word, frozenset({"s:" + skeleton_word(normalise(word[:-1]))}))
    plain = normalise(word)
    if language == "ru":
        russian = russian_form(plain)
        # A word the dictionary does not know is matched by its spelling instead.
        key = "ru:" + russian.lemma if russian is not None else "s:" + skeleton_word(plain)
        return WordSpec(word, frozenset({key}))
    if language == "en":
        return WordSpec(word, frozenset({"en:" + english_stem(plain)}))
    key = skeleton_word(plain)
    tajik = tajik_form(key)
    keys = {"tg:" + tajik.stem}
    if not tajik.verb:
        # A word that itself ends like an object marker ("роҳкиро", the fare) is cut
        # once more than its own object form ("роҳкироро"): both stems are its keys.
        keys.add("tg:" + tajik_form(key + "ro").stem)
    return WordSpec(word, frozenset(keys), None, tajik.verb, tajik.negated)


def compile_term(concept: str, text: str, language: str) -> Term:
    words = tuple(compile_word(w, language) for w in text.split())
    return Term(concept, words, f"{language}: {text}")


def _terms(concept: str, table: Mapping[str, Any]) -> list[Term]:
    return [
        compile_term(concept, text, language)
        for language in LANGUAGES
        for text in table.get(language, ())
    ]


def compile_concept(name: str, table: Mapping[str, Any]) -> Concept:
    near = []
    for rule in table.get("near", ()):
        first, second = _terms(name, rule["first"]), _terms(name, rule["second"])
        source = f"near: {rule.get('name', '/'.join(t.source for t in first[:1] + second[:1]))}"
        window = rule.get("window", NEAR_WINDOW)
        near.append(NearRule(name, tuple(first), tuple(second), window, source))
    attributes = {k: v for k, v in table.items() if k not in (*LANGUAGES, "near")}
    return Concept(name, tuple(_terms(name, table)), tuple(near), MappingProxyType(attributes))


@dataclass(frozen=True)
class Index:
    """Terms by the forms of their first word, so a message is checked only against
    the terms its words can begin; and, for the terms a message holds, what they are
    part of, so that matching costs what the message holds, not the lexicon's size."""

    by_key: Mapping[str, tuple[Term, ...]]
    by_prefix: tuple[tuple[str, Term], ...]
    order: Mapping[Term, int]  # the lexicon's own order of its terms
    direct: frozenset[Term]  # terms that match their concept alone
    near_of: Mapping[Term, tuple[NearRule, ...]]  # the pair rules a term is part of
    rule_order: Mapping[int, int]  # id(rule) -> its place in the lexicon


@dataclass(frozen=True)
class Lexicon:
    concepts: Mapping[str, Concept]
    index: Index = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_key: dict[str, list[Term]] = {}
        by_prefix = []
        for term in self.terms():
            first = term.words[0]
            if first.prefix is not None:
                by_prefix.append((first.prefix, term))
            for key in first.keys:
                by_key.setdefault(key, []).append(term)
        near_of: dict[Term, list[NearRule]] = {}
        rules = [rule for concept in self.concepts.values() for rule in concept.near]
        for rule in rules:
            for term in (*rule.first, *rule.second):
                near_of.setdefault(term, []).append(rule)
        index = Index(
            {k: tuple(v) for k, v in by_key.items()},
            tuple(by_prefix),
            {term: i for i, term in enumerate(self.terms())},
            frozenset(t for concept in self.concepts.values() for t in concept.terms),
            {term: tuple(found) for term, found in near_of.items()},
            {id(rule): i for i, rule in enumerate(rules)},
        )
        object.__setattr__(self, "index", index)

    def terms(self) -> Iterable[Term]:
        for concept in self.concepts.values():
            yield from concept.terms
            for rule in concept.near:
                yield from rule.first
                yield from rule.second


@cache
def load(path: Path) -> Lexicon:
    """A lexicon file, compiled once per process."""
    with path.open("rb") as handle:
        tables = tomllib.load(handle)
    return Lexicon(
        MappingProxyType({name: compile_concept(name, table) for name, table in tables.items()})
    )
