"""Scores a text with the exported n-gram model in plain Python, so the bot needs no scikit-learn.

The model file is written by ``python -m bot.understanding.train`` and holds what
scikit-learn's ``FeatureUnion(TfidfVectorizer(char_wb), TfidfVectorizer(word))`` plus
``LogisticRegression`` learned: per block the terms with their idf and class weights,
then the intercepts. ``NgramNet.probabilities`` repeats scikit-learn's arithmetic
(``predict_proba``) step by step; tests/test_net.py checks the two agree to 1e-9.

The net is a safety net behind the rules: a caller may use it to raise a level (the
``thresholds``, chosen on out-of-fold predictions), never to lower one.
"""

from __future__ import annotations

import json
import math
import re
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

from bot.text.normalise import skeleton

FORMAT = "safar-ngram-net/1"

# What the runtime knows how to repeat; a model trained otherwise is refused on load
# rather than scored wrongly.
_PREPROCESSORS: Mapping[str, Callable[[str], str]] = {"skeleton": skeleton}
_ANALYZERS = ("char_wb", "word")


@dataclass(frozen=True)
class _Block:
    """One TfidfVectorizer: how to cut the text and, per term, (idf, class weights)."""

    analyzer: str
    ngram_range: tuple[int, int]
    token_pattern: re.Pattern[str] | None
    terms: Mapping[str, tuple[float, tuple[float, ...]]]

    def grams(self, text: str) -> list[str]:
        low, high = self.ngram_range
        if self.analyzer == "char_wb":
            return _char_wb_ngrams(text, low, high)
        assert self.token_pattern is not None
        return _word_ngrams(self.token_pattern.findall(text), low, high)


def _char_wb_ngrams(text: str, low: int, high: int) -> list[str]:
    """scikit-learn's ``_char_wb_ngrams``, quirks included (a short word counts once)."""
    grams: list[str] = []
    append = grams.append
    for word in text.split():
        padded = f" {word} "
        length = len(padded)
        for n in range(low, high + 1):
            offset = 0
            append(padded[:n])
            while offset + n < length:
                offset += 1
                append(padded[offset : offset + n])
            if offset == 0:
                break
    return grams


def _word_ngrams(tokens: Sequence[str], low: int, high: int) -> list[str]:
    """scikit-learn's ``_word_ngrams`` without stop words."""
    if high == 1:
        return list(tokens)
    grams = list(tokens) if low == 1 else []
    for n in range(max(low, 2), min(high, len(tokens)) + 1):
        grams.extend(" ".join(tokens[i : i + n]) for i in range(len(tokens) - n + 1))
    return grams


def _softmax(scores: Sequence[float]) -> list[float]:
    # Subtract the maximum first, as scikit-learn does, so exp cannot overflow.
    top = max(scores)
    exps = [math.exp(score - top) for score in scores]
    total = sum(exps)
    return [value / total for value in exps]


def _expit(score: float) -> float:
    if score >= 0:
        return 1.0 / (1.0 + math.exp(-score))
    exp = math.exp(score)
    return exp / (1.0 + exp)


