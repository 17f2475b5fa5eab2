"""``python -m bot check-offer``: screen one offer from stdin, or a JSONL file of them.

Output: one JSON object per offer on stdout with ``id``, ``lang``, ``risk``, ``score``,
``flags`` (each ``{"name", "evidence"}``), ``destination``, ``pay`` and ``contacts``.
Batch mode (``--jsonl FILE``) reads objects with ``text`` and optional ``lang`` and
``id``, shows progress on stderr, reports malformed lines by number and skips them;
the exit status is 1 if any line was malformed.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

from bot.offers.extract import analyse
from bot.offers.score import verdict


def screen(text: str, *, offer_id: str | None = None, lang: str | None = None) -> dict[str, Any]:
    analysis = analyse(text)
    result = verdict(analysis.flags)
    return {
        "id": offer_id,
        "lang": lang or analysis.language,
        "risk": result.risk,
        "score": result.score,
        "flags": [{"name": flag.id, "evidence": evidence} for flag, evidence in result.flags],
        "destination": analysis.destination,
        "pay": None
        if analysis.pay is None
        else {"amount": analysis.pay.amount, "currency": analysis.pay.currency},
        "contacts": list(analysis.contacts),
    }


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


def run_batch(path: Path, out: TextIO, errors: TextIO) -> int:
    """Screen every line; 0 if all were well formed, 1 otherwise."""
    with path.open(encoding="utf-8", errors="replace") as handle:
        total = sum(1 for line in handle if line.strip())
    bad = 0
    for done, (number, record) in enumerate(_records(path, errors), start=1):
        if record is None:
            bad += 1
        else:
            offer_id = record.get("id", number)
            lang = record.get("lang") if isinstance(record.get("lang"), str) else None
            result = screen(record["text"], offer_id=str(offer_id), lang=lang)
            out.write(json.dumps(result, ensure_ascii=False) + "\n")
        print(f"\rchecked {done}/{total}", end="", file=errors, flush=True)
    print(file=errors)
    if bad:
        print(f"{bad} malformed line(s) skipped", file=errors)
    return 1 if bad else 0


def run(
    jsonl: Path | None,
    stdin: TextIO = sys.stdin,
    out: TextIO = sys.stdout,
    errors: TextIO = sys.stderr,
) -> int:
    if jsonl is not None:
        return run_batch(jsonl, out, errors)
    text = stdin.read()
    if not text.strip():
        print("no offer text on stdin", file=errors)
        return 1
    out.write(json.dumps(screen(text, offer_id="stdin"), ensure_ascii=False) + "\n")
    return 0
