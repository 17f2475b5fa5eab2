"""``python -m bot.offers.evaluate FILE [--split dev|heldout|all]``: how well the check does.

Reads labelled offers (JSONL with ``text``, ``risk`` and ``flags``) and prints precision
and recall per risk level, a confusion table (rows: the label; columns: the verdict)
and recall per flag. Tune patterns on the ``dev`` split only; the ``heldout`` split
measures what a new offer can expect.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from bot import labelled
from bot.offers.extract import analyse
from bot.offers.score import LEVELS, verdict


@dataclass(frozen=True)
class Scores:
    precision: dict[str, float]
    recall: dict[str, float]
    confusion: dict[tuple[str, str], int]  # (label, verdict) -> count
    flag_recall: dict[str, float]
    flag_precision: float
    total: int


def evaluate(records: list[dict[str, object]]) -> Scores:
    confusion: Counter[tuple[str, str]] = Counter()
    flag_hits: Counter[str] = Counter()
    flag_totals: Counter[str] = Counter()
    predicted_flags = correct_flags = 0
    for record in records:
        found = analyse(str(record["text"])).flags
        result = verdict(found)
        confusion[str(record["risk"]), result.risk] += 1
        expected = {str(f) for f in record.get("flags", [])}  # type: ignore[attr-defined]
        for flag in expected:
            flag_totals[flag] += 1
            flag_hits[flag] += flag in found
        predicted_flags += len(found)
        correct_flags += len(set(found) & expected)
    precision, recall = {}, {}
    for level in LEVELS:
        said = sum(confusion[other, level] for other in LEVELS)
        truly = sum(confusion[level, other] for other in LEVELS)
        precision[level] = confusion[level, level] / said if said else 1.0
        recall[level] = confusion[level, level] / truly if truly else 1.0
    return Scores(
        precision=precision,
        recall=recall,
        confusion=dict(confusion),
        flag_recall={f: flag_hits[f] / flag_totals[f] for f in sorted(flag_totals)},
        flag_precision=correct_flags / predicted_flags if predicted_flags else 1.0,
        total=len(records),
    )


def report(scores: Scores) -> str:
    lines = [f"{scores.total} offers", "", f"{'level':8} {'precision':>9} {'recall':>7}"]
    lines += [
        f"{level:8} {scores.precision[level]:9.2f} {scores.recall[level]:7.2f}" for level in LEVELS
    ]
    lines += ["", *labelled.confusion_table(scores.confusion, LEVELS, "verdict")]
    lines += ["", f"flag precision {scores.flag_precision:.2f}; recall per flag:"]
    lines += [f"  {flag:20} {value:.2f}" for flag, value in scores.flag_recall.items()]
    return "\n".join(lines)


def main() -> None:
    labelled.main(__doc__.splitlines()[0], lambda records: report(evaluate(records)))


if __name__ == "__main__":
    main()