class NgramNet:
    """A loaded model: ``probabilities(text)`` and the thresholds chosen for it."""

    classes: tuple[str, ...]
    thresholds: Mapping[str, float]
    groups: Mapping[str, tuple[str, ...]]
    card: Mapping[str, Any]

    def __init__(
        self,
        *,
        classes: Sequence[str],
        preprocessor: str,
        blocks: Sequence[_Block],
        intercept: Sequence[float],
        thresholds: Sequence[tuple[str, tuple[str, ...], float]],
        card: Mapping[str, Any],
    ) -> None:
        self.classes = tuple(classes)
        self._preprocess = _PREPROCESSORS[preprocessor]
        self._blocks = tuple(blocks)
        self._intercept = tuple(intercept)
        # Insertion order is the order to test them in: most urgent level first.
        self.thresholds = MappingProxyType({name: value for name, _, value in thresholds})
        self.groups = MappingProxyType({name: group for name, group, _ in thresholds})
        self.card = MappingProxyType(dict(card))

    @classmethod
    def load(cls, path: Path) -> NgramNet:
        """The model in ``path``, parsed once per path (again only if the file changed)."""
        resolved = path.resolve()
        status = resolved.stat()
        stamp = (status.st_mtime_ns, status.st_size)
        with _CACHE_LOCK:
            cached = _CACHE.get(resolved)
        if cached is not None and cached[0] == stamp:
            return cached[1]
        with resolved.open(encoding="utf-8") as handle:
            net = cls._from_json(json.load(handle), resolved)
        with _CACHE_LOCK:
            _CACHE[resolved] = (stamp, net)
        return net

    @classmethod
    def _from_json(cls, data: Any, source: Path) -> NgramNet:
        def fail(why: str) -> ValueError:
            return ValueError(f"{source}: not a {FORMAT} model: {why}")

        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise fail("wrong or missing 'format'")
        try:
            classes = [str(name) for name in data["classes"]]
            intercept = [float(value) for value in data["intercept"]]
            preprocessor = str(data["preprocessor"])
            # Binary logistic regression keeps one row of weights (for classes[1]).
            width = 1 if len(classes) == 2 else len(classes)
            if len(intercept) != width:
                raise fail(f"{len(intercept)} intercepts for {len(classes)} classes")
            if preprocessor not in _PREPROCESSORS:
                raise fail(f"unknown preprocessor {preprocessor!r}")
            blocks = [cls._block(raw, width, fail) for raw in data["blocks"]]
            thresholds = [
                (str(t["level"]), tuple(str(c) for c in t["classes"]), float(t["threshold"]))
                for t in data["thresholds"]
            ]
            card = dict(data.get("card", {}))
        except (KeyError, TypeError) as error:
            raise fail(f"{type(error).__name__}: {error}") from error
        for _, group, _ in thresholds:
            if not set(group) <= set(classes):
                raise fail(f"threshold over unknown classes {group}")
        return cls(
            classes=classes,
            preprocessor=preprocessor,
            blocks=blocks,
            intercept=intercept,
            thresholds=thresholds,
            card=card,
        )

    @staticmethod
    def _block(raw: Any, width: int, fail: Callable[[str], ValueError]) -> _Block:
        analyzer = str(raw["analyzer"])
        if analyzer not in _ANALYZERS:
            raise fail(f"unknown analyzer {analyzer!r}")
        if raw.get("sublinear_tf") is not True or raw.get("norm") != "l2":
            raise fail("only sublinear tf with l2 norm is implemented")
        low, high = (int(n) for n in raw["ngram_range"])
        pattern = raw.get("token_pattern") if analyzer == "word" else None
        terms: dict[str, tuple[float, tuple[float, ...]]] = {}
        for row in raw["features"]:
            if len(row) != 2 + width:
                raise fail(f"feature row {row[:1]} has {len(row) - 2} weights, want {width}")
            terms[str(row[0])] = (float(row[1]), tuple(float(w) for w in row[2:]))
        return _Block(
            analyzer=analyzer,
            ngram_range=(low, high),
            token_pattern=re.compile(str(pattern)) if pattern is not None else None,
            terms=terms,
        )

    def probabilities(self, text: str) -> dict[str, float]:
        """P(class | text) for every class, as scikit-learn's ``predict_proba``."""
        prepared = self._preprocess(text)
        scores = list(self._intercept)
        for block in self._blocks:
            counts: dict[str, int] = {}
            terms = block.terms
            for gram in block.grams(prepared):
                if gram in terms:
                    counts[gram] = counts.get(gram, 0) + 1
            if not counts:
                continue  # an all-zero row stays zero under l2 normalisation
            squares = 0.0
            sums = [0.0] * len(scores)
            for gram, count in counts.items():
                idf, weights = terms[gram]
                value = (1.0 + math.log(count)) * idf  # sublinear tf times idf
                squares += value * value
                sums = [total + value * weight for total, weight in zip(sums, weights, strict=True)]
            norm = math.sqrt(squares)
            scores = [score + total / norm for score, total in zip(scores, sums, strict=True)]
        if len(self.classes) == 2:
            positive = _expit(scores[0])
            values = [1.0 - positive, positive]
        else:
            values = _softmax(scores)
        return dict(zip(self.classes, values, strict=True))

    def raised(self, probabilities: Mapping[str, float]) -> str | None:
        """The most urgent level whose summed probability reaches its threshold, if any."""
        for level, threshold in self.thresholds.items():
            if sum(probabilities[name] for name in self.groups[level]) >= threshold:
                return level
        return None


# Per resolved path: (mtime_ns, size) of the file parsed, and the model built from it.
_CACHE: dict[Path, tuple[tuple[int, int], NgramNet]] = {}
_CACHE_LOCK = threading.Lock()
