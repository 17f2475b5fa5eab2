"""Finding phrases in what people write, whatever the script or keyboard.

A pattern is a phrase ("без договора") or a ``Near`` pair of word groups that must
occur within a few words of each other ("passport" ... "keep"). Each word of a
pattern is a stem matched after the normaliser's skeleton: a stem of four letters or
more matches any word starting with it ("залог" matches "залога"); a shorter one must
be the whole word ("сво" never matches "свой"). Used by the job-offer check and the
hotline triage; each match comes with the words that showed it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from bot.text.normalise import skeleton, skeleton_word, words


@dataclass(frozen=True)
class Near:
    first: tuple[str, ...]
    second: tuple[str, ...]
    window: int = 5


Pattern = str | Near

MIN_PREFIX = 4  # a shorter stem must match the whole word

Phrase = tuple[str, ...]


def phrase(text: str) -> Phrase:
    return tuple(skeleton(text).split())


@dataclass(frozen=True)
class Compiled:
    phrases: tuple[Phrase, ...] = ()
    near: tuple[tuple[tuple[Phrase, ...], tuple[Phrase, ...], int], ...] = ()


def compile_patterns(patterns: Iterable[Pattern]) -> Compiled:
    """Skeletons of the patterns' words, ready to match."""
    phrases, near = [], []
    for pattern in patterns:
        if isinstance(pattern, Near):
            first = tuple(q for q in (phrase(p) for p in pattern.first) if q)
            second = tuple(q for q in (phrase(p) for p in pattern.second) if q)
            near.append((first, second, pattern.window))
        else:
            phrases.append(phrase(pattern))
    return Compiled(tuple(p for p in phrases if p), tuple(near))


class Words:
    """The text's words and their skeletons, aligned, for matching and evidence."""

    def __init__(self, text: str) -> None:
        self.raw = words(text)
        self.keys = [skeleton_word(w) for w in self.raw]

    def _token_matches(self, token: str, stem: str) -> bool:
        return token == stem or (len(stem) >= MIN_PREFIX and token.startswith(stem))

    def positions(self, phrase: Phrase) -> list[int]:
        width = len(phrase)
        return [
            i
            for i in range(len(self.keys) - width + 1)
            if all(self._token_matches(self.keys[i + k], phrase[k]) for k in range(width))
        ]

    def evidence(self, start: int, end: int) -> str:
        return " ".join(self.raw[max(start, 0) : end])

    def find(self, compiled: Compiled) -> str | None:
        for phrase in compiled.phrases:
            found = self.positions(phrase)
            if found:
                return self.evidence(found[0], found[0] + len(phrase))
        for first, second, window in compiled.near:
            starts = [(i, len(p)) for p in first for i in self.positions(p)]
            ends = [(j, len(p)) for p in second for j in self.positions(p)]
            for i, width_i in starts:
                for j, width_j in ends:
                    if abs(i - j) <= window and i != j:
                        low, high = min(i, j), max(i + width_i, j + width_j)
                        return self.evidence(low, high)
        return None
