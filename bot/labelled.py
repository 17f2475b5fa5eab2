"""Shared by the evaluation scripts: labelled JSONL sets, splits, confusion tables."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any


def load(path: Path, split: str) -> list[dict[str, Any]]:
    """The records of one split ("dev", "heldout") or "all"."""
    with path.open(encoding="utf-8") as handle:
        records = [json.loads(line) for line in handle if line.strip()]
    return [r for r in records if split == "all" or r.get("split") == split]


def confusion_table(
    confusion: Mapping[tuple[str, str], int], levels: Sequence[str], columns: str
) -> list[str]:
    """Rows: the label; columns: what the model said."""
    width = max(5, *(len(level) for level in levels))
    lines = [
        f"confusion (rows: label, columns: {columns})",
        f"{'':8} " + " ".join(f"{level:>{width}}" for level in levels),
    ]
    for label in levels:
        row = " ".join(f"{confusion.get((label, said), 0):{width}d}" for said in levels)
        lines.append(f"{label:8} {row}")
    return lines


def main(
    description: str,
    run: Callable[[list[dict[str, Any]], frozenset[str]], str],
    flags: Mapping[str, str] | None = None,
) -> None:
    """``FILE [--split dev|heldout|all] [--FLAG ...]``: print ``run(records, chosen)``,
    ``chosen`` the names of the ``flags`` (name -> help) given."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("file", type=Path)
    parser.add_argument("--split", choices=["dev", "heldout", "all"], default="dev")
    for name, help_text in (flags or {}).items():
        parser.add_argument(f"--{name}", action="store_true", help=help_text)
    args = parser.parse_args()
    chosen = frozenset(name for name in flags or {} if getattr(args, name))
    print(run(load(args.file, args.split), chosen))
