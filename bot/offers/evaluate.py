"""``python -m bot.offers.evaluate FILE [--split dev|heldout|all]``: how well the check does.

Reads labelled offers (JSONL with ``text``, ``lang``, ``variant``, ``risk`` and
``flags``) and prints, overall, per language and per variant (spelling), with Wilson
95% intervals (bot/understanding/stats.py), the figures issue #12 sets targets for:

* risky offers (labelled high or danger) told ``low``: at most 3%;
* risky recall, risky offers told high or danger: at least 0.90 in each language;
* legitimate offers (labelled low) told high or danger: at most 0.20;
* legitimate offers told low: at least 0.50.

Then a confusion table (rows: the label; columns: the verdict), precision and recall
per level, recall per flag, and the words' verdict without the statistical net. Tune
on the ``dev`` split only; the ``heldout`` split measures what a new offer can expect.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from bot import labelled
from bot.offers.assess import assess
from bot.offers.score import LEVELS
from bot.understanding.stats import wilson

RISKY = frozenset({"high", "danger"})
LEGIT = frozenset({"low"})


@dataclass(frozen=True)
class Rate:
    """``hits`` of ``n``, with its Wilson 95% interval."""

    hits: int
    n: int

    @property
    def value(self) -> float | None:
        return self.hits / self.n if self.n else None

    @property
    def interval(self) -> tuple[float, float]:
        return wilson(self.hits, self.n)

    def __str__(self) -> str:
        if not self.n:
            return "-"
        low, high = self.interval
        return f"{self.hits}/{self.n} = {self.hits / self.n:.2f} [{low:.2f}, {high:.2f}]"


@dataclass(frozen=True)
class Target:
    name: str
    rate: str  # the Rates field it reads
    bound: float
    at_least: bool  # the rate must be at least the bound (else at most)
    scope: str  # "overall" or "each language"

    def met(self, rate: Rate) -> bool | None:
        if rate.value is None:
            return None
        return rate.value >= self.bound if self.at_least else rate.value <= self.bound


TARGETS = (
    Target("risky told low", "risky_low", 0.03, at_least=False, scope="overall"),
    Target("risky recall", "risky_recall", 0.90, at_least=True, scope="each language"),
    Target("legit told high/danger", "legit_alarm", 0.20, at_least=False, scope="overall"),
    Target("legit told low", "legit_low", 0.50, at_least=True, scope="overall"),
)


@dataclass(frozen=True)
class Rates:
    n: int
    risky_low: Rate  # labelled high|danger, told low
    risky_recall: Rate  # labelled high|danger, told high|danger
    legit_alarm: Rate  # labelled low, told high|danger
    legit_low: Rate  # labelled low, told low
    exact: Rate  # the level exactly right


def rates(pairs: Sequence[tuple[str, str]]) -> Rates:
    """From (label, verdict) pairs."""
    risky = [said for label, said in pairs if label in RISKY]
    legit = [said for label, said in pairs if label in LEGIT]
    return Rates(
        n=len(pairs),
        risky_low=Rate(sum(s == "low" for s in risky), len(risky)),
        risky_recall=Rate(sum(s in RISKY for s in risky), len(risky)),
        legit_alarm=Rate(sum(s in RISKY for s in legit), len(legit)),
        legit_low=Rate(sum(s == "low" for s in legit), len(legit)),
        exact=Rate(sum(label == said for label, said in pairs), len(pairs)),
    )


@dataclass(frozen=True)
class Scores:
    precision: dict[str, float]
    recall: dict[str, float]
    confusion: dict[tuple[str, str], int]  # (label, verdict) -> count
    flag_recall: dict[str, float]
    flag_precision: float
    total: int
    overall: Rates
    by_language: dict[str, Rates] = field(default_factory=dict)
    by_variant: dict[str, Rates] = field(default_factory=dict)
    words_alone: Rates | None = None  # the same figures without the net
    net_raised: int = 0  # verdicts the net raised to caution


def _grouped(
    records: Sequence[Mapping[str, Any]], said: Sequence[str], key: Callable[[Any], str]
) -> dict[str, Rates]:
    groups: dict[str, list[tuple[str, str]]] = {}
    for record, verdict in zip(records, said, strict=True):
        groups.setdefault(key(record), []).append((str(record["risk"]), verdict))
    return {name: rates(pairs) for name, pairs in sorted(groups.items())}


def evaluate(records: list[dict[str, Any]]) -> Scores:
    confusion: Counter[tuple[str, str]] = Counter()
    flag_hits: Counter[str] = Counter()
    flag_totals: Counter[str] = Counter()
    predicted_flags = correct_flags = raised = 0
    said: list[str] = []
    alone: list[str] = []
    for record in records:
        result = assess(str(record["text"]))
        found = result.analysis.flags
        confusion[str(record["risk"]), result.risk] += 1
        said.append(result.risk)
        alone.append(result.rules_risk)
        raised += result.net
        expected = {str(f) for f in record.get("flags", [])}
        for flag in expected:
            flag_totals[flag] += 1
            flag_hits[flag] += flag in found
        predicted_flags += len(found)
        correct_flags += len(set(found) & expected)
    precision, recall = {}, {}
    for level in LEVELS:
        told = sum(confusion[other, level] for other in LEVELS)
        truly = sum(confusion[level, other] for other in LEVELS)
        precision[level] = confusion[level, level] / told if told else 1.0
        recall[level] = confusion[level, level] / truly if truly else 1.0
    labels = [str(r["risk"]) for r in records]
    return Scores(
        precision=precision,
        recall=recall,
        confusion=dict(confusion),
        flag_recall={f: flag_hits[f] / flag_totals[f] for f in sorted(flag_totals)},
        flag_precision=correct_flags / predicted_flags if predicted_flags else 1.0,
        total=len(records),
        overall=rates(list(zip(labels, said, strict=True))),
        by_language=_grouped(records, said, lambda r: str(r.get("lang", "?"))),
        by_variant=_grouped(
            records, said, lambda r: f"{r.get('lang', '?')}/{r.get('variant', '?')}"
        ),
        words_alone=rates(list(zip(labels, alone, strict=True))),
        net_raised=raised,
    )


def targets_met(scores: Scores) -> dict[str, bool | None]:
    """Each target: met, missed, or None where the split has no such offers."""
    met: dict[str, bool | None] = {}
    for target in TARGETS:
        groups: Iterable[Rates] = (
            scores.by_language.values() if target.scope == "each language" else [scores.overall]
        )
        results = [target.met(getattr(group, target.rate)) for group in groups]
        known = [r for r in results if r is not None]
        met[target.name] = all(known) if known else None
    return met


def _table(title: str, groups: Mapping[str, Rates]) -> list[str]:
    lines = [title]
    for name, group in groups.items():
        lines.append(f"  {name:12} n={group.n}")
        lines += [
            f"    {'risky told low':24} {group.risky_low}",
            f"    {'risky recall':24} {group.risky_recall}",
            f"    {'legit told high/danger':24} {group.legit_alarm}",
            f"    {'legit told low':24} {group.legit_low}",
            f"    {'exact level':24} {group.exact}",
        ]
    return lines


def report(scores: Scores) -> str:
    lines = [f"{scores.total} offers (Wilson 95% intervals)", "", "targets:"]
    met = targets_met(scores)
    for target in TARGETS:
        sign = ">=" if target.at_least else "<="
        verdict = {True: "met", False: "MISSED", None: "no data"}[met[target.name]]
        lines.append(f"  {target.name:24} {sign} {target.bound:.2f} {target.scope:14} {verdict}")
    lines += ["", *_table("overall", {"all": scores.overall})]
    lines += ["", *_table("per language", scores.by_language)]
    lines += ["", *_table("per variant", scores.by_variant)]
    lines += ["", f"{'level':8} {'precision':>9} {'recall':>7}"]
    lines += [
        f"{level:8} {scores.precision[level]:9.2f} {scores.recall[level]:7.2f}" for level in LEVELS
    ]
    lines += ["", *labelled.confusion_table(scores.confusion, LEVELS, "verdict")]
    if scores.words_alone is not None:
        alone = scores.words_alone
        lines += [
            "",
            f"the words alone (the net raised {scores.net_raised} to caution):",
            f"  risky told low {alone.risky_low}; risky recall {alone.risky_recall}",
            f"  legit told high/danger {alone.legit_alarm}; legit told low {alone.legit_low}",
        ]
    lines += ["", f"flag precision {scores.flag_precision:.2f}; recall per flag:"]
    lines += [f"  {flag:20} {value:.2f}" for flag, value in scores.flag_recall.items()]
    return "\n".join(lines)


def main() -> None:
    labelled.main(__doc__.splitlines()[0], lambda records, _: report(evaluate(records)))


if __name__ == "__main__":
    main()
