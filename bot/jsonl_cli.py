"""Screening commands' shared input: one text from stdin, or a JSONL file of them.

Each JSONL line is an object with ``text`` and optional ``lang`` and ``id``. Results go
to stdout as JSON lines; progress, and malformed lines by number, go to stderr. The
exit status is 1 if any line was malformed (or stdin was empty).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TextIO

Screen = Callable[[str, str, str | None], dict[str, Any]]  # text, id, lang -> result


def _records(path: Path, errors: TextIO) -> Iterator[tuple[int, dict[str, Any] | None]]:
    with path.open(encoding="utf-8", errors="replace") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except ValueError as error:
                print(f"\nline {number}: not JSON ({error.args[0]})", file=errors)
                yield number, None
                continue
            if not isinstance(record, dict) or not isinstance(record.get("text"), str):
                print(f'\nline {number}: expected an object with a "text" string', file=errors)
                yield number, None
                continue
            yield number, record


def run_batch(path: Path, screen: Screen, out: TextIO, errors: TextIO) -> int:
    """Screen every line; 0 if all were well formed, 1 otherwise."""
    with path.open(encoding="utf-8", errors="replace") as handle:
        total = sum(1 for line in handle if line.strip())
    bad = 0
    for done, (number, record) in enumerate(_records(path, errors), start=1):
        if record is None:
            bad += 1
        else:
            lang = record.get("lang") if isinstance(record.get("lang"), str) else None
            result = screen(record["text"], str(record.get("id", number)), lang)
            out.write(json.dumps(result, ensure_ascii=False) + "\n")
        print(f"\rchecked {done}/{total}", end="", file=errors, flush=True)
    print(file=errors)
    if bad:
        print(f"{bad} malformed line(s) skipped", file=errors)
    return 1 if bad else 0


def run(screen: Screen, jsonl: Path | None, stdin: TextIO, out: TextIO, errors: TextIO) -> int:
    if jsonl is not None:
        return run_batch(jsonl, screen, out, errors)
    text = stdin.read()
    if not text.strip():
        print("no text on stdin", file=errors)
        return 1
    out.write(json.dumps(screen(text, "stdin", None), ensure_ascii=False) + "\n")
    return 0


def command(screen: Screen) -> Callable[..., int]:
    """A command's entry point: ``run(jsonl, stdin=..., out=..., errors=...)``."""

    def run_command(
        jsonl: Path | None,
        stdin: TextIO = sys.stdin,
        out: TextIO = sys.stdout,
        errors: TextIO = sys.stderr,
    ) -> int:
        return run(screen, jsonl, stdin, out, errors)

    return run_command
