"""The glossary of key terms (``data/glossary.toml``): one word for one idea."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bot.content.datafile import read_entries
from bot.text.normalise import normalise

GLOSSARY_FILE = "glossary.toml"


class GlossaryError(ValueError):
    """The glossary file has a fault."""


@dataclass(frozen=True)
class Term:
    en: str
    ru: str
    tg: str
    tg_avoid: tuple[str, ...]


def load_glossary(data_dir: Path) -> tuple[Term, ...]:
    entries = read_entries(data_dir / GLOSSARY_FILE, "term", GlossaryError, required=False)
    terms = []
    for index, raw in enumerate(entries):
        if not isinstance(raw, dict) or not all(
            isinstance(raw.get(k), str) and raw[k] for k in ("en", "ru", "tg")
        ):
            raise GlossaryError(f"{GLOSSARY_FILE}: term #{index + 1} needs en, ru and tg")
        avoid = raw.get("tg_avoid", [])
        if not isinstance(avoid, list) or not all(isinstance(a, str) for a in avoid):
            raise GlossaryError(f"{GLOSSARY_FILE}: term {raw['en']!r}: tg_avoid is a list")
        terms.append(Term(raw["en"], raw["ru"], raw["tg"], tuple(avoid)))
    return tuple(terms)


def avoided_words(terms: tuple[Term, ...], tajik_text: str) -> list[tuple[Term, str]]:
    """(term, the Russian word used) for each avoided word found in a Tajik text."""
    padded = f" {normalise(tajik_text)} "
    return [
        (term, word) for term in terms for word in term.tg_avoid if f" {normalise(word)} " in padded
    ]
