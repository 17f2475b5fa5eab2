"""A Babel extractor for Safar's TOML files (flows and data), so the ordinary cycle

    pybabel extract -F babel.cfg -k N_ -o locales/messages.pot .
    pybabel update -i locales/messages.pot -d locales

covers flow texts, contact names and Python strings alike. Translatable keys are
``say``, ``sms``, ``label``, ``sms_label``, ``menu_label``, ``menu_sms_label``, ``name``,
``title`` and ``pages`` (texts or lists of texts); each message gets a comment saying
where it is used and, for ``sms``, that it must stay short.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterator, Mapping, Sequence
from typing import IO, Any

TRANSLATABLE_KEYS = frozenset(
    {"say", "sms", "label", "sms_label", "menu_label", "menu_sms_label", "name", "title", "pages"}
)

Extracted = tuple[int, str | None, str, list[str]]


def _walk(value: Any, path: str) -> Iterator[tuple[str, str, str]]:
    if isinstance(value, Mapping):
        for key, child in value.items():
            child_path = f"{path}.{key}" if path else str(key)
            if key in TRANSLATABLE_KEYS and isinstance(child, str):
                yield child_path, str(key), child
            elif (
                key in TRANSLATABLE_KEYS
                and isinstance(child, list)
                and all(isinstance(item, str) for item in child)
            ):
                for index, item in enumerate(child):
                    yield f"{child_path}[{index}]", str(key), item
            else:
                yield from _walk(child, child_path)
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _walk(child, f"{path}[{index}]")


def _line_of(lines: Sequence[str], text: str) -> int:
    first = text.splitlines()[0] if text else text
    for number, line in enumerate(lines, start=1):
        if first and first in line:
            return number
    return 0


def extract_toml(
    fileobj: IO[bytes],
    keywords: Any,
    comment_tags: Any,
    options: Mapping[str, Any],
) -> Iterator[Extracted]:
    """Babel extractor entry point (``babel.extractors`` ``safar_toml``)."""
    source = fileobj.read().decode("utf-8")
    lines = source.splitlines()
    for path, key, text in _walk(tomllib.loads(source), ""):
        comments = [f"safar: {path}"]
        if key == "sms":
            comments.append("SMS variant: keep it as short as the source.")
        yield _line_of(lines, text), None, text, comments
