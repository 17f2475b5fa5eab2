"""Reading the list files under data/ (contacts, topics, glossary, agencies) alike."""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from pathlib import Path
from typing import Any


def read_entries(
    path: Path, table: str, error: type[ValueError], *, required: bool = True
) -> list[Any]:
    """The ``[[table]]`` entries of a TOML file; faults raise ``error`` naming the file.

    A missing optional file has no entries; a missing required one is a fault.
    """
    if not path.exists() and not required:
        return []
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as problem:
        msg = f"{path.name}: cannot be read: {problem}"
        raise error(msg) from problem
    entries = data.get(table, [])
    if not isinstance(entries, list):
        msg = f"{path.name}: expected [[{table}]] entries"
        raise error(msg)
    return entries


def reject_duplicates(file: str, kind: str, ids: Iterable[str], error: type[ValueError]) -> None:
    """Raise ``error`` if an id appears twice: the second entry would be silently lost."""
    seen: set[str] = set()
    for entry_id in ids:
        if entry_id in seen:
            msg = f"{file}: {kind} {entry_id!r} appears twice"
            raise error(msg)
        seen.add(entry_id)
