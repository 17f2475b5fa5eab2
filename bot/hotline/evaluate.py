"""``python -m bot.hotline.evaluate FILE [--split dev|heldout|all]``: triage quality.

Prints, overall and per language and script (``lang``/``variant``), with Wilson 95%
intervals: P1 recall (a missed emergency is the worst error), how many real situations
(P1-P3) were read as ``none``, the exact priority, and false P1 on information and
spam; then recall and precision per priority and a confusion table (rows: the label;
columns: the triage). Input: JSONL with ``text`` and ``priority``, as the labelled set
in tests/data/triage.jsonl; organisations can run it on their own hidden sets.

``--menu`` adds the listener at the menu, on Telegram and SMS: how many immediate
dangers get the emergency numbers in the first reply, and how many information or
spam messages raise that alarm (bot/hotline/menu_check.py).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from bot import labelled
from bot.config.settings import load_settings
from bot.engine.resources import Resources
from bot.hotline.menu_check import CHANNELS, menu_targets
from bot.hotline.triage import PRIORITIES, triage
from bot.understanding.stats import wilson

SITUATIONS = ("P1", "P2", "P3")


@dataclass(frozen=True)
class TriageScores:
    confusion: dict[tuple[str, str], int]
    total: int

    def count(self, labels: Iterable[str], said: Iterable[str] | None = None) -> int:
        wanted = set(said) if said is not None else set(PRIORITIES)
        chosen = set(labels)
        return sum(n for (lab, s), n in self.confusion.items() if lab in chosen and s in wanted)

    def recall(self, level: str) -> float:
        truly = self.count([level])
        return self.confusion.get((level, level), 0) / truly if truly else 1.0

    def precision(self, level: str) -> float:
        said = sum(self.confusion.get((other, level), 0) for other in PRIORITIES)
        return self.confusion.get((level, level), 0) / said if said else 1.0

    @property
    def false_p1(self) -> int:
        """Messages raised to P1 that were not emergencies."""
        return self.count([p for p in PRIORITIES if p != "P1"], ["P1"])

    @property
    def exact(self) -> int:
        return sum(self.confusion.get((p, p), 0) for p in PRIORITIES)

    def targets(self) -> dict[str, tuple[int, int]]:
        """The issue's targets as (successes, trials)."""
        return {
            "P1 recall": (self.confusion.get(("P1", "P1"), 0), self.count(["P1"])),
            "P1-P3 read as none": (self.count(SITUATIONS, ["none"]), self.count(SITUATIONS)),
            "exact priority": (self.exact, self.total),
            "false P1 on P4/none": (self.count(["P4", "none"], ["P1"]), self.count(["P4", "none"])),
        }


def evaluate(records: list[dict[str, Any]], *, net: bool = True) -> TriageScores:
    confusion: Counter[tuple[str, str]] = Counter(
        (record["priority"], triage(record["text"], net=net).priority) for record in records
    )
    return TriageScores(dict(confusion), len(records))


def by_stratum(records: list[dict[str, Any]]) -> dict[str, TriageScores]:
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for record in records:
        groups[f"{record.get('lang', '?')}/{record.get('variant', '?')}"].append(record)
    return {name: evaluate(group) for name, group in sorted(groups.items())}


def interval(successes: int, trials: int) -> str:
    if not trials:
        return "      -"
    low, high = wilson(successes, trials)
    return f"{successes:3d}/{trials:<3d} {successes / trials:.2f} [{low:.2f}, {high:.2f}]"


def target_table(scores: Mapping[str, TriageScores]) -> list[str]:
    names = list(next(iter(scores.values())).targets()) if scores else []
    lines = [f"{'':12} " + " | ".join(f"{n:^26}" for n in names)]
    for stratum, score in scores.items():
        cells = [interval(*score.targets()[n]) for n in names]
        lines.append(f"{stratum:12} " + " | ".join(f"{c:26}" for c in cells))
    return lines


def report(scores: TriageScores, strata: Mapping[str, TriageScores] | None = None) -> str:
    lines = [f"{scores.total} messages; successes/trials, rate [Wilson 95%]", ""]
    lines += target_table({"all": scores, **(strata or {})})
    lines += ["", f"{'level':6} {'recall':>7} {'precision':>9}"]
    lines += [
        f"{level:6} {scores.recall(level):7.2f} {scores.precision(level):9.2f}"
        for level in PRIORITIES
    ]
    lines += ["", *labelled.confusion_table(scores.confusion, PRIORITIES, "triage")]
    return "\n".join(lines)


def menu_report(records: list[dict[str, Any]]) -> str:
    resources = Resources.load(load_settings())
    lines = ["", "at the menu (a new person's first message), first reply:"]
    for channel in CHANNELS:
        cells = [
            f"{n}: {interval(*v)}" for n, v in menu_targets(resources, records, channel).items()
        ]
        lines.append(f"  {channel:9} " + "   ".join(cells))
    return "\n".join(lines)


def main() -> None:
    labelled.main(
        __doc__.splitlines()[0],
        lambda records, chosen: (
            report(evaluate(records), by_stratum(records))
            + (menu_report(records) if "menu" in chosen else "")
        ),
        {"menu": "also the listener at the menu, on Telegram and SMS"},
    )


if __name__ == "__main__":
    main()
