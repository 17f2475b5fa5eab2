"""``python -m bot.hotline.evaluate FILE [--split dev|heldout|all]``: triage quality.

Prints recall and precision per priority, a confusion table (rows: the label;
columns: the triage) and, because missing an emergency is the worst error, P1 recall
and how many messages that were not P1 were raised to P1 (the false alarms it costs).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from bot import labelled
from bot.hotline.triage import PRIORITIES, triage


@dataclass(frozen=True)
class TriageScores:
    confusion: dict[tuple[str, str], int]
    total: int

    def recall(self, level: str) -> float:
        truly = sum(self.confusion.get((level, other), 0) for other in PRIORITIES)
        return self.confusion.get((level, level), 0) / truly if truly else 1.0

    def precision(self, level: str) -> float:
        said = sum(self.confusion.get((other, level), 0) for other in PRIORITIES)
        return self.confusion.get((level, level), 0) / said if said else 1.0

    @property
    def false_p1(self) -> int:
        """Messages raised to P1 that were not emergencies."""
        return sum(
            n for (label, said), n in self.confusion.items() if said == "P1" and label != "P1"
        )


def evaluate(records: list[dict[str, str]]) -> TriageScores:
    confusion: Counter[tuple[str, str]] = Counter(
        (record["priority"], triage(record["text"]).priority) for record in records
    )
    return TriageScores(dict(confusion), len(records))


def report(scores: TriageScores) -> str:
    lines = [f"{scores.total} messages", "", f"{'level':6} {'recall':>7} {'precision':>9}"]
    lines += [
        f"{level:6} {scores.recall(level):7.2f} {scores.precision(level):9.2f}"
        for level in PRIORITIES
    ]
    lines += ["", *labelled.confusion_table(scores.confusion, PRIORITIES, "triage")]
    lines += [
        "",
        f"P1 recall {scores.recall('P1'):.2f}; "
        f"{scores.false_p1} message(s) raised to P1 that were not emergencies",
    ]
    return "\n".join(lines)


def main() -> None:
    labelled.main(__doc__.splitlines()[0], lambda records: report(evaluate(records)))


if __name__ == "__main__":
    main()
